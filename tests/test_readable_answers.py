"""Exports and ``show`` carry what a reader needs to understand an answer: a
scale answer's range and end labels, whether a quiz answer was right (and the
right answer), and a lesson's title, not only its id. Without the lesson files
they fall back to what the entry itself holds."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers.app import WITH_SAMPLE
from helpers.entries import entry, seed

from intimacy_cli.store import Entry

Cli = Callable[..., Any]

pytestmark = pytest.mark.usefixtures("local_timezone")
SCALE = "6 on 0-10, 0 = Not at all, 10 = Very"


@pytest.fixture
def answered(data_dir: Path, local_timezone: str) -> list[Entry]:
    return seed(
        data_dir,
        entry("2026-11-20 10:00", 6, question_id="closeness", question="How close do you feel?"),
        entry(
            "2026-11-20 10:01",
            "Liking",
            kind="quiz",
            question_id="reward",
            question="Dopamine is mostly about?",
            correct=False,
        ),
        entry(
            "2026-11-20 10:02",
            "Wanting",
            kind="quiz",
            question_id="reward",
            question="Dopamine is mostly about?",
            correct=True,
        ),
    )


def test_markdown_explains_scales_and_quiz_answers(cli: Cli, answered: list[Entry]) -> None:
    text = cli(*WITH_SAMPLE, "export", "-f", "md").stdout
    assert "## A sample lesson (sample)" in text
    assert f"#### How close do you feel?\n\n> {SCALE}\n" in text
    assert "> Liking\n\n*quiz: not quite (the right answer: Wanting)*" in text
    assert "> Wanting\n\n*quiz: right*" in text


def test_csv_has_the_lesson_title_the_scale_and_the_right_answer(
    cli: Cli, answered: list[Entry]
) -> None:
    rows = list(csv.DictReader(io.StringIO(cli(*WITH_SAMPLE, "export", "-f", "csv").stdout)))
    by_id = {row["id"]: row for row in rows}
    scale, wrong, right = (by_id[e.id] for e in answered)
    assert scale["lesson_title"] == "A sample lesson"
    assert scale["answer"] == "6"  # the answer itself stays as it was, for sums
    assert scale["answer_in_context"] == SCALE
    assert wrong["correct"] == "False"
    assert wrong["right_answer"] == right["right_answer"] == "Wanting"
    assert scale["right_answer"] == ""


def test_show_names_the_lesson_the_scale_and_the_right_answer(
    cli: Cli, answered: list[Entry]
) -> None:
    scale, wrong, _ = answered
    shown = cli(*WITH_SAMPLE, "show", scale.id).stdout
    assert "A sample lesson (sample)" in shown
    assert "0-10, 0 = Not at all, 10 = Very" in shown
    shown = cli(*WITH_SAMPLE, "show", wrong.id).stdout
    assert "not quite (the right answer: Wanting)" in shown


def test_without_the_lesson_files_the_entry_speaks_for_itself(
    cli: Cli, answered: list[Entry]
) -> None:
    """The sample lesson is not installed here: no title, range or right answer
    to add, and nothing fails."""
    _, wrong, _ = answered
    text = cli("export", "-f", "md").stdout
    assert "## sample\n" in text
    assert "> 6\n" in text
    assert "*quiz: not quite*" in text
    rows = list(csv.DictReader(io.StringIO(cli("export", "-f", "csv").stdout)))
    assert {row["lesson_title"] for row in rows} == {""}
    assert {row["answer_in_context"] for row in rows} == {""}
    shown = cli("show", wrong.id)
    assert shown.exit_code == 0
    assert "not quite" in shown.stdout
    assert "right answer" not in shown.stdout
