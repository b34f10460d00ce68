"""Converting the journal and its backups (encrypt, decrypt, a new passphrase)
so that an interruption at any moment (a kill, Ctrl-C, a power cut) is
finished or undone by the next command, whatever that command is.

A conversion, all of it under the journal's lock, is:

1. the plan: ``conversion.json`` in the data folder (see
   :class:`~intimacy_cli.base.paths.DataPaths`) names the files to convert
   (the backups, the words kept after a failed save, the journal's table
   files and its manifest, see :mod:`~intimacy_cli.store.layout`) and what
   the journal becomes. It holds no secret: no passphrase, key or
   content, only file names and the marker to write (see
   :mod:`~intimacy_cli.store.marker`);
2. staging: each file's converted bytes are written beside it under a staged
   name (``.NAME.converted``), atomically. The originals are untouched, so
   the journal and its backups stay exactly as they were;
3. the commit: the plan is rewritten saying "committed". This one atomic
   rename is the moment the conversion happens;
4. applying: each staged file is renamed over its original, the backups,
   kept words and table files first; table files the manifest does not name
   (older ones, under the old codec) are deleted; the manifest is renamed
   last, then the marker is written and the plan deleted.

:func:`settle`, which every command runs under the lock before anything
else (and every read that finds a plan), finishes a committed plan (step 4
again: renames need no passphrase) and undoes any other (deletes the staged
files and the plan). So the folder never keeps plaintext beside an
encrypted journal, or backups under two passphrases, past the next command.
Staged files without a plan cannot come from an interrupted conversion (the
plan is written first and deleted last) and are deleted too.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from types import TracebackType
from typing import NamedTuple

from intimacy_cli.base.paths import DataPaths
from intimacy_cli.store import backups, layout, marker
from intimacy_cli.store.errors import JournalError
from intimacy_cli.store.files import (
    describe,
    remove_leftovers,
    remove_synced,
    replace_synced,
    sync_folder,
    write_atomically,
)
from intimacy_cli.store.marker import Remembered

STAGED_SUFFIX = ".converted"
OPERATIONS = {"encrypt": "encryption", "decrypt": "decryption", "passphrase": "passphrase change"}
_FORMAT = 1
_MAX_SIZE = 1 << 20


def staged(target: Path) -> Path:
    """Where ``target``'s converted bytes wait for the commit: beside it, hidden."""
    return target.with_name(f".{target.name}{STAGED_SUFFIX}")


class Plan(NamedTuple):
    """What a conversion changes; written before anything else, deleted last.

    A named tuple, not a dataclass: every save imports this module (to settle
    what an interrupted conversion left), where making a dataclass would cost
    more than the rest of the module."""

    operation: str
    journal: Path  # the file holding the journal's bytes (a link's target)
    # Backup files, as paths relative to the backups folder (see backups.is_backup_file).
    backups: Sequence[str] = ()
    kept: Sequence[str] = ()  # names in the recovery folder
    tables: Sequence[str] = ()  # the manifest's files in tables/
    committed: bool = False
    marker: Remembered | None = None

    def targets(self, paths: DataPaths) -> list[Path]:
        """Every file converted, in the order they are replaced: the journal last."""
        return [
            *(paths.backups / name for name in self.backups),
            *(paths.recovery / name for name in self.kept),
            *(self.tables_folder / name for name in self.tables),
            self.journal,
        ]

    @property
    def tables_folder(self) -> Path:
        return self.journal.parent / layout.TABLES_FOLDER

    def to_json(self) -> bytes:
        return json.dumps(
            {
                "format": _FORMAT,
                "what": "an interrupted conversion of the journal: the next intimacy "
                "command finishes or undoes it",
                "operation": self.operation,
                "state": "committed" if self.committed else "staged",
                "journal": str(self.journal),
                "backups": self.backups,
                "kept": self.kept,
                "tables": self.tables,
                "marker": self.marker.to_json() if self.marker else None,
            },
            indent=1,
        ).encode()


def _load(paths: DataPaths, journal: Path) -> Plan | None:
    """The plan in the data folder, if any; :class:`JournalError` if it cannot be
    trusted (then nothing is finished or undone: the files stay as they are)."""
    where = paths.conversion_plan
    try:
        with where.open("rb") as file:
            raw = file.read(_MAX_SIZE + 1)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise JournalError(f"cannot read {where}: {describe(error)}") from None
    plan = _parse(raw, journal) if len(raw) <= _MAX_SIZE else None
    if plan is None:
        raise JournalError(
            f"{where} describes an interrupted encryption, decryption or passphrase "
            "change, but it is damaged, so the app cannot finish or undo it; "
            "nothing was changed",
            hint=f"the journal {journal} is as it was before; move {where} away, "
            "then run the command again",
        )
    return plan


def _is_kept_name(name: object) -> bool:
    """Whether ``name`` is a file name in the recovery folder (kept words)."""
    from intimacy_cli.store.recovery import SUFFIX  # here: recovery imports this module

    return (
        isinstance(name, str)
        and name == Path(name).name
        and not name.startswith(".")
        and name.endswith(SUFFIX)
    )


def _parse(raw: bytes, journal: Path) -> Plan | None:
    try:
        found = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(found, dict):
        return None
    names, kept, state = found.get("backups"), found.get("kept", []), found.get("state")
    tables = found.get("tables", [])
    remembered = marker.from_json(found.get("marker"))
    trusted = (
        found.get("operation") in OPERATIONS
        # a plan for this journal, in a state this version writes
        and found.get("journal") == str(journal)
        and state in ("staged", "committed")
        and isinstance(names, list)
        and all(isinstance(name, str) and backups.is_backup_file(name) for name in names)
        and isinstance(kept, list)
        and all(_is_kept_name(name) for name in kept)
        and isinstance(tables, list)
        and all(isinstance(name, str) and layout.is_table_file_name(name) for name in tables)
        # the marker to write: always once committed
        and (remembered is not None or found.get("marker") is None)
        and (remembered is not None or state != "committed")
    )
    if not trusted:
        return None
    return Plan(
        found["operation"],
        journal,
        list(names or ()),
        list(kept or ()),
        list(tables),
        committed=state == "committed",
        marker=remembered,
    )


def settle(paths: DataPaths, journal: Path) -> None:
    """Finish a committed conversion, undo an uncommitted one, and delete any
    staged file left without a plan. Only under the journal's lock."""
    plan = _load(paths, journal)
    if plan is None:
        _sweep(paths, journal)
        return
    try:
        if plan.committed:
            _apply(paths, plan)
        else:
            _undo(paths, plan)
    except OSError as error:
        done = "finished" if plan.committed else "undone"
        raise JournalError(
            f"an interrupted {OPERATIONS[plan.operation]} of the journal {journal} could "
            f"not be {done}: {describe(error)}",
            hint="run any intimacy command again once that is fixed; it carries on "
            "where this one stopped",
        ) from error


def _apply(paths: DataPaths, plan: Plan) -> None:
    """Step 4: every staged file over its original (the journal last), the
    marker, then the plan gone. Each step can be repeated after a kill."""
    targets = plan.targets(paths)
    for target in targets[:-1]:
        if staged(target).exists():
            replace_synced(staged(target), target)
    # The backups and kept words are in place before the journal changes.
    for folder in sorted({target.parent for target in targets[:-1]}):
        sync_folder(folder)
    _remove_old_tables(plan)
    if staged(plan.journal).exists():
        replace_synced(staged(plan.journal), plan.journal)
    assert plan.marker is not None  # a committed plan always names it (see _parse)
    marker.write(paths, plan.marker)
    remove_synced(paths.conversion_plan)


def _remove_old_tables(plan: Plan) -> None:
    """Table files the converted manifest does not name are still under the
    old codec (plaintext, after encrypting): none may outlive the conversion."""
    try:
        found = list(plan.tables_folder.iterdir())
    except OSError:  # no tables folder: a journal in the whole-document form
        return
    for path in found:
        if layout.is_table_file_name(path.name) and path.name not in plan.tables:
            remove_synced(path)


def _undo(paths: DataPaths, plan: Plan) -> None:
    """Back to before step 1: the staged files, then the plan, deleted."""
    for target in plan.targets(paths):
        _remove_staged(target)
    remove_synced(paths.conversion_plan)


def _remove_staged(target: Path) -> None:
    remove_leftovers(target.parent, staged(target).name)  # its half-written temporary files
    remove_synced(staged(target))


def _sweep(paths: DataPaths, journal: Path) -> None:
    if os.path.lexists(staged(journal)):
        _remove_staged(journal)
    folders = [paths.backups, paths.recovery, journal.parent / layout.TABLES_FOLDER]
    for snapshot in backups.in_folder(paths.backups):
        folders += [snapshot, snapshot / layout.TABLES_FOLDER] if snapshot.is_dir() else []
    for folder in folders:
        try:
            found = [path for path in folder.iterdir() if path.name.endswith(STAGED_SUFFIX)]
        except OSError:  # no such folder: nothing staged there
            continue
        for path in found:
            remove_leftovers(path.parent, path.name)
            remove_synced(path)


class Conversion:
    """Steps 1 to 4 of the module doc, for one conversion under the lock: the
    plan is written on entering, :meth:`stage` writes converted bytes beside
    their file, :meth:`commit` decides and applies. Leaving by an exception
    settles whatever the plan on disk says (undone unless committed)."""

    def __init__(self, paths: DataPaths, plan: Plan) -> None:
        self._paths = paths
        self.plan = plan

    def __enter__(self) -> Conversion:
        write_atomically(self._paths.conversion_plan, self.plan.to_json())
        return self

    def stage(self, target: Path, data: bytes) -> None:
        write_atomically(staged(target), data)

    def stage_like(self, target: Path, like: Path) -> bool:
        """Stage for ``target`` what was staged for ``like`` (a hard link of the
        same file: backups that share a table keep sharing it); ``False``
        where that cannot be done, and it must be staged itself."""
        try:
            os.link(staged(like), staged(target))
        except OSError:
            return False
        return True

    def commit(self, remembered: Remembered) -> None:
        committed = self.plan._replace(marker=remembered, committed=True)
        # Should this fail, the staged plan on disk stands (write_atomically).
        write_atomically(self._paths.conversion_plan, committed.to_json())
        self.plan = committed
        _apply(self._paths, committed)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if error is not None:
            # Undo (or, if committed, finish) now rather than at the next command;
            # should that fail too, the next command tries again.
            with suppress(JournalError):
                settle(self._paths, self.plan.journal)
