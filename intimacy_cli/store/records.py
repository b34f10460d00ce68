"""Checking one stored record, field by field: the one way the store decides
whether a record can be trusted.

:func:`check_record` is what every reader and writer calls; entries exactly
as the app writes them pass a one-pass fast path, anything else goes through
the field checkers for an exact message. ``intimacy import`` uses the same
checkers (:data:`ENTRY_FIELDS`) to normalise entries from an export.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Callable
from typing import Any, cast

from intimacy_cli.base.dates import FIRST_YEAR, LAST_YEAR
from intimacy_cli.store.entry import KINDS, EntryKind, parse_time, timestamp

ENTRIES = "entries"
SESSIONS = "sessions"
# Together (docs/together.md): this profile's own key pairs, and its rounds.
TOGETHER_KEYS = "together_keys"
TOGETHER_ROUNDS = "together_rounds"

# Fields every record must have for the app to work with it.
_REQUIRED = {
    ENTRIES: ("id", "kind", "answer", "created_at", "updated_at"),
    SESSIONS: ("id", "lesson", "started_at", "updated_at"),
    TOGETHER_KEYS: ("id", "name", "x25519", "ed25519", "created_at"),
    TOGETHER_ROUNDS: ("id", "lesson", "round_file", "created_at", "updated_at"),
}


class LayoutError(ValueError):
    """The document is not an intimacy journal; the message says what is wrong."""


class InvalidRecord(ValueError):
    """One record, or one of its fields, is wrong; the message names the field."""


def check_record(table: str, doc_id: str, record: object) -> None:
    """Raise :class:`LayoutError` naming the record and what is wrong with it."""
    problem = _record_problem(table, doc_id, record)
    if problem:
        raise LayoutError(f"{table} record {doc_id} {problem}")


def is_document_number(doc_id: str) -> bool:
    """Whether a record's key is a document number as TinyDB writes one: ASCII
    digits, no leading zero. TinyDB reads keys with ``int()``, so "01" or "\\u0661"
    (an Arabic-Indic one) would become the same record as "1", and the next
    write would keep only one of them; "²" passes ``isdigit`` but not ``int``."""
    return _DOC_ID.fullmatch(doc_id) is not None


_DOC_ID = re.compile(r"0|[1-9][0-9]*")


def _record_problem(table: str, doc_id: str, record: object) -> str | None:
    if not is_document_number(doc_id):
        return "has a key that is not a document number (1, 2, 3 ...)"
    if not isinstance(record, dict):
        return "is not an object"
    if table == ENTRIES and _entry_as_written(record):
        return None
    missing = [key for key in _REQUIRED.get(table, ()) if key not in record]
    if missing:
        return f"lacks {', '.join(missing)}"
    return _fields_problem(table, record)


def _fields_problem(table: str, record: dict[str, Any]) -> str | None:
    checks = FIELDS.get(table, {})
    try:
        for name, value in record.items():
            if name in checks:  # fields we do not know are kept, not judged
                checks[name](name, value)
    except InvalidRecord as problem:
        return f"is invalid: {problem}"
    if table in _REQUIRED and not _STORED_ID.fullmatch(record["id"]):
        # The app writes lower-case UUIDs and finds records by them; one in any
        # other spelling ("ABC...", "{...}") could be neither shown nor changed.
        return "has an id that is not a lower-case UUID as the app writes them"
    return None


# -- the fields, one checker each ------------------------------------------------------
# Each takes the field's name and value and returns the value in its stored form
# (ids and times normalised), or raises InvalidRecord naming the field.

# Ids and times exactly as the app writes them: already normalised, so checking
# them is one match (every record is checked whenever the journal is read).
_STORED_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_STORED_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}\+00:00")


_TEXT_OR_NONE = (str, type(None))
_FLAG_OR_NONE = (bool, type(None))


def _entry_as_written(record: dict[str, Any]) -> bool:
    """The common case, in one pass: an entry exactly as the app writes it.

    Every record is checked whenever the journal is read, and the field-by-field
    checkers below cost about twice as much at 20k entries; anything this does
    not recognise still goes through them, for the exact message.
    """
    get = record.get
    entry_id, created, updated = get("id"), get("created_at"), get("updated_at")
    answer, tags = get("answer"), get("tags")
    return (
        type(entry_id) is str
        and _STORED_ID.fullmatch(entry_id) is not None
        and get("kind") in KINDS
        and _is_stored_time(created)
        and _is_stored_time(updated)
        and (
            type(answer) in (str, int)
            or (type(answer) is list and all(type(item) is str for item in answer))
        )
        and type(tags) is list
        and all(type(tag) is str for tag in tags)
        and type(get("lesson")) in _TEXT_OR_NONE
        and type(get("prompt_id")) in _TEXT_OR_NONE
        and type(get("prompt")) in _TEXT_OR_NONE
        and type(get("session")) in _TEXT_OR_NONE
        and type(get("correct")) in _FLAG_OR_NONE
        and type(get("private")) in _FLAG_OR_NONE
    )


def _is_stored_time(value: object) -> bool:
    if type(value) is not str or _STORED_TIME.fullmatch(value) is None:
        return False
    if not f"{FIRST_YEAR}" <= value[:4] <= f"{LAST_YEAR}":
        return False
    try:
        parse_time(value)  # the pattern allows a 30 February
    except ValueError:
        return False
    return True


def _uuid(name: str, value: Any) -> str:
    text = _string(name, value)
    if _STORED_ID.fullmatch(text):
        return text
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise InvalidRecord(f"{name} is not a UUID") from None


def _kind(name: str, value: Any) -> EntryKind:
    if value not in KINDS:
        raise InvalidRecord(f"{name} must be one of {', '.join(KINDS)}, not {value!r}")
    return cast("EntryKind", value)


def _answer(name: str, value: Any) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return value
    if isinstance(value, list):
        return _strings(name, value)
    raise InvalidRecord(f"{name} must be text, a number or a list of texts")


def _moment(name: str, value: Any) -> str:
    text = _string(name, value)
    try:
        moment = parse_time(text)  # also for the stored form: is it a real date?
        if _STORED_TIME.fullmatch(text):
            return text
        stamp = timestamp(moment)
    except (ValueError, OverflowError):  # not a timestamp, or a year no clock can hold
        raise InvalidRecord(f"{name} is not an ISO timestamp") from None
    if moment.tzinfo is None:
        raise InvalidRecord(f"{name} has no UTC offset (add one, e.g. +00:00)")
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise InvalidRecord(f"{name} is outside the years {FIRST_YEAR} to {LAST_YEAR}")
    return stamp


def _optional_moment(name: str, value: Any) -> str | None:
    return None if value is None else _moment(name, value)


def _string(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidRecord(f"{name} must be text")
    return value


def _optional_string(name: str, value: Any) -> str | None:
    return None if value is None else _string(name, value)


def _strings(name: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InvalidRecord(f"{name} must be a list of texts")
    return value


def _optional_flag(name: str, value: Any) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise InvalidRecord(f"{name} must be true, false or null")
    return value


def _optional_object(name: str, value: Any) -> dict[str, Any] | None:
    if value is not None and not isinstance(value, dict):
        raise InvalidRecord(f"{name} must be an object or null")
    return value


Checker = Callable[[str, Any], Any]

# How each field of an entry is checked: on reading the journal, and on import.
ENTRY_FIELDS: dict[str, Checker] = {
    "id": _uuid,
    "kind": _kind,
    "answer": _answer,
    "created_at": _moment,
    "updated_at": _moment,
    "lesson": _optional_string,
    "prompt_id": _optional_string,
    "prompt": _optional_string,
    "tags": _strings,
    "session": _optional_string,
    "correct": _optional_flag,
    "private": _optional_flag,
}
SESSION_FIELDS: dict[str, Checker] = {
    "id": _uuid,
    "lesson": _string,
    "started_at": _moment,
    "updated_at": _moment,
    "step": _string,
    "completed_at": _optional_moment,
    "extra": _optional_object,
}


def _private_key(name: str, value: Any) -> str:
    """A 32-byte key in base64, as the together keys are stored."""
    import base64
    import binascii

    text = _string(name, value)
    try:
        if len(base64.b64decode(text, validate=True)) == 32:
            return text
    except binascii.Error:
        pass
    raise InvalidRecord(f"{name} is not a 32-byte key in base64")


TOGETHER_KEY_FIELDS: dict[str, Checker] = {
    "id": _uuid,
    "name": _string,
    "x25519": _private_key,
    "ed25519": _private_key,
    "created_at": _moment,
}
TOGETHER_ROUND_FIELDS: dict[str, Checker] = {
    "id": _uuid,
    "lesson": _string,
    "round_file": _string,  # the round file as written to the shared folder
    "created_at": _moment,
    "updated_at": _moment,
    "key": _optional_string,  # this profile's round key, once it sealed its answers
    "sealed": _optional_string,  # this profile's sealed file, as written
    "released": _optional_flag,  # whether this profile released its key
}
FIELDS = {
    ENTRIES: ENTRY_FIELDS,
    SESSIONS: SESSION_FIELDS,
    TOGETHER_KEYS: TOGETHER_KEY_FIELDS,
    TOGETHER_ROUNDS: TOGETHER_ROUND_FIELDS,
}
