"""Answering a together round: each answer saved in this profile's journal (kept
private ones marked ``private``), then the shared ones sealed for the reveal."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from intimacy_cli.content.answers import check_answers
from intimacy_cli.content.model import Answer, Lesson, Reflection
from intimacy_cli.flows.reflecting import ask_reflection
from intimacy_cli.flows.saving import save_entries
from intimacy_cli.transfer.together.rounds import Profile, RoundState
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
    prompter: Prompter, reflections: Sequence[Reflection], partner: str
) -> tuple[dict[str, tuple[Reflection, Answer]], set[str]]:
    """Each question asked, then share or keep private; skipped ones are left out."""
    screens.show_aside(INTRO)
    answered: dict[str, tuple[Reflection, Answer]] = {}
    private: set[str] = set()
    question, options = share_question(partner)
    for reflection in reflections:
        answer = ask_reflection(prompter, reflection)
        if reflection.grounding:
            screens.show_aside(reflection.grounding)
        if answer is None:
            continue
        answered[reflection.id] = (reflection, answer)
        if prompter.select(question, options, default=SHARE) == KEEP_PRIVATE:
            private.add(reflection.id)
    return answered, private


def checked_supplied(
    lesson: Lesson, reflections: Sequence[Reflection], supplied: Mapping[str, Any], source: str
) -> dict[str, tuple[Reflection, Answer]]:
    """Answers from a file, checked against the round's questions only."""
    from dataclasses import replace

    asked = replace(lesson, reflections=tuple(reflections))
    return {r.id: (r, answer) for r, answer in check_answers(asked, supplied, source)}


def save_and_seal(
    profile: Profile,
    state: RoundState,
    lesson: Lesson,
    answered: Mapping[str, tuple[Reflection, Answer]],
    private: Collection[str],
) -> Path:
    """Every answer into this profile's journal, then the shared ones sealed."""
    journal = profile.journal
    entries = [
        journal.entries.new(
            kind="reflection",
            answer=answer,
            lesson=lesson.id,
            question_id=reflection.id,
            question=reflection.question,
            private=reflection.id in private,
        )
        for reflection, answer in answered.values()
    ]
    save_entries(journal, entries)
    shared = {rid: answer for rid, (_, answer) in answered.items() if rid not in private}
    return profile.seal_answers(state, shared)
