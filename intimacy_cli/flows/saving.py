"""The one place where what a person answers or writes is saved.

Every flow (learn, reflect, journal) hands its new entries to
:func:`save_entries`, and ``edit`` its new answer to :func:`update_entry`, so
anything that must happen after an answer is saved (such as offering support
when the words suggest a crisis) is added here once.
"""

from __future__ import annotations

from collections.abc import Sequence

from intimacy_cli.store import Entry, Journal
from intimacy_cli.store.entry import Answer


def save_entries(journal: Journal, entries: Sequence[Entry]) -> list[Entry]:
    """Write entries to the journal in one atomic step, the moment they exist;
    then, if what was written suggests crisis or harm, point gently to help."""
    from intimacy_cli import safety

    saved = journal.add_entries(entries)
    safety.notice_if_needed(
        entry.answer for entry in saved if entry.kind != "quiz" and isinstance(entry.answer, str)
    )
    return saved


def update_entry(journal: Journal, entry_id: str, answer: Answer) -> Entry:
    """Replace one entry's answer (by full id); then, as for new words, point
    gently to help if what was written suggests crisis or harm."""
    from intimacy_cli import safety

    entry = journal.update(entry_id, answer=answer)
    safety.notice_if_needed([answer] if isinstance(answer, str) else [])
    return entry
