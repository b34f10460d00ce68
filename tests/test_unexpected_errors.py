"""An exception nobody planned for is a bug: one line that says so and where to
report it, never a traceback, unless INTIMACY_DEBUG asks for one."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from helpers.app import PATIENCE

from intimacy_cli.base.errors import ISSUES_URL
from intimacy_cli.content import catalogue

SECRET = "words from my journal"


def broken(*args: object, **kwargs: object) -> None:
    raise RuntimeError(SECRET)


def test_an_unexpected_exception_is_one_line_naming_a_bug(
    cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(catalogue, "load_catalogue", broken)
    result = cli("lessons")
    assert result.exit_code == 1
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: this is a bug in intimacy-cli (RuntimeError at intimacy_cli/")
    assert f"Please report it at {ISSUES_URL}" in line
    assert "INTIMACY_DEBUG=1" in line
    assert SECRET not in line  # an exception's message may quote what someone wrote


@pytest.mark.parametrize("value", ["", "0"])
def test_debug_off_values_keep_the_one_line(
    cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setattr(catalogue, "load_catalogue", broken)
    assert "this is a bug" in cli("lessons", env={"INTIMACY_DEBUG": value}).stderr


def test_intimacy_debug_lets_the_exception_through(
    cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(catalogue, "load_catalogue", broken)
    with pytest.raises(RuntimeError, match=SECRET):
        cli("lessons", env={"INTIMACY_DEBUG": "1"})


def test_errors_a_person_can_cause_and_usage_errors_are_unchanged(
    cli: Callable[..., Any],
) -> None:
    assert cli("read", "no-such-lesson").exit_code == 1
    usage = cli("review", "--no-such-flag")
    assert usage.exit_code == 2
    assert "this is a bug" not in usage.stderr
    assert cli("--version").exit_code == 0


# The installed entry point, with a bug planted, in a process of its own.
PROBE = f"""
import sys
from intimacy_cli.content import catalogue
def broken(*args, **kwargs):
    raise RuntimeError({SECRET!r})
catalogue.load_catalogue = broken
from intimacy_cli.cli import main
sys.argv = ["intimacy", "lessons"]
main()
"""


@pytest.mark.parametrize("debug", [False, True])
def test_a_real_run_shows_a_traceback_only_when_asked(
    monkeypatch: pytest.MonkeyPatch, debug: bool
) -> None:
    if debug:
        monkeypatch.setenv("INTIMACY_DEBUG", "1")
    else:
        monkeypatch.delenv("INTIMACY_DEBUG", raising=False)
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=PATIENCE, check=False
    )
    assert result.returncode == 1
    if debug:
        assert "Traceback (most recent call last)" in result.stderr
        assert f"RuntimeError: {SECRET}" in result.stderr
    else:
        assert "Traceback" not in result.stderr
        assert len(result.stderr.splitlines()) == 1
        assert ISSUES_URL in result.stderr
