"""When each recall card comes back, worked out from the review log with FSRS.

A card's schedule is what replaying its reviews through the ``fsrs``
scheduler gives (fuzzing off, so the same log always gives the same
schedule). Each review, when logged, also notes the card's next due time and
the scheduler that worked it out (:func:`scheduler_name`: the algorithm's
version and every setting that changes a schedule); while that is the
scheduler in use, the note is the replay's answer and nothing is replayed. A
new retention setting, a new version of the algorithm, or a card whose wording
changed (its content hash) therefore never loses anything: the log is replayed
(a changed card simply starts again from its reviews of the new wording), and
the old reviews stay in the log.

Overdue cards are spread over days: a day offers at most
:data:`CARDS_PER_DAY` cards, oldest-due first, and the rest wait, silently,
for the days after. No count of a backlog is ever shown.

``fsrs`` is imported only when a card has reviews to replay, or a review is
logged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from intimacy_cli.base.dates import local_day, local_midnight
from intimacy_cli.content.deck import RecallCard, deck_of
from intimacy_cli.store.entry import parse_time
from intimacy_cli.store.recall import Review

if TYPE_CHECKING:
    from intimacy_cli.content.model import Lesson

# How many cards a day offers (and a session shows, unless told otherwise).
CARDS_PER_DAY = 10
# Intervals are capped at a year: lessons are short, and a year is long enough.
MAXIMUM_INTERVAL_DAYS = 365
# Ratings, as fsrs numbers them (the values stored in the review log).
FORGOT, HARD, REMEMBERED, EASY = 1, 2, 3, 4
# The major version of fsrs that pyproject.toml allows: schedules may differ
# between majors (a test checks the installed one).
FSRS_MAJOR = 6


def scheduler_name(retention: float) -> str:
    """What a review notes of the scheduler that set its card's next due time."""
    return f"fsrs-{FSRS_MAJOR} retention={retention:g} maximum={MAXIMUM_INTERVAL_DAYS}d"


@dataclass(frozen=True)
class CardState:
    """Where one card of the deck stands."""

    card: RecallCard
    due: datetime  # timezone-aware
    # Reviews of the card's current wording; 0 for a card never reviewed.
    reviews: int


@dataclass(frozen=True)
class Deck:
    """The cards of every lesson done, each with its schedule."""

    cards: list[CardState]  # in lesson order
    suspended: frozenset[str]

    def active(self) -> list[CardState]:
        return [state for state in self.cards if state.card.id not in self.suspended]

    def due_by(self, moment: datetime) -> list[CardState]:
        """Active cards due before ``moment``, the longest-waiting first."""
        due = [state for state in self.active() if state.due < moment]
        return sorted(due, key=lambda state: state.due)


def build_deck(
    lessons: Iterable[Lesson],
    completed: Mapping[str, str],
    reviews: Sequence[Review],
    suspended: frozenset[str],
    *,
    retention: float,
) -> Deck:
    """The deck: cards of the lessons in ``completed`` (lesson id -> when it
    was first done), scheduled from ``reviews`` (oldest first). A new card is
    due from the moment its lesson was done."""
    done = [lesson for lesson in lessons if lesson.id in completed]
    by_card: dict[tuple[str, str], list[Review]] = defaultdict(list)
    for review in reviews:
        by_card[review.card, review.content_hash].append(review)
    current = scheduler_name(retention)
    replay: Callable[[Sequence[Review]], datetime] | None = None
    states = []
    for card in deck_of(done).values():
        own = by_card.get((card.id, card.content_hash), [])
        if not own:
            states.append(CardState(card, parse_time(completed[card.lesson]), 0))
            continue
        last = own[-1]
        if last.scheduler == current and last.due is not None:
            due = parse_time(last.due)
        else:
            replay = replay or _replayer(retention)
            due = replay(own)
        states.append(CardState(card, due, len(own)))
    return Deck(states, suspended)


def scheduling(
    reviews: Sequence[Review], retention: float
) -> Callable[[Review], tuple[datetime, str]]:
    """For logging a new review after ``reviews`` (the log so far, oldest
    first): when its card is next due, and by which scheduler. fsrs is loaded
    at the first review, not before the first card is shown."""
    replayers: list[Callable[[Sequence[Review]], datetime]] = []
    name = scheduler_name(retention)
    logged = list(reviews)

    def schedule(review: Review) -> tuple[datetime, str]:
        if not replayers:
            replayers.append(_replayer(retention))
        key = (review.card, review.content_hash)
        own = [earlier for earlier in logged if (earlier.card, earlier.content_hash) == key]
        logged.append(review)
        return replayers[0]([*own, review]), name

    return schedule


def _replayer(retention: float) -> Callable[[Sequence[Review]], datetime]:
    """A function from a card's reviews to when it is next due."""
    from fsrs import Card, Rating, Scheduler

    scheduler = Scheduler(
        desired_retention=retention,
        learning_steps=(),
        relearning_steps=(),
        maximum_interval=MAXIMUM_INTERVAL_DAYS,
        enable_fuzzing=False,
    )

    def due_after(reviews: Sequence[Review]) -> datetime:
        first = parse_time(reviews[0].reviewed_at)
        card = Card(card_id=1, due=first)  # an id of our own: fsrs's default sleeps 1 ms
        for review in reviews:
            card, _ = scheduler.review_card(
                card, Rating(review.rating), parse_time(review.reviewed_at)
            )
        return card.due

    return due_after


def end_of_day(now: datetime) -> datetime:
    """The next local midnight: a card due before it is due today."""
    return local_midnight(local_day(now) + timedelta(days=1))


def reviewed_on(reviews: Iterable[Review], day: date) -> int:
    """How many different cards were rated on a local day."""
    return len({r.card for r in reviews if local_day(parse_time(r.reviewed_at)) == day})


def todays_cards(deck: Deck, reviews: Sequence[Review], now: datetime) -> list[CardState]:
    """Today's share of the due cards: at most :data:`CARDS_PER_DAY` a day,
    counting those already rated today, oldest-due first."""
    room = max(0, CARDS_PER_DAY - reviewed_on(reviews, local_day(now)))
    return deck.due_by(end_of_day(now))[:room]


@dataclass(frozen=True)
class RecallStats:
    """``intimacy recall stats``: the deck and how recall has gone so far."""

    cards: int  # active cards (every lesson done, none set aside)
    new: int  # of those, never reviewed
    due_today: int  # today's share, never the whole backlog
    suspended: int
    reviews: int
    remembered: int  # reviews rated anything but "Forgot"
    next_due: date | None  # the local day the next card after today comes
    lessons: list[tuple[str, int, int]]  # lesson id, active cards, due today

    @property
    def retention(self) -> float | None:
        """The share of reviews remembered, or ``None`` before the first."""
        return self.remembered / self.reviews if self.reviews else None


def recall_stats(deck: Deck, reviews: Sequence[Review], now: datetime) -> RecallStats:
    active = deck.active()
    today = todays_cards(deck, reviews, now)
    per_lesson: dict[str, list[int]] = {}
    for state in active:
        per_lesson.setdefault(state.card.lesson, [0, 0])[0] += 1
    for state in today:
        per_lesson[state.card.lesson][1] += 1
    return RecallStats(
        cards=len(active),
        new=sum(state.reviews == 0 for state in active),
        due_today=len(today),
        suspended=sum(state.card.id in deck.suspended for state in deck.cards),
        reviews=len(reviews),
        remembered=sum(review.rating != FORGOT for review in reviews),
        next_due=next_due(deck, now),
        lessons=[(lesson, cards, due) for lesson, (cards, due) in per_lesson.items()],
    )


def session_cards(
    deck: Deck,
    reviews: Sequence[Review],
    now: datetime,
    *,
    limit: int | None = None,
    lesson: str | None = None,
) -> list[CardState]:
    """The cards of one session: today's share; or, when the person asks for
    more (``limit``) or for one lesson, that many of the cards due today."""
    if limit is None and lesson is None:
        return todays_cards(deck, reviews, now)
    due = deck.due_by(end_of_day(now))
    return [s for s in due if lesson is None or s.card.lesson == lesson][: limit or CARDS_PER_DAY]


def next_due(deck: Deck, now: datetime) -> date | None:
    """The local day the first active card after today comes back."""
    tomorrow = end_of_day(now)
    later = [state.due for state in deck.active() if state.due >= tomorrow]
    return local_day(min(later)) if later else None
