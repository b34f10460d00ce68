"""Reflection questions: asked one by one in the terminal, or supplied all at once.

Each answer is saved the moment it is given, so stopping half-way keeps
everything answered so far.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from intimacy_cli.content.answers import check_answer, check_answers
from intimacy_cli.content.model import Answer, Lesson, Reflection
from intimacy_cli.flows.saving import save_entries
from intimacy_cli.store import Entry, Journal
from intimacy_cli.ui.prompter import SKIP, Option, Prompter
from intimacy_cli.ui.views import screens

INTRO = "Questions for you. There are no right answers, and every one can be skipped."


def ask_reflection(prompter: Prompter, reflection: Reflection) -> Answer | None:
    """Ask with the prompt that fits the question's kind; ``None`` if skipped."""
    if reflection.help:
        screens.show_aside(reflection.help)
    question = reflection.question
    raw: Answer | None
    if reflection.kind == "text":
        raw = prompter.text(question)
    elif reflection.kind == "long_text":
        raw = prompter.long_text(question)
    elif reflection.kind == "scale":
        assert reflection.min is not None and reflection.max is not None
        raw = prompter.scale(
            question,
            reflection.min,
            reflection.max,
            low_label=reflection.min_label,
            high_label=reflection.max_label,
        )
    elif reflection.kind == "choice":
        raw = prompter.select(question, [Option(o) for o in reflection.options], skip=SKIP)
    else:  # multi_choice and emotions: pick any
        raw = prompter.checkbox(question, reflection.options)
    return None if raw is None else check_answer(reflection, raw)


def _entry(
    journal: Journal, lesson: Lesson, reflection: Reflection, answer: Answer, session: str | None
) -> Entry:
    return journal.entries.new(
        kind="reflection",
        answer=answer,
        lesson=lesson.id,
        question_id=reflection.id,
        question=reflection.question,
        session=session,
    )


def answer_reflection(
    journal: Journal,
    prompter: Prompter,
    lesson: Lesson,
    reflection: Reflection,
    session: str | None = None,
) -> bool:
    """Ask one reflection and save the answer at once; ``False`` if skipped.

    A question that may stir something up is followed by its grounding step,
    answered or not.
    """
    answer = ask_reflection(prompter, reflection)
    if answer is not None:
        save_entries(journal, [_entry(journal, lesson, reflection, answer, session)])
    if reflection.grounding:
        screens.show_aside(reflection.grounding)
    return answer is not None


def reflect(lesson: Lesson, journal: Journal, prompter: Prompter) -> int:
    """``intimacy reflect`` in a terminal: the lesson's reflections only.

    Returns how many answers were saved.
    """
    if not lesson.reflections:
        screens.show_aside(f"'{lesson.title}' has no reflection questions.")
        return 0
    screens.show_part(lesson, "reflections", INTRO)
    saved = sum(answer_reflection(journal, prompter, lesson, r) for r in lesson.reflections)
    screens.show_closing(lesson, quiz=0, reflections=saved)
    return saved


def save_supplied(
    lesson: Lesson, journal: Journal, supplied: Mapping[str, Any], source: str
) -> list[Entry]:
    """Answers given up front (``--answers``): all checked first, then saved in one write."""
    checked = check_answers(lesson, supplied, source)
    if not checked:
        return []
    return save_entries(
        journal, [_entry(journal, lesson, r, answer, None) for r, answer in checked]
    )
