"""Review of the index of entry ids (intimacy_cli/store/id_index.py, commit
308e7df): each test here shows one way the index breaks a promise its
commit makes (a missing, damaged or crafted index "costs time, never an
entry", "the next save makes it right", nothing reads every period on an
add). Each docstring says what is wrong and what should happen."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from helpers.store import Clock, write_document
from test_store_index import START, manifest, record, write_manifest

from intimacy_cli.store import Journal, id_index, layout

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def months(data_dir: Path, clock: Clock) -> Journal:
    """Sixty entries over about six months (26 periods), in the current
    layout, with its index and today's backup made (as test_store_index's)."""
    entries = {str(n): record(n, START + timedelta(days=3) * n) for n in range(1, 61)}
    write_document(data_dir, {"schema_version": 3, "entries": entries, "sessions": {}})
    clock.now = START + timedelta(days=200)
    journal = Journal(data_dir, clock=clock)
    journal.sessions.start("sample")  # migrates, and makes the index
    return journal


def without_index(data_dir: Path) -> None:
    """The manifest as the earlier 0.2.0 builds wrote it: no ``ids``."""
    write_manifest(data_dir, {k: v for k, v in manifest(data_dir).items() if k != "ids"})


def rewrite_period(data_dir: Path, period: str, change: Any) -> None:
    """Change a period's table in place, its hash in the manifest following
    (a crafted file, or a buggy writer's)."""
    found = manifest(data_dir)
    named = data_dir / "tables" / found["files"][period][0]
    table = orjson.loads(named.read_bytes())
    change(table)
    document = orjson.dumps(table)
    named.write_bytes(document)
    found["files"][period][1] = layout.digest(document)
    write_manifest(data_dir, found)


def bucket_missing(path: Path) -> None:
    path.unlink()


def bucket_damaged(path: Path) -> None:
    path.write_bytes(b"[not, an index")


def bucket_files(data_dir: Path) -> list[str]:
    return [named for named, _ in manifest(data_dir)["ids"]["buckets"].values()]


def bucket_sound(path: Path) -> bool:
    try:
        return id_index.is_bucket_document(orjson.loads(path.read_bytes()))
    except (OSError, ValueError):
        return False


def spoil_every_bucket(data_dir: Path, spoil: Any) -> None:
    for named in bucket_files(data_dir):
        spoil(data_dir / "tables" / named)


def test_an_id_whose_first_character_lowers_to_two_leaves_the_journal_readable(
    data_dir: Path, months: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``bucket_of`` lowers the id's first ``width`` characters *after*
    slicing them, and "\u0130" (capital I with a dot) lowers to two
    characters: a record whose id starts with it (a crafted period file, its
    hash made to match; adds never check the records of other periods) gets
    the bucket ``"__"`` at width 1. The save that makes the index anew writes
    that bucket into the manifest, and every command after it refuses the
    whole journal ("its index of ids names a file for '__' the app does not
    write"): a save turned one damaged record into an unreadable journal.

    Should: a bucket name is always ``width`` characters (map each character
    on its own: ``c.lower() if c.lower() in _HEX else "_"``), so the save
    lands and the journal stays readable; the damaged record is still named
    by whatever reads its period."""
    monkeypatch.setattr(id_index, "_WIDTHS", ((10, 0), (32_768, 1)))  # width 1 at 60

    def craft(table: dict[str, Any]) -> None:
        first = next(iter(table))
        table[first]["id"] = "\u0130" + table[first]["id"][1:]

    rewrite_period(data_dir, "entries/2024-01-17", craft)
    without_index(data_dir)  # the next save makes it anew, from every period
    months.entries.add(kind="journal", answer="one more")
    assert manifest(data_dir)["ids"]["width"] == 1
    assert months.entries.count() == 61  # the journal still opens
