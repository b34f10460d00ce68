"""``intimacy read``: a whole lesson, printed without asking anything."""

from __future__ import annotations

from typing import Annotated

import typer

from intimacy_cli.commands.completion import lesson_ids
from intimacy_cli.commands.options import NoPager
from intimacy_cli.commands.state import app_state


def read(
    ctx: typer.Context,
    lesson_id: Annotated[
        str, typer.Argument(metavar="LESSON", help="Lesson id.", autocompletion=lesson_ids)
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the full lesson structure as JSON.")
    ] = False,
    no_pager: NoPager = False,
) -> None:
    """Print a whole lesson: sections, key points, myths and sources.

    In a terminal the lesson is formatted, and a lesson taller than the screen
    goes through a pager (as review does); piped, it is plain Markdown.

    Examples:

        intimacy read oxytocin

        intimacy read oxytocin > oxytocin.md

        intimacy read oxytocin --json
    """
    lesson = app_state(ctx).catalogue().get(lesson_id)
    if as_json:
        from intimacy_cli.transfer import shapes
        from intimacy_cli.ui.json_output import emit_json

        emit_json(shapes.lesson_dict(lesson))
        return
    from intimacy_cli.ui import console
    from intimacy_cli.ui.views.lesson import lesson_markdown, markdown_view, print_markdown

    if not console.out().is_terminal:
        print_markdown(lesson_markdown(lesson))
        return
    from intimacy_cli.ui.pager import print_paged

    print_paged(markdown_view(lesson_markdown(lesson)), use_pager=not no_pager)
