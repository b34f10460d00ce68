"""``intimacy recall`` and its subcommands, in-process with a scripted prompter:
think, reveal, rate (each rating saved at once), the end of a session, an
earlier entry brought back, ``stats``, ``suspend``/``unsuspend``, the home
screen's line, the settings key, and bad input (one line, non-zero exit)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from helpers.app import WITH_SAMPLE, Outcome
from helpers.scripted import ScriptedPrompter
from helpers.store import Clock, stored_document, write_document

from intimacy_cli.commands.state import AppState
from intimacy_cli.content.catalogue import load_catalogue
from intimacy_cli.content.deck import lesson_cards
from intimacy_cli.flows.recall import HOW_DID_IT_GO, HOW_NOW, REVEAL, STILL_FIT
from intimacy_cli.store import Journal
from intimacy_cli.store.entry import timestamp

Cli = Callable[..., Outcome]
Script = Callable[..., ScriptedPrompter]
SAMPLE = next(lesson for lesson in load_catalogue([]).lessons if lesson.id == "welcome")
CARDS = lesson_cards(SAMPLE)
WORDS = "I feel closest when we cook together slowly"


def finish(journal: Journal, lesson: str = "welcome") -> None:
    journal.sessions.save(journal.sessions.start(lesson).id, step="done", completed=True)


def one_card(rating: str) -> tuple[tuple[str, str, object], ...]:
    return (("pause", REVEAL, None), ("select", HOW_DID_IT_GO, rating))


def ratings(data_dir: Path) -> list[tuple[str, int]]:
    return [(r.card, r.rating) for r in Journal(data_dir).recall.records().reviews]


@pytest.fixture
def done(data_dir: Path) -> Journal:
    journal = Journal(data_dir)
    finish(journal)
    return journal


@pytest.mark.usefixtures("done")
def test_a_session_shows_each_card_then_its_answer_and_saves_each_rating(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    fake = scripted(*one_card("3"), *one_card("1"))
    result = cli("recall", "--limit", "2")
    assert result.exit_code == 0, result.stderr
    assert ratings(data_dir) == [(CARDS[0].id, 3), (CARDS[1].id, 1)]
    assert fake.asked[1][2] == ["Forgot", "Remembered"]  # two buttons
    out = result.stdout
    assert out.index("card 1 of 2") < out.index(CARDS[0].id) < out.index("The answer:")
    assert CARDS[0].answer in out
    assert "That's it for now: 2 cards reviewed and saved." in result.stderr
    assert "The next card comes back on" in result.stderr


@pytest.mark.usefixtures("done")
def test_grades_offers_hard_and_easy_too(cli: Cli, scripted: Script, data_dir: Path) -> None:
    fake = scripted(*one_card("4"))
    assert cli("recall", "--limit", "1", "--grades").exit_code == 0
    assert fake.asked[1][2] == ["Forgot", "Hard: remembered, with effort", "Remembered", "Easy"]
    assert ratings(data_dir) == [(CARDS[0].id, 4)]


@pytest.mark.usefixtures("done")
def test_ctrl_c_mid_session_keeps_the_ratings_already_given(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    scripted(*one_card("3"), ("pause", REVEAL, KeyboardInterrupt))
    result = cli("recall")
    assert result.exit_code == 130
    assert "Stopped. Anything you already saved is kept." in result.stderr
    assert ratings(data_dir) == [(CARDS[0].id, 3)]


@pytest.mark.usefixtures("done")
def test_a_day_offers_its_share_and_then_says_so_kindly(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    finish(Journal(data_dir), "oxytocin")
    scripted(*[step for _ in range(10) for step in one_card("3")])
    assert cli("recall").exit_code == 0
    assert len(ratings(data_dir)) == 10
    again = cli("recall")  # nothing more today without asking for it
    assert again.exit_code == 0
    assert "Nothing to recall right now." in again.stderr
    assert "To keep going anyway: intimacy recall --limit 10" in again.stderr
    for text in (again.stdout + again.stderr).lower().split():
        assert text not in ("overdue", "missed", "backlog")


@pytest.mark.usefixtures("done")
def test_lesson_takes_only_that_lessons_cards(cli: Cli, scripted: Script, data_dir: Path) -> None:
    finish(Journal(data_dir), "oxytocin")
    scripted(*one_card("3"))
    assert cli("recall", "--lesson", "oxytocin", "--limit", "1").exit_code == 0
    ((card, _),) = ratings(data_dir)
    assert card.startswith("oxytocin/")


@pytest.mark.usefixtures("done")
def test_a_lesson_not_yet_done_has_no_cards_yet(cli: Cli, scripted: Script) -> None:
    scripted()
    result = cli("recall", "--lesson", "oxytocin")
    assert result.exit_code == 0
    assert "join once the lesson is done: intimacy learn oxytocin" in result.stderr


def test_bad_input_is_one_line_and_a_non_zero_exit(cli: Cli, scripted: Script) -> None:
    unknown = cli("recall", "--lesson", "no-such-lesson")
    assert unknown.exit_code == 1
    assert unknown.stderr.startswith("Error: no lesson 'no-such-lesson'")
    assert cli("recall", "--limit", "0").exit_code == 2
    no_terminal = cli("recall")  # no prompter: the tests' stdin is not a terminal
    assert no_terminal.exit_code != 0
    assert "needs a terminal" in no_terminal.stderr
    assert len(no_terminal.stderr.strip().splitlines()) == 1


def test_a_bad_retention_in_the_settings_file_is_one_line(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("recall_retention = 1.5\n")
    result = cli("recall", "stats")
    assert result.exit_code == 1
    assert "'recall_retention' must be a number from 0.7 to 0.97, not 1.5" in result.stderr


def test_the_retention_setting_changes_when_cards_come_back(
    cli: Cli, scripted: Script, data_dir: Path, tmp_path: Path
) -> None:
    finish(Journal(data_dir))
    scripted(*one_card("3"))
    cli("recall", "--limit", "1")
    days = {}
    for retention in ("0.7", "0.97"):
        (tmp_path / "config.toml").write_text(f"recall_retention = {retention}\n")
        stats = json.loads(cli("recall", "stats", "--json").stdout)
        days[retention] = stats["next_due"]
    assert days["0.97"] < days["0.7"]


@pytest.mark.usefixtures("done")
def test_stats_in_words_and_as_json(cli: Cli, scripted: Script) -> None:
    before = json.loads(cli("recall", "stats", "--json").stdout)
    assert before["cards"] == before["new"] == before["due_today"] == len(CARDS)
    assert before["retention"] is None
    scripted(*one_card("3"), *one_card("1"))
    cli("recall", "--limit", "2")
    after = json.loads(cli("recall", "stats", "--json").stdout)
    assert (after["reviews"], after["remembered"], after["retention"]) == (2, 1, 0.5)
    assert after["lessons"] == [
        {"lesson": "welcome", "title": SAMPLE.title, "cards": len(CARDS), "due_today": 8 - 2}
    ]
    words = cli("recall", "stats").stdout
    assert "Remembered so far: 50% of 2 reviews" in words
    assert SAMPLE.title in words


@pytest.mark.usefixtures("done")
def test_a_suspended_card_is_set_aside_until_brought_back(cli: Cli, data_dir: Path) -> None:
    card = CARDS[0].id
    assert cli("recall", "suspend", card).exit_code == 0
    again = cli("recall", "suspend", card)
    assert again.exit_code == 0 and "already set aside" in again.stderr
    stats = json.loads(cli("recall", "stats", "--json").stdout)
    assert (stats["suspended"], stats["cards"]) == (1, len(CARDS) - 1)
    assert cli("recall", "unsuspend", card).exit_code == 0
    assert Journal(data_dir).recall.records().suspended == frozenset()
    assert "was not set aside" in cli("recall", "unsuspend", card).stderr


def test_an_unknown_card_is_one_line_with_a_suggestion(cli: Cli, data_dir: Path) -> None:
    result = cli("recall", "suspend", "welcome/point.99")
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("Error: no recall card 'welcome/point.99'")
    assert "did you mean 'welcome/point." in result.stderr
    assert not (data_dir / "journal.json").exists()  # nothing written


# -- an earlier entry, brought back --------------------------------------------------------


def write_old(data_dir: Path, answer: str = WORDS, days: int = 30) -> str:
    """An entry written ``days`` ago, as the record would be (the clock is real)."""
    journal = Journal(data_dir)
    entry = journal.entries.add(
        kind="reflection", answer=answer, lesson="welcome", question_id="why", question="Why?"
    )
    data = stored_document(journal.paths.data_dir)
    for record in data["entries"].values():
        if record["id"] == entry.id:
            stamp = timestamp(journal.file.clock() - timedelta(days=days))
            record["created_at"] = record["updated_at"] = stamp
    write_document(journal.paths.data_dir, data)
    return entry.id


@pytest.mark.usefixtures("done")
def test_it_has_changed_opens_a_new_entry_that_follows_the_old_one(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    old = write_old(data_dir)
    fake = scripted(
        *one_card("3"),
        ("select", STILL_FIT, "changed"),
        ("long_text", HOW_NOW, "Now it is walks, more than cooking"),
    )
    result = cli("recall", "--limit", "1")
    assert result.exit_code == 0, result.stderr
    assert "You wrote this on" in result.stdout and WORDS in result.stdout
    assert fake.asked[2][2] == ["Still fits", "It has changed", "Don't show me this again"]
    newest = Journal(data_dir).entries.query()[0]
    assert (newest.answer, newest.follows) == ("Now it is walks, more than cooking", old)
    assert (newest.lesson, newest.question) == ("welcome", "Why?")
    shown = json.loads(cli("show", newest.id, "--json").stdout)
    assert shown["follows"] == old
    # Answered: it does not come back.
    scripted(*one_card("3"))
    assert cli("recall", "--limit", "1").exit_code == 0


@pytest.mark.usefixtures("done")
def test_dont_show_me_this_again_is_kept(cli: Cli, scripted: Script, data_dir: Path) -> None:
    old = write_old(data_dir)
    scripted(*one_card("3"), ("select", STILL_FIT, "hidden"))
    assert cli("recall", "--limit", "1").exit_code == 0
    (shown,) = Journal(data_dir).recall.records().resurfaced
    assert (shown.entry, shown.response) == (old, "hidden")


@pytest.mark.usefixtures("done")
def test_new_words_and_words_that_brought_the_crisis_note_are_not_brought_back(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    write_old(data_dir, days=3)
    write_old(data_dir, answer="Some nights I think about suicide and cannot sleep")
    scripted(*one_card("3"))  # and nothing after the card
    result = cli("recall", "--limit", "1")
    assert result.exit_code == 0
    assert "You wrote this on" not in result.stdout


# -- the home screen -----------------------------------------------------------------------


def test_the_home_screen_says_how_many_cards_today_and_offers_them(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    assert "Recall:" not in cli(*WITH_SAMPLE).stdout  # no lesson done: no line
    finish(Journal(data_dir))
    assert f"Recall: {len(CARDS)} cards for today: intimacy recall" in cli(*WITH_SAMPLE).stdout
    scripted(
        ("select", "What would you like to do?", "Recall what you learned (a few cards)"),
        *[step for _ in CARDS for step in one_card("3")],
        ("select", "What would you like to do?", "Quit"),
    )
    result = cli(*WITH_SAMPLE)
    assert result.exit_code == 0, result.stderr
    assert "Recall: done for today; the next on" in result.stdout


def test_a_fixed_clock_decides_what_is_due_today(
    cli: Cli, data_dir: Path, clock: Clock, journal: Journal
) -> None:
    finish(journal)
    for card in CARDS[:3]:
        journal.recall.log_review(card.id, card.content_hash, 3)
    today = json.loads(cli("recall", "stats", "--json", state=AppState(clock=clock)).stdout)
    assert today["due_today"] == len(CARDS) - 3
    clock.advance(days=30)
    later = json.loads(cli("recall", "stats", "--json", state=AppState(clock=clock)).stdout)
    assert later["due_today"] == len(CARDS)


def test_follows_survives_an_export_and_import(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    journal = Journal(data_dir)
    old = journal.entries.add(kind="journal", answer="How it was")
    journal.entries.add(kind="journal", answer="How it is now", follows=old.id)
    exported = tmp_path / "all.json"
    assert cli("export", "--format", "json", "-o", str(exported)).exit_code == 0
    elsewhere = tmp_path / "elsewhere"
    assert cli("--data-dir", str(elsewhere), "import", str(exported)).exit_code == 0
    follows = {e.answer: e.follows for e in Journal(elsewhere).entries.query()}
    assert follows == {"How it is now": old.id, "How it was": None}
    document = json.loads(exported.read_text())
    document["entries"][0]["follows"] = "yesterday"
    exported.write_text(json.dumps(document))
    refused = cli("--data-dir", str(tmp_path / "third"), "import", str(exported))
    assert refused.exit_code == 1
    assert "follows is not a UUID" in refused.stderr


def test_before_any_lesson_is_done_recall_says_where_cards_come_from(
    cli: Cli, scripted: Script
) -> None:
    scripted()
    result = cli("recall")
    assert result.exit_code == 0
    assert "Recall cards come from the lessons you finish; to begin: intimacy learn" in (
        result.stderr
    )
    words = cli("recall", "stats").stdout
    assert "Remembered so far: no reviews yet" in words


@pytest.mark.usefixtures("done")
def test_it_has_changed_left_empty_saves_nothing_and_may_come_back(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    write_old(data_dir)
    scripted(*one_card("3"), ("select", STILL_FIT, "changed"), ("long_text", HOW_NOW, None))
    assert cli("recall", "--limit", "1").exit_code == 0
    journal = Journal(data_dir)
    assert journal.entries.count() == 1
    assert journal.recall.records().resurfaced == []


@pytest.mark.usefixtures("done")
def test_stats_name_the_cards_set_aside(cli: Cli) -> None:
    cli("recall", "suspend", CARDS[0].id)
    assert "Set aside: 1 card" in cli("recall", "stats").stdout


def test_show_names_the_entry_a_follow_up_follows(cli: Cli, data_dir: Path) -> None:
    journal = Journal(data_dir)
    old = journal.entries.add(kind="journal", answer="How it was")
    new = journal.entries.add(kind="journal", answer="How it is now", follows=old.id)
    assert f"follows {old.id}" in " ".join(cli("show", new.id).stdout.split())
    assert "follows" not in cli("show", old.id).stdout
