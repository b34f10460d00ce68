"""``intimacy learn``: a lesson page by page, then the quiz, then the reflections.

A lesson is a fixed list of steps (``section:0`` ... ``quiz:0`` ...
``reflection:0`` ... ``done``). After every step the session records the next one,
and every answer is saved as it is given, so a sitting can stop anywhere (Ctrl-C,
a closed terminal) and the next ``learn`` picks up exactly there.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from intimacy_cli.base.text import counted
from intimacy_cli.content.catalogue import Catalogue
from intimacy_cli.content.model import Lesson, Reflection
from intimacy_cli.flows.reflecting import INTRO, answer_reflection
from intimacy_cli.flows.saving import save_entries
from intimacy_cli.store import Entry, Journal, LessonSession, QueryFilter
from intimacy_cli.ui import console
from intimacy_cli.ui.prompter import CHOOSE, Option, Prompter
from intimacy_cli.ui.views import screens
from intimacy_cli.ui.views.lesson import content_note_text

Part = Literal["section", "quiz", "reflection", "practice", "done"]
INDEXED: tuple[Part, ...] = ("section", "quiz", "reflection", "practice")
# Reaching the reflections is what makes a lesson count as done.
COMPLETING: tuple[Part, ...] = ("reflection", "done")
GO_ON, LATER = "go-on", "later"


@dataclass(frozen=True)
class Step:
    part: Part
    index: int = 0

    def __str__(self) -> str:
        return "done" if self.part == "done" else f"{self.part}:{self.index}"

    @classmethod
    def parse(cls, text: str) -> Step | None:
        """The step a session recorded, or ``None`` if it is not one we know."""
        if text == "done":
            return cls("done")
        part, _, index = text.partition(":")
        # ASCII and short: "²" passes isdigit() but not int(), and a journal
        # edited by hand could hold more digits than int() converts.
        if part in INDEXED and index.isascii() and index.isdigit() and len(index) < 10:
            return cls(part, int(index))
        return None


def lesson_steps(lesson: Lesson) -> list[Step]:
    return [
        *(Step("section", i) for i in range(len(lesson.sections))),
        *(Step("quiz", i) for i in range(len(lesson.quiz))),
        *(Step("reflection", i) for i in range(len(lesson.reflections))),
        *([Step("practice")] if lesson.practice else []),
        Step("done"),
    ]


PRACTICE_ID = "practice"


def practice_question(lesson: Lesson) -> Reflection | None:
    """The practice's follow-up question, asked like a reflection."""
    if lesson.practice is None or lesson.practice.prompt is None:
        return None
    return Reflection(
        id=PRACTICE_ID,
        question=lesson.practice.prompt,
        kind="long_text",
        help="Only if you tried it, now or later. Skip it if you like.",
    )


def describe(lesson: Lesson, step: Step) -> str:
    """Where a step is, in words a person recognises."""
    if step.part == "section":
        return f"section {step.index + 1} of {len(lesson.sections)}"
    if step.part == "quiz":
        return f"quiz question {step.index + 1} of {len(lesson.quiz)}"
    if step.part == "practice":
        return "the practice at the end"
    return f"reflection {step.index + 1} of {len(lesson.reflections)}"


def pick_lesson(catalogue: Catalogue, journal: Journal, prompter: Prompter) -> Lesson | None:
    """Choose a lesson from the list, done ones marked, the suggested one first in focus."""
    done = journal.sessions.completed_lessons()
    suggested = catalogue.next_after(done)
    options = [
        Option(lesson.id, f"✓ {lesson.title} ({lesson.minutes} min, done)")
        if lesson.id in done
        else Option(lesson.id, f"  {lesson.title} ({lesson.minutes} min)")
        for lesson in catalogue.lessons
    ]
    picked = prompter.select(
        "Which lesson?", options, default=suggested.id if suggested else None, skip="Not now"
    )
    return None if picked is None else catalogue.get(picked)


def learn(lesson: Lesson, journal: Journal, prompter: Prompter) -> None:
    """The whole interactive lesson; declining the content note saves nothing."""
    note = content_note_text(lesson)
    if note is not None:
        screens.show_content_note(note)
        choice = prompter.select(
            "Go on with this lesson now?",
            [Option(GO_ON, "Go on"), Option(LATER, "Come back to it later")],
        )
        if choice != GO_ON:
            console.note("That's fine. The lesson will be here whenever you want it.")
            return
    session, start = _session_to_use(lesson, journal, prompter)
    _Session(lesson, journal, prompter, session).go(start)


def _session_to_use(
    lesson: Lesson, journal: Journal, prompter: Prompter
) -> tuple[LessonSession, Step]:
    """The unfinished session to resume (if the person wants it), else a new one."""
    steps = lesson_steps(lesson)
    session = journal.sessions.unfinished(lesson.id)
    if session is not None:
        step = Step.parse(session.step)
        # A lesson edited since may no longer have that step; starting over is safe
        # because every answer is already in the journal.
        if step is None or step not in steps:
            step = steps[0]
        if step == steps[0] or prompter.confirm(
            f"Last time you stopped at {describe(lesson, step)}. Pick up there?", default=True
        ):
            return session, step
        # Declined: close that sitting, so it is never offered again.
        journal.sessions.save(session.id, step=str(steps[-1]))
    return journal.sessions.start(lesson.id), steps[0]


class _Session:
    """One pass through a lesson's steps, recording progress as it goes."""

    def __init__(
        self, lesson: Lesson, journal: Journal, prompter: Prompter, session: LessonSession
    ):
        self.lesson = lesson
        self.journal = journal
        self.prompter = prompter
        self.session = session

    def go(self, start: Step) -> None:
        steps = lesson_steps(self.lesson)
        for current, following in pairwise(steps[steps.index(start) :]):
            self._take(current)
            self.journal.sessions.save(
                self.session.id, step=str(following), completed=following.part in COMPLETING
            )
        saved = Counter(entry.kind for entry in self._session_entries())
        screens.show_closing(self.lesson, saved["quiz"], saved["reflection"])

    def _take(self, step: Step) -> None:
        if step.part == "section":
            screens.show_section(self.lesson, step.index)
            self.prompter.pause("Press Enter to go on")
        elif step.part == "quiz":
            self._quiz(step.index)
        elif step.part == "reflection":
            if step.index == 0:
                screens.show_part(self.lesson, "reflections", INTRO)
            reflection = self.lesson.reflections[step.index]
            answer_reflection(self.journal, self.prompter, self.lesson, reflection, self.session.id)
        elif step.part == "practice":
            self._practice()

    def _practice(self) -> None:
        """Offer the practice; what the person writes about it is saved like a
        reflection (question id ``practice``), and nothing is required."""
        screens.show_practice(self.lesson)
        question = practice_question(self.lesson)
        if question is None:
            self.prompter.pause("Press Enter to finish")
            return
        answer_reflection(self.journal, self.prompter, self.lesson, question, self.session.id)

    def _quiz(self, index: int) -> None:
        quiz = self.lesson.quiz
        if index == 0:
            count = counted(len(quiz), "question")
            screens.show_part(self.lesson, "quiz", f"{count} to check what stuck.")
        question = quiz[index]
        choice = self.prompter.select(
            question.question, [Option(c) for c in question.choices], placeholder=CHOOSE
        )
        assert choice is not None  # quiz questions have no skip entry
        entry = self.journal.entries.new(
            kind="quiz",
            answer=choice,
            lesson=self.lesson.id,
            question_id=question.id,
            question=question.question,
            session=self.session.id,
            correct=question.is_correct(choice),
        )
        save_entries(self.journal, [entry])
        screens.show_feedback(question, choice)
        if index == len(quiz) - 1:
            screens.show_score(self._quiz_score(), len(quiz))

    def _session_entries(self) -> list[Entry]:
        """Everything saved in this session, newest first, including before a resume."""
        entries = self.journal.entries.query(QueryFilter(lesson=self.lesson.id))
        return [entry for entry in entries if entry.session == self.session.id]

    def _quiz_score(self) -> int:
        """Right answers, counting each question once: a question answered again
        (stopped just after answering, then resumed) counts by its latest answer."""
        latest: dict[str | None, Entry] = {}
        for entry in self._session_entries():
            if entry.kind == "quiz":
                latest.setdefault(entry.question_id, entry)
        return sum(bool(entry.correct) for entry in latest.values())
