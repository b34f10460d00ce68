"""Options several commands share that are not entry filters (those are in
:mod:`intimacy_cli.commands.selection`)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

# `-h` as well as `--help`, on the app and on every group of subcommands.
HELP_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"]}

NoPager = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help="Print everything at once, never through a pager ($INTIMACY_PAGER, $PAGER, less).",
    ),
]

EntryId = Annotated[
    str,
    typer.Argument(metavar="ID", help="Entry id, or enough of its start to be unique."),
]

# On learn, reflect and journal (started from an item: see homework_items).
HomeworkOption = Annotated[
    str | None,
    typer.Option(
        "--homework",
        metavar="ID[:N]",
        help="Do item N of this homework (see 'intimacy homework'); your answers are linked to it.",
        show_default=False,
    ),
]
