"""The one place where what a person answers or writes is saved.

Every flow (learn, reflect, journal) hands its new entries to
:func:`save_entries`, so anything that must happen after an answer is saved
(such as offering support when the words suggest a crisis) is added here once.
"""

from __future__ import annotations

from collections.abc import Sequence

from intimacy_cli.store import Entry, Journal


def save_entries(journal: Journal, entries: Sequence[Entry]) -> list[Entry]:
    """Write entries to the journal in one atomic step, the moment they exist;
    then, if what was written suggests crisis or harm, point gently to help."""
    from intimacy_cli import safety

    saved = journal.add_entries(entries)
    safety.notice_if_needed(
        entry.answer for entry in saved if entry.kind != "quiz" and isinstance(entry.answer, str)
    )
    return saved
