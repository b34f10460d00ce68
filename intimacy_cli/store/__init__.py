"""The journal: every answer and note, stored locally in TinyDB.

Only this package touches TinyDB or the journal file; commands use :class:`Journal`.
"""

from intimacy_cli.store.entry import KINDS, Entry, EntryKind, LessonRun
from intimacy_cli.store.errors import AmbiguousId, EntryNotFound, JournalError
from intimacy_cli.store.journal import Journal, QueryFilter

__all__ = [
    "KINDS",
    "AmbiguousId",
    "Entry",
    "EntryKind",
    "EntryNotFound",
    "Journal",
    "JournalError",
    "LessonRun",
    "QueryFilter",
]
