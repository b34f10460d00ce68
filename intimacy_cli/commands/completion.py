"""Shell completion sources shared by several commands."""

from __future__ import annotations

import typer


def lesson_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Complete lesson ids, including those from extra lesson packs; never fails."""
    from intimacy_cli.state import app_state

    try:
        catalogue = app_state(ctx).catalogue()
    except Exception:  # a broken lesson pack must never break the user's shell
        return []
    return [lesson_id for lesson_id in catalogue.ids if lesson_id.startswith(incomplete)]
