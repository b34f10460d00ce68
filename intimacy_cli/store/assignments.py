"""Homework assignments kept in the journal (the ``homework`` table).

``intimacy homework add`` stores the checked file's text, what it asks for,
and the text of the pack lessons it needs, so the assignment survives the
original file being deleted, and an encrypted journal keeps all of it
encrypted. Removing an assignment keeps every answer given for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from intimacy_cli.base.dates import local_day, local_midnight
from intimacy_cli.base.errors import IntimacyError
from intimacy_cli.content.homework import Assignment, Item, Repeat, parse_repeat
from intimacy_cli.store.entry import Entry, parse_time
from intimacy_cli.store.journal_file import JournalFile, records_of, tinydb_table
from intimacy_cli.store.queries import QueryFilter, newest_first, select
from intimacy_cli.store.records import CHECKINS, HOMEWORK, SESSIONS
from intimacy_cli.store.sessions import LessonSession


@dataclass(frozen=True)
class PackLesson:
    """A lesson file an assignment brought along: its name and text."""

    file: str
    text: str


@dataclass(frozen=True)
class StoredAssignment:
    assignment: Assignment
    added_at: str
    source: str  # the homework file's text, as added
    file: str | None = None  # the name it was added from
    lessons: tuple[PackLesson, ...] = ()

    @property
    def id(self) -> str:
        return self.assignment.id

    def to_record(self) -> dict[str, Any]:
        assignment = self.assignment
        return {
            "id": assignment.id,
            "title": assignment.title,
            "from": assignment.sender,
            "note": assignment.note,
            "file": self.file,
            "source": self.source,
            "added_at": self.added_at,
            "items": [_item_record(item) for item in assignment.items],
            "lessons": [{"file": pack.file, "text": pack.text} for pack in self.lessons],
        }

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> StoredAssignment:
        assignment = Assignment(
            id=data["id"],
            title=data["title"],
            items=tuple(_item(n, item) for n, item in enumerate(data["items"], 1)),
            sender=data.get("from"),
            note=data.get("note"),
        )
        lessons = tuple(PackLesson(p["file"], p["text"]) for p in data.get("lessons") or ())
        return cls(assignment, data["added_at"], data["source"], data.get("file"), lessons)


def _item_record(item: Item) -> dict[str, Any]:
    repeat = item.repeat
    return {
        "kind": item.kind,
        "lesson": item.lesson,
        "reflections": list(item.reflections),
        "prompt": item.prompt,
        "due": item.due.isoformat() if item.due else None,
        "repeat": repeat.rule if repeat else None,
        "until": repeat.until.isoformat() if repeat and repeat.until else None,
        "times": repeat.times if repeat else None,
    }


def _item(number: int, data: dict[str, Any]) -> Item:
    """An item from a checked record (see ``records._homework_items``)."""
    repeat = None
    if data.get("repeat"):
        parsed = parse_repeat(data["repeat"])
        assert parsed is not None  # the record checker read it
        until = data.get("until")
        repeat = Repeat(*parsed, date.fromisoformat(until) if until else None, data.get("times"))
    due = data.get("due")
    return Item(
        number,
        data["kind"],
        data.get("lesson"),
        tuple(data.get("reflections") or ()),
        data.get("prompt"),
        date.fromisoformat(due) if due else None,
        repeat,
    )


@dataclass(frozen=True)
class Homework:
    """Assignments, newest first, and the answers their status is derived from."""

    assignments: list[StoredAssignment]
    entries: list[Entry]
    sessions: list[LessonSession]
    checkin_days: frozenset[date] = frozenset()  # local days with a check-in


class AssignmentExists(IntimacyError):
    """An assignment with this id is already in the journal; nothing was added."""


class AssignmentNotFound(IntimacyError):
    """No assignment has this id."""


def assignment_not_found(assignment_id: str) -> AssignmentNotFound:
    return AssignmentNotFound(f"no homework assignment with the id '{assignment_id}'")


class Assignments:
    """The journal's homework assignments; each method is one complete read or write."""

    def __init__(self, file: JournalFile) -> None:
        self._file = file

    def add(
        self,
        assignment: Assignment,
        source: str,
        *,
        file: str | None = None,
        lessons: tuple[PackLesson, ...] = (),
    ) -> StoredAssignment:
        """Keep an assignment; one whose id is already kept is refused."""
        stored = StoredAssignment(assignment, self._file.now(), source, file, lessons)
        with self._file.writing() as storage:
            if any(r["id"] == assignment.id for r in records_of(storage, HOMEWORK).values()):
                raise AssignmentExists(
                    f"an assignment with the id '{assignment.id}' is already added; "
                    "nothing was added"
                )
            tinydb_table(storage, HOMEWORK).insert(stored.to_record())
        return stored

    def all(self) -> list[StoredAssignment]:
        """Every assignment, the newest added first."""
        records = records_of(self._file.storage(check_entries=False), HOMEWORK)
        return [StoredAssignment.from_record(r) for _, r in newest_first(records, "added_at")]

    def with_answers(self) -> Homework:
        """Every assignment with what its status is derived from, in one read:
        the entries written since the day the oldest one was added, and the
        lesson sessions."""
        storage = self._file.storage(check_entries=False)
        records = records_of(storage, HOMEWORK)
        assignments = [
            StoredAssignment.from_record(r) for _, r in newest_first(records, "added_at")
        ]
        if not assignments:
            return Homework([], [], [])
        oldest = min(local_day(parse_time(stored.added_at)) for stored in assignments)
        entries = select(storage, QueryFilter(since=local_midnight(oldest)))
        sessions = [LessonSession.from_record(r) for r in records_of(storage, SESSIONS).values()]
        checkin_days = frozenset(
            date.fromisoformat(r["day"]) for r in records_of(storage, CHECKINS).values()
        )
        return Homework(assignments, entries, sessions, checkin_days)

    def get(self, assignment_id: str) -> StoredAssignment:
        for stored in self.all():
            if stored.id == assignment_id:
                return stored
        raise assignment_not_found(assignment_id)

    def remove(self, assignment_id: str) -> StoredAssignment:
        """Remove an assignment (its answers stay in the journal)."""
        with self._file.writing() as storage:
            records = records_of(storage, HOMEWORK)
            found = [(key, r) for key, r in records.items() if r["id"] == assignment_id]
            if not found:
                raise assignment_not_found(assignment_id)
            (key, record), *_ = found
            tinydb_table(storage, HOMEWORK).remove(doc_ids=[int(key)])
        return StoredAssignment.from_record(record)
