"""``intimacy checkin`` in a real pseudo-terminal at 60 and 80 columns: two
numbers, a word shown with its meaning, tags and a note, saved at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.terminal import DOWN, ENTER, FINISH, NARROW, UP, Terminal

from intimacy_cli.store import Journal

pytestmark = pytest.mark.slow

Open = Callable[..., Terminal]


@pytest.mark.parametrize("columns", NARROW)
def test_a_checkin_typed_in_the_terminal(open_terminal: Open, data_dir: Path, columns: int) -> None:
    person = open_terminal("checkin", columns=columns)
    # each scale opens on a line that is no answer; then -4, -3 ... 4
    person.answer("How pleasant do you feel right now?", DOWN * 7 + ENTER)  # 2
    person.answer("How much energy do you have right now?", DOWN * 4 + ENTER)  # -1
    person.wait_for_prompt("Which word fits best?")
    assert person.shows("calm: Settled and unhurried; nothing needs to change right now.")
    assert person.shows("relieved: A weight lifted, now that a worry has passed.")
    person.child.send(DOWN + ENTER)  # content
    person.answer("Any tags?", "home, quiet" + ENTER)
    person.answer("Anything you would like to add?", "A slow morning." + FINISH)
    person.sees("Checked in: content.")
    assert person.exit_code() == 0
    [saved] = Journal(data_dir).checkins.all()
    assert (saved.pleasant, saved.energy, saved.word) == (2, -1, "content")
    assert (saved.tags, saved.note) == (("home", "quiet"), "A slow morning.")


@pytest.mark.parametrize("columns", NARROW)
def test_not_now_in_the_terminal_saves_nothing(
    open_terminal: Open, data_dir: Path, columns: int
) -> None:
    person = open_terminal("checkin", columns=columns)
    person.answer("How pleasant do you feel right now?", UP + ENTER)  # up wraps to "Not now"
    person.sees("nothing was saved")
    assert person.exit_code() == 0
    assert Journal(data_dir).checkins.all() == []
