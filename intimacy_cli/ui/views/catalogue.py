"""The lesson catalogue as a table, grouped by track."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from intimacy_cli.content.model import TRACKS, Lesson
from intimacy_cli.ui import console

if TYPE_CHECKING:
    from rich.table import Table


def catalogue_table(lessons: Sequence[Lesson]) -> Table:
    """Number, title and id, minutes and summary; a heading row per track."""
    from rich.table import Table

    table = Table(box=None, pad_edge=False, show_header=True, header_style="bold")
    table.add_column("#", justify="right", style="dim")
    table.add_column("Lesson", overflow="fold")
    table.add_column("Min", justify="right")
    table.add_column("What it covers", overflow="fold")
    track = None
    for number, lesson in enumerate(lessons, 1):
        if lesson.track != track:
            track = lesson.track
            heading = console.literal(TRACKS.get(track, track), style="bold underline")
            table.add_row("", heading, "", "", end_section=False)
        title = console.literal(lesson.title, style="bold")
        title.append("\n")
        title.append(console.literal(lesson.id, style="cyan"))
        table.add_row(str(number), title, str(lesson.minutes), console.literal(lesson.summary))
    return table
