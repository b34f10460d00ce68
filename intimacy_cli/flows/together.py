"""Answering a together round: each answer saved in this profile's journal, the
ones kept private marked ``private``; the command seals the shared ones."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from intimacy_cli.content.answers import check_answers
from intimacy_cli.content.model import Answer, Lesson, Reflection
from intimacy_cli.flows.reflecting import ask_reflection, reflection_entry
from intimacy_cli.flows.saving import save_entries
from intimacy_cli.store import Journal
from intimacy_cli.ui.prompter import Option, Prompter
from intimacy_cli.ui.views import screens

INTRO = (
    "Questions for the two of you. Answer each one for yourself; after each, choose "
    "whether it is shared when you reveal. Any question can be skipped."
)
SHARE, KEEP_PRIVATE = "share", "private"


def share_question(partner: str) -> tuple[str, list[Option]]:
    return (
        "Share this answer when you reveal together?",
        [
            Option(SHARE, "Share it when we reveal"),
            Option(KEEP_PRIVATE, f"Keep it private ({partner} sees only 'not shared')"),
        ],
    )


def ask_round(
    prompter: Prompter,
    journal: Journal,
    lesson: Lesson,
    reflections: Sequence[Reflection],
    partner: str,
) -> dict[str, Answer]:
    """Each question asked, then share or keep private, and saved at once (so
    stopping half-way keeps what was answered); returns the answers to share."""
    screens.show_aside(INTRO)
    shared: dict[str, Answer] = {}
    question, options = share_question(partner)
    for reflection in reflections:
        answer = ask_reflection(prompter, reflection)
        if reflection.grounding:
            screens.show_aside(reflection.grounding)
        if answer is None:
            continue
        private = prompter.select(question, options, default=SHARE) == KEEP_PRIVATE
        save_entries(
            journal, [reflection_entry(journal, lesson, reflection, answer, private=private)]
        )
        if not private:
            shared[reflection.id] = answer
    return shared


def save_supplied(
    journal: Journal,
    lesson: Lesson,
    reflections: Sequence[Reflection],
    supplied: Mapping[str, Any],
    source: str,
    *,
    private: Collection[str],
) -> dict[str, Answer]:
    """Answers from a file, checked against the round's questions only, then
    saved in one write; returns the answers to share."""
    from dataclasses import replace

    asked = replace(lesson, reflections=tuple(reflections))
    checked = check_answers(asked, supplied, source)
    entries = [
        reflection_entry(journal, lesson, r, answer, private=r.id in private)
        for r, answer in checked
    ]
    save_entries(journal, entries)
    return {r.id: answer for r, answer in checked if r.id not in private}
