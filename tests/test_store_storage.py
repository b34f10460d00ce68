"""The journal file: its format, atomic and durable writes, and refusing to touch
a file it cannot read. Every failure leaves the bytes on disk as they were."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from helpers.store import Clock, files_in, read_only, stored_document

from intimacy_cli.store import Journal, JournalError, layout, marker
from intimacy_cli.store import files as store_files

GOOD_ENTRY = {
    "id": "5f0c7a52-1c1e-4d53-9d3e-0b6f2a7c9e11",
    "kind": "journal",
    "answer": "kept",
    "created_at": "2026-01-01T10:00:00+00:00",
    "updated_at": "2026-01-01T10:00:00+00:00",
}
GOOD_SESSION = {
    "id": "0d6e3f6a-8a43-4c1b-9a57-2f3c1d9e8b70",
    "lesson": "sample",
    "started_at": "2026-01-01T10:00:00+00:00",
    "updated_at": "2026-01-01T10:05:00+00:00",
    "step": "done",
    "completed_at": "2026-01-01T10:05:00+00:00",
    "extra": {},
}


def journal_with(data_dir: Path, content: bytes) -> Journal:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "journal.json").write_bytes(content)
    return Journal(data_dir)


def document(**tables: object) -> bytes:
    return orjson.dumps({"schema_version": 3, **tables})


def with_entry(**changes: object) -> bytes:
    """A journal of one good entry with some fields changed."""
    return document(entries={"1": {**GOOD_ENTRY, **changes}})


def with_session(**changes: object) -> bytes:
    """A journal of one good lesson session with some fields changed."""
    return document(sessions={"1": {**GOOD_SESSION, **changes}})


@pytest.fixture
def saved(data_dir: Path) -> Journal:
    """A journal holding one entry, with today's backup already made (so a
    later write would change nothing but the journal file)."""
    journal = Journal(data_dir)
    journal.entries.add(kind="journal", answer="kept")
    journal.maintenance.backup()
    return journal


# -- the format ---------------------------------------------------------------------


def period_file(created_at: str) -> str:
    """The name a period's table files start with: entries-YYYY-MM-DD."""
    return layout.entries_period(created_at).replace("/", "-")


def test_journal_is_a_manifest_naming_one_file_per_table(data_dir: Path) -> None:
    journal = Journal(data_dir)
    entry = journal.entries.add(kind="quiz", answer=1, correct=False)
    session = journal.sessions.start("sample")
    period = layout.entries_period(entry.created_at)  # entries/YYYY-MM-DD
    named = f"{period_file(entry.created_at)}.g1.json"
    manifest = orjson.loads((data_dir / "journal.json").read_bytes())
    assert manifest["schema_version"] == 4
    assert manifest["generation"] == 2
    assert manifest["next_id"] == 2
    assert manifest["files"][period][0] == named
    assert manifest["files"]["sessions"][0] == "sessions.g2.json"
    assert manifest["counts"] == {period: 1, "sessions": 1}
    assert manifest["ids"]["width"] == 0  # one bucket, while the journal is small
    assert manifest["ids"]["buckets"][""][0] == "ids.g1.json"
    tables = data_dir / "tables"
    assert sorted(path.name for path in tables.iterdir()) == [
        named,
        "ids.g1.json",
        "sessions.g2.json",
    ]
    assert orjson.loads((tables / named).read_bytes()) == {"1": entry.to_record()}
    assert orjson.loads((tables / "ids.g1.json").read_bytes()) == {entry.id: period}
    stored = stored_document(data_dir)
    assert stored["entries"]["1"]["prompt"] is None  # the question's text, by its stored name
    assert stored["sessions"] == {"1": session.to_record()}


def test_each_write_goes_through_a_synced_temp_file_in_the_same_folder(
    saved: Journal, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(handle: int) -> None:
        events.append("fsync folder" if os.path.isdir(f"/proc/self/fd/{handle}") else "fsync file")
        real_fsync(handle)

    def replace(source: str, target: Path) -> None:
        assert Path(source).parent == Path(target).parent  # a rename, never a copy
        events.append(f"replace {Path(target).relative_to(data_dir)}")
        real_replace(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    saved.entries.add(kind="journal", answer="another")
    # The changed table and the index of ids in new files, then the manifest: the commit.
    assert events == [
        "fsync file",
        f"replace tables/{period_file(saved.entries.query()[0].created_at)}.g2.json",
        "fsync folder",
        "fsync file",
        "replace tables/ids.g2.json",
        "fsync folder",
        "fsync file",
        "replace journal.json",
        "fsync folder",
    ]


# -- failures while writing ------------------------------------------------------------


def failing(code: int) -> Callable[..., None]:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    return fail


@pytest.mark.parametrize(
    ("function", "code", "reason"),
    [
        ("replace", errno.EIO, "Input/output error"),
        ("fsync", errno.EIO, "Input/output error"),
        ("fsync", errno.ENOSPC, "the disk is full"),
    ],
)
def test_failed_replace_or_fsync_keeps_the_old_journal(
    saved: Journal, monkeypatch: pytest.MonkeyPatch, function: str, code: int, reason: str
) -> None:
    data_dir = saved.paths.data_dir
    before = files_in(data_dir)
    monkeypatch.setattr(os, function, failing(code))
    with pytest.raises(JournalError) as caught:
        saved.entries.add(kind="journal", answer="lost")
    monkeypatch.undo()
    assert caught.value.message == (
        f"could not save to the journal {saved.path}: {reason}; nothing was changed"
    )
    assert files_in(data_dir) == before  # no temporary file left either
    assert [entry.answer for entry in saved.entries.query()] == ["kept"]


def test_disk_full_halfway_through_the_write(
    saved: Journal, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC after some bytes already went out: the partial temp file is removed."""
    real_write = os.write
    written: list[int] = []

    def write(handle: int, data: bytes) -> int:
        if written:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(real_write(handle, bytes(data)[:10]))
        return written[0]

    before = files_in(data_dir)
    monkeypatch.setattr(os, "write", write)
    with pytest.raises(JournalError, match="the disk is full; nothing was changed"):
        saved.entries.add(kind="journal", answer="lost")
    monkeypatch.undo()
    assert written == [10]
    assert files_in(data_dir) == before


def test_read_only_folder(saved: Journal, data_dir: Path) -> None:
    before = files_in(data_dir)
    with read_only(data_dir):
        with pytest.raises(JournalError) as caught:
            saved.entries.add(kind="journal", answer="lost")
        assert [entry.answer for entry in saved.entries.query()] == ["kept"]  # reads still work
    assert caught.value.message.startswith(
        f"could not save to the journal {data_dir / 'journal.json'}: "
    )
    assert "\n" not in caught.value.message
    assert files_in(data_dir) == before


def test_permission_denied_when_reading(
    saved: Journal, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Path, "read_bytes", failing(errno.EACCES))
    with pytest.raises(JournalError) as caught:
        saved.entries.query()
    assert caught.value.message == (
        f"cannot read the journal {data_dir / 'journal.json'}: permission denied"
    )


def test_a_folder_where_the_journal_should_be(data_dir: Path) -> None:
    (data_dir / "journal.json").mkdir(parents=True)
    with pytest.raises(JournalError, match="it is a folder, not a file"):
        Journal(data_dir).entries.count()


def test_temp_files_left_by_a_killed_writer_are_cleaned_up(saved: Journal, data_dir: Path) -> None:
    leftover = data_dir / ".journal.json.k1ll3d.tmp"
    leftover.write_bytes(b'{"schema_version": 2, "entr')
    saved.entries.add(kind="journal", answer="next")
    assert not leftover.exists()


def test_only_a_writers_own_leftovers_are_removed(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    names = [
        ".journal.json.k1ll3d.tmp",  # a killed writer of journal.json: removed
        ".journal.json.tmp",  # no random part: not one of ours
        ".other.json.k1ll3d.tmp",  # another file's writer
        "journal.json.k1ll3d.tmp",  # not hidden
        ".journal.json.k1ll3d.tmp.keep",
    ]
    for name in names:
        (folder / name).write_text("x")
    store_files.remove_leftovers(folder, "journal.json")
    assert sorted(path.name for path in folder.iterdir()) == sorted(names[1:])
    store_files.remove_leftovers(folder, "*")  # any file's writer, as in tables/
    assert sorted(path.name for path in folder.iterdir()) == sorted(names[3:])
    store_files.remove_leftovers(folder / "missing", "*")  # no folder: nothing to do


# -- platforms that cannot sync a folder, and failures after the rename ----------------


def is_folder(handle: int) -> bool:
    return stat.S_ISDIR(os.fstat(handle).st_mode)


@pytest.mark.parametrize(
    "code", [errno.EIO, errno.EINVAL, errno.EBADF], ids=["EIO", "EINVAL", "EBADF"]
)
def test_a_folder_that_refuses_to_sync_does_not_undo_a_finished_save(
    saved: Journal, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    """The folder is synced after the rename: the entry is saved by then, so an
    error there must not turn into "nothing was changed"."""
    real_fsync = os.fsync

    def fsync(handle: int) -> None:
        if is_folder(handle):
            raise OSError(code, os.strerror(code))
        real_fsync(handle)

    monkeypatch.setattr(os, "fsync", fsync)
    saved.entries.add(kind="journal", answer="saved")
    monkeypatch.undo()
    assert sorted(str(entry.answer) for entry in saved.entries.query()) == ["kept", "saved"]


def test_a_folder_that_cannot_be_opened_does_not_undo_a_finished_save(
    saved: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As on Windows, where opening a folder is refused (permission denied)."""
    real_open = os.open

    def open_(path: str | os.PathLike[str], flags: int, *args: int, **kwargs: int) -> int:
        if Path(path).is_dir():
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)
    saved.entries.add(kind="journal", answer="saved")
    monkeypatch.undo()
    assert saved.entries.count() == 2


@pytest.mark.parametrize("platform", ["windows", "no O_DIRECTORY"])
def test_no_folder_sync_where_the_platform_has_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, platform: str
) -> None:
    opened: list[str] = []
    real_open = os.open

    def open_(path: str | os.PathLike[str], flags: int, *args: int, **kwargs: int) -> int:
        opened.append(os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    target = tmp_path / "file"
    with monkeypatch.context() as patch:  # undone even if the write fails
        patch.setattr(os, "open", open_)
        if platform == "windows":
            patch.setattr(os, "name", "nt")
        else:
            patch.delattr(os, "O_DIRECTORY")
        store_files.write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert str(tmp_path) not in opened


def test_an_error_after_the_journal_was_replaced_says_it_was_saved(
    saved: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_: object) -> None:  # just after the commit
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(marker, "note_written", fail)
    with pytest.raises(JournalError) as caught:
        saved.entries.add(kind="journal", answer="saved")
    monkeypatch.undo()
    assert "nothing was changed" not in caught.value.message
    assert caught.value.message == (
        f"the journal {saved.path} was saved, but then something failed: Input/output error"
    )
    assert saved.entries.count() == 2


def test_a_failure_after_a_backup_was_made_names_it(
    journal: Journal, data_dir: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The day's first change makes a backup, then the journal write fails: the
    journal is as it was, but a file did change, and the message says which."""
    journal.entries.add(kind="journal", answer="kept")
    clock.advance(days=1)
    real_replace = os.replace

    def replace(source: str, target: str | os.PathLike[str]) -> None:
        if Path(target).name == "journal.json":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(JournalError) as caught:
        journal.entries.add(kind="journal", answer="lost")
    monkeypatch.undo()
    assert caught.value.message == (
        f"could not save to the journal {journal.path}: the disk is full; the journal is "
        "unchanged, but these files were already written: journal-20260302-090000"
    )
    assert [entry.answer for entry in journal.entries.query()] == ["kept"]


# -- files it cannot read ---------------------------------------------------------------

UNREADABLE = {
    "corrupt": (b"{this is not json", "it is not valid JSON"),
    "truncated": (document(entries={"1": GOOD_ENTRY})[:60], "it is not valid JSON"),
    "empty": (b"", "the file is empty"),
    "not an object": (b"[1, 2]", "it is not an intimacy journal: expected a JSON object"),
    "table not an object": (document(entries=[]), "'entries' should be an object of records"),
    "record not an object": (document(entries={"1": "x"}), "entries record 1 is not an object"),
    "record without id": (
        document(entries={"1": {k: v for k, v in GOOD_ENTRY.items() if k != "id"}}),
        "entries record 1 lacks id",
    ),
    "unknown kind": (
        with_entry(kind="poem"),
        "entries record 1 is invalid: kind must be one of reflection, quiz, journal, not 'poem'",
    ),
    "time without offset": (
        with_entry(created_at="2026-01-01T10:00:00"),
        "entries record 1 is invalid: created_at has no UTC offset",
    ),
    # Every field is checked, not only the ones needed to open the file.
    "id not text": (
        with_entry(id=5),
        "entries record 1 is invalid: id must be text",
    ),
    "id not a uuid": (
        with_entry(id="five"),
        "entries record 1 is invalid: id is not a UUID",
    ),
    "answer null": (
        with_entry(answer=None),
        "entries record 1 is invalid: answer must be text, a number or a list of texts",
    ),
    "tags null": (
        with_entry(tags=None),
        "entries record 1 is invalid: tags must be a list of texts",
    ),
    "tags text": (
        with_entry(tags="abc"),
        "entries record 1 is invalid: tags must be a list of texts",
    ),
    "updated_at not a time": (
        with_entry(updated_at="yesterday"),
        "entries record 1 is invalid: updated_at is not an ISO timestamp",
    ),
    "prompt not text": (
        with_entry(prompt=["a"]),
        "entries record 1 is invalid: prompt must be text",
    ),
    "correct not a flag": (
        with_entry(correct="yes"),
        "entries record 1 is invalid: correct must be true, false or null",
    ),
    "session without lesson": (
        document(sessions={"1": {k: v for k, v in GOOD_SESSION.items() if k != "lesson"}}),
        "sessions record 1 lacks lesson",
    ),
    "session completed_at not a time": (
        with_session(completed_at="soon"),
        "sessions record 1 is invalid: completed_at is not an ISO timestamp",
    ),
    "session step null": (
        with_session(step=None),
        "sessions record 1 is invalid: step must be text",
    ),
    "session extra a list": (
        with_session(extra=[1]),
        "sessions record 1 is invalid: extra must be an object or null",
    ),
    "bad document number": (
        document(entries={"first": GOOD_ENTRY}),
        "entries record first has a key that is not a document number",
    ),
    "bad version": (b'{"schema_version": "2"}', "'schema_version' is '2', not a version number"),
    "invalid utf-8": (b'{"schema_version": 2, "x\xff": {}}', "it is not valid JSON"),
}


@pytest.mark.parametrize("case", list(UNREADABLE))
def test_unreadable_journal_is_reported_and_never_touched(data_dir: Path, case: str) -> None:
    content, problem = UNREADABLE[case]
    journal = journal_with(data_dir, content)
    path = data_dir / "journal.json"
    for attempt in (
        journal.entries.query,
        lambda: journal.entries.add(kind="journal", answer="x"),
        lambda: journal.sessions.start("sample"),
        journal.maintenance.backup,
    ):
        with pytest.raises(JournalError) as caught:
            attempt()
        assert caught.value.message.startswith(f"cannot read the journal {path}: ")
        assert problem in caught.value.message
        assert caught.value.message.endswith("; nothing was changed")
        assert caught.value.hint == f"no backups yet (they would be in {data_dir / 'backups'})"
        assert "\n" not in caught.value.message
    assert files_in(data_dir) == {"journal.json": content, "journal.json.lock": b""}


def test_valid_records_with_every_field_and_fields_we_do_not_know_are_read(
    data_dir: Path,
) -> None:
    full = {**GOOD_ENTRY, "lesson": "sample", "prompt_id": "one-line", "prompt": "One word?"}
    full |= {"tags": ["a"], "session": None, "correct": None, "mood": "kept as it is"}
    journal = journal_with(data_dir, document(entries={"1": full}, sessions={"1": GOOD_SESSION}))
    assert [entry.tags for entry in journal.entries.query()] == [("a",)]
    assert journal.sessions.completed_lessons() == {"sample": GOOD_SESSION["completed_at"]}


@pytest.mark.parametrize(
    ("content", "command"),
    [
        (with_entry(tags=None), ["review", "--search", "kept"]),
        (with_entry(tags="abc"), ["show", "5f0c"]),
        (with_entry(id=5), ["show", "5f0c"]),
        (with_entry(updated_at="not a time"), ["show", "5f0c"]),
        (with_session(completed_at="soon"), ["progress"]),
    ],
)
def test_commands_report_a_bad_field_in_one_line(
    cli: Callable[..., object], data_dir: Path, content: bytes, command: list[str]
) -> None:
    journal_with(data_dir, content)
    result = cli(*command)
    assert result.exit_code == 1  # type: ignore[attr-defined]
    stderr = result.stderr  # type: ignore[attr-defined]
    assert stderr.startswith(f"Error: cannot read the journal {data_dir / 'journal.json'}: ")
    assert " is invalid: " in stderr
    assert stderr.count("\n") == 1
    assert (data_dir / "journal.json").read_bytes() == content


def test_journal_from_a_newer_version_is_refused(data_dir: Path) -> None:
    content = b'{"schema_version": 5, "entries": {}, "notebooks": {}}'
    journal = journal_with(data_dir, content)
    for attempt in (journal.entries.count, lambda: journal.entries.add(kind="journal", answer="x")):
        with pytest.raises(JournalError) as caught:
            attempt()
        assert caught.value.message == (
            f"the journal {data_dir / 'journal.json'} was written by a newer intimacy-cli "
            "(schema 5; this version reads up to 4); nothing was changed"
        )
        assert caught.value.hint == (
            "update intimacy-cli to open it; "
            f"no backups yet (they would be in {data_dir / 'backups'})"
        )
    assert (data_dir / "journal.json").read_bytes() == content


@pytest.mark.parametrize("command", [["data", "backup"], ["data", "backup", "copy.json"]])
def test_cli_reports_an_unreadable_journal_in_one_line(
    cli: Callable[..., object], data_dir: Path, command: list[str]
) -> None:
    journal_with(data_dir, b"\x00\x01 garbage")
    result = cli(*command)
    assert result.exit_code == 1  # type: ignore[attr-defined]
    stderr = result.stderr  # type: ignore[attr-defined]
    assert stderr.count("\n") == 1
    assert str(data_dir / "journal.json") in stderr
    assert str(data_dir / "backups") in stderr
    assert (data_dir / "journal.json").read_bytes() == b"\x00\x01 garbage"


# -- the codec seam ------------------------------------------------------------------


class Reversed:
    """A stand-in for encryption: the file is not JSON without the codec."""

    def encode(self, document: bytes) -> bytes:
        return b"REV1" + document[::-1]

    def decode(self, stored: bytes) -> bytes:
        if not stored.startswith(b"REV1"):
            raise JournalError("not a reversed journal")
        return stored[4:][::-1]


def test_bytes_on_disk_pass_through_the_codec(data_dir: Path) -> None:
    encoded = Journal(data_dir, codec=Reversed())
    entry = encoded.entries.add(kind="journal", answer="secret")
    stored_files = {
        name: data for name, data in files_in(data_dir).items() if name != "journal.json.lock"
    }
    assert len(stored_files) == 3  # the manifest, the entries' table file and the index
    for stored in stored_files.values():
        assert stored.startswith(b"REV1")
        assert b"secret" not in stored
    assert encoded.entries.get(entry.id) == entry
    with pytest.raises(JournalError, match="not valid JSON"):
        Journal(data_dir).entries.count()
    copy = encoded.maintenance.backup(data_dir / "copy")
    assert copy.read_bytes().startswith(b"REV1")  # backups are encoded too
    assert b"secret" not in copy.read_bytes()


def test_write_atomically_leaves_no_temp_file_when_interrupted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "file"
    target.write_bytes(b"old")

    def interrupted(handle: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store_files.write_atomically(target, b"new")
    monkeypatch.undo()
    assert files_in(tmp_path) == {"file": b"old"}


def test_a_journal_that_is_not_a_regular_file_is_refused_without_waiting(data_dir: Path) -> None:
    data_dir.mkdir()
    os.mkfifo(data_dir / "journal.json")  # reading a pipe would wait for a writer forever
    journal = Journal(data_dir)
    for use in (journal.entries.query, lambda: journal.entries.add(kind="journal", answer="x")):
        with pytest.raises(JournalError, match="it is not a regular file"):
            use()


def test_a_linked_journal_is_saved_through_the_link(data_dir: Path, tmp_path: Path) -> None:
    synced = tmp_path / "synced" / "journal.json"
    synced.parent.mkdir()
    data_dir.mkdir()
    (data_dir / "journal.json").symlink_to(synced)
    journal = Journal(data_dir)
    journal.entries.add(kind="journal", answer="first")
    journal.entries.add(kind="journal", answer="second")
    assert (data_dir / "journal.json").is_symlink()
    assert [e.answer for e in Journal(synced.parent).entries.query()] == ["second", "first"]


def test_the_hint_points_to_backups_once_there_are_some(data_dir: Path) -> None:
    journal = Journal(data_dir)
    journal.entries.add(kind="journal", answer="kept")
    journal.maintenance.backup()
    journal.path.write_text("garbage")
    with pytest.raises(JournalError) as caught:
        journal.entries.query()
    assert caught.value.hint == f"earlier copies are in {data_dir / 'backups'}"


def test_a_manifest_read_again_is_what_is_on_disk_now(data_dir: Path) -> None:
    """Reads in one process reuse the manifest last parsed only for the very
    same bytes, each with a copy of its own."""
    journal = Journal(data_dir)
    journal.entries.add(kind="journal", answer="first")
    first = journal.file.storage()
    assert first.manifest is not None
    first.manifest.counts.clear()  # one storage's copy, not the next one's
    assert journal.entries.count() == 1
    journal.entries.add(kind="journal", answer="second")
    manifest = data_dir / "journal.json"
    document = orjson.loads(manifest.read_bytes())
    document["next_id"] = 40
    manifest.write_bytes(orjson.dumps(document))
    month = layout.entries_period(journal.entries.query()[0].created_at)
    assert journal.file.storage().new_ids(1, month) == range(40, 41)
    assert journal.entries.count() == 2
