"""Which period holds each entry: the index that lets ``show``, ``edit`` and
``delete`` (and an import asking "is this entry here already?") read one
small file and one period, however big the journal.

An entry's id is a random UUID, so nothing about it says when the entry was
written. The index keeps, for every entry, its id and its period
(``{"3f2a...": "entries/2026-12-25"}``), split into **buckets** by the first
``width`` characters of the id in lower case: so any id, and any prefix of
it long enough to look up, belongs to exactly one bucket. Each bucket is a
file in ``tables/`` (``ids.gN.json``, or ``ids-3f.gN.json``), named in the
manifest's ``ids`` with the hash of its document, like a table. The width
grows with the journal (see :func:`width_for`), so a bucket holds about two
thousand ids at most and adding an entry rewrites one small file.

The index is derived from the periods, like the months' summaries, and
trusted only as far as they bear it out: an id it names is looked for in
that period, and an id found nowhere it says is looked for in every period.
So a journal without one (written before it) is simply searched period by
period, and its next save makes it. An index made while a period could not
be read is made from the others and names that period among those it was
made **without** (``unread``): an id it lacks may be there, so that period is
read too, and its damage named, rather than the index made again on every
save. An id two periods hold (journals from before the index could get one)
is indexed as :data:`HELD_TWICE`: looking it up searches every period, so
neither copy is ever missed.

Every function here is pure: data in, data out, no files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

IDS = "ids"  # the name of the index in the manifest, and of its files

# (the journal's number of entries below which, the width that is enough):
# a bucket then holds about 2,000 ids at most, until half a million entries.
_WIDTHS = ((2_048, 0), (32_768, 1))
WIDEST = 2

# The period of an id that more than one period holds: search them all.
HELD_TWICE = "*"

_HEX = frozenset("0123456789abcdef")
_BUCKET = re.compile(r"[0-9a-f_]{0,2}")


def width_for(entries: int, current: int | None) -> int:
    """How many leading characters of an id name its bucket for a journal of
    ``entries`` entries whose index has ``current`` (never narrower: a
    journal that shrinks keeps its buckets rather than rewrite them all)."""
    needed = next((width for below, width in _WIDTHS if entries < below), WIDEST)
    return max(needed, current or 0)


def bucket_of(entry_id: str, width: int) -> str:
    """The bucket of an id, or of a prefix at least ``width`` long: its first
    ``width`` characters in lower case, each one not a hexadecimal digit
    (an id the app did not make) written ``_``, so a bucket's name is safe
    as part of a file's."""
    start = entry_id[:width].ljust(width, "_")
    return "".join(char.lower() if char.lower() in _HEX else "_" for char in start)


def is_bucket(name: str, width: int) -> bool:
    return len(name) == width and _BUCKET.fullmatch(name) is not None


def table_name(bucket: str) -> str:
    """The name a bucket's file is made from, as a table's is (see
    :func:`~.layout.file_name`): ``ids``, or ``ids/3f``."""
    return f"{IDS}/{bucket}" if bucket else IDS


def ids_of(table: dict[str, Any]) -> set[str]:
    """The entry ids a period's records hold. A damaged id (not a text) is no
    id anyone can look up: it is left for whatever reads the record to name."""
    return {
        entry_id
        for record in table.values()
        if isinstance(record, dict) and isinstance(entry_id := record.get("id"), str)
    }


def made_from(
    periods: Iterable[tuple[str, dict[str, Any]]], width: int
) -> dict[str, dict[str, str]]:
    """The index of every entry in ``periods``, by bucket; an id two periods
    hold is indexed as :data:`HELD_TWICE`."""
    buckets: dict[str, dict[str, str]] = {}
    for period, table in periods:
        for entry_id in ids_of(table):
            _put(buckets.setdefault(bucket_of(entry_id, width), {}), entry_id, period)
    return buckets


def _put(bucket: dict[str, str], entry_id: str, period: str) -> None:
    held = bucket.get(entry_id)
    bucket[entry_id] = period if held is None or held == period else HELD_TWICE


def moved(
    period: str, before: set[str], after: set[str], width: int
) -> dict[str, list[tuple[str, str, bool]]]:
    """What a change of ``period`` from holding the ids ``before`` to holding
    ``after`` does to the index: for each bucket it touches, each id with
    the period and whether it is there now."""
    changes: dict[str, list[tuple[str, str, bool]]] = {}
    for entry_id in before ^ after:
        changes.setdefault(bucket_of(entry_id, width), []).append(
            (entry_id, period, entry_id in after)
        )
    return changes


def changed_bucket(bucket: dict[str, str], changes: list[tuple[str, str, bool]]) -> dict[str, str]:
    """``bucket`` with ``changes`` (see :func:`moved`) made: an id gone from
    a period leaves the bucket only if the bucket had it there (one held
    twice stays so: the index never forgets a copy a period may still hold)."""
    changed = dict(bucket)
    for entry_id, period, present in changes:
        if present:
            _put(changed, entry_id, period)
        elif changed.get(entry_id) == period:
            del changed[entry_id]
    return changed


def is_bucket_document(found: object) -> bool:
    """Whether a parsed bucket file is what the app writes: ids to periods."""
    return isinstance(found, dict) and all(type(period) is str for period in found.values())
