"""Consoles for data (stdout) and messages (stderr), and safe display of user text.

Data goes to stdout so it can be piped; messages, warnings and errors go to
stderr. Colour follows ``--no-color``, ``NO_COLOR`` and ``color`` in the settings
file, and is off when not a terminal (rich decides the latter itself). "Off"
means no escape codes at all, bold included, so the output is plain text.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from typing import TYPE_CHECKING, Literal

from intimacy_cli.base.text import printable

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

_color_disabled = False


def disable_color() -> None:
    """Called for ``--no-color`` or ``color = false``; must run before the first
    console is made."""
    global _color_disabled  # noqa: PLW0603 - one process-wide switch, set once at start-up
    _color_disabled = True


def color_enabled() -> bool:
    return not (_color_disabled or os.environ.get("NO_COLOR"))


def _console(*, stderr: bool) -> Console:
    from rich.console import Console

    # color_system=None drops styles too (rich's no_color keeps bold and dim).
    color_system: Literal["auto"] | None = "auto" if color_enabled() else None
    return Console(stderr=stderr, highlight=False, color_system=color_system, emoji=False)


@cache
def out() -> Console:
    """The stdout console: lessons, tables, JSON."""
    return _console(stderr=False)


@cache
def err() -> Console:
    """The stderr console: status lines, warnings, errors."""
    return _console(stderr=True)


def stdout_is_terminal() -> bool:
    """Whether stdout is (or is being treated as) a terminal, as rich decides it.

    Asks the stream first, so a script's plain run never loads rich just to
    learn it is not in a terminal; rich's answer also honours the variables
    that force terminal behaviour (``TTY_COMPATIBLE``, ``FORCE_COLOR``).
    """
    forced = "TTY_COMPATIBLE" in os.environ or "FORCE_COLOR" in os.environ
    if not forced and not sys.stdout.isatty():
        return False
    return out().is_terminal


def reset() -> None:
    """Forget cached consoles and the colour switch (tests run many commands in
    one process)."""
    global _color_disabled  # noqa: PLW0603 - undoes disable_color between runs
    _color_disabled = False
    out.cache_clear()
    err.cache_clear()


def literal(text: str, style: str = "") -> Text:
    """User-written text as a rich ``Text``: never parsed as markup, controls shown."""
    from rich.text import Text

    return Text(printable(text), style=style)


def error(message: str, hint: str | None = None) -> None:
    """The one line on stderr that ends a failed command; a hint rides along."""
    from rich.text import Text

    line = Text("Error: ", style="bold red")
    line.append(_one_line(message))
    if hint:
        line.append(f" ({_one_line(hint)})", style="dim")
    # One line for a log or a script; in a terminal, broken between words.
    err().print(line, soft_wrap=not err().is_terminal)


def _one_line(text: str) -> str:
    """An error stays on one line even when it quotes text with line breaks."""
    return printable(text).replace("\n", "\\n").replace("\t", " ")


def note(message: str) -> None:
    """A status line on stderr, kept out of piped data. Plain text, so a command
    that only reports (like adding a journal entry) need not load rich; in a
    terminal, broken between words rather than wherever the edge falls."""
    text = printable(message)
    if _stderr_is_terminal():
        import shutil
        import textwrap

        width = max(20, shutil.get_terminal_size().columns - 1)
        lines = text.split("\n")
        text = "\n".join(
            "\n".join(textwrap.wrap(line, width, break_on_hyphens=False) or [""]) for line in lines
        )
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False
