"""``intimacy learn``: one lesson, step by step, with a quiz and reflections."""

from __future__ import annotations

from typing import Annotated

import typer

from intimacy_cli.base.errors import NeedsTerminal
from intimacy_cli.commands.completion import lesson_ids
from intimacy_cli.commands.state import app_state, journal_for


def learn(
    ctx: typer.Context,
    lesson_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[LESSON]",
            help="Lesson id. Without it, pick from the list.",
            autocompletion=lesson_ids,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Learn a lesson one section at a time, check your understanding, and reflect.

    Every answer is saved the moment you give it. Stop at any time with Ctrl-C:
    what you answered is kept, and the next 'learn' offers to pick up there.
    Needs a terminal; to save reflections without one, use 'intimacy reflect
    LESSON --answers FILE'.

    Examples:

        intimacy learn

        intimacy learn welcome
    """
    from intimacy_cli.flows.learning import learn as run_lesson
    from intimacy_cli.flows.learning import pick_lesson
    from intimacy_cli.ui.prompter import open_prompter

    state = app_state(ctx)
    catalogue = state.catalogue()
    lesson = catalogue.get(lesson_id) if lesson_id else None
    prompter = open_prompter()
    if prompter is None:
        raise NeedsTerminal(
            "'learn' asks questions as it goes, so it needs a terminal",
            hint="read a lesson with 'intimacy read LESSON'; save reflections with "
            "'intimacy reflect LESSON --answers FILE'",
        )
    journal = journal_for(state)
    if lesson is None:
        lesson = pick_lesson(catalogue, journal, prompter)
    if lesson is not None:
        run_lesson(lesson, journal, prompter)
