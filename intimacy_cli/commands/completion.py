"""Shell completion sources shared by several commands."""

from __future__ import annotations

from pathlib import Path

import typer

from intimacy_cli.commands.state import AppState


def _state(ctx: typer.Context) -> AppState:
    """The app state, also while completing: click then parses the command
    line but never runs the app callback, so ``--content-dir`` and
    ``INTIMACY_CONTENT`` are only in the root context's raw parameters."""
    state = ctx.find_object(AppState)
    if state is not None:
        return state
    folders = ctx.find_root().params.get("content_dir") or ()
    return AppState(content_dirs=[Path(folder) for folder in folders])


def lesson_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Complete lesson ids, including those from extra lesson packs; never fails."""
    try:
        catalogue = _state(ctx).catalogue()
    except Exception:  # a broken lesson pack must never break the user's shell
        return []
    return [lesson_id for lesson_id in catalogue.ids if lesson_id.startswith(incomplete)]
