"""The built-in lessons meet the content brief: structure, sourcing and tone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from intimacy_cli.content.catalogue import load_catalogue
from intimacy_cli.content.loader import DOI
from intimacy_cli.content.model import Lesson

MECHANISMS = [
    "social-brain",
    "reward-system",
    "oxytocin",
    "vasopressin",
    "mirror-neurons",
    "connection-need",
]
# Lessons that touch sexuality, loss or rejection must say so up front.
NEEDS_CONTENT_NOTE = {"reward-system", "oxytocin", "vasopressin", "connection-need"}
FACT_SHEET = Path(__file__).resolve().parents[2] / "shared" / "research" / "neuro_facts.md"
WORDS_PER_MINUTE = 200
# Reflection questions must fit anyone: single, partnered, or in several relationships.
ASSUMING_WORDS = re.compile(
    r"\b(husband|wife|boyfriend|girlfriend|spouse|marriage|married|"
    r"your partner's|your partner)\b",
    re.IGNORECASE,
)


def lessons() -> dict[str, Lesson]:
    return {lesson.id: lesson for lesson in load_catalogue().lessons}


def mechanism(lesson_id: str) -> Lesson:
    return lessons()[lesson_id]


def words(lesson: Lesson) -> int:
    """Words a reader reads: sections, key points and myths."""
    texts = [s.body for s in lesson.sections] + list(lesson.takeaways)
    texts += [f"{m.claim} {m.evidence}" for m in lesson.myths]
    return sum(len(text.split()) for text in texts)


def test_six_mechanism_lessons_in_order_after_the_welcome() -> None:
    assert list(lessons()) == ["welcome", *MECHANISMS]


@pytest.mark.parametrize("lesson_id", MECHANISMS)
def test_lesson_shape(lesson_id: str) -> None:
    lesson = mechanism(lesson_id)
    assert 3 <= len(lesson.sections) <= 5
    assert 5 <= lesson.minutes <= 15
    assert 3 <= len(lesson.takeaways) <= 5
    assert len(lesson.myths) >= 2
    assert len(lesson.references) >= 4
    assert len(lesson.quiz) >= 3
    assert all(len(q.explanation.split()) >= 8 for q in lesson.quiz)
    assert len(lesson.reflections) >= 4
    assert len({r.kind for r in lesson.reflections}) >= 2


@pytest.mark.parametrize("lesson_id", MECHANISMS)
def test_reading_time_matches_the_text(lesson_id: str) -> None:
    lesson = mechanism(lesson_id)
    # Reading alone is a lower bound on the derived whole-lesson time.
    assert lesson.minutes >= words(lesson) / WORDS_PER_MINUTE, words(lesson)


@pytest.mark.parametrize("lesson_id", sorted(NEEDS_CONTENT_NOTE))
def test_sensitive_lessons_carry_a_content_note(lesson_id: str) -> None:
    assert mechanism(lesson_id).content_note


def test_every_doi_is_well_formed() -> None:
    dois = [ref.doi for lesson in lessons().values() for ref in lesson.references if ref.doi]
    assert dois
    assert all(DOI.match(doi) for doi in dois)


@pytest.mark.skipif(not FACT_SHEET.exists(), reason="research notes are not beside this checkout")
def test_every_doi_comes_from_the_verified_fact_sheet() -> None:
    sheet = FACT_SHEET.read_text(encoding="utf-8")
    for lesson in lessons().values():
        for ref in lesson.references:
            assert ref.doi is None or ref.doi in sheet, (lesson.id, ref.doi)


def test_reflection_ids_are_unique_everywhere() -> None:
    ids = [r.id for lesson in lessons().values() for r in lesson.reflections]
    assert len(ids) == len(set(ids))


def test_reflections_assume_no_particular_relationship() -> None:
    for lesson in lessons().values():
        for reflection in lesson.reflections:
            text = f"{reflection.prompt} {reflection.help or ''}"
            assert not ASSUMING_WORDS.search(text), (lesson.id, reflection.id, text)


def test_right_answers_are_not_given_away_by_their_position() -> None:
    positions = [q.choices.index(q.answer) for lesson in lessons().values() for q in lesson.quiz]
    most_common = max(positions.count(p) for p in set(positions))
    assert most_common <= len(positions) / 2, positions
