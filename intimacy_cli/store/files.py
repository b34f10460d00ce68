"""Writing private files so that a crash, a kill or a full disk never leaves half
of one: the old file stays whole until the new one is completely on disk."""

from __future__ import annotations

import errno
import os
import shutil
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from functools import partial
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
    """Create ``folder`` and any missing parents if needed, each one 0700
    whatever the umask (``mkdir -p`` would give parents the umask's mode, which
    under ``umask 000`` lets anyone add or swap files). An existing folder is
    left as it is: its owner chose its permissions."""
    missing: list[Path] = []
    current = folder
    while not os.path.lexists(current) and current.parent != current:
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:
            continue  # made meanwhile by another process: not ours to change
        # mkdir's mode passes through the umask; a strict umask must not lock us out.
        os.chmod(path, PRIVATE_DIR)


def write_atomically(path: Path, data: bytes, *, noted: bool = True) -> None:
    """Replace ``path`` with ``data``, readable by its owner only (0600).
    ``noted=False``: a new file nothing reads until a later write names it
    (a journal's table file), so it is not reported as a replaced file.

    The bytes go to a temporary file in the same folder, are flushed to disk,
    and only then renamed over ``path``; where the platform allows it, the
    folder is synced too, so the rename itself survives a power cut.

    An ``OSError`` from here always means ``path`` is untouched (and the
    temporary file removed): once the rename is done, nothing raises any more,
    so no caller can report a finished save as "nothing was changed".
    """
    with writing_atomically(path, noted=noted) as write:
        write(data)


@contextmanager
def writing_atomically(path: Path, *, noted: bool = True) -> Iterator[Callable[[bytes], None]]:
    """:func:`write_atomically` for data made piece by piece (an export too big
    to hold whole): the block writes each piece with the function it is
    given, into the temporary file, and ``path`` is replaced only when the
    block ends without an error; after one, ``path`` is untouched."""
    import tempfile  # only to write: reading the journal needs none of it

    # mkstemp creates the file 0600, and os.replace keeps that mode.
    handle, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX
    )
    try:
        try:
            yield partial(_write_all, handle)
            os.fsync(handle)
        finally:
            os.close(handle)
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise
    replaced = _replaced.get()
    if replaced is not None and noted:
        replaced.append(path)
    _sync_folder(path.parent)


@contextmanager
def making_folder_atomically(path: Path) -> Iterator[Path]:
    """A new folder at ``path`` (0700), filled by the block in a temporary
    folder beside it (given to the block), flushed, and renamed into place only
    when the block ends without an error: a kill or a failure half-way leaves
    no folder at ``path``, only a temporary one that :func:`remove_leftovers`
    deletes. ``path`` must not exist yet."""
    import tempfile

    temporary = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX))
    try:
        yield temporary
        _sync_folder(temporary)
        os.rename(temporary, path)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    replaced = _replaced.get()
    if replaced is not None:
        replaced.append(path)
    _sync_folder(path.parent)


def write_new(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file (0600) and flush it, for a folder being
    made by :func:`making_folder_atomically` (its rename is the commit)."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        _write_all(handle, data)
        os.fsync(handle)
    finally:
        os.close(handle)


def read_regular(path: Path, limit: int = -1) -> bytes:
    """The bytes of the regular file at ``path`` (a link to one is followed),
    or its first ``limit`` bytes. Anything else, such as a pipe planted in a
    backup (which would block for ever) or a link to a device (``/dev/zero``
    never ends), raises an ``OSError`` instead of being read; opening never
    waits for a writer."""
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise OSError(errno.EINVAL, "it is not a regular file", str(path))
        with os.fdopen(handle, "rb", closefd=False) as file:
            return file.read(limit)
    finally:
        os.close(handle)


def hard_link(source: Path, link: Path) -> bool:
    """Hard-link the regular file ``source`` as ``link``; ``False`` where that
    cannot be done (a file system without hard links, no such file, or not a
    regular file: a symbolic link planted there is never carried over), so
    the caller copies it instead."""
    try:
        if not stat.S_ISREG(os.lstat(source).st_mode):
            return False
        os.link(source, link, follow_symlinks=False)
    except OSError:
        return False
    return True


def remove_folder(path: Path) -> None:
    """Delete the folder ``path`` and what it holds, so that a kill half-way
    never leaves a part of it under its name: it is first renamed to a
    temporary name that :func:`remove_leftovers` deletes. Only under the lock
    of whatever writes in it."""
    hidden = path.with_name(f".{path.name}.removing{TEMP_SUFFIX}")
    try:
        os.rename(path, hidden)
    except FileNotFoundError:
        return
    _sync_folder(path.parent)
    shutil.rmtree(hidden, ignore_errors=True)


_replaced: ContextVar[list[Path] | None] = ContextVar("replaced", default=None)


@contextmanager
def noting_replacements() -> Iterator[list[Path]]:
    """Collect every file :func:`write_atomically` replaces inside the block, so
    an operation that writes several files (backups, then the journal) and
    fails half-way can say what was already written."""
    replaced: list[Path] = []
    token = _replaced.set(replaced)
    try:
        yield replaced
    finally:
        _replaced.reset(token)


def replace_synced(source: Path, target: Path) -> None:
    """Rename ``source`` over ``target`` (one folder) and make the rename durable."""
    os.replace(source, target)
    _sync_folder(target.parent)


def remove_synced(path: Path) -> None:
    """Delete ``path`` if it is there, durably."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        return
    _sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Make the renames already done in ``folder`` survive a power cut (best effort)."""
    _sync_folder(folder)


def remove_leftovers(folder: Path, name: str) -> None:
    """Delete temporary files (and folders) that killed writers of
    ``folder/name`` (a glob, such as ``journal-*``) left behind. Only call this
    while holding the lock that every such writer takes."""
    try:
        found = [entry.name for entry in os.scandir(folder)]
    except OSError:  # no folder (yet), or not one we may list: nothing to clean
        return
    pattern = f".{name}.*{TEMP_SUFFIX}"
    for file_name in found:
        # Run on every save, and a leftover is rare: the cheap test comes first,
        # so the pattern is compiled only for a name that may match it.
        if file_name.startswith(".") and file_name.endswith(TEMP_SUFFIX):
            from fnmatch import fnmatchcase

            if fnmatchcase(file_name, pattern):
                leftover = folder / file_name
                if leftover.is_dir() and not leftover.is_symlink():
                    shutil.rmtree(leftover, ignore_errors=True)
                else:
                    leftover.unlink(missing_ok=True)


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view) :]


def folder_sync_supported() -> bool:
    """Whether this platform can open a folder to sync it. Windows cannot
    (there is no ``O_DIRECTORY``, and opening a folder is refused): there a
    rename is as durable as the file system makes it."""
    return os.name != "nt" and hasattr(os, "O_DIRECTORY")


def _sync_folder(folder: Path) -> None:
    """Make a finished rename in ``folder`` survive a power cut, if possible.

    Best effort by design: it runs after the new file is complete, flushed and
    in place, so a failure here (a file system that cannot sync folders, a
    folder we may write but not open) changes nothing about what was saved.
    """
    if not folder_sync_supported():
        return
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        with suppress(OSError):
            os.fsync(handle)
    finally:
        os.close(handle)
