"""The TinyDB storage behind the journal: one JSON file, written atomically.

Stock TinyDB rewrites its file in place, so a crash mid-write truncates it and
two writers interleave. :class:`JournalStorage` instead replaces the whole file
atomically (see :func:`~intimacy_cli.store.files.write_atomically`), refuses to
read anything that is not a journal it understands, and never writes over such
a file. Locking is the :class:`~intimacy_cli.store.journal.Journal`'s job.

Between the JSON text and the file sits a :class:`Codec`: bytes in, bytes out.
Today it is :class:`PlainCodec`; whole-file encryption will be another codec,
with no change here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from tinydb.storages import Storage

from intimacy_cli.store import schema
from intimacy_cli.store.backups import BACKUP_FOLDER
from intimacy_cli.store.errors import JournalError
from intimacy_cli.store.files import describe, write_atomically


class Codec(Protocol):
    """How the journal's JSON document becomes the bytes on disk, and back.

    ``decode`` gets the whole file (never empty) and raises
    :class:`JournalError` when it cannot make sense of it.
    """

    def encode(self, document: bytes) -> bytes: ...

    def decode(self, stored: bytes) -> bytes: ...


class PlainCodec:
    """The file holds the JSON document as it is."""

    def encode(self, document: bytes) -> bytes:
        return document

    def decode(self, stored: bytes) -> bytes:
        return stored


PLAIN = PlainCodec()


class JournalStorage(Storage):
    """One journal file, read at most once per instance.

    TinyDB reads the whole database before every table operation; caching the
    first read keeps one operation to one parse. A new instance per locked
    operation (as :class:`Journal` does) therefore always starts from what is
    on disk, never from a stale copy.
    """

    def __init__(
        self,
        path: Path,
        codec: Codec = PLAIN,
        before_write: Callable[[JournalStorage], None] | None = None,
    ) -> None:
        super().__init__()
        self.path = path
        self._codec = codec
        # Called just before the file is replaced, so a backup is only made
        # when something is really about to change.
        self._before_write = before_write
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
        write_atomically(self.path, self._codec.encode(document))
        self._tables = data
        self.stored_version = schema.SCHEMA_VERSION

    def _load(self) -> schema.Tables | None:
        import orjson

        try:
            stored = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise JournalError(f"cannot read the journal {self.path}: {describe(error)}") from None
        if not stored:
            raise self._unreadable("the file is empty")
        try:
            document = orjson.loads(self._codec.decode(stored))
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
            tables = schema.tables_of(schema.upgrade(document))
        except schema.LayoutError as error:
            raise self._unreadable(f"it is not an intimacy journal: {error}") from None
        self.stored_version = version
        return tables

    def _unreadable(self, problem: str) -> JournalError:
        return JournalError(
            f"cannot read the journal {self.path}: {problem}; nothing was changed",
            hint=self._backups_hint(),
        )

    def _backups_hint(self) -> str:
        return f"earlier copies are in {self.path.parent / BACKUP_FOLDER}"
