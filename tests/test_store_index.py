"""The index of entry ids (intimacy_cli/store/id_index.py): finding an entry
by its id reads the one period it is in; the index follows every change
exactly, grows wider with the journal, and is trusted only as far as the
periods bear it out: a journal without one, or with one that is missing,
damaged or behind, still finds every entry, and its next save makes it
right."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from helpers.store import (
    START,
    Clock,
    files_in,
    index_as_tables_say,
    record,
    six_months,
    stored_index,
    write_document,
)

from intimacy_cli.store import Journal, JournalError, QueryFilter, id_index, layout
from intimacy_cli.store.entry import timestamp


@pytest.fixture
def months(data_dir: Path, clock: Clock) -> Journal:
    return six_months(data_dir, clock)


def manifest(data_dir: Path) -> dict[str, Any]:
    parsed: dict[str, Any] = orjson.loads((data_dir / "journal.json").read_bytes())
    return parsed


def write_manifest(data_dir: Path, changed: dict[str, Any]) -> None:
    (data_dir / "journal.json").write_bytes(orjson.dumps(changed))


def damage_every_period_but(data_dir: Path, keep: str) -> None:
    for name, (named, _) in manifest(data_dir)["files"].items():
        if layout.is_entries_period(name) and name != keep:
            (data_dir / "tables" / named).write_bytes(b"damaged")


def period_of(entry_id: str, data_dir: Path) -> str:
    return index_as_tables_say(data_dir)[entry_id]


def test_finding_changing_and_deleting_an_entry_read_only_its_period(
    data_dir: Path, months: Journal
) -> None:
    """Every other period damaged: reading any of them would fail."""
    wanted = record(7, START)["id"]
    damage_every_period_but(data_dir, period_of(wanted, data_dir))
    assert months.entries.get(wanted[:6]).answer == "entry 7"
    assert months.entries.update(wanted, answer="changed").answer == "changed"
    assert months.entries.get(wanted).answer == "changed"
    (deleted,) = months.entries.delete([wanted])
    assert deleted.answer == "changed"
    assert wanted not in (stored_index(data_dir) or {})


def test_the_index_follows_adds_imports_and_deletes_exactly(
    data_dir: Path, months: Journal
) -> None:
    assert stored_index(data_dir) == index_as_tables_say(data_dir)
    added = months.entries.add(kind="journal", answer="new")
    older = months.entries.new(kind="journal", answer="from an export")
    months.entries.add_all([older._replace(created_at="2024-02-02T10:00:00.000000+00:00")])
    months.entries.delete([record(1, START)["id"], added.id])
    index = stored_index(data_dir)
    assert index == index_as_tables_say(data_dir)
    assert index is not None and index[older.id] == "entries/2024-02-01" and len(index) == 60


def test_the_index_grows_wider_with_the_journal(
    data_dir: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(id_index, "_WIDTHS", ((3, 0), (6, 1)))
    journal = Journal(data_dir, clock=clock)
    widths = []
    for number in range(8):
        clock.advance(hours=1)
        journal.entries.add(kind="journal", answer=f"note {number}")
        widths.append(manifest(data_dir)["ids"]["width"])
        assert stored_index(data_dir) == index_as_tables_say(data_dir)
    assert widths == [0, 0, 1, 1, 1, 2, 2, 2]
    buckets = manifest(data_dir)["ids"]["buckets"]
    for bucket, (named, _) in buckets.items():
        held = orjson.loads((data_dir / "tables" / named).read_bytes())
        assert {entry_id[:2] for entry_id in held} == {bucket}
    # Fewer entries again: the buckets stay as wide (no rewriting them all).
    journal.entries.delete([entry.id for entry in journal.entries.query()[:6]])
    assert manifest(data_dir)["ids"]["width"] == 2
    assert stored_index(data_dir) == index_as_tables_say(data_dir)
    for entry in journal.entries.query():
        assert journal.entries.get(entry.id[:4]) == entry


def test_an_emptied_journal_has_no_index(data_dir: Path, months: Journal) -> None:
    months.entries.delete([entry.id for entry in months.entries.query()])
    assert "ids" not in manifest(data_dir)
    months.sessions.start("sample")  # the files the last manifest named go now
    assert not [path for path in (data_dir / "tables").iterdir() if path.name.startswith("ids")]


def without_index(data_dir: Path) -> None:
    write_manifest(data_dir, {k: v for k, v in manifest(data_dir).items() if k != "ids"})


def index_missing(data_dir: Path) -> None:
    for named, _ in manifest(data_dir)["ids"]["buckets"].values():
        (data_dir / "tables" / named).unlink()


def index_damaged(data_dir: Path) -> None:
    for named, _ in manifest(data_dir)["ids"]["buckets"].values():
        (data_dir / "tables" / named).write_bytes(b"[not, an index")


def index_behind(data_dir: Path) -> None:
    """A bucket that names the wrong period for every id, and lacks some ids:
    its hash made to match, as a crafted (or buggy) save would leave it."""
    found = manifest(data_dir)
    (bucket,) = found["ids"]["buckets"]
    named = data_dir / "tables" / found["ids"]["buckets"][bucket][0]
    wrong = {
        entry_id: "entries/2024-01-09" for entry_id in list(orjson.loads(named.read_bytes()))[::2]
    }
    named.write_bytes(orjson.dumps(wrong))
    found["ids"]["buckets"][bucket][1] = layout.digest(orjson.dumps(wrong))
    write_manifest(data_dir, found)


def index_not_an_index(data_dir: Path) -> None:
    found = manifest(data_dir)
    (bucket,) = found["ids"]["buckets"]
    named = data_dir / "tables" / found["ids"]["buckets"][bucket][0]
    crafted = orjson.dumps({"an id": ["not", "a period"]})
    named.write_bytes(crafted)
    found["ids"]["buckets"][bucket][1] = layout.digest(crafted)
    write_manifest(data_dir, found)


@pytest.mark.parametrize(
    "spoil", [without_index, index_missing, index_damaged, index_behind, index_not_an_index]
)
def test_without_a_sound_index_every_entry_is_still_found_and_the_next_save_mends_it(
    data_dir: Path, months: Journal, spoil: Any
) -> None:
    spoil(data_dir)
    for number in (1, 30, 60):
        wanted = record(number, START)["id"]
        assert months.entries.get(wanted[:8]).answer == f"entry {number}"
    months.entries.update(record(2, START)["id"], answer="changed")
    months.entries.add_all(months.entries.query())  # all there already
    assert months.entries.count() == 60
    months.entries.add(kind="journal", answer="one more")
    assert stored_index(data_dir) == index_as_tables_say(data_dir)


def test_an_index_made_while_a_period_cannot_be_read_names_it_as_made_without(
    data_dir: Path, months: Journal
) -> None:
    """Made from every period that can be read; the one damaged is named as
    made without (its damage is named by whatever reads it, a lookup too),
    and the save still lands."""
    without_index(data_dir)
    (data_dir / "tables" / manifest(data_dir)["files"]["entries/2024-01-17"][0]).write_bytes(b"x")
    months.entries.add(kind="journal", answer="saved all the same")
    assert manifest(data_dir)["ids"]["unread"] == ["entries/2024-01-17"]
    assert months.entries.query(QueryFilter(limit=1))[0].answer == "saved all the same"
    with pytest.raises(JournalError, match="entries-2024-01-17"):
        months.entries.get(record(50, START)["id"])  # in another period: still named


@pytest.mark.parametrize(
    "ids",
    [
        [],
        {"width": 3, "buckets": {}},
        {"width": "1", "buckets": {}},
        {"width": 1, "buckets": []},
        {"width": 1, "buckets": {"g": ["ids-g.g1.json", "0" * 32]}},
        {"width": 1, "buckets": {"ab": ["ids-ab.g1.json", "0" * 32]}},  # too wide
        {"width": 1, "buckets": {"a": ["ids-b.g1.json", "0" * 32]}},  # another's file
        {"width": 0, "buckets": {"": ["sessions.g1.json", "0" * 32]}},
        {"width": 0, "buckets": {"": ["../ids.g1.json", "0" * 32]}},
        {"width": 0, "buckets": {}, "unread": "entries/2024-01-17"},
        {"width": 0, "buckets": {}, "unread": [["entries/2024-01-17"]]},
        {"width": 0, "buckets": {}, "unread": ["entries/2031-01-01"]},  # not a period it holds
        {"width": 0, "buckets": {}, "unread": ["sessions"]},
        {"width": 0, "buckets": {}, "unread": ["entries/2024-01-25", "entries/2024-01-17"]},
    ],
)
def test_a_crafted_index_in_the_manifest_is_refused_in_one_line(
    data_dir: Path, months: Journal, ids: Any
) -> None:
    write_manifest(data_dir, {**manifest(data_dir), "ids": ids})
    before = files_in(data_dir)
    with pytest.raises(JournalError) as caught:
        months.entries.add(kind="journal", answer="refused")
    assert "its index of ids" in caught.value.message and "\n" not in caught.value.message
    assert files_in(data_dir) == before


def test_no_table_may_take_the_index_s_name(data_dir: Path, months: Journal) -> None:
    found = manifest(data_dir)
    found["files"]["ids"] = found["ids"]["buckets"][""]
    write_manifest(data_dir, found)
    with pytest.raises(
        JournalError, match="its file for the table 'ids' is not one the app writes"
    ):
        months.entries.count()


@pytest.mark.parametrize(
    ("entry_id", "width", "bucket"),
    [
        ("3F2A0000-aaaa", 2, "3f"),
        ("3f2a", 1, "3"),
        ("anything", 0, ""),
        ("zz-not-hex", 2, "__"),
        ("a", 2, "a_"),
    ],
)
def test_every_id_and_every_prefix_of_it_has_one_bucket(
    entry_id: str, width: int, bucket: str
) -> None:
    assert id_index.bucket_of(entry_id, width) == bucket
    assert id_index.is_bucket(bucket, width)


def test_one_import_holding_an_entry_twice_under_two_times_adds_it_once(months: Journal) -> None:
    entry = months.entries.new(kind="journal", answer="twice in one file")
    later = timestamp(START + timedelta(days=40))
    assert len(months.entries.add_all([entry, entry._replace(created_at=later)])) == 1
    assert months.entries.count() == 61


def test_an_id_two_periods_hold_is_indexed_as_held_twice_and_never_imported_again(
    data_dir: Path, clock: Clock
) -> None:
    """A journal from before the index may hold one id in two periods: the
    index says so, rather than name one of them, so an import of that entry
    (under either time, or a third) is skipped and a lookup reads every period."""
    twice = record(1, START)["id"]
    entries = {
        "1": record(1, START),
        "2": {**record(2, START + timedelta(days=60)), "id": twice},
    }
    write_document(data_dir, {"schema_version": 3, "entries": entries, "sessions": {}})
    journal = Journal(data_dir, clock=clock)
    journal.sessions.start("sample")  # migrates, and makes the index
    assert stored_index(data_dir)[twice] == id_index.HELD_TWICE
    (found,) = [entry for entry in journal.entries.query() if entry.answer == "entry 1"]
    moved = found._replace(created_at=timestamp(START + timedelta(days=30)))
    assert journal.entries.add_all([found, moved]) == []
    assert journal.entries.get(twice).answer == "entry 2"  # the newer, as before the index
