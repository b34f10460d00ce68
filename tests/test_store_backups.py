"""Backups: automatic once a day before the first change, rotated to the newest
seven, and on demand to the backups folder, another folder or a new file."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from helpers.store import Clock, files_in, mode, stored_document, write_document

from intimacy_cli.store import Journal, JournalError
from intimacy_cli.store.backups import KEEP


def backup_names(data_dir: Path) -> list[str]:
    return sorted(path.name for path in (data_dir / "backups").iterdir())


def test_the_very_first_save_has_nothing_to_back_up(journal: Journal, data_dir: Path) -> None:
    journal.entries.add(kind="journal", answer="first")
    assert not (data_dir / "backups").exists()


def test_a_backup_before_the_first_change_of_each_day(
    journal: Journal, data_dir: Path, clock: Clock
) -> None:
    journal.entries.add(kind="journal", answer="day one")
    before_day_two = stored_document(data_dir)
    clock.advance(days=1)
    journal.entries.add(kind="journal", answer="day two, first")
    clock.advance(hours=3)
    journal.entries.add(kind="journal", answer="day two, second")
    assert backup_names(data_dir) == ["journal-20260302-090000.json"]
    made = data_dir / "backups" / "journal-20260302-090000.json"
    assert orjson.loads(made.read_bytes()) == before_day_two  # the whole journal, in one file


def test_a_backup_of_many_months_is_the_whole_journal_and_restores_it(
    journal: Journal, data_dir: Path, clock: Clock
) -> None:
    """Made one table at a time, it is still the one whole document."""
    for month in range(5):
        journal.entries.add(kind="journal", answer=f"month {month}")
        journal.entries.add(kind="journal", answer=f"month {month}, again")
        clock.advance(days=31)
    journal.sessions.start("sample")
    before = stored_document(data_dir)
    listed = journal.entries.query()
    path = journal.maintenance.backup()
    assert orjson.loads(path.read_bytes()) == before
    (data_dir / "journal.json").write_bytes(path.read_bytes())  # restore: copy it over
    assert Journal(data_dir).entries.query() == listed


def test_rotation_keeps_the_newest_seven(journal: Journal, data_dir: Path, clock: Clock) -> None:
    journal.entries.add(kind="journal", answer="start")
    (data_dir / "backups").mkdir()
    mine = data_dir / "backups" / "my-own-copy.json"
    mine.write_bytes(b"a person's file")
    for _ in range(10):
        clock.advance(days=1)
        journal.entries.add(kind="journal", answer="another day")
    assert KEEP == 7
    assert backup_names(data_dir) == [
        *(f"journal-202603{day:02d}-090000.json" for day in range(5, 12)),
        "my-own-copy.json",
    ]
    assert mine.read_bytes() == b"a person's file"


def test_backups_in_the_same_second_get_numbered_and_rotate_in_order(
    journal: Journal, data_dir: Path
) -> None:
    journal.entries.add(kind="journal", answer="start")
    made = [journal.maintenance.backup() for _ in range(KEEP + 2)]
    assert [path.name for path in made[:3]] == [
        "journal-20260301-090000.json",
        "journal-20260301-090000-2.json",
        "journal-20260301-090000-3.json",
    ]
    assert sorted(path.name for path in (data_dir / "backups").iterdir()) == sorted(
        path.name for path in made[2:]
    )


def test_on_demand_backup_to_the_backups_folder(journal: Journal, data_dir: Path) -> None:
    journal.entries.add(kind="journal", answer="keep me")
    made = journal.maintenance.backup()
    assert made == data_dir / "backups" / "journal-20260301-090000.json"
    assert orjson.loads(made.read_bytes()) == stored_document(data_dir)
    assert mode(made) == 0o600


def test_on_demand_backup_to_a_folder_or_a_new_file(journal: Journal, tmp_path: Path) -> None:
    journal.entries.add(kind="journal", answer="keep me")
    elsewhere = tmp_path / "usb"
    elsewhere.mkdir()
    in_folder = journal.maintenance.backup(elsewhere)
    as_file = journal.maintenance.backup(elsewhere / "before-moving.json")
    assert in_folder == elsewhere / "journal-20260301-090000.json"
    assert sorted(files_in(elsewhere)) == ["before-moving.json", "journal-20260301-090000.json"]
    assert in_folder.read_bytes() == as_file.read_bytes()
    assert orjson.loads(as_file.read_bytes()) == stored_document(journal.paths.data_dir)
    assert mode(as_file) == 0o600


def test_on_demand_backup_never_overwrites_a_file(journal: Journal, tmp_path: Path) -> None:
    journal.entries.add(kind="journal", answer="keep me")
    existing = tmp_path / "precious.json"
    existing.write_bytes(b"older backup")
    with pytest.raises(JournalError, match="already exists; nothing was written"):
        journal.maintenance.backup(existing)
    assert existing.read_bytes() == b"older backup"


def test_backup_without_a_journal_creates_nothing(journal: Journal, data_dir: Path) -> None:
    with pytest.raises(JournalError, match=r"there is no journal at .* yet; nothing to back up"):
        journal.maintenance.backup()
    assert not data_dir.exists()


def test_backup_into_a_missing_folder_is_one_clear_error(journal: Journal, tmp_path: Path) -> None:
    journal.entries.add(kind="journal", answer="keep me")
    target = tmp_path / "no" / "such" / "copy.json"
    with pytest.raises(JournalError) as caught:
        journal.maintenance.backup(target)
    assert caught.value.message == f"could not write a backup to {target}: no such file or folder"


def test_damage_in_a_month_not_being_changed_stops_the_days_backup(
    journal: Journal, data_dir: Path, clock: Clock
) -> None:
    """A save checks only the month it rewrites, but the day's backup copies
    every month: one holding damage stops the save, so rotation never pushes
    the good backups out with damaged copies."""
    journal.entries.add(kind="journal", answer="march words")
    clock.advance(days=31)
    journal.entries.add(kind="journal", answer="april words")
    document = stored_document(data_dir)
    for record in document["entries"].values():
        if record["answer"] == "march words":
            record["kind"] = "bogus"
    write_document(data_dir, document)
    kept = backup_names(data_dir)
    before = files_in(data_dir)
    clock.advance(days=1)  # a new day: a backup is due
    with pytest.raises(JournalError, match="kind must be one of"):
        journal.entries.add(kind="journal", answer="a new day")
    assert backup_names(data_dir) == kept
    assert files_in(data_dir) == before
