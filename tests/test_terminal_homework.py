"""In a real (pseudo-)terminal at 60 and 80 columns: homework listed whole,
answered from an item, and a report ticked, previewed and confirmed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.app import WITH_SAMPLE
from helpers.terminal import DOWN, ENTER, FINISH, NARROW, SPACE, Terminal

from intimacy_cli.store import Journal

pytestmark = pytest.mark.slow

Open = Callable[..., Terminal]
NO_PAGER = {"INTIMACY_PAGER": "cat"}
HOMEWORK = """\
id: week-1
title: A gentle week of noticing the small moments of closeness
from: Dr. Rivera
items:
  - reflections: {lesson: sample, ids: [closeness]}
    repeat: daily
    times: 5
  - prompt: When did you feel closest to your partner this week, and what helped?
"""


@pytest.fixture
def homework(data_dir: Path, tmp_path: Path) -> None:
    from helpers.app import FIXTURE_LESSONS

    from intimacy_cli.content.catalogue import load_catalogue
    from intimacy_cli.content.homework import parse_homework

    lessons = {lesson.id: lesson for lesson in load_catalogue([FIXTURE_LESSONS]).lessons}
    assignment, problems = parse_homework(tmp_path / "w.homework.yaml", HOMEWORK, lessons)
    assert assignment is not None, problems
    Journal(data_dir).assignments.add(assignment, HOMEWORK)


@pytest.mark.usefixtures("homework")
@pytest.mark.parametrize("columns", NARROW)
def test_homework_is_listed_with_every_word_whole(open_terminal: Open, columns: int) -> None:
    person = open_terminal(*WITH_SAMPLE, "homework", columns=columns, rows=30, env=NO_PAGER)
    person.sees("week-1")
    for text in (
        "A gentle week of noticing the small moments of closeness",
        "When did you feel closest to your partner this week, and what helped?",
        "due today",
    ):
        assert person.shows(text), "\n".join(person.lines())
    assert person.exit_code() == 0


@pytest.mark.usefixtures("homework")
@pytest.mark.parametrize("columns", NARROW)
def test_reflect_from_an_item_asks_its_reflection_and_links_it(
    open_terminal: Open, data_dir: Path, columns: int
) -> None:
    person = open_terminal(
        *WITH_SAMPLE, "reflect", "--homework", "week-1:1", columns=columns, rows=24
    )
    person.answer("How close do you feel?", DOWN * 8 + ENTER)
    assert person.exit_code() == 0
    (answer,) = Journal(data_dir).entries.query()
    assert answer.homework == ("week-1", 1)
    assert answer.question_id == "closeness"


@pytest.mark.parametrize("columns", NARROW)
def test_a_report_is_ticked_previewed_and_written_only_when_confirmed(
    open_terminal: Open, data_dir: Path, tmp_path: Path, columns: int
) -> None:
    journal = Journal(data_dir)
    journal.entries.add(kind="journal", answer="Shared: the walk with Alex helped.")
    journal.entries.add(kind="journal", answer="Kept back: not for the session.")
    target = tmp_path / "session.md"
    person = open_terminal("report", "-o", str(target), columns=columns, rows=40, env=NO_PAGER)
    person.wait_for_prompt("Which entries go into the report?")
    person.child.send(DOWN + SPACE + ENTER)  # newest first: the second is the shared one
    person.answer("show:", ENTER)  # the question and the answer
    person.answer("blank out", "Alex" + ENTER)
    person.wait_for_prompt("Write this report?")
    assert person.shows("the walk with \\[redacted\\] helped.")  # as written: Markdown
    assert not person.shows("Kept back")
    person.child.send("y")
    assert person.exit_code() == 0
    text = target.read_text()
    assert "the walk with \\[redacted\\] helped." in text
    assert "Alex" not in text and "Kept back" not in text
    assert len(journal.receipts.all()) == 1


@pytest.mark.parametrize("columns", NARROW)
def test_a_part_of_an_answer_is_blanked_by_deleting_it_from_the_copy(
    open_terminal: Open, data_dir: Path, tmp_path: Path, columns: int
) -> None:
    Journal(data_dir).entries.add(kind="journal", answer="The walk helped, said Alex")
    target = tmp_path / "session.md"
    person = open_terminal("report", "-o", str(target), columns=columns, rows=40, env=NO_PAGER)
    person.wait_for_prompt("Which entries go into the report?")
    person.child.send(SPACE + ENTER)
    person.answer("show:", DOWN * 4 + ENTER)  # the last choice: parts blanked out
    person.wait_for_prompt("Delete the parts of your answer")
    person.child.send("\x7f" * len("Alex") + FINISH)  # Backspace: the copy is the whole answer
    person.answer("blank out", ENTER)
    person.wait_for_prompt("Write this report?")
    person.child.send("y")
    assert person.exit_code() == 0
    text = target.read_text()
    assert "> The walk helped, said \\[redacted\\]" in text and "Alex" not in text


LESSON_HOMEWORK = """\
id: week-2
title: The sample lesson, before we meet
items:
  - lesson: sample
"""


@pytest.mark.parametrize("columns", NARROW)
def test_learn_from_an_item_links_every_answer_and_marks_the_item_done(
    open_terminal: Open, data_dir: Path, tmp_path: Path, columns: int
) -> None:
    from test_terminal import first_reflections, last_reflections, through_lesson_and_quiz

    path = tmp_path / "week-2.homework.yaml"
    path.write_text(LESSON_HOMEWORK)
    person = open_terminal(*WITH_SAMPLE, "homework", "add", str(path), columns=columns)
    assert person.exit_code() == 0
    person = open_terminal(
        *WITH_SAMPLE, "learn", "--homework", "week-2:1", columns=columns, rows=24
    )
    through_lesson_and_quiz(person)
    first_reflections(person)
    last_reflections(person)
    person.sees("Saved in your journal")
    assert person.exit_code() == 0
    saved = Journal(data_dir).entries.query()
    assert len(saved) == 8
    assert {entry.homework for entry in saved} == {("week-2", 1)}
    listed = open_terminal(*WITH_SAMPLE, "homework", columns=columns, rows=30, env=NO_PAGER)
    listed.sees("week-2")
    assert listed.shows("done"), "\n".join(listed.lines())
    assert listed.exit_code() == 0
