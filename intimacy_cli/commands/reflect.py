"""``intimacy reflect``: a lesson's reflection questions only, asked or supplied."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from intimacy_cli.base.errors import NeedsTerminal, UsageProblem
from intimacy_cli.base.limits import MAX_INPUT_BYTES
from intimacy_cli.commands.completion import lesson_ids
from intimacy_cli.commands.homework_items import start_item
from intimacy_cli.commands.options import HomeworkOption
from intimacy_cli.commands.state import app_state, journal_for

if TYPE_CHECKING:
    from intimacy_cli.content.homework import ItemKind
    from intimacy_cli.content.model import Lesson
    from intimacy_cli.store import Journal

# The homework items reflect does: a lesson's reflections, or some of them.
REFLECTING: tuple[ItemKind, ...] = ("reflections", "lesson")


def reflect(
    ctx: typer.Context,
    lesson_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[LESSON]",
            help="Lesson id (with --homework, the item's lesson).",
            autocompletion=lesson_ids,
            show_default=False,
        ),
    ] = None,
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
    homework: HomeworkOption = None,
) -> None:
    """Answer a lesson's reflection questions on their own, without the lesson and quiz.

    In a terminal each question is asked in turn and can be skipped. With
    --answers the answers come from a file (see 'intimacy read LESSON --json'
    for the ids, kinds and options), for scripts and homework. Every problem
    in the file is listed at once. Options may differ in case and spaces, a
    scale's number may be quoted ("7"), and a single option may stand for a
    list of one.

    Examples:

        intimacy reflect welcome

        intimacy reflect welcome --answers answers.yaml

        echo '{"comfort-now": 6}' | intimacy reflect welcome --answers -

        intimacy reflect --homework week-3:1
    """
    from intimacy_cli.ui.prompter import open_prompter

    state = app_state(ctx)
    only: tuple[str, ...] = ()
    # Opened first with --homework: the journal links every answer it saves to the item.
    journal = journal_for(state) if homework is not None else None
    if homework is not None:
        assert journal is not None
        started = start_item(state, journal, homework, REFLECTING, "reflect")
        assert started.lesson is not None  # lesson and reflections items name one
        if lesson_id is not None and lesson_id != started.lesson.id:
            raise UsageProblem(
                f"--homework {homework} is about the lesson '{started.lesson.id}', "
                f"not '{lesson_id}'"
            )
        lesson, only = started.lesson, started.item.reflections
    elif lesson_id is None:
        raise UsageProblem("which lesson? give its id, e.g. intimacy reflect welcome")
    else:
        lesson = state.catalogue().get(lesson_id)
    if answers is not None:
        _save_supplied(journal or journal_for(state), lesson, answers)
        return
    prompter = open_prompter()
    if prompter is None:
        raise NeedsTerminal(
            "'reflect' needs a terminal to ask its questions, or answers from a file",
            hint=f"try: intimacy reflect {lesson.id} --answers answers.yaml, or --answers - "
            "to read them from stdin",
        )
    from intimacy_cli.flows.reflecting import reflect as run_reflections

    run_reflections(lesson, journal or journal_for(state), prompter, only=only)


def _save_supplied(journal: Journal, lesson: Lesson, answers: str) -> None:
    from intimacy_cli.content.answers import InvalidAnswers, parse_answers
    from intimacy_cli.flows.reflecting import save_supplied
    from intimacy_cli.ui.text_input import read_text, source_name
    from intimacy_cli.ui.views.screens import show_closing

    source = source_name(answers)
    supplied = parse_answers(read_text(answers, limit=MAX_INPUT_BYTES), source)
    try:
        saved = save_supplied(lesson, journal, supplied, source)
    except InvalidAnswers as invalid:
        if len(invalid.problems) > 1:  # one problem is said by the error line itself
            from intimacy_cli.ui import console

            for problem in invalid.problems:
                console.err().print(console.literal(problem), soft_wrap=True)
        raise
    show_closing(lesson, quiz=0, reflections=len(saved))
