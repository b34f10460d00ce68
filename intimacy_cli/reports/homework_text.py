"""How a homework item and its status read as plain text, for the screen and the report.

Calm words only: a date that passed reads "not yet (it was due ...)", an
ended repetition says how often it was done, never what was missed. Nothing
here escapes anything: callers show the text safely.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from intimacy_cli.base.text import counted
from intimacy_cli.content.homework import Item
from intimacy_cli.reports.homework_status import ItemStatus

# A lesson's title by its id, or None when it is not installed.
TitleOf = Callable[[str], str | None]


def day_text(day: date, today: date) -> str:
    """``today``, ``tomorrow``, or ``Tue 8 Dec`` (with the year when it is not this one)."""
    if day == today:
        return "today"
    if day == today + timedelta(days=1):
        return "tomorrow"
    shown = f"{day:%a} {day.day} {day:%b}"
    return shown if day.year == today.year else f"{shown} {day.year}"


def item_text(item: Item, title_of: TitleOf) -> str:
    """What an item asks for, in a few words."""
    if item.kind == "prompt":
        return f"Write about: {item.prompt}"
    if item.kind == "checkin":
        return "Check in: how you feel"
    assert item.lesson is not None
    title = title_of(item.lesson)
    lesson = f"{title} ({item.lesson})" if title else item.lesson
    if item.kind == "lesson":
        return f"Learn the lesson {lesson}"
    questions = counted(len(item.reflections), "reflection")
    return f"Answer {questions} of {lesson}: {', '.join(item.reflections)}"


def timing_text(item: Item) -> str | None:
    """How often an item is asked for, when it repeats: ``weekly on sunday, 2 times``."""
    repeat = item.repeat
    if repeat is None:
        return None
    if repeat.times is not None:
        return f"{repeat.rule}, {counted(repeat.times, 'time')}"
    if repeat.until is not None:
        return f"{repeat.rule}, until {repeat.until.isoformat()}"
    return repeat.rule


def status_text(status: ItemStatus, today: date) -> str:
    """Where the item stands, kindly: ``done``, ``due today``, ``not yet (it was due ...)``."""
    words = {
        "done": "done",
        "due_today": "due today",
        "due_soon": f"due {day_text(status.due, today)}" if status.due else "due soon",
        "overdue": f"not yet (it was due {day_text(status.due, today)})" if status.due else "",
        "open": "not yet" if status.due is None else f"due {day_text(status.due, today)}",
        "upcoming": f"starts {day_text(status.next_on, today)}" if status.next_on else "later",
        "ended": "ended",
    }[status.state]
    if status.state == "done" and status.last_done is not None and status.item.repeat is None:
        words = f"done {day_text(status.last_done, today)}"
    if status.item.repeat is not None and status.state != "upcoming":
        if status.state == "done" and status.next_on is not None:
            words = f"done for now, next from {day_text(status.next_on, today)}"
        total = f" of {status.times_total}" if status.times_total is not None else ""
        words += f" · {status.times_done}{total} done"
    return words
