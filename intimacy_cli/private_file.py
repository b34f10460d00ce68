"""Writing a file that only its owner can read, so a crash never leaves half of it.

Used for exports, which hold the same private words as the journal.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from intimacy_cli.errors import IntimacyError


def write_private(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically; the file is 0600 afterwards.

    The bytes go to a temporary file beside it (created 0600), reach the disk,
    and only then take the file's place, so readers see the old file or the
    whole new one, never a part.
    """
    try:
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as exc:
        raise IntimacyError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        _discard(temporary)
        raise IntimacyError(f"cannot write {path}: {exc.strerror}") from None
    except BaseException:  # Ctrl-C while writing: leave no stray temporary file
        _discard(temporary)
        raise
    _sync_folder(path.parent)


def _discard(temporary: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temporary)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); not possible everywhere, e.g. Windows."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
