"""``intimacy show``: one entry in full."""

from __future__ import annotations

from typing import Annotated

import typer

from intimacy_cli.commands.options import EntryId, NoPager
from intimacy_cli.commands.selection import resolve
from intimacy_cli.commands.state import app_state, journal_for


def show(
    ctx: typer.Context,
    entry_id: EntryId,
    as_json: Annotated[bool, typer.Option("--json", help="Print the entry as JSON.")] = False,
    no_pager: NoPager = False,
) -> None:
    """Show one entry in full: the question, your whole answer, and its details.

    The first few characters of an id are enough when no other entry starts with
    them; 'intimacy review' shows the first eight.

    Examples:

        intimacy show 3f9a2c1b

        intimacy show 3f9a --json
    """
    [entry] = resolve(journal_for(app_state(ctx)), [entry_id])
    if as_json:
        from intimacy_cli.transfer import shapes
        from intimacy_cli.ui.json_output import emit_json

        emit_json(shapes.entry_dict(entry))
        return
    from intimacy_cli.ui.pager import print_paged
    from intimacy_cli.ui.views.entries import entry_detail

    print_paged(entry_detail(entry), use_pager=not no_pager)
