"""The TinyDB storage behind the journal: one JSON file, written atomically.

Stock TinyDB rewrites its file in place, so a crash mid-write truncates it and
two writers interleave. :class:`JournalStorage` instead replaces the whole file
atomically (see :func:`~intimacy_cli.store.files.write_atomically`), refuses to
read anything that is not a journal it understands, and never writes over such
a file. Locking is the :class:`~intimacy_cli.store.journal.Journal`'s job.

Between the JSON text and the file sits a :class:`Codec`: bytes in, bytes out:
:class:`PlainCodec`, or :class:`~intimacy_cli.store.crypto.EncryptedCodec` for
an encrypted journal.
"""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from tinydb.storages import Storage

from intimacy_cli.base.paths import DataPaths
from intimacy_cli.store import marker, schema
from intimacy_cli.store.crypto import is_encrypted
from intimacy_cli.store.errors import CodecError, JournalError, JournalReplaced
from intimacy_cli.store.files import describe, write_atomically
from intimacy_cli.store.records import LayoutError, check_record


class Codec(Protocol):
    """How the journal's JSON document becomes the bytes on disk, and back.

    ``decode`` gets the whole file (never empty) and raises
    :class:`CodecError` when it cannot make sense of it.
    """

    def encode(self, document: bytes) -> bytes: ...

    def decode(self, stored: bytes) -> bytes: ...


class PlainCodec:
    """The file holds the JSON document as it is. An encrypted file is refused,
    so it can never be parsed as JSON, or written over with plaintext."""

    def encode(self, document: bytes) -> bytes:
        return document

    def decode(self, stored: bytes) -> bytes:
        if is_encrypted(stored):
            raise CodecError(
                "it is encrypted (it may have been encrypted by another command)",
                hint="run the command again; it will ask for the passphrase",
            )
        return stored


PLAIN = PlainCodec()


def target_of(journal: Path) -> Path:
    """The file a journal's bytes live in: a symbolic link's target."""
    return journal.resolve() if journal.is_symlink() else journal


class JournalStorage(Storage):
    """One journal file, read at most once per instance.

    TinyDB reads the whole database before every table operation; caching the
    first read keeps one operation to one parse. A new instance per locked
    operation (as :class:`Journal` does) therefore always starts from what is
    on disk, never from a stale copy.
    """

    def __init__(
        self,
        paths: DataPaths,
        codec: Codec = PLAIN,
        before_write: Callable[[JournalStorage], None] | None = None,
        *,
        check_entries: bool = True,
        recheck: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self._paths = paths
        self.path = paths.journal
        self._codec = codec
        # False: the caller checks each entry it uses (see check_record).
        self._check_entries = check_entries
        # Called just before the file is replaced, so a backup is only made
        # when something is really about to change.
        self._before_write = before_write
        # Called once when the file does not match what the data folder
        # remembers, before refusing it: it waits for the lock, so that a
        # conversion or write still in progress can finish (see _stored).
        self._recheck = recheck
        self._tables: schema.Tables | None = None
        self._loaded = False
        #: Schema version of the file as read; ``None`` when there is no file.
        self.stored_version: int | None = None

    def read(self) -> schema.Tables | None:
        """The journal's tables, or ``None`` when there is no journal file yet."""
        if not self._loaded:
            self._tables = self._load()
            self._loaded = True
        return self._tables

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        import orjson

        document = orjson.dumps({schema.SCHEMA_KEY: schema.SCHEMA_VERSION, **data})
        if self._before_write:
            self._before_write(self)
        stored = self._codec.encode(document)
        write_atomically(self.target, stored)
        marker.note_written(self._paths, stored)
        self._tables = data
        self.stored_version = schema.SCHEMA_VERSION

    def recoded(self, codec: Codec) -> bytes:
        """The file's contents under another codec (to encrypt, decrypt or change
        the passphrase), for a conversion to write. The document inside stays
        byte for byte the same, so nothing is migrated and no backup is due; a
        missing journal becomes an empty one, so everything saved from now on
        goes through ``codec``. Only a journal this version can read is converted."""
        import orjson

        document = self.document()
        if document is None:
            document = orjson.dumps({schema.SCHEMA_KEY: schema.SCHEMA_VERSION})
        else:
            self._parse(document)
        return codec.encode(document)

    @property
    def target(self) -> Path:
        """Where a save goes: through a symbolic link to the file it names, so a
        journal linked into, say, a synced folder stays there."""
        return target_of(self.path)

    def _load(self) -> schema.Tables | None:
        document = self.document()
        return None if document is None else self._parse(document)

    def document(self) -> bytes | None:
        """The file's document as the codec gives it, not yet parsed (opening
        an encrypted file proves the passphrase right and the file intact);
        ``None`` when there is no file."""
        stored = self._stored()
        if stored is None:
            return None
        try:
            return self._codec.decode(stored)
        except CodecError as error:
            raise self._unreadable(error.problem, error.hint) from None

    def _stored(self) -> bytes | None:
        """The file's bytes (``None``: no file), refused when the data folder
        remembers an encrypted journal this is not (see :mod:`.marker`).

        The marker is read before the file, and written after it, so a write
        racing this read cannot look like an older copy. A conversion applying
        its renames can (the journal is new, the marker not yet): a mismatch is
        therefore checked once more after waiting for the lock, which is held
        until the conversion has finished.
        """
        problem: str | None = None
        for last in (False, True):
            remembered = marker.read(self._paths)
            stored = self._read_file()
            problem = marker.problem(remembered, stored)
            if problem is None:
                return stored
            if last or self._recheck is None:
                break
            self._recheck()
        assert problem is not None
        raise JournalReplaced(self.path, problem)

    def _read_file(self) -> bytes | None:
        try:
            mode = self.path.stat().st_mode
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):  # a folder: reading says so
                # A pipe or device would block or never end; only files are journals.
                raise self._unreadable("it is not a regular file")
            stored = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise JournalError(f"cannot read the journal {self.path}: {describe(error)}") from None
        if not stored:
            raise self._unreadable("the file is empty")
        return stored

    def _parse(self, raw: bytes) -> schema.Tables:
        import orjson

        try:
            document = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            raise self._unreadable(f"it is not valid JSON ({error})") from None
        try:
            version = schema.version_of(document)
            if version > schema.SCHEMA_VERSION:
                raise JournalError(
                    f"the journal {self.path} was written by a newer intimacy-cli "
                    f"(schema {version}; this version reads up to {schema.SCHEMA_VERSION}); "
                    "nothing was changed",
                    hint=f"update intimacy-cli to open it; {self._backups_hint()}",
                )
            tables = schema.tables_of(schema.upgrade(document), check_entries=self._check_entries)
        except LayoutError as error:
            raise self._unreadable(f"it is not an intimacy journal: {error}") from None
        self.stored_version = version
        return tables

    def check_record(self, table: str, doc_id: str, record: object) -> None:
        """For a storage read with ``check_entries=False``: check one record the
        caller is about to use, with the same error a full read would give."""
        try:
            check_record(table, doc_id, record)
        except LayoutError as error:
            raise self._unreadable(f"it is not an intimacy journal: {error}") from None

    def _unreadable(self, problem: str, hint: str | None = None) -> JournalError:
        backups = self._backups_hint()
        return JournalError(
            f"cannot read the journal {self.path}: {problem}; nothing was changed",
            hint=f"{hint}; {backups}" if hint else backups,
        )

    def _backups_hint(self) -> str:
        backups = self._paths.backups
        if backups.is_dir():
            return f"earlier copies are in {backups}"
        return f"no backups yet (they would be in {backups})"
