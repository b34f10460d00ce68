"""What one month of entries adds up to, kept beside the tables (in the
manifest, or in the summaries file it names) so ``progress`` need not read
every entry (see :mod:`~intimacy_cli.store.layout`).

A month's summary is computed from its table whenever a write replaces that
table (so it costs what the month costs, never the journal), and holds only
what does not depend on the reader's time zone::

    {"kinds": {"reflection": 12, "quiz": 4, "journal": 9},
     "days": [[3, 41400, 82800], ...],     # UTC day of the month, first and last entry's second
     "scales": "[[\"sample\",\"closeness\",\"How close do you feel?\",[[190800000000,7],...]],...]"}

``days`` has one triple per UTC day with an entry: with the first and the last
entry's time (to the second: offsets are whole seconds), a reader places that
day's entries in its own local days exactly, unless its clocks went back in
between (then it reads the month). ``scales`` holds the month's numeric
reflection answers by question (lesson, question id, the wording last asked,
then each answer's microsecond within the month and value), in ``progress``'s
order: oldest first, equal times last saved first. It is a JSON text,
parsed only by ``progress``: the answers are most of a summary's size, and
every command reads the manifest (several times, some).

A stored summary is checked when it is used (:func:`summary_of`); one this
version would not have written is ignored, and the month is read instead.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson

from intimacy_cli.store.entry import KINDS, Entry, parse_time, timestamp
from intimacy_cli.store.layout import PERIOD_SEPARATOR, periods_by_month
from intimacy_cli.store.records import ENTRIES

if TYPE_CHECKING:
    from intimacy_cli.store.storage import JournalStorage

Record = dict[str, Any]
SECONDS_A_DAY = 86_400
_MICROSECONDS = 1_000_000


# Named tuples rather than dataclasses: made on every write's import, where a
# dataclass costs about half a millisecond each.
class ScaleAnswers(NamedTuple):
    """One month's answers to one scale question, in ``progress``'s order."""

    lesson: str
    question_id: str
    question: str | None  # as asked by the last of them
    points: tuple[tuple[int, int | float], ...]  # (microsecond within the month, value)


class MonthSummary(NamedTuple):
    month: str  # YYYY-MM, UTC
    kinds: dict[str, int]
    days: tuple[tuple[int, int, int], ...]  # (day of the month, first second, last second)
    scales: tuple[ScaleAnswers, ...]

    @property
    def start(self) -> datetime:
        return datetime(int(self.month[:4]), int(self.month[5:]), 1, tzinfo=UTC)

    def to_json(self) -> dict[str, Any]:
        return {
            "kinds": self.kinds,
            "days": [list(day) for day in self.days],
            "scales": orjson.dumps(
                [
                    [answers.lesson, answers.question_id, answers.question, answers.points]
                    for answers in self.scales
                ]
            ).decode(),
        }


def summarize_month(month: str, table: dict[str, Record]) -> MonthSummary:
    """The summary of one month's table (of checked records, as written).

    It runs on every write, over the month written: stored times are UTC in
    one fixed width, so they are sorted and cut as text, never parsed."""
    # The order progress lists answers in: by time, equal times last saved first.
    in_order = sorted(
        ((_stored(record["created_at"]), record) for record in reversed(table.values())),
        key=lambda pair: pair[0],
    )
    kinds = Counter(record["kind"] for _, record in in_order)
    days: dict[str, tuple[str, str]] = {}  # "DD" -> first and last time that day
    for created, _ in in_order:
        first, _ = days.get(created[8:10], (created, created))
        days[created[8:10]] = (first, created)
    scales: dict[tuple[str, str], tuple[str | None, list[tuple[int, int | float]]]] = {}
    for created, record in in_order:
        lesson, question_id, answer = (
            record.get("lesson"),
            record.get("prompt_id"),
            record["answer"],
        )
        numeric = type(answer) in (int, float)  # a scale's (never a bool)
        if record["kind"] == "reflection" and lesson and question_id and numeric:
            _, points = scales.get((lesson, question_id), (None, []))
            points.append((_microsecond(created), answer))
            scales[(lesson, question_id)] = (record.get("prompt"), points)
    return MonthSummary(
        month,
        {kind: kinds[kind] for kind in KINDS},
        tuple((int(day), _second(first), _second(last)) for day, (first, last) in days.items()),
        tuple(
            ScaleAnswers(lesson, question_id, question, tuple(points))
            for (lesson, question_id), (question, points) in scales.items()
        ),
    )


def extended(summary: MonthSummary, later: dict[str, Record]) -> MonthSummary | None:
    """``summary`` with the records of ``later`` (checked ones, saved after
    every record it counts) added, without reading the month again: what an
    added entry costs stays the same however full its month is. ``None``
    when one of them is not later than the month's last entry, to the second
    (a summary keeps no finer time): the month is summarized whole instead."""
    added = summarize_month(summary.month, later)
    if summary.days and added.days:
        last_day, _, last_second = summary.days[-1]
        first_day, first_second, _ = added.days[0]
        if (first_day, first_second) <= (last_day, last_second):
            return None
    days = {day: (first, last) for day, first, last in summary.days}
    for day, first, last in added.days:  # a new day, or the last one going on
        days[day] = (days.get(day, (first, last))[0], last)
    scales = {(one.lesson, one.question_id): one for one in summary.scales}
    for one in added.scales:
        earlier = scales.get((one.lesson, one.question_id))
        scales[(one.lesson, one.question_id)] = (
            one if earlier is None else one._replace(points=earlier.points + one.points)
        )
    return MonthSummary(
        summary.month,
        {kind: summary.kinds[kind] + added.kinds[kind] for kind in KINDS},
        tuple((day, first, last) for day, (first, last) in days.items()),
        tuple(scales.values()),
    )


_STORED_LENGTH = len("2026-01-01T00:00:00.000000+00:00")


def _stored(created: str) -> str:
    """A checked record's time in the stored form (UTC, fixed width), which the
    app writes; another spelling of a moment (imported or crafted) is put in it."""
    if len(created) == _STORED_LENGTH and created.endswith("+00:00"):
        return created
    return timestamp(parse_time(created))


def _second(created: str) -> int:
    """The second of its UTC day a stored time is in."""
    return int(created[11:13]) * 3600 + int(created[14:16]) * 60 + int(created[17:19])


def _microsecond(created: str) -> int:
    """The microsecond of its UTC month a stored time is at."""
    day_seconds = (int(created[8:10]) - 1) * SECONDS_A_DAY + _second(created)
    return day_seconds * _MICROSECONDS + int(created[20:26])


def summary_of(month: str, stored: object, count: int) -> MonthSummary | None:
    """A summary as stored, if it is one this version would
    have written for a month of ``count`` entries; else ``None`` (read the month)."""
    try:
        summary = _parsed(month, stored)
    except (TypeError, ValueError, KeyError):
        return None
    return summary if _consistent(summary, count) else None


def _parsed(month: str, stored: object) -> MonthSummary:
    if not isinstance(stored, dict) or set(stored) != {"kinds", "days", "scales"}:
        raise ValueError("not a summary")
    kinds, days, scales = stored["kinds"], stored["days"], stored["scales"]
    if not isinstance(scales, str):
        raise ValueError("not the scale answers")
    if not isinstance(kinds, dict) or set(kinds) != set(KINDS):
        raise ValueError("not counts by kind")
    return MonthSummary(
        month,
        {kind: _whole(kinds[kind]) for kind in KINDS},
        tuple(_day(day) for day in _list(days)),
        tuple(_scale_answers(answers) for answers in _list(orjson.loads(scales))),
    )


def _consistent(summary: MonthSummary, count: int) -> bool:
    next_month = (summary.start + timedelta(days=32)).replace(day=1)
    last_day = (next_month - summary.start).days
    days = [day for day, _, _ in summary.days]
    month_length = last_day * SECONDS_A_DAY * _MICROSECONDS
    points = [point for answers in summary.scales for point in answers.points]
    questions = [(answers.lesson, answers.question_id) for answers in summary.scales]
    return (
        sum(summary.kinds.values()) == count
        and days == sorted(set(days))
        and all(1 <= day <= last_day and first <= last for day, first, last in summary.days)
        and len(days) <= count
        and len(points) <= summary.kinds["reflection"]
        and len(set(questions)) == len(questions)
        and all(
            answers.points
            and [at for at, _ in answers.points] == sorted(at for at, _ in answers.points)
            for answers in summary.scales
        )
        and all(0 <= at < month_length for at, _ in points)
    )


def _list(value: object) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError("not a list")
    return value


def _whole(value: object) -> int:
    if type(value) is not int or value < 0:
        raise ValueError("not a count")
    return value


def _day(value: object) -> tuple[int, int, int]:
    day, first, last = _list(value)
    if not all(type(part) is int for part in (day, first, last)):
        raise ValueError("not a day")
    if not 0 <= first < SECONDS_A_DAY or not 0 <= last < SECONDS_A_DAY:
        raise ValueError("not a second of the day")
    return day, first, last


def _scale_answers(value: object) -> ScaleAnswers:
    lesson, question_id, question, points = _list(value)
    if not (isinstance(lesson, str) and lesson and isinstance(question_id, str) and question_id):
        raise ValueError("not a question")
    if question is not None and not isinstance(question, str):
        raise ValueError("not a wording")
    return ScaleAnswers(
        lesson, question_id, question, tuple(_point(point) for point in _list(points))
    )


def _point(value: object) -> tuple[int, int | float]:
    at, answer = _list(value)
    if type(at) is not int or type(answer) not in (int, float) or not math.isfinite(answer):
        raise ValueError("not an answer")
    return at, answer


class Months:
    """The summary of every month of entries, from one read of the journal,
    and each month's entries for the reader that needs them exactly."""

    def __init__(self, storage: JournalStorage) -> None:
        self._storage = storage

    def summaries(self) -> list[MonthSummary]:
        """Every month's summary, oldest first: as stored (see
        :meth:`~.storage.JournalStorage.summaries`), or (a month without a
        usable one) from its tables."""
        tables = self._storage.tables()
        kept = self._storage.summaries()
        found = []
        for name, periods in periods_by_month(self._storage.tables()).items():
            summary = None
            if name in kept and not any(tables.is_loaded(period) for period in periods):
                count = sum(self._storage.count(period) for period in periods)
                summary = summary_of(name[-7:], kept[name], count)
            found.append(
                summary or summarize_month(name[-7:], self._storage.month_records(periods))
            )
        return found

    def entries_in(self, month: str) -> list[Entry]:
        """One month's entries (``YYYY-MM``), each checked."""
        periods = periods_by_month(self._storage.tables()).get(
            f"{ENTRIES}{PERIOD_SEPARATOR}{month}", []
        )
        return [
            Entry.from_record(record) for record in self._storage.month_records(periods).values()
        ]
