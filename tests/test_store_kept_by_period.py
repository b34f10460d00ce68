"""The tables that grow with time besides the entries, the log of recall
reviews and the check-ins, are kept by period like them: a rating or a
check-in rewrites the few days it falls in, never the years before; the
periods read as one table; a table an earlier build kept whole is read
beside its periods and never written again; document ids stay unique."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from helpers.store import Clock, files_in, stored_document, write_document

from intimacy_cli.store import Journal, JournalError, layout
from intimacy_cli.store.entry import timestamp

START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def manifest(data_dir: Path) -> dict[str, Any]:
    parsed: dict[str, Any] = orjson.loads((data_dir / "journal.json").read_bytes())
    return parsed


def tables_named(data_dir: Path, table: str) -> dict[str, str]:
    """The files of a table's periods (or the table kept whole), by name."""
    files = manifest(data_dir)["files"]
    return {name: named for name, (named, _) in files.items() if name.partition("/")[0] == table}


def review(number: int, when: datetime) -> dict[str, Any]:
    return {
        "id": f"00000000-0000-4000-8000-{number:012d}",
        "card": "sample/point.1",
        "content_hash": "abc",
        "rating": 3,
        "reviewed_at": timestamp(when),
    }


def test_each_rating_rewrites_only_the_days_it_falls_in(data_dir: Path, clock: Clock) -> None:
    clock.now = START
    journal = Journal(data_dir, clock=clock)
    for day in range(0, 60, 3):  # two months of reviews, every third day
        clock.now = START + timedelta(days=day)
        journal.recall.log_review("sample/point.1", "abc", 3)
    periods = tables_named(data_dir, "recall_reviews")
    assert sorted(periods) == [
        "recall_reviews/2025-03-01",
        "recall_reviews/2025-03-09",
        "recall_reviews/2025-03-17",
        "recall_reviews/2025-03-25",
        "recall_reviews/2025-04-01",
        "recall_reviews/2025-04-09",
        "recall_reviews/2025-04-17",
        "recall_reviews/2025-04-25",
    ]
    journal.maintenance.backup()  # today's, so the next save writes only what it changes
    before = files_in(data_dir / "tables")
    journal.recall.log_review("sample/point.1", "abc", 4)
    after = tables_named(data_dir, "recall_reviews")
    changed = {name for name in after if after[name] != periods[name]}
    assert changed == {"recall_reviews/2025-04-25"}
    assert all(before[periods[name]] for name in periods if name not in changed)
    reviews = journal.recall.records().reviews
    assert len(reviews) == 21 and reviews[-1].rating == 4  # every period read as one log


def test_check_ins_are_kept_by_period_and_saved_once(data_dir: Path, clock: Clock) -> None:
    journal = Journal(data_dir, clock=clock)
    made = []
    for day in range(20):
        clock.now = START + timedelta(days=day)
        made.append(
            journal.checkins.new(day=date(2025, 3, 1 + day), pleasant=1, energy=0, word="calm")
        )
    assert len(journal.checkins.add_all(made)) == 20
    assert journal.checkins.add_all(made) == []  # words restored twice are saved once
    assert sorted(tables_named(data_dir, "checkins")) == [
        "checkins/2025-03-01",
        "checkins/2025-03-09",
        "checkins/2025-03-17",
    ]
    assert [checkin.id for checkin in journal.checkins.all()] == [c.id for c in made]


def test_document_ids_are_unique_across_every_table_kept_by_period(
    data_dir: Path, clock: Clock
) -> None:
    journal = Journal(data_dir, clock=clock)
    journal.entries.add(kind="journal", answer="one")
    journal.recall.log_review("sample/point.1", "abc", 3)
    clock.advance(days=10)
    journal.entries.add(kind="journal", answer="two")
    journal.recall.log_review("sample/point.1", "abc", 3)
    stored = stored_document(data_dir)
    ids = [*stored["entries"], *stored["recall_reviews"]]
    assert sorted(map(int, ids)) == [1, 2, 3, 4]


def kept_whole(data_dir: Path, table: str, records: dict[str, Any]) -> None:
    """A journal holding only ``table``, kept whole in one file, as builds
    before it was kept by period wrote it."""
    raw = orjson.dumps(records)
    (data_dir / "tables").mkdir(parents=True)
    (data_dir / "tables" / f"{table}.g9.json").write_bytes(raw)
    written = {
        "schema_version": 4,
        "generation": 9,
        "next_id": 1,
        "files": {table: [f"{table}.g9.json", layout.digest(raw)]},
        "counts": {table: len(records)},
    }
    (data_dir / "journal.json").write_bytes(orjson.dumps(written))


def test_a_log_kept_whole_by_an_earlier_build_is_read_beside_its_periods(
    data_dir: Path, clock: Clock
) -> None:
    """The first review logged moves it into its periods, once, its ids
    kept: the new review gets one above them."""
    kept_whole(
        data_dir,
        "recall_reviews",
        {str(n): review(n, START - timedelta(days=40 - n)) for n in range(1, 31)},
    )
    clock.now = START
    journal = Journal(data_dir, clock=clock)
    assert len(journal.recall.records().reviews) == 30  # read as it is
    journal.recall.log_review("sample/point.1", "abc", 4)
    kept = tables_named(data_dir, "recall_reviews")
    assert sorted(kept) == [
        "recall_reviews/2025-01-17",
        "recall_reviews/2025-01-25",
        "recall_reviews/2025-02-01",
        "recall_reviews/2025-02-09",
        "recall_reviews/2025-02-17",
        "recall_reviews/2025-03-01",
    ]
    newest = orjson.loads((data_dir / "tables" / kept["recall_reviews/2025-03-01"]).read_bytes())
    assert list(newest) == ["31"]
    reviews = journal.recall.records().reviews
    assert len(reviews) == 31 and reviews[-1].rating == 4
    assert sorted(map(int, stored_document(data_dir)["recall_reviews"])) == list(range(1, 32))


def test_an_older_journal_moves_its_log_and_check_ins_into_periods(
    data_dir: Path, clock: Clock
) -> None:
    checkin = {
        "id": "11111111-0000-4000-8000-000000000001",
        "created_at": "2025-02-10T08:00:00+01:00",  # not the stored form: put by its UTC time
        "day": "2025-02-10",
        "pleasant": 2,
        "energy": -1,
        "word": "tender",
    }
    document = {
        "schema_version": 3,
        "entries": {},
        "sessions": {},
        "recall_reviews": {"1": review(1, START), "2": review(2, START + timedelta(days=9))},
        "checkins": {"1": checkin},
    }
    data_dir.mkdir(parents=True)
    (data_dir / "journal.json").write_text(json.dumps(document), encoding="utf-8")
    journal = Journal(data_dir, clock=clock)
    journal.sessions.start("sample")  # the first save moves it over
    assert sorted(tables_named(data_dir, "recall_reviews")) == [
        "recall_reviews/2025-03-01",
        "recall_reviews/2025-03-09",
    ]
    assert list(tables_named(data_dir, "checkins")) == ["checkins/2025-02-09"]
    stored = stored_document(data_dir)
    assert stored["recall_reviews"] == document["recall_reviews"]
    assert stored["checkins"] == {"1": checkin}
    assert manifest(data_dir)["next_id"] == 3


def test_a_copy_in_one_file_holds_each_table_whole(
    data_dir: Path, clock: Clock, tmp_path: Path
) -> None:
    journal = Journal(data_dir, clock=clock)
    for day in (0, 10, 20):
        clock.now = START + timedelta(days=day)
        journal.recall.log_review("sample/point.1", "abc", 3)
        journal.checkins.add_all(
            [journal.checkins.new(day=clock.now.date(), pleasant=0, energy=0, word="steady")]
        )
    copy = orjson.loads(journal.maintenance.backup(tmp_path / "copy.json").read_bytes())
    assert copy == stored_document(data_dir)
    assert len(copy["recall_reviews"]) == 3 and len(copy["checkins"]) == 3
    assert not [name for name in copy if "/" in name]


def test_two_periods_holding_one_id_are_refused_in_one_line(
    data_dir: Path, clock: Clock, tmp_path: Path
) -> None:
    one, two = review(1, START), review(2, START + timedelta(days=20))
    write_document(data_dir, {"schema_version": 3, "entries": {}, "recall_reviews": {"1": one}})
    crafted = manifest(data_dir)
    raw = orjson.dumps({"1": two})  # the same document id, in another period
    (data_dir / "tables" / "recall_reviews-2025-03-17.g99.json").write_bytes(raw)
    crafted["files"]["recall_reviews/2025-03-17"] = [
        "recall_reviews-2025-03-17.g99.json",
        layout.digest(raw),
    ]
    crafted["counts"]["recall_reviews/2025-03-17"] = 1
    (data_dir / "journal.json").write_bytes(orjson.dumps(crafted))
    before = files_in(data_dir)
    journal = Journal(data_dir, clock=clock)
    for reading in (journal.recall.records, lambda: journal.maintenance.backup(tmp_path / "c")):
        with pytest.raises(JournalError) as caught:
            reading()
        assert "holds document 1, as another table does" in caught.value.message
        assert "\n" not in caught.value.message
    assert files_in(data_dir) == before


@pytest.mark.parametrize("table", ["sessions/2025-03-01", "entries", "homework/2025-03-09"])
def test_only_the_tables_kept_by_period_have_periods(
    data_dir: Path, clock: Clock, table: str
) -> None:
    write_document(data_dir, {"schema_version": 3, "entries": {}, "sessions": {}})
    crafted = manifest(data_dir)
    crafted["files"][table] = crafted["files"]["sessions"]
    (data_dir / "journal.json").write_bytes(orjson.dumps(crafted))
    with pytest.raises(JournalError, match=f"its file for the table '{table}' is not one"):
        Journal(data_dir, clock=clock).entries.count()


def test_saving_a_check_in_reads_only_its_period(data_dir: Path, clock: Clock) -> None:
    journal = Journal(data_dir, clock=clock)
    clock.now = START
    journal.checkins.add_all(
        [journal.checkins.new(day=date(2025, 3, 1), pleasant=0, energy=0, word="steady")]
    )
    clock.now = START + timedelta(days=30)
    journal.maintenance.backup()  # today's, which reads every table
    (data_dir / "tables" / tables_named(data_dir, "checkins")["checkins/2025-03-01"]).write_bytes(
        b"damaged"
    )
    today = journal.checkins.new(day=date(2025, 3, 31), pleasant=1, energy=1, word="glad")
    assert journal.checkins.add_all([today]) == [today]
    assert journal.checkins.add_all([today]) == []


def test_an_import_across_periods_is_saved_whole_or_not_at_all(
    data_dir: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each period an import adds to is one TinyDB insert, but the import is
    one write: a failure while adding to the third period leaves nothing of
    the first two on disk (and the journal's manifest as it was)."""
    from intimacy_cli.store import storage

    journal = Journal(data_dir, clock=clock)
    journal.entries.add(kind="journal", answer="already there")
    before = (data_dir / "journal.json").read_bytes()
    entries = []
    for week in range(4):
        entry = journal.entries.new(kind="journal", answer=f"week {week}")
        stamp = timestamp(clock.now - timedelta(weeks=8 + week))
        entries.append(entry._replace(created_at=stamp, updated_at=stamp))
    real = storage.JournalStorage.new_ids
    calls: list[str] = []

    def failing_third(self: storage.JournalStorage, count: int, period: str) -> range:
        calls.append(period)
        if len(calls) == 3:
            raise JournalError("the third period failed")
        return real(self, count, period)

    monkeypatch.setattr(storage.JournalStorage, "new_ids", failing_third)
    with pytest.raises(JournalError, match="third period"):
        journal.entries.add_all(entries)
    monkeypatch.undo()
    assert (data_dir / "journal.json").read_bytes() == before
    assert [entry.answer for entry in journal.entries.query()] == ["already there"]


def test_adding_by_period_inside_a_locked_write_is_part_of_its_one_commit(
    data_dir: Path, clock: Clock
) -> None:
    """add_by_period inside a locked write commits nothing of its own: a
    failure after it in the same write saves nothing."""
    from intimacy_cli.store.journal_file import add_by_period
    from intimacy_cli.store.records import ENTRIES

    journal = Journal(data_dir, clock=clock)
    journal.entries.add(kind="journal", answer="already there")
    before = (data_dir / "journal.json").read_bytes()
    entry = journal.entries.new(kind="journal", answer="not saved")
    with pytest.raises(RuntimeError), journal.file.writing() as storage:
        add_by_period(storage, ENTRIES, [entry.to_record()])
        raise RuntimeError("after adding, before the end of the write")
    assert (data_dir / "journal.json").read_bytes() == before
    assert journal.entries.count() == 1
