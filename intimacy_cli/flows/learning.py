"""``intimacy learn``: a lesson page by page, then the quiz, then the reflections.

A lesson is a fixed list of steps (``section:0`` ... ``quiz:0`` ...
``reflection:0`` ... ``practice``, ``done``). After every step the session records
the next one, and every answer is saved as it is given, so a sitting can stop
anywhere (Ctrl-C, a closed terminal, "Stop here") and the next ``learn`` picks up
exactly there. After each section a small menu goes on (Enter), back a section,
reads it again, or jumps ahead to the quiz or the reflections.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal

from intimacy_cli.base.errors import Stopped, mark_resumable
from intimacy_cli.base.text import counted
from intimacy_cli.content.catalogue import Catalogue
from intimacy_cli.content.model import Lesson, Reflection
from intimacy_cli.flows.reflecting import INTRO, answer_reflection
from intimacy_cli.flows.saving import save_entries
from intimacy_cli.store import Entry, Journal, QueryFilter
from intimacy_cli.store.sessions import LessonSession
from intimacy_cli.ui import console
from intimacy_cli.ui.prompter import CHOOSE, Option, Prompter
from intimacy_cli.ui.views import screens
from intimacy_cli.ui.views.lesson import content_note_text

Part = Literal["section", "quiz", "reflection", "practice", "done"]
INDEXED: tuple[Part, ...] = ("section", "quiz", "reflection", "practice")
# Reaching the reflections is what makes a lesson count as done.
COMPLETING: tuple[Part, ...] = ("reflection", "done")
GO_ON, LATER = "go-on", "later"
# Where to go after a section: the values of its menu's options.
NEXT, PREVIOUS, AGAIN, TO_QUIZ, TO_REFLECTIONS, STOP = (
    "next",
    "previous",
    "again",
    "quiz",
    "reflections",
    "stop",
)


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
    if step.part == "done":
        return "the end of the lesson"
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


def learn(
    lesson: Lesson,
    journal: Journal,
    prompter: Prompter,
    catalogue: Catalogue | None = None,
    *,
    resume: bool = False,
) -> None:
    """The whole interactive lesson; declining the content note saves nothing.

    ``catalogue`` names the next lesson when this one is complete; ``resume``
    picks up an unfinished sitting without asking (the home menu's "Resume").
    """
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
    session, start = _session_to_use(lesson, journal, prompter, resume=resume)
    try:
        _Session(lesson, journal, prompter, session, catalogue).go(start)
    except (KeyboardInterrupt, EOFError, Stopped) as stop:
        mark_resumable(stop, lesson.id)
        raise


def _session_to_use(
    lesson: Lesson, journal: Journal, prompter: Prompter, *, resume: bool
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
        if (
            step == steps[0]
            or resume
            or prompter.confirm(
                f"Last time you stopped at {describe(lesson, step)}. Pick up there?", default=True
            )
        ):
            return session, step
        # Declined: close that sitting, so it is never offered again.
        journal.sessions.save(session.id, step=str(steps[-1]))
    return journal.sessions.start(lesson.id), steps[0]


class _Session:
    """One pass through a lesson's steps, recording progress as it goes."""

    def __init__(
        self,
        lesson: Lesson,
        journal: Journal,
        prompter: Prompter,
        session: LessonSession,
        catalogue: Catalogue | None,
    ):
        self.lesson = lesson
        self.journal = journal
        self.prompter = prompter
        self.session = session
        self.catalogue = catalogue
        self.steps = lesson_steps(lesson)

    def go(self, start: Step) -> None:
        current = start
        while current.part != "done":
            following = self._take(current)
            if following is None:  # "Stop here": the next sitting starts after this step
                following = self._after(current)
                self._record(following)
                screens.show_paused(self.lesson, describe(self.lesson, following))
                return
            self._record(following)
            current = following
        saved = Counter(entry.kind for entry in self._session_entries())
        done = self.journal.sessions.completed_lessons()
        upcoming = self.catalogue.next_after(done) if self.catalogue else None
        screens.show_lesson_complete(self.lesson, saved["quiz"], saved["reflection"], upcoming)

    def _record(self, following: Step) -> None:
        self.journal.sessions.save(
            self.session.id, step=str(following), completed=following.part in COMPLETING
        )

    def _after(self, step: Step) -> Step:
        return self.steps[self.steps.index(step) + 1]

    def _first(self, part: Part) -> Step:
        return next(step for step in self.steps if step.part == part)

    def _take(self, step: Step) -> Step | None:
        """Show or ask one step; the step to go to next (``None``: stop here)."""
        if step.part == "section":
            screens.show_section(self.lesson, step.index)
            return self._after_section(step)
        if step.part == "quiz":
            self._quiz(step.index)
        elif step.part == "reflection":
            if step.index == 0:
                screens.show_part(self.lesson, "reflections", INTRO)
            screens.show_aside(describe(self.lesson, step).capitalize())
            reflection = self.lesson.reflections[step.index]
            answer_reflection(self.journal, self.prompter, self.lesson, reflection, self.session.id)
        elif step.part == "practice":
            self._practice()
        return self._after(step)

    def _after_section(self, step: Step) -> Step | None:
        """The small menu after a section: Enter goes on; back, again, ahead or stop."""
        total = len(self.lesson.sections)
        following = self._after(step)
        options = [Option(NEXT, _onward(following, total))]
        if step.index > 0:
            options.append(Option(PREVIOUS, f"Previous section ({step.index} of {total})"))
        options.append(Option(AGAIN, "Read this section again"))
        if self.lesson.quiz and following.part == "section":
            options.append(Option(TO_QUIZ, "Jump to the quiz"))
        if self.lesson.reflections and following.part in ("section", "quiz"):
            options.append(Option(TO_REFLECTIONS, "Jump to the reflections"))
        if following.part != "done":
            options.append(Option(STOP, "Stop here (pick up later)"))
        # The section's own closing line says which one it was.
        choice = self.prompter.select("What next?", options)
        if choice == STOP:
            return None
        return {
            PREVIOUS: Step("section", step.index - 1),
            AGAIN: step,
            TO_QUIZ: self._first("quiz") if self.lesson.quiz else following,
            TO_REFLECTIONS: self._first("reflection") if self.lesson.reflections else following,
        }.get(choice or NEXT, following)

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
        screens.show_aside(describe(self.lesson, Step("quiz", index)).capitalize())
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


def _onward(following: Step, sections: int) -> str:
    """The label of "go on" after a section: where Enter leads."""
    if following.part == "section":
        return f"Next section ({following.index + 1} of {sections})"
    return {
        "quiz": "On to the quiz",
        "reflection": "On to the reflections",
        "practice": "On to something to try",
    }.get(following.part, "Finish the lesson")
