"""Finding entries: the filters ``review``, ``export`` and the reports share,
and the newest-first order every listing uses."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from itertools import islice
from typing import Any, NamedTuple

from intimacy_cli.base.text import contains_folded, fold
from intimacy_cli.store.entry import Entry, EntryKind, answer_text, timestamp
from intimacy_cli.store.layout import is_entries_period, month_of
from intimacy_cli.store.storage import JournalStorage

Record = dict[str, Any]


class QueryFilter(NamedTuple):
    """Which entries to return; every field narrows, ``None`` means any.

    A named tuple, not a frozen dataclass: every listing imports it, and the
    dataclass cost as much to make as the listing's own work."""

    lesson: str | None = None
    kind: EntryKind | None = None
    tag: str | None = None
    since: datetime | None = None  # inclusive, timezone-aware
    until: datetime | None = None  # exclusive, timezone-aware
    text: str | None = None  # case- and accent-insensitive, in question, answer and tags
    limit: int | None = None

    def matches(self, record: Record) -> bool:
        """Whether a stored record passes (for one record; :meth:`matcher`
        for many)."""
        return self.matcher()(record)

    def matcher(self) -> Callable[[Record], bool]:
        """Whether a stored record passes, with the tag and text folded and the
        range in stored form once, not for every record. It works on the raw
        record, so a search through a big journal builds :class:`Entry`
        objects only for its hits."""
        lesson, kind = self.lesson, self.kind
        tag = None if self.tag is None else fold(self.tag)
        text = fold(self.text) if self.text else None
        # Stored times are UTC in one fixed width: compared as text, in order.
        since = None if self.since is None else timestamp(self.since)
        until = None if self.until is None else timestamp(self.until)

        def matches(record: Record) -> bool:
            return (
                (lesson is None or record.get("lesson") == lesson)
                and (kind is None or record["kind"] == kind)
                and (tag is None or tag in {fold(t) for t in record.get("tags") or ()})
                and (since is None or record["created_at"] >= since)
                and (until is None or record["created_at"] < until)
                and (not text or contains_folded(_searchable(record), text))
            )

        return matches

    @property
    def narrows(self) -> bool:
        """Whether anything but the count limits the entries."""
        return any(
            value is not None
            for value in (self.lesson, self.kind, self.tag, self.since, self.until, self.text)
        )

    def skips_month(self, month: str) -> bool:
        """Whether no entry of ``month`` (``YYYY-MM``, UTC) can be in the range,
        so its table need not be read."""
        if self.since is not None and month < timestamp(self.since)[:7]:
            return True
        return self.until is not None and f"{month}-01T00:00:00" >= timestamp(self.until)[:19]


def _searchable(record: Record) -> str:
    parts = [record.get("prompt") or "", answer_text(record["answer"]), *record.get("tags", ())]
    return " ".join(parts)


def newest_first(table: dict[str, Record], time_field: str) -> list[tuple[str, Record]]:
    """Records with their document ids, newest first; records with equal
    times, last saved first.

    Tables keep the order records were saved in, and the sort is stable, so
    sorting the reversed table settles ties the right way.
    """
    pairs = list(table.items())
    pairs.reverse()
    pairs.sort(key=lambda pair: datetime.fromisoformat(pair[1][time_field]), reverse=True)
    return pairs


def select(storage: JournalStorage, where: QueryFilter) -> list[Entry]:
    """Matching entries, newest first (see :func:`matching_records`)."""
    return [Entry.from_record(record) for record in matching_records(storage, where)]


def matching_records(storage: JournalStorage, where: QueryFilter) -> Iterator[Record]:
    """Matching stored records, newest first, from a storage read without
    checking entries: periods are read from the newest back, only as far as
    the query needs, each for this pass alone (so going through the whole
    journal holds one period at a time), and each record is checked only when
    it is looked at, so "the newest 20" stays fast in a big journal, while a
    damaged record still stops the query with one clear error."""
    tables = storage.tables()
    periods = sorted((name for name in tables if is_entries_period(name)), reverse=True)

    # A filter that narrows nothing passes every record: it is not asked of each.
    matches = where.matcher() if where.narrows else None

    def looked_at() -> Iterator[Record]:
        for period in periods:
            if where.skips_month(month_of(period)[-7:]):
                continue
            for doc_id, record in _newest_first_in(storage, period, tables.for_one_pass(period)):
                # Only what is returned is checked (a search through everything
                # checks its hits); a record too damaged to match is named.
                try:
                    hit = matches is None or matches(record)
                except (KeyError, TypeError, ValueError, AttributeError):
                    hit = True
                if hit:
                    storage.check_record(period, doc_id, record)
                    yield record

    return islice(looked_at(), where.limit)


def _newest_first_in(
    storage: JournalStorage, period: str, table: dict[str, Record]
) -> list[tuple[str, Record]]:
    """One period's entries, newest first, sorted on their stored UTC times
    (fixed width, so as text); ties: last saved first (see :func:`newest_first`)."""
    pairs = list(table.items())
    pairs.reverse()
    try:
        pairs.sort(key=lambda pair: pair[1]["created_at"], reverse=True)
    except (KeyError, TypeError, AttributeError):
        # Some record cannot even be sorted: find and name it.
        for doc_id, record in table.items():
            storage.check_record(period, doc_id, record)
        raise
    return pairs
