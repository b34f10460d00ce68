"""The recall cards a lesson gives: one per key point, one per quiz question,
and the ``cards:`` an editor wrote.

A card's id is its lesson's id and a key that stays put when the lesson's
wording changes (``oxytocin/point.2``, ``oxytocin/quiz.trust-spray``,
``oxytocin/card.no-switch``; the dot is never in a slug, so the three kinds
cannot clash), so its reviews keep pointing at it; its content
hash changes with the wording, so a card whose text changed is scheduled
afresh (see ``reports/recall.py``) instead of being lost.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from intimacy_cli.content.model import Lesson

# Between a card's lesson id and its key. Lesson ids and keys are slugs, which
# never hold it, so an id splits back into the two.
SEPARATOR = "/"


@dataclass(frozen=True)
class RecallCard:
    """One thing to recall: ``prompt`` shown first, ``answer`` once revealed."""

    lesson: str
    key: str
    prompt: str
    answer: str

    @property
    def id(self) -> str:
        return f"{self.lesson}{SEPARATOR}{self.key}"

    @property
    def content_hash(self) -> str:
        """A short fingerprint of what the card says; it changes when the text does."""
        text = f"{self.prompt}\0{self.answer}".encode()
        return hashlib.sha256(text).hexdigest()[:16]


def lesson_cards(lesson: Lesson) -> list[RecallCard]:
    """Every card of a lesson, in the order the lesson teaches them."""
    cards: list[RecallCard] = []
    for number, point in enumerate(lesson.takeaways, start=1):
        prompt = f"From '{lesson.title}': how does this key point go on?\n\n{_lead(point)} ..."
        cards.append(RecallCard(lesson.id, f"point.{number}", prompt, point))
    for question in lesson.quiz:
        answer = f"{_sentence(question.answer)} {question.explanation}"
        cards.append(RecallCard(lesson.id, f"quiz.{question.id}", question.question, answer))
    for card in lesson.cards:
        cards.append(RecallCard(lesson.id, f"card.{card.id}", card.prompt, card.answer))
    return cards


# A key point's card shows its first words (a third of them, at most this many)
# as the cue: enough to know which point is meant, not enough to give it away.
LEAD_WORDS = 5


def _lead(point: str) -> str:
    words = point.split()
    return " ".join(words[: max(1, min(LEAD_WORDS, len(words) // 3))])


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else f"{text}."


def deck_of(lessons: Iterable[Lesson]) -> dict[str, RecallCard]:
    """Card id -> card, for every card of these lessons."""
    return {card.id: card for lesson in lessons for card in lesson_cards(lesson)}
