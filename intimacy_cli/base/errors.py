"""Errors a user can cause, and how the CLI turns them into exit codes.

Anything raised as an :class:`IntimacyError` is shown as one calm line on stderr
and ends the command with its ``exit_code``; no traceback ever reaches the user.
"""

from __future__ import annotations


class IntimacyError(Exception):
    """A problem the user can fix: bad input, a missing lesson, an unreadable file."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageProblem(IntimacyError):
    """The command line itself is wrong (exit 2, like click's usage errors)."""

    exit_code = 2


class NeedsTerminal(IntimacyError):
    """An interactive command ran without a terminal and had no answers supplied."""
