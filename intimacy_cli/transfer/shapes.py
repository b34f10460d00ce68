"""The public shapes: every ``--json`` output and the JSON export document.

The app keeps three contracts apart. The journal file's records belong to the
store (``store/``) and change with a schema migration; the dicts built here are
what people's scripts and backups read, and change only as ``docs/json.md``
says: a key is never renamed or removed without a version bump and a CHANGELOG
line. So every key is spelled out here, not taken from a dataclass, and a name
in the code can change without changing a key.

``intimacy import`` reads entries back through :data:`ENTRY_KEYS` and
:func:`entry_from_dict`, so what export writes and import reads cannot drift
apart. ``tests/test_shapes.py`` freezes each shape in ``tests/golden/``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from intimacy_cli.content.framing import SupportText
    from intimacy_cli.content.model import Lesson, Practice, Reflection
    from intimacy_cli.reminders.settings import Reminder
    from intimacy_cli.reports.homework_status import AssignmentStatus, ItemStatus
    from intimacy_cli.reports.mood import Average, Mood
    from intimacy_cli.reports.progress import Progress
    from intimacy_cli.reports.recall import RecallStats
    from intimacy_cli.store import Entry
    from intimacy_cli.store.receipts import Receipt

# The store is imported where it is used: ``support``, ``lessons`` and ``read``
# print JSON without opening a journal, and loading it would slow their start;
# so is the lesson model, which the export of a journal does not need.

# -- entries: review --json, show --json, the export's "entries", import ---------------

# Every key of an entry, in the order written.
ENTRY_KEYS = (
    "id",
    "kind",
    "answer",
    "created_at",
    "updated_at",
    "lesson",
    "prompt_id",
    "prompt",
    "tags",
    "session",
    "correct",
    "follows",
    "homework",
    "private",
)
# What import needs; any other key may be left out (``updated_at`` then is ``created_at``).
ENTRY_REQUIRED = ("id", "kind", "answer", "created_at")


def entry_dict(entry: Entry) -> dict[str, Any]:
    """One entry, as ``review --json``, ``show --json`` and the export print it."""
    return {
        "id": entry.id,
        "kind": entry.kind,
        "answer": entry.answer,
        "created_at": entry.created_at,
        "updated_at": entry.updated_at,
        "lesson": entry.lesson,
        "prompt_id": entry.question_id,
        "prompt": entry.question,
        "tags": list(entry.tags),
        "session": entry.session,
        "correct": entry.correct,
        "follows": entry.follows,
        "homework": _homework(entry),
        "private": entry.private,
    }


def _homework(entry: Entry) -> dict[str, Any] | None:
    """The homework item an entry was written for: ``{"id": ASSIGNMENT, "item": N}``."""
    if entry.homework is None:
        return None
    assignment, item = entry.homework
    return {"id": assignment, "item": item}


def stored_entry_dict(record: Mapping[str, Any]) -> dict[str, Any]:
    """:func:`entry_dict` straight from a stored record the store has checked:
    the export writes every entry, and building an :class:`Entry` for each
    first was most of its time. Key for key what ``entry_dict(Entry.from_record(
    record))`` gives (``tests/test_export_json.py`` holds them together)."""
    homework = record.get("homework")
    return {
        "id": record["id"],
        "kind": record["kind"],
        "answer": record["answer"],
        "created_at": record["created_at"],
        "updated_at": record["updated_at"],
        "lesson": record.get("lesson"),
        "prompt_id": record.get("prompt_id"),
        "prompt": record.get("prompt"),
        "tags": record.get("tags") or [],
        "session": record.get("session"),
        "correct": record.get("correct"),
        "follows": record.get("follows"),
        "homework": None if homework is None else {"id": homework["id"], "item": homework["item"]},
        "private": record.get("private") is True,
    }


def entries_list(entries: Iterable[Entry]) -> list[dict[str, Any]]:
    """The entries of ``review --json``: a plain array, in the order given."""
    return [entry_dict(entry) for entry in entries]


def entry_from_dict(data: Mapping[str, Any]) -> Entry:
    """An entry from its public shape, whose values the caller has checked."""
    from intimacy_cli.store import Entry

    return Entry(
        id=data["id"],
        kind=data["kind"],
        answer=data["answer"],
        created_at=data["created_at"],
        updated_at=data.get("updated_at") or data["created_at"],
        lesson=data.get("lesson"),
        question_id=data.get("prompt_id"),
        question=data.get("prompt"),
        tags=tuple(data.get("tags") or ()),
        session=data.get("session"),
        correct=data.get("correct"),
        follows=data.get("follows"),
        homework=(link["id"], link["item"]) if (link := data.get("homework")) else None,
        private=data.get("private") is True,
    )


# -- the export document (export --format json) -----------------------------------------

EXPORT_FORMAT = "intimacy-cli journal"
# Raised when a key of the document or of its entries is renamed or removed, or
# when an older import would refuse an entry (2: entries carry "follows").
EXPORT_VERSION = 2


def export_frame(exported_at: datetime) -> dict[str, Any]:
    """The JSON export's document around its entries: a marker, its version,
    when, and ``entries``, last, empty here; the exporter writes each entry
    (as :func:`stored_entry_dict` shapes it) into that list as it goes."""
    from intimacy_cli.store.entry import timestamp

    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": timestamp(exported_at),
        "entries": [],
    }


# -- recall stats --json ---------------------------------------------------------------


def recall_stats_dict(stats: RecallStats, titles: Mapping[str, str]) -> dict[str, Any]:
    """The figures ``intimacy recall stats`` shows; ``titles``: lesson id -> title."""
    return {
        "cards": stats.cards,
        "new": stats.new,
        "due_today": stats.due_today,
        "suspended": stats.suspended,
        "reviews": stats.reviews,
        "remembered": stats.remembered,
        "retention": None if stats.retention is None else round(stats.retention, 4),
        "next_due": None if stats.next_due is None else stats.next_due.isoformat(),
        "lessons": [
            {"lesson": lesson, "title": titles.get(lesson), "cards": cards, "due_today": due}
            for lesson, cards, due in stats.lessons
        ],
    }


# -- progress --json --------------------------------------------------------------------


def progress_dict(progress: Progress) -> dict[str, Any]:
    """The figures ``intimacy progress`` shows."""
    from intimacy_cli.store import KINDS

    return {
        "today": progress.today.isoformat(),
        "lessons_done": [
            {"id": done.id, "title": done.title, "completed_at": done.completed.isoformat()}
            for done in progress.lessons_done
        ],
        "lessons_total": progress.lessons_total,
        "entries": {kind: progress.kinds[kind] for kind in KINDS},
        "activity": [
            {"date": day.isoformat(), "count": progress.per_day[day]}
            for day in progress.calendar_days
        ],
        "streak_days": progress.streak,
        "scales": [
            {
                "lesson": series.lesson,
                "prompt_id": series.question_id,
                "prompt": series.question,
                "min": series.low,
                "max": series.high,
                "answers": [
                    {"created_at": moment.isoformat(), "value": value}
                    for moment, value in series.points
                ],
            }
            for series in progress.scales
        ],
    }


# -- lessons --json and read --json -----------------------------------------------------


def catalogue_list(lessons: Iterable[Lesson]) -> list[dict[str, Any]]:
    """The catalogue of ``intimacy lessons``: one summary per lesson, in order."""
    return [
        {
            "id": lesson.id,
            "order": lesson.order,
            "title": lesson.title,
            "summary": lesson.summary,
            "minutes": lesson.minutes,
            "track": lesson.track,
            "content_note": lesson.content_note,
        }
        for lesson in lessons
    ]


def lesson_dict(lesson: Lesson) -> dict[str, Any]:
    """A whole lesson, as ``intimacy read LESSON --json`` prints it."""
    return {
        "id": lesson.id,
        "order": lesson.order,
        "title": lesson.title,
        "summary": lesson.summary,
        "minutes": lesson.minutes,
        "track": lesson.track,
        "content_note": lesson.content_note,
        "sections": [{"title": s.title, "body": s.body} for s in lesson.sections],
        "takeaways": list(lesson.takeaways),
        "myths": [{"claim": m.claim, "evidence": m.evidence} for m in lesson.myths],
        "references": [
            {"citation": r.citation, "doi": r.doi, "url": r.url} for r in lesson.references
        ],
        "quiz": [
            {
                "id": q.id,
                "question": q.question,
                "choices": list(q.choices),
                "answer": q.answer,
                "explanation": q.explanation,
            }
            for q in lesson.quiz
        ],
        "reflections": [_reflection(r) for r in lesson.reflections],
        "practice": _practice(lesson.practice) if lesson.practice else None,
        "source": str(lesson.source),
    }


def _reflection(reflection: Reflection) -> dict[str, Any]:
    """A reflection question with only the keys its kind uses."""
    from intimacy_cli.content.model import LIST_KINDS

    data: dict[str, Any] = {
        "id": reflection.id,
        "prompt": reflection.question,
        "kind": reflection.kind,
    }
    if reflection.help:
        data["help"] = reflection.help
    if reflection.grounding:
        data["grounding"] = reflection.grounding
    if reflection.kind == "scale":
        data.update(
            min=reflection.min,
            max=reflection.max,
            min_label=reflection.min_label,
            max_label=reflection.max_label,
        )
    elif reflection.kind in ("choice", "multi_choice", "emotions"):
        data["options"] = list(reflection.options)
    if reflection.kind in LIST_KINDS:
        data["other"] = reflection.takes_other
    return data


def _practice(practice: Practice) -> dict[str, Any]:
    return {
        "title": practice.title,
        "minutes": practice.minutes,
        "steps": list(practice.steps),
        "evidence": practice.evidence,
        "prompt": practice.prompt,
    }


# -- data path --json -------------------------------------------------------------------


def data_paths_dict(
    *,
    data_dir: Path,
    journal: Path,
    backups: Path,
    lock: Path,
    config: Path,
    cache: Path,
    lessons: Sequence[Path],
) -> dict[str, Any]:
    """Where the app keeps things, as ``intimacy data path --json`` prints it."""
    return {
        "data_dir": str(data_dir),
        "journal": str(journal),
        "backups": str(backups),
        "lock": str(lock),
        "config": str(config),
        "cache": str(cache),
        "lessons": [str(folder) for folder in lessons],
    }


# -- data backups --json ------------------------------------------------------------------


def backup_dict(backup: Path, made: datetime) -> dict[str, Any]:
    """One backup, as ``intimacy data backups --json`` lists it."""
    return {
        "name": backup.name,
        "path": str(backup),
        "made": made.isoformat(timespec="seconds"),
        "kind": "snapshot" if backup.is_dir() else "file",
    }


# -- support --json ---------------------------------------------------------------------


def support_dict(text: SupportText) -> dict[str, Any]:
    """Where to find help, as ``intimacy support --json`` prints it."""
    return {
        "title": text.title,
        "intro": text.intro,
        "sections": [
            {"title": section.title, "lines": list(section.lines)} for section in text.sections
        ],
        "footer": text.footer,
    }


# -- mood --json --------------------------------------------------------------------------


def mood_dict(mood: Mood) -> dict[str, Any]:
    """The figures ``intimacy mood`` shows (the check-ins themselves: ``mood --csv``)."""

    def averages(average: Average) -> dict[str, Any]:
        return {
            "checkins": average.count,
            "pleasant": average.pleasant,
            "energy": average.energy,
            "quadrant": average.quadrant,
        }

    overall = mood.overall
    return {
        "today": mood.today.isoformat(),
        "from": mood.start.isoformat(),
        "weeks": mood.weeks,
        "overall": averages(overall) if overall else None,
        "days": [{"date": day.isoformat(), **averages(found)} for day, found in mood.days.items()],
        "grid": [list(row) for row in mood.grid],
        "by_tag": [{"tag": group.key, **averages(group.average)} for group in mood.by_tag],
        "by_lesson": [{"lesson": group.key, **averages(group.average)} for group in mood.by_lesson],
    }


# -- remind list --json -------------------------------------------------------------------


def reminder_dict(reminder: Reminder | None, *, installed: bool) -> dict[str, Any]:
    """The reminder ``remind list`` shows; ``set`` is false when there is none."""
    if reminder is None:
        return {"set": False}
    return {
        "set": True,
        "at": reminder.at,
        "days": list(reminder.days),
        "backend": reminder.backend,
        "installed": installed,
        "title": reminder.title,
        "text": reminder.text,
    }


# -- homework --json, homework show --json, report --history --json (issue 15) ----------


def homework_list(statuses: Sequence[AssignmentStatus]) -> list[dict[str, Any]]:
    """``intimacy homework --json``: every assignment, newest added first."""
    return [assignment_dict(status) for status in statuses]


def assignment_dict(status: AssignmentStatus, source: str | None = None) -> dict[str, Any]:
    """One assignment with each item and its status (``homework show --json``
    adds ``source``, the homework file's text as it was added)."""
    assignment = status.assignment
    shape: dict[str, Any] = {
        "id": assignment.id,
        "title": assignment.title,
        "from": assignment.sender,
        "note": assignment.note,
        "added_on": status.added_on.isoformat(),
        "done": status.done,
        "items": [_item_dict(item) for item in status.items],
    }
    if source is not None:
        shape["source"] = source
    return shape


def _day(day: Any) -> str | None:
    return None if day is None else day.isoformat()


def _item_dict(status: ItemStatus) -> dict[str, Any]:
    item = status.item
    repeat = item.repeat
    return {
        "item": item.number,
        "kind": item.kind,
        "lesson": item.lesson,
        "reflections": list(item.reflections),
        "prompt": item.prompt,
        "due": _day(item.due),
        "repeat": repeat.rule if repeat else None,
        "until": _day(repeat.until) if repeat else None,
        "times": repeat.times if repeat else None,
        "status": status.state,
        "due_by": _day(status.due),
        "next_on": _day(status.next_on),
        "times_done": status.times_done,
        "times_total": status.times_total,
        "last_done": _day(status.last_done),
    }


def receipts_list(receipts: Iterable[Receipt]) -> list[dict[str, Any]]:
    """``intimacy report --history --json``: every report written, newest first."""
    return [
        {
            "id": receipt.id,
            "shared_at": receipt.shared_at,
            "format": receipt.format,
            "sha256": receipt.sha256,
            "entries": list(receipt.entries),
            "homework": receipt.homework,
            "status_only": receipt.status_only,
            "file": receipt.file,
        }
        for receipt in receipts
    ]


# -- profiles and together (issue 17) ---------------------------------------------------


def profiles_list(profiles: Sequence[tuple[str, Path, bool, bool]]) -> list[dict[str, Any]]:
    """``profile list --json``: each profile's name, folder, and whether its
    journal is encrypted and it is paired."""
    return [
        {"name": name, "data_dir": str(folder), "encrypted": encrypted, "paired": paired}
        for name, folder, encrypted, paired in profiles
    ]


def together_dict(
    partner: str | None, fingerprint: str | None, rounds: Sequence[Any]
) -> dict[str, Any]:
    """``together --json``: the partner, and every round with what it waits for."""
    return {
        "paired": partner is not None,
        "partner": None if partner is None else {"name": partner, "fingerprint": fingerprint},
        "rounds": [
            {
                "id": state.id,
                "lesson": state.file.lesson,
                "questions": list(state.file.questions),
                "opened_at": state.file.created_at,
                "status": state.status,
            }
            for state in rounds
        ],
    }


def reveal_dict(
    round_id: str,
    lesson: str,
    partner: str,
    reflections: Sequence[Reflection],
    revealed: Any,
) -> dict[str, Any]:
    """``together reveal --json``: both answers per question (``null``: not shared,
    or ``revealed`` is false while the partner's key has not arrived)."""
    mine = revealed.mine if revealed is not None else {}
    theirs = revealed.theirs if revealed is not None else {}
    return {
        "round": round_id,
        "lesson": lesson,
        "partner": partner,
        "revealed": revealed is not None,
        "questions": [
            {
                "id": reflection.id,
                "prompt": reflection.question,
                "kind": reflection.kind,
                "you": mine.get(reflection.id),
                "partner": theirs.get(reflection.id),
            }
            for reflection in reflections
        ],
    }
