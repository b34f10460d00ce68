"""What keeps an encrypted journal's promise beyond the file format: a
journal swapped for a plaintext or older copy is refused (and can be
accepted on purpose), the data folder must be the person's own and private,
core dumps are off once a passphrase is in memory, and the key-derivation
cost meets current guidance within bounds a header cannot exceed."""

from __future__ import annotations

import getpass
import json
import os
import shutil
import struct
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.kdf import scrypt
from helpers.app import PATIENCE, Outcome
from helpers.backups import backup_files, backups_in, restore
from helpers.store import FAST_COST, Clock, files_in, holding, mode, stored_document
from typer.testing import CliRunner

from intimacy_cli.cli import app
from intimacy_cli.store import Journal, JournalError, backups, crypto
from intimacy_cli.store.crypto import MAGIC, EncryptedCodec, ScryptCost
from intimacy_cli.ui import console

pytestmark = pytest.mark.usefixtures("fast_kdf")

Cli = Callable[..., Outcome]

PASSPHRASE = "a passphrase for the guards"
MARKER = "MARKER-93aa mine alone"
GENERATION = slice(54, 62)


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    def without_terminal(prompt: str = "") -> str:
        warnings.warn("Can not control echo on the terminal.", getpass.GetPassWarning, 2)
        raise AssertionError("getpass would now read stdin with echo on")

    monkeypatch.setattr(getpass, "getpass", without_terminal)


def run(*args: str, passphrase: str | None = PASSPHRASE, stdin: str | None = None) -> Outcome:
    console.reset()
    result = CliRunner().invoke(
        app, list(args), input=stdin, env={"INTIMACY_PASSPHRASE": passphrase}
    )
    console.reset()
    return Outcome(result.exit_code, result.stdout, result.stderr)


def codec() -> EncryptedCodec:
    return EncryptedCodec(PASSPHRASE)


def encrypted(data_dir: Path, clock: Clock) -> Journal:
    """An encrypted journal holding :data:`MARKER`, with a backup of day one."""
    journal = Journal(data_dir, clock=clock)
    journal.entries.add(kind="journal", answer=f"{MARKER} day one")
    clock.advance(days=1)
    journal.entries.add(kind="journal", answer=f"{MARKER} day two")
    (data_dir / "welcome-shown").write_text("shown\n")
    journal.maintenance.encrypt(codec())
    return Journal(data_dir, clock=clock, codec=codec())


def generation(path: Path) -> int:
    value: int = struct.unpack(">Q", path.read_bytes()[GENERATION])[0]
    return value


def one_line(text: str) -> bool:
    return len(text.strip().splitlines()) <= 2 and "Traceback" not in text  # the error, its hint


# -- a journal swapped behind the app's back -----------------------------------------


def test_every_encrypted_write_counts_up_and_the_data_folder_remembers(
    data_dir: Path, clock: Clock
) -> None:
    journal = encrypted(data_dir, clock)
    first = generation(journal.path)
    journal.entries.add(kind="journal", answer="again")
    # Higher than every file written before it (the table files are sealed first).
    later = generation(journal.path)
    assert later > first
    assert all(generation(path) < later for path in (data_dir / "tables").iterdir())
    remembered = json.loads((data_dir / "encryption.json").read_text())
    assert remembered == {"format": 1, "encrypted": True, "generation": later}
    assert mode(data_dir / "encryption.json") == 0o600
    assert PASSPHRASE not in (data_dir / "encryption.json").read_text()


def test_a_journal_that_turns_up_plaintext_is_refused_not_written_in_plaintext(
    data_dir: Path, clock: Clock
) -> None:
    encrypted(data_dir, clock)
    journal_file = data_dir / "journal.json"
    # Someone swaps in a plaintext journal (here: the day-one snapshot, decrypted).
    (backup,) = backups_in(data_dir)
    for file in backups.files_of(backup):
        (data_dir / file.relative_to(backup)).write_bytes(codec().decode(file.read_bytes()))
    assert not crypto.is_encrypted(journal_file.read_bytes())
    before = files_in(data_dir)

    for args in (("journal",), ("review",)):
        result = run(*args, stdin="never saved in plaintext")
        assert result.exit_code == 1
        assert f"the journal {journal_file} is not encrypted, but it was encrypted" in (
            result.stderr
        )
        assert "intimacy data accept-journal" in result.stderr
        assert one_line(result.stderr)
    assert files_in(data_dir) == before


def test_an_older_encrypted_copy_in_the_journals_place_is_refused(
    data_dir: Path, clock: Clock
) -> None:
    journal = encrypted(data_dir, clock)
    older = journal.path.read_bytes()
    journal.entries.add(kind="journal", answer="newer")
    journal.path.write_bytes(older)  # a rollback: valid, same passphrase, older
    before = files_in(data_dir)
    result = run("journal", stdin="x")
    assert result.exit_code == 1
    assert f"the journal {journal.path} is an older copy than the one last saved here" in (
        result.stderr
    )
    assert files_in(data_dir) == before


def test_a_missing_journal_is_not_silently_restarted_in_plaintext(
    data_dir: Path, clock: Clock
) -> None:
    journal = encrypted(data_dir, clock)
    journal.path.unlink()
    result = run("journal", stdin="would start a plaintext journal")
    assert result.exit_code == 1
    assert "is missing, but an encrypted journal was kept here" in result.stderr
    assert not journal.path.exists()


def test_an_encrypted_copy_from_before_a_decrypt_is_still_older_after_encrypting_again(
    data_dir: Path, clock: Clock
) -> None:
    journal = encrypted(data_dir, clock)
    from_before = journal.path.read_bytes()
    journal.maintenance.decrypt()
    Journal(data_dir).maintenance.encrypt(codec())
    journal.path.write_bytes(from_before)
    with pytest.raises(JournalError, match="is an older copy"):
        Journal(data_dir, codec=codec()).entries.count()


def test_accepting_a_plaintext_journal_on_purpose(data_dir: Path, clock: Clock) -> None:
    journal = encrypted(data_dir, clock)
    journal.maintenance.decrypt()  # the app's own decrypt: nothing to accept afterwards
    assert run("data", "accept-journal").stderr.startswith("Nothing to accept")
    Journal(data_dir).maintenance.encrypt(codec())
    for path in [data_dir / "journal.json", *(data_dir / "tables").iterdir()]:
        path.write_bytes(codec().decode(path.read_bytes()))  # decrypted with "another tool"

    result = run("data", "accept-journal", passphrase=None)

    assert result.exit_code == 0, result.stderr
    assert "is not encrypted, but it was encrypted" in result.stderr
    assert "Accepted" in result.stderr
    assert run("journal", stdin="plain now", passphrase=None).exit_code == 0
    assert "plain now" in {e.answer for e in Journal(data_dir).entries.query()}


def test_accepting_a_restored_backup_needs_its_passphrase(data_dir: Path, clock: Clock) -> None:
    encrypted(data_dir, clock)
    (backup,) = backups_in(data_dir)
    restore(backup, data_dir)  # restoring a backup, as the README says
    assert run("review").exit_code == 1
    marker_before = (data_dir / "encryption.json").read_bytes()

    wrong = run("data", "accept-journal", passphrase="not it")
    assert wrong.exit_code == 1
    assert "wrong passphrase" in wrong.stderr
    assert (data_dir / "encryption.json").read_bytes() == marker_before

    assert run("data", "accept-journal").exit_code == 0
    assert run("journal", stdin="after the restore").exit_code == 0
    answers = {str(e.answer) for e in Journal(data_dir, codec=codec()).entries.query()}
    assert answers == {f"{MARKER} day one", "after the restore"}
    assert holding(data_dir, MARKER.encode()) == []


def test_accepting_an_older_copy_keeps_the_copies_that_were_newer_refused(
    data_dir: Path, clock: Clock
) -> None:
    journal = encrypted(data_dir, clock)
    older = journal.path.read_bytes()
    journal.entries.add(kind="journal", answer="newer")
    newest = journal.path.read_bytes()
    journal.path.write_bytes(older)
    assert run("data", "accept-journal").exit_code == 0
    assert generation(journal.path) > struct.unpack(">Q", newest[GENERATION])[0]

    journal.path.write_bytes(newest)  # the copy that was the journal before the restore
    result = run("review")
    assert result.exit_code == 1
    assert "is an older copy" in result.stderr


def test_a_journal_from_format_1_still_opens_and_moves_to_format_2_on_its_next_write(
    data_dir: Path,
) -> None:
    Journal(data_dir).entries.add(kind="journal", answer=MARKER)
    # Format 1 is older than schema 4: a journal then was one whole document.
    document = json.dumps(stored_document(data_dir)).encode()
    shutil.rmtree(data_dir / "tables")
    # Built by hand the way format 1 was: no generation after the nonce.
    salt, nonce = os.urandom(16), os.urandom(12)
    header = MAGIC + struct.pack(">BBIII", 1, 1, FAST_COST.n, FAST_COST.r, FAST_COST.p)
    header += salt + nonce
    kdf = scrypt.Scrypt(salt=salt, length=32, n=FAST_COST.n, r=FAST_COST.r, p=FAST_COST.p)
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    sealed = AESGCM(kdf.derive(PASSPHRASE.encode())).encrypt(nonce, document, header)
    (data_dir / "journal.json").write_bytes(header + sealed)

    journal = Journal(data_dir, codec=codec())
    assert journal.entries.count() == 1  # no marker yet: a folder from before it existed
    journal.entries.add(kind="journal", answer="in format 2")
    stored = journal.path.read_bytes()
    assert stored[len(MAGIC)] == 2
    assert stored[26:42] == salt  # same salt and cost: same key
    assert Journal(data_dir, codec=codec()).entries.count() == 2


# -- the data folder -------------------------------------------------------------------


def test_a_world_writable_data_folder_is_refused(data_dir: Path) -> None:
    Journal(data_dir).entries.add(kind="journal", answer="mine")
    data_dir.chmod(0o777)
    before = files_in(data_dir)
    for args in (("journal",), ("review",)):
        result = run(*args, stdin="x", passphrase=None)
        assert result.exit_code == 1
        assert f"the data folder {data_dir} can be changed by every user" in result.stderr
        assert f"chmod 700 {data_dir}" in result.stderr
        assert one_line(result.stderr)
    assert files_in(data_dir) == before


def test_a_data_folder_owned_by_someone_else_is_refused(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Journal(data_dir).entries.add(kind="journal", answer="mine")
    monkeypatch.setattr(os, "geteuid", lambda: data_dir.stat().st_uid + 1)
    result = run("review", passphrase=None)
    assert result.exit_code == 1
    assert f"the data folder {data_dir} belongs to another user" in result.stderr
    assert "--data-dir" in result.stderr
    assert one_line(result.stderr)


@pytest.fixture
def open_umask() -> Iterator[None]:
    before = os.umask(0)
    yield
    os.umask(before)


@pytest.mark.usefixtures("open_umask")
def test_folders_and_files_the_app_makes_are_private_even_under_umask_000(
    tmp_path: Path, clock: Clock
) -> None:
    data_dir = tmp_path / "made" / "by" / "the app"
    journal = Journal(data_dir, clock=clock)
    journal.entries.add(kind="journal", answer=MARKER)
    clock.advance(days=1)
    journal.entries.add(kind="journal", answer="day two")  # makes backups/
    journal.maintenance.encrypt(codec())
    (snapshot,) = backups_in(data_dir)
    for folder in (
        tmp_path / "made",
        tmp_path / "made" / "by",
        data_dir,
        data_dir / "backups",
        snapshot,
        snapshot / "tables",
    ):
        assert mode(folder) == 0o700, folder
    for name in files_in(data_dir):
        assert mode(data_dir / name) == 0o600, name


# -- core dumps ------------------------------------------------------------------------

PROBE = """
import ctypes, resource, sys
from pathlib import Path
from intimacy_cli.commands.state import AppState, journal_for
soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))  # as high as this system allows
journal_for(AppState(data_dir_option=Path(sys.argv[1]))).entries.count()
libc = ctypes.CDLL(None)
print(resource.getrlimit(resource.RLIMIT_CORE), libc.prctl(3, 0, 0, 0, 0))  # PR_GET_DUMPABLE
"""


def probe(data_dir: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(data_dir)],
        capture_output=True,
        text=True,
        env={**os.environ, "INTIMACY_PASSPHRASE": PASSPHRASE},
        timeout=PATIENCE,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_core_dumps_are_off_once_an_encrypted_journal_is_unlocked(
    data_dir: Path, clock: Clock
) -> None:
    Journal(data_dir).entries.add(kind="journal", answer="plain")
    assert probe(data_dir).endswith(" 1")  # a plain journal: dumpable as ever
    (data_dir / "journal.json").unlink()
    encrypted(data_dir, clock)
    assert probe(data_dir) == "(0, 0) 0"


# -- the key-derivation cost -----------------------------------------------------------


def test_new_passphrases_get_scrypt_at_current_guidance() -> None:
    from intimacy_cli.store import crypto as fresh

    # The fast_kdf fixture swapped DEFAULT_COST; the module's own value is this.
    source = Path(fresh.__file__).read_text()
    assert "DEFAULT_COST = ScryptCost(n=2**17, r=8, p=1)" in source
    assert ScryptCost(n=2**17, r=8, p=1).is_sane()


def test_a_new_passphrase_upgrades_an_older_cost(
    data_dir: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = encrypted(data_dir, clock)  # at FAST_COST, standing in for an older default
    newer = ScryptCost(n=2**11, r=8, p=1)
    monkeypatch.setattr(crypto, "DEFAULT_COST", newer)
    journal.maintenance.reencrypt(EncryptedCodec("new"))
    assert backup_files(data_dir)
    for path in (journal.path, *backup_files(data_dir)):
        assert struct.unpack(">III", path.read_bytes()[14:26]) == (newer.n, newer.r, newer.p)


@pytest.mark.parametrize(
    "cost",
    [
        (2**21, 1, 1),  # n above 2^20 (once within the old, work-only bound)
        (2**20, 4, 1),  # 512 MiB of memory
        (2**17, 8, 8),  # a billion bytes of work
        (2**10, 64, 1),  # r above 32
        (2**10, 8, 32),  # p above 16
        (2**10, 0, 1),
        (3, 8, 1),  # not a power of two
    ],
)
def test_a_header_outside_the_bounds_is_refused_before_any_key_is_derived(
    data_dir: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch, cost: tuple[int, int, int]
) -> None:
    journal = encrypted(data_dir, clock)
    data = bytearray(journal.path.read_bytes())
    struct.pack_into(">III", data, 14, *cost)
    journal.path.write_bytes(bytes(data))
    derived: list[int] = []
    monkeypatch.setattr(scrypt, "Scrypt", lambda **cost: derived.append(1))
    with pytest.raises(JournalError, match="encryption header is not valid"):
        Journal(data_dir, codec=codec()).entries.count()
    assert derived == []


def test_running_out_of_memory_deriving_a_key_is_one_calm_line(
    data_dir: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypted(data_dir, clock)

    class Exhausted:
        def __init__(self, **cost: object) -> None:
            pass

        def derive(self, secret: bytes) -> bytes:
            raise MemoryError

    monkeypatch.setattr(scrypt, "Scrypt", Exhausted)
    result = run("review")
    assert result.exit_code == 1
    assert "there is not enough memory to derive its key" in result.stderr
    assert one_line(result.stderr)
