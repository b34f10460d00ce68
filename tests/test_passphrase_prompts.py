"""Typing passphrases without a round trip: a wrong one may be tried again
(three tries), a new one that does not match, is the current one, or is short
is asked for again (a short one after a warning, unless typed once more to
keep it). From the environment nothing can be asked again."""

from __future__ import annotations

import getpass
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.app import Outcome
from helpers.store import files_in

from intimacy_cli.store import Journal
from intimacy_cli.store.crypto import EncryptedCodec
from intimacy_cli.ui.passphrase import ASK_AGAIN, ASK_CURRENT, ASK_KEEP_SHORT, ASK_NEW

Cli = Callable[..., Outcome]
pytestmark = pytest.mark.usefixtures("fast_kdf")

PASSPHRASE = "a long and memorable passphrase"
NEW = "an even longer, newer passphrase"
SHORT = "kiwi"


class Keyboard:
    """Stands in for ``getpass``: what the test typed, in order; with nothing
    more typed it behaves like ``getpass`` without a terminal."""

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
def keyboard(monkeypatch: pytest.MonkeyPatch) -> Keyboard:
    fake = Keyboard()
    monkeypatch.setattr(getpass, "getpass", fake.getpass)
    return fake


def encrypted(data_dir: Path) -> None:
    journal = Journal(data_dir)
    journal.entries.add(kind="journal", answer="kept safe")
    journal.maintenance.encrypt(EncryptedCodec(PASSPHRASE))


def opens(data_dir: Path, passphrase: str) -> bool:
    try:
        Journal(data_dir, codec=EncryptedCodec(passphrase)).entries.count()
    except Exception:
        return False
    return True


def test_a_wrong_passphrase_may_be_typed_again(
    cli: Cli, data_dir: Path, keyboard: Keyboard
) -> None:
    encrypted(data_dir)
    keyboard.typed = ["not it", "nor this", PASSPHRASE]
    result = cli("journal", input="written after two slips")
    assert result.exit_code == 0, result.stderr
    assert keyboard.prompts == [ASK_CURRENT] * 3
    assert "That passphrase did not open the journal; try again (2 tries left)." in result.stderr
    assert "try again (1 try left)." in result.stderr
    answers = {
        e.answer for e in Journal(data_dir, codec=EncryptedCodec(PASSPHRASE)).entries.query()
    }
    assert "written after two slips" in answers


def test_after_three_wrong_tries_the_command_stops(
    cli: Cli, data_dir: Path, keyboard: Keyboard
) -> None:
    encrypted(data_dir)
    before = files_in(data_dir)
    keyboard.typed = ["one", "two", "three", PASSPHRASE]
    result = cli("journal", input="never saved")
    assert result.exit_code == 1
    assert keyboard.prompts == [ASK_CURRENT] * 3
    assert result.stderr.strip().splitlines()[-1].startswith("Error: cannot read the journal")
    assert files_in(data_dir) == before


def test_a_wrong_passphrase_from_the_environment_is_not_retried(
    cli: Cli, data_dir: Path, keyboard: Keyboard
) -> None:
    encrypted(data_dir)
    result = cli("journal", input="x", env={"INTIMACY_PASSPHRASE": "not it"})
    assert result.exit_code == 1
    assert keyboard.prompts == []
    assert "try again" not in result.stderr


def test_a_mismatch_when_choosing_asks_again(cli: Cli, data_dir: Path, keyboard: Keyboard) -> None:
    keyboard.typed = [PASSPHRASE, PASSPHRASE + " ", PASSPHRASE, PASSPHRASE]
    result = cli("data", "encrypt")
    assert result.exit_code == 0, result.stderr
    assert keyboard.prompts == [ASK_NEW, ASK_AGAIN] * 2
    assert "The two passphrases are not the same; try again (2 tries left)." in result.stderr
    assert opens(data_dir, PASSPHRASE)


def test_three_mismatches_change_nothing(cli: Cli, data_dir: Path, keyboard: Keyboard) -> None:
    Journal(data_dir).entries.add(kind="journal", answer="plain for now")
    before = files_in(data_dir)
    keyboard.typed = [PASSPHRASE, NEW] * 3
    result = cli("data", "encrypt")
    assert result.exit_code == 1
    assert (
        "no new passphrase after 3 tries (the two passphrases are not the same); "
        "nothing was changed" in result.stderr
    )
    assert files_in(data_dir) == before


def test_a_short_passphrase_is_warned_about_and_asked_again(
    cli: Cli, data_dir: Path, keyboard: Keyboard
) -> None:
    keyboard.typed = [SHORT, "", PASSPHRASE, PASSPHRASE]
    result = cli("data", "encrypt")
    assert result.exit_code == 0, result.stderr
    assert keyboard.prompts == [ASK_NEW, ASK_KEEP_SHORT, ASK_NEW, ASK_AGAIN]
    assert "Warning: this passphrase is only 4 characters." in result.stderr
    assert "only as strong as its passphrase" in result.stderr
    assert opens(data_dir, PASSPHRASE)


def test_a_short_passphrase_typed_once_more_is_kept(
    cli: Cli, data_dir: Path, keyboard: Keyboard
) -> None:
    keyboard.typed = [SHORT, SHORT]
    result = cli("data", "encrypt")
    assert result.exit_code == 0, result.stderr
    assert keyboard.prompts == [ASK_NEW, ASK_KEEP_SHORT]
    assert opens(data_dir, SHORT)


def test_a_short_passphrase_from_the_environment_only_gets_the_warning(
    cli: Cli, data_dir: Path, keyboard: Keyboard
) -> None:
    result = cli("data", "encrypt", env={"INTIMACY_PASSPHRASE": SHORT})
    assert result.exit_code == 0, result.stderr
    assert "Warning: this passphrase is only 4 characters." in result.stderr
    assert keyboard.prompts == []
    assert opens(data_dir, SHORT)


def test_eight_characters_are_not_short(cli: Cli, data_dir: Path, keyboard: Keyboard) -> None:
    keyboard.typed = ["8 chars!", "8 chars!"]
    result = cli("data", "encrypt")
    assert result.exit_code == 0, result.stderr
    assert "Warning" not in result.stderr
    assert keyboard.prompts == [ASK_NEW, ASK_AGAIN]


def test_changing_to_the_same_passphrase_says_so_and_asks_again(
    cli: Cli, data_dir: Path, keyboard: Keyboard
) -> None:
    encrypted(data_dir)
    keyboard.typed = [PASSPHRASE, PASSPHRASE, NEW, NEW]
    result = cli("data", "passphrase")
    assert result.exit_code == 0, result.stderr
    assert keyboard.prompts == [ASK_CURRENT, ASK_NEW, ASK_NEW, ASK_AGAIN]
    assert "That is the journal's passphrase already: choose a different one" in result.stderr
    assert opens(data_dir, NEW)


def test_the_same_passphrase_from_the_environment_changes_nothing(cli: Cli, data_dir: Path) -> None:
    encrypted(data_dir)
    before = files_in(data_dir)
    env = {"INTIMACY_PASSPHRASE": PASSPHRASE, "INTIMACY_NEW_PASSPHRASE": PASSPHRASE}
    result = cli("data", "passphrase", env=env)
    assert result.exit_code == 1
    assert "INTIMACY_NEW_PASSPHRASE is the journal's current passphrase; nothing was changed" in (
        result.stderr
    )
    assert files_in(data_dir) == before
