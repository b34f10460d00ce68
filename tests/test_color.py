"""No escape codes at all when colour is off: NO_COLOR, --no-color, color = false, or a pipe.

``TTY_COMPATIBLE=1`` makes rich treat the captured stdout as a terminal, so the
in-process runs see exactly what a terminal would get; one test uses a real
pseudo-terminal to make sure that stand-in is honest.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.app import FIXTURES, Outcome, run_subprocess
from helpers.terminal import run_in_terminal

Run = Callable[..., Outcome]
ESC = "\x1b"
TERMINAL = {"TTY_COMPATIBLE": "1"}
COMMANDS = [
    ["lessons"],
    ["read", "sample"],
    ["support"],
    ["about"],
]


def run(cli: Run, *args: str, env: dict[str, str] | None = None) -> Outcome:
    outcome = cli("--content-dir", str(FIXTURES / "lessons"), *args, env=env)
    assert outcome.exit_code == 0, outcome.stderr
    return outcome


@pytest.mark.parametrize("command", COMMANDS)
def test_a_terminal_gets_colour(cli: Run, command: list[str]) -> None:
    # The control: without it the tests below could pass on plain output.
    assert ESC in run(cli, *command, env=TERMINAL).stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_no_color_env_means_no_escape_codes(cli: Run, command: list[str]) -> None:
    outcome = run(cli, *command, env={**TERMINAL, "NO_COLOR": "1"})
    assert ESC not in outcome.stdout + outcome.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_no_color_flag_means_no_escape_codes(cli: Run, command: list[str]) -> None:
    outcome = run(cli, "--no-color", *command, env=TERMINAL)
    assert ESC not in outcome.stdout + outcome.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_color_false_in_settings_means_no_escape_codes(cli: Run, command: list[str]) -> None:
    Path(os.environ["INTIMACY_CONFIG"]).write_text("color = false\n", encoding="utf-8")
    outcome = run(cli, *command, env=TERMINAL)
    assert ESC not in outcome.stdout + outcome.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_piped_output_has_no_escape_codes(cli: Run, command: list[str]) -> None:
    outcome = run(cli, *command)
    assert ESC not in outcome.stdout + outcome.stderr


def test_no_color_does_not_stick_to_later_runs(cli: Run) -> None:
    run(cli, "--no-color", "lessons", env=TERMINAL)
    assert ESC in run(cli, "lessons", env=TERMINAL).stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        (["lessons"], {}, True),
        (["--no-color", "lessons"], {}, False),
        (["support"], {"NO_COLOR": "1"}, False),
    ],
)
def test_real_terminal(args: list[str], env: dict[str, str], coloured: bool) -> None:
    code, shown = run_in_terminal(*args, env=env)
    assert code == 0
    assert (ESC in shown) is coloured


def test_no_color_reaches_the_help_screens_too() -> None:
    """Typer draws help itself; forced into colour, it must still drop colours."""
    import re

    forced = {"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1"}
    coloured = run_subprocess(["--help"], env=forced).stdout
    plain = run_subprocess(["--no-color", "--help"], env=forced).stdout
    colour_code = re.compile(r"\x1b\[[0-9;]*(3[0-9]|9[0-7])[;m]")
    assert colour_code.search(coloured), "the control case should show colour"
    assert not colour_code.search(plain)
