"""Changing a saved answer (``intimacy edit``): asking for the new one the way
the question was first asked, in the person's editor, or from a pipe."""

from __future__ import annotations

import sys

from intimacy_cli.base import messages
from intimacy_cli.base.errors import IntimacyError, NeedsTerminal
from intimacy_cli.content.answers import answer_from_text
from intimacy_cli.content.model import Answer, Reflection
from intimacy_cli.flows.reflecting import ask_reflection
from intimacy_cli.reports.entry_text import question_text, short_id
from intimacy_cli.store import Entry, Journal
from intimacy_cli.store.entry import answer_text
from intimacy_cli.ui.prompter import Prompter

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
        # The same picker the lesson used: no typing an option's exact spelling.
        picked = ask_reflection(prompter, reflection)
        return entry.answer if picked is None else picked
    text = _new_text(journal, entry, prompter, use_editor=use_editor)
    if not text.strip():
        raise IntimacyError(
            f"an empty answer would erase what you wrote; {messages.NOTHING_CHANGED}",
            hint=f"to remove the entry, use 'intimacy delete {short_id(entry)}'",
        )
    try:
        return answer_from_text(text, reflection, entry.answer)
    except ValueError as problem:
        raise IntimacyError(f"the new answer was not saved: {problem}") from None


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
