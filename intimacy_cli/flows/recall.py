"""A recall session: each card's prompt, a moment to think, the answer, and
how it went ("Forgot" or "Remembered"; Hard and Easy too when asked for),
each rating saved the moment it is given. Then, now and then, one of the
person's own earlier entries, to see whether it still fits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from intimacy_cli.base.dates import local_day
from intimacy_cli.content.model import Lesson
from intimacy_cli.flows.saving import save_entries
from intimacy_cli.reports import recall as schedule
from intimacy_cli.reports.resurfacing import OLDER_THAN, pick_resurfacing
from intimacy_cli.store import Journal
from intimacy_cli.store.recall import RecallRecords, Response
from intimacy_cli.ui.prompter import Option, Prompter
from intimacy_cli.ui.views import recall as views

REVEAL = "Think of the answer, then press any key to see it"
HOW_DID_IT_GO = "How did it go?"
TWO_BUTTONS = (
    Option(str(schedule.FORGOT), "Forgot"),
    Option(str(schedule.REMEMBERED), "Remembered"),
)
FOUR_BUTTONS = (
    Option(str(schedule.FORGOT), "Forgot"),
    Option(str(schedule.HARD), "Hard: remembered, with effort"),
    Option(str(schedule.REMEMBERED), "Remembered"),
    Option(str(schedule.EASY), "Easy"),
)
STILL_FIT = "Does that still fit?"
ANSWERS: tuple[tuple[Response, str], ...] = (
    ("fits", "Still fits"),
    ("changed", "It has changed"),
    ("hidden", "Don't show me this again"),
)
HOW_NOW = "How is it for you now?"


def review_cards(
    journal: Journal,
    prompter: Prompter,
    cards: Sequence[schedule.CardState],
    records: RecallRecords,
    *,
    retention: float,
    grades: bool = False,
) -> int:
    """Show each card and log its rating at once (Ctrl-C keeps the ratings
    given so far), with when the card comes back. Returns how many cards were
    rated."""
    buttons = FOUR_BUTTONS if grades else TWO_BUTTONS
    scheduled = schedule.scheduling(records.reviews, retention) if cards else None
    for number, state in enumerate(cards, start=1):
        views.show_prompt(state.card, number, len(cards))
        prompter.pause(REVEAL)
        views.show_answer(state.card)
        rating = prompter.select(HOW_DID_IT_GO, buttons)
        assert rating is not None  # the list has no way to skip
        journal.recall.log_review(
            state.card.id, state.card.content_hash, int(rating), schedule=scheduled
        )
    return len(cards)


def offer_resurfacing(journal: Journal, prompter: Prompter, now: datetime) -> None:
    """Maybe one earlier entry of the person's own (see ``reports/resurfacing.py``):
    does it still fit? "It has changed" opens a new entry that follows it."""
    candidates = journal.recall.resurfacing_candidates(now - OLDER_THAN)
    entry = pick_resurfacing(candidates, journal.recall.records().resurfaced, now)
    if entry is None:
        return
    views.show_resurfaced(entry, local_day(entry.created))
    choice = prompter.select(STILL_FIT, [Option(value, label) for value, label in ANSWERS])
    if choice == "changed":
        words = prompter.long_text(HOW_NOW)
        if words is None:
            return  # nothing written: it may come back another day
        follow_up = journal.entries.new(
            kind=entry.kind,
            answer=words,
            lesson=entry.lesson,
            question_id=entry.question_id,
            question=entry.question,
            tags=entry.tags,
            follows=entry.id,
        )
        save_entries(journal, [follow_up])
    assert choice in {value for value, _ in ANSWERS}  # the list has no way to skip
    journal.recall.note_resurfaced(entry.id, choice)


def deck_for(
    journal: Journal, lessons: Sequence[Lesson], retention: float
) -> tuple[schedule.Deck, RecallRecords]:
    """The deck of every lesson done, scheduled from the journal's review log."""
    records = journal.recall.records()
    deck = schedule.build_deck(
        lessons,
        records.completed,
        records.reviews,
        records.suspended,
        retention=retention,
    )
    return deck, records
