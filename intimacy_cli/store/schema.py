"""The journal file's layout, its versions, and the migrations between them.

Version 2 (current)::

    {"schema_version": 2,
     "entries": {"1": {"id", "kind", "answer", "created_at", "updated_at",
                       "lesson", "prompt_id", "prompt", "tags", "session", "correct"}, ...},
     "runs":    {"1": {"id", "lesson", "started_at", "updated_at", "step",
                       "completed_at", "extra"}, ...}}

Tables are TinyDB tables: objects keyed by TinyDB's numeric document ids. Our
own ``id`` (a UUID) is what commands use; document ids are an internal detail.

Version 1 is what intimacy-cli 0.1 wrote through stock TinyDB ``JSONStorage``:
the same tables but no ``schema_version`` key (a file saying ``1`` reads the
same). Its entries named the lesson ``lesson_id``, had no ``updated_at`` (they
could not be edited) and no ``session`` (answers were not grouped by run).

Every function here is pure: data in, data out, no files.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from intimacy_cli.store.entry import KINDS

SCHEMA_KEY = "schema_version"
SCHEMA_VERSION = 2
ENTRIES = "entries"
RUNS = "runs"

Tables = dict[str, dict[str, Any]]

# Fields every record must have for the app to work with it.
_REQUIRED = {
    ENTRIES: ("id", "kind", "answer", "created_at", "updated_at"),
    RUNS: ("id", "lesson", "started_at", "updated_at"),
}
# The time each table is sorted by; it must compare with any other, so it needs
# a UTC offset. (Checking only this one keeps opening a big journal fast.)
SORTED_BY = {ENTRIES: "created_at", RUNS: "started_at"}


class LayoutError(ValueError):
    """The document is not an intimacy journal; the message says what is wrong."""


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


# MIGRATIONS[n] turns a version-n document into a version n+1 document.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}


def upgrade(document: dict[str, Any]) -> dict[str, Any]:
    """The document migrated to :data:`SCHEMA_VERSION` (a new dict; the input is
    not modified). Callers refuse versions newer than ours before calling."""
    version = version_of(document)
    while version < SCHEMA_VERSION:
        document = MIGRATIONS[version](document)
        version += 1
    return document


def tables_of(document: dict[str, Any]) -> Tables:
    """The TinyDB tables of a current-version document, checked record by record,
    so the rest of the app can trust every field it reads."""
    tables = {name: table for name, table in document.items() if name != SCHEMA_KEY}
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise LayoutError(f"'{name}' should be an object of records")
        for doc_id, record in table.items():
            problem = _record_problem(name, doc_id, record)
            if problem:
                raise LayoutError(f"{name} record {doc_id} {problem}")
    return tables


def _record_problem(table: str, doc_id: str, record: object) -> str | None:
    if not doc_id.isdigit():
        return "has a key that is not a document number"
    if not isinstance(record, dict):
        return "is not an object"
    missing = [key for key in _REQUIRED.get(table, ()) if key not in record]
    if missing:
        return f"lacks {', '.join(missing)}"
    if table == ENTRIES and record["kind"] not in KINDS:
        return f"has an unknown kind {record['kind']!r}"
    key = SORTED_BY.get(table)
    if key and not _is_aware_time(record[key]):
        return f"has {key} {record[key]!r}, not a date and time with a UTC offset"
    return None


def _is_aware_time(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False
