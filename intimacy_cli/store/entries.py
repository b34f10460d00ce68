"""Adding, finding, changing and deleting journal entries.

Entries are stored one table per period (up to eight days) of ``created_at``
(see :mod:`~intimacy_cli.store.layout`): adding touches the period of the new
entry, listing the newest reads periods from the newest back until it has
enough, counting reads only the manifest, and finding an entry by its id
reads the period the index of ids names (see :mod:`~intimacy_cli.store.id_index`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Unpack

from intimacy_cli.store.entry import (
    MAX_ENTRY_CHARS,
    Entry,
    HomeworkLink,
    entry_size,
    parse_time,
    timestamp,
)
from intimacy_cli.store.errors import AmbiguousId, EntryNotFound, EntryTooLarge
from intimacy_cli.store.id_index import HELD_TWICE, ids_of
from intimacy_cli.store.journal_file import JournalFile, Record, add_by_period, tinydb_table
from intimacy_cli.store.layout import entries_period, is_entries_period
from intimacy_cli.store.records import ENTRIES, is_stored_time
from intimacy_cli.store.storage import JournalStorage

if TYPE_CHECKING:
    from intimacy_cli.content.model import Answer
    from intimacy_cli.store.entry import NewEntry
    from intimacy_cli.store.queries import QueryFilter
    from intimacy_cli.store.summaries import Months

MIN_PREFIX = 4


class Entries:
    """The journal's entries; each method is one complete read or write."""

    def __init__(self, file: JournalFile) -> None:
        self._file = file
        self._homework: HomeworkLink | None = None
        # The ids new() made: random UUIDs no period can hold yet, so saving
        # them never asks where else they are (see add_all).
        self._made: set[str] = set()

    def link_new_entries(self, homework: HomeworkLink) -> None:
        """Link every entry :meth:`new` makes from now on to this homework item:
        a command started from an item (``--homework ID:N``) says so once,
        and every flow it runs (learn, reflect, journal) links its answers."""
        self._homework = homework

    def new(self, **fields: Unpack[NewEntry]) -> Entry:
        """An entry stamped with the journal's clock, not yet saved: flows build a
        batch, check it, then save it in one write with :meth:`add_all`."""
        now = self._file.now()
        entry_id = str(uuid.uuid4())
        self._made.add(entry_id)
        return Entry(
            id=entry_id,
            kind=fields["kind"],
            answer=fields["answer"],
            created_at=now,
            updated_at=now,
            lesson=fields.get("lesson"),
            question_id=fields.get("question_id"),
            question=fields.get("question"),
            tags=tuple(fields.get("tags", ())),
            session=fields.get("session"),
            correct=fields.get("correct"),
            follows=fields.get("follows"),
            homework=fields.get("homework", self._homework),
            private=fields.get("private", False),
        )

    def add(self, **fields: Unpack[NewEntry]) -> Entry:
        """Save one answer or note now, and return it with its new id."""
        entry = self.new(**fields)
        self.add_all([entry])
        return entry

    def add_all(self, entries: Iterable[Entry]) -> list[Entry]:
        """Save complete entries in one write; ids already present (in any
        period, whatever time the entry now gives) are skipped, so an import can
        be run twice. Returns the entries actually added."""
        entries = [_in_stored_times(entry) for entry in entries]
        for entry in entries:  # all checked before any is written
            _check_size(entry)
        with self._file.writing() as storage:
            added = self._absent(storage, entries)
            add_by_period(storage, ENTRIES, (entry.to_record() for entry in added))
        return added

    def absent(self, entries: Iterable[Entry]) -> list[Entry]:
        """The entries :meth:`add_all` would add now (for a dry run)."""
        entries = [_in_stored_times(entry) for entry in entries]
        return self._absent(self._file.storage(check_entries=False), entries)

    def _absent(self, storage: JournalStorage, entries: list[Entry]) -> list[Entry]:
        """``entries`` that no period holds, each id once."""
        held = _Held(storage)
        absent: list[Entry] = []
        seen: set[str] = set()
        for entry in entries:
            if entry.id in seen or held.in_period(entries_period(entry.created_at), entry.id):
                continue
            # An entry exported and changed by hand may come back with another time.
            if entry.id not in self._made and held.anywhere(entry.id):
                continue
            seen.add(entry.id)
            absent.append(entry)
        return absent

    def get(self, id_or_prefix: str) -> Entry:
        """An entry by full id or by a unique prefix of at least four characters."""
        wanted = id_or_prefix.strip().lower()
        if len(wanted) < MIN_PREFIX:
            raise EntryNotFound(
                f"id '{id_or_prefix}' is too short; give at least {MIN_PREFIX} characters"
            )
        storage = self._file.storage(check_entries=False)
        found = [record for _, _, record in _matching(storage, wanted, exact=False)]
        exact = [record for record in found if record["id"] == wanted]
        if exact:
            return Entry.from_record(exact[0])
        if not found:
            raise EntryNotFound(f"no entry with id '{id_or_prefix}'")
        if len(found) > 1:
            raise AmbiguousId(id_or_prefix, [record["id"] for record in found])
        return Entry.from_record(found[0])

    def update(
        self,
        entry_id: str,
        *,
        answer: Answer | None = None,
        tags: Iterable[str] | None = None,
        correct: bool | None = None,
    ) -> Entry:
        """Change an entry's answer, tags and/or (for a quiz answer) whether it
        was right, by its full id; keeps ``created_at``."""
        with self._file.writing() as storage:
            period, doc_id, record = _find(storage, entry_id)
            storage.check_table(period)
            old = Entry.from_record(record)
            entry = old._replace(
                answer=old.answer if answer is None else answer,
                tags=old.tags if tags is None else tuple(tags),
                correct=old.correct if correct is None else correct,
                updated_at=self._file.now(),
            )
            _check_size(entry)
            tinydb_table(storage, period).update(entry.to_record(), doc_ids=[doc_id])
        return entry

    def delete(self, entry_ids: Iterable[str]) -> list[Entry]:
        """Delete exactly these entries (full ids), all or none."""
        wanted = list(dict.fromkeys(entry_ids))
        if not wanted:
            return []
        with self._file.writing() as storage:
            found = [_find(storage, entry_id) for entry_id in wanted]  # all, or none deleted
            by_period: dict[str, list[int]] = {}
            for period, doc_id, _ in found:
                by_period.setdefault(period, []).append(doc_id)
            for period in by_period:
                storage.check_table(period)
            for period, doc_ids in by_period.items():
                tinydb_table(storage, period).remove(doc_ids=doc_ids)
        return [Entry.from_record(record) for _, _, record in found]

    def query(self, where: QueryFilter | None = None) -> list[Entry]:
        """Matching entries, newest first (see :func:`~.queries.select`)."""
        from intimacy_cli.store.queries import QueryFilter, select  # not needed to save

        return select(self._file.storage(check_entries=False), where or QueryFilter())

    def records(self, where: QueryFilter | None = None) -> Iterator[Record]:
        """The records :meth:`query` would make entries of, checked, as the
        journal stores them, one period at a time: for writing out a whole
        journal without building an :class:`Entry` for each."""
        from intimacy_cli.store.queries import QueryFilter, matching_records

        return matching_records(self._file.storage(check_entries=False), where or QueryFilter())

    def months(self) -> Months:
        """Each month's summary (and its entries on demand), from one read."""
        from intimacy_cli.store.summaries import Months  # only progress needs them

        return Months(self._file.storage(check_entries=False))

    def count(self) -> int:
        """How many entries there are, from the manifest's counts."""
        storage = self._file.storage()
        return sum(storage.count(period) for period in _periods(storage.tables()))


def _periods(tables: Iterable[str]) -> list[str]:
    """The tables of entries, the newest period first."""
    return sorted((name for name in tables if is_entries_period(name)), reverse=True)


def _matching(
    storage: JournalStorage, prefix: str, *, exact: bool
) -> list[tuple[str, int, Record]]:
    """The period, document id and record (checked) of every entry whose id
    is ``prefix`` (lower case), or starts with it, newest period first.

    Only the periods the index of ids names for them (and those it was made
    without) are read, unless none of those holds one (the journal has no
    index, or it is behind what the periods hold): then every period is, so
    an entry is never missed, and an index proved behind is made anew by the
    next write."""
    indexed = storage.indexed(prefix)
    if indexed is not None:
        periods = {period for entry_id, period in indexed.items() if _fits(entry_id, prefix, exact)}
        if HELD_TWICE in periods:  # known to be in more than one: every period
            return list(_found_in(storage, prefix, exact))
        found = list(_found_in(storage, prefix, exact, periods | set(storage.unindexed())))
        if found:
            return found
    found = list(_found_in(storage, prefix, exact))
    if found and indexed is not None:
        storage.index_is_behind()
    return found


def _found_in(
    storage: JournalStorage, prefix: str, exact: bool, periods: set[str] | None = None
) -> Iterator[tuple[str, int, Record]]:
    """:func:`_matching`'s entries in ``periods`` (all when ``None``), each
    checked: only these are, so finding one entry in a big journal does not
    check all the others. An id in a spelling the app never writes still
    matches, so that it is named as damage rather than missed. Periods are
    read one at a time and not kept (a period then changed is read again to
    change it)."""
    tables = storage.tables()
    for period in _periods(tables):
        if periods is not None and period not in periods:
            continue
        for doc_id, record in tables.for_one_pass(period).items():
            entry_id = record.get("id")
            if isinstance(entry_id, str) and _fits(entry_id, prefix, exact):
                storage.check_record(period, doc_id, record)
                yield period, int(doc_id), record


class _Held:
    """Which entry ids the journal holds, for an import, reading as little as
    the index allows. Records are not checked: what is added is, and each
    period's file is the one its manifest names (its hash), so adding costs
    the same in a full period as in an empty one. A record too damaged to use
    is still named by whatever reads it."""

    def __init__(self, storage: JournalStorage) -> None:
        self._storage = storage
        self._periods: dict[str, set[str]] = {}  # the ids of each period read
        self._everywhere: set[str] | None = None  # every period's, once needed

    def in_period(self, period: str, entry_id: str) -> bool:
        return entry_id in self._ids(period)

    def _ids(self, period: str) -> set[str]:
        ids = self._periods.get(period)
        if ids is None:
            ids = self._periods[period] = ids_of(self._storage.tables().get(period, {}))
        return ids

    def anywhere(self, entry_id: str) -> bool:
        """Whether any period holds ``entry_id``: where the index says, and in
        the periods it was made without; when there is no index to ask (or
        it says the id is held twice, or the period it names does not hold
        it), every period, each read once for the whole import."""
        storage = self._storage
        indexed = storage.indexed(entry_id)
        if indexed is not None:
            where = indexed.get(entry_id)
            if where is None:
                return any(self.in_period(period, entry_id) for period in storage.unindexed())
            if where != HELD_TWICE:  # that one is a hint, not proof: both copies may be gone
                if is_entries_period(where) and self.in_period(where, entry_id):
                    return True
                storage.index_is_behind()
        if self._everywhere is None:
            self._everywhere = set().union(*map(self._ids, _periods(storage.tables())))
        return entry_id in self._everywhere


def _fits(entry_id: str, prefix: str, exact: bool) -> bool:
    return entry_id == prefix if exact else entry_id.lower().startswith(prefix)


def _find(storage: JournalStorage, entry_id: str) -> tuple[str, int, Record]:
    """An entry's period, document id and record (checked), by its full id."""
    found = _matching(storage, entry_id, exact=True)
    if not found:
        raise EntryNotFound(f"no entry with id '{entry_id}'")
    return found[0]


def _in_stored_times(entry: Entry) -> Entry:
    """``entry`` with its times in the stored form (UTC, fixed width), the form
    its period and every sort are read from; entries made by the app already are."""
    if is_stored_time(entry.created_at) and is_stored_time(entry.updated_at):
        return entry
    return entry._replace(
        created_at=timestamp(parse_time(entry.created_at)),
        updated_at=timestamp(parse_time(entry.updated_at)),
    )


def _check_size(entry: Entry) -> None:
    size = entry_size(entry.answer, entry.question, entry.tags)
    if size > MAX_ENTRY_CHARS:
        raise EntryTooLarge(size, MAX_ENTRY_CHARS)
