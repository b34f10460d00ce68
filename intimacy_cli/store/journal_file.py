"""The journal file and the lock every change takes: what entries, sessions and
maintenance share.

Writes are each one read-modify-write while holding an inter-process lock on
the lock file: the file is read fresh from disk, changed through TinyDB by
document id (never by writing back a filtered view), and replaced atomically.
A second process waits up to ``lock_timeout`` seconds for its turn, then stops
with a clear error instead of hanging.

Reads take no lock. Every write replaces the file with ``os.replace``, so a
reader opens either the old file or the new one, each complete. That way a
read-only command never waits behind a writer, never creates a lock file, and
still works in a read-only folder.

Nothing is written until something needs saving: reading a missing journal
creates no file or folder, and a journal in an older schema is migrated in
memory when read and written back (after a backup) only with the next change.

Every command first settles what an interrupted one left: under the lock,
an interrupted conversion is finished or undone (see
:mod:`~intimacy_cli.store.conversion`; a read that finds its plan takes the
lock for this) and temporary files of killed writers are deleted. And every
read or write refuses a data folder that someone else could change: one
owned by another user, or writable by everyone.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from intimacy_cli.base.messages import NOTHING_CHANGED
from intimacy_cli.base.paths import DataPaths
from intimacy_cli.store.crypto import is_encrypted_file
from intimacy_cli.store.entry import timestamp
from intimacy_cli.store.errors import EntryNotFound, JournalError, UnsafeFolder
from intimacy_cli.store.files import (
    describe,
    make_private_dir,
    noting_replacements,
    remove_leftovers,
)
from intimacy_cli.store.layout import TIME_FIELDS, period_of
from intimacy_cli.store.lock import LockBusy, held
from intimacy_cli.store.records import in_stored_form
from intimacy_cli.store.schema import SCHEMA_VERSION
from intimacy_cli.store.storage import PLAIN, Codec, JournalStorage, tables_folder, target_of
from intimacy_cli.store.tables import LazyTables

if TYPE_CHECKING:
    from tinydb.table import Table

LOCK_TIMEOUT = 5.0  # seconds; commands take milliseconds, so a longer wait means trouble

Record = dict[str, Any]


def utc_now() -> datetime:
    return datetime.now(UTC)


class JournalFile:
    """One journal file: fresh reads, and locked read-modify-writes.

    Nothing is cached between calls, so several processes can share the
    journal safely.
    """

    def __init__(
        self,
        paths: DataPaths,
        *,
        clock: Callable[[], datetime] = utc_now,
        lock_timeout: float = LOCK_TIMEOUT,
        codec: Codec = PLAIN,
    ) -> None:
        self.paths = paths
        self.clock = clock
        self.codec = codec
        self._lock_timeout = lock_timeout
        self._holding = False  # inside locked(): settled, and the lock is not taken twice

    @property
    def encrypted(self) -> bool:
        """Whether the journal file is encrypted. Its header says so, whatever
        any setting says; no file yet means not encrypted. An interrupted
        conversion is settled first, so the answer is what it became."""
        check_folder(self.paths.data_dir)
        self.settle()
        return is_encrypted_file(self.paths.journal)

    def now(self) -> str:
        return timestamp(self.clock())

    def storage(self, *, check_entries: bool = True) -> JournalStorage:
        """A storage over the file as it is now; read at most once."""
        check_folder(self.paths.data_dir)
        self.settle()
        return JournalStorage(
            self.paths,
            self.codec,
            check_entries=check_entries,
            recheck=None if self._holding else self._wait_for_writers,
        )

    def settle(self) -> None:
        """Finish or undo an interrupted conversion before reading: only when
        its plan is there, so ordinary reads take no lock."""
        if not self._holding and self.paths.conversion_plan.exists():
            with self.locked():
                pass

    def _wait_for_writers(self) -> None:
        """Wait for the lock (and settle), for a reader that found the journal
        unlike what the data folder remembers; if the lock cannot be had (a
        read-only folder), the reader just looks once more."""
        with suppress(JournalError), self.locked():
            pass

    def tables(self) -> LazyTables:
        """The journal as it is now, for reading (no lock: see the module doc)."""
        return self.storage().tables()

    @contextmanager
    def writing(self) -> Iterator[JournalStorage]:
        """One read-modify-write: the lock held throughout, the data read fresh
        (new storage, new TinyDB tables, so no stale ids or caches from an
        earlier call), and the day's backup made just before the file changes.

        Raises :class:`JournalError` for an unreadable journal (before any
        write), a busy lock, or any OS error; its message says whether any
        file was already replaced (see :meth:`_failed_save`).
        """
        with self.locked():
            # Entries are checked by the period they are in, and only the periods
            # a write changes (see Entries) or the day's backup copies (every
            # one): finding an old entry to change does not check every period.
            storage = JournalStorage(
                self.paths, self.codec, self._back_up_if_due, check_entries=False
            )
            storage.read()
            with storage.one_write():  # TinyDB writes per operation: saved once, at the end
                yield storage

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the lock that every change to the journal (and every automatic
        backup and conversion of its backups) happens under, with a busy lock
        and OS errors turned into :class:`JournalError`."""
        check_folder(self.paths.data_dir)
        with noting_replacements() as replaced:
            try:
                make_private_dir(self.paths.data_dir)
                with held(self.paths.lock, self._lock_timeout):
                    self._clean_up()
                    self._holding = True
                    try:
                        yield
                    finally:
                        self._holding = False
            except LockBusy:  # before OSError: it is a TimeoutError
                raise JournalError(
                    f"the journal at {self.paths.journal} is busy (another intimacy command "
                    "is using it); nothing was changed",
                    hint="try again in a moment",
                ) from None
            except OSError as error:
                raise JournalError(self._failed_save(describe(error), replaced)) from error

    def _clean_up(self) -> None:
        """Under the lock, before anything else: what interrupted commands left."""
        # Imported only once the lock is taken: a command that only reads needs neither.
        from intimacy_cli.store import backups, conversion

        paths = self.paths
        conversion.settle(paths, target_of(paths.journal))
        for name in (paths.journal.name, paths.encryption_marker.name, paths.conversion_plan.name):
            remove_leftovers(paths.data_dir, name)
        if paths.backups.is_dir() and not paths.backups.is_symlink():
            remove_leftovers(paths.backups, backups.NAMES)
        tables = tables_folder(paths.journal)
        if tables.is_dir() and not tables.is_symlink():
            remove_leftovers(tables, "*")

    def _failed_save(self, reason: str, replaced: list[Path]) -> str:
        """What a failed locked operation did, honestly: "nothing was changed"
        only when no file was replaced before the error."""
        journal = self.paths.journal
        if not replaced:
            return f"could not save to the journal {journal}: {reason}; nothing was changed"
        if {journal, journal.resolve()} & set(replaced):
            return f"the journal {journal} was saved, but then something failed: {reason}"
        names = ", ".join(path.name for path in replaced)
        return (
            f"could not save to the journal {journal}: {reason}; the journal is unchanged, "
            f"but these files were already written: {names}"
        )

    def _back_up_if_due(self, storage: JournalStorage) -> None:
        """Snapshot the journal before the day's first change, and before it is
        migrated to a newer schema (called by the storage before writing).
        A snapshot copies only the tables changed since the last one (see
        :mod:`~intimacy_cli.store.backups`)."""
        if storage.stored_version is None:  # no journal yet: nothing to lose
            return
        from intimacy_cli.store import backups

        backups.require_real_folder(self.paths.backups)
        moment = self.clock()
        migrating = storage.stored_version < SCHEMA_VERSION
        if migrating or not backups.made_on_day_of(self.paths.backups, moment):
            made = backups.save(storage, self.paths.backups, moment)
            backups.rotate(self.paths.backups, made)


def check_folder(folder: Path) -> None:
    """Refuse a data folder that someone else could change: owned by another
    user, or writable by everyone (they could swap the journal, or plant a
    link where a backup goes). A folder not made yet is fine: it is made 0700.
    Not on Windows, whose permissions are not these."""
    if os.name == "nt":
        return
    try:
        info = folder.stat()
    except OSError:
        return  # missing or unreadable: reading or writing says so
    if info.st_uid != os.geteuid():
        raise UnsafeFolder(
            f"the data folder {folder} belongs to another user (uid {info.st_uid}), "
            f"who could read or replace your journal; {NOTHING_CHANGED}"
        )
    if info.st_mode & stat.S_IWOTH:
        raise UnsafeFolder(
            f"the data folder {folder} can be changed by every user of this computer "
            f"(mode {stat.S_IMODE(info.st_mode):o}); {NOTHING_CHANGED}",
            hint=f"make it yours alone: chmod 700 {folder}",
        )


def records_of(storage: JournalStorage, table: str) -> dict[str, Record]:
    """One table's records as read by ``storage``, keyed by document id; of a
    table kept by period, every period's (see :mod:`.layout`)."""
    if table in TIME_FIELDS:
        return storage.kept_by_period(table)
    return storage.tables().get(table, {})


def add_by_period(storage: JournalStorage, table: str, records: Iterable[Record]) -> None:
    """Insert ``records`` into a table kept by period, each into the period of
    its time (:data:`~.layout.TIME_FIELDS`), with document ids from the
    manifest (see :meth:`.JournalStorage.new_ids`). Inside :meth:`JournalFile.writing`,
    so every period's insert is saved by its one write."""
    from tinydb.table import Document  # only changes need TinyDB, not reading

    by_period: dict[str, list[Record]] = {}
    for record in records:
        stamp = in_stored_form(record[TIME_FIELDS[table]])
        by_period.setdefault(period_of(table, stamp), []).append(record)
    for period, batch in sorted(by_period.items()):
        ids = storage.new_ids(len(batch), period)
        tinydb_table(storage, period).insert_multiple(
            Document(record, doc_id=doc_id) for record, doc_id in zip(batch, ids, strict=True)
        )


def tinydb_table(storage: JournalStorage, table: str) -> Table:
    """A TinyDB table over this operation's storage, made new each time so its
    cached next id and query results can never outlive the lock."""
    from tinydb.table import Table  # only changes need TinyDB, not reading

    return Table(storage, table, cache_size=0)


def find(records: dict[str, Record], record_id: str, what: str) -> tuple[int, Record]:
    """A record's TinyDB document id and contents, by our own ``id``."""
    for doc_id, record in records.items():
        if record["id"] == record_id:
            return int(doc_id), record
    raise EntryNotFound(f"no {what} with id '{record_id}'")
