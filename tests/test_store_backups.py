"""Backups: automatic once a day before the first change, rotated to the newest
seven, and on demand to the backups folder, another folder or a new file.
In the backups folder they are snapshots: folders whose unchanged tables are
hard links to the last snapshot's."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest
from helpers.backups import backup_names, backups_in, restore
from helpers.store import Clock, files_in, mode, stored_document, write_document

from intimacy_cli.store import Journal, JournalError, backups
from intimacy_cli.store.backups import KEEP


def march_and_april(journal: Journal, clock: Clock) -> None:
    """An entry in each of two months: two table files of entries."""
    journal.entries.add(kind="journal", answer="march")
    clock.advance(days=31)
    journal.entries.add(kind="journal", answer="april")


def tables_of(snapshot: Path) -> dict[str, os.stat_result]:
    """A snapshot's table files, by name, with what the file system says of each."""
    return {path.name: path.stat() for path in (snapshot / "tables").iterdir()}


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
    assert backup_names(data_dir) == ["journal-20260302-090000"]
    made = data_dir / "backups" / "journal-20260302-090000"
    assert stored_document(made) == before_day_two  # the whole journal as it was
    assert sorted(path.name for path in made.iterdir()) == ["journal.json", "tables"]


def test_a_backup_of_many_months_is_the_whole_journal_and_restores_it(
    journal: Journal, data_dir: Path, clock: Clock
) -> None:
    for month in range(5):
        journal.entries.add(kind="journal", answer=f"month {month}")
        journal.entries.add(kind="journal", answer=f"month {month}, again")
        clock.advance(days=31)
    journal.sessions.start("sample")
    before = stored_document(data_dir)
    listed = journal.entries.query()
    path = journal.maintenance.backup()
    assert stored_document(path) == before
    journal.entries.delete(entry.id for entry in listed[:3])
    journal.entries.add(kind="journal", answer="written after the backup")
    restore(path, data_dir)
    assert Journal(data_dir).entries.query() == listed
    journal.entries.add(kind="journal", answer="and the restored journal saves")
    assert len(Journal(data_dir).entries.query()) == len(listed) + 1


def test_a_one_file_backup_is_the_whole_journal_and_restores_it(
    journal: Journal, data_dir: Path, clock: Clock, tmp_path: Path
) -> None:
    """Made one table at a time, it is still the one whole document."""
    for month in range(5):
        journal.entries.add(kind="journal", answer=f"month {month}")
        clock.advance(days=31)
    journal.sessions.start("sample")
    before = stored_document(data_dir)
    listed = journal.entries.query()
    path = journal.maintenance.backup(tmp_path / "copy.json")
    assert orjson.loads(path.read_bytes()) == before
    journal.entries.delete([listed[0].id])
    restore(path, data_dir)  # copied over journal.json
    assert Journal(data_dir).entries.query() == listed


def test_a_snapshot_links_the_tables_unchanged_since_the_last_and_copies_the_rest(
    journal: Journal, data_dir: Path, clock: Clock
) -> None:
    """So the day's backup costs what changed since the last one, not the
    journal's size: the old months are the same files as before."""
    for month in range(4):
        clock.advance(days=31)
        journal.entries.add(kind="journal", answer=f"month {month}")
    first = journal.maintenance.backup()
    journal.entries.add(kind="journal", answer="this month again")
    second = journal.maintenance.backup()
    old, new = tables_of(first), tables_of(second)
    shared = set(old) & set(new)
    months = {name for name in new if name.startswith("entries-")}
    assert len(shared & months) == 3 and len(months) == 4  # three old months; this one is new
    # The summaries of the old months did not change either (this month's is in the manifest).
    assert {name for name in shared - months if name.startswith("summaries.")}
    assert all(old[name].st_ino == new[name].st_ino for name in shared)
    changed = set(new) - shared  # this month's period, and the index of ids
    assert {name.partition(".")[0] for name in changed} == {max(months).partition(".")[0], "ids"}
    assert all(new[name].st_nlink == 1 for name in changed)
    assert not {new[name].st_ino for name in changed} & {found.st_ino for found in old.values()}
    live = {path.stat().st_ino for path in (data_dir / "tables").iterdir()}
    assert not live & {found.st_ino for found in new.values()}  # never the journal's own files
    assert all(mode(path) == 0o600 for path in (second / "tables").iterdir())
    assert mode(second) == mode(second / "tables") == 0o700


def test_a_snapshot_where_hard_links_cannot_be_made_copies_every_table(
    journal: Journal, data_dir: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    march_and_april(journal, clock)
    first = journal.maintenance.backup()

    def refused(*args: object, **kwargs: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", refused)  # a file system without hard links (FAT)
    second = journal.maintenance.backup()
    assert stored_document(second) == stored_document(first) == stored_document(data_dir)
    assert all(found.st_nlink == 1 for found in tables_of(second).values())


def test_a_damaged_table_unchanged_since_the_last_snapshot_is_not_copied_into_the_next(
    journal: Journal, data_dir: Path, clock: Clock
) -> None:
    """The next snapshot links the last one's good copy: damage to the
    journal's own file never reaches the backups."""
    march_and_april(journal, clock)
    first = journal.maintenance.backup()
    (march,) = (data_dir / "tables").glob("entries-2026-03-01.*")
    march.write_bytes(march.read_bytes().replace(b"march", b"MARCH"))
    clock.advance(days=1)
    journal.entries.add(kind="journal", answer="a new day")  # april is rewritten
    second = backups_in(data_dir)[-1]
    assert second != first
    assert b'"march"' in (second / "tables" / march.name).read_bytes()


def test_a_snapshot_never_carries_a_link_planted_in_the_last_one(
    journal: Journal, data_dir: Path, clock: Clock, tmp_path: Path
) -> None:
    journal.entries.add(kind="journal", answer="march")
    first = journal.maintenance.backup()
    (planted,) = (path for path in (first / "tables").iterdir() if path.name.startswith("entries"))
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(planted.read_bytes())
    planted.unlink()
    planted.symlink_to(elsewhere)
    second = journal.maintenance.backup()
    copied = second / "tables" / planted.name
    assert not copied.is_symlink() and copied.stat().st_nlink == 1
    assert stored_document(second) == stored_document(data_dir)


def test_a_snapshot_killed_half_way_leaves_no_backup_and_the_next_command_sweeps_it(
    journal: Journal, data_dir: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    march_and_april(journal, clock)
    from intimacy_cli.store import storage

    writes = []

    def killed_on_second(path: Path, data: bytes) -> None:
        writes.append(path)
        if len(writes) == 2:
            raise KeyboardInterrupt  # as a kill would stop it, without any clean-up
        original(path, data)

    original = storage.write_new
    kept = backup_names(data_dir)  # the day's backup, made by the first save in april
    monkeypatch.setattr(storage, "write_new", killed_on_second)
    monkeypatch.setattr("shutil.rmtree", lambda *args, **kwargs: None)  # a kill cleans nothing
    with pytest.raises(KeyboardInterrupt):
        journal.maintenance.backup()
    monkeypatch.undo()
    (leftover,) = set(backup_names(data_dir)) - set(kept)
    assert leftover.startswith(".journal-") and (data_dir / "backups" / leftover).is_dir()
    journal.entries.add(kind="journal", answer="the next command")
    assert backup_names(data_dir) == kept


def test_rotation_removes_a_snapshot_whole_even_when_killed(
    journal: Journal, data_dir: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A snapshot is renamed away before its files are deleted, so a kill
    half-way never leaves a part of one that looks like a backup."""
    journal.entries.add(kind="journal", answer="start")
    for _ in range(KEEP):
        journal.maintenance.backup()
    oldest = backups_in(data_dir)[0]
    monkeypatch.setattr("shutil.rmtree", lambda *args, **kwargs: None)  # killed before deleting
    journal.maintenance.backup()
    monkeypatch.undo()
    assert oldest not in backups_in(data_dir) and len(backups_in(data_dir)) == KEEP
    assert [path.name for path in (data_dir / "backups").glob(".*")] == [
        f".{oldest.name}.removing.tmp"
    ]
    journal.entries.add(kind="journal", answer="the next command sweeps it")
    assert not list((data_dir / "backups").glob(".*"))


def test_rotation_keeps_the_newest_seven(journal: Journal, data_dir: Path, clock: Clock) -> None:
    journal.entries.add(kind="journal", answer="start")
    (data_dir / "backups").mkdir()
    mine = data_dir / "backups" / "my-own-copy.json"
    mine.write_bytes(b"a person's file")
    for _ in range(10):
        clock.advance(days=1)
        journal.entries.add(kind="journal", answer="another day")
    assert KEEP == 7
    (data_dir / "backups" / "journal-20260101-090000.json").write_bytes(b"an older version's")
    clock.advance(days=1)
    journal.entries.add(kind="journal", answer="another day")
    assert backup_names(data_dir) == [
        *(f"journal-202603{day:02d}-090000" for day in range(6, 13)),
        "my-own-copy.json",
    ]
    assert mine.read_bytes() == b"a person's file"


def test_backups_in_the_same_second_get_numbered_and_rotate_in_order(
    journal: Journal, data_dir: Path
) -> None:
    journal.entries.add(kind="journal", answer="start")
    made = [journal.maintenance.backup() for _ in range(KEEP + 2)]
    assert [path.name for path in made[:3]] == [
        "journal-20260301-090000",
        "journal-20260301-090000-2",
        "journal-20260301-090000-3",
    ]
    assert sorted(path.name for path in (data_dir / "backups").iterdir()) == sorted(
        path.name for path in made[2:]
    )


def test_on_demand_backup_to_the_backups_folder(journal: Journal, data_dir: Path) -> None:
    journal.entries.add(kind="journal", answer="keep me")
    made = journal.maintenance.backup()
    assert made == data_dir / "backups" / "journal-20260301-090000"
    assert stored_document(made) == stored_document(data_dir)
    assert mode(made) == 0o700 and mode(made / "journal.json") == 0o600


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


def test_a_snapshot_holds_every_file_its_manifest_names_summaries_too(
    journal: Journal, data_dir: Path, clock: Clock
) -> None:
    for month in range(3):
        journal.entries.add(kind="journal", answer=f"month {month}")
        clock.advance(days=31)
    journal.entries.add(kind="journal", answer="and now")
    snapshot = journal.maintenance.backup()
    manifest = orjson.loads((snapshot / "journal.json").read_bytes())
    named = [file for file, _ in manifest["files"].values()]
    assert manifest["summaries_file"] is not None  # the older months' summaries
    named.append(manifest["summaries_file"][0])
    named += [file for file, _ in manifest["ids"]["buckets"].values()]
    assert sorted(path.name for path in (snapshot / "tables").iterdir()) == sorted(named)
    assert files_in(snapshot / "tables") == {
        name: (data_dir / "tables" / name).read_bytes() for name in named
    }


def test_only_names_that_spell_a_real_moment_are_backups(tmp_path: Path) -> None:
    real = ["journal-20280229-235959.json", "journal-20261201-000000", "journal-20261201-000000-2"]
    impossible = [
        "journal-20270229-120000.json",  # no 29 February in 2027
        "journal-20261231-240000.json",  # no hour 24
        "journal-20261231-235960.json",  # no 60th second
        "journal-20261301-120000",  # no month 13
        "journal-2026\u0660\u066101-120000.json",  # Arabic-Indic digits as the month
        "journal-20260101-\uff11\uff12\uff10\uff10\uff10\uff10",  # full-width time
        "journal-\u0662\u0660\u0662\u06661201-120000.json",  # another script's year
    ]
    for name in real + impossible:
        path = tmp_path / name
        path.mkdir() if not name.endswith(".json") else path.write_bytes(b"{}")
    assert sorted(path.name for path in backups.in_folder(tmp_path)) == sorted(real)
    assert backups.made_at(tmp_path / real[0]).isoformat() == "2028-02-29T23:59:59"
