"""Commands that never ask must not load questionary/prompt_toolkit (slow to import);
the ``--json`` and export paths do not even need rich."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from journal_data import entry, seed

# Runs the app in a fresh interpreter, then reports which top-level packages it loaded.
PROBE = """
import sys
from intimacy_cli.cli import app
try:
    app(sys.argv[1:], prog_name="intimacy")
except SystemExit as stop:
    code = stop.code
print("MODULES", code, *sorted({name.split(".")[0] for name in sys.modules}), file=sys.stderr)
"""
PROMPTING = {"questionary", "prompt_toolkit"}


def loaded(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        input="[]",  # for import: an empty export
        capture_output=True,
        text=True,
        check=False,
    )
    report = result.stderr.strip().splitlines()[-1].split()
    assert report[:2] == ["MODULES", "0"], result.stderr
    return set(report[2:])


@pytest.fixture(autouse=True)
def some_entries(data_dir: Path) -> None:
    seed(data_dir, entry("2026-11-20 10:00", "Hello", id="abcd0000-0000-4000-8000-000000000001"))


@pytest.mark.parametrize(
    "args",
    [
        ["review"],
        ["review", "--search", "hello", "--by-session"],
        ["show", "abcd0000"],
        ["export"],
        ["export", "--format", "csv"],
        ["progress"],
        ["import", "--dry-run", "-"],
    ],
)
def test_commands_that_never_ask_do_not_load_prompt_libraries(args: list[str]) -> None:
    assert not loaded(*args) & PROMPTING


@pytest.mark.parametrize(
    "args",
    [
        ["review", "--json"],
        ["show", "abcd0000", "--json"],
        ["progress", "--json"],
        ["export", "--format", "json"],
    ],
)
def test_json_output_does_not_load_rich(args: list[str]) -> None:
    modules = loaded(*args)
    assert "rich" not in modules
    assert not modules & PROMPTING
