"""Typed lessons, as loaded from ``prompts/``. Frozen: content never changes at run time."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

ReflectionKind = Literal["text", "long_text", "scale", "choice", "multi_choice", "emotions"]
REFLECTION_KINDS: tuple[ReflectionKind, ...] = (
    "text",
    "long_text",
    "scale",
    "choice",
    "multi_choice",
    "emotions",
)
# An answer is free text, a scale number, one option, or several options. A
# lesson asks for whole numbers; a number with a fraction can arrive only from
# an older journal or an import, and is kept as it came.
Answer = str | int | float | list[str]

# The kinds answered by ticking any number of options.
LIST_KINDS: tuple[ReflectionKind, ...] = ("multi_choice", "emotions")
# A person's own words in a list answer, next to the options ticked: "Other: tender".
OTHER_PREFIX = "Other: "

# Where a lesson sits in the catalogue, in the order the groups are shown.
TRACKS = {"start": "Start here", "core": "The core lessons", "further": "Going further"}
DEFAULT_TRACK = "further"

# How long a lesson takes, for the time it says on the tin: reading at about
# 200 words a minute, half a minute per quiz question, a minute per reflection.
WORDS_PER_MINUTE = 200
QUIZ_SECONDS = 30
REFLECTION_SECONDS = 60


@dataclass(frozen=True)
class Section:
    title: str
    body: str


@dataclass(frozen=True)
class Myth:
    claim: str
    evidence: str


@dataclass(frozen=True)
class Reference:
    citation: str
    doi: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class QuizQuestion:
    id: str
    question: str
    choices: tuple[str, ...]
    answer: str
    explanation: str

    def is_correct(self, choice: str) -> bool:
        return choice == self.answer


@dataclass(frozen=True)
class Practice:
    """A short exercise offered at a lesson's end, never required."""

    title: str
    steps: tuple[str, ...]
    evidence: str  # how strong the evidence behind its ingredients is
    minutes: int = 2
    # A question to write about afterwards; the answer is saved like a reflection.
    prompt: str | None = None


@dataclass(frozen=True)
class LessonCard:
    """A recall card an editor wrote (``cards:`` in a lesson file): a prompt to
    think about, and the answer shown once the person is ready."""

    id: str
    prompt: str
    answer: str


@dataclass(frozen=True)
class Reflection:
    id: str
    question: str  # "prompt" in lesson files
    kind: ReflectionKind
    help: str | None = None
    min: int | None = None
    max: int | None = None
    min_label: str | None = None
    max_label: str | None = None
    options: tuple[str, ...] = ()
    # A short grounding step shown after a question that may stir up pain.
    grounding: str | None = None
    # Whether a list question (multi_choice, emotions) also takes the person's
    # own words ("Other…"); ``other: false`` in a lesson file turns it off.
    other: bool = True
    # Asked by default in a together round (``together: true`` in lesson files).
    together: bool = False

    @property
    def takes_other(self) -> bool:
        """Whether an answer may hold the person's own words (see :meth:`is_other`)."""
        return self.other and self.kind in LIST_KINDS

    def is_other(self, item: str) -> bool:
        """Whether ``item`` of a list answer is the person's own words, written
        ``Other: ...``, and this question takes them."""
        return (
            self.takes_other
            and item.startswith(OTHER_PREFIX)
            and bool(item[len(OTHER_PREFIX) :].strip())
        )


@dataclass(frozen=True)
class Lesson:
    id: str
    order: int
    title: str
    summary: str
    sections: tuple[Section, ...]
    takeaways: tuple[str, ...]
    myths: tuple[Myth, ...]
    references: tuple[Reference, ...]
    quiz: tuple[QuizQuestion, ...]
    reflections: tuple[Reflection, ...]
    content_note: str | None = None
    track: str = DEFAULT_TRACK
    practice: Practice | None = None
    # Recall cards written for this lesson, besides those made from its key
    # points and quiz (see content/deck.py).
    cards: tuple[LessonCard, ...] = ()
    source: Path = field(default=Path(), compare=False)

    @property
    def words(self) -> int:
        """Words a reader reads: sections, key points and myths."""
        texts = [section.body for section in self.sections] + list(self.takeaways)
        texts += [f"{myth.claim} {myth.evidence}" for myth in self.myths]
        return sum(len(text.split()) for text in texts)

    @property
    def minutes(self) -> int:
        """The whole lesson's time, derived so it can never drift from the text."""
        seconds = self.words * 60 / WORDS_PER_MINUTE
        seconds += QUIZ_SECONDS * len(self.quiz) + REFLECTION_SECONDS * len(self.reflections)
        if self.practice is not None:
            seconds += 60 * self.practice.minutes
        return max(1, round(seconds / 60))

    @property
    def together_reflections(self) -> tuple[Reflection, ...]:
        """What a together round asks unless told otherwise: the reflections
        marked ``together: true``, else all of them."""
        return tuple(r for r in self.reflections if r.together) or self.reflections

    def reflection(self, reflection_id: str) -> Reflection | None:
        return next((r for r in self.reflections if r.id == reflection_id), None)
