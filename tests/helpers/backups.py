"""The backups folder as tests look at it: its backups, every file they hold,
and a restore done the way the README tells a person to."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from helpers.app import Outcome
from helpers.store import files_in
from intimacy_cli.store import backups


def backups_in(data_dir: Path) -> list[Path]:
    """The backups (snapshot folders and backup files), oldest first."""
    return backups.in_folder(data_dir / "backups")


def backup_names(data_dir: Path) -> list[str]:
    """Every name in the backups folder, backups or not."""
    return sorted(path.name for path in (data_dir / "backups").iterdir())


def backup_files(data_dir: Path) -> list[Path]:
    """Every file of every backup: a snapshot's manifest and tables, or a backup file."""
    return [file for backup in backups_in(data_dir) for file in backups.files_of(backup)]


def restore(backup: Path, data_dir: Path) -> None:
    """Put a backup back as the README says: a snapshot's contents copied into
    the data folder, a backup file copied over ``journal.json``."""
    if backup.is_dir():
        shutil.copytree(backup, data_dir, dirs_exist_ok=True)
    else:
        shutil.copyfile(backup, data_dir / "journal.json")


def opened(backup: Path, decode: Callable[[bytes], bytes]) -> bytes:
    """Every file of ``backup`` decoded with ``decode`` (a codec's) and joined,
    to look for words in it: a snapshot's words are in its table files."""
    return b"\n".join(decode(file.read_bytes()) for file in backups.files_of(backup))


def refused_restore(cli: Callable[..., Outcome], data_dir: Path, backup: str) -> str:
    """``intimacy data restore BACKUP`` refused: exit 1, and every file of the
    data folder as it was; returns what it said."""
    before = files_in(data_dir)
    result = cli("data", "restore", backup)
    assert result.exit_code == 1, result.stderr
    assert files_in(data_dir) == before
    return result.stderr
