"""``intimacy lessons``: the catalogue."""

from __future__ import annotations

from typing import Annotated

import typer

from intimacy_cli.commands.state import app_state
from intimacy_cli.ui import console


def lessons(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the catalogue as JSON.")] = False,
) -> None:
    """List the lessons in order, by track: title, minutes and a one-line summary.

    The track groups them: where to start, the core lessons on each mechanism,
    and lessons that go further.

    Examples:

        intimacy lessons

        intimacy lessons --json | jq -r '.[].id'
    """
    catalogue = app_state(ctx).catalogue()
    if as_json:
        from intimacy_cli.transfer import shapes
        from intimacy_cli.ui.json_output import emit_json

        emit_json(shapes.catalogue_list(catalogue.lessons))
        return
    from intimacy_cli.ui.views.catalogue import catalogue_table

    console.out().print(catalogue_table(catalogue.lessons))
    console.note(
        "Read one with 'intimacy read ID', or learn it step by step with 'intimacy learn ID'."
    )
