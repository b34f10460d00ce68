"""The app in an unfriendly environment: a non-UTF-8 locale, an odd time zone,
a full disk behind stdout, an export target that is not a file, and an empty
INTIMACY_HOME. Every command works, or says in one line what failed; never a
traceback, never the catch-all "this is a bug" line."""

from __future__ import annotations

import json
import os
import re
import socket
import stat
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from helpers.app import Outcome, run_subprocess
from helpers.entries import entry, seed

from intimacy_cli.store import Journal

Cli = Callable[..., Outcome]

# Words a person might write that no 8-bit encoding holds all of.
WORDS = "Tänk på … ☃ 心 \u202eevil"

# Each stands for a class of environment; the names say which.
ENVIRONMENTS = {
    # Python coerces the C locale to UTF-8 where it can...
    "LANG=C": {"LANG": "C", "LC_ALL": "C", "TZ": "Pacific/Kiritimati"},
    # ...and where it cannot (or is told not to), stdout is plain ASCII.
    "C locale, ASCII stdout": {
        "LC_ALL": "C",
        "PYTHONCOERCECLOCALE": "0",
        "PYTHONUTF8": "0",
        "TZ": "garbage",
    },
    # What an ISO-8859-1 locale gives Python's streams (the locale itself is
    # rarely installed; see test_a_real_iso_8859_1_locale).
    "ISO-8859-1 stdout": {"PYTHONIOENCODING": "iso-8859-1", "TZ": ":No/Such_Zone"},
    "UTC+14": {"TZ": "Pacific/Kiritimati"},
    "TZ far west": {"TZ": "<-12>+12"},
}

COMMANDS = (
    (),
    ("lessons",),
    ("read", "welcome"),
    ("review",),
    ("show", "{id}"),
    ("progress",),
    ("review", "--json"),
    ("export",),
    ("export", "--format", "csv"),
    ("data", "path"),
    ("--help",),
)


@pytest.fixture
def written(data_dir: Path) -> str:
    """A journal with one note in words no 8-bit encoding holds; its id."""
    [note] = seed(data_dir, entry("2026-11-20 10:00", WORDS, kind="journal", lesson=None))
    return note.id


def run_all(
    commands: tuple[tuple[str, ...], ...], env: dict[str, str], note_id: str
) -> list[subprocess.CompletedProcess[str]]:
    """Each command run for real, in parallel; output read back leniently, since
    in an 8-bit locale stdout is not UTF-8."""

    def one(args: tuple[str, ...]) -> subprocess.CompletedProcess[str]:
        real = [arg.replace("{id}", note_id) for arg in args]
        done = subprocess.run(
            [sys.executable, "-m", "intimacy_cli", *real],
            capture_output=True,
            env={**os.environ, **env},
            timeout=60,
            check=False,
        )
        return subprocess.CompletedProcess(
            done.args,
            done.returncode,
            done.stdout.decode("utf-8", "replace"),
            done.stderr.decode("utf-8", "replace"),
        )

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(one, commands))


def assert_calm(result: subprocess.CompletedProcess[str], args: tuple[str, ...]) -> None:
    assert "Traceback" not in result.stderr, (args, result.stderr)
    assert "bug in intimacy-cli" not in result.stderr, (args, result.stderr)
    assert result.returncode == 0, (args, result.returncode, result.stderr)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(ENVIRONMENTS))
def test_every_command_works_in_an_unusual_environment(written: str, name: str) -> None:
    env = ENVIRONMENTS[name]
    for args, result in zip(COMMANDS, run_all(COMMANDS, env, written), strict=True):
        assert_calm(result, args)


@pytest.mark.slow
def test_exports_are_the_same_utf_8_bytes_in_any_locale(written: str) -> None:
    """Data is never re-encoded for the terminal: a backup made with LANG=C or
    an 8-bit locale holds exactly the words written."""
    reference = _export_bytes("json", {})
    assert json.loads(reference)["entries"][0]["answer"] == WORDS
    for name in ("C locale, ASCII stdout", "ISO-8859-1 stdout"):
        assert _unstamped(_export_bytes("json", ENVIRONMENTS[name])) == _unstamped(reference)
        for fmt in ("md", "csv"):
            assert WORDS.encode() in _export_bytes(fmt, ENVIRONMENTS[name])


def _export_bytes(fmt: str, env: dict[str, str]) -> bytes:
    result = subprocess.run(
        [sys.executable, "-m", "intimacy_cli", "export", "--format", fmt],
        capture_output=True,
        env={**os.environ, **env},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _unstamped(export: bytes) -> bytes:
    return re.sub(rb'"exported_at": "[^"]*"', b"", export)


@pytest.mark.slow
def test_text_for_people_degrades_to_question_marks_not_a_crash(written: str) -> None:
    result = run_subprocess(["show", written], env=ENVIRONMENTS["C locale, ASCII stdout"])
    assert result.returncode == 0, result.stderr
    assert "T?nk p? ? ?" in result.stdout


def _iso_8859_1_locale() -> str | None:
    try:
        names = subprocess.run(
            ["locale", "-a"], capture_output=True, text=True, check=False
        ).stdout.split()
    except OSError:
        return None
    wanted = ("iso88591", "iso8859-1", "iso-8859-1")
    return next((name for name in names if name.lower().endswith(wanted)), None)


def _compiled_iso_8859_1_locale(folder: Path) -> dict[str, str] | None:
    """An ISO-8859-1 locale compiled into ``folder`` with glibc's localedef
    (no root needed: LOCPATH points the process at it), for machines that
    have the locale sources but none installed; ``None`` where that fails."""
    name = "en_US.ISO-8859-1"
    try:
        made = subprocess.run(
            ["localedef", "-i", "en_US", "-f", "ISO-8859-1", str(folder / name)],
            capture_output=True,
            check=False,
        )
    except OSError:
        return None
    if made.returncode != 0 or not (folder / name).is_dir():
        return None
    return {"LOCPATH": str(folder), "LANG": name, "LC_ALL": name}


@pytest.mark.slow
def test_a_real_iso_8859_1_locale(written: str, tmp_path: Path) -> None:
    locale = _iso_8859_1_locale()
    env = (
        {"LANG": locale, "LC_ALL": locale}
        if locale is not None
        else _compiled_iso_8859_1_locale(tmp_path)
    )
    if env is None:
        pytest.skip("no ISO-8859-1 locale installed (locale -a), and localedef cannot make one")
    probe = subprocess.run(
        [sys.executable, "-c", "import sys; print(sys.stdout.encoding)"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.strip() == "iso8859-1"  # the app really runs in that locale
    for args, result in zip(COMMANDS, run_all(COMMANDS, env, written), strict=True):
        assert_calm(result, args)


# -- stdout that cannot be written ---------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_stdout_is_one_line_and_exit_1(written: str, data_dir: Path) -> None:
    commands = (*COMMANDS, ("--version",), ("progress", "--json"), ("about",))

    def one(args: tuple[str, ...]) -> tuple[int, str]:
        real = [arg.replace("{id}", written) for arg in args]
        with open("/dev/full", "w") as full:
            done = subprocess.run(
                [sys.executable, "-m", "intimacy_cli", *real],
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                timeout=60,
                check=False,
            )
        return done.returncode, done.stderr

    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(one, commands))
    for args, (code, stderr) in zip(commands, outcomes, strict=True):
        assert (code, stderr) == (
            1,
            "Error: cannot write the output: No space left on device\n",
        ), args


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_saving_with_a_full_stdout_still_saves(data_dir: Path) -> None:
    """Status lines go to stderr, so a note piped in is saved whatever stdout is."""
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "intimacy_cli", "journal"],
            input="kept",
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    assert [e.answer for e in Journal(data_dir).entries.query()] == ["kept"]


# -- export -o onto something that is not a file -------------------------------------------


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _symlink(path: Path) -> Path:
    target = path.parent / "target.txt"
    target.write_text("keep me")
    path.symlink_to(target)
    return path


def _socket(path: Path) -> Path:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()
    return path


def _device(path: Path) -> Path:
    """A null device of our own: never the real /dev/null, which an export
    without this fix, run as root, would replace with a plain file."""
    try:
        os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 3))
    except (OSError, AttributeError):
        pytest.skip("cannot make a device node here (needs root)")
    return path


TARGETS: dict[str, Callable[[Path], Path]] = {
    "named pipe (FIFO)": _fifo,
    "symbolic link": _symlink,
    "socket": _socket,
    "device": _device,
    "symbolic link to a folder": lambda path: (path.symlink_to(path.parent), path)[1],
}


@pytest.mark.parametrize("force", [True, False], ids=["--force", "asked"])
@pytest.mark.parametrize("kind", sorted(TARGETS))
def test_export_never_replaces_what_is_not_a_regular_file(
    cli: Cli, written: str, tmp_path: Path, kind: str, force: bool
) -> None:
    target = TARGETS[kind](tmp_path / "out.md")
    before = os.lstat(target)
    result = cli("export", "-o", str(target), *(["--force"] if force else []))
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith(f"Error: {target} is a") and "not a regular file" in (
        result.stderr
    )
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    if kind == "symbolic link":
        assert (tmp_path / "target.txt").read_text() == "keep me"


def test_export_still_replaces_a_regular_file_with_force(
    cli: Cli, written: str, tmp_path: Path
) -> None:
    target = tmp_path / "out.md"
    target.write_text("old")
    assert cli("export", "-o", str(target), "--force").exit_code == 0
    assert "Tänk" in target.read_text(encoding="utf-8")


# -- an empty INTIMACY_HOME ----------------------------------------------------------------


@pytest.mark.parametrize("value", ["", " "])
def test_an_empty_intimacy_home_is_refused_like_an_empty_data_dir(
    cli: Cli, tmp_path: Path, value: str
) -> None:
    home = tmp_path / "home"
    before = sorted(home.rglob("*"))
    for args in (("data", "path"), ("journal",)):
        result = cli(*args, input="a note", env={"INTIMACY_HOME": value})
        assert result.exit_code == 1
        assert result.stderr == (
            "Error: --data-dir / INTIMACY_HOME is empty (give a folder, or leave it unset)\n"
        )
    assert sorted(home.rglob("*")) == before  # nothing written to the default folder
    assert cli("--data-dir", value, "data", "path").exit_code == 1


def test_an_empty_intimacy_home_does_not_stop_commands_without_a_journal(cli: Cli) -> None:
    assert cli("support", env={"INTIMACY_HOME": ""}).exit_code == 0
