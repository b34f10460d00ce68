"""In a real (pseudo-)terminal: delete and export ask first, edit offers the old
answer, and long output goes through the pager, as git does."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.entries import entry, seed
from helpers.terminal import ENTER, Terminal

from intimacy_cli.store import Journal

pytestmark = pytest.mark.slow

Open = Callable[..., Terminal]


@pytest.mark.parametrize(("key", "kept"), [("y", 1), ("n", 2), (ENTER, 2)])
def test_delete_asks_in_a_terminal(
    open_terminal: Open, data_dir: Path, key: str, kept: int
) -> None:
    first, _ = seed(data_dir, entry("2026-11-20 10:00", "Go"), entry("2026-11-21 10:00", "Stay"))
    terminal = open_terminal("delete", first.id[:8], rows=24)
    terminal.answer("Delete 1 entry? This cannot be undone.", key)
    assert terminal.exit_code() == 0
    assert Journal(data_dir).count() == kept


def test_edit_offers_the_old_answer(open_terminal: Open, data_dir: Path) -> None:
    [one] = seed(data_dir, entry("2026-11-20 10:00", "Old"))
    terminal = open_terminal("edit", one.id, rows=24)
    terminal.answer("One word for today?", "er" + ENTER)
    assert terminal.exit_code() == 0
    assert Journal(data_dir).get(one.id).answer == "Older"


@pytest.mark.parametrize(("key", "replaced"), [("y", True), ("n", False)])
def test_export_asks_before_replacing_a_file(
    open_terminal: Open, data_dir: Path, tmp_path: Path, key: str, replaced: bool
) -> None:
    seed(data_dir, entry("2026-11-20 10:00"))
    target = tmp_path / "notes.md"
    target.write_text("precious")
    terminal = open_terminal("export", "-o", str(target), rows=24)
    terminal.wait_for_prompt("already exists")
    terminal.sees("(y/N)")
    terminal.child.send(key)
    assert terminal.exit_code() == 0
    assert target.read_text().startswith("# My reflections") is replaced


@pytest.mark.xfail(
    sys.version_info >= (3, 13),
    reason="known app bug (issue 10, platform honesty): the pager is pydoc's, which on "
    "Python 3.13 replaces LESS; the app's own pager will fix it",
    strict=False,
)
def test_long_output_goes_through_the_pager(
    open_terminal: Open, data_dir: Path, tmp_path: Path
) -> None:
    seed(data_dir, *(entry(f"2026-11-{day:02d} 10:00", f"answer {day}") for day in range(1, 29)))
    paged, pager_env = tmp_path / "paged.txt", tmp_path / "pager-env.txt"
    pager = f"env > {pager_env}; cat > {paged}"
    assert open_terminal("review", env={"PAGER": pager}, rows=24).exit_code() == 0
    assert "answer 28" in paged.read_text()
    assert "answer 1\n" in paged.read_text() or "answer 1 " in paged.read_text()
    assert "LESS=FRX" in pager_env.read_text().splitlines()
    # A LESS the person set is theirs.
    assert open_terminal("review", env={"PAGER": pager, "LESS": "-R"}, rows=24).exit_code() == 0
    assert "LESS=-R" in pager_env.read_text().splitlines()


def test_short_output_is_printed_directly(
    open_terminal: Open, data_dir: Path, tmp_path: Path
) -> None:
    seed(data_dir, entry("2026-11-20 10:00", "Only one"))
    paged = tmp_path / "paged.txt"
    terminal = open_terminal("review", env={"PAGER": f"cat > {paged}"}, rows=24)
    terminal.sees("Only one")
    assert terminal.exit_code() == 0
    assert not paged.exists()
