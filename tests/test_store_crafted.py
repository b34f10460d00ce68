"""A journal folder crafted or damaged by hand: keys that TinyDB would fold
into one record, ids in a spelling the app never writes, a backups folder that
is a symbolic link, and entries too large to be one. Each is refused with one
line before anything is written, so no entry is ever silently lost."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from helpers.app import Outcome
from helpers.store import Clock

from intimacy_cli.reports.entry_text import excerpt
from intimacy_cli.store import Journal, JournalError
from intimacy_cli.store.entry import MAX_ENTRY_CHARS
from intimacy_cli.store.errors import EntryTooLarge

Cli = Callable[..., Outcome]
STAMP = "2026-01-01T09:00:00.000000+00:00"


def record(answer: str, entry_id: str | None = None) -> dict[str, Any]:
    return {
        "id": entry_id or str(uuid.uuid4()),
        "kind": "journal",
        "answer": answer,
        "created_at": STAMP,
        "updated_at": STAMP,
        "lesson": None,
        "prompt_id": None,
        "prompt": None,
        "tags": [],
        "session": None,
        "correct": None,
    }


def write_journal(data_dir: Path, entries: dict[str, Any], sessions: Any = None) -> bytes:
    data_dir.mkdir(parents=True, exist_ok=True)
    raw = json.dumps({"schema_version": 3, "entries": entries, "sessions": sessions or {}})
    (data_dir / "journal.json").write_text(raw, encoding="utf-8")
    return raw.encode()


CRAFTED_KEYS = {
    "1 and 01": {"1": record("first"), "01": record("second")},
    "1 and an Arabic-Indic 1": {"1": record("first"), "\u0661": record("second")},
    "1 and a full-width 1": {"1": record("first"), "\uff11": record("second")},
    "a superscript two": {"1": record("first"), "\u00b2": record("second")},
    "a leading plus": {"1": record("first"), "+2": record("second")},
    "spaces around": {"1": record("first"), " 2": record("second")},
}


@pytest.mark.parametrize("name", sorted(CRAFTED_KEYS))
def test_keys_tinydb_would_fold_together_are_damage(cli: Cli, data_dir: Path, name: str) -> None:
    before = write_journal(data_dir, CRAFTED_KEYS[name])
    for args in (("review",), ("journal",)):
        result = cli(*args, input="a new note")
        assert result.exit_code == 1, (args, result.stdout)
        [line] = result.stderr.strip().splitlines()
        assert line.startswith(f"Error: cannot read the journal {data_dir / 'journal.json'}:")
        assert "not a document number" in line
    assert (data_dir / "journal.json").read_bytes() == before  # both entries still there


def test_a_session_key_is_held_to_the_same_rule(cli: Cli, data_dir: Path) -> None:
    session = {
        "id": str(uuid.uuid4()),
        "lesson": "welcome",
        "started_at": STAMP,
        "updated_at": STAMP,
        "step": "section:0",
        "completed_at": None,
        "extra": {},
    }
    write_journal(data_dir, {"1": record("a")}, sessions={"1": session, "01": dict(session)})
    assert "not a document number" in cli("progress").stderr


@pytest.mark.parametrize(
    "spelling",
    [
        str(uuid.uuid4()).upper(),
        "{" + str(uuid.uuid4()) + "}",
        str(uuid.uuid4()).replace("-", ""),
        "urn:uuid:" + str(uuid.uuid4()),
    ],
    ids=["upper-case", "braces", "no hyphens", "urn"],
)
def test_an_id_the_app_never_writes_is_damage(cli: Cli, data_dir: Path, spelling: str) -> None:
    before = write_journal(data_dir, {"1": record("a", spelling), "2": record("b")})
    for args in (("review",), ("journal",), ("show", spelling[:8])):
        result = cli(*args, input="a new note")
        assert result.exit_code == 1, args
        # The note after the first failed save (its words are kept) may precede it.
        [line] = [x for x in result.stderr.splitlines() if x.startswith("Error:")]
        assert "not a lower-case UUID" in line, line
    assert (data_dir / "journal.json").read_bytes() == before


def test_document_numbers_as_tinydb_writes_them_are_fine(cli: Cli, data_dir: Path) -> None:
    write_journal(data_dir, {"0": record("zero"), "7": record("seven"), "10": record("ten")})
    assert cli("journal", input="new").exit_code == 0
    assert len(Journal(data_dir).entries.query()) == 4


@pytest.mark.parametrize("step", ["section:\u00b2", "quiz:\u0661", "section:" + "9" * 5000])
def test_a_crafted_session_step_is_not_a_step(step: str) -> None:
    """Sessions record where a lesson stopped; one edited by hand starts over."""
    from intimacy_cli.flows.learning import Step

    assert Step.parse(step) is None


# -- the backups folder ----------------------------------------------------------------------


def linked_backups(data_dir: Path, tmp_path: Path) -> Path:
    """A backups folder that is a link to someone else's folder of old files."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for day in range(1, 10):  # names rotation would delete
        (elsewhere / f"journal-202501{day:02d}-090000.json").write_text("not ours")
    (data_dir / "backups").symlink_to(elsewhere)
    return elsewhere


def test_a_linked_backups_folder_is_refused_before_the_daily_backup(
    journal: Journal, data_dir: Path, tmp_path: Path, clock: Clock
) -> None:
    journal.entries.add(kind="journal", answer="day one")
    elsewhere = linked_backups(data_dir, tmp_path)
    before = (data_dir / "journal.json").read_bytes()
    clock.advance(days=1)
    with pytest.raises(JournalError, match="symbolic link") as caught:
        journal.entries.add(kind="journal", answer="day two")
    assert "nothing was changed" in caught.value.message
    assert (data_dir / "journal.json").read_bytes() == before
    assert len(list(elsewhere.iterdir())) == 9  # nothing written there, nothing rotated


def test_a_linked_backups_folder_is_refused_by_data_backup(
    cli: Cli, journal: Journal, data_dir: Path, tmp_path: Path
) -> None:
    journal.entries.add(kind="journal", answer="note")
    elsewhere = linked_backups(data_dir, tmp_path)
    result = cli("data", "backup")
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert "symbolic link" in line
    assert len(list(elsewhere.iterdir())) == 9


def test_a_linked_backups_folder_is_refused_by_encrypt(
    cli: Cli, journal: Journal, data_dir: Path, tmp_path: Path, fast_kdf: None
) -> None:
    journal.entries.add(kind="journal", answer="note")
    elsewhere = linked_backups(data_dir, tmp_path)
    before = (data_dir / "journal.json").read_bytes()
    result = cli("data", "encrypt", env={"INTIMACY_PASSPHRASE": "correct horse battery"})
    assert result.exit_code == 1
    assert "symbolic link" in result.stderr
    assert (data_dir / "journal.json").read_bytes() == before
    assert {p.read_text() for p in elsewhere.iterdir()} == {"not ours"}


def test_data_backup_into_a_folder_named_by_a_link_is_still_allowed(
    journal: Journal, tmp_path: Path
) -> None:
    """A folder the person names is theirs to choose, and is never rotated."""
    journal.entries.add(kind="journal", answer="note")
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    made = journal.maintenance.backup(tmp_path / "link")
    assert made.parent == tmp_path / "link" and len(list(real.iterdir())) == 1


# -- the size of an entry --------------------------------------------------------------------


def test_an_entry_over_the_cap_is_refused_and_nothing_is_written(
    journal: Journal, data_dir: Path
) -> None:
    journal.entries.add(kind="journal", answer="kept")
    before = (data_dir / "journal.json").read_bytes()
    with pytest.raises(EntryTooLarge, match="at most 100,000 characters"):
        journal.entries.add_all(
            [
                journal.entries.new(kind="journal", answer="fine"),
                journal.entries.new(kind="journal", answer="x" * (MAX_ENTRY_CHARS + 1)),
            ]
        )
    assert (data_dir / "journal.json").read_bytes() == before


def test_the_cap_counts_the_question_and_tags_too(journal: Journal) -> None:
    half = "x" * (MAX_ENTRY_CHARS // 2)
    with pytest.raises(EntryTooLarge):
        journal.entries.add(kind="journal", answer=half, question=half, tags=["more"])
    assert journal.entries.add(kind="journal", answer=half, question=half[:-10])


def test_an_edit_over_the_cap_is_refused(journal: Journal) -> None:
    entry = journal.entries.add(kind="journal", answer="short")
    with pytest.raises(EntryTooLarge):
        journal.entries.update(entry.id, answer="y" * (MAX_ENTRY_CHARS + 1))
    assert journal.entries.get(entry.id).answer == "short"


def test_a_piped_entry_over_the_cap_is_one_line(cli: Cli, data_dir: Path) -> None:
    for size in (MAX_ENTRY_CHARS + 1, 4 * MAX_ENTRY_CHARS + 1):
        result = cli("journal", input="z" * size)
        assert result.exit_code == 1
        [line] = result.stderr.strip().splitlines()
        assert line.startswith("Error: ") and "nothing was saved" in line
    assert cli("journal", input="z" * MAX_ENTRY_CHARS).exit_code == 0


def test_an_import_over_the_cap_is_refused(cli: Cli, data_dir: Path) -> None:
    exported = json.dumps([record("w" * (MAX_ENTRY_CHARS + 1))])
    result = cli("import", "-", input=exported)
    assert result.exit_code == 1
    assert "an entry holds at most 100,000" in result.stderr
    assert not (data_dir / "journal.json").exists()


def test_a_listing_reads_only_the_start_of_a_huge_answer() -> None:
    huge = "word " * 2_000_000  # 10 MB: reading it all takes ~0.2 s, per listing
    started = time.perf_counter()
    for _ in range(10):
        assert excerpt(huge, 20) == "word word word word…"
    assert time.perf_counter() - started < 0.2
    # The same answer as reading the whole text, whitespace runs included.
    for text in ("a" + " " * 5000 + "b", " \n ".join(["ab"] * 500), "short", "x" * 300):
        for width in (1, 5, 20, 80):
            flat = " ".join(text.split())
            whole = flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"
            assert excerpt(text, width) == whole


@pytest.mark.parametrize(
    ("link", "fine"),
    [
        ({"id": "week-3", "item": 2}, True),
        ({"id": "week-3", "item": 1000}, True),
        ({"id": "Week 3", "item": 2}, False),
        ({"id": "week-3", "item": 0}, False),
        ({"id": "week-3", "item": True}, False),
        ({"id": "week-3", "item": 2, "more": 1}, False),
        ({"id": "week-3"}, False),
        ({"id": "w" * 101, "item": 2}, False),
        ("week-3:2", False),
    ],
)
def test_an_entry_linked_to_homework_is_checked_in_one_pass(link: object, fine: bool) -> None:
    """A link as the app writes it passes the one-pass check of entries (every
    read checks every record it uses); any other goes to the field checkers,
    which name what is wrong."""
    from helpers.entries import stored_entry

    from intimacy_cli.store import records

    record = {**stored_entry(datetime(2026, 11, 20, tzinfo=UTC), "words"), "homework": link}
    assert records._entry_as_written(record) is fine
    if fine:
        records.check_record("entries/2026-11", "1", record)
    else:
        with pytest.raises(records.LayoutError, match="homework"):
            records.check_record("entries/2026-11", "1", record)


@pytest.mark.parametrize("later", [timedelta(0), timedelta(days=8)], ids=["same", "next"])
def test_a_manifest_handing_out_an_id_already_held_is_refused(
    data_dir: Path, later: timedelta
) -> None:
    """Whether the period written to holds the id or another does: ids are
    unique across periods (a month's summary, and the whole-document form of
    backups, put its periods side by side by id)."""
    clock = Clock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))  # the period from March 1
    journal = Journal(data_dir, clock=clock)
    journal.entries.add(kind="journal", answer="first")
    journal.entries.add(kind="journal", answer="second")
    manifest = data_dir / "journal.json"
    document = json.loads(manifest.read_bytes())
    document["next_id"] = 1
    manifest.write_text(json.dumps(document))
    before = manifest.read_bytes()
    clock.now += later
    with pytest.raises(JournalError) as caught:
        journal.entries.add(kind="journal", answer="third")
    assert "next document id (1)" in caught.value.message
    assert "nothing was changed" in caught.value.message
    assert manifest.read_bytes() == before


@pytest.mark.parametrize(
    "period", ["entries/2026-13-01", "entries/2026-00-09", "entries/0000-01-01"]
)
def test_a_manifest_naming_a_period_of_no_month_is_refused_not_a_crash(
    journal: Journal, data_dir: Path, period: str
) -> None:
    """The manifest's table names are checked by a pattern that lets any two
    digits be the month: reading the months for progress then raised a
    ValueError (month must be in 1..12), shown as "a bug in intimacy-cli"."""
    journal.entries.add(kind="journal", answer="first")
    manifest = data_dir / "journal.json"
    document = json.loads(manifest.read_bytes())
    (name,) = [table for table in document["files"] if table.startswith("entries/")]
    document["files"][period] = document["files"].pop(name)
    document["counts"][period] = document["counts"].pop(name)
    document["summaries"] = {}
    document.pop("summaries_file", None)
    manifest.write_text(json.dumps(document))
    with pytest.raises(JournalError):
        for summary in journal.entries.months().summaries():
            assert summary.start  # what progress reads of each month


def test_two_periods_holding_one_document_id_are_refused_where_they_meet(
    data_dir: Path,
) -> None:
    """A month's summary and a copy in one file see the month's periods side
    by side by document id: one id in two periods (a crafted table) would
    hide one of the entries there, so each says what is wrong instead; the
    entries themselves still list, and a save in that month still saves."""
    from intimacy_cli.store import layout

    clock = Clock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    journal = Journal(data_dir, clock=clock)
    journal.entries.add(kind="journal", answer="first")
    clock.now = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    journal.entries.add(kind="journal", answer="second")
    manifest_path = data_dir / "journal.json"
    manifest = json.loads(manifest_path.read_bytes())
    named, _ = manifest["files"]["entries/2026-03-09"]
    table_path = data_dir / "tables" / named
    (second,) = json.loads(table_path.read_bytes()).values()
    rekeyed = {"1": second}  # the id of the first, in the period from March 1
    table_path.write_bytes(json.dumps(rekeyed).encode())
    manifest["files"]["entries/2026-03-09"][1] = layout.digest(table_path.read_bytes())
    manifest["summaries"], manifest["next_id"] = {}, 3
    manifest.pop("summaries_file", None)
    manifest_path.write_text(json.dumps(manifest))

    assert [e.answer for e in journal.entries.query()] == ["second", "first"]
    held_twice = "holds document 1, as another table does"
    with pytest.raises(JournalError, match=held_twice):
        journal.entries.months().summaries()
    with pytest.raises(JournalError, match=held_twice):
        b"".join(journal.file.storage().one_file())
    journal.entries.add(kind="journal", answer="third")  # the month is left without a summary
    assert "entries/2026-03" not in json.loads(manifest_path.read_bytes())["summaries"]
