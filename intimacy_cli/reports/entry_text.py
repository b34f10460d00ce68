"""How a journal entry reads as plain text, shared by the screen and the export formats.

Nothing here escapes anything: callers decide how text is shown safely
(``console.literal`` on screen, ``escape_controls`` in files meant for people).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from intimacy_cli.base.text import counted

if TYPE_CHECKING:
    from intimacy_cli.content.model import Lesson, QuizQuestion, Reflection
    from intimacy_cli.store import Entry

SHORT_ID = 8


def entries_count(count: int) -> str:
    return counted(count, "entry", "entries")


def short_id(entry: Entry) -> str:
    return entry.id[:SHORT_ID]


def local_stamp(moment: datetime) -> str:
    """``2026-11-20 18:30`` in local time: precise enough for people, sortable."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def question_text(entry: Entry) -> str:
    """The question an entry answers; free journal notes have none."""
    return entry.question or (
        "Journal note" if entry.kind == "journal" else entry.question_id or ""
    )


def excerpt(text: str, width: int) -> str:
    """The start of a text on one line, at most ``width`` characters.

    Only as much of the text is read as the line needs, so one huge entry
    costs a listing no more than a short one."""
    window = max(4 * width, 256)
    while True:
        part = text[:window]
        # Cut mid-word or not, the first ``width`` characters come out the same.
        flat = " ".join(part.split())
        if len(flat) > width or len(part) == len(text):
            break
        window *= 4
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


# What the parts below say about an answer, for a reader without the lesson at hand.


def lesson_name(lesson_id: str, lesson: Lesson | None) -> str:
    """A lesson as a reader knows it: its title with its id, or the id alone when
    the lesson is no longer available."""
    return f"{lesson.title} ({lesson_id})" if lesson else lesson_id


def reflection_of(entry: Entry, lesson: Lesson | None) -> Reflection | None:
    """The reflection an entry answers, if its lesson is at hand and still asks it."""
    if lesson is None or entry.kind != "reflection" or entry.question_id is None:
        return None
    return lesson.reflection(entry.question_id)


def quiz_question_of(entry: Entry, lesson: Lesson | None) -> QuizQuestion | None:
    if lesson is None or entry.kind != "quiz" or entry.question_id is None:
        return None
    return next((q for q in lesson.quiz if q.id == entry.question_id), None)


def scale_range(reflection: Reflection) -> str:
    """``0-10, 0 = very hard, 10 = very easy`` (the labels only where the lesson has them)."""
    parts = [f"{reflection.min}-{reflection.max}"]
    if reflection.min_label:
        parts.append(f"{reflection.min} = {reflection.min_label}")
    if reflection.max_label:
        parts.append(f"{reflection.max} = {reflection.max_label}")
    return ", ".join(parts)


def scale_of(entry: Entry, lesson: Lesson | None) -> str | None:
    """A scale answer's range and end labels; ``None`` for any other answer."""
    reflection = reflection_of(entry, lesson)
    if reflection is None or reflection.kind != "scale" or isinstance(entry.answer, list | str):
        return None
    return scale_range(reflection)


def answer_in_context(entry: Entry, lesson: Lesson | None) -> str | None:
    """The answer as a reader understands it without the lesson, when it needs
    more than itself: ``6 on 0-10, 0 = very hard, 10 = very easy``."""
    scale = scale_of(entry, lesson)
    return None if scale is None else f"{entry.answer} on {scale}"


def quiz_verdict(entry: Entry, lesson: Lesson | None) -> str | None:
    """Whether a quiz answer was right, and if not, the right answer (when the
    lesson still has the question); ``None`` for anything but a quiz answer."""
    if entry.correct is None:
        return None
    if entry.correct:
        return "right"
    question = quiz_question_of(entry, lesson)
    return f"not quite (the right answer: {question.answer})" if question else "not quite"


def right_answer(entry: Entry, lesson: Lesson | None) -> str | None:
    question = quiz_question_of(entry, lesson)
    return question.answer if question else None
