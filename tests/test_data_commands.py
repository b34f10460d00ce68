"""``intimacy data path`` and ``intimacy data backup``, run as a person would."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.app import FIXTURES, Outcome
from helpers.store import files_in, mode, stored_document

from intimacy_cli.base import paths
from intimacy_cli.store import Journal

Cli = Callable[..., Outcome]


def test_data_path_json_lists_every_location_and_creates_nothing(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    result = cli("--content-dir", str(FIXTURES / "lessons"), "data", "path", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "data_dir": str(data_dir),
        "journal": str(data_dir / "journal.json"),
        "backups": str(data_dir / "backups"),
        "lock": str(data_dir / "journal.json.lock"),
        "config": str(tmp_path / "config.toml"),
        "cache": str(paths.content_cache_file()),  # under the test's own HOME
        "lessons": [str(paths.builtin_lessons_dir()), str(FIXTURES / "lessons")],
    }
    assert not data_dir.exists()


def test_data_path_for_people(cli: Cli, data_dir: Path) -> None:
    Journal(data_dir).entries.add(kind="journal", answer="hello")
    result = cli("data", "path", env={"COLUMNS": "400"})  # long temp paths: no wrapping
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Data", "folder", str(data_dir)]
    assert lines[1].split() == ["Journal", str(data_dir / "journal.json")]
    assert lines[2].split() == ["Backups", str(data_dir / "backups"), "(not", "created", "yet)"]


def test_data_backup_prints_the_new_file(cli: Cli, data_dir: Path) -> None:
    Journal(data_dir).entries.add(kind="journal", answer="hello")
    result = cli("data", "backup")
    assert result.exit_code == 0, result.stderr
    made = Path(result.stdout.strip())
    assert made.parent == data_dir / "backups"
    assert stored_document(made) == stored_document(data_dir)  # the whole journal
    assert mode(made / "journal.json") == 0o600
    assert "Backup saved" in result.stderr


def test_data_backup_to_a_folder_and_to_a_new_file(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    Journal(data_dir).entries.add(kind="journal", answer="hello")
    folder = tmp_path / "usb"
    folder.mkdir()
    into_folder = cli("data", "backup", str(folder))
    as_file = cli("data", "backup", str(folder / "copy.json"))
    assert (into_folder.exit_code, as_file.exit_code) == (0, 0)
    assert Path(into_folder.stdout.strip()).parent == folder
    assert as_file.stdout.strip() == str(folder / "copy.json")
    again = cli("data", "backup", str(folder / "copy.json"))
    assert again.exit_code == 1
    assert again.stderr.startswith(f"Error: {folder / 'copy.json'} already exists")


def test_data_backup_without_a_journal(cli: Cli, data_dir: Path) -> None:
    result = cli("data", "backup")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: there is no journal at {data_dir / 'journal.json'} yet; nothing to back up"
    )
    assert files_in(data_dir) == {}


@pytest.mark.parametrize("command", [["data"], ["data", "path"], ["data", "backup"]])
def test_help_has_examples(cli: Cli, command: list[str]) -> None:
    result = cli(*command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert f"intimacy {' '.join(command)}" in result.stdout
