"""The app's own pager: which one runs, with what environment and input, and
what happens when there is none, it cannot start, or it quits early."""

from __future__ import annotations

import json
import os
import re
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers.entries import entry, seed
from helpers.terminal import ENTER, Terminal, run_in_terminal

from intimacy_cli.ui import pager

# A pager that records its arguments, its LESS and what it was given.
FAKE_PAGER = """
import json, os, sys
record = sys.argv[1]
text = sys.stdin.read()
with open(record, "w") as file:
    json.dump({"args": sys.argv[2:], "LESS": os.environ.get("LESS"), "text": text}, file)
"""
# A pager that quits at once, without reading (as `q` in less on a long text).
QUITTER = "import sys; sys.exit(0)"


@pytest.fixture
def fake_pager(tmp_path: Path) -> tuple[str, Path]:
    """The command for a recording pager, and the file it records to."""
    script = tmp_path / "fake_pager.py"
    script.write_text(FAKE_PAGER)
    record = tmp_path / "paged.json"
    return shlex.join([sys.executable, str(script), str(record)]), record


# -- which pager ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "command"),
    [
        ({}, ["less"]),
        ({"PAGER": "more -s"}, ["more", "-s"]),
        ({"PAGER": "'/opt/my pager/bin/pg' --x"}, ["/opt/my pager/bin/pg", "--x"]),
        ({"MANPAGER": "most"}, ["less"]),  # that one is for man pages
        ({"MANPAGER": "most", "PAGER": "more"}, ["more"]),
        ({"INTIMACY_PAGER": "bat -p", "PAGER": "more"}, ["bat", "-p"]),
        ({"PAGER": ""}, None),
        ({"PAGER": "  "}, None),
        ({"PAGER": "cat"}, None),
        ({"INTIMACY_PAGER": "", "PAGER": "more"}, None),  # off for this app only
        ({"INTIMACY_PAGER": "cat", "PAGER": "more"}, None),
        ({"PAGER": "less 'unclosed"}, None),
    ],
)
def test_which_pager(
    monkeypatch: pytest.MonkeyPatch, settings: dict[str, str], command: list[str] | None
) -> None:
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    assert pager.pager_command() == command


# -- running it -------------------------------------------------------------------------


def test_the_pager_gets_the_text_and_less_gets_frx(fake_pager: tuple[str, Path]) -> None:
    command, record = fake_pager
    assert pager._page([*shlex.split(command), "--flag"], "héllo\nworld\n")
    seen = json.loads(record.read_text())
    assert seen == {"args": ["--flag"], "LESS": "FRX", "text": "héllo\nworld\n"}
    assert "LESS" not in os.environ  # set for the pager only


def test_a_less_the_person_set_is_left_alone(
    fake_pager: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    command, record = fake_pager
    monkeypatch.setenv("LESS", "-R")
    assert pager._page(shlex.split(command), "text")
    assert json.loads(record.read_text())["LESS"] == "-R"


def test_a_pager_that_quits_early_is_simply_done() -> None:
    text = "a line of text\n" * 200_000  # far more than a pipe holds
    assert pager._page([sys.executable, "-c", QUITTER], text)


def test_a_pager_that_does_not_exist_means_printing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert not pager._page(["no-such-pager-anywhere"], "text")
    assert capsys.readouterr().err == ""  # the default pager missing is no news
    monkeypatch.setenv("PAGER", "no-such-pager-anywhere")
    assert not pager._page(["no-such-pager-anywhere"], "text")
    assert "cannot start the pager 'no-such-pager-anywhere'" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [("review",), ("review", "--by-session"), ("progress",), ("show",), ("read", "welcome")],
)
def test_every_command_that_pages_takes_no_pager(
    cli: Callable[..., Any], data_dir: Path, args: tuple[str, ...]
) -> None:
    [one] = seed(data_dir, entry("2026-11-20 10:00", "Only one"))
    if args == ("show",):
        args = ("show", one.id)
    result = cli(*args, "--no-pager")
    assert result.exit_code == 0, result.stderr
    assert "--no-pager" in cli(args[0], "--help").stdout


# -- in a real terminal -----------------------------------------------------------------


@pytest.fixture
def long_journal(data_dir: Path) -> None:
    seed(data_dir, *(entry(f"2026-11-{day:02d} 10:00", f"answer {day}") for day in range(1, 29)))


@pytest.mark.slow
@pytest.mark.usefixtures("long_journal")
def test_long_output_goes_through_intimacy_pager_not_manpager(
    fake_pager: tuple[str, Path], tmp_path: Path
) -> None:
    command, record = fake_pager
    other = tmp_path / "other.json"
    not_this = shlex.join([sys.executable, str(tmp_path / "fake_pager.py"), str(other)])
    status, _ = run_in_terminal(
        "review", env={"INTIMACY_PAGER": command, "PAGER": not_this, "MANPAGER": not_this}, rows=24
    )
    assert status == 0
    seen = json.loads(record.read_text())
    assert "answer 28" in seen["text"]
    assert "answer 1 " in seen["text"] or "answer 1\n" in seen["text"]
    assert seen["LESS"] == "FRX"
    assert not other.exists()


@pytest.mark.slow
@pytest.mark.usefixtures("long_journal")
@pytest.mark.parametrize(
    ("env", "args"),
    [
        ({"PAGER": ""}, ()),
        ({"PAGER": "cat"}, ()),
        ({}, ("--no-pager",)),
        ({"PAGER": "no-such-pager-anywhere"}, ()),
    ],
    ids=["PAGER empty", "PAGER=cat", "--no-pager", "missing pager"],
)
def test_without_a_pager_everything_is_printed(
    fake_pager: tuple[str, Path], env: dict[str, str], args: tuple[str, ...]
) -> None:
    command, record = fake_pager
    if "PAGER" not in env:
        env = {"PAGER": command}  # --no-pager wins over a pager that is set
    status, output = run_in_terminal("review", *args, env=env, rows=24)
    assert status == 0
    assert "answer 28" in output
    assert "answer 1 " in output or "answer 1\r\n" in output
    assert not record.exists()


@pytest.mark.slow
def test_short_output_is_printed_directly(data_dir: Path, fake_pager: tuple[str, Path]) -> None:
    command, record = fake_pager
    seed(data_dir, entry("2026-11-20 10:00", "Only one"))
    status, output = run_in_terminal("review", env={"PAGER": command}, rows=24)
    assert status == 0
    assert "Only one" in output
    assert not record.exists()


def _plain(text: str) -> str:
    """Text without its colours."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


@pytest.mark.slow
def test_read_pages_a_long_lesson_like_review(fake_pager: tuple[str, Path]) -> None:
    command, record = fake_pager
    status, _ = run_in_terminal("read", "welcome", env={"PAGER": command}, rows=24)
    assert status == 0
    seen = _plain(json.loads(record.read_text())["text"])
    assert "Welcome" in seen
    assert "Sources" in seen
    # the lesson is set to a comfortable measure, not the terminal's 100 columns
    assert max(len(line.rstrip()) for line in seen.splitlines()) <= 76
    record.unlink()
    status, output = run_in_terminal(
        "read", "welcome", "--no-pager", env={"PAGER": command}, rows=24
    )
    assert status == 0
    assert "Sources" in output
    assert not record.exists()


@pytest.mark.slow
def test_a_lesson_section_taller_than_the_screen_is_paged_from_its_heading(
    fake_pager: tuple[str, Path], tmp_path: Path
) -> None:
    command, record = fake_pager
    pack = tmp_path / "pack"
    pack.mkdir()
    body = "\n\n".join(f"Paragraph {n} of a long section." for n in range(40))
    (pack / "long.yaml").write_text(
        "id: long\norder: 50\ntitle: Long page\nsummary: Brief.\n"
        f"sections:\n  - title: Only\n    body: {json.dumps(body)}\n"
        "takeaways: [One.]\n"
    )
    terminal = Terminal(
        "--content-dir", str(pack), "learn", "long", env={"PAGER": command}, rows=24
    )
    try:
        terminal.answer("What next?", ENTER)
        assert terminal.exit_code() == 0
    finally:
        terminal.child.close(force=True)
    seen = _plain(json.loads(record.read_text())["text"])
    assert seen.splitlines()[0].strip("─ ") == "Long page - section 1 of 1"
    assert "Paragraph 39" in seen
    assert "end of section 1 of 1" in seen
