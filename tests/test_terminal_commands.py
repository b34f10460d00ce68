"""In a real (pseudo-)terminal: delete and export ask first, edit offers the old
answer (the pager has its own tests, in test_pager.py)."""

from __future__ import annotations

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
    assert Journal(data_dir).entries.count() == kept


def test_edit_offers_the_old_answer(open_terminal: Open, data_dir: Path) -> None:
    [one] = seed(data_dir, entry("2026-11-20 10:00", "Old"))
    terminal = open_terminal("edit", one.id, rows=24)
    terminal.answer("One word for today?", "er" + ENTER)
    assert terminal.exit_code() == 0
    assert Journal(data_dir).entries.get(one.id).answer == "Older"


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
