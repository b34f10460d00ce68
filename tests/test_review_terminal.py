"""In a real (pseudo-)terminal: delete and export ask first, edit offers the old
answer (the pager has its own tests, in test_pager.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest
from journal_data import entry, seed
from tests_support import mark_welcomed

from intimacy_cli.store import Journal

pytestmark = pytest.mark.slow


def spawn(*args: str, env: dict[str, str] | None = None, rows: int = 24) -> pexpect.spawn:
    mark_welcomed()
    return pexpect.spawn(
        sys.executable,
        ["-m", "intimacy_cli", *args],
        env={**os.environ, "TERM": "xterm", **(env or {})},
        dimensions=(rows, 100),
        encoding="utf-8",
        timeout=20,
    )


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return int(child.exitstatus)


@pytest.mark.parametrize(("key", "kept"), [("y", 1), ("n", 2), ("\r", 2)])
def test_delete_asks_in_a_terminal(data_dir: Path, key: str, kept: int) -> None:
    first, _ = seed(data_dir, entry("2026-11-20 10:00", "Go"), entry("2026-11-21 10:00", "Stay"))
    child = spawn("delete", first.id[:8])
    child.expect("Delete 1 entry\\? This cannot be undone.")
    child.send(key)
    assert finish(child) == 0
    assert Journal(data_dir).entries.count() == kept


def test_edit_offers_the_old_answer(data_dir: Path) -> None:
    [one] = seed(data_dir, entry("2026-11-20 10:00", "Old"))
    child = spawn("edit", one.id)
    child.expect("One word for today\\?")
    child.send("er\r")
    assert finish(child) == 0
    assert Journal(data_dir).entries.get(one.id).answer == "Older"


@pytest.mark.parametrize(("key", "replaced"), [("y", True), ("n", False)])
def test_export_asks_before_replacing_a_file(
    data_dir: Path, tmp_path: Path, key: str, replaced: bool
) -> None:
    seed(data_dir, entry("2026-11-20 10:00"))
    target = tmp_path / "notes.md"
    target.write_text("precious")
    child = spawn("export", "-o", str(target))
    child.expect("already exists")
    child.expect("\\(y/N\\)")
    child.send(key)
    assert finish(child) == 0
    assert target.read_text().startswith("# My reflections") is replaced
