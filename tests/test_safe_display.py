"""Text a person typed or a file brought is shown literally: never rich markup,
never a terminal escape sequence, with or without colour."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers.entries import clock_at, entry, seed

from intimacy_cli.store import Entry

Cli = Callable[..., Any]
MARKUP = "[bold]Prompt[/] [/]"
ESCAPES = "\x1b]0;renamed\x07\x1b[2J"
SHOWN_ESCAPES = "\\x1b]0;renamed\\x07\\x1b[2J"


@pytest.fixture(params=[{}, {"FORCE_COLOR": "1", "TERM": "xterm-256color"}], ids=["plain", "color"])
def env(request: pytest.FixtureRequest) -> dict[str, str]:
    return dict(request.param)


@pytest.fixture
def tricky(data_dir: Path) -> list[Entry]:
    return seed(
        data_dir,
        entry(
            "2026-11-20 10:00",
            f"{MARKUP} {ESCAPES}",
            lesson="[red]lesson",
            question=f"{MARKUP}?",
            tags=["[i]tag"],
            session="s",
            id="abcd0000-0000-4000-8000-000000000001",
        ),
        entry(
            "2026-11-21 10:00",
            5,
            question_id="scale",
            question=f"{MARKUP} {ESCAPES}",
            id="abcd0000-0000-4000-8000-000000000002",
        ),
        entry(
            "2026-11-22 10:00",
            8,
            question_id="scale",
            question=f"{MARKUP} {ESCAPES}",
            id="abcd0000-0000-4000-8000-000000000003",
        ),
    )


def assert_literal(text: str) -> None:
    assert MARKUP in text
    assert SHOWN_ESCAPES in text or "\\x1b]0;ren" in text  # cut short in narrow cells
    assert "\x1b]" not in text
    assert "\x1b[2J" not in text
    assert "\x07" not in text


@pytest.mark.parametrize(
    "args",
    [
        ["review"],
        ["review", "--by-session"],
        ["show", "abcd0000-0000-4000-8000-000000000001"],
        ["progress"],
    ],
)
def test_screens_show_user_text_literally(
    cli: Cli, tricky: list[Entry], env: dict[str, str], args: list[str]
) -> None:
    result = cli(*args, env={"COLUMNS": "250", **env}, state=clock_at())
    assert result.exit_code == 0, result.stderr
    assert_literal(result.stdout)
    if "color" in env.get("TERM", ""):
        assert "\x1b[" in result.stdout  # colour really was on


def test_messages_on_stderr_show_user_text_literally(
    cli: Cli, tricky: list[Entry], env: dict[str, str], tmp_path: Path
) -> None:
    listed = cli("delete", tricky[0].id, env={"COLUMNS": "250", **env})  # refused: no terminal
    assert listed.exit_code == 1
    assert_literal(listed.stderr)
    ambiguous = cli("show", "abcd0000", env={"COLUMNS": "250", **env})
    assert ambiguous.exit_code == 1
    assert_literal(ambiguous.stderr)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"id": ESCAPES + MARKUP, "kind": "quiz"}]))
    result = cli("import", str(bad), env=env)
    assert result.exit_code == 1
    assert "\\x1b]0;renamed\\x07" in result.stderr
    assert "\x1b]" not in result.stderr
    assert "[/]" in result.stderr


@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_exports_for_people_make_escapes_visible(cli: Cli, tricky: list[Entry], fmt: str) -> None:
    result = cli("export", "--format", fmt)
    assert_literal(result.stdout)


def test_json_keeps_the_exact_text(cli: Cli, tricky: list[Entry]) -> None:
    document = json.loads(cli("export", "--format", "json").stdout)
    assert document["entries"][-1]["answer"] == f"{MARKUP} {ESCAPES}"
    assert "\x1b" not in cli("export", "--format", "json").stdout  # escaped as \\u001b
