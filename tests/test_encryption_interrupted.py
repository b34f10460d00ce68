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
from helpers.backups import backup_files, backups_in
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
    assert len(backups_in(data_dir)) == 2
    return journal


def encrypted(data_dir: Path, clock: Clock) -> Journal:
    two_backups(data_dir, clock).maintenance.encrypt(EncryptedCodec(OLD))
    return Journal(data_dir, clock=clock, codec=EncryptedCodec(OLD))


def shared_tables(data_dir: Path, clock: Clock) -> Journal:
    """A plain journal holding :data:`MARKER` in March and April, with two
    snapshots that share March's table file (a hard link: it did not change)."""
    journal = Journal(data_dir, clock=clock)
    journal.entries.add(kind="journal", answer=f"{MARKER} in March")
    clock.advance(days=31)
    journal.entries.add(kind="journal", answer=f"{MARKER} on April 1")  # a snapshot of March
    clock.advance(days=1)
    journal.entries.add(kind="journal", answer=f"{MARKER} on April 2")  # and one of both months
    (data_dir / "welcome-shown").write_text("shown\n")
    assert len(backups_in(data_dir)) == 2
    return journal


def shared(data_dir: Path) -> list[tuple[str, str]]:
    """Each pair of files of different backups that are one file (hard links:
    the same device and inode), as paths relative to the backups folder."""
    folder = data_dir / "backups"
    files = [(file, file.stat()) for file in backup_files(data_dir)]
    return [
        (one.relative_to(folder).as_posix(), other.relative_to(folder).as_posix())
        for at, (one, seen) in enumerate(files)
        for other, also in files[at + 1 :]
        if (seen.st_dev, seen.st_ino) == (also.st_dev, also.st_ino)
    ]


def the_journal(target: Path) -> bool:
    """``before`` for the journal's own ``journal.json``, not a snapshot's."""
    return target.name == "journal.json" and "backups" not in target.parts


def in_backups(target: Path) -> bool:
    return "backups" in target.parts


def killed(action: Callable[[], object], *, before: Callable[[Path], bool]) -> None:
    """Run ``action`` in a forked child that ends (``os._exit``: no clean-up at
    all) just before the first ``os.replace`` (or ``os.rename``: a snapshot's
    folder) onto a path ``before`` accepts."""
    pid = os.fork()
    if pid == 0:
        real_replace, real_rename = os.replace, os.rename

        def replace(source: object, target: object, **kwargs: object) -> None:
            if before(Path(str(target))):
                os._exit(KILLED)
            real_replace(source, target, **kwargs)  # type: ignore[arg-type]

        def rename(source: object, target: object, **kwargs: object) -> None:
            if before(Path(str(target))):
                os._exit(KILLED)
            real_rename(source, target, **kwargs)  # type: ignore[arg-type]

        os.replace = replace  # type: ignore[assignment]
        os.rename = rename  # type: ignore[assignment]
        try:
            action()
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == KILLED, "the action ended before the kill point"


def nth(count: int, among: Callable[[Path], bool] = lambda _target: True) -> Callable[[Path], bool]:
    """``before`` for the ``count``-th replace (of those onto a path ``among``
    accepts), whatever it replaces."""
    seen = [0]

    def check(target: Path) -> bool:
        if not among(target):
            return False
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
    """Temporary files (or files in a temporary folder: a killed snapshot's),
    staged files and the plan, anywhere in the data folder."""
    return [
        name
        for name in files_in(data_dir)
        if any(part.endswith(".tmp") for part in Path(name).parts)
        or ".converted" in name
        or name == "conversion.json"
    ]


def staged_in_backups(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "backups").rglob("*.converted"))


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
    killed(journal.maintenance.decrypt, before=the_journal)
    assert crypto.is_encrypted_file(data_dir / "journal.json")  # the journal changes last

    result = run("review", "--json", passphrase=OLD)  # any command, even a read

    assert result.exit_code == 0, result.stderr
    assert not crypto.is_encrypted_file(data_dir / "journal.json")  # finished
    assert backup_files(data_dir)
    assert all(not crypto.is_encrypted_file(path) for path in backup_files(data_dir))
    assert leftovers(data_dir) == []
    assert len(json.loads(result.stdout)) == 3


@pytest.mark.parametrize("at", [2, 3, 4, 5])
def test_a_decrypt_killed_while_converting_is_undone_and_the_next_passphrase_change_is_whole(
    data_dir: Path, clock: Clock, at: int
) -> None:
    journal = encrypted(data_dir, clock)
    killed(journal.maintenance.decrypt, before=nth(at))  # some backup files staged, not all

    result = run("data", "passphrase", passphrase=OLD, new=NEW)

    assert result.exit_code == 0, result.stderr
    assert "Left as they were" not in result.stderr  # nothing calls them damaged
    assert holding(data_dir, MARKER.encode()) == []
    assert opens_with(data_dir / "journal.json", NEW)
    assert backup_files(data_dir)
    assert all(opens_with(path, NEW) for path in backup_files(data_dir))
    assert leftovers(data_dir) == []


def test_an_interrupted_conversion_keeps_no_secret_in_its_plan(
    data_dir: Path, clock: Clock
) -> None:
    journal = encrypted(data_dir, clock)
    killed(lambda: journal.maintenance.reencrypt(EncryptedCodec(NEW)), before=the_journal)
    plan = (data_dir / "conversion.json").read_bytes()
    for secret in (OLD, NEW, MARKER):
        assert secret.encode() not in plan
    assert json.loads(plan)["state"] == "committed"
    # Only names: every file of every snapshot, relative to the backups folder.
    assert json.loads(plan)["backups"] == [
        path.relative_to(data_dir / "backups").as_posix() for path in backup_files(data_dir)
    ]


# -- a new passphrase, and encrypting -----------------------------------------------


# Every replace of the conversion: the plan (1), the four files of the two
# snapshots, the table and the journal staged (2-7), the commit (8), the same
# six files put in place (9-14) and the marker (15).
@pytest.mark.parametrize("at", range(1, 16))
def test_a_passphrase_change_killed_anywhere_leaves_one_passphrase_for_everything(
    data_dir: Path, clock: Clock, at: int
) -> None:
    journal = encrypted(data_dir, clock)
    killed(lambda: journal.maintenance.reencrypt(EncryptedCodec(NEW)), before=nth(at))

    first = run("review", "--json", passphrase=OLD)
    which = OLD if first.exit_code == 0 else NEW
    Journal(data_dir, codec=EncryptedCodec(which)).entries.add(kind="journal", answer="next")
    assert opens_with(data_dir / "journal.json", which)
    assert backup_files(data_dir)
    assert all(opens_with(path, which) for path in backup_files(data_dir)), which
    assert leftovers(data_dir) == []


def test_an_encrypt_killed_after_its_commit_is_finished_before_the_passphrase_is_asked(
    data_dir: Path, clock: Clock
) -> None:
    journal = two_backups(data_dir, clock)
    killed(lambda: journal.maintenance.encrypt(EncryptedCodec(OLD)), before=the_journal)
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
    first, _ = backups_in(data_dir)
    # One backup file (the first snapshot's table) whose header asks for more
    # memory than this machine has now: scrypt's MemoryError must become "this
    # backup cannot be read".
    (first,) = (path for path in (first / "tables").iterdir() if path.name.startswith("entries"))
    others = [path for path in backup_files(data_dir) if path != first]
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
    assert others
    assert all(opens_with(path, NEW) for path in others)
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
    earlier = {path: path.read_bytes() for path in backup_files(data_dir)}
    killed(journal.maintenance.backup, before=lambda target: target.parent.name == "backups")
    assert leftovers(data_dir)  # the killed snapshot's temporary folder
    assert len(backups_in(data_dir)) == 2

    journal.entries.add(kind="journal", answer="the next write sweeps it")
    assert leftovers(data_dir) == []
    # The files it linked from the last snapshot are that snapshot's still.
    assert {path: path.read_bytes() for path in earlier} == earlier


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


# -- snapshots that share a table ------------------------------------------------------


@pytest.mark.parametrize("interrupted", [False, True])
def test_snapshots_that_share_a_table_still_share_it_once_encrypted(
    data_dir: Path, clock: Clock, interrupted: bool
) -> None:
    journal = shared_tables(data_dir, clock)
    linked = shared(data_dir)
    assert len(linked) == 1  # March's table: one file in both snapshots
    ((first, second),) = linked
    assert first.endswith("/tables/entries-2026-03-01.g1.json")
    if interrupted:
        # Killed after the commit, between putting the two snapshots' copies in place.
        killed(
            lambda: journal.maintenance.encrypt(EncryptedCodec(OLD)),
            before=lambda target: target.as_posix().endswith(f"/backups/{second}"),
        )
        assert shared(data_dir) == []  # one converted, the other not yet
        result = run("review", "--json", passphrase=OLD)  # the next command finishes it
        assert result.exit_code == 0, result.stderr
        assert len(json.loads(result.stdout)) == 3
    else:
        assert journal.maintenance.encrypt(EncryptedCodec(OLD)) == []

    assert shared(data_dir) == linked  # converted once, shared as before
    assert all(opens_with(path, OLD) for path in backup_files(data_dir))
    assert holding(data_dir, MARKER.encode()) == []
    assert leftovers(data_dir) == []


# The replaces onto files in the snapshots: staging (the two manifests, March's
# table once, April's: the second copy of March's is a link) is before the
# commit; putting every one of the five files in place is after it.
@pytest.mark.parametrize(
    ("at", "committed"),
    [*((at, False) for at in range(1, 5)), *((at, True) for at in range(1, 6))],
)
def test_a_passphrase_change_killed_inside_the_snapshots_is_undone_or_finished(
    data_dir: Path, clock: Clock, at: int, committed: bool
) -> None:
    shared_tables(data_dir, clock).maintenance.encrypt(EncryptedCodec(OLD))
    linked = shared(data_dir)
    assert linked
    before = files_in(data_dir)

    def staging(target: Path) -> bool:
        return in_backups(target) and target.name.endswith(".converted")

    def putting_in_place(target: Path) -> bool:
        return in_backups(target) and not target.name.endswith(".converted")

    journal = Journal(data_dir, clock=clock, codec=EncryptedCodec(OLD))
    killed(
        lambda: journal.maintenance.reencrypt(EncryptedCodec(NEW)),
        before=nth(at, putting_in_place if committed else staging),
    )
    plan = json.loads((data_dir / "conversion.json").read_bytes())
    assert plan["state"] == ("committed" if committed else "staged")
    if at > 1:
        assert staged_in_backups(data_dir)  # files staged beside the snapshots' own

    which, other = (NEW, OLD) if committed else (OLD, NEW)
    result = run("review", "--json", passphrase=which)  # any command, even a read

    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)) == 3
    assert staged_in_backups(data_dir) == []
    assert leftovers(data_dir) == []
    if not committed:
        assert files_in(data_dir) == before  # undone: as it was, byte for byte
    assert backup_files(data_dir)
    for path in [
        data_dir / "journal.json",
        *(data_dir / "tables").iterdir(),
        *backup_files(data_dir),
    ]:
        assert opens_with(path, which), path
        assert not opens_with(path, other), path
    assert shared(data_dir) == linked
    assert holding(data_dir, MARKER.encode()) == []


def test_a_conversion_that_fails_after_its_commit_says_it_was_converted(
    journal: Journal, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the plan saying "committed" is written, a failure applying it is
    finished by the conversion itself (or the next command): never reported
    as "nothing was changed"."""
    from intimacy_cli.store import conversion

    journal.entries.add(kind="journal", answer="only for me")
    real_apply = conversion._apply
    calls: list[int] = []

    def apply_failing_once(*args: object) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise OSError(5, "Input/output error")
        real_apply(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(conversion, "_apply", apply_failing_once)
    with pytest.raises(JournalError) as raised:
        journal.maintenance.encrypt(EncryptedCodec("a passphrase"))
    assert crypto.is_encrypted_file(data_dir / "journal.json")
    assert "nothing was changed" not in raised.value.message
    assert "was converted" in raised.value.message
