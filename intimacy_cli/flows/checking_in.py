"""A check-in: how pleasant and how energetic a person feels (each -4..4), a
feeling word from that quadrant, and optional tags and a note.

Asked one step at a time in a terminal, or given whole on the command line;
either way it is checked here, then saved at once through
:func:`~intimacy_cli.flows.saving.save_checkin`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from intimacy_cli.base.errors import IntimacyError, UsageProblem
from intimacy_cli.content.feelings import Feeling, FeelingWords, quadrant_label, quadrants_of
from intimacy_cli.flows.journaling import clean_tags
from intimacy_cli.flows.saving import save_checkin
from intimacy_cli.store import Journal
from intimacy_cli.store.checkins import Checkin
from intimacy_cli.store.records import AXIS_LIMIT
from intimacy_cli.ui import console
from intimacy_cli.ui.prompter import Option, Prompter

PLEASANT_QUESTION = "How pleasant do you feel right now?"
ENERGY_QUESTION = "How much energy do you have right now?"
WORD_QUESTION = "Which word fits best?"
TAGS_QUESTION = "Any tags? (separate them with commas)"
NOTE_QUESTION = "Anything you would like to add?"
NOT_NOW = "Not now"


@dataclass(frozen=True)
class CheckinPoint:
    """Where a check-in falls, and the word chosen for it."""

    pleasant: int
    energy: int
    feeling: Feeling


def check_axis(option: str, value: int) -> int:
    if not -AXIS_LIMIT <= value <= AXIS_LIMIT:
        raise UsageProblem(
            f"{option} goes from -{AXIS_LIMIT} to {AXIS_LIMIT} (0 is in between), not {value}"
        )
    return value


def place(feelings: FeelingWords, pleasant: int, energy: int, word: str) -> CheckinPoint:
    """The check-in's point and word, or a usage problem naming what would fit."""
    check_axis("--pleasant", pleasant)
    check_axis("--energy", energy)
    fitting = feelings.fitting(pleasant, energy)
    folded = word.strip().casefold()
    found = next((f for f in fitting if f.word.casefold() == folded), None)
    if found is None:
        where = " or ".join(quadrant_label(name) for name in quadrants_of(pleasant, energy))
        listed = ", ".join(feeling.word for feeling in fitting)
        raise UsageProblem(
            f"'{word}' is not one of the words for {where} "
            f"(pleasant {pleasant}, energy {energy}): {listed}"
        )
    return CheckinPoint(pleasant, energy, found)


def record(
    journal: Journal,
    point: CheckinPoint,
    *,
    day: date,
    tags: Sequence[str] = (),
    note: str | None = None,
    lesson: str | None = None,
) -> Checkin:
    """Save a check-in now; a blank note is no note."""
    body = note.strip() if note else ""
    checkin = journal.checkins.new(
        day=day,
        pleasant=point.pleasant,
        energy=point.energy,
        word=point.feeling.word,
        tags=tuple(tags),
        note=body or None,
        lesson=lesson,
    )
    return save_checkin(journal, checkin)


def ask(prompter: Prompter, feelings: FeelingWords) -> tuple[CheckinPoint, list[str], str] | None:
    """Ask each step in turn; ``None`` when the person chose "Not now" (nothing
    is saved then). Returns the point, the tags and the note (may be empty)."""
    pleasant = prompter.scale(
        PLEASANT_QUESTION,
        -AXIS_LIMIT,
        AXIS_LIMIT,
        low_label="very unpleasant",
        high_label="very pleasant",
        skip=NOT_NOW,
    )
    if pleasant is None:
        return None
    energy = prompter.scale(
        ENERGY_QUESTION,
        -AXIS_LIMIT,
        AXIS_LIMIT,
        low_label="very low energy",
        high_label="very high energy",
        skip=NOT_NOW,
    )
    if energy is None:
        return None
    options = [
        Option(f.word, f"{f.word}: {f.definition}") for f in feelings.fitting(pleasant, energy)
    ]
    word = prompter.select(WORD_QUESTION, options, skip=NOT_NOW)
    if word is None:
        return None
    point = place(feelings, pleasant, energy, word)
    return point, _ask_tags(prompter), prompter.long_text(NOTE_QUESTION) or ""


def _ask_tags(prompter: Prompter) -> list[str]:
    """Tags typed on one line; one that cannot be a tag is explained, and asked again."""
    while True:
        typed = prompter.text(TAGS_QUESTION, instruction="(leave empty to skip)")
        if not typed:
            return []
        try:
            return clean_tags(part for part in typed.split(",") if part.strip())
        except IntimacyError as problem:
            console.error(problem.message)
