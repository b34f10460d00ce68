"""Dated copies of the journal file, kept next to it in ``backups/``.

A backup is the whole journal in one file (its tables in the whole-document
form of schema 3, see :mod:`~intimacy_cli.store.layout`), through the
journal's codec, so an encrypted journal gives encrypted backups, and copying
a backup over ``journal.json`` restores it (and converting the journal converts its backups, see
:meth:`~intimacy_cli.store.journal.Journal.encrypt`). Names sort by time:
``journal-YYYYmmdd-HHMMSS.json`` in local time, with ``-2``, ``-3``... added
when two are made in the same second. Only files with such names are ever
rotated away; anything else a person puts in the folder is left alone.

The backups folder must be a real folder: one that is a symbolic link is
refused (:func:`require_real_folder`) before anything is written, rotated or
converted in it, since rotation deletes files and the link may lead to a
folder the app never made.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from intimacy_cli.store.errors import JournalError
from intimacy_cli.store.files import make_private_dir, writing_atomically

KEEP = 7

_NAME = re.compile(r"journal-(\d{8})-(\d{6})(?:-(\d+))?\.json")
NAMES = "journal-*"  # a glob matching every backup's name


def is_backup_name(name: str) -> bool:
    """Whether ``name`` is a backup's file name (the only files rotated or converted)."""
    return _NAME.fullmatch(name) is not None


def save(snapshot: Iterable[bytes], folder: Path, moment: datetime) -> Path:
    """Write the journal's ``snapshot`` (its pieces) into ``folder`` (created
    0700 if missing) under a dated name; returns the new file. An error
    propagates, leaving no partial copy."""
    make_private_dir(folder)
    target = _unused_name(folder, moment)
    return save_as(snapshot, target)


def save_as(snapshot: Iterable[bytes], target: Path) -> Path:
    """Write the journal's ``snapshot`` to exactly ``target`` (a new file, 0600)."""
    with writing_atomically(target) as write:
        for piece in snapshot:
            write(piece)
    return target


def require_real_folder(folder: Path) -> None:
    """Refuse a backups folder that is a symbolic link (see the module doc)."""
    if folder.is_symlink():
        raise JournalError(
            f"the backups folder {folder} is a symbolic link; backups are never made, "
            "rotated or converted through one, so nothing was changed",
            hint=f"make {folder} a real folder (move what it links to into its place)",
        )


def rotate(folder: Path) -> None:
    """Delete all but the newest :data:`KEEP` backups."""
    require_real_folder(folder)
    for path in in_folder(folder)[:-KEEP]:
        path.unlink(missing_ok=True)


def made_on_day_of(folder: Path, moment: datetime) -> bool:
    """Whether a backup was already made on ``moment``'s (local) calendar day."""
    day = moment.astimezone().strftime("%Y%m%d")
    return any(path.name.startswith(f"journal-{day}-") for path in in_folder(folder))


def in_folder(folder: Path) -> list[Path]:
    """The backups in ``folder``, oldest first (other files are not backups)."""
    return [path for _, path in sorted(_dated(folder))]


def _dated(folder: Path) -> list[tuple[tuple[str, str, int], Path]]:
    """Each backup in ``folder`` with its (date, time, number) sort key."""
    try:
        names = [path.name for path in folder.iterdir()]
    except FileNotFoundError:
        return []
    found = []
    for name in names:
        match = _NAME.fullmatch(name)
        if match:
            found.append(((match[1], match[2], int(match[3] or 1)), folder / name))
    return found


def _unused_name(folder: Path, moment: datetime) -> Path:
    """A name that sorts after every backup made in the same second: numbered
    past the highest, never into a gap that rotation left, so the newest backup
    is never the one rotated away."""
    day, time = moment.astimezone().strftime("%Y%m%d %H%M%S").split()
    same_second = [number for (d, t, number), _ in _dated(folder) if (d, t) == (day, time)]
    if not same_second:
        return folder / f"journal-{day}-{time}.json"
    return folder / f"journal-{day}-{time}-{max(same_second) + 1}.json"
