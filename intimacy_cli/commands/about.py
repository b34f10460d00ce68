"""``intimacy about``, and the same text once as a welcome on the first run.

The welcome is remembered by a small marker file in the data folder, written
only after the welcome was really shown in a terminal: scripts, pipes, ``--json``
and ``--help`` never see it and never cause a write.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import typer

from intimacy_cli.commands.state import AppState, app_state

WELCOME_MARKER = "welcome-shown"
# The help commands: they print the about text or what to do in a crisis, so
# no welcome comes first, and a broken settings file must not stop them.
HELP_COMMANDS = ("about", "support")
_NO_WELCOME_OPTIONS = frozenset({"--help", "--json"})


def about(ctx: typer.Context) -> None:
    """What this app is and is not, and where your journal is kept.

    Educational, not therapy; nothing leaves your machine. This is the
    welcome shown on the first run.

    Examples:

        intimacy about

        intimacy --data-dir ~/couple-journal about
    """
    from intimacy_cli.ui import console

    state = app_state(ctx)
    _print_about(state, first_run=False)
    if console.stdout_is_terminal():
        _remember_welcome(state.data_dir / WELCOME_MARKER)


def welcome_if_first_run(state: AppState, command: str | None, args: Sequence[str]) -> None:
    """Before the first command run in a terminal, show the about text once.

    ``command`` is the subcommand about to run (``None`` for the home screen)
    and ``args`` its own arguments.
    """
    if command in HELP_COMMANDS or _NO_WELCOME_OPTIONS.intersection(args):
        return
    from intimacy_cli.ui import console

    if not console.stdout_is_terminal():
        return
    marker = state.data_dir / WELCOME_MARKER
    if marker.exists():
        return
    _print_about(state, first_run=True)
    _remember_welcome(marker)


def _print_about(state: AppState, *, first_run: bool) -> None:
    from intimacy_cli.base import paths
    from intimacy_cli.content.framing import load_about
    from intimacy_cli.ui.views.framing import about_markdown
    from intimacy_cli.ui.views.lesson import print_markdown

    text = about_markdown(
        load_about(),
        data_dir=state.data_dir,
        config_file=paths.config_file(),
        first_run=first_run,
    )
    print_markdown(text)


def _remember_welcome(marker: Path) -> None:
    """Create the marker (0600, in a 0700 folder). Only its existence counts,
    so creating it with O_EXCL is the atomic step and a torn write loses nothing."""
    from intimacy_cli.store.files import make_private_dir

    try:
        make_private_dir(marker.parent)
        fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        # Already there (another process showed it too), or the folder cannot
        # be written: the welcome is a courtesy and must not stop the command;
        # anything that saves will report the folder itself.
        return
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write("intimacy-cli showed its welcome once. Delete this file to see it again.\n")
