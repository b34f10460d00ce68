"""Long output through a pager in a terminal, the way git does it; never when piped."""

from __future__ import annotations

import os
import sys

from rich.console import RenderableType

from intimacy_cli.ui import console

# As git: quit if it fits on one screen (F), keep colours (R), leave the text
# on screen afterwards (X). A LESS the person set wins.
LESS_DEFAULT = "FRX"


def print_paged(*renderables: RenderableType) -> None:
    """Print to stdout; in a terminal, output taller than the screen goes through
    ``$PAGER`` (``less`` when unset)."""
    out = console.out()
    # The real stream decides, not rich: FORCE_COLOR makes rich call a pipe a terminal.
    if not sys.stdout.isatty():
        for renderable in renderables:
            out.print(renderable)
        return
    with out.capture() as captured:
        for renderable in renderables:
            out.print(renderable)
    text = captured.get()
    if text.count("\n") <= out.size.height:
        out.file.write(text)
        out.file.flush()
        return
    import pydoc

    os.environ.setdefault("LESS", LESS_DEFAULT)
    pydoc.pager(text)
