"""Lesson sessions: one sitting through a lesson with ``intimacy learn``, kept
so it can be resumed, and so answers can be grouped by the sitting they were
given in (an entry's ``session`` is a session's id)."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from intimacy_cli.store.journal_file import JournalFile, find, records_of, tinydb_table
from intimacy_cli.store.queries import newest_first
from intimacy_cli.store.records import SESSIONS

DONE = "done"


@dataclass(frozen=True)
class LessonSession:
    """Where a person is in one sitting through a lesson.

    ``step`` is where they stopped: ``"section:N"``, ``"quiz:N"``,
    ``"reflection:N"`` (0-based) or ``"done"``. The lesson counts as done once
    its reflections are reached (``completed_at`` is set then).
    """

    id: str
    lesson: str
    started_at: str
    updated_at: str
    step: str = "section:0"
    completed_at: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_record(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> LessonSession:
        return cls(
            id=data["id"],
            lesson=data["lesson"],
            started_at=data["started_at"],
            updated_at=data["updated_at"],
            step=data.get("step", "section:0"),
            completed_at=data.get("completed_at"),
            extra=dict(data.get("extra") or {}),
        )


class Sessions:
    """The journal's lesson sessions; each method is one complete read or write."""

    def __init__(self, file: JournalFile) -> None:
        self._file = file

    def start(self, lesson: str) -> LessonSession:
        now = self._file.now()
        session = LessonSession(id=str(uuid.uuid4()), lesson=lesson, started_at=now, updated_at=now)
        with self._file.writing() as storage:
            tinydb_table(storage, SESSIONS).insert(session.to_record())
        return session

    def save(self, session_id: str, *, step: str, completed: bool = False) -> LessonSession:
        """Record where a session is; ``completed`` marks the lesson done (once)."""
        with self._file.writing() as storage:
            doc_id, record = find(records_of(storage, SESSIONS), session_id, "lesson session")
            old = LessonSession.from_record(record)
            now = self._file.now()
            session = replace(
                old,
                step=step,
                updated_at=now,
                completed_at=old.completed_at or (now if completed else None),
            )
            tinydb_table(storage, SESSIONS).update(session.to_record(), doc_ids=[doc_id])
        return session

    def all(self, lesson: str | None = None) -> list[LessonSession]:
        """Lesson sessions, newest first."""
        ordered = newest_first(self._file.tables().get(SESSIONS, {}), "started_at")
        sessions = [LessonSession.from_record(record) for _, record in ordered]
        return [s for s in sessions if lesson is None or s.lesson == lesson]

    def unfinished(self, lesson: str) -> LessonSession | None:
        """The newest session of a lesson that stopped before its end, if any."""
        return next((s for s in self.all(lesson) if s.step != DONE), None)

    def completed_lessons(self) -> dict[str, str]:
        """Lesson id -> when it was first completed (ISO timestamp)."""
        return completed_in(self._file.tables().get(SESSIONS, {}))


def completed_in(records: dict[str, Any]) -> dict[str, str]:
    """Lesson id -> when it was first completed, from the sessions table's
    records (for a caller that has read the journal already)."""
    done: dict[str, str] = {}
    for _, record in reversed(newest_first(records, "started_at")):
        completed, lesson = record.get("completed_at"), record["lesson"]
        if completed and lesson not in done:
            done[lesson] = completed
    return done
