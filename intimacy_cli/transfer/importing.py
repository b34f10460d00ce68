"""Reading entries back from a JSON export, checking every one before any is saved.

Accepted: the document ``intimacy export --format json`` writes, or a plain
array of entries as ``intimacy review --json`` prints (both in
:mod:`intimacy_cli.transfer.shapes` and ``docs/json.md``). Each entry needs
``id`` (a UUID), ``kind``, ``answer`` and ``created_at``; ``updated_at``,
``lesson``, ``prompt_id``, ``prompt``, ``tags``, ``session``, ``correct`` and
``follows`` may be left out. Timestamps must carry a UTC offset, so no one has to guess which
time zone was meant.
A number as an answer must lie within :data:`MAX_NUMBER` either side of zero:
JSON allows ``1.7e308``, which no scale means and which later sums overflow.
An entry holds at most ``MAX_ENTRY_CHARS`` (100,000) characters of text, as
when it is written.
"""

from __future__ import annotations

from typing import Any

from intimacy_cli.base import messages
from intimacy_cli.base.errors import IntimacyError
from intimacy_cli.store import Entry
from intimacy_cli.store.entry import MAX_ENTRY_CHARS, entry_size
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
# Scales run at most 100 steps; a billion either side leaves any sane scale room.
MAX_NUMBER = 1_000_000_000


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
    clean = {name: _CHECKS[name](name, value) for name, value in record.items()}
    clean["answer"] = _sane_number(clean["answer"])
    entry = entry_from_dict(clean)
    size = entry_size(entry.answer, entry.question, entry.tags)
    if size > MAX_ENTRY_CHARS:
        raise InvalidRecord(
            f"has {size:,} characters of text; an entry holds at most {MAX_ENTRY_CHARS:,}"
        )
    return entry


def _sane_number(answer: Any) -> Any:
    """A numeric answer within bounds (``-0.0`` read as ``0.0``); others unchanged."""
    if isinstance(answer, bool) or not isinstance(answer, int | float):
        return answer
    if not -MAX_NUMBER <= answer <= MAX_NUMBER:
        raise InvalidRecord(
            f"answer {answer} is out of range (at most {MAX_NUMBER:,} either side of 0)"
        )
    return answer + 0.0 if isinstance(answer, float) else answer  # -0.0 + 0.0 is 0.0
