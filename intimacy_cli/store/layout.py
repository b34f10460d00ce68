"""The journal folder's layout since schema 4: a manifest and one file per table.

``journal.json`` is the **manifest**, the one commit point::

    {"schema_version": 4,
     "generation": 12,                 # one more on every write
     "next_id": 20001,                 # the next document id in a table kept by period
     "files": {"entries/2026-12-25": ["entries-2026-12-25.g12.json", "<blake2b of its document>"],
               "sessions": ["sessions.g9.json", "..."], ...},
     "counts": {"entries/2026-12-25": 131, ...},
     "summaries": {"entries/2026-12": {"kinds": ..., "days": ..., "scales": ...}},
     "summaries_file": ["summaries.g11.json", "<blake2b of its document>"],
     "ids": {"width": 1, "buckets": {"3": ["ids-3.g12.json", "<blake2b of its document>"], ...},
             "unread": []}}                # periods the index was made without

Each table lives in its own file in ``tables/``, a TinyDB table (document id
-> record) as JSON, through the journal's codec (so encrypted like the
manifest). Entries are split by ``created_at`` (UTC) into **periods** of
``PERIOD_DAYS`` days or fewer, each month's starting on its days 1, 9, 17 and
25, one table each, named by the period's first day
(``entries/YYYY-MM-DD``): so adding an entry or listing the newest reads the
manifest and one or two small files, however big the journal, or its month,
grows. The other tables that grow with time, the log of recall reviews and
the check-ins, are **kept by period** the same way (``recall_reviews/...``,
``checkins/...``, by the time in :data:`TIME_FIELDS`), so a rating or a
check-in rewrites a few days of them, not years. Document ids in all of
them come from the manifest's ``next_id``, so no two periods (nor two such
tables) share one. (A table kept whole by a build before it was split is
read beside its periods, and moved into them by the first save that adds to it.)

What each month of entries (all its periods) adds up to, for ``progress`` (see
:mod:`~intimacy_cli.store.summaries`), is kept in two places, both optional (a
journal written before them has neither). The manifest's ``summaries`` holds
those of the months changed since the **summaries file** was written, at most
``INLINE_MONTHS`` of them; the summaries file (``tables/summaries.gN.json``,
named in ``summaries_file`` with the hash of its document, like a table) holds
every month's as it was then, and a summary in the manifest stands over the
file's. So the manifest, which every command reads and every save rewrites,
stays small however long the journal grows: a save writes the summaries of
the months it replaces into it, and writes a new summaries file (every
month's, summarizing any month without one yet) only when the manifest would
hold more months than that, or when a month has a summary nowhere. The
summaries file is one of the files the manifest names, so it goes through the
journal's codec (encrypted with it), through conversions and into
snapshots (left out of them when it is missing or damaged: a restore
summarizes again). A summaries file that is missing or not the one the
manifest names is not used: the months are read instead.

``ids`` is the index of entry ids (which period holds each entry, in
buckets by the ids' first characters: see :mod:`~intimacy_cli.store.id_index`),
each bucket a file named like a table's (``ids.gN.json``, ``ids-3f.gN.json``),
and the periods it was made without because they could not be read
(``unread``, absent when none); a journal without it (or whose bucket is
missing or damaged) is searched period by period.

Table files are never changed once written: a write puts the tables it
changed into new files (named with the new generation), then replaces the
manifest atomically; that rename is the commit, across all files. The
manifest holds a hash of each file's document, so a table file swapped for
another (an older copy) is refused like a damaged one. Files no manifest
names are removed by the next write, except those of the manifest it
replaced, which a reader that started just before may still be reading.

Version 3 and older keep every table inside ``journal.json`` itself (the
*whole-document* form, see :mod:`~intimacy_cli.store.schema`). That form is
also what a copy in one file is (``intimacy data backup DEST``), which any
version restores by copying it over ``journal.json``. A snapshot in the
backups folder is this layout again, in a folder of its own (see
:mod:`~intimacy_cli.store.backups`).

Every function here is pure: data in, data out, no files.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Collection, Iterable
from typing import Any

from intimacy_cli.base.hashing import blake2b
from intimacy_cli.store import id_index
from intimacy_cli.store.records import CHECKINS, ENTRIES, RECALL_REVIEWS, LayoutError

MANIFEST_VERSION = 4
TABLES_FOLDER = "tables"
PERIOD_SEPARATOR = "/"

# Entries are split into periods of this many days or fewer (the last of a
# month has 4 to 7): a save rewrites one period, so even someone who writes
# every 20 minutes rewrites a few hundred entries, not a month's thousands.
# Reading the whole journal opens four files a month instead of one.
PERIOD_DAYS = 8

# The tables kept by period, each by the time (stored UTC form) of this field
# of its records: those that grow with time.
TIME_FIELDS = {ENTRIES: "created_at", RECALL_REVIEWS: "reviewed_at", CHECKINS: "created_at"}

# Table names the app writes: a word, and for a table kept by period the
# first day of the period; summaries are kept by month of entries.
_PERIOD = r"(?!0000)[0-9]{4}-(?:0[1-9]|1[0-2])-(?:01|09|17|25)"  # a real month
_TABLE = re.compile(rf"[a-z][a-z0-9_]*|(?:{'|'.join(TIME_FIELDS)})/{_PERIOD}")
_FILE = re.compile(rf"[a-z][a-z0-9_]*(?:-{_PERIOD}|-[0-9a-f_]{{1,2}})?\.g[0-9]+\.json")
_HASH = re.compile(r"[0-9a-f]{32}")

# The file of the months' summaries, and those of the index of ids, are named
# like a table's (so everything that handles table files handles them), so no
# table may have their names.
SUMMARIES = "summaries"
_NOT_TABLES = (SUMMARIES, id_index.IDS, ENTRIES)  # entries are only ever kept by period
# Months whose summaries the manifest itself may hold: a save usually changes
# one month, the newest, and another save's month then moves into the file.
INLINE_MONTHS = 1


def parse_json(raw: bytes) -> Any:
    """``orjson.loads`` with the cyclic garbage collector paused: a parsed
    journal is a tree with no cycles, and collections triggered by its many
    new objects would only walk it again and again."""
    import orjson

    enabled = gc.isenabled()
    gc.disable()
    try:
        return orjson.loads(raw)
    finally:
        if enabled:
            gc.enable()


def digest(document: bytes) -> str:
    """What the manifest records of a table file's document (not of its bytes
    on disk, which change when the journal is encrypted or decrypted)."""
    return blake2b(document, digest_size=16).hexdigest()


def period_of(table: str, stamp: str) -> str:
    """The period of a table kept by period that a record of ``stamp`` (its
    :data:`TIME_FIELDS` time, stored UTC form) is in: the part of its month
    its day falls in, named by that part's first day."""
    first = (int(stamp[8:10]) - 1) // PERIOD_DAYS * PERIOD_DAYS + 1
    return f"{table}{PERIOD_SEPARATOR}{stamp[:8]}{first:02d}"


def entries_period(created_at: str) -> str:
    """The table an entry created at ``created_at`` (stored UTC form) is in."""
    return period_of(ENTRIES, created_at)


def kept_in(tables: Iterable[str], table: str) -> list[str]:
    """The names among ``tables`` that hold a table kept by period: the one
    kept whole by an earlier build, if any, then its periods, oldest first."""
    return sorted(name for name in tables if name.partition(PERIOD_SEPARATOR)[0] == table)


def month_of(period: str) -> str:
    """The month of entries a period is in, as its summary is kept:
    ``entries/YYYY-MM``."""
    return period[: len(ENTRIES) + len("/YYYY-MM")]


def periods_by_month(tables: Iterable[str]) -> dict[str, list[str]]:
    """Each month of entries (as its summary is kept) with its periods among
    ``tables``, both oldest first."""
    months: dict[str, list[str]] = {}
    for name in sorted(tables):
        if is_entries_period(name):
            months.setdefault(month_of(name), []).append(name)
    return months


def side_by_side(periods: Iterable[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """Tables of entries as one mapping by document id, as a month's summary
    and the whole-document form see them: ids are unique across periods (the
    manifest hands them out), so an id two of them hold (a crafted
    ``next_id``) raises :class:`LayoutError` instead of one entry hiding
    the other."""
    records: dict[str, Any] = {}
    for name, table in periods:
        if not records.keys().isdisjoint(table):
            raise LayoutError(held_twice(name, records.keys() & table.keys()))
        records.update(table)
    return records


def held_twice(table: str, shared: Collection[str]) -> str:
    first = min(shared, key=lambda doc_id: (len(doc_id), doc_id))  # in number order
    return f"its table '{table}' holds document {first}, as another table does"


def is_entries_period(table: str) -> bool:
    return table.startswith(ENTRIES + PERIOD_SEPARATOR)


def file_name(table: str, generation: int) -> str:
    """The file a table is written to at ``generation``: new for every write."""
    return f"{table.replace(PERIOD_SEPARATOR, '-')}.g{generation}.json"


def is_table_name(name: str, *, whole: bool = False) -> bool:
    """Whether a manifest may name a table ``name``; with ``whole``, whether a
    whole document's table may be called so, to be kept in this layout
    (entries by period; no table called like a derived file, whose file it
    would share)."""
    if whole:
        return name == ENTRIES or (PERIOD_SEPARATOR not in name and is_table_name(name))
    return _TABLE.fullmatch(name) is not None and name not in _NOT_TABLES


def is_table_file_name(name: str) -> bool:
    return _FILE.fullmatch(name) is not None


class Manifest:
    """What ``journal.json`` says since schema 4 (see the module doc).

    A plain class, not a dataclass: every command reads a manifest, and
    making the dataclass cost more than the rest of this module."""

    def __init__(
        self,
        generation: int = 0,
        next_id: int = 1,
        *,
        files: dict[str, tuple[str, str]] | None = None,
        counts: dict[str, int] | None = None,
        summaries: dict[str, Any] | None = None,
        summaries_file: tuple[str, str] | None = None,
        ids_width: int | None = None,
        ids: dict[str, tuple[str, str]] | None = None,
        ids_unread: list[str] | None = None,
    ) -> None:
        self.generation = generation
        self.next_id = next_id
        self.files = {} if files is None else files  # table -> (file, hash)
        self.counts = {} if counts is None else counts  # table -> records in it
        # month of entries -> its summary as stored, checked where it is used
        # (store/summaries.py); a month without one is read instead. Only the
        # months changed since the summaries file was written (see the module doc).
        self.summaries = {} if summaries is None else summaries
        self.summaries_file = summaries_file  # (file, hash) of every month's summary
        # The index of entry ids (store/id_index.py): its width, None when
        # there is none, (file, hash) by bucket, and the periods it was made
        # without (they could not be read), sorted.
        self.ids_width = ids_width
        self.ids = {} if ids is None else ids
        self.ids_unread = [] if ids_unread is None else ids_unread

    def copy(self) -> Manifest:
        """A manifest of its own: changing it leaves this one as it is."""
        return Manifest(
            self.generation,
            self.next_id,
            files=dict(self.files),
            counts=dict(self.counts),
            summaries=dict(self.summaries),
            summaries_file=self.summaries_file,
            ids_width=self.ids_width,
            ids=dict(self.ids),
            ids_unread=list(self.ids_unread),
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Manifest) and self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]  # mutable, as a dataclass's

    def to_json(self) -> dict[str, Any]:
        return {
            "schema_version": MANIFEST_VERSION,
            "generation": self.generation,
            "next_id": self.next_id,
            "files": {table: list(named) for table, named in sorted(self.files.items())},
            "counts": dict(sorted(self.counts.items())),
            "summaries": dict(sorted(self.summaries.items())),
            **({"summaries_file": list(self.summaries_file)} if self.summaries_file else {}),
            **(
                {}
                if self.ids_width is None
                else {
                    "ids": {
                        "width": self.ids_width,
                        "buckets": {name: list(named) for name, named in sorted(self.ids.items())},
                        **({"unread": self.ids_unread} if self.ids_unread else {}),
                    }
                }
            ),
        }

    def file_names(self) -> set[str]:
        """Every file in ``tables/`` this manifest names: what a conversion
        re-encodes and a write must not remove."""
        named = {name for name, _ in self.files.values()}
        if self.summaries_file is not None:
            named.add(self.summaries_file[0])
        named.update(name for name, _ in self.ids.values())
        return named


def manifest_of(document: dict[str, Any]) -> Manifest:
    """A parsed schema-4 ``journal.json`` as a :class:`Manifest`; anything the
    app would not have written raises :class:`LayoutError` naming it."""
    generation, next_id = document.get("generation"), document.get("next_id")
    files, counts = document.get("files"), document.get("counts")
    if type(generation) is not int or generation < 0:
        raise LayoutError("its 'generation' is not a whole number")
    if type(next_id) is not int or next_id < 1:
        raise LayoutError("its 'next_id' is not a document number")
    if not isinstance(files, dict) or not isinstance(counts, dict):
        raise LayoutError("it lacks its 'files' or 'counts'")
    named: dict[str, tuple[str, str]] = {}
    for table, entry in files.items():
        if not (is_table_name(table) and _is_named_file(entry)):
            raise LayoutError(f"its file for the table '{table}' is not one the app writes")
        named[table] = (entry[0], entry[1])
    for table, count in counts.items():
        if table not in named or type(count) is not int or count < 0:
            raise LayoutError(f"its count for the table '{table}' is not one the app writes")
    summaries = document.get("summaries", {})  # absent before 0.2.0's summaries
    if not isinstance(summaries, dict):
        raise LayoutError("its 'summaries' is not an object")
    months = periods_by_month(named)
    for month, summary in summaries.items():
        if not (month in months and isinstance(summary, dict)):
            raise LayoutError(f"its summary of '{month}' is not one the app writes")
    summaries_file = document.get("summaries_file")  # absent before the summaries file
    if summaries_file is not None and not (
        _is_named_file(summaries_file) and summaries_file[0].startswith(f"{SUMMARIES}.")
    ):
        raise LayoutError("its 'summaries_file' is not one the app writes")
    ids_width, ids, ids_unread = _index_of(document.get("ids"), named)  # absent before it
    return Manifest(
        generation,
        next_id,
        files=named,
        counts=dict(counts),
        summaries=dict(summaries),
        summaries_file=None if summaries_file is None else (summaries_file[0], summaries_file[1]),
        ids_width=ids_width,
        ids=ids,
        ids_unread=ids_unread,
    )


def _index_of(
    found: object, files: dict[str, tuple[str, str]]
) -> tuple[int | None, dict[str, tuple[str, str]], list[str]]:
    """The manifest's ``ids`` (see :mod:`.id_index`) as its width, buckets
    and the periods of ``files`` it was made without."""
    if found is None:
        return None, {}, []
    width = found.get("width") if isinstance(found, dict) else None
    buckets = found.get("buckets") if isinstance(found, dict) else None
    if type(width) is not int or not 0 <= width <= id_index.WIDEST or not isinstance(buckets, dict):
        raise LayoutError("its index of ids is not one the app writes")
    named: dict[str, tuple[str, str]] = {}
    for bucket, entry in buckets.items():
        if not (
            id_index.is_bucket(bucket, width)
            and _is_named_file(entry)
            # the file of this bucket, of any generation
            and entry[0].startswith(
                file_name(id_index.table_name(bucket), 0).removesuffix("0.json")
            )
        ):
            raise LayoutError(
                f"its index of ids names a file for '{bucket}' the app does not write"
            )
        named[bucket] = (entry[0], entry[1])
    assert isinstance(found, dict)  # checked above
    unread = found.get("unread", [])
    if not (
        isinstance(unread, list)
        and all(type(period) is str for period in unread)
        and unread == sorted(set(unread) & {name for name in files if is_entries_period(name)})
    ):
        raise LayoutError(
            "its index of ids names periods it was made without that it does not hold"
        )
    return width, named, unread


def _is_named_file(entry: object) -> bool:
    """Whether ``entry`` is a file and hash as the manifest names them."""
    return (
        isinstance(entry, list)
        and len(entry) == 2
        and all(isinstance(part, str) for part in entry)
        and is_table_file_name(entry[0])
        and _HASH.fullmatch(entry[1]) is not None
    )
