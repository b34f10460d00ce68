"""The journal folder since schema 4: a manifest, one file per table, entries
by period (up to eight days of a month). Reading one table never reads
another; a write replaces only what it changed; an older journal reads as it
is and moves over on its first write; the folder in any state this version
did not leave it in is refused in one line."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import orjson
import pytest
from helpers.backups import backups_in
from helpers.store import (
    Clock,
    files_in,
    index_as_tables_say,
    stored_document,
    stored_index,
    stored_summaries,
    write_document,
)
from hypothesis import example, given, settings
from hypothesis import strategies as st

from intimacy_cli.base.paths import DataPaths
from intimacy_cli.store import Entry, Journal, JournalError, QueryFilter, layout
from intimacy_cli.store.entry import timestamp
from intimacy_cli.store.journal_file import records_of, tinydb_table
from intimacy_cli.store.queries import matching_records
from intimacy_cli.store.storage import JournalStorage
from intimacy_cli.store.summaries import summarize_month, summary_of

START = datetime(2024, 1, 15, 12, 0, tzinfo=UTC)


def record(number: int, when: datetime, answer: str = "words") -> dict[str, Any]:
    stamp = timestamp(when)
    return {
        "id": str(uuid.uuid5(uuid.NAMESPACE_OID, str(number))),
        "kind": "journal",
        "answer": answer,
        "created_at": stamp,
        "updated_at": stamp,
        "lesson": None,
        "prompt_id": None,
        "prompt": None,
        "tags": [],
        "session": None,
        "correct": None,
    }


def spread(count: int, every: timedelta = timedelta(days=3)) -> dict[str, Any]:
    """A whole document of ``count`` entries, one every few days from START."""
    entries = {str(n): record(n, START + every * n, f"entry {n}") for n in range(1, count + 1)}
    return {"schema_version": 3, "entries": entries, "sessions": {}}


def manifest(data_dir: Path) -> dict[str, Any]:
    parsed: dict[str, Any] = orjson.loads((data_dir / "journal.json").read_bytes())
    return parsed


def table_file(data_dir: Path, table: str) -> Path:
    return data_dir / "tables" / manifest(data_dir)["files"][table][0]


@pytest.fixture
def months(data_dir: Path, clock: Clock) -> Journal:
    """Sixty entries over about six months, in the current layout."""
    write_document(data_dir, spread(60))
    clock.now = START + timedelta(days=200)
    return Journal(data_dir, clock=clock)


# -- reading only what is needed ---------------------------------------------------------


def test_the_newest_entries_read_only_the_newest_periods(data_dir: Path, months: Journal) -> None:
    """A damaged older period does not stop a look at the newest entries: it is
    never read. Reading it (a search through everything) names it."""
    table_file(data_dir, "entries/2024-01-17").write_bytes(b"{damaged")
    newest = months.entries.query(QueryFilter(limit=3))
    assert [entry.answer for entry in newest] == ["entry 60", "entry 59", "entry 58"]
    since = datetime(2024, 5, 1, tzinfo=UTC)
    assert len(months.entries.query(QueryFilter(since=since))) == 25
    with pytest.raises(
        JournalError, match=r"entries-2024-01-17\.g99\.json is not the one it names"
    ):
        months.entries.query(QueryFilter(text="entry"))


def test_adding_reads_and_writes_only_its_period(data_dir: Path, months: Journal) -> None:
    months.maintenance.backup()  # the day's backup, which reads every table, is made
    for path in (data_dir / "tables").iterdir():
        path.write_bytes(b"damaged")  # reading any of them would fail
    before = files_in(data_dir / "tables")
    added = months.entries.add(kind="journal", answer="today")
    assert added.created_at.startswith("2024-08")
    after = files_in(data_dir / "tables")
    assert {name: after[name] for name in before} == before  # untouched
    assert manifest(data_dir)["files"]["entries/2024-08-01"][0] == "entries-2024-08-01.g100.json"


def test_counting_reads_only_the_manifest(data_dir: Path, months: Journal) -> None:
    for path in (data_dir / "tables").iterdir():
        path.unlink()
    assert months.entries.count() == 60


def test_lesson_sessions_are_read_without_the_entries(data_dir: Path, months: Journal) -> None:
    months.sessions.start("sample")
    for name in manifest(data_dir)["files"]:
        if name.startswith("entries/"):
            table_file(data_dir, name).write_bytes(b"not json")
    assert [session.lesson for session in months.sessions.all()] == ["sample"]


def test_any_other_table_gets_a_file_of_its_own(data_dir: Path, months: Journal) -> None:
    """What other parts of the store declare (check-ins, review logs...) works
    through the same three calls, each table in its own file."""
    with months.file.writing() as storage:
        tinydb_table(storage, "later_feature").insert({"mood": 3})
    assert manifest(data_dir)["counts"]["later_feature"] == 1
    for name in manifest(data_dir)["files"]:
        if name != "later_feature":
            table_file(data_dir, name).write_bytes(b"not json")
    assert records_of(months.file.storage(), "later_feature") == {"1": {"mood": 3}}


# -- what each month adds up to ------------------------------------------------------


def summaries_as_tables_say(data_dir: Path) -> dict[str, Any]:
    """Every month's summary, computed afresh from its periods' tables as stored."""
    by_month: dict[str, dict[str, Any]] = {}
    tables = JournalStorage(DataPaths(data_dir)).tables()
    for name in sorted(tables):
        if layout.is_entries_period(name):
            by_month.setdefault(layout.month_of(name), {}).update(tables[name])
    return {
        month: summarize_month(month[-7:], table).to_json() for month, table in by_month.items()
    }


def test_an_older_manifest_gets_every_summary_with_its_first_write(
    data_dir: Path, months: Journal
) -> None:
    assert "summaries" not in manifest(data_dir)  # as the first 0.2.0 builds wrote it
    months.entries.add(kind="journal", answer="today")
    assert stored_summaries(data_dir) == summaries_as_tables_say(data_dir)


def test_every_write_keeps_the_summaries_of_the_months_it_changes(
    data_dir: Path, months: Journal
) -> None:
    months.entries.add(kind="journal", answer="today")
    oldest = months.entries.query()[-1]
    months.entries.update(oldest.id, answer=7)
    january = [e.id for e in months.entries.query() if e.created_at.startswith("2024-01")]
    months.entries.delete(january)  # emptied: no file, no summary
    months.entries.add_all([oldest._replace(id=str(uuid.uuid4()), created_at=timestamp(START))])
    assert stored_summaries(data_dir) == summaries_as_tables_say(data_dir)
    assert summary_of("2024-01", stored_summaries(data_dir)["entries/2024-01"], 1)


def test_a_month_that_cannot_be_read_is_left_without_a_summary(
    data_dir: Path, months: Journal
) -> None:
    months.maintenance.backup()  # the day's backup, which reads every table, is made
    table_file(data_dir, "entries/2024-03-01").write_bytes(b"damaged")
    months.entries.add(kind="journal", answer="still saved")
    summarized = stored_summaries(data_dir)
    assert "entries/2024-03" not in summarized and "entries/2024-08" in summarized


def test_a_change_beside_a_damaged_period_of_its_month_is_saved(
    data_dir: Path, months: Journal
) -> None:
    """The month's summary needs all its periods; one that cannot be read
    leaves the month without a summary (progress then reads it and names the
    damage), and the change to another period is saved."""
    months.entries.add(kind="journal", answer="today")  # every month summarized
    march = [e for e in months.entries.query() if e.created_at.startswith("2024-03")]
    assert {layout.entries_period(e.created_at) for e in march} >= {
        "entries/2024-03-01",
        "entries/2024-03-09",
    }
    table_file(data_dir, "entries/2024-03-01").write_bytes(b"damaged")
    later = next(e for e in march if e.created_at >= "2024-03-09")
    months.entries.update(later.id, answer="changed")
    changed = JournalStorage(DataPaths(data_dir)).tables()[layout.entries_period(later.created_at)]
    assert [r["answer"] for r in changed.values() if r["id"] == later.id] == ["changed"]
    assert "entries/2024-03" not in stored_summaries(data_dir)
    with pytest.raises(JournalError, match=r"entries-2024-03-01\.g99\.json"):
        months.entries.months().summaries()


def test_a_month_holding_a_record_too_damaged_to_count_gets_no_summary(
    data_dir: Path,
) -> None:
    """A storage that does not check entries may write such a month back (as a
    migration of it does); progress then reads that month and names the record."""
    document = spread(2, every=timedelta(days=31))
    del document["entries"]["2"]["kind"]
    data_dir.mkdir()
    (data_dir / "journal.json").write_bytes(orjson.dumps(document))
    unchecked = JournalStorage(DataPaths(data_dir), check_entries=False)
    unchecked.write(unchecked.tables())
    assert list(stored_summaries(data_dir)) == ["entries/2024-02"]
    with pytest.raises(JournalError, match="it is not an intimacy journal"):
        Journal(data_dir).entries.months().summaries()


def test_the_summaries_are_read_from_the_manifest_and_their_file_alone(
    data_dir: Path, months: Journal
) -> None:
    months.entries.add(kind="journal", answer="today")
    for path in (data_dir / "tables").iterdir():
        if not path.name.startswith("summaries."):
            path.unlink()
    summaries = months.entries.months().summaries()
    assert sum(sum(summary.kinds.values()) for summary in summaries) == 61
    assert [summary.month for summary in summaries][::7] == ["2024-01", "2024-08"]


def test_the_manifest_keeps_only_the_newest_months_summary(data_dir: Path, months: Journal) -> None:
    """Every command reads the manifest and every save rewrites it: the
    summaries of earlier months are in a file of their own, which a save in
    the newest month leaves as it is."""
    months.entries.add(kind="journal", answer="today")  # the first: every month summarized
    summaries_file = manifest(data_dir)["summaries_file"]
    for answer in ("later today", "and again"):
        months.entries.add(kind="journal", answer=answer)
        months.sessions.start("sample")  # no month changes
        assert manifest(data_dir)["summaries_file"] == summaries_file
        assert list(manifest(data_dir)["summaries"]) == ["entries/2024-08"]
        assert stored_summaries(data_dir) == summaries_as_tables_say(data_dir)


def test_a_save_in_another_month_writes_a_new_summaries_file(
    data_dir: Path, months: Journal
) -> None:
    months.entries.add(kind="journal", answer="today")
    months.entries.add(kind="journal", answer="later today")
    summaries_file = manifest(data_dir)["summaries_file"]
    oldest = months.entries.query()[-1]
    months.entries.update(oldest.id, answer="changed")  # a second month changed: into the file
    assert manifest(data_dir)["summaries_file"] != summaries_file
    assert manifest(data_dir)["summaries"] == {}
    months.entries.add(kind="journal", answer="later today")
    assert list(manifest(data_dir)["summaries"]) == ["entries/2024-08"]
    assert stored_summaries(data_dir) == summaries_as_tables_say(data_dir)


@pytest.mark.parametrize("damage", [b"{damaged", None])
def test_a_summaries_file_missing_or_damaged_means_reading_the_months(
    data_dir: Path, months: Journal, damage: bytes | None
) -> None:
    """The summaries are what the months add up to, so a summaries file that is
    not the one the manifest names is not used: the months are read instead,
    and the next save that writes one summarizes them again."""
    months.entries.add(kind="journal", answer="today")
    expected = months.entries.months().summaries()
    summaries_file = data_dir / "tables" / manifest(data_dir)["summaries_file"][0]
    if damage is None:
        summaries_file.unlink()
    else:
        summaries_file.write_bytes(damage)
    assert Journal(data_dir).entries.months().summaries() == expected
    months.entries.update(months.entries.query()[-1].id, tags=["later"])
    months.entries.add(kind="journal", answer="later today")  # a second month: a new file
    assert stored_summaries(data_dir) == summaries_as_tables_say(data_dir)


def test_a_reader_of_the_summaries_never_mixes_them_with_a_later_save(
    data_dir: Path, months: Journal
) -> None:
    """The summaries read, a month the reader then reads is gone (two saves
    since): it goes on with the newer manifest only if the summaries it used
    are unchanged in it, else it stops with one line."""
    months.entries.add(kind="journal", answer="today")
    storage = months.file.storage()
    storage.summaries()
    oldest = months.entries.query()[-1]
    months.entries.update(oldest.id, answer="changed")  # the summaries change
    months.entries.update(oldest.id, answer="changed again")
    with pytest.raises(JournalError, match="changed while it was being read"):
        storage.tables()["entries/2024-01-17"]


@pytest.mark.parametrize(
    "change",
    [
        lambda summary: summary["kinds"].update(journal=99),  # counts no longer add up
        lambda summary: summary["days"].reverse(),
        lambda summary: summary["days"].append([32, 0, 0]),
        lambda summary: summary["days"][0].__setitem__(1, 86_400),
        lambda summary: summary.update(scales='[["sample", "q", null, [[0, true]]]]'),
        lambda summary: summary.update(scales='[["sample", "q", null, []]]'),
        lambda summary: summary.update(scales='[["sample", "q", null, [[0, 1]'),
        lambda summary: summary.update(scales=[]),  # a JSON text, not the list itself
        lambda summary: summary.pop("scales"),
    ],
)
def test_a_summary_this_version_would_not_write_is_not_used(change: Any) -> None:
    table = spread(3, every=timedelta(days=1))["entries"]
    summary = summarize_month("2024-01", table).to_json()
    assert summary_of("2024-01", summary, 3) == summarize_month("2024-01", table)
    change(summary)
    assert summary_of("2024-01", summary, 3) is None


# -- ids, edits and deletes across months ---------------------------------------------


def test_entries_in_any_month_are_found_changed_and_deleted(months: Journal) -> None:
    oldest = months.entries.query()[-1]
    assert months.entries.get(oldest.id[:8]) == oldest
    changed = months.entries.update(oldest.id, answer="changed")
    assert changed.created_at == oldest.created_at
    months.entries.delete([oldest.id, months.entries.query()[0].id])
    assert months.entries.count() == 58
    answers = [entry.answer for entry in months.entries.query()]
    assert "changed" not in answers and "entry 60" not in answers
    assert len(set(answers)) == 58


def test_finding_one_entry_checks_only_it_and_a_change_only_its_month(
    data_dir: Path, clock: Clock
) -> None:
    """A damaged entry in one month stops whatever reads it or changes its month's
    file (and the day's backup, which copies every month), and nothing else:
    finding, changing or deleting an entry of another month checks only that
    entry and that month."""
    write_document(data_dir, spread(60))
    clock.now = START + timedelta(days=200)
    journal = Journal(data_dir, clock=clock)
    journal.sessions.start("sample")  # the day's backup, of the journal whole
    document = stored_document(data_dir)
    damaged = document["entries"]["1"]  # the oldest month
    damaged["tags"] = "not a list"
    write_document(data_dir, document)
    newest = record(60, START + timedelta(days=3) * 60)
    assert journal.entries.get(newest["id"][:8]).answer == "entry 60"
    journal.entries.update(newest["id"], answer="changed")
    journal.entries.delete([record(59, START + timedelta(days=3) * 59)["id"]])
    before = files_in(data_dir)
    for touches_the_damage in (
        lambda: journal.entries.get(damaged["id"][:8]),
        lambda: journal.entries.update(record(2, START)["id"], answer="no"),  # same month
        lambda: journal.entries.delete([damaged["id"]]),
    ):
        with pytest.raises(JournalError, match="tags must be a list of texts"):
            touches_the_damage()
    assert files_in(data_dir) == before


def test_document_ids_stay_unique_across_months(data_dir: Path, months: Journal) -> None:
    months.entries.add(kind="journal", answer="new")
    ids = [int(doc_id) for doc_id in stored_document(data_dir)["entries"]]
    assert sorted(ids) == list(range(1, 62))


def test_importing_the_same_entries_twice_adds_nothing(months: Journal) -> None:
    every = months.entries.query()
    assert months.entries.add_all(every) == []
    assert months.entries.count() == 60


def test_an_emptied_month_has_no_file(data_dir: Path, months: Journal) -> None:
    january = [e for e in months.entries.query() if e.created_at.startswith("2024-01")]
    months.entries.delete([entry.id for entry in january])
    assert not [name for name in manifest(data_dir)["files"] if name.startswith("entries/2024-01")]
    months.entries.add(kind="journal", answer="and one more write")
    assert not list((data_dir / "tables").glob("entries-2024-01-*"))  # no file kept either


# -- files the manifest does not name --------------------------------------------------


def test_files_no_manifest_names_are_removed_by_the_next_write(
    data_dir: Path, months: Journal
) -> None:
    left = data_dir / "tables" / "sessions.g100.json"  # a writer killed before its commit
    left.write_bytes(b"{}")
    months.entries.add(kind="journal", answer="one")
    assert not left.exists()
    months.entries.add(kind="journal", answer="two")
    names = {path.name for path in (data_dir / "tables").iterdir()}
    named = {file for file, _ in manifest(data_dir)["files"].values()}
    named.add(manifest(data_dir)["summaries_file"][0])
    named.update(file for file, _ in manifest(data_dir)["ids"]["buckets"].values())
    # Besides what the manifest names, only the files the last write replaced.
    assert names - named == {"entries-2024-08-01.g100.json", "ids.g100.json"}


def test_a_reader_keeps_the_journal_it_started_with(months: Journal) -> None:
    """A reader that read the manifest, then lost a table file to two writes,
    reads the new manifest if what it read is still the journal's; never a mix."""
    reading = JournalStorage(months.paths, recheck=lambda: None)
    reading.read()
    months.sessions.start("sample")
    months.sessions.start("sample")
    assert len(reading.tables()["sessions"]) == 2  # read from the newest manifest

    months.entries.add(kind="journal", answer="one")
    mixed = JournalStorage(months.paths, recheck=lambda: None)
    assert len(mixed.tables()["sessions"]) == 2
    for _ in range(2):
        months.sessions.start("sample")
        months.entries.add(kind="journal", answer="more")
    with pytest.raises(JournalError, match="changed while it was being read"):
        mixed.tables()["entries/2024-08-01"]  # with those sessions, it would be a mix


def test_going_through_every_month_keeps_none_and_still_never_mixes(months: Journal) -> None:
    """Going through all entries (an export) holds one month at a time; a month
    passed over still counts as read, so a reader that lost a file to writers
    refuses a journal that changed under it instead of mixing the two."""
    newest, *_, oldest = months.entries.query()
    reading = JournalStorage(months.paths, check_entries=False, recheck=lambda: None)
    records = matching_records(reading, QueryFilter())
    assert next(records)["id"] == newest.id
    tables = reading.tables()
    assert not any(tables.is_loaded(name) for name in tables)

    months.entries.update(newest.id, answer="changed")
    for answer in ("changed", "changed again"):  # its file is gone after two writes
        months.entries.update(oldest.id, answer=answer)
    with pytest.raises(JournalError, match="changed while it was being read"):
        list(records)


def test_a_month_gone_from_the_newer_manifest_is_a_journal_that_changed(
    months: Journal,
) -> None:
    """A reader part-way through the months, whose next month was emptied (its
    table gone from the manifest) by writers meanwhile: one clear line, not a crash."""
    newest, *_, oldest = months.entries.query()
    reading = JournalStorage(months.paths, check_entries=False, recheck=lambda: None)
    records = matching_records(reading, QueryFilter())
    assert next(records)["id"] == newest.id
    oldest_month = [
        e.id for e in months.entries.query() if e.created_at[:7] == oldest.created_at[:7]
    ]
    months.entries.delete(oldest_month)  # the oldest month's table leaves the manifest
    months.sessions.start("sample")  # and a second write removes its file
    with pytest.raises(JournalError, match="changed while it was being read"):
        list(records)


def test_a_backup_made_while_writers_save_is_one_journal_or_none(months: Journal) -> None:
    """A backup to a folder outside the data folder takes no lock: when the
    journal changes under it, the copy stops rather than mixing two saves."""
    months.sessions.start("sample")
    oldest = months.entries.query()[-1]
    reading = JournalStorage(months.paths, recheck=lambda: None)
    pieces = reading.one_file()
    written = [next(pieces), next(pieces)]  # the header, then the sessions
    months.sessions.start("sample")
    for answer in ("one", "two"):  # the oldest month's file is gone after two writes
        months.entries.update(oldest.id, answer=answer)
    with pytest.raises(JournalError, match="changed while it was being read"):
        written.extend(pieces)


def test_a_copy_that_goes_on_with_a_newer_journal_stops_if_it_holds_a_table_more(
    months: Journal, clock: Clock
) -> None:
    """A copy goes on with a newer manifest when the tables it copied are
    unchanged in it; one that has a table more (a new period, added after
    the copy began) would be missing from the copy: it stops instead."""
    oldest = months.entries.query()[-1]
    reading = JournalStorage(months.paths, recheck=lambda: None)
    pieces = reading.one_file()
    written = [next(pieces), next(pieces)]  # the header, then the sessions
    months.entries.update(oldest.id, answer="changed")  # the oldest period's file replaced
    clock.advance(days=20)
    months.entries.add(kind="journal", answer="in a new period")  # ...and now removed
    with pytest.raises(JournalError, match="changed while it was being read"):
        written.extend(pieces)


# -- a folder this version did not leave so ---------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"files": {"entries/2024-01": ["../../elsewhere.json", "0" * 32]}},
        {"files": {"Entries": ["entries.g1.json", "0" * 32]}},
        {"generation": -1},
        {"next_id": "1"},
        {"counts": {"nowhere": 1}},
        {"files": []},
        {"summaries": []},
        {"summaries": {"entries/1999-01": {}}},  # a month it has no file for
        {"summaries": {"sessions": {}}},
        {"summaries": {"entries/2024-01": ["not", "a", "summary"]}},
        {"summaries_file": ["../summaries.g1.json", "0" * 32]},
        {"summaries_file": ["sessions.g1.json", "0" * 32]},  # a table's file
        {"files": {"summaries": ["summaries.g1.json", "0" * 32]}},  # the summaries' name
        # Entries by month (as builds before periods wrote them), or from another day.
        {"files": {"entries/2024-01": ["entries-2024-01.g1.json", "0" * 32]}},
        {"files": {"entries/2024-01-05": ["entries-2024-01-05.g1.json", "0" * 32]}},
        {"summaries": {"entries/2024-01-17": {}}},  # summaries are by month
    ],
)
def test_a_crafted_manifest_is_refused_in_one_line(
    data_dir: Path, months: Journal, change: dict[str, Any]
) -> None:
    crafted = {**manifest(data_dir), **change}
    (data_dir / "journal.json").write_bytes(orjson.dumps(crafted))
    (data_dir / "journal.json.lock").touch()
    before = files_in(data_dir)
    for attempt in (
        months.entries.count,
        lambda: months.entries.add(kind="journal", answer="refused"),
    ):
        with pytest.raises(JournalError) as caught:
            attempt()
        assert "it is not an intimacy journal" in caught.value.message
        assert "\n" not in caught.value.message
    assert files_in(data_dir) == before


def test_a_missing_table_file_is_refused_and_nothing_written(
    data_dir: Path, months: Journal
) -> None:
    table_file(data_dir, "entries/2024-07-09").unlink()
    (data_dir / "journal.json.lock").touch()
    before = files_in(data_dir)
    with pytest.raises(JournalError, match=r"entries-2024-07-09\.g99\.json is missing"):
        months.entries.add(kind="journal", answer="refused")
    assert files_in(data_dir) == before


def test_a_table_file_swapped_for_another_is_refused(data_dir: Path, months: Journal) -> None:
    july, june = (
        table_file(data_dir, "entries/2024-07-09"),
        table_file(data_dir, "entries/2024-06-25"),
    )
    july.write_bytes(june.read_bytes())
    with pytest.raises(JournalError, match="is not the one it names"):
        months.entries.query(QueryFilter(limit=1))


# -- from the whole-document form ---------------------------------------------------------


def older_journal(data_dir: Path, clock: Clock) -> tuple[Journal, bytes]:
    """A journal of 30 entries as versions before 4 kept it: one whole file."""
    data_dir.mkdir()
    whole = orjson.dumps(spread(30))
    (data_dir / "journal.json").write_bytes(whole)
    clock.now = START + timedelta(days=100)
    return Journal(data_dir, clock=clock), whole


def test_an_older_journal_is_read_as_it_is_and_moves_over_on_its_first_write(
    data_dir: Path, clock: Clock
) -> None:
    journal, whole = older_journal(data_dir, clock)
    assert journal.entries.count() == 30
    assert journal.entries.query(QueryFilter(limit=1))[0].answer == "entry 30"
    assert files_in(data_dir) == {"journal.json": whole}  # reading wrote nothing

    journal.entries.add(kind="journal", answer="after")
    (backup,) = (data_dir / "backups").iterdir()
    assert files_in(backup) == {"journal.json": whole}  # backed up first, byte for byte
    assert manifest(data_dir)["schema_version"] == 4
    assert journal.entries.count() == 31
    assert stored_document(data_dir)["entries"]["31"]["answer"] == "after"


def test_a_migration_that_fails_leaves_the_older_journal_whole(
    data_dir: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal, whole = older_journal(data_dir, clock)
    real = os.replace

    def failing_manifest(source: str, target: str) -> None:
        if Path(target).name == "journal.json":
            raise OSError(28, "No space left on device")
        real(source, target)

    monkeypatch.setattr(os, "replace", failing_manifest)
    with pytest.raises(JournalError):
        journal.entries.add(kind="journal", answer="lost")
    monkeypatch.undo()
    assert (data_dir / "journal.json").read_bytes() == whole
    assert not list((data_dir / "tables").iterdir())  # its table files gone with it
    journal.entries.add(kind="journal", answer="after")
    assert journal.entries.count() == 31


# -- a big journal ------------------------------------------------------------------------


@pytest.mark.slow
def test_a_journal_of_100000_entries_stays_correct(data_dir: Path, clock: Clock) -> None:
    """Built directly as files (seconds, not minutes): adds, edits, deletes and
    the migration from one whole file all keep every entry, and no other."""
    document = spread(100_000, every=timedelta(minutes=20))  # about 3 years
    data_dir.mkdir()
    (data_dir / "journal.json").write_bytes(orjson.dumps(document))
    clock.now = START + timedelta(days=1400)
    journal = Journal(data_dir, clock=clock)
    assert journal.entries.count() == 100_000

    added = journal.entries.add(kind="journal", answer="the newest")  # migrates
    assert manifest(data_dir)["schema_version"] == 4
    assert len(manifest(data_dir)["files"]) == 185  # 184 periods of entries, and the one added
    oldest = journal.entries.query(QueryFilter(until=START + timedelta(minutes=21)))
    assert [entry.answer for entry in oldest] == ["entry 1"]
    journal.entries.update(oldest[0].id, answer="edited")
    middle = record(50_000, START)["id"]
    journal.entries.delete([middle])

    assert journal.entries.count() == 100_000
    assert journal.entries.query(QueryFilter(limit=1))[0].id == added.id
    stored = stored_document(data_dir)["entries"]
    assert len(stored) == 100_000
    answers = {value["answer"] for value in stored.values()}
    assert "edited" in answers and "entry 1" not in answers and "entry 50000" not in answers
    assert len(journal.entries.query(QueryFilter(text="entry 4999"))) == 11
    assert stored_summaries(data_dir) == summaries_as_tables_say(data_dir)
    assert manifest(data_dir)["ids"]["width"] == 2  # 256 buckets of about 400 ids
    assert stored_index(data_dir) == index_as_tables_say(data_dir)

    # The next two days' snapshots: the second links every period the first holds.
    for day in ("a new day", "and one more"):
        clock.advance(days=1)
        journal.entries.add(kind="journal", answer=day)
    migrated, first, second = backups_in(data_dir)
    shared = {path.name for path in (first / "tables").iterdir()} & {
        path.name for path in (second / "tables").iterdir()
    }
    assert len(shared) >= 184
    assert all(
        (first / "tables" / name).stat().st_ino == (second / "tables" / name).stat().st_ino
        for name in shared
    )
    # Restoring the migration's snapshot (the whole file) gives the journal back as it was.
    journal.maintenance.restore(migrated)
    assert journal.entries.count() == 100_000
    restored = {value["answer"] for value in stored_document(data_dir)["entries"].values()}
    assert "entry 1" in restored and "edited" not in restored and "the newest" not in restored
    assert stored_summaries(data_dir) == summaries_as_tables_say(data_dir)
    assert stored_index(data_dir) == index_as_tables_say(data_dir)


@pytest.mark.parametrize(
    ("created_at", "period"),
    [
        ("2024-01-01T00:00:00.000000+00:00", "entries/2024-01-01"),
        ("2024-01-08T23:59:59.999999+00:00", "entries/2024-01-01"),
        ("2024-01-09T00:00:00.000000+00:00", "entries/2024-01-09"),
        ("2024-01-16T12:00:00.000000+00:00", "entries/2024-01-09"),
        ("2024-01-17T12:00:00.000000+00:00", "entries/2024-01-17"),
        ("2024-01-25T00:00:00.000000+00:00", "entries/2024-01-25"),
        ("2024-01-31T23:59:59.999999+00:00", "entries/2024-01-25"),
        ("2024-02-29T12:00:00.000000+00:00", "entries/2024-02-25"),
    ],
)
def test_entries_are_kept_by_period_of_at_most_eight_days(created_at: str, period: str) -> None:
    assert layout.entries_period(created_at) == period
    assert layout.month_of(period) == f"entries/{created_at[:7]}"


def test_a_month_of_many_entries_is_kept_in_four_files(data_dir: Path, clock: Clock) -> None:
    """However often someone writes, a save rewrites at most eight days of
    entries; the month's summary counts all four periods."""
    journal = Journal(data_dir, clock=clock)
    clock.now = datetime(2024, 1, 1, tzinfo=UTC)
    moments = [clock.now + timedelta(hours=6 * step) for step in range(31 * 4)]
    journal.entries.add_all(
        journal.entries.new(kind="journal", answer="often")._replace(
            created_at=timestamp(moment), updated_at=timestamp(moment)
        )
        for moment in moments
    )
    counts = manifest(data_dir)["counts"]
    assert counts == {
        "entries/2024-01-01": 32,
        "entries/2024-01-09": 32,
        "entries/2024-01-17": 32,
        "entries/2024-01-25": 28,
    }
    (january,) = journal.entries.months().summaries()
    assert sum(january.kinds.values()) == 124 and len(january.days) == 31
    assert stored_summaries(data_dir) == summaries_as_tables_say(data_dir)


def test_adding_carries_the_months_summary_on_exactly(tmp_path: Path) -> None:
    """An added entry's month summary is the stored one carried on, and always
    the one the whole month would give: entries in the same second, on a new
    day, in a new period of the month, answers to scales, an older entry added
    later and an entry of an earlier period changed (summarized anew)."""
    clock = Clock(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    journal = Journal(tmp_path / "data", clock=clock)
    data_dir = journal.paths.data_dir

    def scale(value: int, question: str = "close") -> None:
        journal.entries.add(kind="reflection", answer=value, lesson="welcome", question_id=question)

    steps = [
        lambda: journal.entries.add(kind="journal", answer="first"),
        lambda: scale(3),
        lambda: scale(4),  # the same second as the one before
        lambda: clock.advance(seconds=1),
        lambda: scale(5, "calm"),
        lambda: clock.advance(days=1, hours=3),
        lambda: scale(6),
        lambda: journal.entries.add(kind="quiz", answer="b", correct=True),
        lambda: journal.entries.add_all(
            [
                journal.entries.new(kind="journal", answer="older")._replace(
                    created_at=timestamp(datetime(2026, 3, 1, 8, 0, tzinfo=UTC))
                )
            ]
        ),
        lambda: clock.advance(minutes=5),
        lambda: scale(2),
        lambda: clock.advance(days=8),  # the month's next period
        lambda: scale(7),
        lambda: journal.entries.add(kind="journal", answer="later"),
        lambda: journal.entries.update(journal.entries.query()[-1].id, answer="changed"),
        lambda: scale(1),
    ]
    for step in steps:
        step()
        if journal.path.exists():
            assert stored_summaries(data_dir) == summaries_as_tables_say(data_dir)


@pytest.mark.parametrize("later", [timedelta(minutes=1), timedelta(days=8)], ids=["same", "next"])
def test_adding_one_entry_summarizes_only_that_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, later: timedelta
) -> None:
    """What adding costs does not grow with the month: the month's summary is
    carried on from the entry added, not made again from every entry, in the
    same period of the month as the others or in the next."""
    from intimacy_cli.store import summaries

    clock = Clock(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    journal = Journal(tmp_path / "data", clock=clock)
    for number in range(30):
        clock.advance(minutes=1)
        journal.entries.add(kind="journal", answer=f"note {number}")
    summarized: list[int] = []
    real = summaries.summarize_month

    def counting(month: str, table: dict[str, Any]) -> summaries.MonthSummary:
        summarized.append(len(table))
        return real(month, table)

    monkeypatch.setattr(summaries, "summarize_month", counting)
    clock.now += later
    journal.entries.add(kind="journal", answer="one more")
    assert summarized == [1]
    monkeypatch.undo()
    assert stored_summaries(journal.paths.data_dir) == summaries_as_tables_say(
        journal.paths.data_dir
    )


# -- any sequence of changes ---------------------------------------------------------------

# Moments over two months, so that changes fall on both sides of every period's
# and the month's boundaries, at any hour (in whole minutes: equal times happen).
MOMENTS = st.integers(min_value=0, max_value=61 * 24 * 60).map(
    lambda minutes: datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=minutes)
)
CHANGES = st.lists(
    st.one_of(
        st.tuples(st.just("add"), MOMENTS, st.integers(min_value=0, max_value=10)),
        st.tuples(st.just("import"), MOMENTS, st.integers(min_value=0, max_value=10)),
        st.tuples(st.just("edit"), st.integers(min_value=0), st.integers(0, 10)),
        st.tuples(st.just("delete"), st.integers(min_value=0), st.just(0)),
    ),
    min_size=1,
    max_size=14,
)


@settings(max_examples=25, deadline=None, database=None)
@given(CHANGES)
@example(  # a month emptied while the summaries file holds its summary: it goes too
    [
        ("add", datetime(2026, 1, 1, tzinfo=UTC), 0),
        ("add", datetime(2026, 2, 1, tzinfo=UTC), 0),
        ("delete", 0, 0),
    ]
)
def test_any_sequence_of_changes_keeps_every_entry_in_its_period_and_summaries_exact(
    changes: list[tuple[str, Any, int]],
) -> None:
    """Adds at any time (now, or earlier than what is there), imports, edits and
    deletes, in any order: afterwards every entry is in the table of its period,
    the listing is the model's, and every month's stored summary, and the
    index of ids, are the ones its periods give."""
    with TemporaryDirectory() as folder:
        data_dir = Path(folder) / "data"
        clock = Clock()
        journal = Journal(data_dir, clock=clock)
        model: list[Entry] = []  # in the order saved
        for change, value, number in changes:
            if change == "add":
                clock.now = value
                model.append(
                    journal.entries.add(
                        kind="reflection", answer=number, lesson="welcome", question_id="close"
                    )
                )
            elif change == "import":
                made = journal.entries.new(kind="journal", answer=f"imported {number}")
                model += journal.entries.add_all(
                    [made._replace(created_at=timestamp(value), updated_at=timestamp(value))]
                )
            elif model and change == "edit":
                at = value % len(model)
                model[at] = journal.entries.update(model[at].id, answer=number)
            elif model and change == "delete":
                journal.entries.delete([model.pop(value % len(model)).id])
            if not model:
                continue
            tables = JournalStorage(DataPaths(data_dir)).tables()
            for name in tables:
                if layout.is_entries_period(name):
                    for record in tables[name].values():
                        assert layout.entries_period(record["created_at"]) == name
            newest_first = sorted(reversed(model), key=lambda entry: entry.created_at, reverse=True)
            assert [e.id for e in journal.entries.query()] == [e.id for e in newest_first]
            assert stored_summaries(data_dir) == summaries_as_tables_say(data_dir)
            assert stored_index(data_dir) == index_as_tables_say(data_dir)
