"""Review of the snapshot backups and ``data restore``: problems found, each
shown by a test that fails on the code as reviewed."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers.app import Outcome
from helpers.backups import backups_in, refused_restore
from helpers.store import Clock, files_in

from intimacy_cli.store import Journal
from intimacy_cli.store.crypto import EncryptedCodec

Cli = Callable[..., Outcome]
PASSPHRASE = "a long and memorable passphrase"
NEW_PASSPHRASE = "another long and memorable passphrase"


def answers(journal: Journal) -> list[str]:
    return [str(entry.answer) for entry in journal.entries.query()]


class Hung(BaseException):
    """Not an OSError (as TimeoutError is), so the app cannot take it for one."""


@pytest.fixture
def within_seconds() -> Iterator[None]:
    """Turn a hang into a failure (a pipe that never ends)."""

    def stop(*_: object) -> None:
        raise Hung("still reading after a minute")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(60)  # a hang, not slowness: the operations take milliseconds
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def two_months(journal: Journal, clock: Clock) -> Path:
    journal.entries.add(kind="journal", answer="march")
    clock.advance(days=31)
    journal.entries.add(kind="journal", answer="april")
    return journal.maintenance.backup()


def test_restoring_the_data_folder_itself_is_refused(
    cli: Cli, journal: Journal, data_dir: Path, two_months: Path
) -> None:
    refused_restore(cli, data_dir, str(data_dir))


def test_a_table_file_that_is_a_pipe_is_refused_in_bounded_time(
    cli: Cli, journal: Journal, data_dir: Path, two_months: Path, within_seconds: None
) -> None:
    table = sorted((two_months / "tables").iterdir())[0]
    table.unlink()
    os.mkfifo(table)
    said = refused_restore(cli, data_dir, two_months.name)
    assert len(said.splitlines()) == 1, said


@pytest.mark.usefixtures("two_months")
def test_a_snapshot_manifest_that_links_elsewhere_is_not_followed(
    cli: Cli, journal: Journal, data_dir: Path, clock: Clock, tmp_path: Path
) -> None:
    other = Journal(tmp_path / "other-profile", clock=clock)
    other.entries.add(kind="journal", answer="someone else's words")
    planted = data_dir / "backups" / "journal-20990101-000000"
    planted.mkdir()
    (planted / "journal.json").symlink_to(tmp_path / "other-profile" / "journal.json")
    result = cli("data", "restore", planted.name)
    assert result.exit_code == 1
    assert "someone else's words" not in answers(journal)


def test_a_snapshot_links_only_a_table_file_that_is_still_the_one_named(
    journal: Journal, data_dir: Path, clock: Clock, two_months: Path
) -> None:
    # The earlier snapshot's copy of a table is damaged (a new file in its place).
    table = sorted((two_months / "tables").iterdir())[0]
    table.unlink()
    table.write_bytes(b"damaged")
    clock.advance(days=1)
    journal.entries.add(kind="journal", answer="may")  # the day's snapshot first
    newest = backups_in(data_dir)[-1]
    assert newest != two_months
    assert (newest / "tables" / table.name).read_bytes() != b"damaged"
    journal.maintenance.restore(newest)  # the journal was whole: so is its snapshot


@pytest.mark.usefixtures("fast_kdf")
def test_a_restore_never_changes_the_journals_passphrase_behind_its_back(
    cli: Cli, journal: Journal, data_dir: Path, clock: Clock, tmp_path: Path
) -> None:
    journal.entries.add(kind="journal", answer="march")
    journal.maintenance.encrypt(EncryptedCodec(PASSPHRASE))
    sealed = Journal(data_dir, clock=clock, codec=EncryptedCodec(PASSPHRASE))
    copy = sealed.maintenance.backup(tmp_path / "carried.json")  # under the old passphrase
    sealed.maintenance.reencrypt(EncryptedCodec(NEW_PASSPHRASE))  # say, the old one leaked
    result = cli("data", "restore", str(copy), env={"INTIMACY_PASSPHRASE": PASSPHRASE})
    if result.exit_code == 0:
        # Restored: the journal must still open with its passphrase, like its backups.
        assert answers(Journal(data_dir, codec=EncryptedCodec(NEW_PASSPHRASE))) == ["march"]
    else:
        assert len(result.stderr.splitlines()) == 1


def test_a_pipe_in_place_of_the_newest_snapshots_manifest_never_blocks_saving(
    journal: Journal, data_dir: Path, clock: Clock, two_months: Path, within_seconds: None
) -> None:
    (two_months / "journal.json").unlink()
    os.mkfifo(two_months / "journal.json")
    clock.advance(days=1)
    journal.entries.add(kind="journal", answer="may")  # the day's snapshot links from it
    assert "may" in answers(journal)


@pytest.mark.usefixtures("fast_kdf")
def test_a_pipe_among_a_snapshots_tables_never_blocks_encrypting(
    journal: Journal, data_dir: Path, two_months: Path, within_seconds: None
) -> None:
    os.mkfifo(two_months / "tables" / "entries-2020-01-01.g1.json")
    skipped = journal.maintenance.encrypt(EncryptedCodec(PASSPHRASE))
    assert skipped == [two_months / "tables" / "entries-2020-01-01.g1.json"]


def test_a_backup_name_never_finds_another_profiles_backup(
    cli: Cli,
    data_dir: Path,
    clock: Clock,
    two_months: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sams = Journal(data_dir / "profiles" / "sam", clock=clock)
    sams.entries.add(kind="journal", answer="sam's own words")
    # Looking at the default profile's backups, Sam restores "the newest one" by name.
    monkeypatch.chdir(data_dir / "backups")
    result = cli("--profile", "sam", "data", "restore", two_months.name)
    assert result.exit_code == 1, result.stderr
    assert answers(sams) == ["sam's own words"]


@pytest.mark.usefixtures("fast_kdf")
def test_a_plain_backup_is_not_restored_where_an_encrypted_journal_went_missing(
    cli: Cli, journal: Journal, data_dir: Path, clock: Clock, tmp_path: Path
) -> None:
    journal.entries.add(kind="journal", answer="march")
    plain = journal.maintenance.backup(tmp_path / "plain.json")  # made before encrypting
    journal.maintenance.encrypt(EncryptedCodec(PASSPHRASE))
    (data_dir / "journal.json").unlink()  # lost (the marker still knows it was encrypted)
    result = cli("data", "restore", str(plain))
    assert result.exit_code == 1, result.stderr
    assert not (data_dir / "journal.json").exists()


def test_restoring_from_a_folder_without_permission_is_one_clear_line(
    cli: Cli, journal: Journal, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal.entries.add(kind="journal", answer="kept")
    locked = tmp_path / "locked"
    locked.mkdir()
    # As `chmod 000 locked` does for anyone but root (these tests may run as root).
    real_stat = os.stat

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if str(path).startswith(str(locked) + os.sep):
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", stat)
    said = refused_restore(cli, data_dir, str(locked))
    assert "permission denied" in said.lower(), said
    assert "bug" not in said.lower()


@pytest.mark.usefixtures("fast_kdf")
def test_restoring_over_a_plain_copy_never_keeps_plaintext_beside_an_encrypted_journal(
    journal: Journal, data_dir: Path, clock: Clock, tmp_path: Path
) -> None:
    from intimacy_cli.store.crypto import is_encrypted_file

    journal.entries.add(kind="journal", answer="march, in plain words")
    plain = journal.maintenance.backup(tmp_path / "before-encrypting.json")
    journal.maintenance.encrypt(EncryptedCodec(PASSPHRASE))
    sealed = Journal(data_dir, clock=clock, codec=EncryptedCodec(PASSPHRASE))
    snapshot = sealed.maintenance.backup()
    # The journal replaced by a plain copy, as the README of 0.1 told people to restore.
    (data_dir / "journal.json").write_bytes(plain.read_bytes())
    clock.advance(minutes=1)
    Journal(data_dir, clock=clock, codec=EncryptedCodec(PASSPHRASE)).maintenance.restore(snapshot)
    plaintext = [
        path.relative_to(data_dir).as_posix()
        for path in sorted((data_dir / "backups").rglob("*"))
        if path.is_file() and not is_encrypted_file(path)
    ]
    assert plaintext == []


def test_the_snapshot_just_made_is_never_the_one_rotated_away(
    journal: Journal, data_dir: Path, two_months: Path
) -> None:
    import shutil

    # Seven snapshots from a day when the computer's clock ran a year ahead.
    for number in range(1, 8):
        shutil.copytree(two_months, data_dir / "backups" / f"journal-20270101-00000{number}")
    made = journal.maintenance.backup()  # `intimacy data backup` prints this path
    assert made.exists()


@pytest.mark.usefixtures("fast_kdf")
def test_an_encrypted_backup_for_a_plain_journal_is_refused_before_any_passphrase(
    cli: Cli, journal: Journal, data_dir: Path, clock: Clock, tmp_path: Path
) -> None:
    journal.entries.add(kind="journal", answer="plain words")
    other = Journal(tmp_path / "elsewhere", clock=clock)
    other.entries.add(kind="journal", answer="sealed words")
    other.maintenance.encrypt(EncryptedCodec(PASSPHRASE))
    sealed = Journal(tmp_path / "elsewhere", clock=clock, codec=EncryptedCodec(PASSPHRASE))
    snapshot = sealed.maintenance.backup()
    result = cli("data", "restore", str(snapshot))  # no passphrase: none is needed to refuse
    assert result.exit_code == 1
    assert "one of it and the journal is encrypted" in result.stderr, result.stderr


def test_data_backups_lists_a_folder_holding_a_name_that_is_no_date(
    cli: Cli, journal: Journal, data_dir: Path, two_months: Path
) -> None:
    (data_dir / "backups" / "journal-20261340-250000.json").write_bytes(b"not a date")
    for args in (("data", "backups"), ("data", "backups", "--json")):
        result = cli(*args)
        assert result.exit_code == 0, result.stderr
        assert two_months.name in result.stdout


def test_restoring_from_a_device_says_what_it_is(
    cli: Cli, journal: Journal, data_dir: Path
) -> None:
    journal.entries.add(kind="journal", answer="kept")
    said = refused_restore(cli, data_dir, "/dev/zero")
    assert len(said.splitlines()) == 1
    assert "no such file or folder" not in said, said  # it is there


def test_data_backups_where_the_backups_folder_is_a_file_is_one_clear_line(
    cli: Cli, journal: Journal, data_dir: Path
) -> None:
    journal.entries.add(kind="journal", answer="kept")
    (data_dir / "backups").write_text("not a folder")
    result = cli("data", "backups")
    assert "bug" not in result.stderr, result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_a_restore_where_only_journal_json_was_lost_keeps_the_tables_it_finds(
    journal: Journal, data_dir: Path, clock: Clock, two_months: Path
) -> None:
    clock.advance(days=1)
    journal.entries.add(kind="journal", answer="written after the snapshot")
    found = files_in(data_dir / "tables")  # this week's words are in these files
    (data_dir / "journal.json").unlink()  # lost, say, to a sync conflict
    journal.maintenance.restore(two_months)
    kept = {
        name
        for backup in backups_in(data_dir)
        for name, data in files_in(backup / "tables").items()
        if found.get(name) == data
    }
    assert kept | set(files_in(data_dir / "tables")) >= set(found), "the lost journal's tables"
