"""Helpers shared by the tests/test_store_*.py files, which load it as a pytest
plugin (``pytest_plugins``) for its fixtures."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from intimacy_cli.store import Journal, crypto

V1_FIXTURE = Path(__file__).parent / "fixtures" / "journal-v1.json"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


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


# Cheap enough that tests can derive keys freely; the real cost is exercised by
# the tests that run the app in a subprocess.
FAST_COST = crypto.ScryptCost(n=2**10, r=8, p=1)


@pytest.fixture
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """New encrypted files in this process use :data:`FAST_COST`."""
    monkeypatch.setattr(crypto, "DEFAULT_COST", FAST_COST)


def holding(folder: Path, marker: bytes) -> list[str]:
    """The files under ``folder`` whose bytes contain ``marker``."""
    return [name for name, data in files_in(folder).items() if marker in data]


def files_in(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes, to prove nothing changed."""
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make ``folder`` refuse new files for real: chmod for a normal user, the
    immutable attribute for root (which ignores permissions)."""
    if os.geteuid() != 0:
        folder.chmod(0o500)
        try:
            yield
        finally:
            folder.chmod(0o700)
        return
    made = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip("running as root where chattr +i does not work")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
