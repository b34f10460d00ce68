"""What ``intimacy mood`` adds up: check-ins over the last weeks, day by day,
where they fell on the 9x9 grid of pleasantness and energy, and averages by
tag and by lesson. Plain data; no drawing.

A check-in's lesson is the one it was linked to (``checkin --lesson``), else
the lesson finished on the day it is about (the last one, if several were):
the lesson that day's feelings came after.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from intimacy_cli.base.dates import local_day
from intimacy_cli.reports.progress import calendar_start
from intimacy_cli.store.checkins import Checkin
from intimacy_cli.store.entry import parse_time
from intimacy_cli.store.records import AXIS_LIMIT

# Where a day whose average sits on an axis (a 0) falls: between quadrants.
BETWEEN = "between"


@dataclass(frozen=True)
class Average:
    """How many check-ins, and their mean pleasantness and energy."""

    count: int
    pleasant: float
    energy: float

    @property
    def quadrant(self) -> str:
        return quadrant_of(self.pleasant, self.energy)


@dataclass(frozen=True)
class Group:
    """Check-ins sharing a tag or a lesson."""

    key: str
    average: Average


@dataclass(frozen=True)
class Mood:
    today: date
    start: date  # the Monday the window begins on
    weeks: int
    checkins: tuple[Checkin, ...]  # in the window, oldest first
    days: dict[date, Average]  # only days with a check-in
    grid: tuple[tuple[int, ...], ...]  # [energy 4 .. -4][pleasant -4 .. 4]: counts
    by_tag: tuple[Group, ...]
    by_lesson: tuple[Group, ...]

    @property
    def overall(self) -> Average | None:
        return average(self.checkins) if self.checkins else None

    @property
    def calendar_days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.today - self.start).days + 1)]


def quadrant_of(pleasant: float, energy: float) -> str:
    """The quadrant's name as in ``feelings.yaml``, or :data:`BETWEEN` on an axis."""
    if pleasant == 0 or energy == 0:
        return BETWEEN
    feeling = "pleasant" if pleasant > 0 else "unpleasant"
    return f"{feeling}_{'high' if energy > 0 else 'low'}_energy"


def average(checkins: Sequence[Checkin]) -> Average:
    """Of one check-in or more."""
    count = len(checkins)
    return Average(
        count,
        round(sum(c.pleasant for c in checkins) / count, 2),
        round(sum(c.energy for c in checkins) / count, 2),
    )


def summarize(
    checkins: Iterable[Checkin],
    completed: Mapping[str, str],
    today: date,
    weeks: int,
) -> Mood:
    """The check-ins of the last ``weeks`` weeks (this week included), with the
    lessons completed (lesson id -> ISO time, as the sessions keep them)."""
    start = calendar_start(today, weeks)
    shown = tuple(c for c in checkins if start <= c.date <= today)
    by_day: dict[date, list[Checkin]] = defaultdict(list)
    for checkin in shown:
        by_day[checkin.date].append(checkin)
    side = 2 * AXIS_LIMIT + 1
    grid = [[0] * side for _ in range(side)]
    for checkin in shown:
        grid[AXIS_LIMIT - checkin.energy][checkin.pleasant + AXIS_LIMIT] += 1
    finished_on = _lessons_by_day(completed)
    tagged: dict[str, list[Checkin]] = defaultdict(list)
    learned: dict[str, list[Checkin]] = defaultdict(list)
    for checkin in shown:
        for tag in checkin.tags:
            tagged[tag].append(checkin)
        lesson = checkin.lesson or finished_on.get(checkin.date)
        if lesson:
            learned[lesson].append(checkin)
    return Mood(
        today=today,
        start=start,
        weeks=weeks,
        checkins=shown,
        days={day: average(found) for day, found in sorted(by_day.items())},
        grid=tuple(tuple(row) for row in grid),
        by_tag=_groups(tagged),
        by_lesson=_groups(learned),
    )


def _lessons_by_day(completed: Mapping[str, str]) -> dict[date, str]:
    """The lesson finished last on each local day."""
    finished: dict[date, tuple[str, str]] = {}
    for lesson, stamp in completed.items():
        day = local_day(parse_time(stamp))
        if day not in finished or stamp > finished[day][0]:
            finished[day] = (stamp, lesson)
    return {day: lesson for day, (_, lesson) in finished.items()}


def _groups(found: Mapping[str, list[Checkin]]) -> tuple[Group, ...]:
    """Most check-ins first, then by name."""
    groups = [Group(key, average(checkins)) for key, checkins in found.items()]
    return tuple(sorted(groups, key=lambda group: (-group.average.count, group.key)))
