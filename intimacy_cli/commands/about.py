"""``intimacy about``, and the same text once as a welcome on the first run.

The welcome is remembered by a small marker file in the data folder, written
only after the welcome was really shown in a terminal: scripts, pipes, ``--json``
and ``--help`` never see it and never cause a write.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import typer

from intimacy_cli.base import paths
from intimacy_cli.base.paths import DataPaths
from intimacy_cli.commands.options import HELP_SETTINGS
from intimacy_cli.commands.state import AppState, app_state
from intimacy_cli.ui import console

# The help commands: they print the about text or what to do in a crisis, so
# no welcome comes first, and a broken settings file must not stop them.
HELP_COMMANDS = ("about", "support")
_NO_WELCOME_OPTIONS = frozenset({*HELP_SETTINGS["help_option_names"], "--json"})


def about(ctx: typer.Context) -> None:
    """What this app is and is not, and where your journal is kept.

    Educational, not therapy; nothing leaves your machine. This is the
    welcome shown on the first run.

    Examples:

        intimacy about

        intimacy --data-dir ~/couple-journal about
    """

    state = app_state(ctx)
    _print_about(state, first_run=False)
    if console.stdout_is_terminal():
        _remember_welcome(DataPaths(state.data_dir).welcome_marker)


def welcome_if_first_run(state: AppState, command: str | None, args: Sequence[str]) -> None:
    """Before the first command run in a terminal, show the about text once.

    ``command`` is the subcommand about to run (``None`` for the home screen)
    and ``args`` its own arguments.
    """
    if command in HELP_COMMANDS or _NO_WELCOME_OPTIONS.intersection(args):
        return

    if not console.stdout_is_terminal():
        return
    marker = DataPaths(state.data_dir).welcome_marker
    if marker.exists():
        return
    _print_about(state, first_run=True)
    _remember_welcome(marker)
    _let_it_be_read()


def _let_it_be_read() -> None:
    """With a person at the terminal, wait before the command's own output, so
    that output never scrolls the welcome away unread."""
    from intimacy_cli.ui import prompter

    ask = prompter.open_prompter()
    if ask is not None:
        ask.pause(WELCOME_PAUSE)


WELCOME_PAUSE = "Press Enter to go on"


def _print_about(state: AppState, *, first_run: bool) -> None:
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
    """Write the marker (0600, in a 0700 folder) with the store's private writer;
    only its existence counts."""
    from intimacy_cli.store.files import make_private_dir, write_atomically

    try:
        make_private_dir(marker.parent)
        write_atomically(marker, _MARKER_TEXT)
    except OSError:
        # The folder cannot be written: the welcome is a courtesy and must not
        # stop the command; anything that saves will report the folder itself.
        return


_MARKER_TEXT = b"intimacy-cli showed its welcome once. Delete this file to see it again.\n"
