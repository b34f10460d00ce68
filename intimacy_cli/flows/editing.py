"""Changing a saved answer (``intimacy edit``): asking for the new one the way
the question was first asked, in the person's editor, or from a pipe."""

from __future__ import annotations

import sys

from intimacy_cli.base import messages
from intimacy_cli.base.errors import IntimacyError, NeedsTerminal
from intimacy_cli.content.answers import answer_from_text
from intimacy_cli.content.model import (
    LIST_KINDS,
    OTHER_PREFIX,
    Answer,
    QuizQuestion,
    Reflection,
)
from intimacy_cli.flows.reflecting import ask_reflection
from intimacy_cli.reports.entry_text import question_text, short_id
from intimacy_cli.store import Entry, Journal
from intimacy_cli.store.entry import answer_text
from intimacy_cli.ui.prompter import CHOOSE, KEEP, Option, Prompter

# Answers to these are picked from the question's options, not typed.
PICKED = ("scale", "choice", "multi_choice", "emotions")
EDIT_LINE_HELP = "(change the text, then Enter)"
EDIT_LINES_HELP = "(change the text; Esc then Enter, or Alt+Enter, to save)"


def new_answer(
    journal: Journal,
    entry: Entry,
    reflection: Reflection | None,
    prompter: Prompter | None,
    *,
    use_editor: bool,
) -> Answer:
    """The entry's new answer, checked against its question (or, when the
    lesson is gone, the old answer's type); the old answer if nothing changed.

    ``reflection`` is the question the entry answers, if its lesson is still
    available; ``prompter`` is ``None`` without a terminal (or with the editor).
    """
    if prompter is not None and reflection is not None and reflection.kind in PICKED:
        # The same picker the lesson used, opening on the saved answer: Enter
        # straight away keeps it, and no option's spelling is ever typed.
        picked = ask_reflection(prompter, reflection, previous=entry.answer)
        return entry.answer if picked is None else picked
    text = _checked_text(journal, entry, prompter, use_editor=use_editor)
    try:
        return answer_from_text(text, reflection, entry.answer)
    except ValueError as problem:
        listed = isinstance(entry.answer, list) or (
            reflection is not None and reflection.kind in LIST_KINDS
        )
        raise IntimacyError(
            f"the new answer was not saved: {problem}",
            hint=_list_hint(entry, reflection) if listed else None,
        ) from None


def new_quiz_answer(
    journal: Journal,
    entry: Entry,
    question: QuizQuestion,
    prompter: Prompter | None,
    *,
    use_editor: bool,
) -> str:
    """A quiz entry's new answer, one of the question's choices; the old one if
    nothing changed. In a terminal the choices are offered with the saved one
    highlighted, so Enter straight away keeps it."""
    if prompter is not None:
        old = entry.answer if entry.answer in question.choices else None
        picked = prompter.select(
            question.question,
            [Option(choice) for choice in question.choices],
            default=old if isinstance(old, str) else None,
            skip=KEEP,
            placeholder=CHOOSE if old is None else None,
        )
        return picked if picked is not None else str(entry.answer)
    text = " ".join(_checked_text(journal, entry, None, use_editor=use_editor).split())
    # Typed, case and spacing are forgiven where only one choice fits.
    fitting = [choice for choice in question.choices if choice.casefold() == text.casefold()]
    if len(fitting) != 1:
        choices = "; ".join(f"'{choice}'" for choice in question.choices)
        raise IntimacyError(
            f"the new answer was not saved: {text!r} is not one of the choices: {choices}"
        )
    return fitting[0]


def _checked_text(
    journal: Journal, entry: Entry, prompter: Prompter | None, *, use_editor: bool
) -> str:
    text = _new_text(journal, entry, prompter, use_editor=use_editor)
    if not text.strip():
        raise IntimacyError(
            f"an empty answer would erase what you wrote; {messages.NOTHING_CHANGED}",
            hint=f"to remove the entry, use 'intimacy delete {short_id(entry)}'",
        )
    return text


def _list_hint(entry: Entry, reflection: Reflection | None) -> str:
    """How a list answer is written as text: its items with '; ' between them."""
    example = (
        "; ".join(reflection.options[:2])
        if reflection is not None and len(reflection.options) >= 2
        else "first; second"
    )
    own = (
        f", and words of your own as '{OTHER_PREFIX}...'"
        if reflection is not None and reflection.takes_other
        else ""
    )
    return f"put '; ' between the choices{own}: echo '{example}' | intimacy edit {short_id(entry)}"


def _new_text(
    journal: Journal, entry: Entry, prompter: Prompter | None, *, use_editor: bool
) -> str:
    from intimacy_cli.ui import editor
    from intimacy_cli.ui.text_input import STDIN, entry_text_limit, read_text

    old = answer_text(entry.answer)
    text: str | None
    if use_editor:
        text = editor.edit_text(journal, old)
    elif prompter is not None and "\n" in old:
        text = prompter.long_text(question_text(entry), instruction=EDIT_LINES_HELP, initial=old)
    elif prompter is not None:
        text = prompter.text(question_text(entry), instruction=EDIT_LINE_HELP, initial=old)
    elif sys.stdin.isatty():
        raise NeedsTerminal(
            "edit needs a terminal, or the new answer on stdin",
            hint=f"echo 'new answer' | intimacy edit {short_id(entry)}",
        )
    else:
        text = read_text(STDIN, limit=entry_text_limit())
    return (text or "").rstrip()
