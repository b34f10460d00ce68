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
from intimacy_cli.store.crypto import EncryptedCodec, generation_of, is_encrypted
from intimacy_cli.store.errors import CodecError, JournalError, WrongEncryptionState
from intimacy_cli.store.files import describe, write_atomically
from intimacy_cli.store.journal_file import JournalFile
from intimacy_cli.store.marker import Remembered
from intimacy_cli.store.storage import PLAIN, Codec, JournalStorage, target_of


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
            found = backups.in_folder(paths.backups)
            # Words kept after a failed save are under the journal's codec too.
            kept = sorted(paths.recovery.glob(f"*{recovery.SUFFIX}"))
            manifest = storage.manifest
            plan = Plan(
                operation,
                storage.target,
                [path.name for path in found],
                [path.name for path in kept],
                sorted(manifest.file_names()) if manifest else [],
            )
            skipped: list[Path] = []
            try:
                with Conversion(paths, plan) as converting:
                    for path in [*found, *kept]:
                        document = self._document_of(path)
                        if document is None:
                            skipped.append(path)
                        else:
                            converting.stage(path, codec.encode(document))
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
                raise JournalError(self._failed(plan, describe(error))) from error
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
            return self._file.codec.decode(copy.read_bytes())
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
        """Copy the whole journal into one file now (see :mod:`.backups`), and
        return the copy's path.

        Default: a dated file in the backups folder, which keeps the newest
        :data:`~intimacy_cli.store.backups.KEEP`. An existing folder gets a dated
        file; any other path is the new file's name and must not exist yet.
        An unreadable journal is refused, so it can never push good backups out.
        """
        paths = self._file.paths
        target = destination or paths.backups
        rotate = destination is None
        if paths.journal.exists() and _within(target, paths.data_dir):
            # Under the lock, like every change in the data folder: a copy taken
            # mid-way through `data encrypt` would leave plaintext there, and
            # the next command sweeps the temporary file of a killed copy.
            with self._file.locked():
                return self._copy_to(target, rotate=rotate)
        return self._copy_to(target, rotate=rotate)

    def _copy_to(self, target: Path, *, rotate: bool) -> Path:
        journal = self._file.paths.journal
        storage = self._file.storage()
        if storage.read() is None:
            raise JournalError(f"there is no journal at {journal} yet; nothing to back up")
        if target.exists() and not target.is_dir():
            raise JournalError(
                f"{target} already exists; nothing was written", hint="name a new file, or a folder"
            )
        if rotate:
            backups.require_real_folder(target)
        snapshot = storage.snapshot()
        try:
            if target.is_dir() or rotate:
                made = backups.save(snapshot, target, self._file.clock())
                if rotate:
                    backups.rotate(target)
                return made
            return backups.save_as(snapshot, target)
        except OSError as error:
            raise JournalError(
                f"could not write a backup to {target}: {describe(error)}"
            ) from error


def _within(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or inside it (links resolved)."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder))
