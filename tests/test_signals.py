"""SIGTERM and SIGHUP end the app as Ctrl-C does, and no editor draft outlives
its run: removed on the way out, or by a later run if the first was killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.app import PATIENCE, run_subprocess

from intimacy_cli import cli as cli_module
from intimacy_cli.base.paths import DataPaths
from intimacy_cli.store import Journal
from intimacy_cli.ui.editor import DRAFT_FILE, DRAFT_PREFIX

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX signals")

# An editor that says which file it was given, then waits to be stopped (for
# longer than any test waits: it must not finish on its own first).
SLOW_EDITOR = f"""#!/bin/sh
printf '%s' "$1" > "$EDITOR_SAW"
exec sleep {3 * PATIENCE}
"""


@pytest.fixture
def editor_running(
    tmp_path: Path, temp_dir: Path, data_dir: Path
) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """``intimacy journal --editor`` with the editor open; yields the process and
    the draft file the editor was given. A journal entry is saved beforehand."""
    Journal(data_dir).entries.add(kind="journal", answer="saved before")
    script = tmp_path / "slow-editor"
    script.write_text(SLOW_EDITOR)
    script.chmod(0o700)
    saw = tmp_path / "editor-saw"
    env = {**os.environ, "EDITOR": str(script), "EDITOR_SAW": str(saw)}
    process = subprocess.Popen(
        [sys.executable, "-m", "intimacy_cli", "journal", "--editor"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + PATIENCE  # only a hang gets there
        while not (saw.exists() and saw.read_text()):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the editor never started"
            time.sleep(0.02)
        yield process, Path(saw.read_text())
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


@pytest.mark.parametrize(
    ("signal_number", "status"),
    [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)],
    ids=["SIGTERM", "SIGHUP", "SIGINT"],
)
def test_a_signal_removes_the_draft_and_keeps_what_was_saved(
    editor_running: tuple[subprocess.Popen[str], Path],
    data_dir: Path,
    temp_dir: Path,
    signal_number: int,
    status: int,
) -> None:
    process, draft = editor_running
    assert draft.parent.parent == temp_dir
    assert draft.parent.name.startswith(f"{DRAFT_PREFIX}{process.pid}-")
    assert draft.exists()
    note = DataPaths(data_dir).open_drafts / draft.parent.name  # for a later run, if killed
    assert note.read_text() == str(draft.parent)
    process.send_signal(signal_number)
    _, stderr = process.communicate(timeout=PATIENCE)
    assert process.returncode == status, stderr
    assert "Stopped. Anything you already saved is kept." in stderr
    assert "Traceback" not in stderr
    assert not draft.parent.exists()
    assert list(temp_dir.iterdir()) == []
    assert not note.exists()
    assert [entry.answer for entry in Journal(data_dir).entries.query()] == ["saved before"]


def dead_pid() -> int:
    """The pid of a process that has already ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def draft_folder(temp_dir: Path, data_dir: Path, pid: int, suffix: str = "k1ll3d00") -> Path:
    """A draft as a run with ``pid`` left it: its folder, and its note."""
    folder = temp_dir / f"{DRAFT_PREFIX}{pid}-{suffix}"
    folder.mkdir(mode=0o700)
    (folder / DRAFT_FILE).write_text("words that must not stay behind")
    note(data_dir, folder.name, str(folder))
    return folder


def note(data_dir: Path, name: str, text: str) -> Path:
    notes = DataPaths(data_dir).open_drafts
    notes.mkdir(mode=0o700, parents=True, exist_ok=True)
    (notes / name).write_text(text)
    return notes / name


def test_a_killed_runs_draft_is_removed_by_the_next_run(temp_dir: Path, data_dir: Path) -> None:
    stale = draft_folder(temp_dir, data_dir, dead_pid())
    live = draft_folder(temp_dir, data_dir, os.getpid())  # a run still going keeps its draft
    unrelated = temp_dir / "intimacy-draft-notes"  # not named as we name drafts
    unrelated.mkdir()
    result = run_subprocess(["review"])
    assert result.returncode == 0, result.stderr
    assert not stale.exists()
    assert not (DataPaths(data_dir).open_drafts / stale.name).exists()
    assert (live / DRAFT_FILE).exists()
    assert (DataPaths(data_dir).open_drafts / live.name).exists()
    assert unrelated.exists()


def test_a_note_that_names_no_draft_removes_nothing(
    tmp_path: Path, temp_dir: Path, data_dir: Path
) -> None:
    """Only a folder named as the note is named, and a folder, is removed;
    a note whose draft is gone already is removed; a crafted note is no
    reason to touch anything else, nor to read a huge file."""
    pid = dead_pid()
    elsewhere = tmp_path / "keep"
    elsewhere.mkdir()
    (elsewhere / "file").write_text("kept")
    a_file = temp_dir / f"{DRAFT_PREFIX}{pid}-afile"
    a_file.write_text("kept")
    crafted = [
        note(data_dir, f"{DRAFT_PREFIX}{pid}-other", str(elsewhere)),
        note(data_dir, a_file.name, str(a_file)),
        note(data_dir, f"{DRAFT_PREFIX}{pid}-huge", "x" * 1_000_000),
        note(data_dir, "notes-of-mine", str(elsewhere)),
    ]
    gone = note(data_dir, f"{DRAFT_PREFIX}{pid}-gone", str(temp_dir / f"{DRAFT_PREFIX}{pid}-gone"))
    result = run_subprocess(["review"])
    assert result.returncode == 0, result.stderr
    assert (elsewhere / "file").read_text() == "kept" and a_file.read_text() == "kept"
    assert all(path.exists() for path in crafted)
    assert not gone.exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="needs to chown")
def test_another_users_draft_is_never_touched(temp_dir: Path, data_dir: Path) -> None:
    theirs = draft_folder(temp_dir, data_dir, dead_pid())
    os.chown(theirs, 65534, 65534)
    assert run_subprocess(["review"]).returncode == 0
    assert theirs.exists()


def test_a_signal_ignored_on_purpose_stays_ignored() -> None:
    """Under ``nohup`` SIGHUP is ignored: closing the terminal must not stop the app."""
    before = {number: signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGHUP)}
    try:
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        cli_module._end_on_signals()
        assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
        assert callable(signal.getsignal(signal.SIGTERM))
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


def test_a_note_with_a_pid_no_process_can_have_is_no_crash(temp_dir: Path, data_dir: Path) -> None:
    """A note named with a pid beyond any pid_t (damaged, or crafted) must not
    make every command fail: os.kill raises OverflowError, not OSError."""
    for pid in (2**31, 10**30):
        draft_folder(temp_dir, data_dir, pid)
    result = run_subprocess(["review"])
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_a_note_naming_a_folder_outside_the_temporary_folder_removes_nothing(
    tmp_path: Path, temp_dir: Path, data_dir: Path
) -> None:
    """Drafts are only ever made in the temporary folder: a crafted note that
    names a folder elsewhere (or, relative, in whatever folder the command is
    run from) under a draft's name must not make a command delete it."""
    pid = dead_pid()
    elsewhere = tmp_path / "Documents" / f"{DRAFT_PREFIX}{pid}-mine"
    elsewhere.mkdir(parents=True)
    (elsewhere / "letters.txt").write_text("kept")
    note(data_dir, elsewhere.name, str(elsewhere))
    here = tmp_path / "work"
    (here / f"{DRAFT_PREFIX}{pid}-here").mkdir(parents=True)
    (here / f"{DRAFT_PREFIX}{pid}-here" / "file").write_text("kept")
    note(data_dir, f"{DRAFT_PREFIX}{pid}-here", f"{DRAFT_PREFIX}{pid}-here")
    result = run_subprocess(["review"], cwd=here)
    assert result.returncode == 0, result.stderr
    assert (elsewhere / "letters.txt").read_text() == "kept"
    assert (here / f"{DRAFT_PREFIX}{pid}-here" / "file").read_text() == "kept"


def test_a_signal_as_the_editor_starts_stops_the_editor_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM landing just as the editor has started (before the app knows
    its process) still ends the app, and takes the editor with it: before,
    ``subprocess`` raising inside ``Popen`` lost the process, which went on
    running (here, for minutes) with the terminal and the draft."""
    from intimacy_cli.base.errors import ExitStatus, Stopped
    from intimacy_cli.ui import editor

    started: list[int] = []
    real_spawn = os.posix_spawnp

    def spawn_then_signal(*args: object, **options: object) -> int:
        pid = real_spawn(*args, **options)  # type: ignore[arg-type]
        started.append(pid)
        # Arrives before the pid is handed back. Sent to this thread, as the
        # app (one thread) gets it: a test runner's other threads would take
        # a signal sent to the process while this one holds it back.
        signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGTERM)
        return pid

    def stop(_number: int, _frame: object) -> None:
        raise Stopped(ExitStatus.TERMINATED)

    previous = signal.signal(signal.SIGTERM, stop)
    monkeypatch.setattr(os, "posix_spawnp", spawn_then_signal)
    try:
        with pytest.raises(Stopped):
            editor._exit_status(["sleep", "60"])
    finally:
        signal.signal(signal.SIGTERM, previous)
    (pid,) = started
    with pytest.raises(ChildProcessError):  # killed, and reaped: no process left
        os.waitpid(pid, os.WNOHANG)
