"""``intimacy journal``: a free entry, typed, written in an editor, or piped in.

With ``--prompt`` a reflection question from the lessons is offered as
something to write about; the entry then remembers the question and lesson.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from intimacy_cli.base.errors import IntimacyError, NeedsTerminal, UsageProblem
from intimacy_cli.flows.saving import save_entries
from intimacy_cli.store import Entry, Journal
from intimacy_cli.ui.text_input import STDIN, entry_text_limit, read_text

# Piped text (the common scripted case) needs neither lessons nor the asking
# machinery; they are imported where a person is asked.
if TYPE_CHECKING:
    import random

    from intimacy_cli.content.model import Lesson, Reflection
    from intimacy_cli.ui.prompter import Prompter

FREE_QUESTION = "What's on your mind?"
WRITE, ANOTHER, FREE = "write", "another", "free"


class WritingPrompt(NamedTuple):
    """A reflection question worth writing about, and the lesson it comes from.

    A named tuple, not a dataclass: piped text (the common scripted case)
    imports this module and never offers a question."""

    lesson: Lesson
    reflection: Reflection


def writing_prompts(lessons: Iterable[Lesson]) -> list[WritingPrompt]:
    """The open questions (text answers) of these lessons: the ones to write about."""
    return [
        WritingPrompt(lesson, reflection)
        for lesson in lessons
        for reflection in lesson.reflections
        if reflection.kind in ("text", "long_text")
    ]


def offer_prompt(
    prompter: Prompter, lessons: Sequence[Lesson], rng: random.Random
) -> WritingPrompt | None:
    """Offer the lessons' open questions in a random order until one is taken;
    ``None`` means the person would rather write freely."""
    candidates = writing_prompts(lessons)
    if not candidates:
        names = ", ".join(lesson.id for lesson in lessons)
        raise IntimacyError(
            f"no open questions to write about in: {names}", hint="write freely without --prompt"
        )
    from intimacy_cli.ui.prompter import Option
    from intimacy_cli.ui.views import screens

    options = [Option(WRITE, "Write about this")]
    if len(candidates) > 1:
        options.append(Option(ANOTHER, "Show me another question"))
    options.append(Option(FREE, "Write about something else"))
    order = rng.sample(list(candidates), k=len(candidates))
    turn = 0
    while True:
        candidate = order[turn % len(order)]
        screens.show_aside(f"A question from '{candidate.lesson.title}':")
        choice = prompter.select(candidate.reflection.question, options)
        if choice == WRITE:
            return candidate
        if choice == FREE:
            return None
        turn += 1


def entry_text(prompter: Prompter | None, journal: Journal, *, editor: bool, question: str) -> str:
    """The text of an entry for ``journal``, from the editor, the terminal, or a
    pipe, in that order."""
    if editor:
        from intimacy_cli.ui.editor import edit_text

        return edit_text(journal)
    if prompter is not None:
        return prompter.long_text(question) or ""
    if not sys.stdin.isatty():
        return read_text(STDIN, limit=entry_text_limit())
    raise NeedsTerminal(
        "nothing to save: there is no terminal to type in and nothing was piped in",
        hint="pipe the text, e.g. echo 'a note' | intimacy journal, or use --editor",
    )


MAX_TAG = 40


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Tags without surrounding spaces or repeats, in the order given.

    A tag must be UTF-8 text: bytes that are not arrive from the command line
    as surrogates, which the journal file cannot hold.
    """
    cleaned: list[str] = []
    for given in tags:
        tag = given.strip()
        if not tag:
            raise UsageProblem("a --tag cannot be empty")
        try:
            tag.encode("utf-8")
        except UnicodeEncodeError:
            shown = tag.encode("utf-8", "backslashreplace").decode("utf-8")
            raise UsageProblem(f"the --tag '{shown}' is not UTF-8 text") from None
        if len(tag) > MAX_TAG or not tag.isprintable():
            # A tag is a short label: line breaks or control characters would
            # break tables and exports, and a paragraph belongs in the entry.
            raise UsageProblem(
                f"a --tag is a short label (up to {MAX_TAG} characters, one line, "
                "no control characters)"
            )
        if tag not in cleaned:
            cleaned.append(tag)
    return cleaned


def save_journal_text(
    journal: Journal,
    text: str,
    *,
    tags: Sequence[str] = (),
    lesson: str | None = None,
    about: WritingPrompt | None = None,
    question: str | None = None,
) -> Entry | None:
    """Save a free entry; blank text saves nothing (``None``). ``question`` is
    what it answers when no lesson's question does (a homework prompt)."""
    # Leading blank lines and trailing whitespace (a pipe's final newline) are noise.
    body = text.lstrip("\r\n").rstrip()
    if not body:
        return None
    entry = journal.entries.new(
        kind="journal",
        answer=body,
        tags=tags,
        lesson=about.lesson.id if about else lesson,
        question_id=about.reflection.id if about else None,
        question=about.reflection.question if about else question,
    )
    return save_entries(journal, [entry])[0]
