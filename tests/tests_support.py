"""Small helpers shared by several test modules, and :class:`Person`, who uses
the app in a real pseudo-terminal and reads the screen as it looks."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pyte
import pytest

from intimacy_cli.base.paths import DataPaths
from intimacy_cli.store import Entry, Journal, QueryFilter

SAMPLE_DIR = Path(__file__).parent / "fixtures" / "lessons"
# Global options that put the sample lesson next to the built-in ones.
WITH_SAMPLE = ("--content-dir", str(SAMPLE_DIR))


def answers(journal: Journal, lesson: str = "sample") -> dict[str, Entry]:
    """The lesson's saved entries by question id (the newest answer wins)."""
    found: dict[str, Entry] = {}
    for entry in journal.entries.query(QueryFilter(lesson=lesson)):
        assert entry.question_id is not None
        found.setdefault(entry.question_id, entry)
    return found


def bare_lesson_pack(folder: Path) -> tuple[str, str]:
    """A lesson pack holding lesson ``bare``: one section, and no content note, quiz
    or reflections. Returns the global options that add it."""
    folder.mkdir()
    (folder / "bare.yaml").write_text(
        "id: bare\norder: 50\ntitle: Bare\nsummary: Brief.\nminutes: 1\n"
        "sections:\n  - {title: Only, body: Just this.}\ntakeaways: [One.]\n"
    )
    return ("--content-dir", str(folder))


# -- a person at a terminal --------------------------------------------------------

DOWN, UP, ENTER, SPACE, CTRL_C = "\x1b[B", "\x1b[A", "\r", " ", "\x03"
FINISH = "\x1b\r"  # Esc then Enter ends a multi-line answer
TIMEOUT = 30  # seconds for any one screen to appear; generous for slow machines
# The widths every interactive path is tried at.
NARROW = (60, 80)


def mark_welcomed() -> None:
    """As if the first-run welcome had been shown (in a terminal it waits for
    Enter before the command goes on)."""
    marker = DataPaths(Path(os.environ["INTIMACY_HOME"])).welcome_marker
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()


class _Screen:
    """pexpect's log of what it read, fed to a terminal emulator in memory."""

    def __init__(self, rows: int, columns: int) -> None:
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.Stream(self.screen)

    def write(self, text: str) -> None:
        self.stream.feed(text)

    def flush(self) -> None:
        pass


class Person:
    """Drives the app in a pseudo-terminal: wait for a screen, then type; and
    read the screen as a person sees it (``lines``, ``shows``).

    ``welcomed`` marks the first-run welcome as already seen, so a test starts
    where it means to (the welcome waits for Enter in a terminal).
    """

    def __init__(
        self, *args: str, columns: int = 100, rows: int = 40, welcomed: bool = True
    ) -> None:
        if welcomed:
            mark_welcomed()
        env = {
            **os.environ,
            "TERM": "xterm",
            "COLUMNS": str(columns),
            "LINES": str(rows),
            # Nothing here answers prompt_toolkit's cursor-position request, so each
            # prompt would wait for it to time out.
            "PROMPT_TOOLKIT_NO_CPR": "1",
        }
        self.columns = columns
        self.terminal = _Screen(rows, columns)
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "intimacy_cli", *args],
            env=env,
            dimensions=(rows, columns),
            encoding="utf-8",
            timeout=TIMEOUT,
        )
        self.child.logfile_read = self.terminal

    def answer(self, screen: str, keys: str) -> None:
        self.child.expect_exact(screen)
        self.child.send(keys)

    def sees(self, text: str) -> None:
        self.child.expect_exact(text)

    def settle(self, seconds: float = 0.5) -> None:
        """Read whatever the app draws until it has been quiet for ``seconds``;
        what was read stays in pexpect's buffer for the next ``sees``."""
        while True:
            try:
                more = self.child.read_nonblocking(100_000, timeout=seconds)
            except (pexpect.TIMEOUT, pexpect.EOF):
                return
            self.child.buffer += more

    def lines(self) -> list[str]:
        """The screen as it is now, one string a row, trailing spaces dropped."""
        self.settle()
        return [line.rstrip() for line in self.terminal.screen.display]

    def shows(self, text: str) -> bool:
        """Whether ``text`` is on the screen with every word whole: lines are
        joined with a space, so a word broken across two lines, or cut at the
        edge, is not found."""
        flat = " ".join(" ".join(self.lines()).split())
        return " ".join(text.split()) in flat

    def exit_code(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        code: int = self.child.exitstatus
        return code


@pytest.fixture
def people() -> Iterator[list[Person]]:
    """Every spawned app is closed, even when a test fails half-way."""
    spawned: list[Person] = []
    yield spawned
    for person in spawned:
        if person.child.isalive():
            person.child.terminate(force=True)
