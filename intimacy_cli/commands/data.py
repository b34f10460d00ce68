"""``intimacy data path`` and ``intimacy data backup``: where your data lives,
and a copy of your journal whenever you want one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from intimacy_cli.state import app_state, journal_for

data_app = typer.Typer(
    help="Where your journal lives, and backups of it.",
    epilog="Examples:  intimacy data path  |  intimacy data backup ~/Documents",
    no_args_is_help=True,
)


@data_app.command("path")
def path(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the locations as JSON.")] = False,
) -> None:
    """Show where your journal, backups, config and lessons live.

    Lists the data folder, journal file, backups folder, lock file, config file
    and lesson folders. Nothing is created; a place that does not exist yet is
    marked so.

    Examples:

        intimacy data path

        intimacy data path --json | jq -r .journal
    """
    from intimacy_cli import paths

    state = app_state(ctx)
    journal = journal_for(state)
    places = {
        "data_dir": journal.data_dir,
        "journal": journal.path,
        "backups": journal.backups_dir,
        "lock": journal.lock_path,
        "config": paths.config_file(),
    }
    lesson_dirs = [paths.builtin_lessons_dir(), *state.content_dirs]
    if as_json:
        from intimacy_cli.ui.json_output import emit_json

        emit_json(
            {name: str(place) for name, place in places.items()}
            | {"lessons": [str(folder) for folder in lesson_dirs]}
        )
        return
    _print_places(places, lesson_dirs)


_LABELS = {
    "data_dir": "Data folder",
    "journal": "Journal",
    "backups": "Backups",
    "lock": "Lock file",
    "config": "Config file",
}


def _print_places(places: dict[str, Path], lesson_dirs: list[Path]) -> None:
    from rich.table import Table

    from intimacy_cli.ui import console

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
    console.out().print(table)


@data_app.command("backup")
def backup(
    ctx: typer.Context,
    destination: Annotated[
        Path | None,
        typer.Argument(
            metavar="[DEST]",
            help="An existing folder, or a new file name. Default: the backups folder.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Copy your journal now, byte for byte, and print where the copy is.

    Without DEST the copy goes to the backups folder next to your journal, which
    keeps the newest 7 (intimacy also puts one there before the first change of
    each day, and before upgrading the journal's format). A copy saved elsewhere
    is never deleted by intimacy. Every copy is readable by you only.

    To restore one, copy it over the journal file shown by 'intimacy data path'
    while no intimacy command is running.

    Examples:

        intimacy data backup

        intimacy data backup ~/Documents

        intimacy data backup /media/usb/journal-before-moving.json
    """
    from intimacy_cli.ui import console

    made = journal_for(app_state(ctx)).backup(destination.expanduser() if destination else None)
    typer.echo(console.printable(str(made)))
    console.note("Backup saved. It holds your private answers: keep it somewhere safe.")
