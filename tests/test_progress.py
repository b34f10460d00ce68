"""``intimacy progress``: lessons done, a 12-week calendar, the streak and scale trends."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from helpers.app import FIXTURE_LESSONS
from helpers.entries import NOW, clock_at, entry, local, seed

from intimacy_cli.content.catalogue import load_catalogue
from intimacy_cli.reports.progress import calendar_start, current_streak, scale_series, sparkline
from intimacy_cli.store import Journal
from intimacy_cli.store.summaries import summarize_month

Cli = Callable[..., Any]
TODAY = date(2026, 11, 24)  # a Tuesday
# The built-in lessons plus the fixture pack's sample lesson.
TOTAL_LESSONS = len(load_catalogue([FIXTURE_LESSONS]).lessons)
pytestmark = pytest.mark.usefixtures("local_timezone")


# -- the figures -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        ({TODAY, date(2026, 11, 23), date(2026, 11, 22)}, 3),
        ({date(2026, 11, 23), date(2026, 11, 22)}, 2),  # today is not over yet
        ({date(2026, 11, 22), date(2026, 11, 21)}, 0),
        ({TODAY, date(2026, 11, 22)}, 1),
        (set(), 0),
    ],
)
def test_current_streak(days: set[date], expected: int) -> None:
    assert current_streak(days, TODAY) == expected


def test_calendar_starts_on_a_monday_eleven_weeks_before_this_one() -> None:
    assert calendar_start(TODAY) == date(2026, 9, 7)
    assert calendar_start(date(2026, 11, 23)) == date(2026, 9, 7)
    assert calendar_start(date(2026, 11, 29)) == date(2026, 9, 7)  # Sunday, same week
    assert calendar_start(date(2026, 11, 30)) == date(2026, 9, 14)


def test_sparkline_places_values_on_the_scale() -> None:
    assert sparkline([0, 5, 10], 0, 10) == "▁▅█"
    assert sparkline([3, 3], 0, 10) == "▃▃"
    assert sparkline([4, 4], 4, 4) == "▅▅"  # no range: the middle
    assert sparkline([-3, 20], 0, 10) == "▁█"  # values off the scale stay in bounds


def test_scale_series_keeps_numeric_reflections_answered_more_than_once() -> None:
    entries = [
        entry("2026-11-22 10:00", 6, question_id="closeness", question="Newer wording?"),
        entry("2026-11-20 10:00", 3, question_id="closeness", question="Old wording?"),
        entry("2026-11-20 10:00", 9, question_id="alone"),
        entry("2026-11-21 10:00", "7", question_id="text-answer"),
        entry("2026-11-21 10:00", "7", question_id="text-answer"),
        entry("2026-11-21 10:00", 1, kind="quiz", question_id="q"),
        entry("2026-11-22 10:00", 2, kind="quiz", question_id="q"),
    ]
    table = {str(number): saved.to_record() for number, saved in enumerate(entries, 1)}
    [series] = scale_series([summarize_month("2026-11", table)], {})
    assert (series.lesson, series.question_id, series.question) == (
        "sample",
        "closeness",
        "Newer wording?",
    )
    assert series.values == [3, 6]
    assert (series.low, series.high) == (3, 6)  # lesson unknown: the answers' own range


# -- the command -----------------------------------------------------------------


@pytest.fixture
def history(data_dir: Path, local_timezone: str) -> None:
    seed(
        data_dir,
        entry("2026-11-24 09:00", 8, question_id="closeness", question="How close do you feel?"),
        entry("2026-11-23 09:00", 5, question_id="closeness", question="How close do you feel?"),
        entry("2026-11-23 09:05", "Calm"),
        entry("2026-11-10 09:00", 2, question_id="closeness", question="How close do you feel?"),
        *(entry(f"2026-11-10 1{n}:00", "More", kind="journal", lesson=None) for n in range(5)),
        entry("2026-11-10 12:00", "Wanting", kind="quiz", correct=True),
        entry("2026-08-01 09:00", "Long ago"),  # before the calendar
    )
    run = Journal(data_dir, clock=lambda: local("2026-11-10 09:30")).sessions.start("sample")
    Journal(data_dir, clock=lambda: local("2026-11-10 09:45")).sessions.save(
        run.id, step="done", completed=True
    )


def progress(cli: Cli, *options: str, env: dict[str, str] | None = None) -> Any:
    result = cli(
        "--content-dir", str(FIXTURE_LESSONS), "progress", *options, env=env, state=clock_at()
    )
    assert result.exit_code == 0, result.stderr
    return result


@pytest.mark.usefixtures("history")
def test_json_figures(cli: Cli) -> None:
    figures = json.loads(progress(cli, "--json").stdout)
    assert figures["today"] == "2026-11-24"
    assert figures["lessons_total"] == TOTAL_LESSONS
    [done] = figures["lessons_done"]
    assert done["id"] == "sample"
    assert done["title"] == "A sample lesson"
    assert datetime.fromisoformat(done["completed_at"]) == local("2026-11-10 09:45")
    assert figures["entries"] == {"reflection": 5, "quiz": 1, "journal": 5}
    activity = {day["date"]: day["count"] for day in figures["activity"]}
    assert min(activity) == "2026-09-07"
    assert max(activity) == "2026-11-24"
    assert len(activity) == 79
    assert activity["2026-11-10"] == 7
    assert activity["2026-11-23"] == 2
    assert sum(activity.values()) == 10  # the August entry is outside the calendar
    assert figures["streak_days"] == 2
    [scale] = figures["scales"]
    assert scale["prompt_id"] == "closeness"
    assert (scale["min"], scale["max"]) == (0, 10)  # from the lesson
    assert [answer["value"] for answer in scale["answers"]] == [2, 5, 8]


@pytest.mark.usefixtures("history")
def test_text_reads_without_colour(cli: Cli) -> None:
    text = progress(cli, env={"NO_COLOR": "1"}).stdout
    assert "\x1b" not in text
    assert f"Lessons done: 1 of {TOTAL_LESSONS}" in text
    assert "✓ 2026-11-10  A sample lesson" in text
    assert "Written: 5 reflections · 5 journal notes · 1 quiz answer" in text
    rows = text.splitlines()
    tuesday = next(row for row in rows if row.startswith("    ") and "·" in row and "█" in row)
    # Tuesday 10 November (7 entries) is the darkest square; others are distinct shades.
    assert tuesday.split()[9] == "█"
    monday = next(row for row in rows if row.startswith("Mon"))
    assert monday.split()[-1] == "▒"  # two entries on Monday 23 November
    assert "fewer · ░ ▒ ▓ █ more" in text
    assert "Current streak: 2 days in a row" in text
    assert "How close do you feel? (sample)" in text
    assert "▂▅▇  2 → 8  over 3 answers" in text


def test_empty_journal_is_gentle(cli: Cli) -> None:
    text = progress(cli).stdout
    assert f"Lessons done: 0 of {TOTAL_LESSONS}" in text
    assert "Current streak: none just now" in text
    assert "How your scale answers moved" not in text
    assert NOW.date() == TODAY


def test_a_lesson_from_a_pack_no_longer_loaded_is_listed_but_not_counted(
    cli: Cli, data_dir: Path
) -> None:
    journal = Journal(data_dir, clock=lambda: local("2026-11-10 09:30"))
    journal.sessions.save(journal.sessions.start("homework-week-1").id, step="done", completed=True)
    text = progress(cli, env={"NO_COLOR": "1"}).stdout
    assert f"Lessons done: 0 of {TOTAL_LESSONS}" in text
    assert "homework-week-1" in text


@pytest.mark.parametrize(
    ("today", "names"),
    [
        (date(2026, 11, 24), ["Sep", "Oct", "Nov"]),
        (date(2026, 12, 1), ["Sep", "Oct", "Nov", "Dec"]),  # December began this week
        (date(2026, 12, 31), ["Oct", "Nov", "Dec"]),
    ],
)
def test_month_labels_end_with_the_current_month(today: date, names: list[str]) -> None:
    from intimacy_cli.ui.views.progress import _month_header

    header = _month_header(calendar_start(today), today).plain
    assert header.split() == names
    # each name sits over the week its month begins in: Dec over the last week
    if today == date(2026, 12, 1):
        assert header.rstrip().endswith("Dec") and len(header) == 4 + 11 * 2 + 3


@pytest.mark.usefixtures("history")
@pytest.mark.parametrize("columns", [60, 80])
def test_progress_lines_never_wrap_back_to_the_edge(cli: Cli, columns: int) -> None:
    from helpers.terminal import mark_welcomed

    mark_welcomed()
    env = {"COLUMNS": str(columns), "TTY_COMPATIBLE": "1", "NO_COLOR": "1"}
    rows = progress(cli, env=env).stdout.splitlines()
    trend = next(n for n, row in enumerate(rows) if "▂▅▇" in row)
    assert rows[trend].startswith("    ▂▅▇")
    assert all(len(row) <= columns for row in rows)
    # the trend is last; where it wraps (at 60), it goes on under its start
    after = [row for row in rows[trend + 1 :] if row]
    assert all(row.startswith("    ") for row in after)
    assert bool(after) is (columns == 60)
    assert "scale 0 to 10)" in " ".join(" ".join(rows[trend:]).split())


def test_a_time_in_another_spelling_than_the_stored_one_is_summarized(
    cli: Cli, data_dir: Path
) -> None:
    """An imported or crafted record may spell its moment without microseconds,
    or with an offset; the store accepts it, so its month's summary does too."""
    from helpers.store import write_document

    answers = [
        {
            "id": f"00000001-0000-4000-8000-00000000000{n}",
            "kind": "reflection",
            "answer": value,
            "lesson": "sample",
            "prompt_id": "closeness",
            "prompt": "How close do you feel?",
            "created_at": stamp,
            "updated_at": stamp,
            "tags": [],
        }
        for n, (stamp, value) in enumerate(
            [("2026-02-05T10:00:00+00:00", 4), ("2026-02-06T23:30:00.000000+02:00", 6)], 1
        )
    ]
    write_document(data_dir, {"schema_version": 3, "entries": {"1": answers[0], "2": answers[1]}})
    shown = cli("progress", "--json", state=clock_at())
    assert shown.exit_code == 0, shown.stderr
    figures = json.loads(shown.stdout)
    assert figures["entries"]["reflection"] == 2
    [series] = figures["scales"]
    assert [answer["value"] for answer in series["answers"]] == [4, 6]
