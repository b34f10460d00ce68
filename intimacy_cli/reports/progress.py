"""What ``intimacy progress`` counts: lessons done, entries per local day, the
current run of days, and how scale answers moved. Plain data; no drawing.

It works from each month's summary (:mod:`~intimacy_cli.store.summaries`),
reading whole only the months the calendar shows, and any whose UTC days
cannot be placed in local days from the summary alone."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from intimacy_cli.base.dates import local_day
from intimacy_cli.store.entry import parse_time

if TYPE_CHECKING:
    from intimacy_cli.content.model import Lesson
    from intimacy_cli.store.summaries import Months, MonthSummary

SPARKS = "▁▂▃▄▅▆▇█"
CALENDAR_WEEKS = 12


@dataclass(frozen=True)
class LessonDone:
    id: str
    title: str
    completed: datetime
    # False for a lesson from a pack no longer loaded: listed, but not counted
    # against the lessons on offer.
    offered: bool = True


@dataclass(frozen=True)
class ScaleSeries:
    """The answers to one scale question, oldest first, and the scale's ends."""

    lesson: str
    question_id: str
    question: str
    points: tuple[tuple[datetime, int | float], ...]
    low: int | float
    high: int | float

    @property
    def values(self) -> list[int | float]:
        return [value for _, value in self.points]


@dataclass(frozen=True)
class Progress:
    today: date
    lessons_done: list[LessonDone]
    lessons_total: int
    kinds: Counter[str]
    # Entries per local day: every day the calendar shows, counted exactly.
    per_day: Counter[date]
    streak: int
    scales: list[ScaleSeries]

    @property
    def calendar_days(self) -> list[date]:
        """Every day of the activity calendar, oldest first, up to today."""
        start = calendar_start(self.today)
        return [start + timedelta(days=n) for n in range((self.today - start).days + 1)]


def summarize(
    months: Months,
    completed: Mapping[str, str],
    lessons: Mapping[str, Lesson],
    today: date,
    checkin_days: Iterable[date] = (),
) -> Progress:
    """Everything ``progress`` shows, from the journal's monthly summaries and
    the lessons on offer; only the months the calendar shows are read whole.

    The streak counts days with an entry or a check-in; a check-in counts on
    the day it is about, so one added later for an earlier day fills that day.
    """
    summaries = months.summaries()
    shown = set(utc_months(calendar_start(today) - timedelta(days=1), today + timedelta(days=1)))
    kinds: Counter[str] = Counter()
    per_day: Counter[date] = Counter()
    active: set[date] = set()
    for summary in summaries:
        kinds.update(summary.kinds)
        days = None if summary.month in shown else local_days(summary)
        if days is None:
            counted = Counter(
                local_day(entry.created) for entry in months.entries_in(summary.month)
            )
            per_day.update(counted)
            active.update(counted)
        else:
            active.update(days)
    done = [
        LessonDone(
            lesson_id,
            lessons[lesson_id].title if lesson_id in lessons else lesson_id,
            parse_time(stamp),
            offered=lesson_id in lessons,
        )
        for lesson_id, stamp in completed.items()
    ]
    return Progress(
        today=today,
        lessons_done=sorted(done, key=lambda lesson: lesson.completed),
        lessons_total=len(lessons),
        kinds=+kinds,
        per_day=per_day,
        streak=current_streak([*active, *checkin_days], today),
        scales=scale_series(summaries, lessons),
    )


def utc_months(first: date, last: date) -> list[str]:
    """The months (``YYYY-MM``) from ``first``'s to ``last``'s. An entry on a
    local day is on the UTC day before, the same or the one after (offsets are
    less than a day), so the calendar's entries are in the months of its days
    and one day either side."""
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def local_days(summary: MonthSummary) -> set[date] | None:
    """The local days a month's entries are on, from its UTC days' first and
    last entries; ``None`` when that cannot be told (read the month).

    Between a day's first and last entry, local time only moves forward unless
    the clocks went back (a smaller offset at the last): then an entry between
    may be on the day before (less time passed on the wall clock than really
    did). Moving forward, every entry is on the first's local day or the
    last's, if those are at most a day apart."""
    days: set[date] = set()
    start = summary.start
    for day, first_second, last_second in summary.days:
        midnight = start + timedelta(days=day - 1)
        first = (midnight + timedelta(seconds=first_second)).astimezone()
        last = (midnight + timedelta(seconds=last_second)).astimezone()
        wall_clock = last.replace(tzinfo=None) - first.replace(tzinfo=None)
        if wall_clock < last - first or (last.date() - first.date()).days > 1:
            return None
        days.update((first.date(), last.date()))
    return days


def calendar_start(today: date, weeks: int = CALENDAR_WEEKS) -> date:
    """The Monday that starts a calendar of ``weeks`` weeks ending with this week."""
    return today - timedelta(days=today.weekday(), weeks=weeks - 1)


def current_streak(active: Iterable[date], today: date) -> int:
    """Days in a row with at least one entry, ending today, or yesterday while
    today has nothing yet (the day is not over)."""
    days = set(active)
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def scale_series(
    summaries: Iterable[MonthSummary], lessons: Mapping[str, Lesson]
) -> list[ScaleSeries]:
    """Every scale question answered more than once, in the order first
    answered, from the months' summaries (oldest month first)."""
    by_question: dict[tuple[str, str], list[tuple[datetime, int | float]]] = {}
    wording: dict[tuple[str, str], str | None] = {}
    for summary in summaries:
        for answers in summary.scales:
            key = (answers.lesson, answers.question_id)
            by_question.setdefault(key, []).extend(
                (summary.start + timedelta(microseconds=at), value) for at, value in answers.points
            )
            wording[key] = answers.question
    series = []
    for (lesson_id, prompt_id), points in by_question.items():
        if len(points) < 2:
            continue
        values = [value for _, value in points]
        lesson = lessons.get(lesson_id)
        question = lesson.reflection(prompt_id) if lesson else None
        low, high = min(values), max(values)
        if question and question.min is not None and question.max is not None:
            low, high = question.min, question.max
        series.append(
            ScaleSeries(
                lesson=lesson_id,
                question_id=prompt_id,
                question=wording[(lesson_id, prompt_id)] or prompt_id,
                points=tuple(points),
                low=low,
                high=high,
            )
        )
    return series


def sparkline(values: Sequence[float], low: float, high: float) -> str:
    """One block per value, its height placing the value between ``low`` and ``high``."""
    if high <= low:
        return SPARKS[len(SPARKS) // 2] * len(values)
    top = len(SPARKS) - 1
    # Halved first: a journal may hold any finite number, and 1e308 - -1e308
    # overflows to infinity (then inf / inf is NaN, which round() refuses).
    span = high / 2 - low / 2
    return "".join(
        SPARKS[min(top, max(0, round((value / 2 - low / 2) / span * top)))] for value in values
    )
