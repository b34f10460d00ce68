"""Shared test fixtures. Every test gets its own data, config and content folders:
nothing here can touch a real user's journal."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from scripted import ScriptedPrompter, Step
from typer.testing import CliRunner

from intimacy_cli.cli import app
from intimacy_cli.commands.state import AppState
from intimacy_cli.ui import console, prompter

FIXTURES = Path(__file__).parent / "fixtures"

# Fixtures and helpers for the journal store tests (clock, journal), and the
# `people` at a pseudo-terminal.
pytest_plugins = ["store_support", "tests_support"]


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
    for name in ("INTIMACY_CONTENT", "NO_COLOR", "INTIMACY_PASSPHRASE", "EDITOR", "VISUAL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    console.reset()
    yield tmp_path / "data"
    console.reset()


@pytest.fixture
def data_dir(isolated_env: Path) -> Path:
    return isolated_env


@dataclass
class Outcome:
    exit_code: int
    stdout: str
    stderr: str


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


def run_subprocess(
    args: Sequence[str],
    *,
    input: str | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m intimacy_cli`` for real, inheriting the isolated environment."""
    return subprocess.run(
        [sys.executable, "-m", "intimacy_cli", *args],
        input=input,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        timeout=timeout,
        check=False,
    )


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
