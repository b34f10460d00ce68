"""Reading entries back from a JSON export, checking every one before any is saved.

Accepted: the document ``intimacy export --format json`` writes (see
:mod:`intimacy_cli.exporters.json_document`), or a plain array of entries as
``intimacy review --json`` prints. Each entry needs ``id`` (a UUID), ``kind``,
``answer`` and ``created_at``; ``updated_at``, ``lesson``, ``prompt_id``,
``prompt``, ``tags``, ``session`` and ``correct`` may be left out. Timestamps
must carry a UTC offset, so no one has to guess which time zone was meant.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from typing import Any, cast

from intimacy_cli.errors import IntimacyError
from intimacy_cli.exporters.json_document import FORMAT_MARKER, VERSION
from intimacy_cli.store import KINDS, Entry
from intimacy_cli.store.entry import EntryKind, parse_time
from intimacy_cli.store.journal import timestamp

REQUIRED = ("id", "kind", "answer", "created_at")


class ImportProblem(IntimacyError):
    """The file cannot be imported; nothing was."""


class _Invalid(Exception):
    """One field of one entry is wrong (the message names the field)."""


def read_entries(text: str, source: str) -> list[Entry]:
    """Every entry in an export's text, or :class:`ImportProblem` naming the first
    bad entry and why."""
    import orjson

    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise ImportProblem(f"{source} is not valid JSON ({exc})") from None
    records = _records(data, source)
    entries: list[Entry] = []
    first_seen: dict[str, int] = {}
    for number, record in enumerate(records, 1):
        try:
            entry = _entry(record)
        except _Invalid as exc:
            raise ImportProblem(
                f"{source}: entry {number}{_id_note(record)}: {exc}",
                hint="nothing was imported",
            ) from None
        if entry.id in first_seen:
            raise ImportProblem(
                f"{source}: entry {number} (id {entry.id}): "
                f"same id as entry {first_seen[entry.id]}",
                hint="nothing was imported",
            )
        first_seen[entry.id] = number
        entries.append(entry)
    return entries


def _records(data: Any, source: str) -> list[Any]:
    if isinstance(data, list):
        return data
    if not isinstance(data, dict) or data.get("format") != FORMAT_MARKER:
        raise ImportProblem(
            f"{source} is not an intimacy-cli export",
            hint=f'expected a list of entries or {{"format": "{FORMAT_MARKER}", ...}}',
        )
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportProblem(f"{source}: 'version' must be a whole number, not {version!r}")
    if version > VERSION:
        raise ImportProblem(
            f"{source} comes from a newer intimacy-cli (format version {version})",
            hint="update intimacy-cli to import it",
        )
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise ImportProblem(f"{source}: 'entries' must be a list")
    return entries


def _id_note(record: Any) -> str:
    if isinstance(record, dict) and isinstance(record.get("id"), str):
        return f" (id {record['id'][:36]})"
    return ""


def _entry(record: Any) -> Entry:
    if not isinstance(record, dict):
        raise _Invalid("is not an object with fields")
    unknown = sorted(set(record) - _FIELDS.keys())
    if unknown:
        raise _Invalid(f"unknown field '{unknown[0]}'")
    missing = [name for name in REQUIRED if record.get(name) is None]
    if missing:
        raise _Invalid(f"{missing[0]} is missing")
    clean = {name: _FIELDS[name](name, value) for name, value in record.items()}
    clean.setdefault("updated_at", clean["created_at"])
    return Entry.from_dict(clean)


def _uuid(name: str, value: Any) -> str:
    text = _string(name, value)
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise _Invalid(f"{name} is not a UUID") from None


def _kind(name: str, value: Any) -> EntryKind:
    if value not in KINDS:
        raise _Invalid(f"{name} must be one of {', '.join(KINDS)}, not {value!r}")
    return cast("EntryKind", value)


def _answer(name: str, value: Any) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return value
    if isinstance(value, list):
        return _strings(name, value)
    raise _Invalid(f"{name} must be text, a number or a list of texts")


def _moment(name: str, value: Any) -> str:
    text = _string(name, value)
    try:
        moment = parse_time(text)
        stamp = timestamp(moment)
    except (ValueError, OverflowError):  # not a timestamp, or a year no clock can hold
        raise _Invalid(f"{name} is not an ISO timestamp") from None
    if moment.tzinfo is None:
        raise _Invalid(f"{name} has no UTC offset (add one, e.g. +00:00)")
    return stamp


def _string(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise _Invalid(f"{name} must be text")
    return value


def _optional_string(name: str, value: Any) -> str | None:
    return None if value is None else _string(name, value)


def _strings(name: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _Invalid(f"{name} must be a list of texts")
    return value


def _optional_flag(name: str, value: Any) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise _Invalid(f"{name} must be true, false or null")
    return value


# How each field is checked (and, for ids and times, normalised).
_FIELDS: dict[str, Callable[[str, Any], Any]] = {
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
}
