"""The ways back and around, in a real pseudo-terminal at 60 and 80 columns:
the menu after each section (Enter goes on), the step shown at every question,
stopping and resuming, the lesson-complete moment, the calm line after Ctrl-C,
the home menu's resume and browse, and passphrases typed again after a slip."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.app import WITH_SAMPLE
from helpers.entries import answers
from helpers.terminal import CTRL_C, DOWN, ENTER, FINISH, UP, Terminal

from intimacy_cli.store import Journal
from intimacy_cli.store.crypto import EncryptedCodec

pytestmark = pytest.mark.slow
WIDTHS = pytest.mark.parametrize("columns", [60, 80])


@pytest.fixture
def people() -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for person in opened:
        if person.child.isalive():
            person.child.terminate(force=True)


def start(people: list[Terminal], columns: int, *args: str) -> Terminal:
    person = Terminal(*args, columns=columns)
    people.append(person)
    return person


@WIDTHS
def test_back_again_and_a_jump_to_the_quiz(
    people: list[Terminal], data_dir: Path, columns: int
) -> None:
    person = start(people, columns, *WITH_SAMPLE, "learn", "sample")
    person.answer("Go on with this lesson now?", ENTER)
    person.sees("section 1 of 2")
    person.answer("What next?", ENTER)  # Enter: the next section
    person.sees("section 2 of 2")
    person.answer("What next?", DOWN + ENTER)  # Previous section
    person.sees("section 1 of 2")
    person.answer("What next?", DOWN + ENTER)  # Read this section again
    person.sees("section 1 of 2")
    person.answer("What next?", DOWN * 2 + ENTER)  # Jump to the quiz
    person.sees("Quiz question 1 of 2")
    # each quiz list opens on "(choose an answer)", which is no answer
    person.answer("What does naming a feeling do", DOWN * 2 + ENTER)
    person.sees("Quiz question 2 of 2")
    person.answer("Dopamine is mostly about?", DOWN + ENTER)
    person.sees("Reflection 1 of 7")
    person.answer("One word for today?", CTRL_C)
    person.sees("Stopped. Anything you already saved is kept.")
    person.sees("Pick up where you stopped with: intimacy learn sample")
    assert person.exit_code() == 130
    assert set(answers(Journal(data_dir))) == {"quiz-1", "reward"}


@WIDTHS
def test_stop_here_then_resume_from_the_home_menu_and_finish(
    people: list[Terminal], data_dir: Path, columns: int
) -> None:
    person = start(people, columns, *WITH_SAMPLE, "learn", "sample")
    person.answer("Go on with this lesson now?", ENTER)
    person.answer("What next?", UP + ENTER)  # up wraps round to "Stop here"
    person.sees("Stopped at section 2 of 2")
    person.sees("intimacy learn sample")
    assert person.exit_code() == 0

    home = start(people, columns, *WITH_SAMPLE)
    home.answer("What would you like to do?", ENTER)  # the first: Resume A sample lesson
    home.answer("Go on with this lesson now?", ENTER)
    home.sees("section 2 of 2")
    home.answer("What next?", DOWN * 3 + ENTER)  # Jump to the reflections
    home.answer("One word for today?", "steady" + ENTER)
    home.answer("Tell a short story.", FINISH)
    home.answer("How close do you feel?", UP + ENTER)  # skip
    home.answer("Pick one.", UP + ENTER)  # skip
    home.answer("Pick any.", UP + ENTER)  # up wraps round to the skip entry
    home.answer("Which feelings?", UP + ENTER)
    home.answer("from the default list?", UP + ENTER)
    home.answer("What did you notice?", FINISH)
    home.sees("Lesson complete: A sample lesson")
    home.sees("Saved in your journal: 1 reflection.")
    home.sees("To try this week:")
    home.sees("Next lesson:")
    home.answer("What would you like to do?", UP + ENTER)  # Quit
    assert home.exit_code() == 0
    journal = Journal(data_dir)
    assert {rid: e.answer for rid, e in answers(journal).items()} == {"one-line": "steady"}
    assert [s.step for s in journal.sessions.all("sample")] == ["done"]


@WIDTHS
def test_browse_open_and_go_back_from_the_home_menu(
    people: list[Terminal], data_dir: Path, columns: int
) -> None:
    journal = Journal(data_dir)
    journal.entries.add(kind="journal", answer="An older note")
    journal.entries.add(kind="journal", answer="A newer note with its own words")
    home = start(people, columns, *WITH_SAMPLE)
    home.answer("What would you like to do?", DOWN * 3 + ENTER)  # Review and open
    home.answer("Open which entry?", DOWN + ENTER)  # the older one
    home.sees("An older note")
    home.answer("What would you like to do with it?", ENTER)  # Back to the list
    home.answer("Open which entry?", ENTER)
    home.sees("A newer note with its own words")
    home.answer("What would you like to do with it?", UP + ENTER)  # Back to the menu
    home.answer("What would you like to do?", UP + ENTER)  # Quit
    assert home.exit_code() == 0
    assert Journal(data_dir).entries.count() == 2


@WIDTHS
def test_a_mistyped_passphrase_is_asked_again(
    people: list[Terminal], data_dir: Path, columns: int
) -> None:
    passphrase = "typed but never shown"
    encrypting = start(people, columns, "data", "encrypt")
    encrypting.type_unseen("New passphrase:", passphrase)
    encrypting.type_unseen("The same passphrase again:", passphrase + "!")
    encrypting.sees("not the same")
    encrypting.type_unseen("New passphrase:", "short")
    encrypting.sees("only 5 characters")
    encrypting.type_unseen("Type it once more to keep it", "")
    encrypting.type_unseen("New passphrase:", passphrase)
    encrypting.type_unseen("The same passphrase again:", passphrase)
    encrypting.sees("now encrypted")
    assert encrypting.exit_code() == 0

    writing = start(people, columns, "journal")
    writing.type_unseen("Passphrase for your journal:", "not it")
    writing.sees("did not open the journal; try again")
    writing.type_unseen("Passphrase for your journal:", passphrase)
    writing.answer("What's on your mind?", "After one slip." + FINISH)
    writing.sees("Saved to your journal")
    assert writing.exit_code() == 0
    (entry,) = Journal(data_dir, codec=EncryptedCodec(passphrase)).entries.query()
    assert entry.answer == "After one slip."


@WIDTHS
def test_a_long_lesson_title_never_cuts_the_section_number(
    people: list[Terminal], columns: int
) -> None:
    # "Welcome: how to read the science of closeness - section 1 of 5" is wider
    # than 60 columns less the rule's ends: the title wraps above the rule.
    person = Terminal("learn", "welcome", columns=columns, rows=80)  # the whole page fits
    people.append(person)
    person.answer("Go on with this lesson now?", ENTER)
    person.wait_for_prompt("What next?")
    assert person.shows("Welcome: how to read the science of closeness")
    assert person.shows("section 1 of 5")
    assert not any("…" in line for line in person.lines())
