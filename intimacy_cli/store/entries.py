"""Adding, finding, changing and deleting journal entries."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import replace
from typing import Unpack

from intimacy_cli.content.model import Answer
from intimacy_cli.store.entry import MAX_ENTRY_CHARS, Entry, NewEntry, entry_size
from intimacy_cli.store.errors import AmbiguousId, EntryNotFound, EntryTooLarge
from intimacy_cli.store.journal_file import JournalFile, find, records_of, tinydb_table
from intimacy_cli.store.queries import QueryFilter, select
from intimacy_cli.store.records import ENTRIES

MIN_PREFIX = 4


class Entries:
    """The journal's entries; each method is one complete read or write."""

    def __init__(self, file: JournalFile) -> None:
        self._file = file

    def new(self, **fields: Unpack[NewEntry]) -> Entry:
        """An entry stamped with the journal's clock, not yet saved: flows build a
        batch, check it, then save it in one write with :meth:`add_all`."""
        now = self._file.now()
        return Entry(
            id=str(uuid.uuid4()),
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
            private=fields.get("private", False),
        )

    def add(self, **fields: Unpack[NewEntry]) -> Entry:
        """Save one answer or note now, and return it with its new id."""
        entry = self.new(**fields)
        self.add_all([entry])
        return entry

    def add_all(self, entries: Iterable[Entry]) -> list[Entry]:
        """Save complete entries in one write; ids already present are skipped
        (so an import can be run twice). Returns the entries actually added."""
        entries = list(entries)
        for entry in entries:  # all checked before any is written
            _check_size(entry)
        added: list[Entry] = []
        with self._file.writing() as storage:
            known = {record["id"] for record in records_of(storage, ENTRIES).values()}
            for entry in entries:
                if entry.id not in known:
                    known.add(entry.id)
                    added.append(entry)
            if added:
                tinydb_table(storage, ENTRIES).insert_multiple(e.to_record() for e in added)
        return added

    def get(self, id_or_prefix: str) -> Entry:
        """An entry by full id or by a unique prefix of at least four characters."""
        wanted = id_or_prefix.strip().lower()
        if len(wanted) < MIN_PREFIX:
            raise EntryNotFound(
                f"id '{id_or_prefix}' is too short; give at least {MIN_PREFIX} characters"
            )
        records = self._file.tables().get(ENTRIES, {}).values()
        found = [record for record in records if record["id"].startswith(wanted)]
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
            doc_id, record = find(records_of(storage, ENTRIES), entry_id, "entry")
            old = Entry.from_record(record)
            entry = replace(
                old,
                answer=old.answer if answer is None else answer,
                tags=old.tags if tags is None else tuple(tags),
                correct=old.correct if correct is None else correct,
                updated_at=self._file.now(),
            )
            _check_size(entry)
            tinydb_table(storage, ENTRIES).update(entry.to_record(), doc_ids=[doc_id])
        return entry

    def delete(self, entry_ids: Iterable[str]) -> list[Entry]:
        """Delete exactly these entries (full ids), all or none."""
        wanted = list(dict.fromkeys(entry_ids))
        if not wanted:
            return []
        with self._file.writing() as storage:
            records = records_of(storage, ENTRIES)
            doc_ids = {record["id"]: int(key) for key, record in records.items()}
            missing = [entry_id for entry_id in wanted if entry_id not in doc_ids]
            if missing:
                raise EntryNotFound(f"no entry with id '{missing[0]}'")
            deleted = [Entry.from_record(records[str(doc_ids[i])]) for i in wanted]
            tinydb_table(storage, ENTRIES).remove(doc_ids=[doc_ids[i] for i in wanted])
        return deleted

    def query(self, where: QueryFilter | None = None) -> list[Entry]:
        """Matching entries, newest first (see :func:`~.queries.select`)."""
        return select(self._file.storage(check_entries=False), where or QueryFilter())

    def count(self) -> int:
        return len(self._file.tables().get(ENTRIES, {}))


def _check_size(entry: Entry) -> None:
    size = entry_size(entry.answer, entry.question, entry.tags)
    if size > MAX_ENTRY_CHARS:
        raise EntryTooLarge(size, MAX_ENTRY_CHARS)
