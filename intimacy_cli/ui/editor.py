"""Writing in the person's own text editor (``journal --editor``, ``edit --editor``).

This is the only place the app puts a person's words in a file outside the
journal, so it is also where that is refused for an encrypted journal: an
editor may keep swap, backup or undo files of its own, out of the app's
reach, so no private temporary folder could promise that the words never
touch the disk unencrypted.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from intimacy_cli.base import messages
from intimacy_cli.base.errors import IntimacyError
from intimacy_cli.ui import console
from intimacy_cli.ui.text_input import read_text

if TYPE_CHECKING:
    from intimacy_cli.base.paths import DataPaths
    from intimacy_cli.store import Journal

# Tried in order when neither $VISUAL nor $EDITOR is set.
FALLBACK_EDITORS = ("nano", "vi")

# A draft lives in <temp folder>/intimacy-draft-<pid>-<random>/, noted in the
# data folder's open-drafts/ under the same name while it is open: the pid says
# which run owns it, so a later run can remove the drafts of runs that were
# killed before they could clean up (see remove_stale_drafts).
DRAFT_PREFIX = "intimacy-draft-"
DRAFT_FILE = "intimacy-entry.md"
# Bytes read of a note: a path (PATH_MAX is 4096 on Linux); a longer one is
# cut, so it names no draft.
_LONGEST_NOTE = 4096
# ASCII digits and mkdtemp's letters only: int() reads any script's digits.
_DRAFT_FOLDER = re.compile(re.escape(DRAFT_PREFIX) + r"([0-9]+)-[a-z0-9_]+")


def editor_command() -> list[str]:
    """``$VISUAL``, then ``$EDITOR`` (split like a shell would), then a common editor."""
    import shlex  # only to edit: other commands import this module for remove_stale_drafts

    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            try:
                return shlex.split(value)
            except ValueError as exc:
                raise IntimacyError(f"cannot read ${variable} '{value}': {exc}") from None
    for name in FALLBACK_EDITORS:
        if shutil.which(name):
            return [name]
    raise IntimacyError("no text editor found", hint="set $EDITOR, for example: export EDITOR=nano")


def edit_text(journal: Journal, initial: str = "") -> str:
    """Open a private file holding ``initial`` in the editor and return what was
    saved, to be kept in ``journal``; refused when that journal is encrypted.

    The file lives in a fresh folder only this user can enter (0700, the file
    0600) and both are removed afterwards, whatever happened: an error, Ctrl-C,
    or SIGTERM/SIGHUP (which the CLI turns into an exception that unwinds this
    ``finally``). Only a kill that runs no code (SIGKILL, a power cut) leaves
    them, for :func:`remove_stale_drafts` to remove on a later run.
    """
    if journal.encrypted:
        raise IntimacyError(
            "--editor is not available while your journal is encrypted: the editor "
            "would keep your words in an unencrypted file",
            hint="leave out --editor to type in the terminal, or pipe the text in",
        )
    import tempfile  # only to edit: other commands import this module for remove_stale_drafts

    command = editor_command()
    folder = Path(tempfile.mkdtemp(prefix=f"{DRAFT_PREFIX}{os.getpid()}-"))
    note = journal.paths.open_drafts / folder.name
    try:
        _note(note, folder)
        path = folder / DRAFT_FILE
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(initial)
        _run_editor(command, path)
        return read_text(str(path))
    finally:
        _remove(folder)
        with suppress(OSError):
            note.unlink(missing_ok=True)


def _note(note: Path, folder: Path) -> None:
    """Note an open draft's folder, for :func:`remove_stale_drafts`. A data
    folder that cannot take the note still gets the draft: the note only
    matters if this run is killed outright."""
    from intimacy_cli.store.files import make_private_dir, write_atomically

    with suppress(OSError):
        make_private_dir(note.parent)
        write_atomically(note, os.fsencode(folder))


def _run_editor(command: list[str], path: Path) -> None:
    try:
        status = _exit_status([*command, str(path)])
    except OSError as exc:
        raise IntimacyError(
            f"cannot start editor '{command[0]}': {exc.strerror or exc}", hint="check $EDITOR"
        ) from None
    if status != 0:
        raise IntimacyError(
            f"editor '{command[0]}' exited with status {status}; " + messages.NOTHING_SAVED
        )


def _exit_status(argv: list[str]) -> int:
    """Run ``argv`` to its end, and its exit status (minus the signal that
    ended it, if one did). A signal that stops the app while it runs (Ctrl-C,
    SIGTERM, SIGHUP: see the CLI) stops the editor too: it must never go on
    holding the terminal, and the draft, after the app has gone. Those
    signals are held back while it starts, because ``subprocess`` raising
    between starting a process and handing it back loses the process."""
    if not hasattr(os, "posix_spawnp"):  # Windows: none of those signals to hold back
        return subprocess.run(argv, check=False).returncode
    import signal

    stopping = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    before = signal.pthread_sigmask(signal.SIG_BLOCK, stopping)
    pid = None
    try:
        try:
            # With the signals Python ignores for itself back at their default,
            # as subprocess gives them back: the editor's pipes must break as usual.
            restored = [getattr(signal, name) for name in ("SIGPIPE", "SIGXFSZ")]
            pid = os.posix_spawnp(argv[0], argv, os.environ, setsigmask=before, setsigdef=restored)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, before)  # a signal held back lands now
        return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    except BaseException:
        if pid is not None:
            with suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
        raise


def _remove(folder: Path) -> None:
    try:
        shutil.rmtree(folder)
    except OSError:
        console.note(f"Warning: could not remove the temporary folder {folder}; please delete it.")


def remove_stale_drafts(paths: DataPaths) -> None:
    """Remove the draft folders that runs now gone left behind (killed before
    their own clean-up could run), so a person's words do not stay in the
    temporary folder for good.

    Only drafts noted in ``paths.open_drafts`` (so, most of the time, one
    look at a folder that does not exist), whose folder is named as
    :func:`edit_text` names them, is in the temporary folder (as this run
    finds it: a draft made under another ``TMPDIR`` waits for a run that
    has it), is a folder owned by this user, and whose run is no longer
    alive. A run still going keeps its draft. Skipped on Windows, where there
    is no harmless way to ask whether a process lives (``os.kill`` would end
    it).
    """
    if os.name == "nt":
        return
    try:
        notes = list(os.scandir(paths.open_drafts))
    except OSError:
        return
    for note in notes:
        match = _DRAFT_FOLDER.fullmatch(note.name)
        if match is None or not note.is_file(follow_symlinks=False):
            continue
        if int(match[1]) == os.getpid() or _alive(int(match[1])):
            continue
        try:
            with open(note.path, "rb") as file:
                folder = Path(os.fsdecode(file.read(_LONGEST_NOTE)))
            info = folder.lstat()
        except FileNotFoundError:  # removed already, or never made
            info = None
        except (OSError, ValueError):
            continue
        if info is not None:
            if not _is_draft(folder, note.name) or not stat.S_ISDIR(info.st_mode):
                continue  # not a draft this app made: left alone, and so is its note
            if info.st_uid != os.getuid():
                continue
            shutil.rmtree(folder, ignore_errors=True)
        with suppress(OSError):
            os.unlink(note.path)


def _is_draft(folder: Path, name: str) -> bool:
    """Whether a note's ``folder`` is where :func:`edit_text` makes a draft of
    that name: directly in the temporary folder, never anywhere else."""
    import tempfile  # only for a note a run killed outright left

    return folder.name == name and folder.parent == Path(tempfile.gettempdir())


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists (signal 0 checks without sending
    anything); a number no process can have (a damaged note) counts as alive,
    so its draft is left alone."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # e.g. it belongs to someone else; or no pid
        return True
    return True
