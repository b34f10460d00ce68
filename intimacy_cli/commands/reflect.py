"""``intimacy reflect``: a lesson's reflection questions only, asked or supplied."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from intimacy_cli.base.errors import NeedsTerminal
from intimacy_cli.base.limits import MAX_INPUT_BYTES
from intimacy_cli.commands.completion import lesson_ids
from intimacy_cli.commands.state import AppState, app_state, journal_for

if TYPE_CHECKING:
    from intimacy_cli.content.model import Lesson


def reflect(
    ctx: typer.Context,
    lesson_id: Annotated[
        str, typer.Argument(metavar="LESSON", help="Lesson id.", autocompletion=lesson_ids)
    ],
    answers: Annotated[
        str | None,
        typer.Option(
            "--answers",
            metavar="FILE",
            help="JSON or YAML mapping of reflection id to answer ('-' reads stdin). "
            "Nothing is saved unless every answer is valid.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Answer a lesson's reflection questions on their own, without the lesson and quiz.

    In a terminal each question is asked in turn and can be skipped. With
    --answers the answers come from a file (see 'intimacy read LESSON --json'
    for the ids, kinds and options), for scripts and homework.

    Examples:

        intimacy reflect welcome

        intimacy reflect welcome --answers answers.yaml

        echo '{"comfort-now": 6}' | intimacy reflect welcome --answers -
    """
    from intimacy_cli.ui.prompter import open_prompter

    state = app_state(ctx)
    lesson = state.catalogue().get(lesson_id)
    if answers is not None:
        _save_supplied(state, lesson, answers)
        return
    prompter = open_prompter()
    if prompter is None:
        raise NeedsTerminal(
            "'reflect' needs a terminal to ask its questions, or answers from a file",
            hint=f"try: intimacy reflect {lesson.id} --answers answers.yaml, or --answers - "
            "to read them from stdin",
        )
    from intimacy_cli.flows.reflecting import reflect as run_reflections

    run_reflections(lesson, journal_for(state), prompter)


def _save_supplied(state: AppState, lesson: Lesson, answers: str) -> None:
    from intimacy_cli.content.answers import parse_answers
    from intimacy_cli.flows.reflecting import save_supplied
    from intimacy_cli.ui.text_input import read_text, source_name
    from intimacy_cli.ui.views.screens import show_closing

    source = source_name(answers)
    supplied = parse_answers(read_text(answers, limit=MAX_INPUT_BYTES), source)
    saved = save_supplied(lesson, journal_for(state), supplied, source)
    show_closing(lesson, quiz=0, reflections=len(saved))
