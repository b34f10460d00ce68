"""``intimacy edit``: change the answer of one saved entry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from intimacy_cli.base.errors import IntimacyError
from intimacy_cli.commands.options import EntryId
from intimacy_cli.commands.selection import resolve
from intimacy_cli.commands.state import AppState, app_state, journal_for
from intimacy_cli.reports.entry_text import short_id

if TYPE_CHECKING:
    from intimacy_cli.content.model import QuizQuestion, Reflection
    from intimacy_cli.store import Entry


def edit(
    ctx: typer.Context,
    entry_id: EntryId,
    use_editor: Annotated[
        bool, typer.Option("--editor", "-e", help="Edit in $VISUAL or $EDITOR.")
    ] = False,
) -> None:
    """Change what you answered; the entry keeps the date it was written.

    In a terminal you get the old answer to change in place, or in your own
    editor with --editor. Without a terminal, the new answer is read from stdin.
    Several choices are separated by "; ". A scale answer stays a number. A
    quiz answer is picked again from its choices, and whether it is right is
    worked out anew.

    Examples:

        intimacy edit 3f9a2c1b

        intimacy edit 3f9a --editor

        echo "Calmer than I thought." | intimacy edit 3f9a
    """
    from intimacy_cli.flows.editing import new_answer, new_quiz_answer
    from intimacy_cli.flows.saving import update_entry
    from intimacy_cli.ui import console, prompter

    state = app_state(ctx)
    journal = journal_for(state)
    [entry] = resolve(journal, [entry_id])
    ask = None if use_editor else prompter.open_prompter()
    if entry.kind == "quiz":
        question = _quiz_question(state, entry)
        if question is None:
            raise IntimacyError(
                f"this quiz answer cannot be changed: its question is no longer in lesson "
                f"'{entry.lesson or '?'}', so a new answer could not be checked",
                hint=f"'intimacy delete {short_id(entry)}' removes it",
            )
        choice = new_quiz_answer(journal, entry, question, ask, use_editor=use_editor)
        if choice == entry.answer:
            console.note(NO_CHANGE)
            return
        right = question.is_correct(choice)
        update_entry(journal, entry.id, choice, correct=right)
        verdict = "right" if right else f"not the expected answer, which is: {question.answer}"
        console.note(f"Saved the new answer for {short_id(entry)} ({verdict}).")
        return
    answer = new_answer(journal, entry, _reflection(state, entry), ask, use_editor=use_editor)
    if answer == entry.answer:
        console.note(NO_CHANGE)
        return
    update_entry(journal, entry.id, answer)
    console.note(f"Saved the new answer for {short_id(entry)}.")


NO_CHANGE = "No change; the entry is kept as it was."


def _reflection(state: AppState, entry: Entry) -> Reflection | None:
    """The question this entry answers, if its lesson is still available."""
    lesson = state.lesson_or_none(entry.lesson) if entry.lesson else None
    return lesson.reflection(entry.question_id) if lesson and entry.question_id else None


def _quiz_question(state: AppState, entry: Entry) -> QuizQuestion | None:
    """The quiz question this entry answers, if its lesson still has it."""
    lesson = state.lesson_or_none(entry.lesson) if entry.lesson else None
    if lesson is None:
        return None
    return next((q for q in lesson.quiz if q.id == entry.question_id), None)
