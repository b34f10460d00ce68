"""Where each homework item stands, derived from the journal, never ticked by hand.

An item is done when the answers it asks for exist: a lesson sitting completed
(or an answer given from the item), every reflection it names answered, or an
entry written from its prompt. A repeating item asks again in each of its
windows (a day, a week from the weekday named, or N days); it is done for now
when answered inside the current window. Only what happened on or after the
day the assignment was added counts. Days are local calendar days.

Nothing here judges: a date that passed is a state (``overdue``) the screen
words as "not yet", and an ended repetition says how many times it was done.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from intimacy_cli.base.dates import local_day
from intimacy_cli.content.homework import Assignment, Item, Repeat
from intimacy_cli.store import Entry
from intimacy_cli.store.assignments import Homework
from intimacy_cli.store.entry import parse_time
from intimacy_cli.store.sessions import LessonSession

State = Literal["done", "due_today", "due_soon", "overdue", "open", "upcoming", "ended"]
STATES: tuple[State, ...] = (
    "done",
    "due_today",
    "due_soon",
    "overdue",
    "open",
    "upcoming",
    "ended",
)
# "Soon" is within this many days after today.
SOON_DAYS = 3


@dataclass(frozen=True)
class ItemStatus:
    item: Item
    state: State
    # The day it is due by: the due date, or the end of the current window.
    due: date | None = None
    # The next window's first day, for a repeat that is done for now or not started.
    next_on: date | None = None
    times_done: int = 0
    times_total: int | None = None  # repeating items with an end; None otherwise
    last_done: date | None = None


@dataclass(frozen=True)
class AssignmentStatus:
    assignment: Assignment
    added_on: date
    items: tuple[ItemStatus, ...]

    @property
    def done(self) -> bool:
        return all(status.state == "done" for status in self.items)

    def due_today(self) -> list[ItemStatus]:
        return [status for status in self.items if status.state == "due_today"]


def linked_to(entry: Entry, assignment_id: str, number: int) -> bool:
    return entry.homework is not None and entry.homework == (assignment_id, number)


def answer_days(
    item: Item,
    assignment_id: str,
    entries: Iterable[Entry],
    sessions: Iterable[LessonSession],
    checkin_days: Collection[date] = frozenset(),
) -> list[set[date]]:
    """For each part the item asks for, the local days it was answered on (a
    check-in counts on the day it is about, as in ``mood``)."""
    if item.kind == "checkin":
        return [set(checkin_days)]
    entries = list(entries)
    linked = {local_day(e.created) for e in entries if linked_to(e, assignment_id, item.number)}
    if item.kind == "prompt":
        return [linked]
    if item.kind == "lesson":
        completed = {
            local_day(parse_time(s.completed_at))
            for s in sessions
            if s.lesson == item.lesson and s.completed_at
        }
        return [completed | linked]
    return [
        {
            local_day(e.created)
            for e in entries
            if e.kind == "reflection" and e.lesson == item.lesson and e.question_id == rid
        }
        for rid in item.reflections
    ]


def _done_within(parts: Sequence[set[date]], first: date, last: date | None) -> date | None:
    """The day the last part was answered inside ``first..last``, if all were."""
    latest: date | None = None
    for days in parts:
        inside = [day for day in days if day >= first and (last is None or day <= last)]
        if not inside:
            return None
        latest = max([*inside, *([latest] if latest else [])])
    return latest


def item_status(item: Item, parts: Sequence[set[date]], added_on: date, today: date) -> ItemStatus:
    """Where one item stands today (see the module doc)."""
    if item.repeat is not None:
        return _repeating(item, item.repeat, parts, added_on, today)
    done_on = _done_within(parts, added_on, None)
    if done_on is not None:
        return ItemStatus(item, "done", item.due, last_done=done_on)
    return ItemStatus(item, _waiting(item.due, today), item.due)


def _waiting(due: date | None, today: date) -> State:
    if due is None:
        return "open"
    if due < today:
        return "overdue"
    if due == today:
        return "due_today"
    return "due_soon" if (due - today).days <= SOON_DAYS else "open"


def windows(repeat: Repeat, added_on: date, through: date) -> list[tuple[date, date]]:
    """The item's windows (first and last day), from the day it was added up to
    the one holding ``through`` (or to the end of the repetition, if sooner)."""
    first = added_on
    if repeat.weekday is not None:
        first += timedelta(days=(repeat.weekday - added_on.weekday()) % 7)
    found: list[tuple[date, date]] = []
    start = first
    while start <= through:
        if repeat.times is not None and len(found) >= repeat.times:
            break
        if repeat.until is not None and start > repeat.until:
            break
        found.append((start, start + timedelta(days=repeat.days - 1)))
        start += timedelta(days=repeat.days)
    return found


def _repeating(
    item: Item, repeat: Repeat, parts: Sequence[set[date]], added_on: date, today: date
) -> ItemStatus:
    passed = windows(repeat, added_on, today)
    done_in = [_done_within(parts, start, end) for start, end in passed]
    total = _total(repeat, added_on)

    def status(state: State, due: date | None = None, next_on: date | None = None) -> ItemStatus:
        return ItemStatus(
            item,
            state,
            due,
            next_on,
            times_done=sum(day is not None for day in done_in),
            times_total=total,
            last_done=max((day for day in done_in if day is not None), default=None),
        )

    if not passed:
        first = windows(repeat, added_on, repeat.until or today + timedelta(days=repeat.days + 6))
        # An ``until`` before the first window asks for nothing at all.
        return status("upcoming", next_on=first[0][0]) if first else status("ended")
    end = passed[-1][1]
    if end < today:  # the repetition is over
        return status("done" if all(done_in) else "ended")
    next_on: date | None = end + timedelta(days=1)
    if (total is not None and len(passed) >= total) or (repeat.until and end >= repeat.until):
        next_on = None
    if done_in[-1] is not None:
        return status("done", end, next_on)
    return status(_waiting(end, today), end, next_on)


def _total(repeat: Repeat, added_on: date) -> int | None:
    if repeat.times is not None:
        return repeat.times
    if repeat.until is None:
        return None
    return len(windows(repeat, added_on, repeat.until))


def assignment_status(
    assignment: Assignment,
    added_on: date,
    today: date,
    entries: Sequence[Entry],
    sessions: Sequence[LessonSession],
    *,
    checkin_days: Collection[date] = frozenset(),
) -> AssignmentStatus:
    """Every item's status; ``entries``, ``sessions`` and ``checkin_days`` may
    hold more than needed."""
    statuses = tuple(
        item_status(
            item, answer_days(item, assignment.id, entries, sessions, checkin_days), added_on, today
        )
        for item in assignment.items
    )
    return AssignmentStatus(assignment, added_on, statuses)


def statuses(homework: Homework, today: date) -> list[AssignmentStatus]:
    """Every assignment's status, newest added first."""
    return [
        assignment_status(
            stored.assignment,
            local_day(parse_time(stored.added_at)),
            today,
            homework.entries,
            homework.sessions,
            checkin_days=homework.checkin_days,
        )
        for stored in homework.assignments
    ]
