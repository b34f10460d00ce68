"""The journal's inter-process lock: one writer at a time.

On POSIX systems it is ``flock`` on the lock file, straight from the standard
library (the same lock filelock takes there, so an older intimacy-cli and this
one still exclude each other). The kernel drops it when its holder dies, so a
killed writer never leaves the journal locked, and a lock file left behind
means nothing. Windows has no ``flock``: there filelock does the job.

filelock is not used on POSIX because importing it costs more than everything
else a journal command does before writing (``python -X importtime``).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Between tries while another process holds the lock: short at first (a save
# takes milliseconds), never more than a twentieth of a second.
_FIRST_WAIT, _LONGEST_WAIT = 0.002, 0.05


class LockBusy(TimeoutError):
    """The lock was still held by someone else when the time ran out."""


@contextmanager
def held(path: Path, timeout: float) -> Iterator[None]:
    """Hold the lock on ``path`` (created 0600 if missing) for the block,
    waiting at most ``timeout`` seconds for it; else raise :class:`LockBusy`."""
    if sys.platform == "win32":  # pragma: no cover - not run on this project's CI
        from filelock import FileLock, Timeout

        try:
            with FileLock(path, timeout=timeout, mode=0o600):
                yield
        except Timeout:
            raise LockBusy(str(path)) from None
        return

    import fcntl

    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        deadline, wait = time.monotonic() + timeout, _FIRST_WAIT
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise LockBusy(str(path)) from None
                time.sleep(min(wait, left))
                wait = min(wait * 2, _LONGEST_WAIT)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)
