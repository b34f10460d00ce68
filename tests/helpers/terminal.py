"""The app in a real pseudo-terminal, driven by pexpect as a person would type.

Keys go to a prompt only once the prompt has taken the terminal. Text shown
before a prompt starts (a heading, or the question of a long answer, which is
printed above the input) can be on screen while the terminal is still in cooked
mode; keys typed then are turned by the terminal's line discipline before the
prompt reads them (Enter becomes a newline, so Esc then Enter no longer
finishes a long answer; on Python 3.12 a test hung like that).

The signal: prompt_toolkit (under questionary) switches the terminal to raw mode
before it first draws, and its first drawing turns on bracketed paste
(:data:`PROMPT_STARTS`); when it is done it turns it off (:data:`PROMPT_ENDS`).
Once :data:`PROMPT_STARTS` is seen, keys reach the prompt exactly as typed.
``getpass`` (the passphrase) prints its prompt only after it has turned echo
off, so its own prompt text is the signal there (:meth:`Terminal.type_unseen`).

Everything the app draws is also fed to a terminal emulator in memory (pyte),
so a test can read the screen as a person sees it (:meth:`Terminal.lines`,
:meth:`Terminal.shows`): at 60 and 80 columns (:data:`NARROW`), whether every
word of a question or an option is there, whole.
"""

from __future__ import annotations

import os
import sys
import termios
from pathlib import Path

import pexpect
import pyte

from helpers.app import PATIENCE
from intimacy_cli.base.paths import DataPaths

PROMPT_STARTS = "\x1b[?2004h"  # bracketed paste on: prompt_toolkit's first drawing
PROMPT_ENDS = "\x1b[?2004l"  # bracketed paste off: the prompt has finished

DOWN, UP, ENTER, SPACE, CTRL_C, CTRL_D = "\x1b[B", "\x1b[A", "\r", " ", "\x03", "\x04"
FINISH = "\x1b\r"  # Esc then Enter ends a multi-line answer
# The widths every interactive path is tried at, besides the default 100.
NARROW = (60, 80)


def mark_welcomed() -> None:
    """As if the first-run welcome had been shown: in a terminal it waits for
    Enter before the command goes on."""
    marker = DataPaths(Path(os.environ["INTIMACY_HOME"])).welcome_marker
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()


class _Screen:
    """A file for pexpect's log of what it read, feeding a terminal emulator."""

    def __init__(self, rows: int, columns: int) -> None:
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.Stream(self.screen)

    def write(self, text: str) -> None:
        self.stream.feed(text)

    def flush(self) -> None:
        pass


class Terminal:
    """``intimacy ARGS`` in a pseudo-terminal: wait for a screen, then type.

    ``welcomed`` (the default) marks the first-run welcome as seen, so the test
    starts where it means to.
    """

    def __init__(
        self,
        *args: str,
        env: dict[str, str] | None = None,
        rows: int = 40,
        columns: int = 100,
        welcomed: bool = True,
    ) -> None:
        if welcomed:
            mark_welcomed()
        self.screen = _Screen(rows, columns)
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "intimacy_cli", *args],
            env={
                **os.environ,  # the test's isolated folders
                "TERM": "xterm",
                "COLUMNS": str(columns),
                "LINES": str(rows),
                # Nothing here answers prompt_toolkit's cursor-position request, so
                # each prompt would wait for that request to time out.
                "PROMPT_TOOLKIT_NO_CPR": "1",
                **(env or {}),
            },
            dimensions=(rows, columns),
            encoding="utf-8",
            timeout=PATIENCE,
        )
        self.child.logfile_read = self.screen

    def wait_for_prompt(self, question: str) -> None:
        """Wait until a prompt asking ``question`` has taken the terminal.

        The question is either printed just before the prompt starts (long
        answers) or drawn by the prompt itself; any other prompt is a failure.
        """
        self.child.expect_exact(PROMPT_STARTS)
        assert not self.line_by_line(), "the prompt started but the terminal is not raw"
        printed_since_last_prompt = str(self.child.before).rsplit(PROMPT_ENDS, 1)[-1]
        if question in printed_since_last_prompt:
            return
        if self.child.expect_exact([question, PROMPT_STARTS]) == 1:
            raise AssertionError(f"a prompt started without showing {question!r}")

    def line_by_line(self) -> bool:
        """Whether the terminal is in cooked (canonical) mode, where typed keys
        wait for Enter and are translated, as they are before a prompt starts."""
        local_modes = termios.tcgetattr(self.child.child_fd)[3]
        return bool(local_modes & termios.ICANON)

    def answer(self, question: str, keys: str) -> None:
        """Wait for the prompt asking ``question``, then type ``keys`` into it."""
        self.wait_for_prompt(question)
        self.child.send(keys)

    def type_unseen(self, prompt: str, text: str) -> None:
        """Answer ``getpass``: its prompt appears only once echo is off."""
        self.child.expect_exact(prompt)
        self.child.send(text + ENTER)

    def sees(self, text: str) -> None:
        self.child.expect_exact(text)

    def settle(self, quiet: float = 0.5) -> None:
        """Read what the app draws until it has been quiet for ``quiet``
        seconds; what was read stays in pexpect's buffer for the next wait."""
        while True:
            try:
                more = self.child.read_nonblocking(100_000, timeout=quiet)
            except (pexpect.TIMEOUT, pexpect.EOF):
                return
            self.child.buffer += more

    def lines(self) -> list[str]:
        """The screen as it is now, one string a row, trailing spaces dropped."""
        self.settle()
        return [line.rstrip() for line in self.screen.screen.display]

    def shows(self, text: str) -> bool:
        """Whether ``text`` is on the screen with every word whole. Rows are
        joined with a space, so a word broken across two rows, or cut off at the
        edge, is not found."""
        flat = " ".join(" ".join(self.lines()).split())
        return " ".join(text.split()) in flat

    def exit_code(self) -> int:
        """Wait for the app to end; its exit status."""
        self.child.expect(pexpect.EOF)
        self.child.close()
        code: int = self.child.exitstatus
        return code

    def shown(self) -> str:
        """Everything shown since the last screen waited for, up to the end
        (call after :meth:`exit_code`)."""
        return str(self.child.before)


def run_in_terminal(
    *args: str,
    env: dict[str, str] | None = None,
    rows: int = 40,
    columns: int = 100,
    welcomed: bool = True,
) -> tuple[int, str]:
    """Run ``intimacy ARGS`` to its end in a pseudo-terminal without typing
    anything: the exit status and everything it showed."""
    terminal = Terminal(*args, env=env, rows=rows, columns=columns, welcomed=welcomed)
    try:
        code = terminal.exit_code()
    finally:
        terminal.child.close(force=True)
    return code, terminal.shown()
