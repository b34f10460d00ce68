"""Looking after the journal file as a whole: encrypting, decrypting and
changing its passphrase (with its backups), and copies on demand.

An encrypted journal is the same document behind an
:class:`~intimacy_cli.store.crypto.EncryptedCodec`; the conversions rewrite
the file and its backups together, so the backups folder never holds
plaintext next to an encrypted journal.
"""

from __future__ import annotations

from pathlib import Path

from intimacy_cli.store import backups
from intimacy_cli.store.errors import CodecError, JournalError, WrongEncryptionState
from intimacy_cli.store.files import describe, remove_leftovers, write_atomically
from intimacy_cli.store.journal_file import JournalFile
from intimacy_cli.store.storage import PLAIN, Codec, JournalStorage


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
        return self._convert(codec, encrypted=False)

    def decrypt(self) -> list[Path]:
        """Store the journal and its backups as plain JSON again; see :meth:`_convert`."""
        return self._convert(PLAIN, encrypted=True)

    def reencrypt(self, codec: Codec) -> list[Path]:
        """Encrypt the journal and its backups with a new passphrase's ``codec``;
        see :meth:`_convert`."""
        return self._convert(codec, encrypted=True)

    def require_encrypted(self, encrypted: bool) -> None:
        """Refuse unless the journal is ``encrypted`` (or not); commands call it
        before asking for any passphrase."""
        if self._file.encrypted != encrypted:
            raise WrongEncryptionState(self._file.paths.journal, encrypted=not encrypted)

    def _convert(self, codec: Codec, *, encrypted: bool) -> list[Path]:
        """Rewrite the journal and its backups from this journal's codec to
        ``codec``, under the lock; the journal must be ``encrypted`` (or not).

        Backups go first and the journal last, each file replaced atomically:
        if this stops half-way, the journal is still as it was and the same
        command can simply be run again. No new backup is made: the content
        does not change, and a copy in the old format would be the very leak
        that encrypting is meant to close. Returns the backups that could not
        be read with this journal's codec (damaged, or from another
        passphrase), which are left exactly as they are.
        """
        self.require_encrypted(encrypted)
        paths = self._file.paths
        with self._file.locked():
            # Should another command convert the file meanwhile, this codec
            # refuses to read it: a file is never encrypted twice.
            storage = JournalStorage(paths, self._file.codec)
            storage.read()  # a wrong passphrase or damaged journal stops here
            backups.require_real_folder(paths.backups)
            remove_leftovers(paths.backups, backups.NAMES)
            skipped = [
                path for path in backups.in_folder(paths.backups) if not self._recode(path, codec)
            ]
            storage.recode(codec)
        self._file.codec = codec
        return skipped

    def _recode(self, path: Path, codec: Codec) -> bool:
        """Rewrite one backup with ``codec``; ``False`` if this journal's codec
        cannot read it."""
        try:
            document = self._file.codec.decode(path.read_bytes())
        except CodecError:
            return False
        write_atomically(path, codec.encode(document))
        return True

    def backup(self, destination: Path | None = None) -> Path:
        """Copy the journal file now, byte for byte, and return the copy's path.

        Default: a dated file in the backups folder, which keeps the newest
        :data:`~intimacy_cli.store.backups.KEEP`. An existing folder gets a dated
        file; any other path is the new file's name and must not exist yet.
        An unreadable journal is refused, so it can never push good backups out.
        """
        paths = self._file.paths
        if destination is None and paths.journal.exists():
            # Under the lock, like every change to the backups folder: a copy
            # taken mid-way through `data encrypt` would leave plaintext there.
            with self._file.locked():
                return self._copy_to(paths.backups, rotate=True)
        return self._copy_to(destination or paths.backups, rotate=False)

    def _copy_to(self, target: Path, *, rotate: bool) -> Path:
        journal = self._file.paths.journal
        if self._file.storage().read() is None:
            raise JournalError(f"there is no journal at {journal} yet; nothing to back up")
        if target.exists() and not target.is_dir():
            raise JournalError(
                f"{target} already exists; nothing was written", hint="name a new file, or a folder"
            )
        if rotate:
            backups.require_real_folder(target)
        try:
            if target.is_dir() or rotate:
                made = backups.save(journal, target, self._file.clock())
                if rotate:
                    backups.rotate(target)
                return made
            return backups.save_as(journal, target)
        except OSError as error:
            raise JournalError(
                f"could not write a backup to {target}: {describe(error)}"
            ) from error
