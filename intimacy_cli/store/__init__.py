"""The journal: every answer, note and lesson session, stored locally in TinyDB.

Only this package touches TinyDB or the journal file; everything else uses
:class:`Journal` and its parts (``entries``, ``sessions``, ``maintenance``).
"""

from intimacy_cli.store.entry import KINDS, Entry, EntryKind
from intimacy_cli.store.errors import AmbiguousId, EntryNotFound, JournalError
from intimacy_cli.store.journal import Journal
from intimacy_cli.store.queries import QueryFilter

__all__ = [
    "KINDS",
    "AmbiguousId",
    "Entry",
    "EntryKind",
    "EntryNotFound",
    "Journal",
    "JournalError",
    "QueryFilter",
]
