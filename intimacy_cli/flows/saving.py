"""The one place where what a person answers or writes is saved.

Every flow (learn, reflect, journal) hands its new entries to
:func:`save_entries`, and ``edit`` its new answer to :func:`update_entry`, so
anything that must happen after an answer is saved (such as offering support
when the words suggest a crisis) is added here once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from intimacy_cli.base import config
from intimacy_cli.store import Entry, Journal, JournalError
from intimacy_cli.store.entry import answer_text
from intimacy_cli.store.errors import WordsKept
from intimacy_cli.ui import console

if TYPE_CHECKING:
    from intimacy_cli.content.model import Answer
    from intimacy_cli.store.checkins import Checkin
    from intimacy_cli.store.recovery import Restored


def save_entries(journal: Journal, entries: Sequence[Entry]) -> list[Entry]:
    """Write entries to the journal in one atomic step, the moment they exist;
    then, if what was written suggests crisis or harm, point gently to help.

    Should the save fail, the words are kept (see :func:`_keep`) and the
    error says where."""
    try:
        saved = journal.entries.add_all(entries)
    except JournalError as error:
        if error.__class__ is not JournalError:
            raise  # not a failed save (say, an entry too large to store)
        raise _keep(journal, error, list(entries), {}) from None
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
    try:
        entry = journal.entries.update(entry_id, answer=answer, correct=correct)
    except JournalError as error:
        if error.__class__ is not JournalError:
            raise  # not a failed save (say, the entry is gone)
        raise _keep(journal, error, [], {entry_id: answer}) from None
    notice_if_needed([answer] if isinstance(answer, str) else [])
    return entry


def save_checkin(journal: Journal, checkin: Checkin) -> Checkin:
    """Save a check-in the moment it is complete; as for answers, a failed save
    keeps it (note included), and a note that suggests crisis or harm brings
    the support note."""
    try:
        journal.checkins.add_all([checkin])
    except JournalError as error:
        if error.__class__ is not JournalError:
            raise
        raise _keep(journal, error, [], {}, [checkin]) from None
    notice_if_needed([checkin.note] if checkin.note else [])
    return checkin


def restore_kept(journal: Journal) -> Restored:
    """Save every answer kept after an earlier failed save."""
    return journal.recovery.restore(
        lambda entries: save_entries(journal, entries),
        lambda entry_id, answer: update_entry(journal, entry_id, answer),
        journal.checkins.add_all,
    )


def _keep(
    journal: Journal,
    error: JournalError,
    entries: list[Entry],
    updates: dict[str, Answer],
    checkins: list[Checkin] | None = None,
) -> JournalError:
    """The failed save's error, after keeping its words: in a private
    recovery file when one can be written, else shown on screen to copy."""
    try:
        kept = journal.recovery.keep(entries, updates, checkins)
    except OSError:
        kept = None
    if kept is None:
        texts = [answer_text(e.answer) for e in entries] + [
            answer_text(a) for a in updates.values()
        ]
        from intimacy_cli.store.checkins import checkin_text

        texts += [checkin_text(checkin) for checkin in checkins or ()]
        console.note("What you wrote could not be saved or kept; here it is to copy:")
        for text in texts:
            console.err().print(console.literal(text), soft_wrap=True)
        return error
    return WordsKept(error, kept)


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
    from intimacy_cli.ui.views.framing import crisis_notice

    console.err().print()
    console.err().print(crisis_notice(load_support()))
