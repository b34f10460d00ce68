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
from datetime import date
from typing import Any, cast

from intimacy_cli.base.dates import FIRST_YEAR, LAST_YEAR
from intimacy_cli.store.entry import KINDS, EntryKind, parse_time, timestamp

ENTRIES = "entries"
SESSIONS = "sessions"
# Recall (store/recall.py): the append-only log of card reviews, the cards a
# person set aside, and what became of each earlier reflection shown again.
RECALL_REVIEWS = "recall_reviews"
RECALL_SUSPENDED = "recall_suspended"
RESURFACED = "resurfaced"
# How a person felt, on two axes, with a feeling word (``intimacy checkin``).
CHECKINS = "checkins"
# Homework assignments added with ``intimacy homework add`` (their file's text
# inside the journal, so an encrypted journal keeps it encrypted), and the
# receipts of reports written with ``intimacy report``.
HOMEWORK = "homework"
RECEIPTS = "report_receipts"
# Together (docs/together.md): this profile's own key pairs, and its rounds.
TOGETHER_KEYS = "together_keys"
TOGETHER_ROUNDS = "together_rounds"

# Fields every record must have for the app to work with it.
_REQUIRED = {
    ENTRIES: ("id", "kind", "answer", "created_at", "updated_at"),
    SESSIONS: ("id", "lesson", "started_at", "updated_at"),
    RECALL_REVIEWS: ("id", "card", "content_hash", "rating", "reviewed_at"),
    RECALL_SUSPENDED: ("id", "card", "suspended_at"),
    RESURFACED: ("id", "entry", "shown_at", "response"),
    CHECKINS: ("id", "created_at", "day", "pleasant", "energy", "word"),
    HOMEWORK: ("id", "title", "source", "added_at", "items"),
    RECEIPTS: ("id", "shared_at", "format", "sha256", "entries"),
    TOGETHER_KEYS: ("id", "name", "x25519", "ed25519", "created_at"),
    TOGETHER_ROUNDS: ("id", "lesson", "round_file", "created_at", "updated_at"),
}
# Tables whose records are found by a UUID (a homework assignment's id is its
# file's own, a slug).
_UUID_IDS = (ENTRIES, SESSIONS, RECEIPTS)


class LayoutError(ValueError):
    """The document is not an intimacy journal; the message says what is wrong."""


class InvalidRecord(ValueError):
    """One record, or one of its fields, is wrong; the message names the field."""


def check_record(table: str, doc_id: str, record: object) -> None:
    """Raise :class:`LayoutError` naming the record and what is wrong with it.
    A table of entries for one month (``entries/2026-12``) holds entries."""
    problem = _record_problem(table.partition("/")[0], doc_id, record)
    if problem:
        raise LayoutError(f"{table} record {doc_id} {problem}")


def is_document_number(doc_id: str) -> bool:
    """Whether a record's key is a document number as TinyDB writes one: ASCII
    digits, no leading zero. TinyDB reads keys with ``int()``, so "01" or "\\u0661"
    (an Arabic-Indic one) would become the same record as "1", and the next
    write would keep only one of them; "²" passes ``isdigit`` but not ``int``.
    (String methods, not a pattern: every record read is asked.)"""
    return doc_id.isascii() and doc_id.isdigit() and (doc_id[0] != "0" or doc_id == "0")


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
    if table in _UUID_IDS and not _STORED_ID.fullmatch(record["id"]):
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
MAX_SLUG = 100
MAX_ITEM = 1000
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
        and is_stored_time(created)
        # Most entries were never edited: the same time twice is checked once.
        and ((type(updated) is str and updated == created) or is_stored_time(updated))
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
        and (get("follows") is None or _STORED_ID.fullmatch(str(get("follows"))) is not None)
        and _is_homework_link(get("homework"))
        and type(get("private")) in _FLAG_OR_NONE
    )


def _is_homework_link(value: object) -> bool:
    """No homework item, or one linked as the app links it (anything else
    goes through :func:`_homework_link`, for the exact message)."""
    if value is None:
        return True
    if type(value) is not dict or len(value) != 2:
        return False
    assignment, item = value.get("id"), value.get("item")
    return (
        type(item) is int
        and 1 <= item <= MAX_ITEM
        and type(assignment) is str
        and len(assignment) <= MAX_SLUG
        and re.fullmatch(_SLUG, assignment) is not None
    )


# The years a stored time may start with, as text (made once: every entry read
# is asked), compared as text with its first four characters, which are digits.
_FIRST_YEAR, _LAST_YEAR = f"{FIRST_YEAR}", f"{LAST_YEAR}"


def is_stored_time(value: object) -> bool:
    """Whether ``value`` is a real moment in the form the app stores."""
    if type(value) is not str or _STORED_TIME.fullmatch(value) is None:
        return False
    if not _FIRST_YEAR <= value[:4] <= _LAST_YEAR:
        return False
    try:
        parse_time(value)  # the pattern allows a 30 February
    except ValueError:
        return False
    return True


def in_stored_form(moment: str) -> str:
    """A moment (a record's time, already checked) in the form the app
    stores: what periods are named by and every sort reads."""
    return moment if is_stored_time(moment) else timestamp(parse_time(moment))


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


def _optional_uuid(name: str, value: Any) -> str | None:
    return None if value is None else _uuid(name, value)


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


def _one_of(*allowed: object) -> Checker:
    def check(name: str, value: Any) -> Any:
        # type() too: True == 1, but a rating of true is not a rating of 1
        if not any(type(value) is type(ok) and value == ok for ok in allowed):
            shown = ", ".join(repr(ok) for ok in allowed)
            raise InvalidRecord(f"{name} must be one of {shown}, not {value!r}")
        return value

    return check


# The ids of homework assignments: as lesson ids, lower-case words joined by hyphens.
# This and _SHA256 are compiled by re when first used (its cache): every command
# imports this module, and most journals hold neither.
_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"


def _slug(name: str, value: Any) -> str:
    text = _string(name, value)
    if not re.fullmatch(_SLUG, text) or len(text) > MAX_SLUG:
        raise InvalidRecord(f"{name} must be lower-case letters, digits and hyphens")
    return text


def _homework_link(name: str, value: Any) -> dict[str, Any] | None:
    """``{"id": ASSIGNMENT, "item": N}``: the homework item an entry was written for."""
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"id", "item"}:
        raise InvalidRecord(f'{name} must be null or {{"id": ..., "item": N}}')
    item = value["item"]
    if type(item) is not int or not 1 <= item <= MAX_ITEM:
        raise InvalidRecord(f"{name}.item must be a whole number from 1 to {MAX_ITEM}")
    return {"id": _slug(f"{name}.id", value["id"]), "item": item}


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
    # The earlier entry this one answers ("It has changed" when it was resurfaced).
    "follows": _optional_uuid,
    "homework": _homework_link,
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
# Ratings as fsrs numbers them: 1 again (forgot), 2 hard, 3 good (remembered), 4 easy.
RATINGS = (1, 2, 3, 4)
RESPONSES = ("fits", "changed", "hidden")
RECALL_REVIEW_FIELDS: dict[str, Checker] = {
    "id": _uuid,
    "card": _string,
    "content_hash": _string,
    "rating": _one_of(*RATINGS),
    "reviewed_at": _moment,
    # When the card was due next, as the scheduler named worked it out at the
    # time (see reports/recall.py); absent in logs written before 0.2.0.
    "due": _optional_moment,
    "scheduler": _optional_string,
}
RECALL_SUSPENDED_FIELDS: dict[str, Checker] = {
    "id": _uuid,
    "card": _string,
    "suspended_at": _moment,
}
RESURFACED_FIELDS: dict[str, Checker] = {
    "id": _uuid,
    "entry": _uuid,
    "shown_at": _moment,
    "response": _one_of(*RESPONSES),
}


# -- check-ins ---------------------------------------------------------------------------

# Each axis of a check-in goes from -AXIS_LIMIT to AXIS_LIMIT (content/feelings.py says why).
AXIS_LIMIT = 4


def _axis(name: str, value: Any) -> int:
    if type(value) is not int or not -AXIS_LIMIT <= value <= AXIS_LIMIT:
        raise InvalidRecord(f"{name} must be a whole number from -{AXIS_LIMIT} to {AXIS_LIMIT}")
    return value


def _day(name: str, value: Any) -> str:
    """A local calendar day, ``YYYY-MM-DD``: the day a check-in is about."""
    text = _string(name, value)
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InvalidRecord(f"{name} is not a date (YYYY-MM-DD)") from None
    if len(text) != 10 or not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidRecord(f"{name} is not a date from {FIRST_YEAR} to {LAST_YEAR} (YYYY-MM-DD)")
    return text


CHECKIN_FIELDS: dict[str, Checker] = {
    "id": _uuid,
    "created_at": _moment,
    "day": _day,
    "pleasant": _axis,
    "energy": _axis,
    "word": _string,
    "tags": _strings,
    "note": _optional_string,
    "lesson": _optional_string,
}


def _homework_items(name: str, value: Any) -> list[dict[str, Any]]:
    """An assignment's items as ``intimacy homework add`` stored them."""
    from intimacy_cli.content.homework import ITEM_KINDS, parse_repeat

    if not isinstance(value, list) or not value or not all(isinstance(i, dict) for i in value):
        raise InvalidRecord(f"{name} must be a list of objects")
    for number, item in enumerate(value, 1):
        where = f"{name}[{number}]"
        if item.get("kind") not in ITEM_KINDS:
            raise InvalidRecord(f"{where}.kind must be one of {', '.join(ITEM_KINDS)}")
        for key in ("lesson", "prompt", "repeat"):
            _optional_string(f"{where}.{key}", item.get(key))
        _strings(f"{where}.reflections", item.get("reflections", []))
        for key in ("due", "until"):
            _optional_day(f"{where}.{key}", item.get(key))
        times = item.get("times")
        if times is not None and (type(times) is not int or not 1 <= times <= MAX_ITEM):
            raise InvalidRecord(f"{where}.times must be a whole number from 1 to {MAX_ITEM}")
        if item.get("repeat") is not None and parse_repeat(item["repeat"]) is None:
            raise InvalidRecord(f"{where}.repeat is not a rule the app reads")
    return value


def _optional_day(name: str, value: Any) -> str | None:
    if value is None:
        return None
    text = _string(name, value)
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InvalidRecord(f"{name} is not a date (YYYY-MM-DD)") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR or len(text) != len("YYYY-MM-DD"):
        raise InvalidRecord(f"{name} is not a date (YYYY-MM-DD)")
    return text


def _pack_lessons(name: str, value: Any) -> list[dict[str, str]]:
    """The pack lessons an assignment brought along: each file's name and text."""
    if not isinstance(value, list) or not all(
        isinstance(item, dict)
        and set(item) == {"file", "text"}
        and all(isinstance(part, str) for part in item.values())
        for item in value
    ):
        raise InvalidRecord(f'{name} must be a list of {{"file": ..., "text": ...}}')
    return value


_SHA256 = r"[0-9a-f]{64}"


def _sha256(name: str, value: Any) -> str:
    text = _string(name, value)
    if not re.fullmatch(_SHA256, text):
        raise InvalidRecord(f"{name} must be 64 lower-case hex digits")
    return text


def _ids(name: str, value: Any) -> list[str]:
    return [_uuid(name, item) for item in _strings(name, value)]


def _optional_slug(name: str, value: Any) -> str | None:
    return None if value is None else _slug(name, value)


HOMEWORK_FIELDS: dict[str, Checker] = {
    "id": _slug,
    "title": _string,
    "from": _optional_string,
    "note": _optional_string,
    "file": _optional_string,
    "source": _string,
    "added_at": _moment,
    "items": _homework_items,
    "lessons": _pack_lessons,
}
RECEIPT_FIELDS: dict[str, Checker] = {
    "id": _uuid,
    "shared_at": _moment,
    "format": _string,
    "sha256": _sha256,
    "entries": _ids,
    "homework": _optional_slug,
    "status_only": _optional_flag,
    "file": _optional_string,
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
    RECALL_REVIEWS: RECALL_REVIEW_FIELDS,
    RECALL_SUSPENDED: RECALL_SUSPENDED_FIELDS,
    RESURFACED: RESURFACED_FIELDS,
    CHECKINS: CHECKIN_FIELDS,
    HOMEWORK: HOMEWORK_FIELDS,
    RECEIPTS: RECEIPT_FIELDS,
    TOGETHER_KEYS: TOGETHER_KEY_FIELDS,
    TOGETHER_ROUNDS: TOGETHER_ROUND_FIELDS,
}
