"""Encrypting, decrypting, changing the passphrase and backing up, each
interrupted for real (a forked process ended with ``os._exit`` at a chosen
rename, as ``kill -9`` or a power cut would): the next command, whichever it
is, finishes or undoes the conversion, so no plaintext stays beside an
encrypted journal and no backups under two passphrases.

The exhaustive version (every system call of every writing command) is
``tests/test_fault_injection.py``; these pin the cases the issue named.
"""

from __future__ import annotations

import getpass
import json
import os
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.kdf import scrypt
from helpers.app import Outcome
from helpers.store import Clock, files_in, holding
from typer.testing import CliRunner

from intimacy_cli.cli import app
from intimacy_cli.store import Journal, JournalError, crypto
from intimacy_cli.store.crypto import EncryptedCodec
from intimacy_cli.store.errors import CodecError
from intimacy_cli.ui import console

pytestmark = pytest.mark.usefixtures("fast_kdf")

Cli = Callable[..., Outcome]

OLD = "the passphrase before"
NEW = "the passphrase after"
MARKER = "MARKER-0b7e only for me"
KILLED = 137


def two_backups(data_dir: Path, clock: Clock) -> Journal:
    """A plain journal holding :data:`MARKER`, with two backups (three days)."""
    journal = Journal(data_dir, clock=clock)
    for day in range(3):
        journal.entries.add(kind="journal", answer=f"{MARKER} day {day}")
        clock.advance(days=1)
    (data_dir / "welcome-shown").write_text("shown\n")
    assert len(backups(data_dir)) == 2
    return journal


def encrypted(data_dir: Path, clock: Clock) -> Journal:
    two_backups(data_dir, clock).maintenance.encrypt(EncryptedCodec(OLD))
    return Journal(data_dir, clock=clock, codec=EncryptedCodec(OLD))


def backups(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "backups").glob("journal-*.json"))


def killed(action: Callable[[], object], *, before: Callable[[Path], bool]) -> None:
    """Run ``action`` in a forked child that ends (``os._exit``: no clean-up at
    all) just before the first ``os.replace`` onto a path ``before`` accepts."""
    pid = os.fork()
    if pid == 0:
        real = os.replace

        def replace(source: object, target: object, **kwargs: object) -> None:
            if before(Path(str(target))):
                os._exit(KILLED)
            real(source, target, **kwargs)  # type: ignore[arg-type]

        os.replace = replace  # type: ignore[assignment]
        try:
            action()
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == KILLED, "the action ended before the kill point"


def nth(count: int) -> Callable[[Path], bool]:
    """``before`` for the ``count``-th replace, whatever it replaces."""
    seen = [0]

    def check(_target: Path) -> bool:
        seen[0] += 1
        return seen[0] == count

    return check


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """``getpass`` as without a terminal: it warns (which the app turns into
    an error) instead of reaching the real one."""

    def without_terminal(prompt: str = "") -> str:
        warnings.warn("Can not control echo on the terminal.", getpass.GetPassWarning, 2)
        raise AssertionError("getpass would now read stdin with echo on")

    monkeypatch.setattr(getpass, "getpass", without_terminal)


def run(*args: str, passphrase: str | None = None, new: str | None = None) -> Outcome:
    env = {"INTIMACY_PASSPHRASE": passphrase, "INTIMACY_NEW_PASSPHRASE": new}
    console.reset()
    result = CliRunner().invoke(app, list(args), env=env)
    console.reset()
    return Outcome(result.exit_code, result.stdout, result.stderr)


def leftovers(data_dir: Path) -> list[str]:
    return [
        name
        for name in files_in(data_dir)
        if name.endswith(".tmp") or ".converted" in name or name == "conversion.json"
    ]


def opens_with(path: Path, passphrase: str) -> bool:
    try:
        EncryptedCodec(passphrase).decode(path.read_bytes())
    except CodecError:
        return False
    return True


# -- decrypt --------------------------------------------------------------------------


def test_a_decrypt_killed_before_the_journal_changes_is_finished_by_the_next_read(
    data_dir: Path, clock: Clock
) -> None:
    journal = encrypted(data_dir, clock)
    killed(journal.maintenance.decrypt, before=lambda target: target.name == "journal.json")
    assert crypto.is_encrypted_file(data_dir / "journal.json")  # the journal changes last

    result = run("review", "--json", passphrase=OLD)  # any command, even a read

    assert result.exit_code == 0, result.stderr
    assert not crypto.is_encrypted_file(data_dir / "journal.json")  # finished
    assert all(not crypto.is_encrypted_file(path) for path in backups(data_dir))
    assert leftovers(data_dir) == []
    assert len(json.loads(result.stdout)) == 3


@pytest.mark.parametrize("at", [2, 3])
def test_a_decrypt_killed_while_converting_is_undone_and_the_next_passphrase_change_is_whole(
    data_dir: Path, clock: Clock, at: int
) -> None:
    journal = encrypted(data_dir, clock)
    killed(journal.maintenance.decrypt, before=nth(at))  # some backups written, not all

    result = run("data", "passphrase", passphrase=OLD, new=NEW)

    assert result.exit_code == 0, result.stderr
    assert "Left as they were" not in result.stderr  # nothing calls them damaged
    assert holding(data_dir, MARKER.encode()) == []
    assert opens_with(data_dir / "journal.json", NEW)
    assert all(opens_with(path, NEW) for path in backups(data_dir))
    assert leftovers(data_dir) == []


def test_an_interrupted_conversion_keeps_no_secret_in_its_plan(
    data_dir: Path, clock: Clock
) -> None:
    journal = encrypted(data_dir, clock)
    killed(
        lambda: journal.maintenance.reencrypt(EncryptedCodec(NEW)),
        before=lambda target: target.name == "journal.json",
    )
    plan = (data_dir / "conversion.json").read_bytes()
    for secret in (OLD, NEW, MARKER):
        assert secret.encode() not in plan
    assert json.loads(plan)["state"] == "committed"


# -- a new passphrase, and encrypting -----------------------------------------------


@pytest.mark.parametrize("at", [1, 2, 3, 4, 5])
def test_a_passphrase_change_killed_anywhere_leaves_one_passphrase_for_everything(
    data_dir: Path, clock: Clock, at: int
) -> None:
    journal = encrypted(data_dir, clock)
    killed(lambda: journal.maintenance.reencrypt(EncryptedCodec(NEW)), before=nth(at))

    first = run("review", "--json", passphrase=OLD)
    which = OLD if first.exit_code == 0 else NEW
    Journal(data_dir, codec=EncryptedCodec(which)).entries.add(kind="journal", answer="next")
    assert opens_with(data_dir / "journal.json", which)
    assert all(opens_with(path, which) for path in backups(data_dir)), which
    assert leftovers(data_dir) == []


def test_an_encrypt_killed_after_its_commit_is_finished_before_the_passphrase_is_asked(
    data_dir: Path, clock: Clock
) -> None:
    journal = two_backups(data_dir, clock)
    killed(
        lambda: journal.maintenance.encrypt(EncryptedCodec(OLD)),
        before=lambda target: target.name == "journal.json",
    )
    assert not crypto.is_encrypted_file(data_dir / "journal.json")

    # Without a passphrase the command must refuse: the journal is encrypted now.
    refused = run("review", "--json")
    assert refused.exit_code == 1
    assert "is encrypted and there is no terminal to ask for its passphrase" in refused.stderr
    assert crypto.is_encrypted_file(data_dir / "journal.json")
    assert holding(data_dir, MARKER.encode()) == []
    assert run("review", "--json", passphrase=OLD).exit_code == 0


def test_a_damaged_plan_is_refused_in_one_line_and_changes_nothing(
    data_dir: Path, clock: Clock
) -> None:
    encrypted(data_dir, clock)
    (data_dir / "conversion.json").write_text('{"operation": "decrypt", "state": "maybe"}')
    before = files_in(data_dir)
    result = run("review", "--json", passphrase=OLD)
    assert result.exit_code == 1
    assert str(data_dir / "conversion.json") in result.stderr
    assert "is damaged" in result.stderr
    assert "Traceback" not in result.stderr
    assert files_in(data_dir) == before


def test_one_unreadable_backup_is_reported_and_never_stops_the_conversion(
    data_dir: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = encrypted(data_dir, clock)
    first, second = backups(data_dir)
    # One backup whose header asks for more memory than this machine has now:
    # scrypt's MemoryError must become "this backup cannot be read".
    data = bytearray(first.read_bytes())
    data[21] = 16  # r = 16: a plausible cost, and another key
    first.write_bytes(bytes(data))
    real = scrypt.Scrypt

    class ShortOfMemory:
        def __init__(self, **cost: int | bytes) -> None:
            self._cost = cost

        def derive(self, secret: bytes) -> bytes:
            if self._cost["r"] == 16:
                raise MemoryError
            return real(**self._cost).derive(secret)  # type: ignore[arg-type]

    monkeypatch.setattr(scrypt, "Scrypt", ShortOfMemory)
    untouched = first.read_bytes()

    assert journal.maintenance.reencrypt(EncryptedCodec(NEW)) == [first]

    assert first.read_bytes() == untouched
    assert opens_with(second, NEW)
    assert opens_with(data_dir / "journal.json", NEW)
    assert leftovers(data_dir) == []


# -- backups ------------------------------------------------------------------------


@pytest.mark.parametrize("inside", ["backups", "."])
def test_a_backup_into_the_data_folder_takes_the_lock(
    data_dir: Path, clock: Clock, inside: str
) -> None:
    from intimacy_cli.store.lock import held

    two_backups(data_dir, clock)
    busy = Journal(data_dir, clock=clock, lock_timeout=0.1)
    with (
        held(data_dir / "journal.json.lock", timeout=0),
        pytest.raises(JournalError, match="is busy"),
    ):
        busy.maintenance.backup((data_dir / inside).resolve())


def test_a_backup_killed_mid_write_leaves_nothing_after_the_next_command(
    data_dir: Path, clock: Clock
) -> None:
    journal = encrypted(data_dir, clock)
    clock.advance(days=1)
    killed(journal.maintenance.backup, before=lambda target: target.parent.name == "backups")
    assert leftovers(data_dir)  # the killed copy's temporary file

    journal.entries.add(kind="journal", answer="the next write sweeps it")
    assert leftovers(data_dir) == []


# -- words kept after a failed save ---------------------------------------------------


def test_kept_words_are_converted_with_the_journal(data_dir: Path, clock: Clock) -> None:
    journal = two_backups(data_dir, clock)
    kept = journal.recovery.keep([journal.entries.new(kind="journal", answer=f"{MARKER} kept")])
    assert kept is not None
    assert MARKER.encode() in kept.read_bytes()

    journal.maintenance.encrypt(EncryptedCodec(OLD))
    assert holding(data_dir, MARKER.encode()) == []  # the kept file too
    Journal(data_dir, codec=EncryptedCodec(OLD)).maintenance.reencrypt(EncryptedCodec(NEW))
    assert opens_with(kept, NEW)

    result = run("data", "recover", passphrase=NEW)
    assert result.exit_code == 0, result.stderr
    answers = {str(e.answer) for e in Journal(data_dir, codec=EncryptedCodec(NEW)).entries.query()}
    assert f"{MARKER} kept" in answers
