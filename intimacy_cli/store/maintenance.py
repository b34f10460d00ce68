"""Looking after the journal file as a whole: encrypting, decrypting and
changing its passphrase (with its backups), accepting a journal that was
replaced on purpose, and copies on demand.

An encrypted journal is the same document behind an
:class:`~intimacy_cli.store.crypto.EncryptedCodec`; the conversions rewrite
the file and its backups together, through a plan that the next command
finishes or undoes if this one is interrupted (see
:mod:`~intimacy_cli.store.conversion`), so the backups folder never keeps
plaintext next to an encrypted journal, or copies under two passphrases.
"""

from __future__ import annotations

import os
from pathlib import Path

from intimacy_cli.base.messages import NOTHING_CHANGED
from intimacy_cli.store import backups, marker, recovery
from intimacy_cli.store.conversion import Conversion, Plan
from intimacy_cli.store.crypto import (
    HEADER_SIZE,
    EncryptedCodec,
    generation_of,
    is_encrypted,
    is_encrypted_file,
    same_key,
)
from intimacy_cli.store.errors import CodecError, JournalError, WrongEncryptionState
from intimacy_cli.store.files import describe, read_regular, write_atomically
from intimacy_cli.store.journal_file import JournalFile
from intimacy_cli.store.marker import Remembered
from intimacy_cli.store.storage import PLAIN, Codec, JournalStorage, tables_folder, target_of


class Maintenance:
    def __init__(self, file: JournalFile) -> None:
        self._file = file

    def unlock(self) -> None:
        """Open the file now, so a wrong passphrase (or a tampered file) stops a
        command before anyone types an answer that could then not be saved."""
        self._file.storage().document()

    def encrypt(self, codec: Codec) -> list[Path]:
        """Encrypt the journal (an empty one if there is none yet) and its
        backups with ``codec``; see :meth:`_convert`."""
        return self._convert(codec, encrypted=False, operation="encrypt")

    def decrypt(self) -> list[Path]:
        """Store the journal and its backups as plain JSON again; see :meth:`_convert`."""
        return self._convert(PLAIN, encrypted=True, operation="decrypt")

    def reencrypt(self, codec: Codec) -> list[Path]:
        """Encrypt the journal and its backups with a new passphrase's ``codec``
        (and that passphrase's key-derivation cost: today's default); see
        :meth:`_convert`."""
        return self._convert(codec, encrypted=True, operation="passphrase")

    def require_encrypted(self, encrypted: bool) -> None:
        """Refuse unless the journal is ``encrypted`` (or not); commands call it
        before asking for any passphrase."""
        if self._file.encrypted != encrypted:
            raise WrongEncryptionState(self._file.paths.journal, encrypted=not encrypted)

    def _convert(self, codec: Codec, *, encrypted: bool, operation: str) -> list[Path]:
        """Rewrite the journal and its backups from this journal's codec to
        ``codec``, under the lock; the journal must be ``encrypted`` (or not).

        Every file is converted beside itself first, then all are swapped in
        (the backups first, the journal last): see
        :mod:`~intimacy_cli.store.conversion`. Stopped before the swap, nothing
        has changed; stopped during it, the next command completes it. No new
        backup is made: the content does not change, and a copy in the old
        format would be the very leak that encrypting is meant to close.
        Words kept after a failed save (``recovery/``) are converted alike.
        Returns the backups and kept files that could not be read with this
        journal's codec (damaged, from another passphrase, or unreadable),
        which are left exactly as they are and never stop the conversion.
        """
        self.require_encrypted(encrypted)
        paths = self._file.paths
        with self._file.locked():
            # Should another command convert the file meanwhile, this codec
            # refuses to read it: a file is never encrypted twice.
            storage = JournalStorage(paths, self._file.codec)
            storage.read()  # a wrong passphrase, damaged or replaced journal stops here
            backups.require_real_folder(paths.backups)
            remembered = marker.read(paths)
            # Generations only grow, across passphrases and decrypting too.
            floor = max(
                remembered.generation if remembered else 0,
                getattr(self._file.codec, "generation", 0),
            )
            if isinstance(codec, EncryptedCodec):
                codec.continue_after(floor)
            found = [
                file
                for backup in backups.in_folder(paths.backups)
                for file in backups.files_of(backup)
            ]
            # Words kept after a failed save are under the journal's codec too.
            kept = sorted(paths.recovery.glob(f"*{recovery.SUFFIX}"))
            manifest = storage.manifest
            plan = Plan(
                operation,
                storage.target,
                [path.relative_to(paths.backups).as_posix() for path in found],
                [path.name for path in kept],
                sorted(manifest.file_names()) if manifest else [],
            )
            skipped: list[Path] = []
            converting = Conversion(paths, plan)
            try:
                with converting:
                    # Snapshots share unchanged tables (hard links): each file
                    # is converted once, and its copies share the result.
                    first: dict[tuple[int, int], Path | None] = {}
                    for path in [*found, *kept]:
                        same = _identity(path)
                        if same in first:
                            like = first[same]
                            if like is None:
                                skipped.append(path)
                                continue
                            if converting.stage_like(path, like):
                                continue
                        document = self._document_of(path)
                        if document is None:
                            skipped.append(path)
                            first[same] = None
                        else:
                            converting.stage(path, codec.encode(document))
                            first[same] = path
                    # The table files, then the manifest: encoded last, so its
                    # generation is above every other file's.
                    for path, stored in storage.recoded(codec):
                        converting.stage(path, stored)
                    generation = generation_of(stored)
                    converting.commit(
                        Remembered(
                            generation is not None, floor if generation is None else generation
                        )
                    )
            except OSError as error:
                # converting.plan: committed once its commit wrote the plan saying so.
                raise JournalError(self._failed(converting.plan, describe(error))) from error
        self._file.codec = codec
        return skipped

    def _failed(self, plan: Plan, reason: str) -> str:
        journal = self._file.paths.journal
        if plan.committed:
            return (
                f"the journal {journal} was converted, but then something failed: {reason}; "
                "the next command finishes the conversion"
            )
        return f"could not convert the journal {journal}: {reason}; {NOTHING_CHANGED}"

    def _document_of(self, copy: Path) -> bytes | None:
        """A backup's or kept file's document, read with this journal's codec;
        ``None`` if it cannot be read (damaged, another passphrase, a header
        out of bounds)."""
        try:
            return self._file.codec.decode(read_regular(copy))
        except (CodecError, OSError):
            return None

    def replaced(self) -> str | None:
        """Why the journal file is not the one last left here (see
        :mod:`~intimacy_cli.store.marker`), completing "the journal PATH ...";
        ``None`` when it is."""
        paths = self._file.paths
        self._file.settle()
        stored = paths.journal.read_bytes() if paths.journal.is_file() else None
        return marker.problem(marker.read(paths), stored)

    def accept(self, codec: EncryptedCodec | None) -> bool:
        """Remember the journal file as it is now as the journal, after a person
        restored an older copy or decrypted it elsewhere on purpose. An
        encrypted file must open with ``codec`` (its passphrase), so only the
        person's own journal can be accepted; it is sealed again, its document
        unchanged, with a generation above every earlier one, so the copies
        that were newer than it stay refused. ``False``: nothing to accept."""
        paths = self._file.paths
        with self._file.locked():
            remembered = marker.read(paths)
            stored = paths.journal.read_bytes() if paths.journal.is_file() else None
            if marker.problem(remembered, stored) is None:
                return False
            assert remembered is not None  # a problem needs a marker
            if stored is not None and is_encrypted(stored):
                if codec is None:
                    raise JournalError(
                        f"the journal {paths.journal} is encrypted; {NOTHING_CHANGED}"
                    )
                try:
                    document = codec.decode(stored)  # the right passphrase, the file intact
                except CodecError as error:
                    raise JournalError(
                        f"cannot accept the journal {paths.journal}: {error.problem}; "
                        f"{NOTHING_CHANGED}",
                        hint=error.hint,
                    ) from None
                codec.continue_after(remembered.generation)
                resealed = codec.encode(document)
                write_atomically(target_of(paths.journal), resealed)
                marker.note_written(paths, resealed)
            else:
                marker.write(paths, Remembered(encrypted=False, generation=remembered.generation))
        return True

    def backup(self, destination: Path | None = None) -> Path:
        """Copy the whole journal now (see :mod:`.backups`), and return the
        copy's path.

        Default: a snapshot in the backups folder, which keeps the newest
        :data:`~intimacy_cli.store.backups.KEEP`. Anywhere else, the journal in
        one file: an existing folder gets a dated file; any other path is the
        new file's name and must not exist yet. An unreadable journal is
        refused, so it can never push good backups out.
        """
        paths = self._file.paths
        target = destination or paths.backups
        if paths.journal.exists() and _within(target, paths.data_dir):
            # Under the lock, like every change in the data folder: a copy taken
            # mid-way through `data encrypt` would leave plaintext there, and
            # the next command sweeps the temporary file of a killed copy.
            with self._file.locked():
                return self._copy_to(target, snapshot=destination is None)
        return self._copy_to(target, snapshot=destination is None)

    def restore(self, backup: Path) -> Path | None:
        """Make the journal what ``backup`` (a snapshot or a backup file, read
        with this journal's passphrase) holds, under the lock, after proving
        every table of it whole. What the journal held before is snapshotted
        first, so a restore can itself be undone; returns that snapshot
        (``None`` when there was no journal, nor any table file of one)."""
        paths = self._file.paths
        codec = self._file.codec
        with self._file.locked():
            found = backups.paths_of(backup)
            remembered = marker.read(paths)
            self.require_restorable(backup)
            sealed = self._sealed(remembered)
            source = JournalStorage(found, codec)
            try:
                if source.read() is None:
                    raise JournalError(f"{backup} is not a backup: it holds no journal.json")
                source.check_every_table()
            except JournalError as error:
                raise JournalError(
                    error.message, hint=f"the journal {paths.journal} is as it was"
                ) from None
            before = None
            # Table files without their journal.json (lost, say, to a sync
            # conflict) still hold every word since the last snapshot: kept too.
            if paths.journal.exists() or backups.table_files(tables_folder(paths.journal)):
                before = backups.keep_as_found(paths, self._file.clock(), sealed=sealed)
            if isinstance(codec, EncryptedCodec) and remembered is not None:
                codec.continue_after(remembered.generation)  # newer than the last save here
            JournalStorage(paths, codec).restore(source)
        return before

    def require_restorable(self, backup: Path) -> None:
        """Refuse ``backup`` unless it and the journal are both encrypted, with
        the same passphrase, or both not (commands call it before asking for
        any passphrase): a restore never changes how the journal is sealed,
        and a passphrase given up for a newer one never restores anything."""
        paths = self._file.paths
        remembered = marker.read(paths)
        encrypted = self._sealed(remembered)
        # A journal gone missing is still what the marker remembers: never
        # plaintext where an encrypted journal (and its backups) lived.
        known = paths.journal.exists() or remembered is not None
        manifest = backups.paths_of(backup).journal
        if known and is_encrypted_file(manifest) != encrypted:
            raise JournalError(
                f"cannot restore {backup}: one of it and the journal is encrypted and "
                f"the other is not; {NOTHING_CHANGED}",
                hint="encrypt or decrypt the journal first (intimacy data encrypt, "
                "intimacy data decrypt), so that they match",
            )
        if encrypted and is_encrypted_file(paths.journal):
            try:
                same = same_key(
                    read_regular(manifest, HEADER_SIZE),
                    read_regular(target_of(paths.journal), HEADER_SIZE),
                )
            except OSError as error:
                raise JournalError(f"cannot read {manifest}: {describe(error)}") from None
            if not same:
                raise JournalError(
                    f"cannot restore {backup}: it is sealed with another passphrase than the "
                    f"journal (one from before a passphrase change); {NOTHING_CHANGED}",
                    hint="the backups intimacy keeps are sealed with the journal's passphrase",
                )

    def _sealed(self, remembered: Remembered | None) -> bool:
        """Whether the journal is encrypted, by its file or, when that says
        nothing (missing, or too damaged to have a header), by what the data
        folder ``remembered``."""
        return self._file.encrypted or bool(remembered and remembered.encrypted)

    def _copy_to(self, target: Path, *, snapshot: bool) -> Path:
        journal = self._file.paths.journal
        storage = self._file.storage()
        if storage.read() is None:
            raise JournalError(f"there is no journal at {journal} yet; nothing to back up")
        if target.exists() and not target.is_dir():
            raise JournalError(
                f"{target} already exists; nothing was written", hint="name a new file, or a folder"
            )
        try:
            if snapshot:
                backups.require_real_folder(target)
                made = backups.save(storage, target, self._file.clock())
                backups.rotate(target, made)
                return made
            if target.is_dir():
                return backups.save_file(storage.one_file(), target, self._file.clock())
            return backups.save_as(storage.one_file(), target)
        except OSError as error:
            raise JournalError(
                f"could not write a backup to {target}: {describe(error)}"
            ) from error


def _identity(path: Path) -> tuple[int, int]:
    """The file behind ``path`` (device and inode), shared by its hard links."""
    try:
        found = os.stat(path, follow_symlinks=False)
    except OSError:
        return (-1, id(path))  # unreadable: reading it says so
    return (found.st_dev, found.st_ino)


def _within(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or inside it (links resolved)."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder))
