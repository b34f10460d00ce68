"""The store's side of the tests: a hand-moved clock, a cheap key-derivation
cost, and looking at (or locking) the files of a data folder. The fixtures that
use them (``clock``, ``journal``, ``fast_kdf``) are in ``tests/conftest.py``."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from intimacy_cli.store import Journal, crypto, layout, schema
from intimacy_cli.store.entry import timestamp
from intimacy_cli.store.records import is_stored_time


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


# Cheap enough that tests can derive keys freely; the real cost is exercised by
# the tests that run the app in a subprocess.
FAST_COST = crypto.ScryptCost(n=2**10, r=8, p=1)


def stored_document(data_dir: Path) -> dict[str, Any]:
    """A plain journal as stored, in the whole-document form (every table in
    one object, entries of all periods in ``entries``: what a backup holds),
    read from its files."""
    manifest = orjson.loads((data_dir / "journal.json").read_bytes())
    if manifest.get("schema_version", 1) < layout.MANIFEST_VERSION:
        return dict(manifest)
    joined: dict[str, Any] = {"entries": {}}
    for name, (named, _) in sorted(manifest["files"].items()):
        table = orjson.loads((data_dir / layout.TABLES_FOLDER / named).read_bytes())
        joined.setdefault(name.partition("/")[0], {}).update(table)  # periods side by side
    return {"schema_version": schema.WHOLE_VERSION, **joined}


def stored_summaries(data_dir: Path) -> dict[str, Any]:
    """A plain journal's months' summaries as stored: the summaries file's,
    and the manifest's own over them (see :mod:`intimacy_cli.store.layout`)."""
    manifest = orjson.loads((data_dir / "journal.json").read_bytes())
    filed: dict[str, Any] = {}
    if "summaries_file" in manifest:
        named = data_dir / layout.TABLES_FOLDER / manifest["summaries_file"][0]
        filed = orjson.loads(named.read_bytes())
    return {**filed, **manifest.get("summaries", {})}


def stored_index(data_dir: Path) -> dict[str, str] | None:
    """A plain journal's index of entry ids as stored, every bucket's ids
    with their periods (see :mod:`intimacy_cli.store.id_index`); ``None``
    when it has none."""
    manifest = orjson.loads((data_dir / "journal.json").read_bytes())
    if "ids" not in manifest:
        return None
    index: dict[str, str] = {}
    for named, _ in manifest["ids"]["buckets"].values():
        index.update(orjson.loads((data_dir / layout.TABLES_FOLDER / named).read_bytes()))
    return index


def index_as_tables_say(data_dir: Path) -> dict[str, str]:
    """Every entry's id with its period, read from the periods' tables as
    stored (an id two periods hold with ``"*"``)."""
    manifest = orjson.loads((data_dir / "journal.json").read_bytes())
    index: dict[str, str] = {}
    for name, (named, _) in sorted(manifest["files"].items()):
        if layout.is_entries_period(name):
            for record in orjson.loads(
                (data_dir / layout.TABLES_FOLDER / named).read_bytes()
            ).values():
                index[record["id"]] = "*" if index.get(record["id"], name) != name else name
    return index


def change_summaries(data_dir: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Change a plain journal's stored summaries in place (wherever each is
    kept), their file's hash in the manifest following: as if a version
    had written them so."""
    path = data_dir / "journal.json"
    manifest = orjson.loads(path.read_bytes())
    change(manifest.setdefault("summaries", {}))
    if "summaries_file" in manifest:
        named = data_dir / layout.TABLES_FOLDER / manifest["summaries_file"][0]
        filed = orjson.loads(named.read_bytes())
        change(filed)
        named.write_bytes(orjson.dumps(filed))
        manifest["summaries_file"][1] = layout.digest(named.read_bytes())
    path.write_bytes(orjson.dumps(manifest))


def write_document(data_dir: Path, document: dict[str, Any], generation: int = 99) -> None:
    """Store a whole document in the current layout, record for record as
    given (crafted or damaged ones too): the manifest, one file per table,
    each table kept by period split by its records' time (a record of the
    log or check-ins without one kept in the table whole, as earlier builds
    kept it, as is one whose time is not in the stored form)."""
    split: dict[str, dict[str, Any]] = {}
    for name, table in document.items():
        field = layout.TIME_FIELDS.get(name)
        if field is None:
            if name != "schema_version":
                split[name] = table
            continue
        for doc_id, record in table.items():
            stamp = record[field] if name == "entries" else record.get(field)
            whole = name != "entries" and not is_stored_time(stamp)
            into = name if whole else layout.period_of(name, stamp)
            split.setdefault(into, {})[doc_id] = record
    folder = data_dir / layout.TABLES_FOLDER
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    files = {}
    for name, table in split.items():
        raw = orjson.dumps(table)
        named = layout.file_name(name, generation)
        (folder / named).write_bytes(raw)
        files[name] = [named, layout.digest(raw)]
    ids = [
        int(doc_id)
        for table in layout.TIME_FIELDS
        for doc_id in document.get(table, {})
        if doc_id.isdigit()
    ]
    manifest = {
        "schema_version": layout.MANIFEST_VERSION,
        "generation": generation,
        "next_id": max(ids, default=0) + 1,
        "files": files,
        "counts": {name: len(table) for name, table in split.items()},
    }
    (data_dir / "journal.json").write_bytes(orjson.dumps(manifest))


def holding(folder: Path, marker: bytes) -> list[str]:
    """The files under ``folder`` whose bytes contain ``marker``."""
    return [name for name, data in files_in(folder).items() if marker in data]


def files_in(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes, to prove nothing changed."""
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make ``folder`` refuse new files for real: chmod for a normal user, the
    immutable attribute for root (which ignores permissions)."""
    if os.geteuid() != 0:
        folder.chmod(0o500)
        try:
            yield
        finally:
            folder.chmod(0o700)
        return
    made = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip("running as root where chattr +i does not work")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


# The index tests' journal (test_store_index*.py, test_store_review2.py).
START = datetime(2024, 1, 15, 12, 0, tzinfo=UTC)


def record(number: int, when: datetime) -> dict[str, Any]:
    """Entry ``number`` as stored, made at ``when``, with an id that follows from the number."""
    stamp = timestamp(when)
    return {
        "id": str(uuid.uuid5(uuid.NAMESPACE_OID, str(number))),
        "kind": "journal",
        "answer": f"entry {number}",
        "created_at": stamp,
        "updated_at": stamp,
        "tags": [],
    }


def six_months(data_dir: Path, clock: Clock) -> Journal:
    """Sixty entries over about six months (26 periods), in the current
    layout, with its index and today's backup made (so a save writes only
    what it changes)."""
    entries = {str(n): record(n, START + timedelta(days=3) * n) for n in range(1, 61)}
    write_document(data_dir, {"schema_version": 3, "entries": entries, "sessions": {}})
    clock.now = START + timedelta(days=200)
    journal = Journal(data_dir, clock=clock)
    journal.sessions.start("sample")  # migrates, and makes the index
    return journal
