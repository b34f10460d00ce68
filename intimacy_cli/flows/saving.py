"""The one place where what a person answers or writes is saved.

Every flow (learn, reflect, journal) hands its new entries to
:func:`save_entries`, so anything that must happen after an answer is saved
(such as offering support when the words suggest a crisis) is added here once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from intimacy_cli.store import Entry, EntryKind, Journal
from intimacy_cli.store.entry import Answer
from intimacy_cli.store.journal import timestamp, utc_now


def new_entry(
    *,
    kind: EntryKind,
    answer: Answer,
    lesson: str | None = None,
    prompt_id: str | None = None,
    prompt: str | None = None,
    tags: Iterable[str] = (),
    session: str | None = None,
    correct: bool | None = None,
) -> Entry:
    """An entry ready to save; built first so a batch can be checked, then written once."""
    now = timestamp(utc_now())
    return Entry(
        id=str(uuid.uuid4()),
        kind=kind,
        answer=answer,
        created_at=now,
        updated_at=now,
        lesson=lesson,
        prompt_id=prompt_id,
        prompt=prompt,
        tags=tuple(tags),
        session=session,
        correct=correct,
    )


def save_entries(journal: Journal, entries: Sequence[Entry]) -> list[Entry]:
    """Write entries to the journal in one atomic step, the moment they exist."""
    return journal.add_entries(entries)
