"""Real processes at once: concurrent writers, a reader during writes, writers
killed with SIGKILL at random moments, and a lock held by someone else."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Barrier, Event
from pathlib import Path

import pytest
from helpers.app import PATIENCE
from helpers.store import stored_document

from intimacy_cli.store import Entry, Journal, JournalError, lock

pytestmark = pytest.mark.slow

# fork: children start in milliseconds with everything already imported.
FORK = multiprocessing.get_context("fork")
WRITERS, EACH = 4, 200
KILLS = 30


def append_entries(data_dir: str, worker: int, start: Barrier) -> None:
    journal = Journal(Path(data_dir), lock_timeout=PATIENCE)
    start.wait()
    for number in range(EACH):
        journal.entries.add(kind="journal", answer=f"{worker}:{number}")


def read_until(data_dir: str, start: Barrier, done: Event, report: Connection) -> None:
    """Count entries over and over while others write, and once more after they
    are done (so at least one count, and the last one sees every entry, however
    the machine schedules us); report every count seen and any error (there
    must be none)."""
    journal = Journal(Path(data_dir))
    start.wait()
    counts, errors = [], []
    while True:
        finished = done.is_set()
        try:
            counts.append(journal.entries.count())
        except Exception as error:
            errors.append(repr(error))
        if finished:
            break
    report.send((counts, errors))


def test_four_writers_at_once_lose_nothing(data_dir: Path) -> None:
    start, done = FORK.Barrier(WRITERS + 1), FORK.Event()
    results, report = FORK.Pipe(duplex=False)
    reader = FORK.Process(target=read_until, args=(str(data_dir), start, done, report))
    writers = [
        FORK.Process(target=append_entries, args=(str(data_dir), worker, start))
        for worker in range(WRITERS)
    ]
    reader.start()
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()  # a hang is caught by pytest-timeout, not by a guess here
    done.set()
    counts, errors = results.recv()
    reader.join()

    assert [writer.exitcode for writer in writers] == [0] * WRITERS
    stored = stored_document(data_dir)
    assert len(stored["entries"]) == WRITERS * EACH
    assert sorted(map(int, stored["entries"])) == list(range(1, WRITERS * EACH + 1))
    answers = {record["answer"] for record in stored["entries"].values()}
    assert answers == {f"{w}:{n}" for w in range(WRITERS) for n in range(EACH)}
    # The reader never saw a half-written file, and never saw entries vanish.
    assert errors == []
    assert counts[-1] == WRITERS * EACH
    assert counts == sorted(counts)


def keep_adding(data_dir: str, report: Connection) -> None:
    """Add entries until killed; an id is reported only after add() returned
    (an acknowledged write)."""
    journal = Journal(Path(data_dir))
    for number in range(10**6):
        report.send(journal.entries.add(kind="journal", answer=f"entry {number}").id)


def test_writers_killed_at_random_moments_never_lose_a_saved_entry(data_dir: Path) -> None:
    # Long entries make writing the file a large part of each add, so kills
    # often land mid-write.
    seed = Journal(data_dir)
    seed.entries.add_all(
        Entry(
            id=f"00000000-0000-4000-8000-{number:012d}",
            kind="journal",
            answer="padding " * 1000,
            created_at="2026-01-01T00:00:00+00:00",
            updated_at="2026-01-01T00:00:00+00:00",
        )
        for number in range(250)
    )
    rng = random.Random(4)
    saved: list[str] = []
    for _ in range(KILLS):
        results, report = FORK.Pipe(duplex=False)
        writer = FORK.Process(target=keep_adding, args=(str(data_dir), report))
        writer.start()
        report.close()
        # Wait for the first acknowledged write, however slow the machine: each
        # kill then lands on a writer that is busy adding, after a random pause
        # that only varies where in an add the kill lands (nothing is asserted
        # about how many adds fit in it).
        saved.append(results.recv())
        time.sleep(rng.uniform(0.0, 0.1))
        assert writer.pid is not None
        os.kill(writer.pid, signal.SIGKILL)
        writer.join()
        while True:
            try:
                saved.append(results.recv())
            except EOFError:  # every acknowledgement sent before the kill is read
                break
        results.close()
        present = {entry.id for entry in Journal(data_dir).entries.query()}  # always opens
        assert set(saved) <= present  # every acknowledged write survived
    assert len(set(saved)) == len(saved) >= KILLS  # by construction: one per writer

    Journal(data_dir).entries.add(kind="journal", answer="after the storm")
    assert not list(data_dir.glob(".journal.json.*.tmp"))  # leftovers cleaned up


def hold_lock(lock_path: str, held: Event, release: Event) -> None:
    with lock.held(Path(lock_path), timeout=0):
        held.set()
        release.wait(PATIENCE)


def test_a_busy_journal_gives_a_clear_error_instead_of_hanging(data_dir: Path) -> None:
    journal = Journal(data_dir, lock_timeout=0.3)
    journal.entries.add(kind="journal", answer="kept")
    before = journal.path.read_bytes()
    held, release = FORK.Event(), FORK.Event()
    holder = FORK.Process(target=hold_lock, args=(str(journal.paths.lock), held, release))
    holder.start()
    try:
        assert held.wait(PATIENCE)
        with pytest.raises(JournalError) as caught:
            journal.entries.add(kind="journal", answer="waits, then gives up")
        assert [entry.answer for entry in journal.entries.query()] == ["kept"]  # reads need no lock
    finally:
        release.set()
        holder.join()
    assert caught.value.message == (
        f"the journal at {journal.path} is busy (another intimacy command is using it); "
        "nothing was changed"
    )
    assert journal.path.read_bytes() == before
    journal.entries.add(kind="journal", answer="works once the lock is free")
    assert journal.entries.count() == 2


def test_backups_into_the_backups_folder_wait_for_the_lock(data_dir: Path, tmp_path: Path) -> None:
    """A backup taken while `data encrypt` holds the lock could copy the journal
    before conversion and drop plaintext beside the encrypted backups."""
    journal = Journal(data_dir, lock_timeout=0.3)
    journal.entries.add(kind="journal", answer="kept")
    held, release = FORK.Event(), FORK.Event()
    holder = FORK.Process(target=hold_lock, args=(str(journal.paths.lock), held, release))
    holder.start()
    try:
        assert held.wait(PATIENCE)
        with pytest.raises(JournalError, match="is busy"):
            journal.maintenance.backup()
        assert not journal.paths.backups.exists()
        assert (
            journal.maintenance.backup(tmp_path).parent == tmp_path
        )  # a copy elsewhere needs no lock
    finally:
        release.set()
        holder.join()
    assert journal.maintenance.backup().parent == journal.paths.backups
