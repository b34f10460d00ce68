"""The Journal API: entries by id or prefix, edits, deletes, queries, lesson runs,
privacy of what it creates, and creating nothing when only reading."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers.store import Clock, files_in, mode, stored_document, write_document

from intimacy_cli.store import (
    AmbiguousId,
    Entry,
    EntryNotFound,
    Journal,
    JournalError,
    QueryFilter,
)


def made_entry(entry_id: str, **fields: object) -> Entry:
    base = Entry(
        id=entry_id,
        kind="journal",
        answer="note",
        created_at="2026-01-01T10:00:00.000000+00:00",
        updated_at="2026-01-01T10:00:00.000000+00:00",
    )
    return base._replace(**fields)


# -- adding and finding -------------------------------------------------------------


def test_add_returns_the_saved_entry_with_a_uuid_and_utc_times(journal: Journal) -> None:
    entry = journal.entries.add(
        kind="reflection",
        answer=["calm", "curious"],
        lesson="sample",
        question_id="sample-r1",
        question="How do you feel?",
        tags=["evening"],
        session="run-1",
    )
    assert journal.entries.get(entry.id) == entry
    assert len(entry.id) == 36
    assert entry.created_at == entry.updated_at == "2026-03-01T09:00:00.000000+00:00"
    assert datetime.fromisoformat(entry.created_at).utcoffset() == timedelta(0)


def test_get_by_unique_prefix_like_git(journal: Journal) -> None:
    first = journal.entries.add(kind="journal", answer="one")
    journal.entries.add(kind="journal", answer="two")
    assert journal.entries.get(first.id[:8]) == first
    assert journal.entries.get(first.id.upper()) == first
    assert journal.entries.get(f"  {first.id[:8]} ") == first


def test_ambiguous_prefix_lists_the_candidates(journal: Journal) -> None:
    journal.entries.add_all(
        [
            made_entry("abcd1111-0000-4000-8000-000000000000"),
            made_entry("abcd2222-0000-4000-8000-000000000000"),
        ]
    )
    with pytest.raises(AmbiguousId) as caught:
        journal.entries.get("abcd")
    assert sorted(caught.value.candidates) == [
        "abcd1111-0000-4000-8000-000000000000",
        "abcd2222-0000-4000-8000-000000000000",
    ]
    assert "matches 2 entries" in caught.value.message
    assert journal.entries.get("abcd1").id.startswith("abcd1111")


@pytest.mark.parametrize(
    ("wanted", "message"), [("abc", "too short"), ("ffff", "no entry with id 'ffff'")]
)
def test_too_short_or_unknown_id(journal: Journal, wanted: str, message: str) -> None:
    journal.entries.add_all([made_entry("abcd1111-0000-4000-8000-000000000000")])
    with pytest.raises(EntryNotFound, match=message):
        journal.entries.get(wanted)


def test_add_entries_skips_ids_already_present(journal: Journal) -> None:
    kept = journal.entries.add(kind="journal", answer="mine")
    imported = made_entry("abcd1111-0000-4000-8000-000000000000")
    added = journal.entries.add_all([imported, kept._replace(answer="changed"), imported])
    assert added == [imported]
    assert journal.entries.get(kept.id).answer == "mine"
    assert journal.entries.count() == 2


# -- editing and deleting ---------------------------------------------------------


def test_update_keeps_created_at_and_sets_updated_at(journal: Journal, clock: Clock) -> None:
    entry = journal.entries.add(kind="journal", answer="first draft", tags=["a"])
    clock.advance(hours=2)
    updated = journal.entries.update(entry.id, answer="second draft")
    assert updated.created_at == entry.created_at
    assert updated.updated_at == "2026-03-01T11:00:00.000000+00:00"
    assert updated.tags == ("a",)
    assert journal.entries.get(entry.id) == updated
    retagged = journal.entries.update(entry.id, tags=["b", "c"])
    assert (retagged.answer, retagged.tags) == ("second draft", ("b", "c"))


def test_update_unknown_id_changes_nothing(journal: Journal, data_dir: Path) -> None:
    journal.entries.add(kind="journal", answer="kept")
    before = files_in(data_dir)
    with pytest.raises(EntryNotFound):
        journal.entries.update("00000000-0000-4000-8000-000000000000", answer="x")
    assert files_in(data_dir) == before


def test_delete_removes_exactly_the_given_entries(journal: Journal) -> None:
    one, two, three = (journal.entries.add(kind="journal", answer=str(n)) for n in range(3))
    deleted = journal.entries.delete([three.id, one.id])
    assert deleted == [three, one]
    assert [entry.id for entry in journal.entries.query()] == [two.id]


def test_delete_is_all_or_none(journal: Journal, data_dir: Path) -> None:
    one = journal.entries.add(kind="journal", answer="one")
    before = files_in(data_dir)
    with pytest.raises(EntryNotFound, match="no entry with id 'not-there'"):
        journal.entries.delete([one.id, "not-there"])
    assert files_in(data_dir) == before
    assert journal.entries.get(one.id) == one


def test_writes_keep_other_records_and_ids_exactly(journal: Journal, data_dir: Path) -> None:
    """Updates and deletes go by id: the other records are written back untouched."""
    entries = [journal.entries.add(kind="journal", answer=str(n)) for n in range(5)]
    journal.entries.update(entries[2].id, answer="changed")
    journal.entries.delete([entries[0].id])
    stored = stored_document(data_dir)["entries"]
    assert sorted(stored, key=int) == ["2", "3", "4", "5"]
    assert [stored[key]["answer"] for key in ("2", "3", "4", "5")] == ["1", "changed", "3", "4"]


# -- querying -------------------------------------------------------------------------


@pytest.fixture
def varied(journal: Journal, clock: Clock) -> dict[str, Entry]:
    """Five entries a day apart, oldest first in the dict."""
    made = {}
    specs = [
        ("quiz1", {"kind": "quiz", "answer": 2, "lesson": "oxytocin", "correct": True}),
        ("refl1", {"kind": "reflection", "answer": "Un café et un câlin", "lesson": "oxytocin"}),
        ("refl2", {"kind": "reflection", "answer": ["calm", "safe"], "lesson": "attachment"}),
        ("note1", {"kind": "journal", "answer": "We tried the résumé exercise", "tags": ["Désir"]}),
        ("note2", {"kind": "journal", "answer": "Quiet evening", "tags": ["calm", "home"]}),
    ]
    for name, fields in specs:
        made[name] = journal.entries.add(question=f"prompt for {name}", **fields)  # type: ignore[arg-type]
        clock.advance(days=1)
    return made


def names(found: list[Entry], made: dict[str, Entry]) -> list[str]:
    by_id = {entry.id: name for name, entry in made.items()}
    return [by_id[entry.id] for entry in found]


def test_query_returns_newest_first(journal: Journal, varied: dict[str, Entry]) -> None:
    assert names(journal.entries.query(), varied) == ["note2", "note1", "refl2", "refl1", "quiz1"]
    assert names(journal.entries.query(QueryFilter(limit=2)), varied) == ["note2", "note1"]


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (QueryFilter(lesson="oxytocin"), ["refl1", "quiz1"]),
        (QueryFilter(kind="reflection"), ["refl2", "refl1"]),
        (QueryFilter(tag="calm"), ["note2"]),
        (QueryFilter(tag="desir"), ["note1"]),
        (QueryFilter(text="CAFE"), ["refl1"]),
        (QueryFilter(text="calin"), ["refl1"]),
        (QueryFilter(text="résumé"), ["note1"]),
        (QueryFilter(text="RESUME"), ["note1"]),
        (QueryFilter(text="calm"), ["note2", "refl2"]),  # a tag, and a list answer
        (QueryFilter(text="calm; safe"), ["refl2"]),  # a list answer as it is shown
        (QueryFilter(text="prompt for quiz"), ["quiz1"]),
        (QueryFilter(text="nowhere"), []),
        (QueryFilter(since=datetime(2026, 3, 3, tzinfo=UTC)), ["note2", "note1", "refl2"]),
        (QueryFilter(until=datetime(2026, 3, 2, 9, tzinfo=UTC)), ["quiz1"]),
        (QueryFilter(kind="reflection", lesson="oxytocin"), ["refl1"]),
        (QueryFilter(kind="journal", text="evening", tag="home"), ["note2"]),
        (
            QueryFilter(
                since=datetime(2026, 3, 2, 9, tzinfo=UTC),
                until=datetime(2026, 3, 4, 9, tzinfo=UTC),
                lesson="attachment",
            ),
            ["refl2"],
        ),
        (QueryFilter(kind="reflection", limit=1), ["refl2"]),
    ],
)
def test_query_filters(
    journal: Journal, varied: dict[str, Entry], where: QueryFilter, expected: list[str]
) -> None:
    assert names(journal.entries.query(where), varied) == expected


def test_entries_at_the_same_moment_come_last_saved_first(journal: Journal) -> None:
    first = journal.entries.add(kind="journal", answer="first")
    second = journal.entries.add(kind="journal", answer="second")
    assert first.created_at == second.created_at
    assert journal.entries.query() == [second, first]


def test_times_with_other_offsets_sort_by_instant(journal: Journal) -> None:
    journal.entries.add_all(
        [
            made_entry("aaaa0000-0000-4000-8000-000000000000", created_at="2026-01-01T10:30+01:00"),
            made_entry("bbbb0000-0000-4000-8000-000000000000", created_at="2026-01-01T10:00+00:00"),
        ]
    )
    assert [entry.id[:4] for entry in journal.entries.query()] == ["bbbb", "aaaa"]


# -- lesson runs ----------------------------------------------------------------------


def test_lesson_runs_resume_and_complete(journal: Journal, clock: Clock) -> None:
    run = journal.sessions.start("sample")
    clock.advance(minutes=5)
    journal.sessions.save(run.id, step="reflection:1", completed=True)
    clock.advance(minutes=5)
    journal.sessions.save(run.id, step="reflection:2", completed=True)
    assert journal.sessions.unfinished("sample") == journal.sessions.all("sample")[0]
    assert journal.sessions.completed_lessons() == {"sample": "2026-03-01T09:05:00.000000+00:00"}
    journal.sessions.save(run.id, step="done")
    assert journal.sessions.unfinished("sample") is None
    with pytest.raises(EntryNotFound):
        journal.sessions.save("no-such-run", step="done")


# -- separate Journal objects, same process ------------------------------------------


def test_every_call_reads_fresh_data(data_dir: Path) -> None:
    """Two handles on one journal, interleaved: no cached TinyDB ids collide."""
    one, two = Journal(data_dir), Journal(data_dir)
    for n in range(5):
        one.entries.add(kind="journal", answer=f"one {n}")
        two.entries.add(kind="journal", answer=f"two {n}")
    assert one.entries.count() == two.entries.count() == 10


# -- privacy, and nothing written without need ------------------------------------


@pytest.fixture
def no_umask() -> Iterator[None]:
    """A umask of 0 would make ordinary files world-writable."""
    old = os.umask(0)
    yield
    os.umask(old)


@pytest.mark.usefixtures("no_umask")
def test_everything_created_is_private(journal: Journal, data_dir: Path, clock: Clock) -> None:
    journal.entries.add(kind="journal", answer="private")
    clock.advance(days=1)
    journal.entries.add(kind="journal", answer="makes the day's backup")
    assert mode(data_dir) == 0o700
    assert mode(data_dir / "journal.json") == 0o600
    assert mode(data_dir / "journal.json.lock") == 0o600
    assert mode(data_dir / "backups") == 0o700
    [backup] = (data_dir / "backups").iterdir()
    assert mode(backup) == mode(backup / "tables") == 0o700
    assert {mode(path) for path in backup.rglob("*") if path.is_file()} == {0o600}


def test_a_journal_readable_by_others_becomes_private_on_save(
    journal: Journal, data_dir: Path
) -> None:
    journal.entries.add(kind="journal", answer="one")
    (data_dir / "journal.json").chmod(0o644)
    journal.entries.add(kind="journal", answer="two")
    assert mode(data_dir / "journal.json") == 0o600


def test_reading_a_missing_journal_creates_nothing(journal: Journal, data_dir: Path) -> None:
    assert journal.entries.query() == []
    assert journal.entries.count() == 0
    assert journal.sessions.all() == []
    assert journal.sessions.unfinished("sample") is None
    assert journal.sessions.completed_lessons() == {}
    with pytest.raises(EntryNotFound):
        journal.entries.get("abcd")
    assert journal.entries.delete([]) == []
    assert not data_dir.exists()


def test_a_damaged_old_entry_is_reported_when_looked_at(journal: Journal, clock: Clock) -> None:
    """Queries check each entry as they reach it, so the newest few stay fast in a
    big journal; whatever reads the damaged entry, or changes it, stops. Adding
    an entry to its month does not read it (what adding costs must not grow
    with the month): the new entry is saved and the damage still named."""
    old = journal.entries.add(kind="journal", answer="old")
    clock.advance(hours=1)
    new = journal.entries.add(kind="journal", answer="new")
    document = stored_document(journal.paths.data_dir)
    for record in document["entries"].values():
        if record["id"] == old.id:
            record["tags"] = None
    write_document(journal.paths.data_dir, document)
    before = journal.path.read_bytes()

    assert [entry.id for entry in journal.entries.query(QueryFilter(limit=1))] == [new.id]
    looks_at_it = (
        journal.entries.query,
        lambda: journal.entries.query(QueryFilter(text="old")),
        lambda: journal.entries.update(old.id, answer="refused"),
        lambda: journal.entries.delete([old.id]),
    )
    for touches_it in looks_at_it:
        with pytest.raises(JournalError) as caught:
            touches_it()
        assert "tags must be a list of texts" in caught.value.message
    assert journal.path.read_bytes() == before

    clock.advance(hours=1)
    newest = journal.entries.add(kind="journal", answer="still saved")
    assert [entry.id for entry in journal.entries.query(QueryFilter(limit=2))] == [
        newest.id,
        new.id,
    ]
    for touches_it in looks_at_it:
        with pytest.raises(JournalError) as caught:
            touches_it()
        assert "tags must be a list of texts" in caught.value.message


def test_ambiguous_ids_are_shown_long_enough_to_tell_apart(journal: Journal) -> None:
    ids = ["aaaa1111-0000-4000-8000-000000000001", "aaaa1111-0000-4000-8000-000000000002"]
    journal.entries.add_all(
        [journal.entries.new(kind="journal", answer=i)._replace(id=i) for i in ids]
    )
    with pytest.raises(AmbiguousId) as caught:
        journal.entries.get("aaaa")
    assert all(i in caught.value.message for i in ids)


@pytest.mark.parametrize(
    "crafted_id", [["a list"], {"a": "dict"}, None], ids=["list", "dict", "none"]
)
def test_adding_beside_a_record_whose_id_is_no_text(
    journal: Journal, clock: Clock, crafted_id: object
) -> None:
    """Such an id is no new entry's, so the add goes on (without a traceback),
    and the damage is still named by what reads it."""
    journal.entries.add(kind="journal", answer="old")
    clock.advance(minutes=1)
    journal.entries.add(kind="journal", answer="the day's backup made")
    document = stored_document(journal.paths.data_dir)
    document["entries"]["1"]["id"] = crafted_id
    write_document(journal.paths.data_dir, document)
    clock.advance(hours=1)
    added = journal.entries.add(kind="journal", answer="saved all the same")
    assert journal.entries.query(QueryFilter(limit=1)) == [added]
    with pytest.raises(JournalError) as caught:
        journal.entries.query()
    assert "id" in caught.value.message
