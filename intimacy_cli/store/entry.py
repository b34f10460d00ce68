"""Journal records: answers and notes (entries) and lesson runs (sessions)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, Required, TypedDict

EntryKind = Literal["reflection", "quiz", "journal"]
KINDS: tuple[EntryKind, ...] = ("reflection", "quiz", "journal")
Answer = str | int | float | list[str]
LIST_SEPARATOR = "; "


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value)


def timestamp(moment: datetime) -> str:
    """How records store a moment: UTC, to the microsecond, with its offset."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def answer_text(answer: Answer) -> str:
    """An answer as one string, as shown, exported and searched; several choices
    are joined with ``"; "`` because options themselves may contain commas."""
    return LIST_SEPARATOR.join(answer) if isinstance(answer, list) else str(answer)


class NewEntry(TypedDict, total=False):
    """What a caller supplies for a new entry; the journal adds id and times."""

    kind: Required[EntryKind]
    answer: Required[Answer]
    lesson: str | None
    prompt_id: str | None
    prompt: str | None
    tags: Iterable[str]
    session: str | None
    correct: bool | None


@dataclass(frozen=True)
class Entry:
    """One answer or journal note. ``id`` is a UUID that never changes."""

    id: str
    kind: EntryKind
    answer: Answer
    created_at: str
    updated_at: str
    lesson: str | None = None
    prompt_id: str | None = None
    prompt: str | None = None
    tags: tuple[str, ...] = ()
    session: str | None = None
    # Quiz entries only: whether the chosen answer was the right one.
    correct: bool | None = None

    @property
    def created(self) -> datetime:
        return parse_time(self.created_at)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["tags"] = list(self.tags)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        return cls(
            id=data["id"],
            kind=data["kind"],
            answer=data["answer"],
            created_at=data["created_at"],
            updated_at=data["updated_at"],
            lesson=data.get("lesson"),
            prompt_id=data.get("prompt_id"),
            prompt=data.get("prompt"),
            tags=tuple(data.get("tags") or ()),
            session=data.get("session"),
            correct=data.get("correct"),
        )


@dataclass(frozen=True)
class LessonRun:
    """One pass through a lesson by ``intimacy learn``, so it can be resumed.

    ``step`` is where the person stopped: ``"section:N"``, ``"quiz:N"``,
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

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LessonRun:
        return cls(
            id=data["id"],
            lesson=data["lesson"],
            started_at=data["started_at"],
            updated_at=data["updated_at"],
            step=data.get("step", "section:0"),
            completed_at=data.get("completed_at"),
            extra=dict(data.get("extra") or {}),
        )
