"""``intimacy recall`` in a real pseudo-terminal at 60 and 80 columns: think,
reveal, rate; Ctrl-C mid-session keeps the ratings already given; an earlier
entry shown again, every word whole."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from helpers.store import stored_document, write_document
from helpers.terminal import CTRL_C, DOWN, ENTER, FINISH, NARROW, Terminal

from intimacy_cli.content.catalogue import load_catalogue
from intimacy_cli.content.deck import lesson_cards
from intimacy_cli.flows.recall import HOW_DID_IT_GO, HOW_NOW, REVEAL, STILL_FIT
from intimacy_cli.store import Journal
from intimacy_cli.store.entry import timestamp

pytestmark = pytest.mark.slow

Open = Callable[..., Terminal]
WELCOME = next(lesson for lesson in load_catalogue([]).lessons if lesson.id == "welcome")
CARDS = lesson_cards(WELCOME)
OLD_WORDS = (
    "Closeness for me is the quiet after dinner, when nobody needs anything "
    "and we can just sit together for a while without talking."
)


def finished(data_dir: Path) -> Journal:
    journal = Journal(data_dir)
    journal.sessions.save(journal.sessions.start("welcome").id, step="done", completed=True)
    return journal


@pytest.mark.parametrize("columns", NARROW)
def test_think_reveal_rate_and_ctrl_c_keeps_what_was_rated(
    open_terminal: Open, data_dir: Path, columns: int
) -> None:
    finished(data_dir)
    person = open_terminal("recall", "--limit", "2", columns=columns, rows=30)
    person.wait_for_prompt(REVEAL)
    assert person.shows("Recall - card 1 of 2")
    assert person.shows("how does this key point go on?")
    assert not person.shows(CARDS[0].answer)  # not before the person is ready
    person.child.send(ENTER)
    person.wait_for_prompt(HOW_DID_IT_GO)
    assert person.shows(CARDS[0].answer)  # every word whole at this width
    assert person.shows("Forgot") and person.shows("Remembered")
    person.child.send(DOWN + ENTER)  # Remembered
    person.wait_for_prompt(REVEAL)
    assert person.shows("Recall - card 2 of 2")
    person.child.send(ENTER)
    person.answer(HOW_DID_IT_GO, CTRL_C)
    person.sees("Stopped. Anything you already saved is kept.")
    assert person.exit_code() == 130
    reviews = Journal(data_dir).recall.records().reviews
    assert [(r.card, r.rating) for r in reviews] == [(CARDS[0].id, 3)]


@pytest.mark.parametrize("columns", NARROW)
def test_an_earlier_entry_comes_back_whole_and_can_be_followed_up(
    open_terminal: Open, data_dir: Path, columns: int
) -> None:
    journal = finished(data_dir)
    for card in CARDS:  # nothing due: the session is only the earlier entry
        journal.recall.log_review(card.id, card.content_hash, 3)
    old = journal.entries.add(kind="journal", answer=OLD_WORDS)
    data = stored_document(journal.paths.data_dir)
    stamp = timestamp(journal.file.clock() - timedelta(days=40))
    (stored,) = [record for record in data["entries"].values() if record["id"] == old.id]
    stored["created_at"] = stored["updated_at"] = stamp
    write_document(journal.paths.data_dir, data)

    person = open_terminal("recall", columns=columns, rows=30)
    person.wait_for_prompt(STILL_FIT)
    assert person.shows("You wrote this on")
    assert person.shows(OLD_WORDS)
    assert person.shows("Don't show me this again")
    person.child.send(DOWN + ENTER)  # It has changed
    person.answer(HOW_NOW, "Now it is our walks." + FINISH)
    assert person.exit_code() == 0
    newest = Journal(data_dir).entries.query()[0]
    assert (newest.answer, newest.follows) == ("Now it is our walks.", old.id)
