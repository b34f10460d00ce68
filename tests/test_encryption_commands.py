"""``intimacy data encrypt|decrypt|passphrase``, and every other command on an
encrypted journal: where the passphrase comes from, how often it is asked for,
what is refused, and that no plaintext reaches the disk."""

from __future__ import annotations

import getpass
import json
import os
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.app import PATIENCE, WITH_SAMPLE, Outcome, bare_lesson_pack, run_subprocess
from helpers.backups import backup_files, backups_in
from helpers.scripted import ScriptedPrompter
from helpers.store import files_in, holding

from intimacy_cli.commands.state import AppState, journal_for
from intimacy_cli.store import Journal, crypto
from intimacy_cli.store.crypto import MAGIC, EncryptedCodec

Cli = Callable[..., Outcome]
Script = Callable[..., ScriptedPrompter]

pytestmark = pytest.mark.usefixtures("fast_kdf")

PASSPHRASE = "a long and memorable passphrase"
NEW = "an even longer, newer passphrase"
MARKER = "MARKER-c41d"
ASKED = "Passphrase for your journal: "
WITH_PASSPHRASE = {"INTIMACY_PASSPHRASE": PASSPHRASE}


class Terminal:
    """Stands in for ``getpass``: gives what the test typed, in order. With
    nothing (more) typed it behaves like ``getpass`` without a terminal: it
    warns, then would read stdin with echo on (the test fails if it gets there)."""

    def __init__(self) -> None:
        self.typed: list[str] = []
        self.prompts: list[str] = []

    def getpass(self, prompt: str = "Password: ") -> str:
        self.prompts.append(prompt)
        if not self.typed:
            warnings.warn("Can not control echo on the terminal.", getpass.GetPassWarning, 2)
            raise AssertionError("getpass would now read stdin with echo on")
        return self.typed.pop(0)


@pytest.fixture(autouse=True)
def terminal(monkeypatch: pytest.MonkeyPatch) -> Terminal:
    """No test here may reach the real terminal."""
    fake = Terminal()
    monkeypatch.setattr(getpass, "getpass", fake.getpass)
    return fake


def encrypt(data_dir: Path, passphrase: str = PASSPHRASE) -> None:
    """An encrypted journal with an entry and a backup holding :data:`MARKER`."""
    journal = Journal(data_dir)
    journal.entries.add(kind="journal", answer=f"{MARKER} first")
    journal.maintenance.backup()
    journal.maintenance.encrypt(EncryptedCodec(passphrase))


def opened(data_dir: Path, passphrase: str = PASSPHRASE) -> Journal:
    return Journal(data_dir, codec=EncryptedCodec(passphrase))


def one_line(text: str) -> bool:
    return len(text.strip().splitlines()) == 1 and "Traceback" not in text


# -- data encrypt -------------------------------------------------------------------


def test_encrypt_from_the_environment_leaves_no_plaintext_anywhere(
    cli: Cli, data_dir: Path
) -> None:
    assert cli("journal", input=f"{MARKER} one").exit_code == 0
    assert cli("journal", input=f"{MARKER} two").exit_code == 0  # backs up the first
    # The entries' table file, the one it replaced (kept for readers), and the
    # backup's (a snapshot: its words are in its table file).
    assert len(holding(data_dir, MARKER.encode())) == 3
    (backup,) = backups_in(data_dir)
    assert any(
        name.startswith(f"backups/{backup.name}/tables/")
        for name in holding(data_dir, MARKER.encode())
    )

    result = cli("data", "encrypt", env=WITH_PASSPHRASE)

    assert result.exit_code == 0, result.stderr
    assert "now encrypted" in result.stderr
    assert "nobody can read your journal" in result.stderr  # no recovery without it
    assert holding(data_dir, MARKER.encode()) == []
    assert backup_files(data_dir)
    assert all(path.read_bytes().startswith(MAGIC) for path in backup_files(data_dir))
    assert {e.answer for e in opened(data_dir).entries.query()} == {
        f"{MARKER} one",
        f"{MARKER} two",
    }


def test_encrypt_asks_for_the_new_passphrase_twice(
    cli: Cli, data_dir: Path, terminal: Terminal
) -> None:
    terminal.typed = [PASSPHRASE, PASSPHRASE]
    result = cli("data", "encrypt")
    assert result.exit_code == 0, result.stderr
    assert terminal.prompts == ["New passphrase: ", "The same passphrase again: "]
    assert opened(data_dir).entries.count() == 0


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ([""], "the passphrase cannot be empty"),
        ([], "there is no terminal to type a new passphrase in"),
    ],
)
def test_encrypt_refuses_a_passphrase_it_cannot_trust(
    cli: Cli, data_dir: Path, terminal: Terminal, typed: list[str], problem: str
) -> None:
    Journal(data_dir).entries.add(kind="journal", answer=MARKER)
    before = files_in(data_dir)
    terminal.typed = typed
    result = cli("data", "encrypt")
    assert result.exit_code == 1
    assert problem in result.stderr
    assert one_line(result.stderr.split("\n", 1)[1])  # after the no-recovery note
    assert files_in(data_dir) == before


def test_encrypt_refuses_an_encrypted_journal_without_asking(
    cli: Cli, data_dir: Path, terminal: Terminal
) -> None:
    encrypt(data_dir)
    before = files_in(data_dir)
    result = cli("data", "encrypt")
    assert result.exit_code == 1
    assert "is already encrypted; nothing was changed" in result.stderr
    assert "intimacy data passphrase" in result.stderr
    assert terminal.prompts == []
    assert files_in(data_dir) == before


# -- the passphrase, once per command ------------------------------------------------


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (("journal",), "typed after the passphrase"),
        ((*WITH_SAMPLE, "reflect", "sample", "--answers", "-"), '{"one-line": "a line"}'),
        (("data", "backup"), None),
        ((*WITH_SAMPLE,), None),  # the home screen's summary reads the journal
    ],
)
def test_commands_that_read_or_write_ask_once(
    cli: Cli, data_dir: Path, terminal: Terminal, args: tuple[str, ...], stdin: str | None
) -> None:
    encrypt(data_dir)
    terminal.typed = [PASSPHRASE]
    result = cli(*args, input=stdin)
    assert result.exit_code == 0, result.stderr
    assert terminal.prompts == [ASKED]
    assert holding(data_dir, MARKER.encode()) == []


def test_the_home_menu_asks_once_for_everything_it_runs(
    cli: Cli, data_dir: Path, terminal: Terminal, scripted: Script
) -> None:
    encrypt(data_dir)
    terminal.typed = [PASSPHRASE]
    scripted(
        ("select", "What would you like to do?", "Write in your journal"),
        ("long_text", "What's on your mind?", f"{MARKER} from the menu"),
        ("select", "What would you like to do?", "Quit"),
    )
    result = cli(*WITH_SAMPLE)
    assert result.exit_code == 0, result.stderr
    assert terminal.prompts == [ASKED]
    assert "Journal: 2 entries" in result.stdout
    assert f"{MARKER} from the menu" in {e.answer for e in opened(data_dir).entries.query()}


def test_a_lesson_is_learned_and_remembered_in_an_encrypted_journal(
    cli: Cli, data_dir: Path, terminal: Terminal, scripted: Script, tmp_path: Path
) -> None:
    encrypt(data_dir)
    terminal.typed = [PASSPHRASE]
    scripted(("select", "What next?", "next"))
    result = cli(*bare_lesson_pack(tmp_path / "pack"), "learn", "bare")
    assert result.exit_code == 0, result.stderr
    assert terminal.prompts == [ASKED]
    assert "bare" in opened(data_dir).sessions.completed_lessons()
    assert b"bare" not in (data_dir / "journal.json").read_bytes()


def test_journal_for_keeps_the_unlocked_codec_for_the_whole_command(
    data_dir: Path, terminal: Terminal
) -> None:
    encrypt(data_dir)
    terminal.typed = [PASSPHRASE]
    state = AppState(data_dir_option=data_dir)
    assert journal_for(state).entries.count() == 1
    assert journal_for(state).entries.count() == 1
    assert terminal.prompts == [ASKED]


def test_commands_that_only_locate_the_journal_ask_nothing(
    cli: Cli, data_dir: Path, terminal: Terminal
) -> None:
    encrypt(data_dir)
    for args in (("data", "path"), ("lessons",), ("read", "welcome")):
        assert cli(*args).exit_code == 0
    assert terminal.prompts == []


@pytest.mark.parametrize("source", ["typed", "environment"])
def test_a_wrong_passphrase_stops_the_command_before_anything_is_written(
    cli: Cli, data_dir: Path, terminal: Terminal, source: str
) -> None:
    encrypt(data_dir)
    before = files_in(data_dir)
    terminal.typed = ["not it"] * 3  # typed: three tries, all wrong
    env = {"INTIMACY_PASSPHRASE": "not it"} if source == "environment" else None
    result = cli("journal", input="lost words", env=env)
    assert result.exit_code == 1
    *retries, error = result.stderr.strip().splitlines()
    assert "wrong passphrase" in error
    assert str(data_dir / "journal.json") in error
    assert len(retries) == (2 if source == "typed" else 0)
    assert files_in(data_dir) == before


def test_without_a_terminal_or_the_variable_it_says_how_to_give_one(
    cli: Cli, data_dir: Path
) -> None:
    encrypt(data_dir)
    before = files_in(data_dir)
    result = cli("journal", input="a note")
    assert result.exit_code == 1
    assert "is encrypted and there is no terminal to ask for its passphrase" in result.stderr
    assert "set INTIMACY_PASSPHRASE" in result.stderr
    assert one_line(result.stderr)
    assert files_in(data_dir) == before


@pytest.mark.slow
def test_without_a_controlling_terminal_the_real_getpass_is_not_used(data_dir: Path) -> None:
    encrypt(data_dir)
    result = subprocess.run(
        [sys.executable, "-m", "intimacy_cli", "journal"],
        input="a note",
        capture_output=True,
        text=True,
        start_new_session=True,  # no controlling terminal, as under cron
        timeout=PATIENCE,
        check=False,
    )
    assert result.returncode == 1
    assert "there is no terminal to ask for its passphrase" in result.stderr
    assert one_line(result.stderr)


# -- --editor ---------------------------------------------------------------------


def test_the_editor_is_refused_for_an_encrypted_journal_before_any_passphrase(
    cli: Cli, data_dir: Path, terminal: Terminal, monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypt(data_dir)
    before = files_in(data_dir)

    def no_temp_folder(*args: object, **kwargs: object) -> str:
        raise AssertionError("a temporary folder was made for the editor")

    monkeypatch.setattr(tempfile, "mkdtemp", no_temp_folder)
    monkeypatch.setenv("EDITOR", "true")
    result = cli("journal", "--editor")
    assert result.exit_code == 1
    assert "--editor is not available while your journal is encrypted" in result.stderr
    assert one_line(result.stderr)
    assert terminal.prompts == []
    assert files_in(data_dir) == before


def test_editing_an_answer_in_the_editor_is_refused_too(
    cli: Cli, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypt(data_dir)
    (entry,) = opened(data_dir).entries.query()
    before = files_in(data_dir)
    monkeypatch.setenv("EDITOR", "true")
    result = cli("edit", entry.id, "--editor", env=WITH_PASSPHRASE)
    assert result.exit_code == 1
    assert "--editor is not available while your journal is encrypted" in result.stderr
    assert files_in(data_dir) == before


# -- exports leave the encryption behind ---------------------------------------------


def test_export_of_an_encrypted_journal_warns_that_the_output_is_plain(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    encrypt(data_dir)
    result = cli("export", "-o", str(tmp_path / "out.md"), env=WITH_PASSPHRASE)
    assert result.exit_code == 0, result.stderr
    assert "plain text" in result.stderr
    assert MARKER in (tmp_path / "out.md").read_text()


def test_export_of_a_plain_journal_has_no_such_warning(cli: Cli, data_dir: Path) -> None:
    Journal(data_dir).entries.add(kind="journal", answer="plain")
    assert "plain text" not in cli("export").stderr


# -- data decrypt and data passphrase ------------------------------------------------


def test_decrypt_stores_the_journal_plainly_and_stops_the_asking(
    cli: Cli, data_dir: Path, terminal: Terminal
) -> None:
    encrypt(data_dir)
    result = cli("data", "decrypt", env=WITH_PASSPHRASE)
    assert result.exit_code == 0, result.stderr
    assert "unencrypted again" in result.stderr
    assert not Journal(data_dir).encrypted
    assert cli("journal", input="plain again").exit_code == 0
    assert Journal(data_dir).entries.count() == 2
    assert terminal.prompts == []


def test_backups_another_passphrase_sealed_are_named_and_left_alone(
    cli: Cli, data_dir: Path
) -> None:
    encrypt(data_dir)
    foreign = data_dir / "backups" / "journal-20250101-000000.json"
    foreign.write_bytes(EncryptedCodec("an old passphrase").encode(b"{}"))
    untouched = foreign.read_bytes()
    result = cli("data", "decrypt", env=WITH_PASSPHRASE)
    assert result.exit_code == 0, result.stderr
    assert (
        "Left as they were (damaged, or encrypted with another passphrase): "
        "journal-20250101-000000.json"
    ) in result.stderr
    assert foreign.read_bytes() == untouched


@pytest.mark.parametrize("where", ["journal.json", "tables/entries-2025-01-01.g1.json"])
def test_snapshot_files_another_passphrase_sealed_are_named_with_their_snapshot(
    cli: Cli, data_dir: Path, where: str
) -> None:
    """A snapshot's files are all called journal.json or after their table: the
    report must say which snapshot holds the one left alone, or nobody can
    find it (and "journal.json" alone reads as the journal itself)."""
    encrypt(data_dir)
    snapshot = data_dir / "backups" / "journal-20250101-000000"
    (snapshot / "tables").mkdir(mode=0o700, parents=True)
    sealed = EncryptedCodec(PASSPHRASE).encode(b'{"schema_version":4}')
    (snapshot / "journal.json").write_bytes(sealed)
    foreign = snapshot / where
    foreign.write_bytes(EncryptedCodec("an old passphrase").encode(b"{}"))
    untouched = foreign.read_bytes()
    result = cli("data", "decrypt", env=WITH_PASSPHRASE)
    assert result.exit_code == 0, result.stderr
    (line,) = [line for line in result.stderr.splitlines() if "Left as they were" in line]
    assert f"journal-20250101-000000/{where}" in line
    assert foreign.read_bytes() == untouched


@pytest.mark.parametrize("command", ["decrypt", "passphrase"])
def test_decrypt_and_passphrase_refuse_a_plain_journal_without_asking(
    cli: Cli, data_dir: Path, terminal: Terminal, command: str
) -> None:
    Journal(data_dir).entries.add(kind="journal", answer="plain")
    before = files_in(data_dir)
    result = cli("data", command)
    assert result.exit_code == 1
    assert "is not encrypted; nothing was changed" in result.stderr
    assert "intimacy data encrypt" in result.stderr
    assert terminal.prompts == []
    assert files_in(data_dir) == before


def test_a_new_passphrase_from_the_environment(cli: Cli, data_dir: Path) -> None:
    encrypt(data_dir)
    result = cli(
        "data",
        "passphrase",
        env={"INTIMACY_PASSPHRASE": PASSPHRASE, "INTIMACY_NEW_PASSPHRASE": NEW},
    )
    assert result.exit_code == 0, result.stderr
    assert "Passphrase changed" in result.stderr
    assert cli("journal", input="x", env=WITH_PASSPHRASE).exit_code == 1
    assert cli("journal", input="x", env={"INTIMACY_PASSPHRASE": NEW}).exit_code == 0
    assert holding(data_dir, MARKER.encode()) == []


def test_a_new_passphrase_typed_after_the_current_one(
    cli: Cli, data_dir: Path, terminal: Terminal
) -> None:
    encrypt(data_dir)
    terminal.typed = [PASSPHRASE, NEW, NEW]
    result = cli("data", "passphrase")
    assert result.exit_code == 0, result.stderr
    assert terminal.prompts == [ASKED, "New passphrase: ", "The same passphrase again: "]
    assert opened(data_dir, NEW).entries.count() == 1


def test_a_new_passphrase_needs_the_right_current_one(
    cli: Cli, data_dir: Path, terminal: Terminal
) -> None:
    encrypt(data_dir)
    before = files_in(data_dir)
    terminal.typed = ["not it", NEW, NEW]
    result = cli("data", "passphrase")
    assert result.exit_code == 1
    assert "wrong passphrase" in result.stderr
    assert terminal.prompts == [ASKED] * 3  # three tries; the new one was never asked for
    assert files_in(data_dir) == before


@pytest.mark.parametrize("command", ["encrypt", "decrypt", "passphrase"])
def test_the_data_commands_have_help_with_examples(cli: Cli, command: str) -> None:
    result = cli("data", command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert f"intimacy data {command}" in result.stdout


def test_the_help_names_the_variables_and_their_risks(cli: Cli) -> None:
    text = " ".join(cli("data", "encrypt", "--help").stdout.split())
    assert "INTIMACY_PASSPHRASE" in text
    assert "INTIMACY_NEW_PASSPHRASE" in text
    assert "shell history" in text
    assert "Nobody can recover an encrypted journal without its passphrase" in text


# -- end to end -----------------------------------------------------------------------


@pytest.mark.slow
def test_an_encrypted_journal_end_to_end(data_dir: Path) -> None:
    """Real processes with the real key derivation: every flow that saves still
    works, the crisis notice still comes, and no file holds plaintext."""
    env = {"INTIMACY_PASSPHRASE": PASSPHRASE}
    assert run_subprocess(["journal"], input=f"{MARKER} before").returncode == 0
    encrypted = run_subprocess(["data", "encrypt"], env=env)
    assert encrypted.returncode == 0, encrypted.stderr
    header = (data_dir / "journal.json").read_bytes()[: crypto.HEADER_SIZE]
    assert header.startswith(MAGIC)
    assert header[len(MAGIC) : len(MAGIC) + 14] == bytes.fromhex(
        "0201" + "00020000" + "00000008" + "00000001"
    )

    heavy = run_subprocess(["journal", "--tag", "hard"], input=f"{MARKER} I feel suicidal", env=env)
    assert heavy.returncode == 0, heavy.stderr
    assert "Something you just wrote sounds heavy" in heavy.stderr
    reflected = run_subprocess(
        [*WITH_SAMPLE, "reflect", "sample", "--answers", "-"],
        input=json.dumps({"one-line": f"{MARKER} reflected", "closeness": 4}),
        env=env,
    )
    assert reflected.returncode == 0, reflected.stderr
    copy = run_subprocess(["data", "backup"], env=env)
    assert copy.returncode == 0, copy.stderr

    saved = {str(entry.answer) for entry in opened(data_dir).entries.query()}
    assert {f"{MARKER} before", f"{MARKER} I feel suicidal", f"{MARKER} reflected"} <= saved
    assert holding(data_dir, MARKER.encode()) == []
    assert os.stat(data_dir / "journal.json").st_mode & 0o777 == 0o600

    # The search above does find plaintext where there is some.
    assert run_subprocess(["data", "decrypt"], env=env).returncode == 0
    assert any(name.startswith("tables/") for name in holding(data_dir, MARKER.encode()))
