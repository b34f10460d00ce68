"""Journal entries written at chosen local times (for the review, export and
progress tests), and a lesson's answers read back."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from intimacy_cli.commands.state import AppState
from intimacy_cli.store import Entry, Journal, QueryFilter
from intimacy_cli.store.entry import timestamp

# The fields every entry has in JSON output, in the words (quiz entries add "correct").
STORE_FIELDS = (
    "id",
    "kind",
    "lesson",
    "prompt_id",
    "prompt",
    "answer",
    "tags",
    "session",
    "created_at",
    "updated_at",
)
# Tuesday 24 November 2026, 15:00 in the tests' local zone (US Eastern, UTC-5 then).
NOW = datetime(2026, 11, 24, 15, 0, tzinfo=timezone(timedelta(hours=-5)))


def local(text: str) -> datetime:
    """A local wall-clock time such as '2026-11-20 23:30' (uses the TZ in force)."""
    return datetime.fromisoformat(text).astimezone()


def stored_entry(when: datetime, answer: Any, **fields: Any) -> dict[str, Any]:
    """An entry's record as the journal stores it: a reflection on the sample
    lesson unless ``fields`` (named as the record's keys) say otherwise."""
    stamp = timestamp(when)
    return {
        "id": str(uuid.uuid4()),
        "kind": "reflection",
        "answer": answer,
        "created_at": stamp,
        "updated_at": stamp,
        "lesson": "sample",
        "prompt_id": "one-line",
        "prompt": "One word for today?",
        "tags": [],
        **fields,
    }


def entry(when: str, answer: Any = "an answer", **fields: Any) -> Entry:
    """A reflection on the sample lesson unless ``fields`` (named as the
    :class:`Entry` attributes) say otherwise."""
    if "tags" in fields:
        fields["tags"] = tuple(fields["tags"])
    return Entry.from_record(stored_entry(local(when), answer))._replace(**fields)


def seed(data_dir: Path, *entries: Entry) -> list[Entry]:
    Journal(data_dir).entries.add_all(entries)
    return list(entries)


def clock_at(now: datetime = NOW) -> AppState:
    """App state whose clock is stopped at ``now`` (a fresh one per run)."""
    fixed: Callable[[], datetime] = lambda: now  # noqa: E731 - a stopped clock
    return AppState(clock=fixed)


def answers(journal: Journal, lesson: str = "sample") -> dict[str, Entry]:
    """The lesson's saved entries by question id (the newest answer wins)."""
    found: dict[str, Entry] = {}
    for saved in journal.entries.query(QueryFilter(lesson=lesson)):
        assert saved.question_id is not None
        found.setdefault(saved.question_id, saved)
    return found
