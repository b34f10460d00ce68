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
    from intimacy_cli.content.model import Reflection
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
    Several choices are separated by "; ". A scale answer stays a number.

    Examples:

        intimacy edit 3f9a2c1b

        intimacy edit 3f9a --editor

        echo "Calmer than I thought." | intimacy edit 3f9a
    """
    from intimacy_cli.flows.editing import new_answer
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
    ask = None if use_editor else prompter.open_prompter()
    answer = new_answer(journal, entry, _reflection(state, entry), ask, use_editor=use_editor)
    if answer == entry.answer:
        console.note("No change; the entry is as it was.")
        return
    update_entry(journal, entry.id, answer)
    console.note(f"Saved the new answer for {short_id(entry)}.")


def _reflection(state: AppState, entry: Entry) -> Reflection | None:
    """The question this entry answers, if its lesson is still available."""
    lesson = state.lesson_or_none(entry.lesson) if entry.lesson else None
    return lesson.reflection(entry.question_id) if lesson and entry.question_id else None
