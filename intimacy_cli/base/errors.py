"""Errors a user can cause, and how the CLI turns them into exit codes.

Anything raised as an :class:`IntimacyError` is shown as one calm line on stderr
and ends the command with its ``exit_code``. Any other exception is a bug: the
CLI says so in one line, with where to report it; no traceback reaches the
user unless ``INTIMACY_DEBUG=1`` asks for it.
"""

from __future__ import annotations

from enum import IntEnum

# Where a bug is reported; the same address as [project.urls] in pyproject.toml.
ISSUES_URL = "https://github.com/intimacy-cli/intimacy-cli/issues"
# Set (to anything but 0) to see the traceback of an unexpected error.
DEBUG_ENV = "INTIMACY_DEBUG"


class ExitStatus(IntEnum):
    """Every exit code the app ends with (as httpie's ``status.py``): a signal's
    is 128 plus its number, as a shell reports a command the signal ended."""

    OK = 0
    ERROR = 1
    USAGE = 2  # as click's usage errors
    HANGUP = 129  # SIGHUP: the terminal was closed
    INTERRUPTED = 130  # SIGINT: Ctrl-C (and Ctrl-D at a prompt)
    TERMINATED = 143  # SIGTERM: asked to stop, e.g. by `kill` or a shutdown


class IntimacyError(Exception):
    """A problem the user can fix: bad input, a missing lesson, an unreadable file."""

    exit_code: ExitStatus = ExitStatus.ERROR

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageProblem(IntimacyError):
    """The command line itself is wrong (exit 2, like click's usage errors)."""

    exit_code = ExitStatus.USAGE


class NeedsTerminal(IntimacyError):
    """An interactive command ran without a terminal and had no answers supplied."""


class Stopped(BaseException):
    """The process was told to end by a signal (SIGTERM, SIGHUP).

    Raised from the signal handler and unwound like Ctrl-C's
    ``KeyboardInterrupt``, so every ``finally`` runs (an editor draft is
    removed, a half-written temporary file deleted) and what was already
    saved stays saved. A ``BaseException``, so no ``except Exception`` can
    swallow it; the CLI ends with its ``status``.
    """

    def __init__(self, status: ExitStatus) -> None:
        super().__init__(status)
        self.status = status
