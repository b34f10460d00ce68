"""``intimacy review``: every filter alone and combined, JSON, layout and the pager."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers.entries import STORE_FIELDS, clock_at, entry, seed
from helpers.terminal import mark_welcomed

from intimacy_cli.store import Entry

pytestmark = pytest.mark.usefixtures("local_timezone")


@pytest.fixture
def journal(data_dir: Path, local_timezone: str) -> dict[str, Entry]:
    """Five entries from 1 October to today (24 November 2026, local time)."""
    entries = {
        "calm": entry("2026-11-24 09:00", "Calm", tags=["morning"], session="s1"),
        "scale": entry(
            "2026-11-23 20:00",
            7,
            question_id="closeness",
            question="How close do you feel?",
            session="s2",
        ),
        "note": entry(
            "2026-11-20 23:30",
            "Résumé of the week: I felt close to Sam",
            kind="journal",
            lesson=None,
            question_id=None,
            question=None,
            tags=["Weekly"],
        ),
        "quiz": entry(
            "2026-11-10 12:00",
            "Wanting",
            kind="quiz",
            question_id="reward",
            question="Dopamine is mostly about?",
            correct=True,
        ),
        "choices": entry(
            "2026-10-01 08:00",
            ["Curiosity", "Understanding myself"],
            lesson="welcome",
            question_id="why-here",
            question="What brings you to these lessons?",
        ),
    }
    seed(data_dir, *entries.values())
    return entries


def names(journal: dict[str, Entry], listed: list[dict[str, Any]]) -> list[str]:
    by_id = {e.id: name for name, e in journal.items()}
    return [by_id[item["id"]] for item in listed]


@pytest.fixture
def review(cli: Callable[..., Any], journal: dict[str, Entry]) -> Callable[..., list[str]]:
    """Run ``review --json`` with these options under the fixed clock; the names found."""

    def run(*options: str) -> list[str]:
        result = cli("review", "--json", *options, state=clock_at())
        assert result.exit_code == 0, result.stderr
        return names(journal, json.loads(result.stdout))

    return run


def test_everything_newest_first(review: Callable[..., list[str]]) -> None:
    assert review() == ["calm", "scale", "note", "quiz", "choices"]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--last", "2"], ["calm", "scale"]),
        (["-n", "1"], ["calm"]),
        (["--lesson", "welcome"], ["choices"]),
        (["--kind", "journal"], ["note"]),
        (["--kind", "quiz"], ["quiz"]),
        (["--kind", "reflection"], ["calm", "scale", "choices"]),
        (["--tag", "weekly"], ["note"]),
        (["--tag", "morning"], ["calm"]),
        (["--tag", "nope"], []),
        # The note was written at 23:30 local time on the 20th (04:30 UTC on the 21st).
        (["--since", "2026-11-21"], ["calm", "scale"]),
        (["--since", "2026-11-20"], ["calm", "scale", "note"]),
        (["--until", "2026-11-20"], ["note", "quiz", "choices"]),
        (["--until", "2026-11-19"], ["quiz", "choices"]),
        (["--since", "2026-11-23T21:00"], ["calm"]),
        (["--search", "resume"], ["note"]),
        (["--search", "RÉSUMÉ"], ["note"]),
        (["--search", "curiosity"], ["choices"]),
        (["--search", "dopamine"], ["quiz"]),
        (["-s", "weekly"], ["note"]),
    ],
)
def test_each_filter(
    review: Callable[..., list[str]], options: list[str], expected: list[str]
) -> None:
    assert review(*options) == expected


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        # Today is Tuesday 24 November 2026 on the tests' clock.
        (["--since", "today"], ["calm"]),
        (["--since", "yesterday"], ["calm", "scale"]),
        (["--until", "yesterday"], ["scale", "note", "quiz", "choices"]),
        (["--since", "1d"], ["calm", "scale"]),
        (["--since", "4d"], ["calm", "scale", "note"]),
        (["--since", "2w"], ["calm", "scale", "note", "quiz"]),
        (["--since", "8w", "--until", "3w"], ["choices"]),
    ],
)
def test_relative_dates_under_a_fixed_clock(
    review: Callable[..., list[str]], options: list[str], expected: list[str]
) -> None:
    assert review(*options) == expected


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--kind", "reflection", "--since", "4w", "--last", "1"], ["calm"]),
        (["--lesson", "sample", "--search", "calm", "--tag", "morning"], ["calm"]),
        (["--lesson", "sample", "--kind", "quiz", "--until", "2026-11-15"], ["quiz"]),
        (["--since", "2026-11-20", "--until", "2026-11-23"], ["scale", "note"]),
        (["--lesson", "sample", "--kind", "reflection", "--search", "close"], ["scale"]),
        (["--lesson", "welcome", "--since", "today"], []),
        (["--tag", "weekly", "--kind", "journal", "--search", "sam", "--last", "5"], ["note"]),
    ],
)
def test_filters_combine(
    review: Callable[..., list[str]], options: list[str], expected: list[str]
) -> None:
    assert review(*options) == expected


def test_json_has_the_store_fields_and_nothing_else_on_stdout(
    cli: Callable[..., Any], journal: dict[str, Entry]
) -> None:
    result = cli("review", "--json", "--kind", "quiz")
    [item] = json.loads(result.stdout)
    assert item.keys() >= set(STORE_FIELDS)
    assert item["answer"] == "Wanting"
    assert item["created_at"] == journal["quiz"].created_at
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--since", "soon"], "Error: --since: 'soon' is not a date; use YYYY-MM-DD"),
        (["--until", "2026-02-30"], "Error: --until: '2026-02-30' is not a date"),
        (["--since", "today", "--until", "yesterday"], "is not before --until"),
        (["--kind", "dream"], "Error: --kind: 'dream' is not a kind; use reflection, quiz"),
    ],
)
def test_bad_options_are_one_line_usage_errors(
    cli: Callable[..., Any], journal: dict[str, Entry], options: list[str], message: str
) -> None:
    result = cli("review", *options)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_last_must_be_positive(cli: Callable[..., Any]) -> None:
    assert cli("review", "--last", "0").exit_code == 2


# rich lays out as for a terminal (colour off, to read the text).
TERMINAL = {"TTY_COMPATIBLE": "1", "NO_COLOR": "1"}


@pytest.fixture(autouse=True)
def welcomed(data_dir: Path) -> None:
    mark_welcomed()  # no first-run welcome before what these tests read


def test_table_shows_local_date_lesson_kind_question_answer_and_short_id(
    cli: Callable[..., Any], journal: dict[str, Entry]
) -> None:
    result = cli("review", env={"COLUMNS": "140", **TERMINAL})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["When", "Lesson", "Kind", "Question", "Answer", "Id"]
    note = next(line for line in lines if journal["note"].id[:8] in line)
    assert note.startswith("2026-11-20 23:30")
    assert "journal" in note
    assert "Journal note" in note
    assert "Résumé of the week" in note
    assert journal["note"].id[:9] not in note  # the short id only
    choices = next(line for line in lines if journal["choices"].id[:8] in line)
    assert "welcome" in choices
    assert "reflection" in choices
    assert "Curiosity; Understanding myself" in choices
    assert "quiz, right" in next(line for line in lines if journal["quiz"].id[:8] in line)
    assert "5 shown" in result.stderr


def test_a_wrong_quiz_answer_says_so(cli: Callable[..., Any], data_dir: Path) -> None:
    seed(data_dir, entry("2026-11-20 10:00", "Liking", kind="quiz", correct=False))
    for env in ({}, TERMINAL, {"COLUMNS": "60", **TERMINAL}):
        assert "quiz, wrong" in cli("review", env=env).stdout
    assert "(quiz, wrong)" in cli("review", "--by-session").stdout


@pytest.mark.parametrize("columns", [60, 80])
def test_a_narrow_terminal_gives_each_entry_two_readable_lines(
    cli: Callable[..., Any], journal: dict[str, Entry], columns: int
) -> None:
    result = cli("review", env={"COLUMNS": str(columns), **TERMINAL})
    lines = result.stdout.splitlines()
    assert all(len(line) <= columns for line in lines)
    assert lines[0].split() == ["When", "Lesson", "Kind", "Id"]
    assert lines[1].split() == ["Question", "Answer"]
    top = lines.index(next(line for line in lines if journal["scale"].id[:8] in line))
    assert lines[top].split()[2:] == ["sample", "reflection", journal["scale"].id[:8]]
    assert lines[top + 1].split() == ["How", "close", "do", "you", "feel?", "7"]


def test_long_answers_are_cut_to_one_line_in_a_terminal(
    cli: Callable[..., Any], data_dir: Path
) -> None:
    long = entry("2026-11-20 10:00", "word " * 200 + "\nsecond line")
    seed(data_dir, long)
    result = cli("review", env={"COLUMNS": "120", **TERMINAL})
    [row] = result.stdout.splitlines()[1:]
    assert len(row) <= 120
    assert "…" in row
    assert row.rstrip().endswith(long.id[:8])


def test_piped_review_cuts_nothing(cli: Callable[..., Any], data_dir: Path) -> None:
    """Piped (to grep, a file), every line is as long as it needs to be."""
    question = "A question long enough to be cut in any table that fits a screen, " * 3
    long = entry("2026-11-20 10:00", "word " * 200 + "\nthe very last words", question=question)
    seed(data_dir, long)
    result = cli("review", env={"COLUMNS": "80"})
    [row] = result.stdout.splitlines()[1:]
    assert " ".join(question.split()) in row
    assert ("word " * 200 + "the very last words") in row
    assert row.endswith(long.id[:8])
    assert "…" not in row
    by_session = cli("review", "--by-session", env={"COLUMNS": "80"}).stdout
    assert "the very last words" in by_session
    assert all(line == line.rstrip() for line in by_session.splitlines())
    assert " ".join(question.split()) in by_session


@pytest.mark.parametrize("question", ["How close do you feel?", "今日はどうでしたか?"])
def test_piped_columns_line_up_by_terminal_cells(question: str) -> None:
    """Plain ASCII cells are padded by their length, others by the cells rich
    measures (a wide character takes two): the same lines either way."""
    from rich.cells import cell_len, set_cell_size

    from intimacy_cli.ui.views.listing import PADDED, cells, piped_listing

    entries = [
        entry("2026-11-20 10:00", "first", question=question),
        entry("2026-11-21 10:00", "second", question="Short?"),
    ]
    rows = [[" ".join(cell.split()) for cell in cells(one)] for one in entries]
    widths = [max(cell_len(row[n]) for row in rows) for n in range(PADDED)]
    lines = piped_listing(entries).splitlines()[1:]
    for row, line in zip(rows, lines, strict=True):
        padded = [set_cell_size(row[n], widths[n]) for n in range(PADDED)]
        assert line.startswith("  ".join(padded))


def test_by_session_groups_answers_in_the_order_given(
    cli: Callable[..., Any], data_dir: Path
) -> None:
    seed(
        data_dir,
        entry("2026-11-20 10:00", "First answer", session="run-1"),
        entry("2026-11-20 10:05", "Second answer", session="run-1"),
        entry("2026-11-22 09:00", "Another day", session="run-2"),
    )
    result = cli("review", "--by-session")
    text = result.stdout
    assert text.count("sample  2026-11-") == 2
    assert "2 answers" in text
    assert "1 answer" in text
    assert text.index("Another day") < text.index("First answer") < text.index("Second answer")


def test_empty_journal_and_no_matches_say_so_kindly(
    cli: Callable[..., Any], data_dir: Path
) -> None:
    empty = cli("review")
    assert empty.exit_code == 0
    assert empty.stdout == ""
    assert "Nothing here yet" in empty.stderr
    seed(data_dir, entry("2026-11-20 10:00"))
    none = cli("review", "--search", "zebra")
    assert none.exit_code == 0
    assert "No entries match" in none.stderr
    assert cli("review", "--json", "--search", "zebra").stdout.strip() == "[]"


def test_pager_is_never_used_when_piped(
    cli: Callable[..., Any], data_dir: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "pager-ran"
    seed(data_dir, *(entry(f"2026-11-{day:02d} 10:00", f"answer {day}") for day in range(1, 29)))
    [long] = seed(data_dir, entry("2026-11-29 10:00", "\n".join(f"line {n}" for n in range(99))))
    pager = {"PAGER": f"touch {marker}; cat", "LINES": "5"}
    for args in (["review"], ["review", "--by-session"], ["show", long.id], ["progress"]):
        result = cli(*args, env=pager)
        assert result.exit_code == 0, result.stderr
        assert len(result.stdout.splitlines()) > 5  # taller than LINES
    assert "answer 28" in cli("review", env=pager).stdout
    assert not marker.exists()


@pytest.mark.parametrize(
    ("command", "value", "message"),
    [
        ("review", "99999999999999999999999", "--last 99999999999999999999999 is too large"),
        ("review", "0", "--last must be at least 1"),
        ("review", "-2", "--last must be at least 1"),
        ("export", "0", "--last must be at least 1"),
    ],
)
def test_a_last_out_of_range_is_a_usage_error_in_words(
    cli: Callable[..., Any], command: str, value: str, message: str
) -> None:
    result = cli(command, "--last", value)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {message}\n"
    assert str(sys.maxsize) not in result.stderr
