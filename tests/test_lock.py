"""The journal's lock (store/lock.py): exclusive across processes, bounded
waiting, private, and released by the kernel when its holder dies."""

from __future__ import annotations

import multiprocessing
import os
import signal
import stat
from multiprocessing.synchronize import Event
from pathlib import Path

import pytest
from helpers.app import PATIENCE

from intimacy_cli.store.lock import LockBusy, held

FORK = multiprocessing.get_context("fork")


def hold(path: str, taken: Event) -> None:
    with held(Path(path), timeout=PATIENCE):
        taken.set()
        signal.pause()  # until killed


def test_a_held_lock_makes_others_wait_and_give_up(tmp_path: Path) -> None:
    lock = tmp_path / "journal.json.lock"
    taken = FORK.Event()
    holder = FORK.Process(target=hold, args=(str(lock), taken))
    holder.start()
    try:
        assert taken.wait(PATIENCE)
        with pytest.raises(LockBusy), held(lock, timeout=0.05):
            pass
    finally:
        assert holder.pid is not None
        os.kill(holder.pid, signal.SIGKILL)  # no clean-up runs in the holder
        holder.join(PATIENCE)
    with held(lock, timeout=PATIENCE):  # the kernel released it with the process
        pass


def test_the_lock_is_not_taken_twice_in_one_process(tmp_path: Path) -> None:
    """Each holder has its own open file, so even a second holder in the same
    process waits (the store never nests its locked blocks)."""
    lock = tmp_path / "journal.json.lock"
    with held(lock, timeout=0), pytest.raises(LockBusy), held(lock, timeout=0):
        pass
    with held(lock, timeout=0):  # free again once the block ended
        pass


def test_the_lock_file_is_private(tmp_path: Path) -> None:
    lock = tmp_path / "journal.json.lock"
    old = os.umask(0)
    try:
        with held(lock, timeout=0):
            pass
    finally:
        os.umask(old)
    assert stat.S_IMODE(lock.stat().st_mode) == 0o600
