"""``intimacy import``: bring entries back from a JSON export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from intimacy_cli.commands.state import app_state, journal_for
from intimacy_cli.ui import console


def import_entries(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="A JSON export ('intimacy export --format json'), or - for stdin."
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check the file and count, without saving.")
    ] = False,
) -> None:
    """Add the entries of a JSON export to your journal.

    The whole file is checked first: if any entry is invalid, nothing is added
    and the message says which entry and why. Entries already in your journal
    (same id) are skipped, so importing the same file twice adds nothing.

    Examples:

        intimacy import backup.json --dry-run

        intimacy import backup.json

        ssh old-laptop intimacy export --format json | intimacy import -
    """
    from intimacy_cli.transfer.importing import read_entries
    from intimacy_cli.ui.text_input import read_text, source_name

    path = str(file)
    entries = read_entries(read_text(path), source_name(path))
    journal = journal_for(app_state(ctx))
    if dry_run:
        new = len(journal.entries.absent(entries))
        console.note(
            f"Would add {new}, skip {len(entries) - new} (already in the journal). "
            "Nothing was saved (dry run)."
        )
        return
    added = len(journal.entries.add_all(entries))
    console.note(f"Added {added}, skipped {len(entries) - added} (already in the journal).")
