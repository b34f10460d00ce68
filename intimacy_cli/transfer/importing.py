"""Reading entries back from a JSON export, checking every one before any is saved.

Accepted: the document ``intimacy export --format json`` writes, or a plain
array of entries as ``intimacy review --json`` prints (both in
:mod:`intimacy_cli.transfer.shapes` and ``docs/json.md``). Each entry needs
``id`` (a UUID), ``kind``, ``answer`` and ``created_at``; ``updated_at``,
``lesson``, ``prompt_id``, ``prompt``, ``tags``, ``session`` and ``correct`` may
be left out. Timestamps must carry a UTC offset, so no one has to guess which
time zone was meant.
"""

from __future__ import annotations

from typing import Any

from intimacy_cli.base import messages
from intimacy_cli.base.errors import IntimacyError
from intimacy_cli.store import Entry
from intimacy_cli.store.records import ENTRY_FIELDS, InvalidRecord
from intimacy_cli.transfer.shapes import (
    ENTRY_KEYS,
    ENTRY_REQUIRED,
    EXPORT_FORMAT,
    EXPORT_VERSION,
    entry_from_dict,
)

# Each public key is checked (and its value normalised) by the store's checker for
# the field it fills; a public key is spelled as the stored one.
_CHECKS = {key: ENTRY_FIELDS[key] for key in ENTRY_KEYS}


class ImportProblem(IntimacyError):
    """The file cannot be imported; nothing was."""


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
        except InvalidRecord as exc:
            raise ImportProblem(
                f"{source}: entry {number}{_id_note(record)}: {exc}",
                hint=messages.NOTHING_IMPORTED,
            ) from None
        if entry.id in first_seen:
            raise ImportProblem(
                f"{source}: entry {number} (id {entry.id}): "
                f"same id as entry {first_seen[entry.id]}",
                hint=messages.NOTHING_IMPORTED,
            )
        first_seen[entry.id] = number
        entries.append(entry)
    return entries


def _records(data: Any, source: str) -> list[Any]:
    if isinstance(data, list):
        return data
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ImportProblem(
            f"{source} is not an intimacy-cli export",
            hint=f'expected a list of entries or {{"format": "{EXPORT_FORMAT}", ...}}',
        )
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportProblem(f"{source}: 'version' must be a whole number, not {version!r}")
    if version > EXPORT_VERSION:
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
        raise InvalidRecord("is not an object with fields")
    unknown = sorted(set(record) - _CHECKS.keys())
    if unknown:
        raise InvalidRecord(f"unknown field '{unknown[0]}'")
    missing = [name for name in ENTRY_REQUIRED if record.get(name) is None]
    if missing:
        raise InvalidRecord(f"{missing[0]} is missing")
    return entry_from_dict({name: _CHECKS[name](name, value) for name, value in record.items()})
