"""Recall without a terminal: the cards a lesson gives (and ``cards:`` in a
lesson file), the schedule FSRS makes from the review log, today's share of
cards, the recall tables in the journal, and which earlier entry may come back."""

from __future__ import annotations

import json
import multiprocessing
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from helpers.app import FIXTURES, PATIENCE
from helpers.store import (
    FAST_COST,
    Clock,
    files_in,
    holding,
    read_only,
    stored_document,
    write_document,
)

from intimacy_cli.content.catalogue import load_catalogue
from intimacy_cli.content.deck import RecallCard, deck_of, lesson_cards
from intimacy_cli.content.loader import parse_lesson
from intimacy_cli.content.model import Lesson
from intimacy_cli.reports import recall as schedule
from intimacy_cli.reports.recall import CARDS_PER_DAY, EASY, FORGOT, REMEMBERED, build_deck
from intimacy_cli.reports.resurfacing import pick_resurfacing
from intimacy_cli.store import Entry, Journal, JournalError
from intimacy_cli.store.crypto import EncryptedCodec
from intimacy_cli.store.entry import timestamp
from intimacy_cli.store.recall import Resurfaced, Review

SAMPLE = FIXTURES / "lessons" / "10-sample.yaml"
DONE = "2026-03-01T09:00:00.000000+00:00"
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def sample(extra: str = "") -> Lesson:
    lesson, problems = parse_lesson(SAMPLE, SAMPLE.read_text() + extra, ("calm",))
    assert problems == [] and lesson is not None
    return lesson


def problems_for(extra: str) -> list[str]:
    lesson, problems = parse_lesson(SAMPLE, SAMPLE.read_text() + extra, ("calm",))
    assert lesson is None
    return [str(problem) for problem in problems]


def review(card: RecallCard, rating: int, when: datetime) -> Review:
    return Review(card.id, card.content_hash, rating, timestamp(when))


def deck(lesson: Lesson, reviews: list[Review], **options: Any) -> schedule.Deck:
    return build_deck(
        [lesson],
        {lesson.id: DONE},
        reviews,
        options.pop("suspended", frozenset()),
        retention=options.pop("retention", 0.85),
    )


def due_of(the_deck: schedule.Deck, card: RecallCard) -> datetime:
    return next(state.due for state in the_deck.cards if state.card.id == card.id)


# -- the cards -------------------------------------------------------------------------


def test_a_lesson_gives_a_card_per_key_point_and_quiz_question_with_stable_ids() -> None:
    lesson = sample()
    cards = lesson_cards(lesson)
    points = [card for card in cards if card.key.startswith("point.")]
    quiz = [card for card in cards if card.key.startswith("quiz.")]
    assert len(points) == len(lesson.takeaways) and len(quiz) == len(lesson.quiz)
    assert cards[0].id == "sample/point.1"
    assert {card.id for card in quiz} == {"sample/quiz.quiz-1", "sample/quiz.reward"}
    # A key point's prompt gives its first words as the cue, never the whole point.
    assert lesson.takeaways[0] not in cards[0].prompt
    assert lesson.takeaways[0].split()[0] in cards[0].prompt
    assert cards[0].answer == lesson.takeaways[0]
    # A quiz card's answer is the right choice and why.
    reward = next(card for card in quiz if card.key == "quiz.reward")
    assert reward.prompt == "Dopamine is mostly about?"
    assert reward.answer.startswith(lesson.quiz[1].answer)
    assert lesson.quiz[1].explanation in reward.answer


def test_a_card_keeps_its_id_but_not_its_hash_when_its_text_changes() -> None:
    before = lesson_cards(sample())[0]
    changed = replace(sample(), takeaways=("A reworded first point, quite different.",))
    after = lesson_cards(changed)[0]
    assert after.id == before.id
    assert after.content_hash != before.content_hash


def test_cards_written_in_a_lesson_file_join_the_deck() -> None:
    lesson = sample(
        "cards:\n"
        "  - id: no-switch\n"
        "    prompt: Is there one switch for bonding?\n"
        "    answer: No; even in voles the system has backups.\n"
    )
    card = deck_of([lesson])["sample/card.no-switch"]
    assert card.prompt == "Is there one switch for bonding?"
    assert card.answer == "No; even in voles the system has backups."


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("cards:\n  - id: one\n    prompt: Only a prompt?\n", "missing required field 'answer'"),
        (
            "cards:\n  - {id: one, prompt: P?, answer: A.}\n"
            "  - {id: one, prompt: Q?, answer: B.}\n",
            "card id 'one' is already used on line",
        ),
        ("cards:\n  - {id: One Two, prompt: P?, answer: A.}\n", "must be lowercase letters"),
        ("cards:\n  - {id: one, prompt: P?, answer: A., hint: h}\n", "unknown field 'hint'"),
        ("cards:\n  - {id: one, prompt: '', answer: A.}\n", "cards[1].prompt must not be empty"),
        ("cards: {id: one}\n", "lesson.cards must be a list"),
    ],
)
def test_a_malformed_card_is_one_line_naming_the_file_and_line(extra: str, expected: str) -> None:
    problems = problems_for(extra)
    assert any(expected in problem for problem in problems), problems
    assert all(problem.startswith(f"{SAMPLE}:") for problem in problems)
    assert all("\n" not in problem for problem in problems)


def test_the_built_in_cards_load() -> None:
    every = deck_of(load_catalogue([]).lessons)
    assert len(every) > 50
    assert all(card.prompt and card.answer for card in every.values())
    assert {"oxytocin/card.hug-myth", "stress-coregulation/card.cortisol-not-bad"} <= set(every)


# -- the schedule ----------------------------------------------------------------------


def test_a_new_card_is_due_from_the_moment_its_lesson_was_done() -> None:
    the_deck = deck(sample(), [])
    assert all(state.due == START and state.reviews == 0 for state in the_deck.cards)
    undone = build_deck([sample()], {}, [], frozenset(), retention=0.85)
    assert undone.cards == []  # a lesson's cards join when it is done


def test_remembered_comes_back_later_than_forgot_and_never_after_a_year() -> None:
    lesson = sample()
    card = lesson_cards(lesson)[0]
    forgot = due_of(deck(lesson, [review(card, FORGOT, START)]), card)
    remembered = due_of(deck(lesson, [review(card, REMEMBERED, START)]), card)
    assert START < forgot < remembered
    # No learning steps: even "Forgot" waits at least a day.
    assert forgot - START >= timedelta(days=1)
    reviews, when = [], START
    for _ in range(12):
        reviews.append(review(card, EASY, when))
        when = due_of(deck(lesson, reviews), card)
    last = datetime.fromisoformat(reviews[-1].reviewed_at)
    assert when - last <= timedelta(days=365)
    assert when - last > timedelta(days=300)  # it did reach the cap


def test_a_higher_retention_brings_cards_back_sooner() -> None:
    lesson = sample()
    card = lesson_cards(lesson)[0]
    log = [review(card, REMEMBERED, START), review(card, REMEMBERED, START + timedelta(days=4))]
    low = due_of(deck(lesson, log, retention=0.75), card)
    high = due_of(deck(lesson, log, retention=0.95), card)
    assert high < low


def test_the_same_log_always_gives_the_same_schedule() -> None:
    lesson = sample()
    cards = lesson_cards(lesson)
    log = [review(card, REMEMBERED, START + timedelta(hours=n)) for n, card in enumerate(cards)]
    assert deck(lesson, log) == deck(lesson, log)


def test_a_changed_card_is_scheduled_afresh_and_its_old_reviews_stay() -> None:
    lesson = sample()
    old = lesson_cards(lesson)[0]
    log = [review(old, REMEMBERED, START)]
    reworded = replace(
        lesson, takeaways=("Something else entirely, reworded.", *lesson.takeaways[1:])
    )
    state = next(s for s in deck(reworded, log).cards if s.card.id == old.id)
    assert state.reviews == 0 and state.due == START  # due again, not lost
    stats = schedule.recall_stats(deck(reworded, log), log, START + timedelta(hours=1))
    assert stats.reviews == 1  # still in the log


def _logged(lesson: Lesson, ratings: list[tuple[int, int, int]], retention: float) -> list[Review]:
    """Reviews as the app logs them, each noting its card's next due time:
    (card number, rating, hours after the start)."""
    cards = lesson_cards(lesson)
    log: list[Review] = []
    noting = schedule.scheduling([], retention)
    for number, rating, hours in sorted(ratings, key=lambda rated: rated[2]):
        made = review(cards[number % len(cards)], rating, START + timedelta(hours=hours))
        due, name = noting(made)
        log.append(replace(made, due=timestamp(due), scheduler=name))
    return log


def _without_notes(log: list[Review]) -> list[Review]:
    return [replace(one, due=None, scheduler=None) for one in log]


@pytest.mark.parametrize("seed", range(5))
def test_noted_due_times_give_the_schedule_a_replay_gives(seed: int) -> None:
    import random

    rng = random.Random(seed)
    lesson = sample()
    ratings = [(rng.randrange(6), rng.choice((1, 2, 3, 4)), rng.randrange(2000)) for _ in range(60)]
    log = _logged(lesson, ratings, 0.85)
    assert all(one.scheduler == schedule.scheduler_name(0.85) for one in log)
    assert deck(lesson, log) == deck(lesson, _without_notes(log))


def test_a_new_retention_replays_the_log_instead_of_using_the_notes() -> None:
    lesson = sample()
    log = _logged(lesson, [(0, REMEMBERED, 0), (0, REMEMBERED, 100), (1, FORGOT, 5)], 0.85)
    replayed = deck(lesson, _without_notes(log), retention=0.95)
    assert deck(lesson, log, retention=0.95) == replayed
    assert deck(lesson, log, retention=0.95) != deck(lesson, log, retention=0.85)


def test_logged_reviews_note_when_the_card_comes_back(data_dir: Path) -> None:
    lesson = sample()
    card = lesson_cards(lesson)[0]
    journal = Journal(data_dir)
    noting = schedule.scheduling([], 0.85)
    logged = journal.recall.log_review(card.id, card.content_hash, REMEMBERED, schedule=noting)
    (stored,) = journal.recall.records().reviews
    assert stored == logged and stored.due is not None
    assert stored.scheduler == schedule.scheduler_name(0.85)


def test_the_installed_fsrs_is_the_major_version_schedules_are_noted_for() -> None:
    from importlib.metadata import version

    assert int(version("fsrs").split(".")[0]) == schedule.FSRS_MAJOR


def test_a_day_offers_at_most_ten_cards_oldest_due_first_counting_todays() -> None:
    lessons = load_catalogue([]).lessons[:3]
    done = {lesson.id: timestamp(START + timedelta(minutes=n)) for n, lesson in enumerate(lessons)}
    the_deck = build_deck(lessons, done, [], frozenset(), retention=0.85)
    assert len(the_deck.cards) > CARDS_PER_DAY
    now = START + timedelta(hours=2)
    today = schedule.todays_cards(the_deck, [], now)
    assert len(today) == CARDS_PER_DAY
    assert [s.due for s in today] == sorted(s.due for s in today)
    assert today[0].card.lesson == lessons[0].id
    rated = [review(state.card, REMEMBERED, now) for state in today[:4]]
    after = build_deck(lessons, done, rated, frozenset(), retention=0.85)
    assert len(schedule.todays_cards(after, rated, now)) == CARDS_PER_DAY - 4
    # The next day offers the next ten again: the backlog is spread, never shown whole.
    tomorrow = schedule.todays_cards(after, rated, now + timedelta(days=1))
    assert len(tomorrow) == CARDS_PER_DAY
    # Asking for more (--limit) goes past today's share.
    more = schedule.session_cards(after, rated, now, limit=20)
    assert len(more) == 20


def test_a_suspended_card_is_not_offered_nor_counted() -> None:
    lesson = sample()
    card = lesson_cards(lesson)[0]
    the_deck = deck(lesson, [], suspended=frozenset({card.id}))
    assert card.id not in {s.card.id for s in schedule.todays_cards(the_deck, [], START)}
    stats = schedule.recall_stats(the_deck, [], START)
    assert stats.suspended == 1 and stats.cards == len(lesson_cards(lesson)) - 1


def test_stats_count_reviews_remembered_and_what_comes_next() -> None:
    lesson = sample()
    first, second = lesson_cards(lesson)[:2]
    log = [review(first, REMEMBERED, START), review(second, FORGOT, START)]
    stats = schedule.recall_stats(deck(lesson, log), log, START + timedelta(minutes=5))
    assert (stats.reviews, stats.remembered, stats.retention) == (2, 1, 0.5)
    assert stats.new == len(lesson_cards(lesson)) - 2
    assert stats.next_due is not None and stats.next_due > START.date()
    assert schedule.recall_stats(deck(lesson, []), [], START).retention is None


# -- the recall tables -----------------------------------------------------------------


def test_reviews_suspensions_and_resurfacing_are_kept_in_the_journal(
    journal: Journal, clock: Clock
) -> None:
    journal.recall.log_review("sample/point.1", "abc", REMEMBERED)
    clock.advance(minutes=1)
    journal.recall.log_review("sample/point.1", "abc", FORGOT)
    assert journal.recall.suspend("sample/point.2")
    assert not journal.recall.suspend("sample/point.2")
    note = journal.entries.add(kind="journal", answer="words of mine")
    journal.recall.note_resurfaced(note.id, "hidden")
    records = journal.recall.records()
    assert [r.rating for r in records.reviews] == [REMEMBERED, FORGOT]
    assert records.suspended == {"sample/point.2"}
    assert records.resurfaced == [Resurfaced(note.id, journal.file.now(), "hidden")]
    assert journal.recall.unsuspend("sample/point.2")
    assert not journal.recall.unsuspend("sample/point.2")
    assert journal.recall.records().suspended == frozenset()


def test_an_encrypted_journal_keeps_its_reviews_encrypted(data_dir: Path, fast_kdf: None) -> None:
    codec = EncryptedCodec("a passphrase", FAST_COST)
    Journal(data_dir).maintenance.encrypt(codec)
    journal = Journal(data_dir, codec=codec)
    journal.recall.log_review("sample/point.1", "abc", REMEMBERED)
    journal.recall.suspend("sample/point.2")
    assert [r.card for r in journal.recall.records().reviews] == ["sample/point.1"]
    assert holding(data_dir, b"sample/point") == []  # in no file, in no form


def test_a_review_that_cannot_be_saved_is_one_clear_error(data_dir: Path) -> None:
    journal = Journal(data_dir)
    journal.recall.log_review("sample/point.1", "abc", REMEMBERED)
    before = files_in(data_dir)
    with read_only(data_dir), pytest.raises(JournalError, match="nothing was changed"):
        journal.recall.log_review("sample/point.2", "abc", FORGOT)
    assert files_in(data_dir) == before


def _rate_many(data_dir: str, worker: int) -> None:
    journal = Journal(Path(data_dir), lock_timeout=PATIENCE)
    for number in range(25):
        journal.recall.log_review(f"sample/point.{worker}", str(number), REMEMBERED)


@pytest.mark.slow
def test_ratings_from_processes_at_once_are_all_kept(data_dir: Path) -> None:
    fork = multiprocessing.get_context("fork")
    workers = [fork.Process(target=_rate_many, args=(str(data_dir), n)) for n in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(PATIENCE)
        assert worker.exitcode == 0
    assert len(Journal(data_dir).recall.records().reviews) == 75


def _journal_with(data_dir: Path, table: str, record: dict[str, Any]) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    document = {"schema_version": 3, "entries": {}, "sessions": {}, table: {"1": record}}
    (data_dir / "journal.json").write_text(json.dumps(document), encoding="utf-8")


@pytest.mark.parametrize(
    ("table", "record", "expected"),
    [
        ("recall_reviews", {"card": "a/b"}, "lacks content_hash, rating, reviewed_at"),
        (
            "recall_reviews",
            {"card": "a/b", "content_hash": "x", "rating": True, "reviewed_at": DONE},
            "rating must be one of 1, 2, 3, 4, not True",
        ),
        (
            "recall_reviews",
            {"card": "a/b", "content_hash": "x", "rating": 3, "reviewed_at": "soon"},
            "reviewed_at is not an ISO timestamp",
        ),
        (
            "recall_reviews",
            {"card": "a/b", "content_hash": "x", "rating": 3, "reviewed_at": DONE, "due": 5},
            "due must be text",
        ),
        (
            "recall_reviews",
            {"card": "a/b", "content_hash": "x", "rating": 3, "reviewed_at": DONE, "scheduler": []},
            "scheduler must be text",
        ),
        ("recall_suspended", {"card": 7, "suspended_at": DONE}, "card must be text"),
        (
            "resurfaced",
            {"entry": str(uuid.uuid4()), "shown_at": DONE, "response": "maybe"},
            "response must be one of 'fits', 'changed', 'hidden'",
        ),
    ],
)
def test_a_crafted_recall_record_is_refused_with_one_line(
    data_dir: Path, table: str, record: dict[str, Any], expected: str
) -> None:
    _journal_with(data_dir, table, {"id": str(uuid.uuid4()), **record})
    before = (data_dir / "journal.json").read_bytes()
    with pytest.raises(JournalError) as caught:
        Journal(data_dir).recall.log_review("a/b", "x", 3)
    assert expected in str(caught.value) and f"{table} record 1" in str(caught.value)
    assert (data_dir / "journal.json").read_bytes() == before


def test_an_entry_follows_only_an_entry_id(data_dir: Path) -> None:
    entry = Journal(data_dir).entries.add(kind="journal", answer="first")
    data = stored_document(data_dir)
    assert "follows" not in data["entries"]["1"]  # records without it stay as they were
    data["entries"]["1"]["follows"] = "not an id"
    write_document(data_dir, data)
    with pytest.raises(JournalError, match="follows is not a UUID"):
        Journal(data_dir).entries.get(entry.id)


# -- resurfacing -----------------------------------------------------------------------

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
WORDS = "I feel closest when we cook together slowly"


def old_entry(answer: Any = WORDS, days: int = 30, **fields: Any) -> Entry:
    stamp = timestamp(NOW - timedelta(days=days))
    return Entry(str(uuid.uuid4()), "reflection", answer, stamp, stamp, **fields)


def test_the_oldest_reflection_in_words_comes_back() -> None:
    older, newer = old_entry(days=60), old_entry(days=30)
    assert pick_resurfacing([older, newer], [], NOW) == older


@pytest.mark.parametrize(
    "answer",
    ["Talking", "I want to hurt myself tonight, nothing helps", "I keep thinking about suicide"],
)
def test_few_words_and_words_that_brought_the_crisis_note_never_come_back(answer: str) -> None:
    assert pick_resurfacing([old_entry(answer)], [], NOW) is None


def test_what_was_hidden_or_changed_never_comes_back_and_fits_waits_months() -> None:
    hidden, changed, fits = old_entry(), old_entry(), old_entry()
    shown = [
        Resurfaced(hidden.id, timestamp(NOW - timedelta(days=5)), "hidden"),
        Resurfaced(changed.id, timestamp(NOW - timedelta(days=5)), "changed"),
        Resurfaced(fits.id, timestamp(NOW - timedelta(days=5)), "fits"),
    ]
    assert pick_resurfacing([hidden, changed, fits], shown, NOW) is None
    assert pick_resurfacing([hidden, changed, fits], shown, NOW + timedelta(days=100)) == fits


def test_at_most_one_a_day() -> None:
    first, second = old_entry(days=60), old_entry(days=30)
    shown = [Resurfaced(first.id, timestamp(NOW - timedelta(hours=1)), "fits")]
    assert pick_resurfacing([first, second], shown, NOW) is None
    assert pick_resurfacing([first, second], shown, NOW + timedelta(days=1)) == second


def test_only_old_words_not_quiz_answers_nor_private_ones_are_candidates(
    journal: Journal, clock: Clock
) -> None:
    kept = journal.entries.add(kind="reflection", answer=WORDS)
    journal.entries.add(kind="quiz", answer="The effect was not found", correct=True)
    journal.entries.add(kind="reflection", answer=4)
    clock.advance(days=20)
    journal.entries.add(kind="journal", answer="Written yesterday, too new to come back")
    private = journal.entries.add(kind="journal", answer="Only for me, not for my partner")
    data = stored_document(journal.paths.data_dir)
    for record in data["entries"].values():
        if record["id"] == private.id:
            record["private"] = True  # as the together feature marks it
            record["created_at"] = kept.created_at
    write_document(journal.paths.data_dir, data)
    before = clock.now - timedelta(days=14)
    assert [e.id for e in journal.recall.resurfacing_candidates(before)] == [kept.id]
