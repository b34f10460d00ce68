"""``intimacy delete``: remove entries, exactly the ones named."""

from __future__ import annotations

from typing import Annotated

import typer

from intimacy_cli.base.errors import NeedsTerminal
from intimacy_cli.commands.selection import resolve
from intimacy_cli.commands.state import app_state, journal_for
from intimacy_cli.ui import console


def delete(
    ctx: typer.Context,
    entry_ids: Annotated[
        list[str],
        typer.Argument(
            metavar="ID...", help="Entry ids, or enough of each one's start to be unique."
        ),
    ],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Delete without asking (needed without a terminal).")
    ] = False,
) -> None:
    """Delete entries for good: exactly those named, and nothing else.

    Every id is checked first; if one is unknown or matches several entries,
    nothing is deleted. In a terminal you see the entries and are asked first.

    Examples:

        intimacy delete 3f9a2c1b

        intimacy delete 3f9a 7be0 --yes
    """
    from intimacy_cli.reports.entry_text import entries_count
    from intimacy_cli.ui.views.entries import EntriesTable

    journal = journal_for(app_state(ctx))
    entries = resolve(journal, entry_ids)
    console.err().print(EntriesTable(entries))
    count = entries_count(len(entries))
    if not yes:
        from intimacy_cli.ui import prompter

        ask = prompter.open_prompter()
        if ask is None:
            raise NeedsTerminal(
                f"not deleting {count} without a terminal to confirm",
                hint="add --yes to delete without asking",
            )
        if not ask.confirm(f"Delete {count}? This cannot be undone.", default=False):
            console.note("Nothing was deleted.")
            return
    journal.entries.delete([entry.id for entry in entries])
    console.note(f"Deleted {count}.")
