"""What recall keeps in the journal: the append-only log of card reviews, the
cards a person set aside, and what became of each earlier reflection shown
again. Each review also notes when the card was next due, and which
scheduler (with which settings) said so: ``reports/recall.py`` uses that
while the scheduler is the same and replays the log otherwise, so a new
algorithm, a new retention or a changed card never loses a review.

Everything lives in the journal file itself, so an encrypted journal keeps
it encrypted like the answers it was derived from.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from intimacy_cli.store.entry import Entry, timestamp
from intimacy_cli.store.journal_file import JournalFile, add_by_period, records_of, tinydb_table
from intimacy_cli.store.queries import QueryFilter, select
from intimacy_cli.store.records import RECALL_REVIEWS, RECALL_SUSPENDED, RESURFACED, SESSIONS
from intimacy_cli.store.sessions import completed_in

Response = Literal["fits", "changed", "hidden"]


@dataclass(frozen=True)
class Review:
    """One rating of one card, as it was when rated (``content_hash``)."""

    card: str
    content_hash: str
    rating: int
    reviewed_at: str
    # When the card was due next after this review, and the scheduler that
    # said so (``None`` in logs from before these were kept).
    due: str | None = None
    scheduler: str | None = None


@dataclass(frozen=True)
class Resurfaced:
    """An earlier entry shown again, and the person's answer to it."""

    entry: str
    shown_at: str
    response: Response


@dataclass(frozen=True)
class RecallRecords:
    """Everything recall reads, from one read of the journal file."""

    reviews: list[Review]  # oldest first
    suspended: frozenset[str]
    resurfaced: list[Resurfaced]  # oldest first
    # Lesson id -> when it was first done: whose cards are in the deck.
    completed: dict[str, str]


class Recall:
    """The journal's recall tables; each method is one complete read or write."""

    def __init__(self, file: JournalFile) -> None:
        self._file = file

    def records(self) -> RecallRecords:
        """The review log, the suspended cards, the resurfaced entries and the
        lessons done, in one read of the journal (the entries, by far its
        largest part, are not needed and not checked)."""
        storage = self._file.storage(check_entries=False)
        reviews = sorted(
            (
                Review(
                    r["card"],
                    r["content_hash"],
                    r["rating"],
                    r["reviewed_at"],
                    r.get("due"),
                    r.get("scheduler"),
                )
                for r in records_of(storage, RECALL_REVIEWS).values()
            ),
            key=lambda review: review.reviewed_at,
        )
        suspended = frozenset(r["card"] for r in records_of(storage, RECALL_SUSPENDED).values())
        resurfaced = sorted(
            (
                Resurfaced(r["entry"], r["shown_at"], r["response"])
                for r in records_of(storage, RESURFACED).values()
            ),
            key=lambda shown: shown.shown_at,
        )
        completed = completed_in(records_of(storage, SESSIONS))
        return RecallRecords(reviews, suspended, resurfaced, completed)

    def log_review(
        self,
        card: str,
        content_hash: str,
        rating: int,
        *,
        schedule: Callable[[Review], tuple[datetime, str]] | None = None,
    ) -> Review:
        """Append one rating to the log, saved at once. ``schedule`` says when
        the card is next due after this review, and by which scheduler."""
        review = Review(card, content_hash, rating, self._file.now())
        if schedule is not None:
            due, scheduler = schedule(review)
            review = replace(review, due=timestamp(due), scheduler=scheduler)
        with self._file.writing() as storage:
            add_by_period(
                storage,
                RECALL_REVIEWS,
                [
                    {
                        "id": str(uuid.uuid4()),
                        "card": card,
                        "content_hash": content_hash,
                        "rating": rating,
                        "reviewed_at": review.reviewed_at,
                        "due": review.due,
                        "scheduler": review.scheduler,
                    }
                ],
            )
        return review

    def suspend(self, card: str) -> bool:
        """Set a card aside; ``False`` if it already was."""
        with self._file.writing() as storage:
            records = records_of(storage, RECALL_SUSPENDED)
            if any(record["card"] == card for record in records.values()):
                return False
            tinydb_table(storage, RECALL_SUSPENDED).insert(
                {"id": str(uuid.uuid4()), "card": card, "suspended_at": self._file.now()}
            )
        return True

    def unsuspend(self, card: str) -> bool:
        """Bring a set-aside card back; ``False`` if it was not set aside."""
        with self._file.writing() as storage:
            records = records_of(storage, RECALL_SUSPENDED)
            doc_ids = [int(key) for key, record in records.items() if record["card"] == card]
            if doc_ids:
                tinydb_table(storage, RECALL_SUSPENDED).remove(doc_ids=doc_ids)
        return bool(doc_ids)

    def note_resurfaced(self, entry_id: str, response: Response) -> None:
        """Remember how a person answered an earlier entry shown again."""
        with self._file.writing() as storage:
            tinydb_table(storage, RESURFACED).insert(
                {
                    "id": str(uuid.uuid4()),
                    "entry": entry_id,
                    "shown_at": self._file.now(),
                    "response": response,
                }
            )

    def resurfacing_candidates(self, created_before: datetime) -> list[Entry]:
        """Entries written before ``created_before`` that may be shown again:
        reflections and journal notes in words, never a quiz answer, and never
        one marked private (``private: true``, the mark the together feature
        puts on what is private to a partner). Oldest first."""
        older = select(self._file.storage(check_entries=False), QueryFilter(until=created_before))
        found = [
            entry
            for entry in older
            if entry.kind != "quiz" and isinstance(entry.answer, str) and not entry.private
        ]
        found.reverse()
        return found
