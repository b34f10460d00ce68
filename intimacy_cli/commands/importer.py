"""``intimacy import``: bring entries back from a JSON export."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from intimacy_cli.errors import IntimacyError
from intimacy_cli.state import app_state, journal_for


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
    from intimacy_cli.importing import read_entries
    from intimacy_cli.ui import console

    entries = read_entries(*_read(file))
    journal = journal_for(app_state(ctx))
    if dry_run:
        known = {entry.id for entry in journal.query()}
        new = sum(entry.id not in known for entry in entries)
        console.note(
            f"Would add {new}, skip {len(entries) - new} (already in the journal). "
            "Nothing was saved (dry run)."
        )
        return
    added = len(journal.add_entries(entries))
    console.note(f"Added {added}, skipped {len(entries) - added} (already in the journal).")


def _read(file: Path) -> tuple[str, str]:
    """The file's text, and how to name it in messages."""
    if str(file) == "-":
        return sys.stdin.read(), "stdin"
    try:
        return file.read_text(encoding="utf-8"), str(file)
    except FileNotFoundError:
        raise IntimacyError(f"{file} does not exist") from None
    except UnicodeDecodeError:
        raise IntimacyError(f"{file} is not UTF-8 text; is it a JSON export?") from None
    except OSError as exc:
        raise IntimacyError(f"cannot read {file}: {exc.strerror}") from None
