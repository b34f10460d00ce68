"""``intimacy data restore`` and ``intimacy data backups``: a backup put back
whole or not at all, what it replaced kept so the restore can be undone, and
the backups listed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.app import Outcome
from helpers.backups import backups_in, refused_restore
from helpers.store import Clock, files_in, stored_document

from intimacy_cli.store import Journal, JournalError, files
from intimacy_cli.store.crypto import EncryptedCodec, is_encrypted_file

Cli = Callable[..., Outcome]
PASSPHRASE = "a long and memorable passphrase"


def answers(journal: Journal) -> list[str]:
    return [str(entry.answer) for entry in journal.entries.query()]


@pytest.fixture
def two_months(journal: Journal, clock: Clock) -> Path:
    """A journal of two months with a snapshot of it; returns the snapshot."""
    journal.entries.add(kind="journal", answer="march")
    clock.advance(days=31)
    journal.entries.add(kind="journal", answer="april")
    journal.sessions.start("sample")
    return journal.maintenance.backup()


def test_a_restore_puts_the_snapshot_back_and_keeps_what_it_replaced(
    journal: Journal, data_dir: Path, clock: Clock, two_months: Path
) -> None:
    before = stored_document(data_dir)
    clock.advance(days=1)
    journal.entries.delete([journal.entries.query()[-1].id])
    journal.entries.add(kind="journal", answer="after the backup")
    changed = stored_document(data_dir)
    clock.advance(minutes=1)
    kept = journal.maintenance.restore(two_months)
    assert stored_document(data_dir) == before
    assert answers(journal) == ["april", "march"]
    assert kept is not None and stored_document(kept) == changed
    # Saving goes on, with ids never handed out twice.
    added = journal.entries.add(kind="journal", answer="after the restore")
    assert added.id not in {entry["id"] for entry in changed["entries"].values()}
    assert max(map(int, stored_document(data_dir)["entries"])) > max(map(int, changed["entries"]))
    # The restore undone by restoring what it kept.
    journal.maintenance.restore(kept)
    assert stored_document(data_dir) == changed


def test_a_one_file_backup_restores_too(
    journal: Journal, data_dir: Path, clock: Clock, tmp_path: Path
) -> None:
    journal.entries.add(kind="journal", answer="march")
    clock.advance(days=31)
    journal.entries.add(kind="journal", answer="april")
    copy = journal.maintenance.backup(tmp_path / "copy.json")
    before = stored_document(data_dir)
    journal.entries.add(kind="journal", answer="after the copy")
    journal.maintenance.restore(copy)
    assert answers(journal) == ["april", "march"]
    journal.entries.add(kind="journal", answer="and it saves")  # moved to the new layout
    assert len(stored_document(data_dir)["entries"]) == len(before["entries"]) + 1


def test_a_damaged_journal_can_be_restored_over_and_is_kept_as_it_was(
    journal: Journal, data_dir: Path, clock: Clock, two_months: Path
) -> None:
    (data_dir / "journal.json").write_bytes(b"{ not json")
    with pytest.raises(JournalError):
        journal.entries.query()
    damaged = files_in(data_dir / "tables")
    kept = journal.maintenance.restore(two_months)
    assert answers(journal) == ["april", "march"]
    assert kept is not None
    assert (kept / "journal.json").read_bytes() == b"{ not json"
    assert files_in(kept / "tables") == damaged


def test_a_damaged_backup_is_refused_and_nothing_changes(
    journal: Journal, data_dir: Path, two_months: Path
) -> None:
    (march,) = (two_months / "tables").glob("entries-2026-03-01.*")
    march.write_bytes(march.read_bytes().replace(b"march", b"MARCH"))
    before = files_in(data_dir)
    with pytest.raises(JournalError) as caught:
        journal.maintenance.restore(two_months)
    assert "is not the one it names" in caught.value.message
    assert caught.value.hint == f"the journal {data_dir / 'journal.json'} is as it was"
    assert files_in(data_dir) == before


def test_a_restore_stopped_before_its_commit_leaves_the_journal_as_it_was(
    journal: Journal, data_dir: Path, two_months: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal.entries.add(kind="journal", answer="after the backup")
    listed = answers(journal)
    journal_file = (data_dir / "journal.json").read_bytes()
    tables = files_in(data_dir / "tables")
    real = files.write_atomically

    def stopped(path: Path, data: bytes, *, noted: bool = True) -> None:
        if path.name == "journal.json":
            raise KeyboardInterrupt  # Ctrl-C just before the manifest is replaced
        real(path, data, noted=noted)

    monkeypatch.setattr("intimacy_cli.store.storage.write_atomically", stopped)
    with pytest.raises(KeyboardInterrupt):
        journal.maintenance.restore(two_months)
    monkeypatch.undo()
    assert answers(journal) == listed
    assert (data_dir / "journal.json").read_bytes() == journal_file
    assert files_in(data_dir / "tables") == tables  # what it wrote is gone again


@pytest.mark.usefixtures("fast_kdf")
def test_an_encrypted_journal_restores_an_encrypted_backup_and_stays_sealed(
    data_dir: Path, clock: Clock
) -> None:
    codec = EncryptedCodec(PASSPHRASE)
    journal = Journal(data_dir, clock=clock)
    journal.entries.add(kind="journal", answer="march")
    journal.maintenance.encrypt(codec)
    journal = Journal(data_dir, clock=clock, codec=codec)
    snapshot = journal.maintenance.backup()
    journal.entries.add(kind="journal", answer="after the backup")
    Journal(data_dir, clock=clock, codec=EncryptedCodec(PASSPHRASE)).maintenance.restore(snapshot)
    reopened = Journal(data_dir, codec=EncryptedCodec(PASSPHRASE))
    assert answers(reopened) == ["march"]  # newer than the last save: not refused
    assert all(is_encrypted_file(path) for path in (data_dir / "tables").iterdir())
    assert is_encrypted_file(data_dir / "journal.json")


@pytest.mark.usefixtures("fast_kdf")
def test_a_plain_backup_is_not_restored_into_an_encrypted_journal(
    journal: Journal, data_dir: Path, clock: Clock
) -> None:
    journal.entries.add(kind="journal", answer="march")
    journal.maintenance.encrypt(EncryptedCodec(PASSPHRASE))  # its backups too
    other = Journal(data_dir.parent / "another-profile", clock=clock)
    other.entries.add(kind="journal", answer="plain words")
    plain = other.maintenance.backup()
    before = files_in(data_dir)
    encrypted = Journal(data_dir, clock=clock, codec=EncryptedCodec(PASSPHRASE))
    with pytest.raises(JournalError, match="one of it and the journal is encrypted"):
        encrypted.maintenance.restore(plain)
    assert files_in(data_dir) == before


# -- the commands ---------------------------------------------------------------------------


def test_data_backups_lists_them_oldest_first_as_text_and_json(
    cli: Cli, journal: Journal, data_dir: Path, two_months: Path, tmp_path: Path
) -> None:
    (data_dir / "backups" / "journal-20250101-080000.json").write_bytes(b"an older version's")
    (data_dir / "backups" / "notes.txt").write_text("mine")
    listed = cli("data", "backups", "--json")
    assert listed.exit_code == 0, listed.stderr
    shown = json.loads(listed.stdout)
    assert [(backup["name"], backup["kind"]) for backup in shown] == [
        ("journal-20250101-080000.json", "file"),
        *((path.name, "snapshot") for path in backups_in(data_dir)[1:]),
    ]
    assert shown[0]["made"] == "2025-01-01T08:00:00"
    assert shown[-1]["path"] == str(two_months)
    text = cli("data", "backups")
    assert [line.split()[0] for line in text.stdout.splitlines()] == [b["name"] for b in shown]
    assert "one file" in text.stdout.splitlines()[0]


def test_data_backups_without_any_says_so(cli: Cli, data_dir: Path) -> None:
    result = cli("data", "backups")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.startswith("No backups yet")
    assert json.loads(cli("data", "backups", "--json").stdout) == []


def test_data_restore_by_name_says_what_it_kept(
    cli: Cli, journal: Journal, data_dir: Path, two_months: Path
) -> None:
    journal.entries.add(kind="journal", answer="after the backup")
    result = cli("data", "restore", two_months.name)
    assert result.exit_code == 0, result.stderr
    assert answers(journal) == ["april", "march"]
    kept = backups_in(data_dir)[-1]
    assert result.stderr.splitlines() == [
        f"Restored your journal from {two_months}.",
        f"What it held until now is kept as the backup {kept.name}: "
        f"'intimacy data restore {kept.name}' puts it back.",
    ]
    assert cli("data", "restore", str(kept)).exit_code == 0  # by its path, too
    assert answers(journal)[0] == "after the backup"


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("journal-20200101-000000", "no backup named 'journal-20200101-000000' in "),
        ("tables", " is not a backup: it holds no journal.json"),
    ],
)
def test_data_restore_of_no_backup_is_one_line(
    cli: Cli, journal: Journal, monkeypatch: pytest.MonkeyPatch, name: str, says: str
) -> None:
    journal.entries.add(kind="journal", answer="kept")
    data_dir = journal.paths.data_dir
    monkeypatch.chdir(data_dir)
    said = refused_restore(cli, data_dir, name)
    assert says in said and len(said.splitlines()) == 1


@pytest.mark.usefixtures("fast_kdf")
def test_data_restore_asks_the_passphrase_and_proves_it_on_the_backup(
    cli: Cli, journal: Journal, data_dir: Path, clock: Clock
) -> None:
    journal.entries.add(kind="journal", answer="march")
    journal.maintenance.encrypt(EncryptedCodec(PASSPHRASE))
    snapshot = Journal(data_dir, clock=clock, codec=EncryptedCodec(PASSPHRASE)).maintenance.backup()
    (data_dir / "journal.json").write_bytes(b"damaged beyond opening")
    wrong = cli("data", "restore", snapshot.name, env={"INTIMACY_PASSPHRASE": "not it"})
    assert wrong.exit_code == 1 and "wrong passphrase" in wrong.stderr
    result = cli("data", "restore", snapshot.name, env={"INTIMACY_PASSPHRASE": PASSPHRASE})
    assert result.exit_code == 0, result.stderr
    assert answers(Journal(data_dir, codec=EncryptedCodec(PASSPHRASE))) == ["march"]
