"""Encryption at rest, in the store: the file format, what is detected (wrong
passphrase, tampering, truncation, the wrong codec), and converting a journal
with its backups (encrypt, decrypt, new passphrase)."""

from __future__ import annotations

import errno
import json
import multiprocessing
import struct
from collections.abc import Callable
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.kdf import scrypt
from helpers.app import PATIENCE, V1_FIXTURE
from helpers.backups import backup_files, backups_in, opened
from helpers.store import FAST_COST, Clock, files_in, holding

from intimacy_cli.store import Journal, JournalError, backups, conversion, crypto, storage
from intimacy_cli.store.crypto import HEADER_SIZE, MAGIC, EncryptedCodec
from intimacy_cli.store.errors import CodecError

pytestmark = pytest.mark.usefixtures("fast_kdf")

PASSPHRASE = "correct horse battery staple"
MARKER = "MARKER-7f3b: something only I should read"
DAY_TWO = "day two"
SALT = slice(26, 42)
NONCE = slice(42, 54)
GENERATION = slice(54, 62)


def codec(passphrase: str = PASSPHRASE) -> EncryptedCodec:
    return EncryptedCodec(passphrase)


def with_a_backup(journal: Journal, clock: Clock) -> Journal:
    """``journal`` holding :data:`MARKER` and :data:`DAY_TWO`, with a backup of
    day one (made before day two's first change)."""
    journal.entries.add(kind="journal", answer=MARKER)
    clock.advance(days=1)
    journal.entries.add(kind="journal", answer=DAY_TWO)
    return journal


def encrypted(data_dir: Path, clock: Clock) -> Journal:
    """The journal of :func:`with_a_backup`, encrypted (its backup too)."""
    with_a_backup(Journal(data_dir, clock=clock), clock).maintenance.encrypt(codec())
    return Journal(data_dir, clock=clock, codec=codec())


def answers(journal: Journal) -> set[str]:
    return {str(entry.answer) for entry in journal.entries.query()}


@pytest.fixture
def scrypt_calls(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The salt of every key derivation from now on."""
    calls: list[bytes] = []
    real = scrypt.Scrypt

    def counting(*, salt: bytes, length: int, n: int, r: int, p: int) -> scrypt.Scrypt:
        calls.append(salt)
        return real(salt=salt, length=length, n=n, r=r, p=p)

    monkeypatch.setattr(scrypt, "Scrypt", counting)
    return calls


# -- the file format -------------------------------------------------------------


def test_a_document_survives_the_round_trip() -> None:
    document = b'{"schema_version":2,"entries":{}}'
    stored = codec().encode(document)
    assert document not in stored
    assert codec().decode(stored) == document  # a new codec finds salt and cost in the header


def test_a_passphrase_is_the_same_however_its_accents_are_composed() -> None:
    stored = codec("caf\u00e9 au lait").encode(b"{}")  # é as one character
    assert codec("cafe\u0301 au lait").decode(stored) == b"{}"  # e + combining accent


def test_the_header_describes_the_file() -> None:
    document = b'{"schema_version":2}'
    stored = codec().encode(document)
    assert stored.startswith(MAGIC)
    version, kdf, n, r, p = struct.unpack(">BBIII", stored[len(MAGIC) : SALT.start])
    assert (version, kdf, n, r, p) == (2, crypto.SCRYPT, FAST_COST.n, FAST_COST.r, FAST_COST.p)
    assert struct.unpack(">Q", stored[GENERATION]) == (1,)  # a codec's first write
    assert len(stored) == HEADER_SIZE + len(document) + crypto.TAG_SIZE
    assert crypto.is_encrypted(stored)
    assert not crypto.is_encrypted(document)


def test_header_detection_reads_only_the_start_of_the_file(
    journal: Journal, data_dir: Path
) -> None:
    assert not journal.encrypted  # no file yet
    journal.entries.add(kind="journal", answer="plain")
    assert not journal.encrypted
    journal.maintenance.encrypt(codec())
    assert journal.encrypted
    assert Journal(data_dir).encrypted  # whatever codec (or setting) says otherwise


def test_every_write_has_a_fresh_nonce_and_keeps_the_salt(data_dir: Path, clock: Clock) -> None:
    journal = encrypted(data_dir, clock)
    first = journal.path.read_bytes()
    journal.entries.add(kind="journal", answer="again")
    second = journal.path.read_bytes()
    Journal(data_dir, codec=codec()).entries.add(kind="journal", answer="from another command")
    third = journal.path.read_bytes()
    assert first[SALT] == second[SALT] == third[SALT]
    assert len({first[NONCE], second[NONCE], third[NONCE]}) == 3


def test_one_command_derives_its_key_once(
    data_dir: Path, clock: Clock, scrypt_calls: list[bytes]
) -> None:
    encrypted(data_dir, clock)
    scrypt_calls.clear()
    journal = Journal(data_dir, clock=clock, codec=codec())
    journal.maintenance.unlock()
    journal.entries.add(kind="journal", answer="one")
    journal.entries.add(kind="journal", answer="two")
    assert journal.entries.count() == 4
    assert len(scrypt_calls) == 1


# -- what is detected, changing nothing -------------------------------------------


def test_a_wrong_passphrase_is_one_clear_error_and_changes_nothing(
    data_dir: Path, clock: Clock
) -> None:
    encrypted(data_dir, clock)
    before = files_in(data_dir)
    wrong = Journal(data_dir, clock=clock, codec=codec("Correct horse battery staple"))
    for attempt in (
        wrong.maintenance.unlock,
        lambda: wrong.entries.add(kind="journal", answer="x"),
    ):
        with pytest.raises(JournalError) as caught:
            attempt()
        message = caught.value.message
        assert "wrong passphrase" in message
        assert str(data_dir / "journal.json") in message
        assert "\n" not in message
    assert files_in(data_dir) == before


def flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("offset", "problem"),
    [
        # The magic: no longer an encrypted file at all, where one was kept.
        (0, "is not encrypted, but it was encrypted when last used"),
        (12, "encrypted by a newer intimacy-cli"),  # format version 3
        (13, "encryption header is not valid"),  # key derivation id
        (17, "encryption header is not valid"),  # n is no longer a power of two
        (21, "wrong passphrase"),  # r: still plausible, so the key check catches it
        (30, "wrong passphrase"),  # salt
        (45, "wrong passphrase"),  # nonce
        (54, "wrong passphrase"),  # generation, now higher than the key sealed
        (HEADER_SIZE + 3, "wrong passphrase"),  # ciphertext
        (-1, "wrong passphrase"),  # authentication tag
    ],
)
def test_a_changed_byte_anywhere_is_detected(
    data_dir: Path, clock: Clock, offset: int, problem: str
) -> None:
    journal = encrypted(data_dir, clock)
    flip(journal.path, offset)
    before = files_in(data_dir)
    with pytest.raises(JournalError, match=problem):
        journal.entries.add(kind="journal", answer="never saved")
    assert files_in(data_dir) == before


def test_a_file_from_a_newer_format_asks_for_a_newer_version(data_dir: Path, clock: Clock) -> None:
    journal = encrypted(data_dir, clock)
    data = bytearray(journal.path.read_bytes())
    data[len(MAGIC)] = 3
    journal.path.write_bytes(bytes(data))
    with pytest.raises(JournalError, match="encrypted by a newer intimacy-cli") as caught:
        journal.entries.count()
    assert caught.value.hint is not None
    assert "update intimacy-cli" in caught.value.hint


@pytest.mark.parametrize("keep", [20, HEADER_SIZE + 5, -1])
def test_a_cut_short_file_is_detected(data_dir: Path, clock: Clock, keep: int) -> None:
    journal = encrypted(data_dir, clock)
    journal.path.write_bytes(journal.path.read_bytes()[:keep])
    before = files_in(data_dir)
    with pytest.raises(JournalError, match=r"cut short|wrong passphrase"):
        journal.entries.add(kind="journal", answer="never saved")
    assert files_in(data_dir) == before


def test_a_header_asking_for_huge_memory_is_refused_before_deriving(
    data_dir: Path, clock: Clock, scrypt_calls: list[bytes]
) -> None:
    journal = encrypted(data_dir, clock)
    data = bytearray(journal.path.read_bytes())
    struct.pack_into(">I", data, len(MAGIC) + 2, 2**30)  # n: 128 GiB of memory
    journal.path.write_bytes(bytes(data))
    scrypt_calls.clear()
    with pytest.raises(JournalError, match="encryption header is not valid"):
        journal.entries.count()
    assert scrypt_calls == []


def test_the_plain_codec_never_reads_or_writes_an_encrypted_file(
    data_dir: Path, clock: Clock
) -> None:
    encrypted(data_dir, clock)
    before = files_in(data_dir)
    plain = Journal(data_dir, clock=clock)
    with pytest.raises(JournalError, match="it is encrypted"):
        plain.entries.count()
    with pytest.raises(JournalError, match="it is encrypted"):
        plain.entries.add(kind="journal", answer="plaintext must not be appended")
    assert files_in(data_dir) == before


def test_an_encrypting_codec_refuses_a_plain_file(journal: Journal, data_dir: Path) -> None:
    journal.entries.add(kind="journal", answer="plain")
    before = files_in(data_dir)
    with pytest.raises(JournalError, match="it is not encrypted"):
        Journal(data_dir, codec=codec()).entries.add(kind="journal", answer="x")
    assert files_in(data_dir) == before


# -- encrypt ------------------------------------------------------------------------


def test_encrypting_converts_the_journal_and_backups_and_leaves_no_plaintext(
    journal: Journal, data_dir: Path, clock: Clock
) -> None:
    with_a_backup(journal, clock)
    folder = data_dir / "backups"
    # Temporary files (and a snapshot's temporary folder) that killed writers
    # left behind hold plaintext too.
    (folder / ".journal-20260301-090000.json.x1.tmp").write_text(MARKER)
    (folder / ".journal-20260303-090000.x3.tmp" / "tables").mkdir(parents=True)
    (folder / ".journal-20260303-090000.x3.tmp" / "tables" / "entries.g1.json").write_text(MARKER)
    (data_dir / ".journal.json.x2.tmp").write_text(MARKER)
    assert holding(data_dir, MARKER.encode())

    assert journal.maintenance.encrypt(codec()) == []

    assert holding(data_dir, MARKER.encode()) == []
    assert answers(Journal(data_dir, codec=codec())) == {MARKER, DAY_TWO}
    (backup,) = backups_in(data_dir)
    assert backup.is_dir()  # a snapshot: its manifest and its tables, each encrypted
    assert len(backup_files(data_dir)) > 1
    assert all(file.read_bytes().startswith(MAGIC) for file in backup_files(data_dir))
    assert MARKER.encode() in opened(backup, codec().decode)


def test_encrypting_and_decrypting_keep_the_document_byte_for_byte(
    journal: Journal, data_dir: Path, clock: Clock
) -> None:
    with_a_backup(journal, clock)
    named = set(journal.file.storage().manifest.file_names())  # type: ignore[union-attr]
    before = {
        name: data
        for name, data in files_in(data_dir).items()
        # The table files the manifest no longer names (kept for readers) go
        # with a conversion: they are under the old codec.
        if not name.startswith("tables/") or name.removeprefix("tables/") in named
    }
    journal.maintenance.encrypt(codec())
    assert files_in(data_dir) != before
    assert Journal(data_dir, codec=codec()).maintenance.decrypt() == []
    after = files_in(data_dir)
    # What stays: the marker, remembering the journal is plain now (and its last write).
    assert json.loads(after.pop("encryption.json"))["encrypted"] is False
    assert after == before


def test_encrypting_without_a_journal_starts_an_empty_encrypted_one(
    journal: Journal, data_dir: Path
) -> None:
    journal.maintenance.encrypt(codec())
    assert journal.encrypted
    assert journal.entries.count() == 0  # the journal now reads through the new codec
    journal.entries.add(kind="journal", answer=MARKER)
    assert answers(Journal(data_dir, codec=codec())) == {MARKER}
    assert holding(data_dir, MARKER.encode()) == []


def test_the_months_summaries_are_sealed_with_the_manifest(
    journal: Journal, data_dir: Path
) -> None:
    """A scale answer's wording is in its month's summary, in the manifest:
    encrypted like the entry itself, never beside it in plaintext."""
    journal.maintenance.encrypt(codec())
    sealed = Journal(data_dir, codec=codec())
    for value in (3, 8):
        sealed.entries.add(
            kind="reflection", answer=value, lesson="sample", question_id="q", question=MARKER
        )
    [summary] = sealed.entries.months().summaries()
    assert summary.scales[0].question == MARKER
    assert holding(data_dir, MARKER.encode()) == []


def test_the_summaries_file_is_converted_with_the_tables(
    journal: Journal, data_dir: Path, clock: Clock
) -> None:
    """The summaries of earlier months are in a file of their own: encrypting
    re-encodes it like a table file, and decrypting back too."""
    for month in range(3):  # so that earlier months' summaries go into the file
        journal.entries.add(
            kind="reflection", answer=month, lesson="sample", question_id="q", question=MARKER
        )
        clock.advance(days=31)
    assert len(holding(data_dir, MARKER.encode())) > 1  # the months, and the summaries file
    journal.maintenance.encrypt(codec())
    assert holding(data_dir, MARKER.encode()) == []
    sealed = Journal(data_dir, clock=clock, codec=codec())
    assert [summary.kinds["reflection"] for summary in sealed.entries.months().summaries()] == [
        1,
        1,
        1,
    ]
    sealed.maintenance.decrypt()
    plain = Journal(data_dir, clock=clock).entries.months().summaries()
    assert [summary.scales[0].question for summary in plain] == [MARKER] * 3


@pytest.mark.parametrize("with_passphrase", [False, True])
def test_encrypting_twice_is_refused(data_dir: Path, clock: Clock, with_passphrase: bool) -> None:
    encrypted(data_dir, clock)
    before = files_in(data_dir)
    opened = Journal(data_dir, codec=codec() if with_passphrase else storage.PLAIN)
    with pytest.raises(JournalError, match="is already encrypted; nothing was changed"):
        opened.maintenance.encrypt(codec("again"))
    assert files_in(data_dir) == before


# -- decrypt and a new passphrase --------------------------------------------------


@pytest.mark.parametrize("with_file", [True, False])
def test_decrypting_or_rekeying_a_plain_journal_is_refused(
    journal: Journal, data_dir: Path, with_file: bool
) -> None:
    if with_file:
        journal.entries.add(kind="journal", answer="plain")
    before = files_in(data_dir)
    with pytest.raises(JournalError, match="is not encrypted; nothing was changed"):
        journal.maintenance.decrypt()
    with pytest.raises(JournalError, match="is not encrypted; nothing was changed"):
        journal.maintenance.reencrypt(codec())
    assert files_in(data_dir) == before


def test_a_new_passphrase_replaces_the_old_one_everywhere(data_dir: Path, clock: Clock) -> None:
    journal = encrypted(data_dir, clock)
    old_salt = journal.path.read_bytes()[SALT]
    assert journal.maintenance.reencrypt(codec("a new passphrase")) == []

    with pytest.raises(JournalError, match="wrong passphrase"):
        Journal(data_dir, codec=codec()).entries.count()
    assert answers(Journal(data_dir, codec=codec("a new passphrase"))) == {
        MARKER,
        DAY_TWO,
    }
    assert journal.path.read_bytes()[SALT] != old_salt
    for file in backup_files(data_dir):
        with pytest.raises(CodecError):
            codec().decode(file.read_bytes())
    (backup,) = backups_in(data_dir)
    assert MARKER.encode() in opened(backup, codec("a new passphrase").decode)
    assert holding(data_dir, MARKER.encode()) == []


@pytest.mark.parametrize(
    "convert", [lambda j: j.maintenance.decrypt(), lambda j: j.maintenance.reencrypt(codec("new"))]
)
def test_a_wrong_passphrase_converts_nothing(
    data_dir: Path, clock: Clock, convert: Callable[[Journal], object]
) -> None:
    encrypted(data_dir, clock)
    before = files_in(data_dir)
    with pytest.raises(JournalError, match="wrong passphrase"):
        convert(Journal(data_dir, codec=codec("wrong")))
    assert files_in(data_dir) == before


@pytest.mark.parametrize(
    "name",
    [
        "journal-20250101-000000.json",  # a backup file
        "journal-20250101-000000/journal.json",  # a snapshot's manifest
        "journal-20250101-000000/tables/entries-2025-01-01.g1.json",  # a snapshot's table
    ],
)
def test_backups_the_passphrase_cannot_open_are_left_as_they_are(
    data_dir: Path, clock: Clock, name: str
) -> None:
    journal = encrypted(data_dir, clock)
    foreign = data_dir / "backups" / name
    if "/" in name:  # a snapshot: its other file opens, but is not the one left alone
        snapshot = data_dir / "backups" / "journal-20250101-000000"
        (snapshot / "tables").mkdir(parents=True)
        (snapshot / "journal.json").write_bytes(codec().encode(b'{"schema_version":4}'))
    foreign.write_bytes(codec("someone else's").encode(b'{"schema_version":2}'))
    untouched = foreign.read_bytes()

    assert journal.maintenance.decrypt() == [foreign]

    assert foreign.read_bytes() == untouched
    *_, ours = backups_in(data_dir)  # the one of 2026, after the foreign one
    # Decrypted like the journal: every file of it.
    assert not any(crypto.is_encrypted(file.read_bytes()) for file in backups.files_of(ours))
    assert MARKER.encode() in opened(ours, lambda stored: stored)


def test_a_conversion_that_fails_changes_nothing_and_can_simply_be_run_again(
    journal: Journal, data_dir: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_a_backup(journal, clock)
    before = files_in(data_dir)
    real = conversion.write_atomically

    def disk_full_at_the_journal(path: Path, data: bytes) -> None:
        # The journal's own, not a snapshot's: after the backup's files were staged.
        if path.name == ".journal.json.converted" and "backups" not in path.parts:
            assert list((data_dir / "backups").rglob("*.converted"))
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, data)

    with monkeypatch.context() as patch:
        patch.setattr(conversion, "write_atomically", disk_full_at_the_journal)
        with pytest.raises(JournalError) as caught:
            journal.maintenance.encrypt(codec())
    assert caught.value.message == (
        f"could not convert the journal {journal.path}: the disk is full; nothing was changed"
    )
    assert files_in(data_dir) == before  # the staged backup and the plan are gone too

    assert journal.maintenance.encrypt(codec()) == []
    assert holding(data_dir, MARKER.encode()) == []
    (backup,) = backups_in(data_dir)
    assert MARKER.encode() in opened(backup, codec().decode)


# -- an encrypted journal at work ----------------------------------------------------


def test_backups_made_while_encrypted_are_encrypted(data_dir: Path, clock: Clock) -> None:
    journal = encrypted(data_dir, clock)
    clock.advance(days=1)
    journal.entries.add(kind="journal", answer="day three")
    assert len(backups_in(data_dir)) == 2
    assert all(path.read_bytes().startswith(MAGIC) for path in backup_files(data_dir))
    assert holding(data_dir, MARKER.encode()) == []


def test_an_old_schema_stays_encrypted_through_its_migration(data_dir: Path, clock: Clock) -> None:
    data_dir.mkdir()
    journal = Journal(data_dir, clock=clock)
    journal.path.write_bytes(V1_FIXTURE.read_bytes())
    journal.maintenance.encrypt(codec())
    journal.entries.add(kind="journal", answer=MARKER)  # migrates, after a backup

    (backup,) = backups_in(data_dir)
    # A snapshot of the whole document: just its journal.json, as it was.
    assert backup_files(data_dir) == [backup / "journal.json"]
    assert opened(backup, codec().decode) == V1_FIXTURE.read_bytes()
    assert b'"schema_version":4' in codec().decode(journal.path.read_bytes())
    tables = list((data_dir / "tables").iterdir())
    assert tables and all(path.read_bytes().startswith(MAGIC) for path in tables)
    assert holding(data_dir, MARKER.encode()) == []


# fork: children start in milliseconds with everything already imported.
FORK = multiprocessing.get_context("fork")
WRITERS, EACH = 3, 15


def add_encrypted(data_dir: str, worker: int, start: Barrier) -> None:
    journal = Journal(Path(data_dir), lock_timeout=PATIENCE, codec=codec())
    start.wait()
    for number in range(EACH):
        journal.entries.add(kind="journal", answer=f"{worker}:{number}")


@pytest.mark.slow
def test_writers_at_once_lose_nothing_in_an_encrypted_journal(data_dir: Path, clock: Clock) -> None:
    encrypted(data_dir, clock)
    start = FORK.Barrier(WRITERS)
    writers = [
        FORK.Process(target=add_encrypted, args=(str(data_dir), worker, start))
        for worker in range(WRITERS)
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()  # a hang is caught by pytest-timeout
    assert [writer.exitcode for writer in writers] == [0] * WRITERS
    added = answers(Journal(data_dir, codec=codec())) - {MARKER, DAY_TWO}
    assert added == {f"{w}:{n}" for w in range(WRITERS) for n in range(EACH)}
    assert holding(data_dir, MARKER.encode()) == []
