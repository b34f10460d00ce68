"""Long output through a pager in a terminal, the way git does it; never when piped.

The app runs the pager itself (not through :mod:`pydoc`, which lets
``$MANPAGER`` win, pages even when ``$PAGER`` is empty, and on Python 3.13
overwrites the person's ``$LESS``):

* ``$INTIMACY_PAGER``, else ``$PAGER``, else ``less``; the command is split
  as a shell would split it (no shell runs it);
* an empty value or ``cat`` means no pager;
* ``less`` gets ``LESS=FRX`` only when ``LESS`` is unset;
* a pager that cannot start means the text is printed instead, and one that
  quits early (``q`` in ``less``) is simply done.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
from collections.abc import Callable
from contextlib import suppress

from rich.console import RenderableType

from intimacy_cli.ui import console

PAGER_ENV = "INTIMACY_PAGER"
DEFAULT_PAGER = "less"
# As git: quit if it fits on one screen (F), keep colours (R), leave the text
# on screen afterwards (X). A LESS the person set wins.
LESS_DEFAULT = "FRX"
NO_PAGER = ("cat",)


def pager_command() -> list[str] | None:
    """The pager to run, split into its words; ``None`` for no pager."""
    for variable in (PAGER_ENV, "PAGER"):
        value = os.environ.get(variable)
        if value is None:
            continue
        try:
            words = shlex.split(value)
        except ValueError as exc:
            console.note(f"Warning: cannot read ${variable} '{value}' ({exc}); not paging")
            return None
        return None if not words or tuple(words) == NO_PAGER else words
    return [DEFAULT_PAGER]


def print_paged(*renderables: RenderableType, use_pager: bool = True) -> None:
    """Print to stdout; in a terminal, output taller than the screen goes through
    the pager (see the module doc), unless ``use_pager`` is false (``--no-pager``)."""
    out = console.out()
    # The real stream decides, not rich: FORCE_COLOR makes rich call a pipe a terminal.
    command = pager_command() if use_pager and sys.stdout.isatty() else None
    if command is None:
        if not console.stdout_is_terminal():
            _print_unbounded(renderables)
            return
        for renderable in renderables:
            out.print(renderable)
        return
    with out.capture() as captured:
        for renderable in renderables:
            out.print(renderable)
    text = captured.get()
    if text.count("\n") <= out.size.height or not _page(command, text):
        out.file.write(text)
        out.file.flush()


# The width piped output is drawn at: no line is ever wrapped or cut.
UNBOUNDED = 1_000_000


def _print_unbounded(renderables: tuple[RenderableType, ...]) -> None:
    """Piped: every line as long as it needs to be, so nothing is wrapped or cut
    and a search such as ``grep`` finds every word; the spaces that pad a line
    out to its column are dropped."""
    out = console.out()
    width = out.width
    out.width = UNBOUNDED
    try:
        with out.capture() as captured:
            for renderable in renderables:
                out.print(renderable)
    finally:
        out.width = width
    lines = captured.get().split("\n")
    out.file.write("\n".join(line.rstrip() for line in lines))
    out.file.flush()


def _page(command: list[str], text: str) -> bool:
    """Show ``text`` through the pager; ``False`` if it could not be started."""
    env = dict(os.environ)
    env.setdefault("LESS", LESS_DEFAULT)
    try:
        pager = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
    except OSError as exc:
        if PAGER_ENV in os.environ or "PAGER" in os.environ:  # chosen, so worth a word
            console.note(f"Warning: cannot start the pager '{command[0]}' ({exc.strerror or exc})")
        return False
    assert pager.stdin is not None  # stdin=PIPE
    data = text.encode(sys.stdout.encoding or "utf-8", "replace")
    restore = _ignore_ctrl_c()
    try:
        # A pager that quits before reading everything closes the pipe: done.
        with suppress(BrokenPipeError):
            pager.stdin.write(data)
        with suppress(BrokenPipeError):
            pager.stdin.close()
        pager.wait()
    except BaseException:
        # Stopped by a signal (SIGTERM, SIGHUP): take the pager down too, so it
        # does not keep the terminal after the app has gone.
        pager.terminate()
        pager.wait()
        raise
    finally:
        restore()
    return True


def _ignore_ctrl_c() -> Callable[[], None]:
    """Leave Ctrl-C to the pager while it runs (``less`` uses it to stop a
    search), as git does; returns what puts the app's own handling back."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: signals are not ours to change
        return lambda: None

    def restore() -> None:
        signal.signal(signal.SIGINT, previous)

    return restore
