"""Running the app, and the folders the tests bring along."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
# The sample lesson pack (lesson ``sample``) and the committed version-1 journal.
FIXTURE_LESSONS = FIXTURES / "lessons"
V1_FIXTURE = FIXTURES / "journal-v1.json"
# Global options that put the sample lesson next to the built-in ones.
WITH_SAMPLE = ("--content-dir", str(FIXTURE_LESSONS))

# Seconds any one step (a process to finish, a screen to appear, a child to start)
# may take before the test calls it hung. Only a hang gets near it, however busy
# the machine: tests never assert how fast anything is (benchmarks/bench.py
# does). pytest-timeout (pyproject.toml) bounds each whole test above this.
PATIENCE = 120


@dataclass
class Outcome:
    """What an in-process run (the ``cli`` fixture) gave back."""

    exit_code: int
    stdout: str
    stderr: str


def run_subprocess(
    args: Sequence[str],
    *,
    input: str | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m intimacy_cli`` for real, inheriting the isolated environment."""
    return subprocess.run(
        [sys.executable, "-m", "intimacy_cli", *args],
        input=input,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        timeout=PATIENCE,
        check=False,
    )


def bare_lesson_pack(folder: Path) -> tuple[str, str]:
    """A lesson pack holding lesson ``bare``: one section, and no content note, quiz
    or reflections. Returns the global options that add it."""
    folder.mkdir()
    (folder / "bare.yaml").write_text(
        "id: bare\norder: 50\ntitle: Bare\nsummary: Brief.\nminutes: 1\n"
        "sections:\n  - {title: Only, body: Just this.}\ntakeaways: [One.]\n"
    )
    return ("--content-dir", str(folder))
