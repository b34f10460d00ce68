"""The TinyDB storage behind the journal: a manifest and table files, each
written atomically (see :mod:`~intimacy_cli.store.layout`).

Stock TinyDB rewrites its file in place, so a crash mid-write truncates it and
two writers interleave. :class:`JournalStorage` instead writes the tables a
change touched into new files and then replaces the manifest atomically (see
:func:`~intimacy_cli.store.files.write_atomically`): one rename commits the
whole change. It reads a table only when TinyDB first touches it, refuses to
read anything that is not a journal it understands, and never writes over
such a file. Locking is the :class:`~intimacy_cli.store.journal.Journal`'s job.

Between the JSON text and the file sits a :class:`Codec`: bytes in, bytes out:
:class:`PlainCodec`, or :class:`~intimacy_cli.store.crypto.EncryptedCodec` for
an encrypted journal.
"""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from intimacy_cli.base.paths import DataPaths
from intimacy_cli.store import id_index, layout, marker, schema
from intimacy_cli.store.crypto import is_encrypted, same_key
from intimacy_cli.store.errors import CodecError, JournalError, JournalReplaced
from intimacy_cli.store.files import (
    PRIVATE_DIR,
    describe,
    hard_link,
    make_private_dir,
    read_regular,
    sync_folder,
    write_atomically,
    write_new,
)
from intimacy_cli.store.layout import Manifest
from intimacy_cli.store.records import (
    ENTRIES,
    LayoutError,
    check_record,
    in_stored_form,
    is_document_number,
)
from intimacy_cli.store.tables import LazyTables

if TYPE_CHECKING:
    from tinydb.storages import Storage
else:
    # TinyDB only calls a storage's read() and write(); inheriting its base
    # class for real would import all of TinyDB in every command that only
    # reads, which never uses it. mypy still checks the class against it.
    Storage = object


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


def tables_folder(journal: Path) -> Path:
    """Where a journal's table files are: beside the file its manifest is in
    (so a journal linked into a synced folder keeps its tables there too)."""
    return target_of(journal).parent / layout.TABLES_FOLDER


class JournalStorage(Storage):
    """One journal, read at most once per instance.

    TinyDB reads "the database" before every table operation; the first read
    parses only the manifest, and each table is read from its file the first
    time TinyDB (or a caller) touches it, then kept. A new instance per
    locked operation (as :class:`Journal` does) therefore always starts from
    what is on disk, never from a stale copy.
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
        # Called just before the files are replaced, so a backup is only made
        # when something is really about to change.
        self._before_write = before_write
        # Called once when the journal does not match what the data folder
        # remembers, or a table file is not the one its manifest names, before
        # refusing it: it waits for the lock, so that a conversion or write
        # still in progress can finish (see _stored and _table).
        self._recheck = recheck
        self._tables: LazyTables | None = None
        self._loaded = False
        # The manifest as read; None for a whole document (version 3 or
        # older, migrated on the next write) or no journal.
        self._manifest: Manifest | None = None
        self._whole: bytes | None = None  # a whole document's bytes as stored
        self._last_stored: bytes | None = None
        self._next_id = 1
        self._summaries_read = False  # see summaries()
        # Months the next write only adds entries to the end of (see new_ids).
        self._appended: dict[str, int] = {}
        # The entry ids each period held when a writing storage read it: what
        # its next write tells the index of ids (see _index).
        self._ids_read: dict[str, set[str]] = {}
        self._buckets: dict[tuple[str, str], dict[str, str]] = {}  # by file and hash
        self._index_behind = False  # see index_is_behind
        self._deferring = False  # see one_write
        #: Schema version of the journal as read; ``None`` when there is none.
        self.stored_version: int | None = None

    # A mapping, not a dict: TinyDB only looks tables up and sets them.
    def read(self) -> LazyTables | None:  # type: ignore[override]
        """The journal's tables, or ``None`` when there is no journal yet."""
        if not self._loaded:
            self._tables = self._load()
            self._loaded = True
        return self._tables

    def tables(self) -> LazyTables:
        """The journal's tables; none when there is no journal yet."""
        return self.read() or LazyTables()

    @property
    def manifest(self) -> Manifest | None:
        self.read()
        return self._manifest

    def count(self, table: str) -> int:
        """How many records ``table`` holds, from the manifest when it is not read."""
        tables = self.tables()
        if table not in tables:
            return 0
        if self._manifest is not None and not tables.is_loaded(table):
            return self._manifest.counts.get(table, 0)
        return len(tables[table])

    def new_ids(self, count: int, period: str) -> range:
        """Document ids, unique across every table kept by period (see
        :mod:`.layout`), for ``count`` records the next write adds at the end
        of the table ``period``, changing nothing else in it: so a month of
        entries' stored summary is carried on (:func:`.summaries.extended`),
        not made again from every entry.

        A manifest handing out an id the period already holds, or one not
        above the number of records kept by period (so some period holds it),
        is damaged or crafted: refused before anything is written."""
        self.read()
        tables = self.tables()
        table = period.partition(layout.PERIOD_SEPARATOR)[0]
        if table in tables:
            self._into_periods(table)
        first = self._next_id
        ids = range(first, first + count)
        held = tables.get(period, {})
        if any(str(doc_id) in held for doc_id in ids):
            raise self._unreadable(
                f"its next document id ({first}) is one its table '{period}' already holds"
            )
        # N records of a table have N different ids from 1 up: the next one is above N.
        records = sum(self.count(name) for name in layout.kept_in(tables, table))
        if first <= records:
            raise self._unreadable(
                f"its next document id ({first}) is not above the ids of its {records} {table}"
            )
        self._next_id += count
        self._appended[period] = self._appended.get(period, 0) + count
        return ids

    def _into_periods(self, table: str) -> None:
        """Move a table an earlier build kept whole into its periods, once (the
        next write saves them), its ids below the ones handed out from now on."""
        tables = self.tables()
        whole = tables[table]
        self._next_id = max(self._next_id, 1 + max(map(int, whole), default=0))
        moved: dict[str, dict[str, Any]] = {}
        for doc_id, record in whole.items():  # checked as read: a real time
            stamp = in_stored_form(record[layout.TIME_FIELDS[table]])
            moved.setdefault(layout.period_of(table, stamp), {})[doc_id] = record
        for period, records in moved.items():
            held = tables.get(period, {})
            if not held.keys().isdisjoint(records):
                shared = held.keys() & records.keys()
                raise self._unreadable(
                    f"it is not an intimacy journal: {layout.held_twice(period, shared)}"
                )
            tables[period] = {**held, **records}
        del tables[table]

    def kept_by_period(self, table: str) -> dict[str, Any]:
        """Every record of a table kept by period, all its periods side by
        side (see :func:`.layout.side_by_side`), each checked as read."""
        tables = self.tables()
        try:
            return layout.side_by_side(
                (name, tables[name]) for name in layout.kept_in(tables, table)
            )
        except LayoutError as error:
            raise self._unreadable(f"it is not an intimacy journal: {error}") from None

    @contextmanager
    def one_write(self) -> Iterator[None]:
        """Save what several TinyDB operations change (each of which writes)
        with one write at the end: an import adding to many periods commits
        once, writing the index and the summaries once, and all of it or
        nothing. An error inside saves nothing. Every locked write is one
        (see :meth:`.JournalFile.writing`)."""
        self._deferring = True
        try:
            yield
        finally:
            self._deferring = False
        if self._tables is not None and self._tables.changed:
            self.write(self._tables)

    def _keep(self, data: dict[str, dict[str, Any]] | LazyTables) -> None:
        """Inside :meth:`one_write`: what TinyDB wrote, kept to be read back by
        its next operation and saved at the end."""
        if not isinstance(data, LazyTables):  # the first write of a new journal
            data = LazyTables(loaded=data)
            data.changed.update(data)
        self._tables, self._loaded = data, True

    def write(self, data: dict[str, dict[str, Any]] | LazyTables) -> None:
        import orjson

        if self._deferring:
            return self._keep(data)
        appended, self._appended = self._appended, {}
        if self._before_write:
            self._before_write(self)
        old = self._manifest
        new = old.copy() if old else Manifest()
        new.generation += 1
        new.next_id = self._next_id
        # Every table when migrating (or writing the first time), else those changed.
        changed = data.changed if old and isinstance(data, LazyTables) else set(data)
        folder = tables_folder(self.path)
        make_private_dir(folder)
        written: list[Path] = []
        stored = b""
        try:
            for name in sorted(changed):
                table = _one_pass(data, name)
                if not table:  # deleted or emptied: no file
                    new.files.pop(name, None)
                    new.counts.pop(name, None)
                    continue
                new.files[name] = self._write_file(folder, name, orjson.dumps(table), new, written)
                new.counts[name] = len(table)
            ids_now = {  # what each changed period holds now
                name: id_index.ids_of(_one_pass(data, name) or {})
                for name in changed
                if layout.is_entries_period(name)
            }
            self._index(data, old, new, ids_now, written)
            touched = layout.periods_by_month(changed)
            held = layout.periods_by_month(new.files)
            summarized = {  # the months written now that still hold entries
                month: _month_summary(
                    month, data, held[month], touched=periods, old=old, appended=appended
                )
                for month, periods in touched.items()
                if month in held
            }
            self._summarize(data, set(touched), summarized, new, written)
            stored = self._codec.encode(orjson.dumps(new.to_json()))
            write_atomically(self.target, stored)  # the commit
        except BaseException:
            if not _holds(self.target, stored):  # not committed: as if never written
                for path in written:
                    with suppress(OSError):
                        path.unlink(missing_ok=True)
            raise
        marker.note_written(self._paths, stored)
        # A reader that read the manifest just replaced may still want its files.
        _remove_unnamed(folder, new.file_names() | (old.file_names() if old else set()))
        self._manifest = new
        self._whole = None
        self._last_stored = stored
        self._ids_read.update(ids_now)
        self._index_behind = False
        if isinstance(data, LazyTables):
            data.changed.clear()
            self._tables = data
        else:
            self._tables = LazyTables(loaded=data)
        self.stored_version = schema.SCHEMA_VERSION

    def restore(self, backup: JournalStorage) -> None:
        """Make the journal hold exactly what ``backup`` (a backup read as a
        journal of its own, see :class:`~.backups.BackupPaths`, with this
        journal's codec) holds, as one write: every table of the backup
        written anew and every other table gone, then the manifest replaced
        (the commit). Reads one table at a time;
        a table that turns out damaged stops it before the commit, so the
        journal stays as it was. A journal that cannot be read (a damaged one
        is what restoring is for) is written over as if there were none."""
        try:
            self.read()
        except JournalError:
            self._tables, self._manifest, self._loaded = None, None, True
        restored = backup.tables()
        restored.changed = set(restored) | set(self.tables())
        self._next_id = max(self._next_id, backup._next_id)  # ids never handed out twice
        self.write(restored)

    def check_every_table(self) -> None:
        """Read and check every table once, one at a time, keeping none: a
        backup is proven whole before anything is restored from it."""
        tables = self.tables()
        for name in tables:
            tables.for_one_pass(name)

    def _write_file(
        self, folder: Path, table: str, document: bytes, new: Manifest, written: list[Path]
    ) -> tuple[str, str]:
        """One new file in ``tables/`` (not yet committed): its name and hash."""
        named = layout.file_name(table, new.generation)
        written.append(folder / named)
        write_atomically(folder / named, self._codec.encode(document), noted=False)
        return named, layout.digest(document)

    def _index(
        self,
        data: LazyTables | dict[str, Any],
        old: Manifest | None,
        new: Manifest,
        ids_now: dict[str, set[str]],
        written: list[Path],
    ) -> None:
        """The index of entry ids for ``new`` (see :mod:`.id_index`): the
        buckets of the ids that came into or left the changed periods
        (``ids_now``: what each holds now) rewritten; made anew from every
        period when there is none yet, it must grow wider, what a changed
        period held before is not known (a restore, or a period the index was
        made without), or a bucket cannot be read. A period that cannot be
        read to make it is named as one the index was made without."""
        import orjson

        entries = sum(count for name, count in new.counts.items() if layout.is_entries_period(name))
        if not entries:
            new.ids_width, new.ids, new.ids_unread = None, {}, []
            return
        width = id_index.width_for(entries, old.ids_width if old else None)
        buckets = None if old is None else self._changed_buckets(old, width, ids_now)
        if buckets is None:
            buckets, unread = self._made_index(data, new, width)
            new.ids, new.ids_unread = {}, unread
        else:
            new.ids_unread = [name for name in new.ids_unread if name in new.files]
        new.ids_width = width
        folder = tables_folder(self.path)
        for bucket, content in sorted(buckets.items()):
            if content:
                document = orjson.dumps(content)
                new.ids[bucket] = self._write_file(
                    folder, id_index.table_name(bucket), document, new, written
                )
            else:
                new.ids.pop(bucket, None)

    def _changed_buckets(
        self, old: Manifest, width: int, ids_now: dict[str, set[str]]
    ) -> dict[str, dict[str, str]] | None:
        """The buckets of ``old``'s index that the changes to ``ids_now``
        touch, changed; ``None`` when the index must be made anew."""
        known = all(
            (name in self._ids_read and name not in old.ids_unread) or name not in old.files
            for name in ids_now
        )
        if old.ids_width != width or not known or self._index_behind:
            return None
        changes: dict[str, list[tuple[str, str, bool]]] = {}
        for name, after in ids_now.items():
            before = self._ids_read.get(name, set())
            for bucket, moves in id_index.moved(name, before, after, width).items():
                changes.setdefault(bucket, []).extend(moves)
        try:
            return {
                bucket: id_index.changed_bucket(self._bucket(bucket), moves)
                for bucket, moves in changes.items()
            }
        except JournalError:  # a bucket damaged: made anew
            return None

    def _made_index(
        self, data: LazyTables | dict[str, Any], new: Manifest, width: int
    ) -> tuple[dict[str, dict[str, str]], list[str]]:
        """The index made from every period of ``new`` that can be read, and
        the periods that cannot (read one at a time, none kept)."""
        unread: list[str] = []

        def readable() -> Iterator[tuple[str, dict[str, Any]]]:
            for name in sorted(name for name in new.files if layout.is_entries_period(name)):
                try:
                    table = _one_pass(data, name) or {}
                except (JournalError, LayoutError):
                    unread.append(name)
                    continue
                yield name, table

        return id_index.made_from(readable(), width), unread

    def indexed(self, prefix: str) -> dict[str, str] | None:
        """The bucket of the index of entry ids (see :mod:`.id_index`) that
        holds every id starting with ``prefix`` (at least as long as the
        index's width), each with its period; ``None`` when the journal has no
        index or that bucket cannot be read: then every period is searched."""
        manifest = self.manifest
        if manifest is None or manifest.ids_width is None:
            return None
        try:
            return self._bucket(id_index.bucket_of(prefix, manifest.ids_width))
        except JournalError:
            self.index_is_behind()  # unreadable: the next write makes it anew
            return None

    def unindexed(self) -> list[str]:
        """The periods the index of ids was made without (they could not be
        read then): an id it lacks may be in one of them."""
        manifest = self.manifest
        return [] if manifest is None or manifest.ids_width is None else manifest.ids_unread

    def index_is_behind(self) -> None:
        """Note that the index of ids proved wrong (an entry found in a period
        it does not name for it): this storage's next write makes it anew."""
        self._index_behind = True

    def _bucket(self, bucket: str) -> dict[str, str]:
        """A bucket of the index as the manifest names it (none: empty), read
        once; :class:`JournalError` when its file is missing or damaged."""
        assert self._manifest is not None
        named = self._manifest.ids.get(bucket)
        if named is None:
            return {}
        found = self._buckets.get(named)
        if found is None:
            document = self._named_file(lambda manifest: manifest.ids.get(bucket))[1]
            try:
                parsed = layout.parse_json(document)
            except ValueError:
                parsed = None
            if not id_index.is_bucket_document(parsed):
                raise self._unreadable(f"its index of ids '{bucket}' is not one the app writes")
            found = self._buckets[self._manifest.ids[bucket]] = parsed
        return found

    def _summarize(
        self,
        data: LazyTables | dict[str, Any],
        changed: set[str],
        summarized: dict[str, dict[str, Any] | None],
        new: Manifest,
        written: list[Path],
    ) -> None:
        """The summaries of the months this write changes (``changed``), into
        the manifest; when that would make it hold more than ``INLINE_MONTHS``
        of them, or a month has a summary nowhere, every month's into a new
        summaries file instead (see :mod:`.layout`)."""
        import orjson

        due = False  # a new summaries file
        for month in changed:
            new.summaries.pop(month, None)
            if month not in summarized:  # emptied: no file, nor summary
                due = due or new.summaries_file is not None  # the file's summary of it must go
            elif summarized[month] is None:
                due = True  # the file's older summary of it must go
            else:
                new.summaries[month] = summarized[month]
        months = layout.periods_by_month(new.files)
        if len(new.summaries) > layout.INLINE_MONTHS or (
            new.summaries_file is None and any(month not in new.summaries for month in months)
        ):
            due = True
        if not due:
            return
        filed = self._filed_summaries()
        every: dict[str, Any] = {}
        for month, periods in months.items():
            # The file's summary of a month changed now is out of date.
            summary = new.summaries.get(month) or (None if month in changed else filed.get(month))
            if summary is None:  # a journal written before summaries, read once (under the lock)
                # A month that cannot be read stays without one; reading it
                # for progress says what is wrong.
                with suppress(JournalError, LayoutError):
                    summary = _summary_of(month, _month_records(periods, data))
            if summary is not None:
                every[month] = summary
        new.summaries = {}
        new.summaries_file = (
            self._write_file(
                tables_folder(self.path), layout.SUMMARIES, orjson.dumps(every), new, written
            )
            if every
            else None
        )

    def summaries(self) -> dict[str, Any]:
        """Each month's summary as stored (checked where it is used): the
        summaries file's, and the manifest's over them. Once they are read, a
        reader that finds a table file gone goes on only if they are unchanged."""
        if self.manifest is None:
            return {}
        filed = self._filed_summaries()
        assert self._manifest is not None  # perhaps a newer one, adopted meanwhile
        self._summaries_read = True
        return {**filed, **self._manifest.summaries}

    def _summaries_document(self) -> bytes:
        return self._named_file(lambda manifest: manifest.summaries_file)[1]

    def _filed_summaries(self) -> dict[str, Any]:
        """What the summaries file the manifest names holds; nothing when there
        is none, or it is missing or not that one even after waiting for
        writers (the months are read instead: they are what it summarizes)."""
        if self._manifest is None or self._manifest.summaries_file is None:
            return {}
        try:
            filed = layout.parse_json(self._summaries_document())
        except (JournalError, ValueError):
            return {}
        return filed if isinstance(filed, dict) else {}

    def snapshot(self, into: Path, earlier: Path | None) -> None:
        """Copy the journal as on disk (changes not yet written are not in it)
        into the new, empty folder ``into``, laid out as in the data folder: the
        manifest's bytes as stored, and each table file it names (and its
        summaries file and index of ids, derived from the tables: left out
        when missing or damaged), under the journal's codec. A file that the ``earlier``
        snapshot holds too (its manifest names the same file with the same
        hash, under the same key, and it is still that one) is hard-linked
        from there; every other one is read, proven to be the one the manifest
        names, its records checked, and copied. See
        :mod:`~intimacy_cli.store.backups`."""
        self.read()
        assert self._last_stored is not None, "no journal to copy"
        if self._manifest is not None:
            folder = into / layout.TABLES_FOLDER
            folder.mkdir(mode=PRIVATE_DIR)
            held = self._held_by(earlier)
            for name, named in sorted(_named_files(self._manifest).items()):
                file_name = named[0]
                if held.get(name) == named:
                    assert earlier is not None  # held files come from it
                    kept = earlier / layout.TABLES_FOLDER / file_name
                    if self._holds_document(kept, named[1]) and hard_link(kept, folder / file_name):
                        continue
                if name in self._manifest.files:
                    stored, document = self._table_file(name)
                    self._records(name, document, every_record=True)
                else:  # the summaries, or a bucket of the index: derived, not records
                    try:
                        stored, _ = self._derived_file(name)
                    except JournalError:
                        continue  # missing or damaged: left out, as a restore makes it anew
                write_new(folder / file_name, stored)
            sync_folder(folder)
        write_new(into / self.path.name, self._last_stored)

    def _holds_document(self, path: Path, expected: str) -> bool:
        """Whether the file at ``path`` is still a table file whose document
        has the hash ``expected`` (an earlier snapshot's copy, before linking
        it: a copy replaced or damaged since is copied anew instead)."""
        try:
            return layout.digest(self._codec.decode(read_regular(path))) == expected
        except (OSError, CodecError):
            return False

    def _held_by(self, snapshot: Path | None) -> dict[str, tuple[str, str]]:
        """The files (name and hash, by table) an earlier snapshot's manifest names, if
        it is sealed with this journal's key (or both are plain) and opens;
        else none. Never derives another key: a snapshot under an older
        passphrase is simply not linked from."""
        if snapshot is None:
            return {}
        assert self._last_stored is not None
        try:
            stored = read_regular(snapshot / self.path.name)
            if not same_key(stored, self._last_stored):
                return {}
            found = layout.parse_json(self._codec.decode(stored))
            if isinstance(found, dict) and schema.version_of(found) == layout.MANIFEST_VERSION:
                return _named_files(layout.manifest_of(found))
        except (OSError, CodecError, LayoutError, ValueError):
            pass  # not a snapshot to link from: every table is copied
        return {}

    def one_file(self) -> Iterator[bytes]:
        """The journal as one file in the whole-document form, under its codec,
        in pieces: what a backup file holds. As on disk (changes not yet written are
        not in it). A plain journal is read and written one table at a time, so
        a copy of a big journal never holds every record at
        once; an encrypted one is sealed whole, as every encrypted file is."""
        self.read()
        if self._manifest is None:
            assert self._whole is not None, "no journal to copy"
            return iter([self._whole])  # already one file: byte for byte
        pieces = self._whole_document(self._manifest)
        if isinstance(self._codec, PlainCodec):
            return pieces
        return iter([self._codec.encode(b"".join(pieces))])

    def _whole_document(self, manifest: Manifest) -> Iterator[bytes]:
        """The whole-document form (each table kept by period in one table,
        its periods side by side: :func:`~.schema.split_by_period` undone), as
        JSON text made one table at a time.

        Every record is checked as it is copied, whatever the storage checks
        otherwise: a journal holding damage never makes a copy."""
        import orjson

        def checked(name: str) -> dict[str, Any]:
            assert self._tables is not None
            table = self._table(name, every_record=True)  # as on disk, whatever was set since
            self._tables.note_read(name)
            return table

        yield b'{"%s":%d' % (schema.SCHEMA_KEY.encode(), schema.WHOLE_VERSION)
        kept: dict[str, list[str]] = {ENTRIES: []}  # as every version writes it, entries or none
        for name in sorted(manifest.files):
            table = name.partition(layout.PERIOD_SEPARATOR)[0]
            if table in layout.TIME_FIELDS:
                kept.setdefault(table, []).append(name)
            else:
                yield b"," + orjson.dumps(name) + b":" + orjson.dumps(checked(name))
        for table, names in kept.items():  # each table kept by period, its periods in one
            yield b"," + orjson.dumps(table) + b":{"
            separator = b""
            held: set[str] = set()
            for name in names:
                # One period's records, without its braces: document ids are
                # unique across periods, so the periods side by side are one object.
                records = checked(name)
                if not held.isdisjoint(records):
                    shared = held & records.keys()
                    raise self._unreadable(
                        f"it is not an intimacy journal: {layout.held_twice(name, shared)}"
                    )
                held.update(records)
                inside = orjson.dumps(records)[1:-1]
                if inside:
                    yield separator + inside
                    separator = b","
            yield b"}"
        assert self._manifest is not None
        if set(self._manifest.files) != set(manifest.files):  # a newer one, adopted meanwhile
            raise self._changed_while_read()  # with a table this copy does not hold
        yield b"}"

    def recoded(self, codec: Codec) -> list[tuple[Path, bytes]]:
        """Every file of the journal under another codec (to encrypt, decrypt or
        change the passphrase), for a conversion to write: the table files,
        then the manifest last. The documents inside stay byte for byte the
        same, so nothing is migrated and no backup is due; a missing journal
        becomes an empty one, so everything saved from now on goes through
        ``codec``. Only a journal this version can read is converted; a file
        derived from its tables (summaries, index) that is missing or damaged
        is not, and made anew by the next save."""
        import orjson

        document = self.document()
        if document is None:
            return [(self.target, codec.encode(orjson.dumps(Manifest().to_json())))]
        self._parse(document)
        manifest = self._manifest
        recoded = []
        if manifest is not None:
            folder = tables_folder(self.path)
            for name, (named, _) in sorted(_named_files(manifest).items()):
                if name in manifest.files:
                    inside = self._table_file(name)[1]
                else:
                    try:
                        inside = self._derived_file(name)[1]
                    except JournalError:  # missing or damaged: made anew by the next save
                        if not (folder / named).exists():
                            continue
                        inside = b""  # whatever it holds is not kept beside the new codec
                recoded.append((folder / named, codec.encode(inside)))
        recoded.append((self.target, codec.encode(document)))
        return recoded

    @property
    def target(self) -> Path:
        """Where a save goes: through a symbolic link to the file it names, so a
        journal linked into, say, a synced folder stays there."""
        return target_of(self.path)

    def _load(self) -> LazyTables | None:
        document = self.document()
        return None if document is None else self._parse(document)

    def document(self) -> bytes | None:
        """The manifest's (or whole document's) bytes as the codec gives them,
        not yet parsed (opening an encrypted file proves the passphrase right
        and the file intact); ``None`` when there is no journal."""
        stored = self._last_stored = self._stored()
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

    def _parse(self, raw: bytes) -> LazyTables:
        import orjson

        known = _manifest_read_last(raw)
        if known is not None:
            self._manifest, self._next_id = known, known.next_id
            self.stored_version = layout.MANIFEST_VERSION
            return LazyTables(known.files, self._table)
        try:
            document = layout.parse_json(raw)
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
            if version == layout.MANIFEST_VERSION:
                manifest = layout.manifest_of(document)
                _remember_manifest(raw, manifest)
                tables = LazyTables(manifest.files, self._table)
                self._manifest, self._next_id = manifest, manifest.next_id
            else:
                # Writing moves every entry into its period: a storage that
                # writes checks them all first, so nothing damaged is carried over.
                writes = self._before_write is not None
                whole = schema.tables_of(
                    schema.upgrade(document), check_entries=self._check_entries or writes
                )
                tables = LazyTables(loaded=schema.split_by_period(whole))
                self._whole = self._last_stored
                self._next_id = 1 + max(
                    (int(key) for table in layout.TIME_FIELDS for key in whole.get(table, {})),
                    default=0,
                )
        except LayoutError as error:
            raise self._unreadable(f"it is not an intimacy journal: {error}") from None
        self.stored_version = version
        return tables

    def _table(self, name: str, *, every_record: bool = False) -> dict[str, Any]:
        """One table, read from the file the manifest names, checked (its
        entries too when ``every_record``, whatever the storage checks)."""
        table = self._records(name, self._table_file(name)[1], every_record=every_record)
        if self._before_write is not None and layout.is_entries_period(name):
            self._ids_read[name] = id_index.ids_of(table)  # only a writer needs them
        return table

    def _records(self, name: str, document: bytes, *, every_record: bool) -> dict[str, Any]:
        """A table file's ``document`` parsed and checked (see :meth:`_table`)."""
        try:
            table = layout.parse_json(document)
            if not isinstance(table, dict):
                raise LayoutError(f"the table '{name}' is not an object of records")
            checking = every_record or self._check_entries or not layout.is_entries_period(name)
            for doc_id, record in table.items():
                if checking or not (is_document_number(doc_id) and isinstance(record, dict)):
                    check_record(name, doc_id, record)
        except (LayoutError, ValueError) as error:
            raise self._unreadable(f"it is not an intimacy journal: {error}") from None
        return table

    def _table_file(self, name: str) -> tuple[bytes, bytes]:
        """A table file's bytes as stored and its document, proven to be the
        one the manifest names."""
        return self._named_file(lambda manifest: manifest.files.get(name))

    def _derived_file(self, name: str) -> tuple[bytes, bytes]:
        """As :meth:`_table_file`, for the summaries file or a bucket of the
        index, named as :func:`_named_files` names them."""
        return self._named_file(lambda manifest: _named_files(manifest).get(name))

    def _named_file(
        self, named_in: Callable[[Manifest], tuple[str, str] | None]
    ) -> tuple[bytes, bytes]:
        """The bytes as stored and the document of the file ``named_in`` the
        manifest (with its hash), proven to be that one.

        A file that is missing or not that one may mean a writer (or a
        conversion) replaced the journal since its manifest was read: the
        reader waits for the lock once and reads the manifest again; it goes
        on if the tables it already has are still the journal's, so it never
        mixes two versions of the journal."""
        assert self._manifest is not None
        problem = ""
        for last in (False, True):
            named_now = named_in(self._manifest)
            if named_now is None:  # gone from the manifest adopted meanwhile
                raise self._changed_while_read()
            named, expected = named_now
            where = tables_folder(self.path) / named
            try:
                stored = read_regular(where)
                document = self._codec.decode(stored)
                if layout.digest(document) == expected:
                    return stored, document
                problem = f"its table file {where} is not the one it names (damaged, or replaced)"
            except FileNotFoundError:
                problem = f"its table file {where} is missing"
            except CodecError as error:
                problem = f"its table file {where}: {error.problem}"
            except OSError as error:
                raise JournalError(f"cannot read the journal {where}: {describe(error)}") from None
            if last or self._recheck is None or not self._read_again():
                break
        raise self._unreadable(problem)

    def _read_again(self) -> bool:
        """After waiting for writers, adopt the journal's new manifest if every
        table already read is unchanged in it; ``False`` if there is nothing
        new to try. A changed one stops the read with one clear line."""
        assert self._recheck is not None and self._manifest is not None
        self._recheck()
        document = self.document()
        if document is None:
            return False
        current = layout.parse_json(document)
        try:
            fresh = layout.manifest_of(current) if isinstance(current, dict) else None
        except LayoutError:
            fresh = None
        if fresh is None or fresh == self._manifest:
            return False
        assert self._tables is not None
        read = [name for name in self._tables.read_names() if name in self._manifest.files]
        if any(fresh.files.get(name) != self._manifest.files[name] for name in read):
            raise self._changed_while_read()
        if self._summaries_read and (fresh.summaries, fresh.summaries_file) != (
            self._manifest.summaries,
            self._manifest.summaries_file,
        ):
            raise self._changed_while_read()
        self._manifest = fresh
        return True

    def check_table(self, name: str) -> None:
        """For a storage read with ``check_entries=False``: check every record of
        a table about to be changed (or used whole), so a file holding damage
        is never rewritten."""
        for doc_id, record in self.tables().get(name, {}).items():
            self.check_record(name, doc_id, record)

    def month_records(self, periods: list[str]) -> dict[str, Any]:
        """The records of a month's ``periods``, side by side (see
        :func:`.layout.side_by_side`), each checked as :meth:`check_table` does."""
        for name in periods:
            self.check_table(name)
        tables = self.tables()
        try:
            return layout.side_by_side((name, tables[name]) for name in periods)
        except LayoutError as error:
            raise self._unreadable(f"it is not an intimacy journal: {error}") from None

    def check_record(self, table: str, doc_id: str, record: object) -> None:
        """For a storage read with ``check_entries=False``: check one record the
        caller is about to use, with the same error a full read would give."""
        try:
            check_record(table, doc_id, record)
        except LayoutError as error:
            raise self._unreadable(f"it is not an intimacy journal: {error}") from None

    def _changed_while_read(self) -> JournalError:
        return JournalError(
            f"the journal {self.path} changed while it was being read; nothing was changed",
            hint="run the command again",
        )

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


# The manifest last parsed in this process, by its bytes: a command reads the
# journal several times (the home screen five), and the manifest, with its
# months' summaries, is the biggest thing each read parses.
# One at most; compared byte for byte (hashing the bytes would cost a parse's share).
_last_manifest: list[tuple[bytes, Manifest]] = []


def _remember_manifest(raw: bytes, manifest: Manifest) -> None:
    _last_manifest[:] = [(raw, manifest.copy())]


def _manifest_read_last(raw: bytes) -> Manifest | None:
    """The manifest parsed from these very bytes before (a copy of its own,
    so no storage can change another's), or ``None``."""
    for known_raw, known in _last_manifest:
        if known_raw == raw:
            return known.copy()
    return None


def _named_files(manifest: Manifest) -> dict[str, tuple[str, str]]:
    """Every file a manifest names, by table, its summaries file as
    :data:`~.layout.SUMMARIES` and each bucket of its index of ids by
    :func:`.id_index.table_name` (no table has those names)."""
    named = dict(manifest.files)
    if manifest.summaries_file is not None:
        named[layout.SUMMARIES] = manifest.summaries_file
    named.update((id_index.table_name(bucket), file) for bucket, file in manifest.ids.items())
    return named


def _one_pass(data: LazyTables | dict[str, Any], name: str) -> dict[str, Any] | None:
    """A table a write is given, read for this pass alone when not loaded yet
    (a restore's, or a month summarized once): a write never holds more of the
    journal than it changes."""
    if isinstance(data, LazyTables):
        return data.for_one_pass(name) if name in data else None
    return data.get(name)


def _month_records(periods: list[str], data: LazyTables | dict[str, Any]) -> dict[str, Any]:
    """Every record of a month's ``periods``, side by side (see
    :func:`.layout.side_by_side`), each period read for this pass alone if
    need be."""
    return layout.side_by_side((name, _one_pass(data, name) or {}) for name in periods)


def _summary_of(month: str, table: dict[str, Any]) -> dict[str, Any] | None:
    """A month's summary as the manifest keeps it; ``None`` when a record in
    it is too damaged to count (a storage reading without checking entries
    may write such a table back): ``progress`` then reads that month, and its
    check names the record."""
    from intimacy_cli.store.summaries import summarize_month  # only writes and progress

    try:
        return summarize_month(month[-7:], table).to_json()
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _month_summary(
    month: str,
    data: LazyTables | dict[str, Any],
    periods: list[str],
    *,
    touched: list[str],
    old: Manifest | None,
    appended: dict[str, int],
) -> dict[str, Any] | None:
    """A month's summary for a write that changed its ``touched`` periods (it
    now has ``periods``): the stored one carried on when the write only added
    records at the end of one of them (and the stored one is sound, for the
    count the month had), else one made from the whole month; ``None`` (no
    summary) when a period of it cannot be read."""
    if old and month in old.summaries and len(touched) == 1 and appended.get(touched[0]):
        (period,) = touched
        added = appended[period]
        table = _one_pass(data, period) or {}
        if old.counts.get(period, 0) == len(table) - added:  # nothing else changed in it
            from intimacy_cli.store.summaries import extended, summary_of

            before = sum(old.counts.get(name, 0) for name in periods)  # the month's, as stored
            known = summary_of(month[-7:], old.summaries[month], before)
            if known is not None:
                with suppress(KeyError, TypeError, ValueError, AttributeError):
                    summary = extended(known, dict(islice(table.items(), len(table) - added, None)))
                    if summary is not None:
                        return summary.to_json()
    try:
        return _summary_of(month, _month_records(periods, data))
    except (JournalError, LayoutError):  # a period damaged: progress reads and names it
        return None


def _holds(path: Path, stored: bytes) -> bool:
    """Whether ``path`` holds ``stored``: after an interruption, whether the
    manifest was replaced (committed) before it came."""
    try:
        return bool(stored) and path.read_bytes() == stored
    except OSError:
        return False


def _remove_unnamed(folder: Path, keep: set[str]) -> None:
    """Delete table files that no manifest in ``keep`` names: left by a writer
    killed before its commit, or replaced two writes ago. Only under the lock."""
    for path in folder.iterdir():
        if layout.is_table_file_name(path.name) and path.name not in keep:
            path.unlink(missing_ok=True)
