"""Where homework items stand: pure functions of the items, the answers' local days and today."""

from __future__ import annotations

from datetime import date

import pytest
from helpers.entries import entry

from intimacy_cli.content.homework import Assignment, Item, Repeat, parse_repeat
from intimacy_cli.reports.homework_status import (
    answer_days,
    assignment_status,
    item_status,
    windows,
)
from intimacy_cli.reports.homework_text import status_text

ADDED = date(2026, 11, 2)  # a Monday
LESSON = Item(1, "lesson", "sample", due=date(2026, 11, 6))


@pytest.mark.parametrize(
    ("today", "state", "words"),
    [
        (date(2026, 11, 2), "open", "due Fri 6 Nov"),
        (date(2026, 11, 4), "due_soon", "due Fri 6 Nov"),
        (date(2026, 11, 5), "due_soon", "due tomorrow"),
        (date(2026, 11, 6), "due_today", "due today"),
        (date(2026, 11, 9), "overdue", "not yet (it was due Fri 6 Nov)"),
    ],
)
def test_an_item_with_a_due_date_not_done_is_worded_calmly(
    today: date, state: str, words: str
) -> None:
    status = item_status(LESSON, [set()], ADDED, today)
    assert (status.state, status_text(status, today)) == (state, words)
    assert "miss" not in status_text(status, today)


def test_an_item_is_done_only_by_answers_from_the_day_it_was_added() -> None:
    before = item_status(LESSON, [{date(2026, 11, 1)}], ADDED, date(2026, 11, 9))
    after = item_status(LESSON, [{date(2026, 11, 3)}], ADDED, date(2026, 11, 9))
    assert before.state == "overdue"
    assert (after.state, after.last_done) == ("done", date(2026, 11, 3))


def test_an_item_without_a_date_is_open_until_done() -> None:
    item = Item(1, "prompt", prompt="What helped?")
    assert item_status(item, [set()], ADDED, date(2027, 1, 1)).state == "open"
    assert status_text(item_status(item, [set()], ADDED, ADDED), ADDED) == "not yet"


def test_reflections_are_done_when_every_one_asked_is_answered(local_timezone: str) -> None:
    item = Item(2, "reflections", "sample", ("one-line", "closeness"))
    one = entry("2026-11-03 10:00", question_id="one-line")
    other = entry("2026-11-04 23:30", question_id="closeness", answer=4)
    elsewhere = entry("2026-11-04 10:00", question_id="closeness", lesson="other", answer=3)
    only_one = answer_days(item, "week", [one, elsewhere], [])
    both = answer_days(item, "week", [one, other], [])
    assert item_status(item, only_one, ADDED, date(2026, 11, 5)).state == "open"
    done = item_status(item, both, ADDED, date(2026, 11, 5))
    assert (done.state, done.last_done) == ("done", date(2026, 11, 4))  # its local day


def test_a_prompt_is_done_only_by_an_entry_linked_to_it(local_timezone: str) -> None:
    item = Item(3, "prompt", prompt="What helped?")
    linked = entry("2026-11-03 10:00", kind="journal", homework=("week", 3))
    other_item = entry("2026-11-03 10:00", kind="journal", homework=("week", 2))
    other_assignment = entry("2026-11-03 10:00", kind="journal", homework=("month", 3))
    assert answer_days(item, "week", [other_item, other_assignment], []) == [set()]
    assert answer_days(item, "week", [linked], []) == [{date(2026, 11, 3)}]


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("daily", (1, None)),
        ("  Daily ", (1, None)),
        ("every 3 days", (3, None)),
        ("every 1 day", (1, None)),
        ("weekly on sunday", (7, 6)),
        ("Weekly on  Monday", (7, 0)),
        ("weekly on funday", None),
        ("every 0 days", None),
        ("every 400 days", None),
        ("hourly", None),
        ("", None),
    ],
)
def test_repeat_rules(rule: str, expected: tuple[int, int | None] | None) -> None:
    assert parse_repeat(rule) == expected


def test_windows_of_each_rule() -> None:
    daily = windows(Repeat(1, times=3), ADDED, date(2026, 12, 1))
    assert daily == [(date(2026, 11, d), date(2026, 11, d)) for d in (2, 3, 4)]
    weekly = windows(Repeat(7, weekday=2), ADDED, date(2026, 11, 20))  # Wednesdays
    assert weekly == [
        (date(2026, 11, 4), date(2026, 11, 10)),
        (date(2026, 11, 11), date(2026, 11, 17)),
        (date(2026, 11, 18), date(2026, 11, 24)),
    ]
    # ``until`` is the last day a window may start.
    every = windows(Repeat(3, until=date(2026, 11, 8)), ADDED, date(2026, 12, 1))
    assert [start.day for start, _ in every] == [2, 5, 8]
    assert every[0] == (date(2026, 11, 2), date(2026, 11, 4))


def test_a_daily_item_counts_the_days_it_was_done_and_never_shames() -> None:
    item = Item(1, "prompt", prompt="Notice one thing.", repeat=Repeat(1, times=3))
    days = [{date(2026, 11, 2), date(2026, 11, 4)}]
    second = item_status(item, days, ADDED, date(2026, 11, 3))
    assert (second.state, second.times_done, second.times_total) == ("due_today", 1, 3)
    third = item_status(item, days, ADDED, date(2026, 11, 4))
    assert third.state == "done"
    assert status_text(third, date(2026, 11, 4)) == "done · 2 of 3 done"
    over = item_status(item, days, ADDED, date(2026, 11, 9))
    assert (over.state, over.times_done) == ("ended", 2)
    assert status_text(over, date(2026, 11, 9)) == "ended · 2 of 3 done"


def test_a_weekly_item_waits_for_its_weekday_and_says_when_the_next_one_starts() -> None:
    item = Item(1, "prompt", prompt="A walk?", repeat=Repeat(7, weekday=6))  # Sundays
    waiting = item_status(item, [set()], ADDED, ADDED)
    assert (waiting.state, waiting.next_on) == ("upcoming", date(2026, 11, 8))
    assert status_text(waiting, ADDED) == "starts Sun 8 Nov"
    done = item_status(item, [{date(2026, 11, 9)}], ADDED, date(2026, 11, 10))
    assert (done.state, done.next_on, done.due) == ("done", date(2026, 11, 15), date(2026, 11, 14))
    assert status_text(done, date(2026, 11, 10)) == "done for now, next from Sun 15 Nov · 1 done"


def test_until_before_the_first_window_asks_for_nothing() -> None:
    item = Item(1, "prompt", prompt="x", repeat=Repeat(7, weekday=6, until=date(2026, 11, 5)))
    assert item_status(item, [set()], ADDED, ADDED).state == "ended"


def test_a_lesson_item_is_done_by_a_sitting_completed_after_it_was_added(
    local_timezone: str,
) -> None:
    from intimacy_cli.store.sessions import LessonSession

    done = LessonSession("s", "sample", "2026-11-03T15:00:00+00:00", "x", "done",
                         "2026-11-03T15:00:00+00:00")  # fmt: skip
    status = assignment_status(
        Assignment("week", "Week", (LESSON,)),
        ADDED,
        date(2026, 11, 9),
        [],
        [done],
    )
    assert status.items[0].state == "done"
    assert status.done


def test_a_checkin_item_is_done_by_any_checkin_on_the_day_it_is_about() -> None:
    item = Item(4, "checkin", repeat=Repeat(1, times=3))
    days = answer_days(item, "week", [], [], {date(2026, 11, 3), date(2026, 11, 1)})
    assert days == [{date(2026, 11, 3), date(2026, 11, 1)}]
    today = item_status(item, days, ADDED, date(2026, 11, 3))
    assert today.state == "done" and today.times_done == 1  # the day before it was added: no
    assert item_status(item, days, ADDED, date(2026, 11, 4)).state == "due_today"
