"""The journal: every answer, note and lesson session, stored locally in TinyDB.

Only this package touches TinyDB or the journal file; everything else uses
:class:`Journal` and its parts (``entries``, ``sessions``, ``maintenance``).
"""

from typing import TYPE_CHECKING

from intimacy_cli.store.entry import KINDS, Entry, EntryKind
from intimacy_cli.store.errors import AmbiguousId, EntryNotFound, JournalError
from intimacy_cli.store.journal import Journal

if TYPE_CHECKING:
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


def __getattr__(name: str) -> object:
    """:class:`QueryFilter` when first asked for: only what lists or searches
    entries needs the queries; saving one (``journal``, ``learn``) does not."""
    if name == "QueryFilter":
        from intimacy_cli.store.queries import QueryFilter

        return QueryFilter
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
