"""``intimacy lessons``: the catalogue."""

from __future__ import annotations

from typing import Annotated

import typer

from intimacy_cli.commands.state import app_state


def lessons(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the catalogue as JSON.")] = False,
) -> None:
    """List the lessons in order: title, reading time and a one-line summary.

    Examples:

        intimacy lessons

        intimacy lessons --json | jq -r '.[].id'
    """
    catalogue = app_state(ctx).catalogue()
    if as_json:
        from intimacy_cli.ui.json_output import emit_json

        emit_json(
            [
                {
                    "id": lesson.id,
                    "order": lesson.order,
                    "title": lesson.title,
                    "summary": lesson.summary,
                    "minutes": lesson.minutes,
                    "track": lesson.track,
                    "content_note": lesson.content_note,
                }
                for lesson in catalogue.lessons
            ]
        )
        return
    from rich.table import Table

    from intimacy_cli.ui import console

    table = Table(box=None, pad_edge=False, show_header=True, header_style="bold")
    table.add_column("#", justify="right", style="dim")
    table.add_column("Lesson", overflow="fold")
    table.add_column("Min", justify="right")
    table.add_column("What it covers", overflow="fold")
    for number, lesson in enumerate(catalogue.lessons, 1):
        title = console.literal(lesson.title, style="bold")
        title.append("\n")
        title.append(console.literal(lesson.id, style="cyan"))
        table.add_row(str(number), title, str(lesson.minutes), console.literal(lesson.summary))
    console.out().print(table)
    console.note(
        "Read one with 'intimacy read ID', or learn it step by step with 'intimacy learn ID'."
    )
