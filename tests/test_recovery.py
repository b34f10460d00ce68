"""Nothing typed is lost: when a save fails, the words are kept privately and
offered back, and ``intimacy data recover`` saves them."""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from helpers.app import Outcome
from helpers.entries import entry, seed

from intimacy_cli.base.paths import DataPaths
from intimacy_cli.store import Journal
from intimacy_cli.store.crypto import EncryptedCodec
from intimacy_cli.store.lock import held

Cli = Callable[..., Outcome]
WORDS = "A sentence I would hate to lose, marker-7c1e"


@contextmanager
def busy(data_dir: Path) -> Iterator[None]:
    """Another process holds the journal's lock for the whole block."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with held(DataPaths(data_dir).lock, timeout=0):
        yield


def kept_files(data_dir: Path) -> list[Path]:
    return sorted(DataPaths(data_dir).recovery.glob("*"))


def test_a_failed_save_keeps_the_words_privately_and_says_where(cli: Cli, data_dir: Path) -> None:
    with busy(data_dir):
        result = cli("journal", input=WORDS)
    assert result.exit_code == 1
    [kept] = kept_files(data_dir)
    assert f"what you wrote is kept in {kept}" in result.stderr
    assert "intimacy data recover" in result.stderr
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert stat.S_IMODE(kept.parent.stat().st_mode) == 0o700
    assert WORDS.encode() in kept.read_bytes()
    assert Journal(data_dir).entries.count() == 0


def test_the_next_command_offers_them_and_recover_saves_them_once(cli: Cli, data_dir: Path) -> None:
    with busy(data_dir):
        cli("journal", "--tag", "kept", input=WORDS)
    review = cli("review")
    assert "could not be saved earlier" in review.stderr
    assert "intimacy data recover" in review.stderr
    result = cli("data", "recover")
    assert result.exit_code == 0, result.stderr
    assert "Saved 1 kept entry" in result.stderr
    [saved] = Journal(data_dir).entries.query()
    assert (saved.answer, saved.tags) == (WORDS, ("kept",))
    assert kept_files(data_dir) == []
    assert "could not be saved earlier" not in cli("review").stderr
    assert "Nothing is waiting" in cli("data", "recover").stderr


def test_a_failed_edit_keeps_the_new_answer(cli: Cli, data_dir: Path) -> None:
    [old] = seed(data_dir, entry("2026-11-20 10:00", "before", kind="journal", lesson=None))
    with busy(data_dir):
        result = cli("edit", old.id, input=WORDS)
    assert result.exit_code == 1
    assert len(kept_files(data_dir)) == 1
    assert cli("data", "recover").exit_code == 0
    assert Journal(data_dir).entries.get(old.id).answer == WORDS


def test_kept_words_of_an_encrypted_journal_are_encrypted(
    cli: Cli, data_dir: Path, fast_kdf: None
) -> None:
    Journal(data_dir).maintenance.encrypt(EncryptedCodec("a long passphrase"))
    env = {"INTIMACY_PASSPHRASE": "a long passphrase"}
    with busy(data_dir):
        assert cli("journal", input=WORDS, env=env).exit_code == 1
    [kept] = kept_files(data_dir)
    assert WORDS.encode() not in kept.read_bytes()
    assert cli("data", "recover", env=env).exit_code == 0
    opened = Journal(data_dir, codec=EncryptedCodec("a long passphrase"))
    assert [e.answer for e in opened.entries.query()] == [WORDS]


def test_words_that_cannot_be_kept_are_shown_back_to_copy(
    cli: Cli, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr("intimacy_cli.store.recovery.write_atomically", refuse)
    with busy(data_dir):
        result = cli("journal", input=WORDS)
    assert result.exit_code == 1
    assert "here it is to copy" in result.stderr
    assert WORDS in result.stderr
