"""In a real pseudo-terminal, at 60 and 80 columns: no answer is given, lost or
overwritten by one stray key, and every question and option can be read whole."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers.app import WITH_SAMPLE
from helpers.entries import entry, seed
from helpers.terminal import CTRL_C, DOWN, ENTER, NARROW, SPACE, UP, Terminal

from intimacy_cli.store import Journal, QueryFilter
from intimacy_cli.ui.prompter import CHOOSE, KEEP, SKIP

pytestmark = pytest.mark.slow

Open = Callable[..., Terminal]


def quiz_answers(data_dir: Path) -> list[Any]:
    return [e.answer for e in Journal(data_dir).entries.query(QueryFilter(kind="quiz"))]


@pytest.mark.parametrize("columns", NARROW)
def test_enters_pressed_through_the_lesson_answer_no_quiz_question(
    open_terminal: Open, data_dir: Path, columns: int
) -> None:
    person = open_terminal(*WITH_SAMPLE, "learn", "sample", columns=columns, rows=24)
    person.answer("Go on with this lesson now?", ENTER)
    person.sees("section 1 of 2")
    person.answer("What next?", ENTER * 4)  # one to go on, three too many
    person.sees("section 2 of 2")
    person.wait_for_prompt("What next?")
    person.settle(1.0)
    assert not person.shows("What does naming a feeling do")  # the extra Enters were dropped
    person.child.send(ENTER * 4)
    person.wait_for_prompt("What does naming a feeling do in lab studies?")
    person.settle(1.0)
    assert person.shows(f"» {CHOOSE}")  # the list waits on a line that is no answer
    assert quiz_answers(data_dir) == []
    person.child.send(DOWN * 2 + ENTER)
    person.sees("Right.")
    person.answer("Dopamine is mostly about?", CTRL_C)
    assert person.exit_code() == 130
    assert quiz_answers(data_dir) == ["Dampens amygdala responses a little"]


LONG_QUESTION = (
    "You read that a researcher can predict which couples will separate with over "
    "ninety percent accuracy. What does the evidence suggest about that figure?"
)
LONG_CHOICES = (
    "The figure holds everywhere, because it rests on careful filming of couples in a lab.",
    "The figure holds for married couples, though it is a little lower for dating couples.",
    "Those figures fit the couples studied; tested on new couples, accuracy fell sharply.",
)


@pytest.fixture
def long_quiz_pack(tmp_path: Path) -> tuple[str, str]:
    folder = tmp_path / "pack"
    folder.mkdir()
    choices = "".join(f"      - {choice!r}\n" for choice in LONG_CHOICES)
    (folder / "long.yaml").write_text(
        "id: long\norder: 50\ntitle: Long options\nsummary: Brief.\n"
        "sections:\n  - {title: Only, body: Just this.}\ntakeaways: [One.]\n"
        f"quiz:\n  - question: {LONG_QUESTION!r}\n    choices:\n{choices}"
        f"    answer: {LONG_CHOICES[-1]!r}\n    explanation: Tested on new couples.\n"
    )
    return ("--content-dir", str(folder))


@pytest.mark.parametrize("columns", NARROW)
def test_every_quiz_option_is_shown_whole_and_wrapped_between_words(
    open_terminal: Open, long_quiz_pack: tuple[str, str], data_dir: Path, columns: int
) -> None:
    person = open_terminal(*long_quiz_pack, "learn", "long", columns=columns, rows=24)
    person.answer("What next?", ENTER)
    person.sees("(choose an answer)")
    for text in (LONG_QUESTION, *LONG_CHOICES):
        assert person.shows(text), "\n".join(person.lines())
    person.child.send(DOWN * 3 + ENTER)  # the right answer: last, and never cut
    person.sees("Right.")
    assert person.exit_code() == 0
    assert quiz_answers(data_dir) == [LONG_CHOICES[-1]]


EDITS = [
    # (question id, saved, what the list shows first, keys, saved afterwards)
    ("closeness", 8, "» 8", ENTER, 8),
    ("pick-one", "Touch", "» Touch", ENTER, "Touch"),
    ("pick-many", ["Walks", "Messages"], "[x] Walks", DOWN + SPACE + ENTER, None),
    ("feelings", ["Other: tender"], "[x] Other: tender", ENTER, ["Other: tender"]),
]


@pytest.mark.parametrize("columns", NARROW)
@pytest.mark.parametrize(("question_id", "saved", "first", "keys", "after"), EDITS)
def test_edit_starts_from_the_saved_answer_and_enter_keeps_it(
    open_terminal: Open,
    data_dir: Path,
    *,
    columns: int,
    question_id: str,
    saved: Any,
    first: str,
    keys: str,
    after: Any,
) -> None:
    [one] = seed(data_dir, entry("2026-11-20 10:00", saved, question_id=question_id))
    person = open_terminal(*WITH_SAMPLE, "edit", one.id, columns=columns, rows=24)
    person.sees(KEEP)
    assert person.shows(first), "\n".join(person.lines())
    assert not person.shows(SKIP)
    person.child.send(keys)
    assert person.exit_code() == 0
    if after is None:  # one more item ticked: none of the saved ones lost
        after = ["Walks", "Meals", "Messages"]
    else:
        assert "No change" in person.shown()
    assert Journal(data_dir).entries.get(one.id).answer == after


@pytest.mark.parametrize("columns", NARROW)
def test_a_quiz_answer_is_changed_from_the_saved_choice(
    open_terminal: Open, data_dir: Path, columns: int
) -> None:
    [quiz] = seed(
        data_dir,
        entry(
            "2026-11-20 10:00",
            "Liking",
            kind="quiz",
            correct=False,
            question_id="reward",
            question="Dopamine is mostly about?",
        ),
    )
    person = open_terminal(*WITH_SAMPLE, "edit", quiz.id, columns=columns, rows=24)
    person.sees(KEEP)
    assert person.shows("» Liking")
    person.child.send(UP + ENTER)
    person.sees("(right)")
    assert person.exit_code() == 0
    changed = Journal(data_dir).entries.get(quiz.id)
    assert (changed.answer, changed.correct) == ("Wanting", True)


@pytest.mark.parametrize("columns", NARROW)
def test_the_home_screen_breaks_between_words(
    open_terminal: Open, data_dir: Path, columns: int
) -> None:
    person = open_terminal(*WITH_SAMPLE, columns=columns, rows=24)
    person.wait_for_prompt("What would you like to do?")
    for text in (
        "short, honest lessons on the neuroscience of closeness, with a private journal",
        "Next: Welcome: how to read the science of closeness",
        "Learn the next lesson: Welcome: how to read the science of closeness",
    ):
        assert person.shows(text), "\n".join(person.lines())
    person.child.send(UP + ENTER)  # up wraps round to Quit
    assert person.exit_code() == 0
