"""``intimacy mood``: check-ins added up by day, on the 9x9 grid, by tag and by
lesson; readable plain, narrow and piped; its JSON and CSV shapes."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from helpers.app import WITH_SAMPLE, Outcome
from helpers.store import Clock
from test_shapes import check_golden, normalised

from intimacy_cli.commands.state import AppState
from intimacy_cli.reports.mood import BETWEEN, summarize
from intimacy_cli.store import Journal
from intimacy_cli.store.checkins import Checkin
from intimacy_cli.ui.views.mood import MARKS

Cli = Callable[..., Outcome]
TODAY = date(2026, 3, 4)  # the clock fixture's 1 March, three days on


def checkin(day: str, pleasant: int, energy: int, word: str, **fields: object) -> Checkin:
    return Checkin(
        id=f"00000000-0000-4000-8000-{day.replace('-', '')}{pleasant + 4}{energy + 4}00",
        created_at=f"{day}T12:00:00.000000+00:00",
        day=day,
        pleasant=pleasant,
        energy=energy,
        word=word,
        **fields,  # type: ignore[arg-type]
    )


SOME = [
    checkin("2026-03-02", 3, 2, "joyful", tags=("walks",)),
    checkin("2026-03-02", -1, 2, "tense", tags=("walks", "work"), lesson="sample"),
    checkin("2026-03-03", -2, -3, "sad", note="=SUM(A1)"),
    checkin("2026-03-04", 0, 1, "curious", tags=("work",)),
    checkin("2025-01-01", 4, 4, "excited"),  # long before the window
]


@pytest.fixture
def with_checkins(journal: Journal, clock: Clock) -> Journal:
    session = journal.sessions.start("welcome")
    journal.sessions.save(session.id, step="done", completed=True)  # finished 1 March
    clock.advance(days=2)  # 3 March: the sad day's lesson
    session = journal.sessions.start("sample")
    journal.sessions.save(session.id, step="done", completed=True)
    clock.advance(days=1)
    journal.checkins.add_all(SOME)
    return journal


def test_the_summary_adds_up_days_grid_tags_and_lessons() -> None:
    mood = summarize(SOME, {"sample": "2026-03-03T09:00:00+00:00"}, TODAY, weeks=1)
    assert mood.start == date(2026, 3, 2) and len(mood.checkins) == 4
    first = mood.days[date(2026, 3, 2)]
    assert (first.count, first.pleasant, first.energy, first.quadrant) == (
        2,
        1.0,
        2.0,
        "pleasant_high_energy",
    )
    assert mood.days[date(2026, 3, 4)].quadrant == BETWEEN
    assert mood.grid[4 - 2][3 + 4] == 1 and mood.grid[4 + 3][-2 + 4] == 1
    assert sum(map(sum, mood.grid)) == 4
    assert [(g.key, g.average.count, g.average.pleasant) for g in mood.by_tag] == [
        ("walks", 2, 1.0),
        ("work", 2, -0.5),
    ]
    # Its own link first, else the lesson finished on the day it is about.
    assert [(g.key, g.average.count) for g in mood.by_lesson] == [("sample", 2)]


@pytest.mark.usefixtures("with_checkins")
@pytest.mark.parametrize("columns", ["60", "80"])
def test_piped_and_narrow_every_mark_is_a_character_with_a_legend(
    cli: Cli, clock: Clock, columns: str
) -> None:
    result = cli(
        *WITH_SAMPLE, "mood", env={"COLUMNS": columns, "NO_COLOR": "1"}, state=AppState(clock=clock)
    )
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "\x1b[" not in text
    assert all(len(line) <= int(columns) for line in text.splitlines())
    for char, _, meaning in MARKS.values():
        assert f"{char} {meaning}" in text
    assert "4 check-ins, on average pleasant" in text
    assert "Pleasant  " in text and "Energy    " in text
    assert "energy -3 · · 1 · · · · · ·" in text
    assert "  walks  2 check-ins: pleasant +1.0, energy +2.0" in text
    assert "  Sample lesson" in text or "By lesson" in text
    for scolding in ("missed", "overdue", "streak", "broke"):
        assert scolding not in text.lower()


def test_with_no_checkins_it_says_so_kindly(cli: Cli) -> None:
    result = cli("mood")
    assert result.exit_code == 0
    assert "None yet in these weeks; 'intimacy checkin' takes a minute" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--weeks", "0"), "--weeks goes from 1 to 26, not 0"),
        (("--weeks", "27"), "--weeks goes from 1 to 26, not 27"),
        (("--json", "--csv"), "choose one of --json and --csv"),
    ],
)
def test_options_out_of_range_are_one_line(cli: Cli, args: tuple[str, ...], message: str) -> None:
    result = cli("mood", *args)
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.usefixtures("with_checkins")
def test_mood_json_matches_its_golden_file(cli: Cli, clock: Clock, tmp_path: Path) -> None:
    result = cli(*WITH_SAMPLE, "mood", "--weeks", "2", "--json", state=AppState(clock=clock))
    assert result.exit_code == 0, result.stderr
    check_golden("mood.json", normalised(result.stdout, tmp_path))


@pytest.mark.usefixtures("with_checkins")
def test_mood_csv_is_one_row_a_checkin_with_formulas_kept_as_text(
    cli: Cli, clock: Clock, tmp_path: Path
) -> None:
    result = cli("mood", "--csv", state=AppState(clock=clock))
    assert result.exit_code == 0, result.stderr
    check_golden("mood.csv", result.stdout)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["word"] for row in rows] == ["joyful", "tense", "sad", "curious"]
    assert rows[2]["note"] == "'=SUM(A1)" and rows[1]["energy"] == "2"
    assert rows[0]["pleasant"] == "3" and rows[1]["pleasant"] == "-1"
