"""Reflection questions: asked one by one in the terminal, or supplied all at once.

Each answer is saved the moment it is given, so stopping half-way keeps
everything answered so far.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from intimacy_cli.content.answers import check_answer, check_answers
from intimacy_cli.content.model import OTHER_PREFIX, Answer, Lesson, Reflection
from intimacy_cli.flows.saving import save_entries
from intimacy_cli.store import Entry, Journal
from intimacy_cli.ui.prompter import CHOOSE, KEEP, SKIP, Option, Prompter
from intimacy_cli.ui.views import screens

INTRO = "Questions for you. There are no right answers, and every one can be skipped."


# The "Other…" entry of a list: its value can be no lesson's option.
OTHER = "\0other"
OTHER_LABEL = "Other… (in your own words)"
OTHER_QUESTION = "In your own words:"
OTHER_HELP = "(a word or a few; Enter to leave it out)"


def ask_reflection(
    prompter: Prompter, reflection: Reflection, previous: Answer | None = None
) -> Answer | None:
    """Ask with the prompt that fits the question's kind; ``None`` if skipped.

    ``previous`` is the saved answer when changing it (``intimacy edit``): the
    list then opens on it (the scale on its number, its choice highlighted, its
    items ticked), Enter straight away keeps it, and the way out reads "keep it
    as it is" rather than "skip"; ``None`` then means "keep".
    """
    if reflection.help and previous is None:  # a hint for a first answer ("skip if you like")
        screens.show_aside(reflection.help)
    question = reflection.question
    way_out = SKIP if previous is None else KEEP
    raw: Answer | None
    if reflection.kind == "text":
        raw = prompter.text(question)
    elif reflection.kind == "long_text":
        raw = prompter.long_text(question)
    elif reflection.kind == "scale":
        assert reflection.min is not None and reflection.max is not None
        on_scale = (
            isinstance(previous, int)
            and not isinstance(previous, bool)
            and reflection.min <= previous <= reflection.max
        )
        raw = prompter.scale(
            question,
            reflection.min,
            reflection.max,
            low_label=reflection.min_label,
            high_label=reflection.max_label,
            initial=previous if on_scale and isinstance(previous, int) else None,
            skip=way_out,
        )
    elif reflection.kind == "choice":
        default = previous if isinstance(previous, str) and previous in reflection.options else None
        raw = prompter.select(
            question,
            [Option(o) for o in reflection.options],
            default=default,
            skip=way_out,
            placeholder=CHOOSE if default is None else None,
        )
    else:  # multi_choice and emotions: pick any
        raw = _ask_list(prompter, reflection, previous, way_out)
    return None if raw is None else check_answer(reflection, raw)


def _ask_list(
    prompter: Prompter, reflection: Reflection, previous: Answer | None, way_out: str
) -> list[str] | None:
    """Tick any options, and "Other…" for words of one's own (when the question
    takes them); a saved answer's items start ticked, its own words included."""
    saved = (
        [item for item in previous if isinstance(item, str)] if isinstance(previous, list) else []
    )
    options = [Option(o, _with_meaning(reflection, o)) for o in reflection.options]
    # What was saved but is not an option (own words, or an option since
    # reworded) stays on the list, ticked, so keeping the answer keeps it whole.
    options += [Option(item) for item in saved if item not in reflection.options]
    if reflection.takes_other:
        options.append(Option(OTHER, OTHER_LABEL))
    picked = prompter.checkbox(reflection.question, options, checked=saved, skip=way_out)
    if picked is None or OTHER not in picked:
        return picked
    picked = [item for item in picked if item != OTHER]
    words = prompter.text(OTHER_QUESTION, instruction=OTHER_HELP)
    own = f"{OTHER_PREFIX}{' '.join(words.split())}" if words else None
    if own is not None and own not in picked:
        picked.append(own)
    return picked or None


def _with_meaning(reflection: Reflection, option: str) -> str:
    """An ``emotions`` option that is one of the check-in's feeling words is
    shown with its one-line meaning, as ``intimacy checkin`` shows it."""
    if reflection.kind != "emotions":
        return option
    from intimacy_cli.content.feelings import load_feelings

    meaning = load_feelings().definition(option)
    return f"{option}: {meaning}" if meaning else option


def reflection_entry(
    journal: Journal,
    lesson: Lesson,
    reflection: Reflection,
    answer: Answer,
    *,
    session: str | None = None,
    private: bool = False,
) -> Entry:
    """The entry an answer to one of a lesson's reflections is saved as."""
    return journal.entries.new(
        kind="reflection",
        answer=answer,
        lesson=lesson.id,
        question_id=reflection.id,
        question=reflection.question,
        session=session,
        private=private,
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
        save_entries(
            journal, [reflection_entry(journal, lesson, reflection, answer, session=session)]
        )
    if reflection.grounding:
        screens.show_aside(reflection.grounding)
    return answer is not None


def reflect(
    lesson: Lesson, journal: Journal, prompter: Prompter, *, only: Sequence[str] = ()
) -> int:
    """``intimacy reflect`` in a terminal: the lesson's reflections only (or
    ``only`` these of them, as a homework item asks).

    Returns how many answers were saved.
    """
    asked = [r for r in lesson.reflections if not only or r.id in only]
    if not asked:
        screens.show_aside(f"'{lesson.title}' has no reflection questions.")
        return 0
    screens.show_part(lesson, "reflections", INTRO)
    saved = sum(answer_reflection(journal, prompter, lesson, r) for r in asked)
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
        journal, [reflection_entry(journal, lesson, r, answer) for r, answer in checked]
    )
