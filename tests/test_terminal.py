"""End to end in a real pseudo-terminal: a person typing into ``intimacy``."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.app import WITH_SAMPLE
from helpers.entries import answers
from helpers.terminal import CTRL_C, CTRL_D, DOWN, ENTER, FINISH, NARROW, SPACE, UP, Terminal

from intimacy_cli.store import Journal
from intimacy_cli.store.crypto import EncryptedCodec

pytestmark = pytest.mark.slow

Open = Callable[..., Terminal]


def learn_sample(open_terminal: Open, columns: int = 100) -> Terminal:
    return open_terminal(*WITH_SAMPLE, "learn", "sample", columns=columns)


def through_lesson_and_quiz(person: Terminal) -> None:
    person.answer("Go on with this lesson now?", ENTER)
    person.sees("A sample lesson - section 1 of 2")
    person.answer("What next?", ENTER)
    person.sees("A sample lesson - section 2 of 2")
    person.answer("What next?", ENTER)
    # each quiz list opens on "(choose an answer)", which is no answer
    person.answer("What does naming a feeling do in lab studies?", DOWN * 2 + ENTER)
    person.sees("Right.")
    person.answer("Dopamine is mostly about?", DOWN * 2 + ENTER)
    person.sees("Not quite.")
    person.sees("Quiz: 1 of 2 right.")


def first_reflections(person: Terminal) -> None:
    person.answer("One word for today?", "brave" + ENTER)
    person.answer("Tell a short story.", "We walked." + ENTER + "We talked." + FINISH)


def last_reflections(person: Terminal) -> None:
    # new scale and choice answers open on a line that is no answer, too
    person.answer("How close do you feel?", DOWN * 8 + ENTER)
    person.answer("Pick one.", DOWN * 2 + ENTER)
    person.answer("Pick any.", SPACE + DOWN + DOWN + SPACE + ENTER)
    person.sees("» Walks, Messages")  # what was picked, in words
    person.answer("Which feelings?", DOWN * 3 + SPACE + ENTER)  # Other…, in one's own words
    person.answer("In your own words:", "quietly hopeful" + ENTER)
    person.answer("from the default list?", UP + ENTER)  # up wraps round to the skip entry
    person.sees("something to try")
    person.answer("What did you notice?", FINISH)  # nothing written: skipped


EXPECTED = {
    "quiz-1": "Dampens amygdala responses a little",
    "reward": "Liking",
    "one-line": "brave",
    "story": "We walked.\nWe talked.",
    "closeness": 7,
    "pick-one": "Touch",
    "pick-many": ["Walks", "Messages"],
    "feelings": ["Other: quietly hopeful"],
}


@pytest.mark.parametrize("columns", [100, *NARROW])
def test_learning_a_lesson_as_a_person_would(
    open_terminal: Open, data_dir: Path, columns: int
) -> None:
    person = learn_sample(open_terminal, columns)
    through_lesson_and_quiz(person)
    first_reflections(person)
    last_reflections(person)
    person.sees("Saved in your journal: 2 quiz answers and 6 reflections.")
    person.sees("intimacy review --lesson sample")
    assert person.exit_code() == 0

    journal = Journal(data_dir)
    assert {rid: e.answer for rid, e in answers(journal).items()} == EXPECTED
    assert "sample" in journal.sessions.completed_lessons()


def test_ctrl_c_mid_lesson_keeps_answers_and_resume_finishes_it(
    open_terminal: Open, data_dir: Path
) -> None:
    person = learn_sample(open_terminal)
    through_lesson_and_quiz(person)
    first_reflections(person)
    person.answer("How close do you feel?", CTRL_C)
    person.sees("Stopped. Anything you already saved is kept.")
    assert person.exit_code() == 130
    kept = answers(Journal(data_dir))
    assert set(kept) == {"quiz-1", "reward", "one-line", "story"}

    again = learn_sample(open_terminal)
    again.answer("Go on with this lesson now?", ENTER)
    again.answer("Last time you stopped at reflection 3 of 7. Pick up there?", ENTER)
    last_reflections(again)
    again.sees("Saved in your journal: 2 quiz answers and 6 reflections.")
    assert again.exit_code() == 0

    journal = Journal(data_dir)
    saved = answers(journal)
    assert {rid: e.answer for rid, e in saved.items()} == EXPECTED
    assert len({e.session for e in saved.values()}) == 1
    assert [run.step for run in journal.sessions.all("sample")] == ["done"]


def test_a_journal_entry_from_the_home_screen(open_terminal: Open, data_dir: Path) -> None:
    person = open_terminal(*WITH_SAMPLE)
    person.sees("Progress: 0 of ")
    person.answer("What would you like to do?", DOWN * 2 + ENTER)  # Write in your journal
    person.answer("What's on your mind?", "Typed at home." + ENTER + "Second line." + FINISH)
    person.sees("Saved to your journal")
    person.sees("Journal: 1 entry")
    person.answer("What would you like to do?", UP + ENTER)  # up wraps round to Quit
    assert person.exit_code() == 0
    (entry,) = Journal(data_dir).entries.query()
    assert entry.answer == "Typed at home.\nSecond line."


def test_encrypting_then_using_the_journal_at_a_terminal(
    open_terminal: Open, data_dir: Path
) -> None:
    """The real getpass: the passphrase is typed unseen, asked once per command."""
    passphrase = "typed but never shown"
    encrypting = open_terminal("data", "encrypt")
    encrypting.child.logfile_read = shown = io.StringIO()
    encrypting.type_unseen("New passphrase:", passphrase)
    encrypting.type_unseen("The same passphrase again:", passphrase)
    encrypting.sees("now encrypted")
    assert encrypting.exit_code() == 0

    home = open_terminal(*WITH_SAMPLE)
    home.child.logfile_read = shown
    home.type_unseen("Passphrase for your journal:", passphrase)
    home.answer("What would you like to do?", DOWN * 2 + ENTER)  # Write in your journal
    home.answer("What's on your mind?", "Written while encrypted." + FINISH)
    home.sees("Journal: 1 entry")
    home.answer("What would you like to do?", UP + ENTER)  # Quit
    assert home.exit_code() == 0

    assert passphrase not in shown.getvalue()
    assert shown.getvalue().count("Passphrase for your journal:") == 1
    (entry,) = Journal(data_dir, codec=EncryptedCodec(passphrase)).entries.query()
    assert entry.answer == "Written while encrypted."
    assert b"Written while encrypted" not in (data_dir / "journal.json").read_bytes()


@pytest.mark.parametrize("key", [CTRL_C, CTRL_D])
def test_words_typed_before_stopping_are_shown_back_not_lost(
    open_terminal: Open, data_dir: Path, key: str
) -> None:
    person = open_terminal("journal")
    person.answer("What's on your mind?", "Half a thought about trust" + ENTER + "and more")
    person.child.send(key)
    person.sees("What you were typing was not saved")
    person.sees("Half a thought about trust")
    person.sees("Stopped.")
    assert person.exit_code() == 130
    assert not (data_dir / "journal.json").exists()
