"""--since/--until date forms, in local time, under a fixed clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from helpers.entries import NOW, local

from intimacy_cli.base.dates import DateProblem, parse_when, since_bound, until_bound

pytestmark = pytest.mark.usefixtures("local_timezone")


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("today", date(2026, 11, 24)),
        ("TODAY", date(2026, 11, 24)),
        ("yesterday", date(2026, 11, 23)),
        ("0d", date(2026, 11, 24)),
        ("1d", date(2026, 11, 23)),
        ("7d", date(2026, 11, 17)),
        ("4w", date(2026, 10, 27)),
        (" 2026-02-28 ", date(2026, 2, 28)),
    ],
)
def test_days(text: str, day: date) -> None:
    assert parse_when(text, NOW) == day


def test_today_is_the_local_day_not_the_utc_one() -> None:
    late_evening = datetime(2026, 11, 25, 3, 30, tzinfo=UTC)  # 22:30 on the 24th locally
    assert parse_when("today", late_evening) == date(2026, 11, 24)


def test_since_starts_at_local_midnight_and_until_includes_the_whole_day() -> None:
    assert since_bound("2026-11-20", NOW) == local("2026-11-20 00:00")
    assert until_bound("2026-11-20", NOW) == local("2026-11-21 00:00")
    assert since_bound("yesterday", NOW) == local("2026-11-23 00:00")
    assert until_bound("today", NOW) == local("2026-11-25 00:00")


def test_day_bounds_follow_daylight_saving() -> None:
    # Clocks go back on 1 November 2026 in the tests' zone: that day lasts 25 hours.
    start, end = since_bound("2026-11-01", NOW), until_bound("2026-11-01", NOW)
    assert start.utcoffset() == timedelta(hours=-4)
    assert end.utcoffset() == timedelta(hours=-5)
    assert end - start == timedelta(hours=25)


def test_a_moment_is_used_as_given_and_local_without_an_offset() -> None:
    assert since_bound("2026-11-20T18:30", NOW) == local("2026-11-20 18:30")
    assert until_bound("2026-11-20 18:30", NOW) == local("2026-11-20 18:30")
    with_offset = since_bound("2026-11-20T18:30+01:00", NOW)
    assert with_offset == datetime(2026, 11, 20, 17, 30, tzinfo=UTC)


@pytest.mark.parametrize("text", ["", "soon", "7x", "-3d", "2026-13-01", "2026-11-31", "1d ago"])
def test_bad_dates_name_the_forms_that_work(text: str) -> None:
    with pytest.raises(DateProblem, match="is not a date; use YYYY-MM-DD"):
        parse_when(text, NOW)


@pytest.mark.parametrize("text", ["99999w", "0001-01-01", "9999-12-31"])
def test_far_off_dates_are_refused_not_crashed_on(text: str) -> None:
    with pytest.raises(DateProblem, match="too far"):
        until_bound(text, NOW)
