"""What ``intimacy progress`` counts: lessons done, entries per local day, the
current run of days, and how scale answers moved. Plain data; no drawing."""

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
    from intimacy_cli.store import Entry

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
    per_day: Counter[date]
    streak: int
    scales: list[ScaleSeries]

    @property
    def calendar_days(self) -> list[date]:
        """Every day of the activity calendar, oldest first, up to today."""
        start = calendar_start(self.today)
        return [start + timedelta(days=n) for n in range((self.today - start).days + 1)]


def summarize(
    entries: Sequence[Entry],
    completed: Mapping[str, str],
    lessons: Mapping[str, Lesson],
    today: date,
    checkin_days: Iterable[date] = (),
) -> Progress:
    """Everything ``progress`` shows, from the journal and the lessons on offer.

    The streak counts days with an entry or a check-in; a check-in counts on
    the day it is about, so one added later for an earlier day fills that day.
    """
    per_day = Counter(local_day(entry.created) for entry in entries)
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
        kinds=Counter(entry.kind for entry in entries),
        per_day=per_day,
        streak=current_streak([*per_day, *checkin_days], today),
        scales=scale_series(entries, lessons),
    )


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


def scale_series(entries: Iterable[Entry], lessons: Mapping[str, Lesson]) -> list[ScaleSeries]:
    """Every scale question answered more than once, in the order first answered."""
    by_question: dict[tuple[str, str], list[tuple[Entry, int | float]]] = {}
    for entry in sorted(entries, key=lambda e: e.created):
        answer = entry.answer
        if isinstance(answer, bool) or not isinstance(answer, int | float):
            continue
        if entry.kind == "reflection" and entry.lesson and entry.question_id:
            by_question.setdefault((entry.lesson, entry.question_id), []).append((entry, answer))
    series = []
    for (lesson_id, prompt_id), answers in by_question.items():
        if len(answers) < 2:
            continue
        values = [value for _, value in answers]
        lesson = lessons.get(lesson_id)
        question = lesson.reflection(prompt_id) if lesson else None
        low, high = min(values), max(values)
        if question and question.min is not None and question.max is not None:
            low, high = question.min, question.max
        series.append(
            ScaleSeries(
                lesson=lesson_id,
                question_id=prompt_id,
                question=answers[-1][0].question or prompt_id,
                points=tuple((entry.created, value) for entry, value in answers),
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
