"""Commands that never ask anything must not load the prompt libraries."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from tests_support import WITH_SAMPLE

# Runs the CLI in a fresh interpreter and reports which prompt modules it loaded.
PROBE = """
import importlib, json, sys
for name in sys.argv[2:]:
    importlib.import_module(name)
from intimacy_cli.cli import main
sys.argv = ["intimacy", *json.loads(sys.argv[1])]
try:
    main()
finally:
    loaded = [m for m in sys.modules if m.split(".")[0] in ("questionary", "prompt_toolkit")]
    sys.stderr.write("\\nPROMPT-MODULES " + json.dumps(loaded) + "\\n")
"""


def prompt_modules(args: list[str], stdin: str = "", preload: tuple[str, ...] = ()) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args), *preload],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    marker = result.stderr.rsplit("PROMPT-MODULES ", 1)
    assert len(marker) == 2, result.stderr
    loaded: list[str] = json.loads(marker[1])
    return loaded


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["lessons"],
        [*WITH_SAMPLE, "read", "sample"],
        [*WITH_SAMPLE],  # the home screen without a terminal
        [*WITH_SAMPLE, "learn", "--help"],
        [*WITH_SAMPLE, "learn", "sample"],  # refuses: no terminal
    ],
)
def test_non_prompting_commands_do_not_import_questionary(args: list[str]) -> None:
    assert prompt_modules(args) == []


def test_supplied_answers_and_piped_journal_do_not_import_questionary() -> None:
    assert (
        prompt_modules([*WITH_SAMPLE, "reflect", "sample", "--answers", "-"], "closeness: 3") == []
    )
    assert prompt_modules(["journal"], "piped text") == []


def test_the_probe_sees_questionary_when_it_is_imported() -> None:
    """Guards the test itself: a probe that could never see the modules proves nothing."""
    assert "questionary" in prompt_modules(["--help"], preload=("questionary",))
