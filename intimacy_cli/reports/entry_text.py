"""How a journal entry reads as plain text, shared by the screen and the export formats.

Nothing here escapes anything: callers decide how text is shown safely
(``console.literal`` on screen, ``escape_controls`` in files meant for people).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from intimacy_cli.base.text import counted

if TYPE_CHECKING:
    from intimacy_cli.store import Entry

SHORT_ID = 8


def entries_count(count: int) -> str:
    return counted(count, "entry", "entries")


def short_id(entry: Entry) -> str:
    return entry.id[:SHORT_ID]


def local_stamp(moment: datetime) -> str:
    """``2026-11-20 18:30`` in local time: precise enough for people, sortable."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def question_text(entry: Entry) -> str:
    """The question an entry answers; free journal notes have none."""
    return entry.question or (
        "Journal note" if entry.kind == "journal" else entry.question_id or ""
    )


def excerpt(text: str, width: int) -> str:
    """The start of a text on one line, at most ``width`` characters.

    Only as much of the text is read as the line needs, so one huge entry
    costs a listing no more than a short one."""
    window = max(4 * width, 256)
    while True:
        part = text[:window]
        # Cut mid-word or not, the first ``width`` characters come out the same.
        flat = " ".join(part.split())
        if len(flat) > width or len(part) == len(text):
            break
        window *= 4
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"
