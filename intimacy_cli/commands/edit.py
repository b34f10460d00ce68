"""``intimacy edit``: change the answer of one saved entry."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from intimacy_cli.base.errors import IntimacyError, NeedsTerminal
from intimacy_cli.commands.selection import resolve
from intimacy_cli.commands.state import AppState, app_state, journal_for
from intimacy_cli.reports.entry_text import question_text, short_id

if TYPE_CHECKING:
    from intimacy_cli.content.model import Reflection
    from intimacy_cli.store import Entry, Journal
    from intimacy_cli.store.entry import Answer
    from intimacy_cli.ui.prompter import Prompter


def edit(
    ctx: typer.Context,
    entry_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="Entry id, or enough of its start to be unique."),
    ],
    use_editor: Annotated[
        bool, typer.Option("--editor", "-e", help="Edit in $VISUAL or $EDITOR.")
    ] = False,
) -> None:
    """Change what you answered; the entry keeps the date it was written.

    In a terminal you get the old answer to change in place, or in your own
    editor with --editor. Without a terminal, the new answer is read from stdin.
    Several choices are separated by "; ". A scale answer stays a number.

    Examples:

        intimacy edit 3f9a2c1b

        intimacy edit 3f9a --editor

        echo "Calmer than I thought." | intimacy edit 3f9a
    """
    from intimacy_cli.flows.reflecting import ask_reflection
    from intimacy_cli.flows.saving import update_entry
    from intimacy_cli.ui import console, prompter

    state = app_state(ctx)
    journal = journal_for(state)
    [entry] = resolve(journal, [entry_id])
    if entry.kind == "quiz":
        raise IntimacyError(
            "quiz answers cannot be edited: they record how the quiz went",
            hint=f"'intimacy delete {short_id(entry)}' removes it",
        )
    reflection = _reflection(state, entry)
    ask = None if use_editor else prompter.open_prompter()
    if ask is not None and reflection is not None and reflection.kind in PICKED:
        # The same picker the lesson used: no typing an option's exact spelling.
        picked = ask_reflection(ask, reflection)
        answer = entry.answer if picked is None else picked
    else:
        answer = _parse(_new_text(journal, entry, use_editor, ask), entry, reflection)
    if answer == entry.answer:
        console.note("No change; the entry is as it was.")
        return
    update_entry(journal, entry.id, answer)
    console.note(f"Saved the new answer for {short_id(entry)}.")


# Answers to these are picked from the question's options, not typed.
PICKED = ("scale", "choice", "multi_choice", "emotions")
EDIT_LINE_HELP = "(change the text, then Enter)"
EDIT_LINES_HELP = "(change the text; Esc then Enter, or Alt+Enter, to save)"


def _new_text(journal: Journal, entry: Entry, use_editor: bool, ask: Prompter | None) -> str:
    from intimacy_cli.store.entry import answer_text
    from intimacy_cli.ui import editor
    from intimacy_cli.ui.text_input import STDIN, read_text

    old = answer_text(entry.answer)
    if use_editor:
        text = editor.edit_text(journal, old)
    elif ask is not None and "\n" in old:
        text = ask.long_text(question_text(entry), instruction=EDIT_LINES_HELP, initial=old) or ""
    elif ask is not None:
        text = ask.text(question_text(entry), instruction=EDIT_LINE_HELP, initial=old) or ""
    elif sys.stdin.isatty():
        raise NeedsTerminal(
            "edit needs a terminal, or the new answer on stdin",
            hint=f"echo 'new answer' | intimacy edit {short_id(entry)}",
        )
    else:
        text = read_text(STDIN)
    return text.rstrip()


def _reflection(state: AppState, entry: Entry) -> Reflection | None:
    """The question this entry answers, if its lesson is still available."""
    lesson = state.lesson_or_none(entry.lesson) if entry.lesson else None
    return lesson.reflection(entry.prompt_id) if lesson and entry.prompt_id else None


def _parse(text: str, entry: Entry, reflection: Reflection | None) -> Answer:
    """The new text as an answer that fits the question (or, when its lesson is
    gone, the old answer's type); never empty."""
    from intimacy_cli.content.answers import answer_from_text

    if not text.strip():
        raise IntimacyError(
            "an empty answer would erase what you wrote; nothing was changed",
            hint=f"to remove the entry, use 'intimacy delete {short_id(entry)}'",
        )
    try:
        return answer_from_text(text, reflection, entry.answer)
    except ValueError as problem:
        raise IntimacyError(f"the new answer was not saved: {problem}") from None
