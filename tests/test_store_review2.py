"""Second review of the storage changes since ad6f4fc (one_write, the index's
``unread`` periods, ids held twice, derived files left out of snapshots and
conversions). Each test pins one broken promise; its docstring says what is
wrong (as observed) and what should happen."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

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

from intimacy_cli.store import Journal, JournalError, id_index, storage


def held_twice_journal(data_dir: Path, clock: Clock, entry_id: str) -> Journal:
    """A journal from before the index holding ``entry_id`` in two periods
    (and one other entry), migrated, so its index names it ``"*"``."""
    older = {**record(1, START), "id": entry_id}
    newer = {**record(2, START + timedelta(days=60)), "id": entry_id, "answer": "again"}
    other = record(3, START + timedelta(days=30))
    entries = {"1": older, "2": newer, "3": other}
    write_document(data_dir, {"schema_version": 3, "entries": entries, "sessions": {}})
    journal = Journal(data_dir, clock=clock)
    journal.sessions.start("sample")  # migrates, and makes the index
    assert (stored_index(data_dir) or {}).get(entry_id) == id_index.HELD_TWICE
    return journal


def test_an_id_once_held_twice_is_imported_again_after_both_copies_are_deleted(
    data_dir: Path, clock: Clock
) -> None:
    """An id two periods held is indexed ``"*"``, and ``changed_bucket``
    never drops a ``"*"`` (deleting a copy keeps it, rightly while the other
    copy exists). After both copies are deleted the journal holds no entry
    with that id, but the index still says ``"*"``, and ``_Held.anywhere``
    answers True for ``"*"`` without looking: importing the entry back (from
    an export made before, the way to undo a delete) adds nothing; observed
    ``add_all`` returns ``[]`` and the import reports it "already in the
    journal". The entry the person asked back is silently not saved.

    Should: ``"*"`` is a hint to search, not proof: ``anywhere`` checks every
    period for it (and a write that removes the last copies drops it, or the
    index is made anew when a lookup finds the id in fewer than two periods),
    so the entry is added."""
    entry_id = "abcdef01-0000-4000-8000-000000000001"
    journal = held_twice_journal(data_dir, clock, entry_id)
    exported = journal.entries.get(entry_id)  # the newer copy, as an export holds it
    journal.entries.delete([entry_id])  # the newer copy
    journal.entries.delete([entry_id])  # the older one
    assert all(entry.id != entry_id for entry in journal.entries.query())
    assert journal.entries.add_all([exported]) == [exported]
    assert journal.entries.get(entry_id).answer == "again"


@pytest.fixture
def months(data_dir: Path, clock: Clock) -> Journal:
    return six_months(data_dir, clock)


def failing_commit(monkeypatch: pytest.MonkeyPatch, number: int) -> list[str]:
    """Make the ``number``-th replacement of the manifest (a commit) from now
    on fail as a full disk would (that one only); returns the names of the
    files written."""
    written: list[str] = []
    real = storage.write_atomically

    def failing(path: Path, *args: Any, **options: Any) -> Any:
        written.append(path.name)
        if path.name == "journal.json" and written.count("journal.json") == number:
            raise OSError(28, "No space left on device")
        return real(path, *args, **options)

    monkeypatch.setattr(storage, "write_atomically", failing)
    return written


def test_deleting_entries_of_two_periods_is_all_or_none(
    data_dir: Path, months: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(Fixed: every locked write is saved by one commit.) ``Entries.delete``
    promises "all or none", but removes each period's
    entries with its own TinyDB ``remove``, and outside ``one_write`` each
    of them is a commit of its own: a failure at the second commit (a full
    disk, here) leaves the first period's entry deleted and the second's
    kept. Observed: the delete raises "the journal ... was saved, but then
    something failed", and the journal holds 59 entries, one of the two gone.
    A kill between the two commits does the same.

    Should: the removals of every period saved as one write
    (``storage.one_write()`` around them: now around every locked write): the
    failure leaves both entries in the journal."""
    first, second = record(1, START)["id"], record(40, START)["id"]
    index = index_as_tables_say(data_dir)
    assert index[first] != index[second]  # in two periods
    failing_commit(monkeypatch, 1)
    with pytest.raises(JournalError):
        months.entries.delete([first, second])
    after = Journal(data_dir, clock=months.file.clock)
    kept = {entry.id for entry in after.entries.query()}
    assert {first, second} <= kept, f"{len(kept)} entries left, one of the two deleted"
    monkeypatch.undo()
    written = failing_commit(monkeypatch, 0)  # none fails: count the commits
    months.entries.delete([first, second])
    assert written.count("journal.json") == 1  # one commit: no moment holds half of it


def ignored_signals(status: str) -> set[int]:
    """The signals a ``/proc/PID/status`` text says its process ignores."""
    (line,) = [line for line in status.splitlines() if line.startswith("SigIgn:")]
    mask = int(line.split()[1], 16)
    return {number for number in range(1, 65) if mask >> (number - 1) & 1}


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc (Linux)")
def test_the_editor_starts_with_sigpipe_as_the_system_sets_it(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Python ignores SIGPIPE (and SIGXFSZ) in its own process; ``subprocess``
    gives a child the default back (``restore_signals=True``), but the new
    ``_exit_status`` starts the editor with ``os.posix_spawnp`` and no
    ``setsigdef``, so the editor, and every program it runs (a shell filter,
    a pipe in a wrapper script, ``:r !cmd | head``), inherits SIGPIPE
    ignored: ``yes | head -1`` in an editor's script no longer ends quietly
    but fails ("yes: standard output: Broken pipe"), and a program that
    ignores write errors never ends. Observed: the editor's ``SigIgn``
    holds SIGPIPE (13) and SIGXFSZ (25); under ``subprocess.run`` it held
    neither.

    Should: the editor starts with the signals the app ignores for itself
    back at their default (``setsigdef=(SIGPIPE, SIGXFSZ, ...)`` to
    ``posix_spawnp``, as ``subprocess`` restores them)."""
    import signal

    from intimacy_cli.ui import editor

    # The editor: a shell that writes what its own process ignores into the draft.
    monkeypatch.setenv("VISUAL", "sh -c 'cat /proc/$$/status > \"$0\"'")
    status = editor.edit_text(journal, "")
    ignored = ignored_signals(status)
    assert not ignored & {signal.SIGPIPE, signal.SIGXFSZ}, sorted(ignored)
