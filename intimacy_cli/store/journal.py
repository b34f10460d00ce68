"""The :class:`Journal`: the only way the app reads or changes saved entries."""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from intimacy_cli.store.entry import Answer, Entry, EntryKind, LessonRun, parse_time
from intimacy_cli.store.errors import AmbiguousId, EntryNotFound

JOURNAL_FILE = "journal.json"
ENTRIES = "entries"
RUNS = "runs"
MIN_PREFIX = 4


def utc_now() -> datetime:
    return datetime.now(UTC)


def timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def fold(text: str) -> str:
    """Lower-case and strip accents, so 'Résumé' matches 'resume'."""
    folded = text.casefold()
    if folded.isascii():  # nothing to strip; skips the slow part for most text
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class QueryFilter:
    """Which entries to return; every field narrows, ``None`` means any."""

    lesson: str | None = None
    kind: EntryKind | None = None
    tag: str | None = None
    since: datetime | None = None  # inclusive, timezone-aware
    until: datetime | None = None  # exclusive, timezone-aware
    text: str | None = None  # case- and accent-insensitive, in prompt, answer and tags
    limit: int | None = None

    def matches(self, entry: Entry) -> bool:
        return (
            (self.lesson is None or entry.lesson == self.lesson)
            and (self.kind is None or entry.kind == self.kind)
            and (self.tag is None or fold(self.tag) in {fold(t) for t in entry.tags})
            and self._in_range(entry)
            and (not self.text or fold(self.text) in fold(_searchable(entry)))
        )

    def _in_range(self, entry: Entry) -> bool:
        if self.since is None and self.until is None:
            return True
        created = entry.created
        return (self.since is None or created >= self.since) and (
            self.until is None or created < self.until
        )


def _searchable(entry: Entry) -> str:
    return " ".join([entry.prompt or "", _answer_text(entry.answer), *entry.tags])


def _answer_text(answer: Answer) -> str:
    return ", ".join(answer) if isinstance(answer, list) else str(answer)


class Journal:
    """Entries and lesson runs in ``<data_dir>/journal.json``.

    Each public method is one complete read-modify-write; nothing is cached
    between calls, so several processes can share the journal safely.
    """

    def __init__(self, data_dir: Path, *, clock: Callable[[], datetime] = utc_now) -> None:
        self.data_dir = data_dir
        self.path = data_dir / JOURNAL_FILE
        self._clock = clock

    # -- plumbing ---------------------------------------------------------------

    @contextmanager
    def _tables(self, *, write: bool) -> Iterator[dict[str, dict[str, Any]]]:
        """The journal's tables as plain dicts; written back if ``write``."""
        from tinydb import TinyDB
        from tinydb.storages import JSONStorage, MemoryStorage

        if not write and not self.path.exists():
            db = TinyDB(storage=MemoryStorage)
        else:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            db = TinyDB(self.path, storage=JSONStorage)
        try:
            data = db.storage.read() or {}
            yield data
            if write:
                db.storage.write(data)
        finally:
            db.close()

    def _now(self) -> str:
        return timestamp(self._clock())

    @staticmethod
    def _entries(tables: dict[str, dict[str, Any]]) -> Iterator[Entry]:
        for record in tables.get(ENTRIES, {}).values():
            yield Entry.from_dict(record)

    # -- entries ----------------------------------------------------------------

    def add(
        self,
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
        """Save one answer or note now, and return it with its new id."""
        now = self._now()
        entry = Entry(
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
        self.add_entries([entry])
        return entry

    def add_entries(self, entries: Iterable[Entry]) -> list[Entry]:
        """Save complete entries (from an import) in one write; ids already present
        are skipped. Returns the entries actually added."""
        added = []
        with self._tables(write=True) as tables:
            table = tables.setdefault(ENTRIES, {})
            known = {record["id"] for record in table.values()}
            next_key = max((int(k) for k in table), default=0) + 1
            for entry in entries:
                if entry.id in known:
                    continue
                table[str(next_key)] = entry.to_dict()
                known.add(entry.id)
                next_key += 1
                added.append(entry)
        return added

    def get(self, id_or_prefix: str) -> Entry:
        """An entry by full id or by a unique prefix of at least four characters."""
        wanted = id_or_prefix.strip().lower()
        if len(wanted) < MIN_PREFIX:
            raise EntryNotFound(
                f"id '{id_or_prefix}' is too short", hint=f"give at least {MIN_PREFIX} characters"
            )
        with self._tables(write=False) as tables:
            found = [e for e in self._entries(tables) if e.id.startswith(wanted)]
        exact = [e for e in found if e.id == wanted]
        if exact:
            return exact[0]
        if not found:
            raise EntryNotFound(f"no entry with id '{id_or_prefix}'", hint="see 'intimacy review'")
        if len(found) > 1:
            raise AmbiguousId(id_or_prefix, [e.id for e in found])
        return found[0]

    def update(
        self, entry_id: str, *, answer: Answer | None = None, tags: Iterable[str] | None = None
    ) -> Entry:
        """Change an entry's answer and/or tags by its full id; keeps ``created_at``."""
        with self._tables(write=True) as tables:
            table = tables.get(ENTRIES, {})
            for key, record in table.items():
                if record["id"] == entry_id:
                    entry = Entry.from_dict(record)
                    entry = replace(
                        entry,
                        answer=entry.answer if answer is None else answer,
                        tags=entry.tags if tags is None else tuple(tags),
                        updated_at=self._now(),
                    )
                    table[key] = entry.to_dict()
                    return entry
        raise EntryNotFound(f"no entry with id '{entry_id}'")

    def delete(self, entry_ids: Iterable[str]) -> list[Entry]:
        """Delete exactly these entries (full ids), all or none."""
        wanted = set(entry_ids)
        with self._tables(write=True) as tables:
            table = tables.get(ENTRIES, {})
            keys = {record["id"]: key for key, record in table.items() if record["id"] in wanted}
            missing = wanted - keys.keys()
            if missing:
                raise EntryNotFound(f"no entry with id '{sorted(missing)[0]}'")
            return [Entry.from_dict(table.pop(keys[entry_id])) for entry_id in wanted]

    def query(self, where: QueryFilter | None = None) -> list[Entry]:
        """Matching entries, newest first."""
        where = where or QueryFilter()
        with self._tables(write=False) as tables:
            matching = [e for e in self._entries(tables) if where.matches(e)]
        matching.sort(key=lambda e: parse_time(e.created_at), reverse=True)
        return matching[: where.limit] if where.limit is not None else matching

    def count(self) -> int:
        with self._tables(write=False) as tables:
            return len(tables.get(ENTRIES, {}))

    # -- lesson runs ------------------------------------------------------------

    def start_run(self, lesson: str) -> LessonRun:
        now = self._now()
        run = LessonRun(id=str(uuid.uuid4()), lesson=lesson, started_at=now, updated_at=now)
        with self._tables(write=True) as tables:
            runs = tables.setdefault(RUNS, {})
            runs[str(max((int(k) for k in runs), default=0) + 1)] = run.to_dict()
        return run

    def save_run(self, run_id: str, *, step: str, completed: bool = False) -> LessonRun:
        """Record where a run is; ``completed`` marks the lesson done (once)."""
        with self._tables(write=True) as tables:
            for key, record in tables.get(RUNS, {}).items():
                if record["id"] == run_id:
                    run = LessonRun.from_dict(record)
                    now = self._now()
                    run = replace(
                        run,
                        step=step,
                        updated_at=now,
                        completed_at=run.completed_at or (now if completed else None),
                    )
                    tables[RUNS][key] = run.to_dict()
                    return run
        raise EntryNotFound(f"no lesson run with id '{run_id}'")

    def runs(self, lesson: str | None = None) -> list[LessonRun]:
        """Lesson runs, newest first."""
        with self._tables(write=False) as tables:
            runs = [LessonRun.from_dict(r) for r in tables.get(RUNS, {}).values()]
        runs = [r for r in runs if lesson is None or r.lesson == lesson]
        runs.sort(key=lambda r: parse_time(r.started_at), reverse=True)
        return runs

    def unfinished_run(self, lesson: str) -> LessonRun | None:
        """The newest run of a lesson that stopped before its end, if any."""
        return next((r for r in self.runs(lesson) if r.step != "done"), None)

    def completed_lessons(self) -> dict[str, str]:
        """Lesson id -> when it was first completed (ISO timestamp)."""
        done: dict[str, str] = {}
        for run in reversed(self.runs()):
            if run.completed_at and run.lesson not in done:
                done[run.lesson] = run.completed_at
        return done
