"""Shell completion sources shared by several commands."""

from __future__ import annotations

from pathlib import Path

import typer

from intimacy_cli.commands.state import AppState


def _state(ctx: typer.Context) -> AppState:
    """The app state, also while completing: click then parses the command
    line but never runs the app callback, so ``--data-dir``, ``--profile``,
    ``--content-dir`` (and their environment variables) are only in the root
    context's raw parameters."""
    state = ctx.find_object(AppState)
    if state is not None:
        return state
    params = ctx.find_root().params
    folders = params.get("content_dir") or ()
    data_dir = params.get("data_dir")  # as typed: not yet converted
    return AppState(
        data_dir_option=Path(data_dir) if data_dir else None,
        profile=params.get("profile"),
        content_dirs=[Path(folder) for folder in folders],
    )


def lesson_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Complete lesson ids, including those from extra lesson packs; never fails."""
    try:
        catalogue = _state(ctx).catalogue()
    except Exception:  # a broken lesson pack must never break the user's shell
        return []
    return [lesson_id for lesson_id in catalogue.ids if lesson_id.startswith(incomplete)]


def backup_names(ctx: typer.Context, incomplete: str) -> list[str]:
    """Complete the names of the backups in the backups folder; never fails."""
    from intimacy_cli.base.paths import DataPaths
    from intimacy_cli.store import backups

    try:
        found = backups.in_folder(DataPaths(_state(ctx).data_dir).backups)
    except Exception:  # an unreadable folder must never break the user's shell
        return []
    return [backup.name for backup in found if backup.name.startswith(incomplete)]
