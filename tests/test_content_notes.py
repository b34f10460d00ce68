"""A lesson's content note comes before any of its content, however it is shown."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from helpers.app import FIXTURES, Outcome

Run = Callable[..., Outcome]
NOTE = "This lesson mentions rejection."


def read(cli: Run, *extra: str, env: dict[str, str] | None = None) -> Outcome:
    outcome = cli("--content-dir", str(FIXTURES / "lessons"), "read", "sample", *extra, env=env)
    assert outcome.exit_code == 0, outcome.stderr
    return outcome


@pytest.mark.parametrize(
    "env", [None, {"TTY_COMPATIBLE": "1"}, {"TTY_COMPATIBLE": "1", "NO_COLOR": "1"}]
)
def test_read_shows_the_note_before_the_first_section(cli: Run, env: dict[str, str] | None) -> None:
    text = read(cli, env=env).stdout
    assert f"Content note: {NOTE}" in text
    assert text.index("Content note") < text.index("First part")


def test_read_json_carries_the_note(cli: Run) -> None:
    assert json.loads(read(cli, "--json").stdout)["content_note"] == NOTE


def test_lessons_json_carries_the_note(cli: Run) -> None:
    outcome = cli("--content-dir", str(FIXTURES / "lessons"), "lessons", "--json")
    notes = {lesson["id"]: lesson["content_note"] for lesson in json.loads(outcome.stdout)}
    assert notes["sample"] == NOTE
