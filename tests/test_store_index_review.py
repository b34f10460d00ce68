"""Review of the index of entry ids (intimacy_cli/store/id_index.py, commit
308e7df): each test here showed one way the index broke a promise its
commit makes (a missing, damaged or crafted index "costs time, never an
entry", "the next save makes it right", nothing reads every period on an
add). Each docstring says what was wrong and what should happen; each
now passes, and fails on the commit it was written against."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from helpers.store import (
    START,
    Clock,
    index_as_tables_say,
    record,
    six_months,
    stored_index,
    write_document,
)
from test_store_index import manifest, write_manifest

from intimacy_cli.store import Journal, JournalError, crypto, id_index, layout, storage
from intimacy_cli.store.crypto import EncryptedCodec
from intimacy_cli.store.entry import timestamp
from intimacy_cli.store.errors import AmbiguousId
from intimacy_cli.store.storage import JournalStorage

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def months(data_dir: Path, clock: Clock) -> Journal:
    return six_months(data_dir, clock)


def without_index(data_dir: Path) -> None:
    """The manifest as the earlier 0.2.0 builds wrote it: no ``ids``."""
    write_manifest(data_dir, {k: v for k, v in manifest(data_dir).items() if k != "ids"})


def rewrite_period(data_dir: Path, period: str, change: Any) -> None:
    """Change a period's table in place, its hash in the manifest following
    (a crafted file, or a buggy writer's)."""
    found = manifest(data_dir)
    named = data_dir / "tables" / found["files"][period][0]
    table = orjson.loads(named.read_bytes())
    change(table)
    document = orjson.dumps(table)
    named.write_bytes(document)
    found["files"][period][1] = layout.digest(document)
    write_manifest(data_dir, found)


def bucket_missing(path: Path) -> None:
    path.unlink()


def bucket_damaged(path: Path) -> None:
    path.write_bytes(b"[not, an index")


def bucket_files(data_dir: Path) -> list[str]:
    return [named for named, _ in manifest(data_dir)["ids"]["buckets"].values()]


def bucket_sound(path: Path) -> bool:
    try:
        return id_index.is_bucket_document(orjson.loads(path.read_bytes()))
    except (OSError, ValueError):
        return False


def spoil_every_bucket(data_dir: Path, spoil: Any) -> None:
    for named in bucket_files(data_dir):
        spoil(data_dir / "tables" / named)


def test_an_id_whose_first_character_lowers_to_two_leaves_the_journal_readable(
    data_dir: Path, months: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``bucket_of`` lowers the id's first ``width`` characters *after*
    slicing them, and "\u0130" (capital I with a dot) lowers to two
    characters: a record whose id starts with it (a crafted period file, its
    hash made to match; adds never check the records of other periods) gets
    the bucket ``"__"`` at width 1. The save that makes the index anew writes
    that bucket into the manifest, and every command after it refuses the
    whole journal ("its index of ids names a file for '__' the app does not
    write"): a save turned one damaged record into an unreadable journal.

    Should: a bucket name is always ``width`` characters (map each character
    on its own: ``c.lower() if c.lower() in _HEX else "_"``), so the save
    lands and the journal stays readable; the damaged record is still named
    by whatever reads its period."""
    monkeypatch.setattr(id_index, "_WIDTHS", ((10, 0), (32_768, 1)))  # width 1 at 60

    def craft(table: dict[str, Any]) -> None:
        first = next(iter(table))
        table[first]["id"] = "\u0130" + table[first]["id"][1:]

    rewrite_period(data_dir, "entries/2024-01-17", craft)
    without_index(data_dir)  # the next save makes it anew, from every period
    months.entries.add(kind="journal", answer="one more")
    assert manifest(data_dir)["ids"]["width"] == 1
    assert months.entries.count() == 61  # the journal still opens


@pytest.mark.parametrize("table", ["ids", "summaries"])
def test_a_whole_document_with_a_table_named_like_the_index_never_migrates_into_an_unreadable_one(
    data_dir: Path, clock: Clock, table: str
) -> None:
    """A schema-3 document (or a one-file backup restored by copying) may
    hold a table of any name; migrating writes a table named ``ids`` to
    ``tables/ids.g1.json`` and then the index's one bucket to the very same
    file, over it. The save lands, and from then on every command refuses the
    journal ("its file for the table 'ids' is not one the app writes"); the
    table's records are gone from the data folder. (A table named
    ``summaries`` did the same before this commit, with the summaries file.)

    Should: such a document is refused in one line before anything is written
    (a name the manifest may not hold is not a table the app can keep), and
    the journal stays as it was."""
    entries = {str(n): record(n, START + timedelta(days=3) * n) for n in range(1, 4)}
    document = {"schema_version": 3, "entries": entries, "sessions": {}, table: {"1": {"x": 1}}}
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    (data_dir / "journal.json").write_bytes(orjson.dumps(document))  # one file, as schema 3 kept it
    journal = Journal(data_dir, clock=clock)
    refused = None
    try:
        journal.sessions.start("sample")  # migrates
    except JournalError as error:
        refused = error
    if orjson.loads((data_dir / "journal.json").read_bytes()) == document:
        assert refused is not None and "\n" not in refused.message  # refused, nothing written
    else:
        assert Journal(data_dir, clock=clock).entries.count() == 3  # saved: it opens again


@pytest.mark.parametrize("spoil", [bucket_missing, bucket_damaged])
def test_a_missing_or_damaged_bucket_never_stops_the_day_s_first_save(
    data_dir: Path, months: Journal, clock: Clock, spoil: Any
) -> None:
    """The day's snapshot copies every file the manifest names, buckets of
    the index too, each proven to be the one named: a bucket file missing or
    damaged stops the snapshot, so the save stops with "its table file
    .../ids.g100.json is missing". No snapshot is made, so every later save
    is the day's first again: the journal can never be saved again, though
    the index is only derived ("a missing or damaged index costs time, never
    an entry"). (The summaries file has the same problem, from before.)

    Should: a derived file that cannot be read is left out of the snapshot
    (a restore never reads it: it makes the index anew), the save lands and
    makes the index right."""
    spoil_every_bucket(data_dir, spoil)
    clock.advance(days=1)
    months.entries.add(kind="journal", answer="the next day")
    assert months.entries.count() == 61
    assert stored_index(data_dir) == index_as_tables_say(data_dir)


@pytest.mark.usefixtures("fast_kdf")
@pytest.mark.parametrize("spoil", [bucket_missing, bucket_damaged])
def test_a_missing_or_damaged_bucket_never_stops_encrypting(
    data_dir: Path, months: Journal, spoil: Any
) -> None:
    """``recoded`` re-encodes every file the manifest names, each proven to
    be the one named: with a bucket of the index missing or damaged,
    ``intimacy data encrypt`` (and decrypt, and a passphrase change) refuses
    the journal, and since no save mends that bucket (see the tests above
    and below) it can never be encrypted.

    Should: a derived file that cannot be read is dropped from the
    conversion (and deleted: a damaged plaintext file must not stay beside an
    encrypted journal), the index is made anew by the next save, and no file
    of the journal is left in plaintext."""
    spoil_every_bucket(data_dir, spoil)
    months.maintenance.encrypt(EncryptedCodec(PASSPHRASE))
    encrypted = Journal(data_dir, codec=EncryptedCodec(PASSPHRASE))
    assert encrypted.entries.count() == 60
    tables = data_dir / "tables"
    assert all(crypto.is_encrypted(path.read_bytes()) for path in tables.iterdir())


@pytest.mark.parametrize("spoil", [bucket_missing, bucket_damaged])
def test_a_bucket_found_missing_or_damaged_is_made_anew_by_the_next_save(
    data_dir: Path, months: Journal, monkeypatch: pytest.MonkeyPatch, spoil: Any
) -> None:
    """With the index wider than one bucket, a bucket missing or damaged is
    mended only by a save that adds or removes an id of that very bucket:
    ``indexed`` turns the unreadable bucket into ``None`` (search every
    period) without noting the index behind, and an edit changes no id. So
    the edit below searched every period to find its entry, saved, and left
    the manifest naming the missing bucket; every show, edit or delete of an
    id in that bucket searches every period from then on. The commit promises
    "a lookup that proves it behind has the next write make it anew".

    Should: a bucket that cannot be read counts as the index proved behind
    (``indexed`` calls ``index_is_behind()``), so the edit's own save makes
    the index right."""
    monkeypatch.setattr(id_index, "_WIDTHS", ((10_000, 1),))
    without_index(data_dir)
    months.entries.add(kind="journal", answer="the index made anew at width 1")
    assert manifest(data_dir)["ids"]["width"] == 1
    wanted = record(7, START)["id"]
    named = manifest(data_dir)["ids"]["buckets"][id_index.bucket_of(wanted, 1)][0]
    spoil(data_dir / "tables" / named)
    months.entries.update(wanted, answer="changed")  # found only by searching every period
    assert all(bucket_sound(data_dir / "tables" / named) for named in bucket_files(data_dir))
    assert stored_index(data_dir) == index_as_tables_say(data_dir)


def bucket_naming_the_wrong_period(data_dir: Path) -> None:
    """The one bucket naming another period for every id (its hash made to
    match): an index behind what the periods hold."""
    found = manifest(data_dir)
    named = data_dir / "tables" / found["ids"]["buckets"][""][0]
    wrong = {entry_id: "entries/2024-01-09" for entry_id in orjson.loads(named.read_bytes())}
    named.write_bytes(orjson.dumps(wrong))
    found["ids"]["buckets"][""][1] = layout.digest(orjson.dumps(wrong))
    write_manifest(data_dir, found)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda _: None,  # the index knows where its id is, whatever period its time says
        without_index,
        lambda data_dir: spoil_every_bucket(data_dir, bucket_damaged),
        bucket_naming_the_wrong_period,
    ],
    ids=["index-sound", "without-index", "bucket-damaged", "bucket-naming-the-wrong-period"],
)
def test_an_import_into_a_journal_without_an_index_skips_an_entry_present_under_another_time(
    data_dir: Path, months: Journal, spoil: Any
) -> None:
    """``add_all`` asks only the index where else an id may be: a journal
    without one (every journal the earlier 0.2.0 builds wrote, so the very
    first import after upgrading; or one left without it because a period
    could not be read), or whose bucket for that id is missing or damaged,
    or names a period that does not hold it, has the entry whose time was
    changed in the export added a second time, under the same id. The
    CHANGELOG promises such an entry is skipped, and the index's own rule is
    that a missing, damaged or stale index costs time, never correctness.

    Should: when the index cannot say (``indexed`` gives ``None``) or is
    proved wrong (the period it names does not hold the id), the ids of
    every period are looked at, once for the whole import, as a lookup falls
    back to every period; the entry is not added again."""
    spoil(data_dir)
    (entry,) = [e for e in months.entries.query() if e.answer == "entry 7"]
    moved = entry._replace(created_at="2024-06-20T08:00:00.000000+00:00")
    assert months.entries.add_all([moved]) == []
    assert months.entries.count() == 60


def test_one_damaged_period_never_makes_every_add_read_every_period(
    data_dir: Path, months: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A journal without an index (after upgrading, or whose index must grow
    wider or was proved behind) has it made anew by the next save from every
    period; when one period cannot be read the save goes on without an index
    and nothing remembers that it tried. So every later save (each add, each
    session or check-in saved) reads every other period again, to fail again:
    here 25 periods per add where an add read one (at 100,000 entries, the
    whole journal on every add), for as long as the damage stays. Adding is
    meant to cost the same however big the journal.

    Should: an index that cannot be made is not tried again on every save:
    say, made from every period that can be read (an id it lacks is searched
    for in every period anyway, where the damage is named), or the failure
    remembered in the manifest until a period changes."""
    reads: list[str] = []
    real = JournalStorage._table

    def counting(self: JournalStorage, name: str, **options: Any) -> Any:
        reads.append(name)
        return real(self, name, **options)

    monkeypatch.setattr(JournalStorage, "_table", counting)
    newest = manifest(data_dir)["files"]["entries/2024-07-09"][0]
    (data_dir / "tables" / newest).write_bytes(b"damaged")  # its entries are old: adds skip it
    without_index(data_dir)
    months.entries.add(kind="journal", answer="the first save tries to make the index")
    for number in range(3):
        reads.clear()
        months.entries.add(kind="journal", answer=f"then {number}")
        assert len(reads) <= 2, reads


def test_an_import_across_many_periods_writes_each_bucket_about_once(
    data_dir: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import commits once per period it adds to (one TinyDB
    ``insert_multiple`` each), and each commit now rewrites every bucket the
    period's new ids fall in: with many entries per period that is nearly
    the whole index on every commit, so an import costs periods x index.
    Measured (this machine, JSON import of entries spread 37 minutes apart,
    into an empty journal): 20,000 entries 0.96 s -> 5.55 s; 100,000 entries
    6.35 s -> 180 s (28 times as long). Here 800 entries over 40 periods at
    width 1 write some 500 bucket files where 16 would do.

    Should: the index written once per import (or per handful of periods),
    e.g. ``add_all`` inserting every period's entries and committing once, or
    the storage keeping the changed buckets and writing them with the last
    commit of the import."""
    monkeypatch.setattr(id_index, "_WIDTHS", ((1, 0), (10_000, 1)))  # width 1 from the first entry
    written: list[str] = []
    real = storage.write_atomically

    def counting(path: Path, *args: Any, **options: Any) -> Any:
        written.append(path.name)
        return real(path, *args, **options)

    monkeypatch.setattr(storage, "write_atomically", counting)
    journal = Journal(data_dir, clock=clock)
    first = START - timedelta(days=400)
    entries = []
    for number in range(800):
        entry = journal.entries.new(kind="journal", answer=f"imported {number}")
        stamp = timestamp(first + timedelta(hours=12) * number)
        entries.append(entry._replace(created_at=stamp, updated_at=stamp))
    assert len(journal.entries.add_all(entries)) == 800
    buckets = [name for name in written if name.startswith(id_index.IDS)]
    assert len(buckets) <= 2 * 16, f"{len(buckets)} bucket files written"


def test_deleting_one_copy_of_an_id_held_twice_keeps_a_shared_prefix_ambiguous(
    data_dir: Path, clock: Clock
) -> None:
    """An id two periods hold (a journal from before the index: an import
    added an entry again when its time had been changed; and still, into a
    journal without an index, see above) is indexed with the newer copy
    only. Deleting it removes the newer copy and its id from the index, and
    the older copy is then in no bucket: ``get`` of a prefix it shares with
    another entry finds only that other entry in the index and returns it,
    where searching the periods says the prefix is ambiguous. So ``intimacy
    show/edit/delete abcdef01`` acts on the wrong entry, silently (a stale
    index costing "time, never an entry" is broken the other way round).

    Should: an index never forgets an id a period still holds: say,
    ``made_from`` keeps every period of an id held twice (or notes it), and a
    write removing such an id makes the index anew or keeps the other
    period; then the prefix is reported ambiguous."""
    held_twice = "abcdef01-0000-4000-8000-000000000001"
    other = "abcdef01-0000-4000-8000-000000000002"
    older = {**record(1, START), "id": held_twice}
    newer = {**record(2, START + timedelta(days=60)), "id": held_twice, "answer": "again"}
    sharing = {**record(3, START + timedelta(days=30)), "id": other}
    entries = {"1": older, "2": newer, "3": sharing}
    write_document(data_dir, {"schema_version": 3, "entries": entries, "sessions": {}})
    journal = Journal(data_dir, clock=clock)
    journal.sessions.start("sample")  # migrates, and makes the index
    journal.entries.delete([held_twice])  # the newer copy
    assert journal.entries.get(held_twice).answer == "entry 1"  # the older is still there
    with pytest.raises(AmbiguousId):
        journal.entries.get("abcdef01")
