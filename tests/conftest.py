"""Every fixture the tests share (helpers that are not fixtures are in
``tests/helpers/``). Every test gets its own home, data, config, content and
temporary folders: nothing here can touch a real user's journal, and tests
running side by side (pytest-xdist, or a second suite) share no path."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers.app import Outcome
from helpers.scripted import ScriptedPrompter, Step
from helpers.store import FAST_COST, Clock
from helpers.terminal import Terminal
from typer.testing import CliRunner

from intimacy_cli.cli import app
from intimacy_cli.commands.state import AppState
from intimacy_cli.store import Journal, crypto
from intimacy_cli.ui import console, prompter

# -- the environment of every test ----------------------------------------------


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point every location the app knows at a fresh temporary folder."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("INTIMACY_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("INTIMACY_CONFIG", str(tmp_path / "config.toml"))
    # Temporary files (editor drafts) too, for this process and the ones it starts.
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    # Nothing from the person running the tests: their pager, colours, editor...
    for name in (
        *("INTIMACY_CONTENT", "INTIMACY_PASSPHRASE", "INTIMACY_PAGER", "INTIMACY_DEBUG"),
        *("NO_COLOR", "EDITOR", "VISUAL", "PAGER", "MANPAGER", "LESS", "LINES"),
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    console.reset()
    yield tmp_path / "data"
    console.reset()


@pytest.fixture
def data_dir(isolated_env: Path) -> Path:
    return isolated_env


@pytest.fixture
def temp_dir(isolated_env: Path) -> Path:
    """The test's own temporary folder ($TMPDIR: the app's editor drafts go here)."""
    return Path(tempfile.gettempdir())


@pytest.fixture
def local_timezone() -> Iterator[str]:
    """Fix the local time zone (US Eastern, with daylight saving) for tests about
    local days; restored afterwards."""
    zone = "EST+5EDT,M3.2.0,M11.1.0"
    before = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    yield zone
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


# -- running the app ----------------------------------------------------------


@pytest.fixture
def cli() -> Callable[..., Outcome]:
    """Run the app in-process, as a person would type it (minus the terminal)."""

    def run(
        *args: str,
        input: str | None = None,
        env: dict[str, str] | None = None,
        state: AppState | None = None,
    ) -> Outcome:
        console.reset()
        result = CliRunner().invoke(
            app, list(args), input=input, env=env, obj=state, catch_exceptions=False
        )
        console.reset()
        return Outcome(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def scripted(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., ScriptedPrompter]]:
    """Make the app ask a :class:`ScriptedPrompter` instead of the terminal; every
    scripted answer must have been asked for by the end of the test."""
    made: list[ScriptedPrompter] = []

    def script(*steps: Step) -> ScriptedPrompter:
        fake = ScriptedPrompter(*steps)
        made.append(fake)
        monkeypatch.setattr(prompter, "open_prompter", lambda: fake)
        return fake

    yield script
    for fake in made:
        fake.finish()


@pytest.fixture
def open_terminal() -> Iterator[Callable[..., Terminal]]:
    """Start ``intimacy ARGS`` in a pseudo-terminal (see helpers/terminal.py);
    every one is closed at the end, even when the test fails half-way."""
    opened: list[Terminal] = []

    def start(
        *args: str,
        env: dict[str, str] | None = None,
        rows: int = 40,
        columns: int = 100,
        welcomed: bool = True,
    ) -> Terminal:
        terminal = Terminal(*args, env=env, rows=rows, columns=columns, welcomed=welcomed)
        opened.append(terminal)
        return terminal

    yield start
    for terminal in opened:
        if terminal.child.isalive():
            terminal.child.terminate(force=True)


# -- the store ------------------------------------------------------------------


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    """A hand-moved clock, with local time pinned to UTC so backup names
    (which use local time) are the same on every machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield Clock()
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def journal(data_dir: Path, clock: Clock) -> Journal:
    """A journal in the test's data folder, on the hand-moved clock."""
    return Journal(data_dir, clock=clock)


@pytest.fixture
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """New encrypted files in this process use :data:`helpers.store.FAST_COST`."""
    monkeypatch.setattr(crypto, "DEFAULT_COST", FAST_COST)
