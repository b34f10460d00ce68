"""Schema versions: the pure migrations, and opening a version-1 journal
(the committed fixture) without losing a byte of the original."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import orjson
import pytest
from helpers.app import V1_FIXTURE
from helpers.store import Clock, files_in, stored_document

from intimacy_cli.store import Journal, records, schema

V1_ENTRY = {
    "id": "5f0c7a52-1c1e-4d53-9d3e-0b6f2a7c9e11",
    "kind": "reflection",
    "answer": "side by side",
    "created_at": "2025-03-02T19:04:11.512000+00:00",
    "lesson_id": "social-brain",
    "tags": ["calm"],
}


def test_version_1_has_no_version_key_or_says_1() -> None:
    assert schema.version_of({"entries": {}}) == 1
    assert schema.version_of({"schema_version": 1}) == 1
    assert schema.version_of({"schema_version": 2}) == 2


@pytest.mark.parametrize("bad", [[], "journal", {"schema_version": 0}, {"schema_version": True}])
def test_anything_else_is_not_a_journal(bad: object) -> None:
    with pytest.raises(schema.LayoutError):
        schema.version_of(bad)


def test_v1_entries_gain_lesson_updated_at_and_session() -> None:
    v1 = {"entries": {"1": V1_ENTRY}}
    original = copy.deepcopy(v1)
    upgraded = schema.upgrade(v1)
    assert v1 == original  # pure: the input is untouched
    assert upgraded == {
        "schema_version": 3,
        "entries": {
            "1": {
                "id": V1_ENTRY["id"],
                "kind": "reflection",
                "answer": "side by side",
                "created_at": V1_ENTRY["created_at"],
                "updated_at": V1_ENTRY["created_at"],
                "lesson": "social-brain",
                "session": None,
                "tags": ["calm"],
            }
        },
    }


def test_current_documents_pass_through_unchanged() -> None:
    current = {"schema_version": 3, "entries": {}, "sessions": {}}
    assert schema.upgrade(current) == current


def test_version_2_lesson_runs_become_sessions() -> None:
    run = {"id": "x", "lesson": "sample", "started_at": "t", "updated_at": "t"}
    old = {"schema_version": 2, "entries": {}, "runs": {"1": run}}
    assert schema.upgrade(old) == {"schema_version": 3, "entries": {}, "sessions": {"1": run}}


def test_every_older_version_has_a_migration() -> None:
    # From the whole-document form of version 3 to 4 only the layout changes:
    # split_by_period, tested below.
    assert sorted(schema.MIGRATIONS) == list(range(1, schema.WHOLE_VERSION))


@pytest.fixture
def v1_journal(data_dir: Path) -> Path:
    data_dir.mkdir(parents=True)
    shutil.copyfile(V1_FIXTURE, data_dir / "journal.json")
    return data_dir / "journal.json"


def test_reading_a_v1_journal_migrates_in_memory_only(v1_journal: Path, data_dir: Path) -> None:
    journal = Journal(data_dir)
    entries = journal.entries.query()
    assert [entry.lesson for entry in entries] == [None, "social-brain", "social-brain"]
    assert [entry.updated_at == entry.created_at for entry in entries] == [True] * 3
    assert journal.entries.get("c41e").answer == "Résumé of the week: more walks, fewer screens."
    assert files_in(data_dir) == {"journal.json": V1_FIXTURE.read_bytes()}


def test_first_write_backs_up_then_saves_the_current_version(
    v1_journal: Path, data_dir: Path, clock: Clock
) -> None:
    journal = Journal(data_dir, clock=clock)
    journal.maintenance.backup()  # today's backup exists: the migration makes its own anyway
    clock.advance(seconds=1)
    added = journal.entries.add(kind="journal", answer="after the upgrade")

    backups = sorted((data_dir / "backups").iterdir())
    assert [path.name for path in backups] == [
        "journal-20260301-090000",
        "journal-20260301-090001",
    ]
    assert (backups[-1] / "journal.json").read_bytes() == V1_FIXTURE.read_bytes()
    assert [path.name for path in backups[-1].iterdir()] == ["journal.json"]
    assert orjson.loads(v1_journal.read_bytes())["schema_version"] == schema.SCHEMA_VERSION
    stored = stored_document(data_dir)
    assert all("lesson_id" not in record for record in stored["entries"].values())
    assert stored["entries"]["1"]["lesson"] == "social-brain"
    assert journal.entries.query()[0].id == added.id
    assert journal.entries.count() == 4

    clock.advance(seconds=1)
    journal.entries.add(kind="journal", answer="no second migration backup")
    assert len(list((data_dir / "backups").iterdir())) == 2


# -- field checkers (shared by reading the journal and by import) --------------------


@pytest.mark.parametrize(
    ("field", "given", "stored"),
    [
        ("id", "5f0c7a52-1c1e-4d53-9d3e-0b6f2a7c9e11", "5f0c7a52-1c1e-4d53-9d3e-0b6f2a7c9e11"),
        ("id", "5F0C7A52-1C1E-4D53-9D3E-0B6F2A7C9E11", "5f0c7a52-1c1e-4d53-9d3e-0b6f2a7c9e11"),
        ("id", "5f0c7a521c1e4d539d3e0b6f2a7c9e11", "5f0c7a52-1c1e-4d53-9d3e-0b6f2a7c9e11"),
        ("created_at", "2026-01-01T10:00:00.000000+00:00", "2026-01-01T10:00:00.000000+00:00"),
        ("created_at", "2026-01-01T11:00:00+01:00", "2026-01-01T10:00:00.000000+00:00"),
    ],
)
def test_ids_and_times_come_back_in_their_stored_form(field: str, given: str, stored: str) -> None:
    assert records.ENTRY_FIELDS[field](field, given) == stored


@pytest.mark.parametrize(
    "impossible", ["2026-02-30T10:00:00.000000+00:00", "2026-01-01T24:00:00.000000+00:00"]
)
def test_a_time_in_the_stored_form_must_still_be_a_real_time(impossible: str) -> None:
    with pytest.raises(records.InvalidRecord, match="created_at is not an ISO timestamp"):
        records.ENTRY_FIELDS["created_at"]("created_at", impossible)
