"""Dated copies of the journal file, kept next to it in ``backups/``.

A backup is the journal's bytes exactly as stored (so a future encrypted
journal gives encrypted backups). Names sort by time:
``journal-YYYYmmdd-HHMMSS.json`` in local time, with ``-2``, ``-3``... added
when two are made in the same second. Only files with such names are ever
rotated away; anything else a person puts in the folder is left alone.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from intimacy_cli.store.files import make_private_dir, write_atomically

BACKUP_FOLDER = "backups"
KEEP = 7

_NAME = re.compile(r"journal-(\d{8})-(\d{6})(?:-(\d+))?\.json")


def save(journal: Path, folder: Path, moment: datetime) -> Path:
    """Copy ``journal`` into ``folder`` (created 0700 if missing) under a dated
    name; returns the new file. ``OSError`` propagates, leaving no partial copy."""
    make_private_dir(folder)
    target = _unused_name(folder, moment)
    write_atomically(target, journal.read_bytes())
    return target


def save_as(journal: Path, target: Path) -> Path:
    """Copy ``journal`` to exactly ``target`` (a new file, 0600)."""
    write_atomically(target, journal.read_bytes())
    return target


def rotate(folder: Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest ``keep`` backups; returns what was deleted."""
    old = _backups(folder)[:-keep]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def made_on_day_of(folder: Path, moment: datetime) -> bool:
    """Whether a backup was already made on ``moment``'s (local) calendar day."""
    day = moment.astimezone().strftime("%Y%m%d")
    return any(path.name.startswith(f"journal-{day}-") for path in _backups(folder))


def _backups(folder: Path) -> list[Path]:
    """Backups oldest first."""
    found = []
    try:
        names = [path.name for path in folder.iterdir()]
    except FileNotFoundError:
        return []
    for name in names:
        match = _NAME.fullmatch(name)
        if match:
            found.append(((match[1], match[2], int(match[3] or 1)), folder / name))
    return [path for _, path in sorted(found)]


def _unused_name(folder: Path, moment: datetime) -> Path:
    stem = "journal-" + moment.astimezone().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{stem}.json"
    number = 1
    while target.exists():
        number += 1
        target = folder / f"{stem}-{number}.json"
    return target
