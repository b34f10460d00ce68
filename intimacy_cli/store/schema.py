"""The journal's versions, the migrations between them, and the whole-document form.

Version 4 (current) is a folder: ``journal.json`` is a manifest naming one
file per table, with entries split by period (see
:mod:`~intimacy_cli.store.layout`). Migrating to it from version 3 changes
where tables live, not what they hold: :func:`split_by_period` (and back for
a copy in one file, which is in version 3's form:
:meth:`~intimacy_cli.store.storage.JournalStorage.one_file`).

Version 3 (the whole-document form)::

    {"schema_version": 3,
     "entries":  {"1": {"id", "kind", "answer", "created_at", "updated_at",
                        "lesson", "prompt_id", "prompt", "tags", "session", "correct",
                        "homework"}, ...},
     "sessions": {"1": {"id", "lesson", "started_at", "updated_at", "step",
                        "completed_at", "extra"}, ...},
     "homework": {"1": {"id", "title", "from", "note", "file", "source", "added_at",
                        "items", "lessons"}, ...},
     "report_receipts": {"1": {"id", "shared_at", "format", "sha256", "entries",
                               "homework", "status_only", "file"}, ...}}

``prompt_id`` and ``prompt`` are the question answered (its id in the lesson
and its text as asked); ``session`` is the id of the lesson session;
``homework`` is ``null`` or the homework item the entry was written for,
``{"id": ASSIGNMENT, "item": N}`` (added without a version bump: a missing key
reads as ``null``). An entry may also have ``follows``: the id of an earlier
entry it follows up (written after "It has changed" in ``intimacy recall``); it
is left out when there is none, so older records need no migration. The
``homework`` table holds assignments (their file's text in ``source``, their
``items``, and the pack ``lessons`` they brought, each ``{"file", "text"}``),
keyed by their own slug ``id``; the ``report_receipts`` table, what each report
shared. Both tables may be absent.

Recall adds three tables, each left out until its first record (no migration)::

    "recall_reviews":   {"1": {"id", "card", "content_hash", "rating", "reviewed_at"}, ...}
    "recall_suspended": {"1": {"id", "card", "suspended_at"}, ...}
    "resurfaced":       {"1": {"id", "entry", "shown_at", "response"}, ...}

``card`` is a card's id (``LESSON/KEY``, see ``content/deck.py``), ``rating``
1 to 4 as fsrs numbers them, and ``response`` one of ``fits``, ``changed`` and
``hidden``. The review log is only ever appended to.

Tables are TinyDB tables: objects keyed by TinyDB's numeric document ids. Our
own ``id`` (a UUID) is what commands use; document ids are an internal detail.

Version 1 is what intimacy-cli 0.1 wrote through stock TinyDB ``JSONStorage``:
the same tables but no ``schema_version`` key (a file saying ``1`` reads the
same). Its entries named the lesson ``lesson_id``, had no ``updated_at`` (they
could not be edited) and no ``session`` (answers were not grouped by run).

Version 2 (intimacy-cli 0.1) called the lesson sessions table ``runs``.

Every record is checked field by field when the file is read, with the same
checkers that ``intimacy import`` applies to entries from an export, so the rest
of the app can trust every field it reads however the file was written.

Every function here is pure: data in, data out, no files.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from intimacy_cli.store.layout import MANIFEST_VERSION, TIME_FIELDS, is_table_name, period_of
from intimacy_cli.store.records import (
    ENTRIES,
    SESSIONS,
    LayoutError,
    check_record,
    in_stored_form,
    is_document_number,
    is_stored_time,
)

SCHEMA_KEY = "schema_version"
SCHEMA_VERSION = MANIFEST_VERSION
# The newest layout with every table inside journal.json: what backups are.
WHOLE_VERSION = 3

Tables = dict[str, dict[str, Any]]


def version_of(document: object) -> int:
    """The schema version a parsed journal file was written with."""
    if not isinstance(document, dict):
        raise LayoutError(f"expected a JSON object, found {type(document).__name__}")
    version = document.get(SCHEMA_KEY, 1)
    if type(version) is not int or version < 1:
        raise LayoutError(f"'{SCHEMA_KEY}' is {version!r}, not a version number")
    return version


def _v1_to_v2(document: dict[str, Any]) -> dict[str, Any]:
    upgraded = dict(document)
    entries = document.get(ENTRIES)
    if isinstance(entries, dict):
        upgraded[ENTRIES] = {
            doc_id: _v1_entry_to_v2(record) if isinstance(record, dict) else record
            for doc_id, record in entries.items()
        }
    upgraded[SCHEMA_KEY] = 2
    return upgraded


def _v1_entry_to_v2(record: dict[str, Any]) -> dict[str, Any]:
    upgraded = {key: value for key, value in record.items() if key != "lesson_id"}
    upgraded.setdefault("lesson", record.get("lesson_id"))
    upgraded.setdefault("updated_at", record.get("created_at"))
    upgraded.setdefault("session", None)
    return upgraded


def _v2_to_v3(document: dict[str, Any]) -> dict[str, Any]:
    """Lesson sittings are called sessions everywhere: the table is renamed."""
    upgraded = {key: value for key, value in document.items() if key != "runs"}
    if "runs" in document:
        upgraded[SESSIONS] = document["runs"]
    upgraded[SCHEMA_KEY] = 3
    return upgraded


# MIGRATIONS[n] turns a version-n document into a version n+1 document.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2, 2: _v2_to_v3}


def upgrade(document: dict[str, Any]) -> dict[str, Any]:
    """A whole document migrated to :data:`WHOLE_VERSION` (a new dict; the
    input is not modified). Callers refuse newer versions before calling."""
    version = version_of(document)
    while version < WHOLE_VERSION:
        document = MIGRATIONS[version](document)
        version += 1
    return document


def tables_of(document: dict[str, Any], *, check_entries: bool = True) -> Tables:
    """The TinyDB tables of a current-version document, checked record by record,
    so the rest of the app can trust every field it reads.

    ``check_entries=False`` checks only the shape of the entries table (by far
    the largest); the caller then checks each entry with :func:`check_record`
    before it reads its fields.
    """
    tables = {name: table for name, table in document.items() if name != SCHEMA_KEY}
    for name, table in tables.items():
        if not is_table_name(name, whole=True):
            raise LayoutError(f"'{name}' is not a table the app keeps")
        if not isinstance(table, dict):
            raise LayoutError(f"'{name}' should be an object of records")
        for doc_id, record in table.items():
            if check_entries or name != ENTRIES:
                check_record(name, doc_id, record)
            elif not (is_document_number(doc_id) and isinstance(record, dict)):
                check_record(name, doc_id, record)  # names the problem
    return tables


def split_by_period(tables: Tables) -> Tables:
    """Whole-document tables with each table kept by period (see
    :data:`~.layout.TIME_FIELDS`) split into one table per period of its
    records' time, as version 4 stores them. Entries' times not in the
    stored form (journals of version 1) are normalised, so they sort as
    text; another table's record is put by its time normalised, as it is."""
    split = {name: table for name, table in tables.items() if name not in TIME_FIELDS}
    for table, field in TIME_FIELDS.items():
        for doc_id, record in tables.get(table, {}).items():
            if table == ENTRIES:
                for time_field in ("created_at", "updated_at"):
                    if not is_stored_time(record.get(time_field)):
                        check_record(ENTRIES, doc_id, record)  # names a bad one
                        record[time_field] = in_stored_form(record[time_field])
            # Another table's records are checked already, with it.
            split.setdefault(period_of(table, in_stored_form(record[field])), {})[doc_id] = record
    return split
