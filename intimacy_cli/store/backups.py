"""Dated copies of the journal, kept next to it in ``backups/``.

The day's backup (and ``intimacy data backup`` into this folder) is a
**snapshot**: a folder ``journal-YYYYmmdd-HHMMSS/`` holding the journal as it
was, laid out as in the data folder: ``journal.json`` (the manifest, byte for
byte) and ``tables/`` with every table file it names (see
:mod:`~intimacy_cli.store.layout`). Table files are never changed once
written, so a table the newest earlier snapshot already holds (its manifest
names the same file with the same hash) is a hard link to that snapshot's
copy; only the tables changed since are copied, each proven to be the one
the manifest names and its records checked first, so a snapshot costs what
changed since the last one, not the journal's size, and damage never pushes
good backups out. A snapshot of a journal in the whole-document form (before
its migration) holds just its ``journal.json``. A restore copies a
snapshot's contents into the data folder.

A backup **file** ``journal-YYYYmmdd-HHMMSS.json`` is the whole journal in one
file (the whole-document form of schema 3), restored by copying it over
``journal.json``: what ``intimacy data backup`` writes anywhere else, and what
versions before 0.2.0 kept here (rotated like snapshots).

Both go through the journal's codec, so an encrypted journal gives encrypted
backups (and converting the journal converts its backups, see
:meth:`~intimacy_cli.store.journal.Journal.encrypt`). Names sort by time, in
local time, with ``-2``, ``-3``... added when two are made in the same second.
Only files and folders with such names are ever rotated away; anything else a
person puts in the folder is left alone.

The backups folder must be a real folder: one that is a symbolic link is
refused (:func:`require_real_folder`) before anything is written, rotated or
converted in it, since rotation deletes files and the link may lead to a
folder the app never made.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from intimacy_cli.base.messages import NOTHING_CHANGED
from intimacy_cli.base.paths import DataPaths
from intimacy_cli.store.crypto import HEADER_SIZE, is_encrypted
from intimacy_cli.store.errors import JournalError
from intimacy_cli.store.files import (
    PRIVATE_DIR,
    describe,
    hard_link,
    make_private_dir,
    making_folder_atomically,
    read_regular,
    remove_folder,
    write_new,
    writing_atomically,
)
from intimacy_cli.store.layout import TABLES_FOLDER, is_table_file_name
from intimacy_cli.store.storage import tables_folder, target_of

if TYPE_CHECKING:
    from intimacy_cli.store.storage import JournalStorage

KEEP = 7
MANIFEST = "journal.json"  # a snapshot's manifest (or whole document)

# ASCII digits only ([0-9], not \d): int() reads any script's digits.
_NAME = re.compile(r"journal-([0-9]{8})-([0-9]{6})(?:-([0-9]+))?(\.json)?")
NAMES = "journal-*"  # a glob matching every backup's name


def is_backup_file(name: str) -> bool:
    """Whether ``name`` (a path relative to the backups folder, with ``/``) is
    one of a backup's files: a backup file, or a snapshot's manifest or table
    file (the only files converted)."""
    backup, _, inside = name.partition("/")
    match = _NAME.fullmatch(backup)
    if match is None:
        return False
    if match[4]:  # a backup file
        return not inside
    folder, _, table = inside.partition("/")
    return inside == MANIFEST or (folder == TABLES_FOLDER and is_table_file_name(table))


def save(storage: JournalStorage, folder: Path, moment: datetime) -> Path:
    """Make a snapshot of the journal ``storage`` read into ``folder`` (created
    0700 if missing) under a dated name; returns the new snapshot. An error
    propagates, leaving no partial snapshot (see the module doc)."""
    make_private_dir(folder)
    target = _unused_name(folder, moment, suffix="")
    earlier = [path for path in in_folder(folder) if path.is_dir()]
    with making_folder_atomically(target) as into:
        storage.snapshot(into, earlier[-1] if earlier else None)
    return target


def keep_as_found(paths: DataPaths, moment: datetime, *, sealed: bool) -> Path:
    """A snapshot of the journal's files exactly as they are, read or not,
    before a restore replaces them (a damaged journal is what a restore is
    for), so the restore can be undone: ``journal.json`` copied (when there is
    one: table files without it still hold the journal's words), every table
    file in ``tables/`` hard-linked (or copied); returns it. Of a ``sealed``
    (encrypted) journal, only encrypted files are kept: a plain file found in
    its place is never carried into the backups."""
    folder = paths.backups
    require_real_folder(folder)
    make_private_dir(folder)
    target = _unused_name(folder, moment, suffix="")
    tables = tables_folder(paths.journal)
    with making_folder_atomically(target) as into:
        if paths.journal.exists():  # else only the tables were found
            stored = read_regular(target_of(paths.journal))
            if is_encrypted(stored) or not sealed:
                write_new(into / MANIFEST, stored)
        if tables.is_dir() and not tables.is_symlink():
            (into / TABLES_FOLDER).mkdir(mode=PRIVATE_DIR)
            for source in table_files(tables):
                copy = into / TABLES_FOLDER / source.name
                if sealed and not is_encrypted(read_regular(source, HEADER_SIZE)):
                    continue
                if not hard_link(source, copy) and source.is_file() and not source.is_symlink():
                    write_new(copy, read_regular(source))
    return target


def table_files(tables: Path) -> list[Path]:
    """The table files in the folder ``tables``, by name; none when it is
    missing or a symbolic link (never followed)."""
    if not tables.is_dir() or tables.is_symlink():
        return []
    return sorted(path for path in tables.iterdir() if is_table_file_name(path.name))


def save_file(pieces: Iterable[bytes], folder: Path, moment: datetime) -> Path:
    """Write the journal as one file (its ``pieces``) into ``folder`` under a
    dated name; returns the new file."""
    return save_as(pieces, _unused_name(folder, moment, suffix=".json"))


def save_as(pieces: Iterable[bytes], target: Path) -> Path:
    """Write the journal as one file (its ``pieces``) to exactly ``target``
    (a new file, 0600). An error propagates, leaving no partial copy."""
    with writing_atomically(target) as write:
        for piece in pieces:
            write(piece)
    return target


class BackupPaths(DataPaths):
    """A backup read as a journal of its own (to restore it). Its
    ``data_dir`` is the backup: a snapshot folder (its manifest with its tables
    beside it, as in a data folder) or a backup file (the whole journal), in a
    data folder that remembers nothing (a backup is older than the journal by
    design)."""

    @property
    def journal(self) -> Path:
        return self.data_dir / MANIFEST if self.data_dir.is_dir() else self.data_dir

    @property
    def encryption_marker(self) -> Path:
        return self.journal.with_name(f".{self.journal.name}.remembers-nothing")


def paths_of(backup: Path) -> BackupPaths:
    """How to read ``backup`` (a snapshot folder or a backup file) as a journal."""
    return BackupPaths(backup)


def files_of(backup: Path) -> list[Path]:
    """A backup's files: itself, or a snapshot's manifest and table files."""
    if not backup.is_dir():
        return [backup]
    found = [backup / MANIFEST] if (backup / MANIFEST).is_file() else []
    return found + table_files(backup / TABLES_FOLDER)


def named(backup: str, folder: Path) -> Path:
    """The backup ``backup`` names: a name in ``folder`` (as ``intimacy data
    backups`` lists them), else a path to a snapshot folder or backup file.
    Never the data folder itself (``folder``'s parent), nor a snapshot whose
    manifest or tables are a symbolic link (they would be read from wherever
    it leads: another profile's journal, say)."""
    try:
        found = _named(backup, folder)
        if found.is_dir():
            if os.path.samefile(found, folder.parent):
                raise JournalError(
                    f"{found} is the journal's own data folder, not a backup; {NOTHING_CHANGED}",
                    hint="'intimacy data backups' lists the backups",
                )
            if (found / MANIFEST).is_symlink() or (found / TABLES_FOLDER).is_symlink():
                raise JournalError(
                    f"{found} is not a backup intimacy made: its {MANIFEST} or "
                    f"{TABLES_FOLDER} is a symbolic link; {NOTHING_CHANGED}"
                )
    except OSError as error:
        raise JournalError(
            f"cannot read the backup {backup}: {describe(error)}; {NOTHING_CHANGED}"
        ) from None
    return found


def _named(backup: str, folder: Path) -> Path:
    if _NAME.fullmatch(backup) and (folder / backup) in in_folder(folder):
        return folder / backup
    path = Path(backup).expanduser()
    if path.is_file() or (path / MANIFEST).is_file():
        return path
    if path.is_dir():
        raise JournalError(f"{path} is not a backup: it holds no {MANIFEST}")
    if os.path.lexists(path):
        raise JournalError(f"{path} is not a backup: it is not a file or folder")
    raise JournalError(
        f"no backup named '{backup}' in {folder}, and no such file or folder",
        hint="'intimacy data backups' lists them",
    )


def made_at(backup: Path) -> datetime:
    """When a backup was made, from its name (local time, to the second)."""
    match = _NAME.fullmatch(backup.name)
    assert match is not None, "not a backup's name"
    return _moment(match[1] + match[2])


def require_real_folder(folder: Path) -> None:
    """Refuse a backups folder that is a symbolic link (see the module doc)."""
    if folder.is_symlink():
        raise JournalError(
            f"the backups folder {folder} is a symbolic link; backups are never made, "
            "rotated or converted through one, so nothing was changed",
            hint=f"make {folder} a real folder (move what it links to into its place)",
        )


def rotate(folder: Path, made: Path) -> None:
    """Delete all but the newest :data:`KEEP` backups, never ``made``, the
    one just made (after the clock went back, its name may not be the newest)."""
    require_real_folder(folder)
    others = [path for path in in_folder(folder) if path != made]
    for path in others[: max(0, len(others) - (KEEP - 1))]:
        if path.is_dir():
            remove_folder(path)
        else:
            path.unlink(missing_ok=True)


def made_on_day_of(folder: Path, moment: datetime) -> bool:
    """Whether a backup was already made on ``moment``'s (local) calendar day."""
    day = moment.astimezone().strftime("%Y%m%d")
    return any(path.name.startswith(f"journal-{day}-") for path in in_folder(folder))


def in_folder(folder: Path) -> list[Path]:
    """The backups in ``folder`` (files and snapshots), oldest first; other
    files, and links, are not backups."""
    return [path for _, path in sorted(_dated(folder))]


def _dated(folder: Path) -> list[tuple[tuple[str, str, int], Path]]:
    """Each backup in ``folder`` with its (date, time, number) sort key."""
    try:
        found = list(os.scandir(folder))
    except FileNotFoundError:
        return []
    dated = []
    for entry in found:
        match = _NAME.fullmatch(entry.name)
        # A file when named .json, a snapshot folder when not; never a link.
        if (
            match
            and _is_date(match[1] + match[2])
            and (entry.is_file if match[4] else entry.is_dir)(follow_symlinks=False)
        ):
            dated.append(((match[1], match[2], int(match[3] or 1)), folder / entry.name))
    return dated


def _is_date(digits: str) -> bool:
    """Whether a name's ``YYYYmmddHHMMSS`` is a real moment (else it is no backup's)."""
    try:
        _moment(digits)
    except ValueError:
        return False
    return True


def _moment(digits: str) -> datetime:
    """The moment a name's 14 digits ``YYYYmmddHHMMSS`` spell; ``ValueError``
    for none (a 31st of February, a 61st second). Read by hand rather than
    with ``strptime``: every save lists the backups, and strptime's module
    (with the calendar and locale code it loads) would cost each save more
    than the listing."""
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    return datetime(year, month, day, int(digits[8:10]), int(digits[10:12]), int(digits[12:]))


def _unused_name(folder: Path, moment: datetime, *, suffix: str) -> Path:
    """A name that sorts after every backup made in the same second: numbered
    past the highest, never into a gap that rotation left, so the newest backup
    is never the one rotated away."""
    day, time = moment.astimezone().strftime("%Y%m%d %H%M%S").split()
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        names = []
    same_second = [
        int(match[3] or 1)
        for name in names
        if (match := _NAME.fullmatch(name)) and (match[1], match[2]) == (day, time)
    ]
    if not same_second:
        return folder / f"journal-{day}-{time}{suffix}"
    return folder / f"journal-{day}-{time}-{max(same_second) + 1}{suffix}"
