"""What can go wrong with the journal, each with a message that names the file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from intimacy_cli.base.errors import IntimacyError


class JournalError(IntimacyError):
    """The journal cannot be read or written; the message says what, if anything,
    was changed ("nothing was changed" only when no file was replaced)."""


class CodecError(Exception):
    """A codec cannot turn a file's bytes into a journal document. The message
    says what is wrong (not where: whoever read the file adds its name)."""

    def __init__(self, problem: str, *, hint: str | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.hint = hint


class WordsKept(JournalError):
    """A save failed, and what was written is kept in a recovery file."""

    def __init__(self, failed: JournalError, kept: Path) -> None:
        self.kept = kept
        super().__init__(f"{failed.message}; what you wrote is kept in {kept}")


class WrongEncryptionState(JournalError):
    """A conversion asked of a journal that is already in the other state."""

    def __init__(self, journal: Path, *, encrypted: bool) -> None:
        self.encrypted = encrypted  # what the journal actually is
        state = "already encrypted" if encrypted else "not encrypted"
        super().__init__(f"the journal {journal} is {state}; nothing was changed")


class JournalReplaced(JournalError):
    """The journal file is not the one last left here: plain, missing or older
    while the data folder remembers an encrypted journal (see
    :mod:`~intimacy_cli.store.marker`). Nothing is read from it or written."""

    def __init__(self, journal: Path, problem: str) -> None:
        super().__init__(f"the journal {journal} {problem}; nothing was changed")


class UnsafeFolder(JournalError):
    """The data folder could be changed by someone else; nothing is read or written."""


class EntryTooLarge(JournalError):
    """An entry with more text than one may hold; nothing was saved."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(
            f"an entry holds at most {limit:,} characters and this one has {size:,}; "
            "nothing was saved",
            hint="split it into several entries",
        )


class EntryNotFound(IntimacyError):
    pass


class AmbiguousId(IntimacyError):
    def __init__(self, prefix: str, candidates: Sequence[str]) -> None:
        self.candidates = list(candidates)
        shown = ", ".join(c[: _telling_length(self.candidates)] for c in self.candidates[:10])
        super().__init__(
            f"id '{prefix}' matches {len(self.candidates)} entries: {shown}",
            hint="type more of the id",
        )


def _telling_length(ids: Sequence[str]) -> int:
    """How many leading characters tell these ids apart (at least 12)."""
    length = 12
    while length < max(map(len, ids)) and len({i[:length] for i in ids}) < len(set(ids)):
        length += 1
    return length
