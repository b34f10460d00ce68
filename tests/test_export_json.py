"""``export --format json`` byte for byte: whatever way the export is made, the
document is exactly what the original one gave for the same journal and filters:
the entries built as :class:`Entry` objects, the whole document dumped with
orjson, then :func:`json_escaped` over its text. That reference is spelled out
here (``reference_export``), so it holds whatever the app does."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from helpers.app import run_subprocess
from helpers.entries import NOW, clock_at
from helpers.store import write_document
from typer.testing import CliRunner

from intimacy_cli.base.text import json_escaped, json_escaped_utf8
from intimacy_cli.cli import app
from intimacy_cli.commands import selection
from intimacy_cli.store import Entry, Journal
from intimacy_cli.store.entry import timestamp
from intimacy_cli.transfer import json_format, shapes

pytestmark = pytest.mark.usefixtures("local_timezone")

# Every character json_escaped escapes, and neighbours of them that stay as they are.
ESCAPED = (
    "\x7f\x80\x85\x9b\x9f\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
KEPT = "\xa0é\u061b\u061d\u200b\u200d\u2019\u2028\u2029\u202f\u2065\u206a\ufeff中文😀"
# C0 controls, which orjson itself escapes.
CONTROLS = "\x00\x01\x08\t\n\x0b\x0c\r\x1b\x1f"


def uid(number: int) -> str:
    return f"00000000-0000-4000-8000-{number:012d}"


def stamp(text: str) -> str:
    return timestamp(datetime.fromisoformat(text).replace(tzinfo=UTC))


def record(number: int, when: str, **fields: Any) -> dict[str, Any]:
    """A stored entry as the app writes it, unless ``fields`` (stored keys) say otherwise."""
    made: dict[str, Any] = {
        "id": uid(number),
        "kind": "reflection",
        "answer": f"answer {number}",
        "created_at": stamp(when),
        "updated_at": stamp(when),
        "lesson": "sample",
        "prompt_id": "one-line",
        "prompt": "One word for today?",
        "tags": [],
        "session": uid(900),
        "correct": None,
        "homework": None,
    }
    made.update(fields)
    return made


# Every kind and field, each way a stored record may hold it.
RECORDS = [
    record(1, "2025-12-31 23:59:59", tags=["winter", "désir"]),
    record(2, "2026-01-01 00:00:00", kind="journal", lesson=None, prompt=None, prompt_id=None),
    record(3, "2026-01-15 12:00:00", kind="quiz", answer="Wanting", correct=True),
    record(4, "2026-01-15 12:00:00", kind="quiz", answer="Liking", correct=False),  # a tie
    record(5, "2026-01-20 08:00:00", answer=7),
    record(6, "2026-01-20 08:01:00", answer=7.5),
    record(7, "2026-01-20 08:02:00", answer=["Walks", "Meals; together", ""]),
    record(8, "2026-01-20 08:03:00", answer=[]),
    record(9, "2026-01-20 08:04:00", answer=""),
    record(10, "2026-02-01 09:00:00", homework={"id": "week-1", "item": 2}),
    record(11, "2026-02-01 09:01:00", homework={"item": 1000, "id": "week-1"}),
    record(12, "2026-02-02 10:00:00", follows=uid(5)),
    record(13, "2026-02-02 10:01:00", follows=uid(5).upper()),  # checked as a UUID, kept
    record(14, "2026-02-03 10:00:00", private=True),
    record(15, "2026-02-03 10:01:00", private=False),
    record(16, "2026-02-03 10:02:00", follows=None, private=None),
    record(17, "2026-02-04 11:00:00", answer=f"escaped {ESCAPED} kept {KEPT}", tags=[ESCAPED]),
    record(18, "2026-02-04 11:01:00", answer=f"controls {CONTROLS}", prompt=f"Why{CONTROLS}?"),
    record(19, "2026-02-04 11:02:00", answer=[KEPT, ESCAPED], lesson="ü-lesson", session="s\u202e"),
    record(20, "2026-02-05 11:00:00", prompt_id=f"q{ESCAPED}", tags=["\\", '"quoted"', "/"]),
    # Older records: optional keys missing, keys the app does not know, times in
    # another valid spelling (exported as stored).
    {
        "id": uid(21),
        "kind": "journal",
        "answer": "from long ago",
        "created_at": "2026-03-01T10:00:00+01:00",
        "updated_at": "2026-03-01T10:00:00Z",
    },
    record(22, "2026-03-02 10:00:00", mood="unknown key, kept in the journal, not exported"),
    record(23, "2026-03-03 10:00:00", updated_at=stamp("2026-03-10 10:00:00"), tags=["calm"]),
    record(24, "2026-03-03 10:00:00", kind="journal", answer="calm " * 200, tags=["calm"]),
]


@pytest.fixture
def varied(data_dir: Path) -> Journal:
    write_document(
        data_dir,
        {"schema_version": 3, "entries": {str(n): r for n, r in enumerate(RECORDS, 1)}},
    )
    data_dir.chmod(0o700)
    return Journal(data_dir)


def reference_export(journal: Journal, options: tuple[str, ...]) -> bytes:
    """The export as the original code made it, for ``export --format json OPTIONS``."""
    state = clock_at()
    values: dict[str, Any] = dict.fromkeys(
        ("last", "lesson", "kind", "tag", "since", "until", "search")
    )
    for flag, value in zip(options[::2], options[1::2], strict=True):
        values[flag.removeprefix("--")] = int(value) if flag == "--last" else value
    where = selection.entry_filter(state, **values)
    document = {
        "format": shapes.EXPORT_FORMAT,
        "version": shapes.EXPORT_VERSION,
        "exported_at": timestamp(NOW),
        "entries": [shapes.entry_dict(entry) for entry in journal.entries.query(where)],
    }
    text = json_escaped(orjson.dumps(document, option=orjson.OPT_INDENT_2).decode()) + "\n"
    return text.encode()


def exported(*args: str) -> bytes:
    """What ``intimacy export --format json ARGS`` writes on stdout, as bytes."""
    result = CliRunner().invoke(
        app, ["export", "--format", "json", *args], obj=clock_at(), catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


FILTERS = [
    (),
    ("--last", "1"),
    ("--last", "5"),
    ("--last", "100"),
    ("--lesson", "sample"),
    ("--kind", "quiz"),
    ("--kind", "journal"),
    ("--tag", "calm"),
    ("--tag", "DESIR"),
    ("--search", "calm"),
    ("--search", "wanting"),
    ("--since", "2026-02-01"),
    ("--until", "2026-01-20"),
    ("--since", "2026-01-15", "--until", "2026-02-03", "--last", "4"),
    ("--search", "nowhere to be found"),
]


@pytest.fixture(params=[1, 3, json_format.BATCH])
def batch(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Entries written per piece: several pieces, and one for all."""
    monkeypatch.setattr(json_format, "BATCH", request.param)
    return int(request.param)


@pytest.mark.parametrize("options", FILTERS, ids=" ".join)
def test_the_export_is_byte_for_byte_the_original(
    varied: Journal, options: tuple[str, ...], batch: int
) -> None:
    assert exported(*options) == reference_export(varied, options)


def test_every_record_is_exported_and_escaped(varied: Journal) -> None:
    document = orjson.loads(exported())
    assert len(document["entries"]) == len(RECORDS)
    text = exported().decode()
    assert not any(character in text for character in ESCAPED)
    assert all(character in text for character in KEPT)


def test_an_empty_journal_exports_an_empty_list(data_dir: Path) -> None:
    assert exported() == reference_export(Journal(data_dir), ())
    assert b'"entries": []\n}\n' in exported()


def test_the_file_is_byte_for_byte_the_original(
    varied: Journal, tmp_path: Path, batch: int
) -> None:
    target = tmp_path / "backup.json"
    assert exported("-o", str(target)) == b""
    assert target.read_bytes() == reference_export(varied, ())
    assert (target.stat().st_mode & 0o777) == 0o600


def test_a_real_stdout_gets_the_same_bytes(varied: Journal, data_dir: Path) -> None:
    """Through the process's own stdout (no test runner in between)."""
    result = run_subprocess(["export", "--format", "json"])
    assert result.returncode == 0, result.stderr
    unstamped = reference_export(varied, ()).decode().replace(timestamp(NOW), "")
    assert _without_export_time(result.stdout) == unstamped


def _without_export_time(text: str) -> str:
    head, _, rest = text.partition('"exported_at": "')
    return head + '"exported_at": "' + rest[rest.index('"') :]


def test_a_stored_record_exports_as_its_entry_does() -> None:
    for stored in RECORDS:
        expected = orjson.dumps(shapes.entry_dict(Entry.from_record(stored)))
        assert orjson.dumps(shapes.stored_entry_dict(stored)) == expected


def test_escaping_utf8_escapes_exactly_what_escaping_text_does() -> None:
    every_character = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF)
    escaped = json_escaped_utf8(every_character.encode())
    assert escaped == json_escaped(every_character).encode()
    assert escaped != every_character.encode()
    for kept in ("naïve café", "“quoted” \u2013 kept"):
        assert json_escaped_utf8(kept.encode()) == kept.encode()


# -- a damaged record ------------------------------------------------------------------


DAMAGED = "entries/2025-12-25 record 1 is invalid: tags must be a list of texts"


@pytest.fixture
def damaged(varied: Journal, data_dir: Path) -> bytes:
    """The oldest entry damaged (its tags not a list, see DAMAGED): the last one
    an export reaches. Returns the export from before the damage."""
    intact = reference_export(varied, ())
    document = {"schema_version": 3, "entries": {str(n): r for n, r in enumerate(RECORDS, 1)}}
    document["entries"]["1"] = {**RECORDS[0], "tags": None}
    write_document(data_dir, document, generation=100)
    return intact


def test_a_damaged_record_stops_the_export_with_the_stores_error(
    damaged: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On stdout the export is written as it is made: what came before the
    damaged record is printed, cut short, so it can never pass for a whole one."""
    monkeypatch.setattr(json_format, "BATCH", 2)
    result = CliRunner().invoke(app, ["export", "--format", "json"], obj=clock_at())
    assert result.exit_code == 1
    assert DAMAGED in result.stderr
    assert len(result.stdout_bytes) > 1000
    assert damaged.startswith(result.stdout_bytes)
    with pytest.raises(orjson.JSONDecodeError):
        orjson.loads(result.stdout_bytes)


@pytest.mark.parametrize("batch", [2, json_format.BATCH])
@pytest.mark.parametrize(
    ("damaged_file", "problem"),
    [
        ("journal.json", "it is not valid JSON"),
        ("tables/entries-2026-03-01.*", "entries-2026-03-01"),
    ],
)
@pytest.mark.usefixtures("varied")
def test_a_journal_that_cannot_be_read_prints_nothing(
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    batch: int,
    damaged_file: str,
    problem: str,
) -> None:
    """Its manifest, or the newest month: nothing is printed before the first
    batch of entries is made."""
    monkeypatch.setattr(json_format, "BATCH", batch)
    next(data_dir.glob(damaged_file)).write_bytes(b"{damaged")
    result = CliRunner().invoke(app, ["export", "--format", "json"], obj=clock_at())
    assert result.exit_code == 1
    assert problem in result.stderr
    assert result.stdout_bytes == b""


def test_a_damaged_record_leaves_the_target_file_as_it_was(
    damaged: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(json_format, "BATCH", 2)  # some of it written before the damage
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "backup.json"
    target.write_bytes(b"the backup before")
    result = CliRunner().invoke(
        app, ["export", "--format", "json", "-o", str(target), "--force"], obj=clock_at()
    )
    assert result.exit_code == 1
    assert DAMAGED in result.stderr
    assert target.read_bytes() == b"the backup before"
    assert os.listdir(folder) == ["backup.json"]  # no temporary file left either
