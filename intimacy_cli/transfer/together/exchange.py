"""Where together files live: the shared folder every profile of a data folder can
reach, the profile's own card and its endorsed partner card. Every file is read
through the size limit and written atomically, private (0600, folders 0700)."""

from __future__ import annotations

import os
from pathlib import Path

from intimacy_cli.base.limits import MAX_INPUT_BYTES, TooLarge, read_capped
from intimacy_cli.store.files import describe, make_private_dir, remove_synced, write_atomically
from intimacy_cli.transfer.together.protocol import TogetherFileError

SUFFIXES = (".round.json", ".sealed.json", ".key.json")


def read_file(path: Path) -> bytes:
    """A together file's bytes, or one line naming it and why it cannot be read."""
    try:
        return read_capped(path, MAX_INPUT_BYTES)
    except TooLarge as large:
        raise TogetherFileError(str(path), str(large)) from None
    except OSError as error:
        raise TogetherFileError(str(path), f"cannot be read ({describe(error)})") from None


def read_if_there(path: Path) -> bytes | None:
    return read_file(path) if os.path.lexists(path) else None


def write_file(path: Path, data: bytes) -> None:
    try:
        make_private_dir(path.parent)
        write_atomically(path, data)
    except OSError as error:
        raise TogetherFileError(str(path), f"cannot be written ({describe(error)})") from None


def remove_file(path: Path) -> None:
    try:
        remove_synced(path)
    except OSError as error:
        raise TogetherFileError(str(path), f"cannot be deleted ({describe(error)})") from None


def round_path(shared: Path, round_id: str) -> Path:
    return shared / f"{round_id}.round.json"


def sealed_path(shared: Path, round_id: str, sender: str) -> Path:
    return shared / f"{round_id}.{sender}.sealed.json"


def key_path(shared: Path, round_id: str, sender: str) -> Path:
    return shared / f"{round_id}.{sender}.key.json"


def round_files(shared: Path) -> list[Path]:
    """The round files in the shared folder, in name order."""
    if not shared.is_dir():
        return []
    return sorted(shared.glob("*.round.json"))


def files_of_round(shared: Path, round_id: str) -> list[Path]:
    """Every file of one round in the shared folder, whoever wrote it."""
    if not shared.is_dir():
        return []
    return [path for path in shared.glob(f"{round_id}.*") if path.name.endswith(SUFFIXES)]
