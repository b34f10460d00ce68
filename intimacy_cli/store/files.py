"""Writing private files so that a crash, a kill or a full disk never leaves half
of one: the old file stays whole until the new one is completely on disk."""

from __future__ import annotations

import errno
import os
import tempfile
from contextlib import suppress
from pathlib import Path

PRIVATE_DIR = 0o700
TEMP_SUFFIX = ".tmp"

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the folder is on a read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENOENT: "no such file or folder",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder, not a file",
}


def describe(error: OSError) -> str:
    """A short, one-line reason for an operating-system error."""
    if error.errno in _REASONS:
        return _REASONS[error.errno]
    return (error.strerror or str(error)).splitlines()[0]


def make_private_dir(folder: Path) -> None:
    """Create ``folder`` (and missing parents) if needed; the folder itself is
    0700. An existing folder is left as it is: its owner chose its permissions."""
    try:
        folder.mkdir(mode=PRIVATE_DIR, parents=True)
    except FileExistsError:
        return
    # mkdir's mode passes through the umask; a strict umask must not lock us out.
    os.chmod(folder, PRIVATE_DIR)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``, readable by its owner only (0600).

    The bytes go to a temporary file in the same folder, are flushed to disk,
    and only then renamed over ``path``; the folder is synced so the rename
    itself survives a power cut. On any error the temporary file is removed,
    the old file is untouched, and the ``OSError`` propagates.
    """
    # mkstemp creates the file 0600, and os.replace keeps that mode.
    handle, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX
    )
    try:
        try:
            _write_all(handle, data)
            os.fsync(handle)
        finally:
            os.close(handle)
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(path.parent)


def remove_leftovers(folder: Path, name: str) -> None:
    """Delete temporary files that killed writers of ``folder/name`` (a glob,
    such as ``journal-*``) left behind. Only call this while holding the lock
    that every such writer takes."""
    for leftover in folder.glob(f".{name}.*{TEMP_SUFFIX}"):
        leftover.unlink(missing_ok=True)


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view) :]


def _sync_folder(folder: Path) -> None:
    handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(handle)
    except OSError as error:
        # Some file systems cannot sync a folder; the rename is done either way.
        if error.errno != errno.EINVAL:
            raise
    finally:
        os.close(handle)
