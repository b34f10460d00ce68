"""``intimacy learn``: one lesson, step by step, with a quiz and reflections."""

from __future__ import annotations

from typing import Annotated

import typer

from intimacy_cli.base.errors import NeedsTerminal, UsageProblem
from intimacy_cli.commands.completion import lesson_ids
from intimacy_cli.commands.homework_items import start_item
from intimacy_cli.commands.options import HomeworkOption
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
    homework: HomeworkOption = None,
) -> None:
    """Learn a lesson one section at a time, check your understanding, and reflect.

    After each section, Enter goes on; you can also go back a section, read it
    again, or jump to the quiz or the reflections. Every answer is saved the
    moment you give it. Stop at any time ("Stop here", or Ctrl-C): what you
    answered is kept, and the next 'learn' offers to pick up there.
    Needs a terminal; to save reflections without one, use 'intimacy reflect
    LESSON --answers FILE'.

    Examples:

        intimacy learn

        intimacy learn welcome

        intimacy learn --homework week-3:1
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
    if homework is not None:
        started = start_item(state, journal, homework, ("lesson", "reflections"), "learn")
        if lesson is not None and started.lesson is not None and lesson.id != started.lesson.id:
            raise UsageProblem(
                f"--homework {homework} is about the lesson '{started.lesson.id}', "
                f"not '{lesson.id}'"
            )
        lesson = started.lesson
    if lesson is None:
        lesson = pick_lesson(catalogue, journal, prompter)
    if lesson is not None:
        run_lesson(lesson, journal, prompter, catalogue)
