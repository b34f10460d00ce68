"""The one place where what a person answers or writes is saved.

Every flow (learn, reflect, journal) hands its new entries to
:func:`save_entries`, and ``edit`` its new answer to :func:`update_entry`, so
anything that must happen after an answer is saved (such as offering support
when the words suggest a crisis) is added here once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from intimacy_cli.base import config
from intimacy_cli.content.model import Answer
from intimacy_cli.store import Entry, Journal


def save_entries(journal: Journal, entries: Sequence[Entry]) -> list[Entry]:
    """Write entries to the journal in one atomic step, the moment they exist;
    then, if what was written suggests crisis or harm, point gently to help."""
    saved = journal.entries.add_all(entries)
    notice_if_needed(
        entry.answer for entry in saved if entry.kind != "quiz" and isinstance(entry.answer, str)
    )
    return saved


def update_entry(
    journal: Journal, entry_id: str, answer: Answer, *, correct: bool | None = None
) -> Entry:
    """Replace one entry's answer (by full id), and for a quiz answer whether it
    is right; then, as for new words, point gently to help if what was written
    suggests crisis or harm."""
    entry = journal.entries.update(entry_id, answer=answer, correct=correct)
    notice_if_needed([answer] if isinstance(answer, str) else [])
    return entry


def _notice_wanted() -> bool:
    try:
        return config.load().crisis_notice
    except config.ConfigError:
        # The CLI stops on a broken settings file before anything is saved, so
        # this is reached only from other callers; when unsure, offer help.
        return True


def notice_if_needed(texts: Iterable[str]) -> None:
    """After saving: show the support note on stderr, once, if any of ``texts``
    suggests crisis or harm and the note is not turned off (``crisis_notice =
    false``). The note never asks anything, blocks, or changes the exit code.

    Pass every free-text answer just saved; call it once per save, not once per
    text, so the note appears at most once.
    """
    from intimacy_cli.content.crisis import suggests_crisis

    # The texts first: the settings file is read only when a note may be due.
    if not any(suggests_crisis(text) for text in texts) or not _notice_wanted():
        return
    from intimacy_cli.content.framing import load_support
    from intimacy_cli.ui import console
    from intimacy_cli.ui.views.framing import crisis_notice

    console.err().print()
    console.err().print(crisis_notice(load_support()))
