"""Where the app keeps things (``intimacy data path``) and its backups
(``intimacy data backups``), as tables."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from intimacy_cli.ui import console

if TYPE_CHECKING:
    from rich.table import Table

_LABELS = {
    "data_dir": "Data folder",
    "journal": "Journal",
    "backups": "Backups",
    "lock": "Lock file",
    "config": "Config file",
    "cache": "Lesson cache",
}


def places_table(places: dict[str, Path], lesson_dirs: list[Path]) -> Table:
    """Each place with its label; one not created yet says so."""
    from rich.table import Table

    table = Table(box=None, pad_edge=False, show_header=False)
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    rows = [(_LABELS[name], place) for name, place in places.items()]
    rows += [("Lessons", folder) for folder in lesson_dirs]
    for label, place in rows:
        shown = console.literal(str(place))
        if not place.exists():
            shown.append(" (not created yet)", style="dim")
        table.add_row(label, shown)
    return table


def backups_table(found: list[tuple[Path, datetime]]) -> Table:
    """Each backup (``intimacy data backups``): its name, when, and its kind."""
    from rich.table import Table

    table = Table(box=None, pad_edge=False, show_header=False)
    table.add_column(style="bold")
    table.add_column()
    table.add_column(style="dim")
    for backup, made in found:
        kind = "snapshot" if backup.is_dir() else "one file"
        table.add_row(console.literal(backup.name), made.strftime("%Y-%m-%d %H:%M:%S"), kind)
    return table
