"""Journal entries: every answer and note a person saved."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

if TYPE_CHECKING:  # the lesson model is not needed to read or write entries
    from typing import Required, TypedDict

    from intimacy_cli.content.model import Answer

EntryKind = Literal["reflection", "quiz", "journal"]
# The homework item an entry was written for: the assignment's id and the item's number.
HomeworkLink = tuple[str, int]
KINDS: tuple[EntryKind, ...] = ("reflection", "quiz", "journal")
LIST_SEPARATOR = "; "
# The most text one entry holds (its answer, question and tags together), about
# forty pages: far more than a journal entry needs, and small enough that one
# pasted file cannot make every later command slow. On saving and on import.
MAX_ENTRY_CHARS = 100_000


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value)


def timestamp(moment: datetime) -> str:
    """How records store a moment: UTC, to the microsecond, with its offset."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def answer_text(answer: Answer) -> str:
    """An answer as one string, as shown, exported and searched; several choices
    are joined with ``"; "`` because options themselves may contain commas."""
    return LIST_SEPARATOR.join(answer) if isinstance(answer, list) else str(answer)


def entry_size(answer: Answer, question: str | None, tags: Iterable[str]) -> int:
    """How much text an entry holds, as :data:`MAX_ENTRY_CHARS` counts it."""
    return len(answer_text(answer)) + len(question or "") + sum(len(tag) for tag in tags)


if TYPE_CHECKING:
    # Only for type checking (``Unpack[NewEntry]``): a TypedDict costs as much to
    # make as the rest of this module, on every command.
    class NewEntry(TypedDict, total=False):
        """What a caller supplies for a new entry; the journal adds id and times."""

        kind: Required[EntryKind]
        answer: Required[Answer]
        lesson: str | None
        question_id: str | None
        question: str | None
        tags: Iterable[str]
        session: str | None
        correct: bool | None
        follows: str | None
        homework: HomeworkLink | None
        private: bool


class Entry(NamedTuple):
    """One answer or journal note. ``id`` is a UUID that never changes.

    A named tuple, not a dataclass: every command that reads or writes entries
    imports this class, and a frozen dataclass of these fields costs three times
    as much to make (``_replace`` makes a changed copy)."""

    id: str
    kind: EntryKind
    answer: Answer
    created_at: str
    updated_at: str
    lesson: str | None = None
    # The reflection or quiz question answered (its id in the lesson, and its
    # text as it was asked); stored as "prompt_id" and "prompt".
    question_id: str | None = None
    question: str | None = None
    tags: tuple[str, ...] = ()
    # The lesson session the answer was given in.
    session: str | None = None
    # Quiz entries only: whether the chosen answer was the right one.
    correct: bool | None = None
    # The id of an earlier entry this one says how things are now (written
    # after "It has changed" when that entry was shown again by recall).
    follows: str | None = None
    # Written from a homework item (``--homework ID:N``): stored {"id": ID, "item": N}.
    homework: HomeworkLink | None = None
    # Kept private in a together round: never shared with a partner, and
    # left out by features that bring old answers back.
    private: bool = False

    @property
    def created(self) -> datetime:
        return parse_time(self.created_at)

    def to_record(self) -> dict[str, Any]:
        """The entry as the journal file stores it (``follows`` and ``private``
        only when set: most entries have neither, and their records stay as
        they were)."""
        record: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "answer": self.answer,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "lesson": self.lesson,
            "prompt_id": self.question_id,
            "prompt": self.question,
            "tags": list(self.tags),
            "session": self.session,
            "correct": self.correct,
            "homework": homework_record(self.homework),
        }
        if self.follows is not None:
            record["follows"] = self.follows
        if self.private:  # only then: every other record stays as it was
            record["private"] = True
        return record

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> Entry:
        """An entry from a stored record (checked by the store before)."""
        return cls(
            id=data["id"],
            kind=data["kind"],
            answer=data["answer"],
            created_at=data["created_at"],
            updated_at=data["updated_at"],
            lesson=data.get("lesson"),
            question_id=data.get("prompt_id"),
            question=data.get("prompt"),
            tags=tuple(data.get("tags") or ()),
            session=data.get("session"),
            correct=data.get("correct"),
            follows=data.get("follows"),
            homework=homework_link(data.get("homework")),
            private=data.get("private") is True,
        )


def homework_record(link: HomeworkLink | None) -> dict[str, Any] | None:
    """A homework link as records and exports hold it."""
    return None if link is None else {"id": link[0], "item": link[1]}


def homework_link(value: dict[str, Any] | None) -> HomeworkLink | None:
    """A homework link from a checked record or export."""
    return None if value is None else (value["id"], value["item"])
