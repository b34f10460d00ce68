"""Entries one line each, as ``review`` writes them to a pipe or a file.

Every cell whole (nothing cut, so ``grep`` finds every word), the columns
before the answer padded to line up, no styles. Plain text from the start
rather than a rich table measured at an unbounded width, so that
``intimacy review | grep`` pays for reading the journal, not for loading a
console it does not need (see the start-up notes in ARCHITECTURE.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from intimacy_cli.base.text import printable
from intimacy_cli.reports.entry_text import SHORT_ID, local_stamp, question_text
from intimacy_cli.store.entry import answer_text

if TYPE_CHECKING:
    from intimacy_cli.store import Entry

HEADINGS = ("When", "Lesson", "Kind", "Question", "Answer", "Id")
GAP = "  "
PADDED = 4  # the columns before the answer


def kind_text(entry: Entry) -> str:
    """What sort of entry it is, and for a quiz answer whether it was right."""
    if entry.kind == "quiz" and entry.correct is not None:
        return "quiz, right" if entry.correct else "quiz, wrong"
    return entry.kind


def cells(entry: Entry, id_width: int = SHORT_ID) -> tuple[str, ...]:
    """An entry's cells, in the order of :data:`HEADINGS`."""
    return (
        local_stamp(entry.created),
        entry.lesson or "-",
        kind_text(entry),
        question_text(entry),
        answer_text(entry.answer),
        entry.id[:id_width],
    )


def piped_listing(entries: Sequence[Entry]) -> str:
    """The heading and one line per entry, in the order given."""
    rows = [HEADINGS, *(cells(entry) for entry in entries)]
    rows = [tuple(_whole(cell) for cell in row) for row in rows]
    width: Callable[[str], int]
    padded: Callable[[str, int], str]
    if all(cell.isascii() and cell.isprintable() for row in rows for cell in row[:PADDED]):
        # One terminal cell per character: padded without rich's tables of
        # character widths, which cost more to load than the listing takes.
        width, padded = len, str.ljust
    else:
        from rich import cells as rich_cells

        width, padded = rich_cells.cell_len, rich_cells.set_cell_size
    widths = [max(width(row[n]) for row in rows) for n in range(PADDED)]
    lines = (
        GAP.join([*(padded(row[n], widths[n]) for n in range(PADDED)), *row[PADDED:]]).rstrip()
        for row in rows
    )
    return "\n".join(lines) + "\n"


def _whole(text: str) -> str:
    """All of a text on one line, each run of spaces and line breaks one space."""
    return printable(" ".join(text.split()))
