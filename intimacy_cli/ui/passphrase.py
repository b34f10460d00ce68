"""Getting the passphrase of an encrypted journal: from the environment, or
typed on the terminal with nothing shown.

``getpass`` talks to the controlling terminal (``/dev/tty``) even when stdin
and stdout are pipes, so ``echo note | intimacy journal`` still asks there.
Without any terminal, ``getpass`` would read stdin with echo on after a
warning; that warning is turned into a clear error instead, so a script
never hangs or sends a passphrase through a pipe by accident.

Typed at a terminal, a mistake costs no round trip: a wrong passphrase may be
tried again (:data:`TRIES` in all), and a new one that does not match its
repetition, is the current one, or is shorter than :data:`MIN_LENGTH`
characters (after a warning, and unless typed once more to keep it) is simply
asked for again. From the environment nothing can be asked again, so a wrong
or unchanged passphrase ends the command, and a short one only gets the warning.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TypeVar

from intimacy_cli.base import messages
from intimacy_cli.base.errors import IntimacyError, NeedsTerminal

# Names of environment variables, not passphrases.
PASSPHRASE_ENV = "INTIMACY_PASSPHRASE"  # noqa: S105
NEW_PASSPHRASE_ENV = "INTIMACY_NEW_PASSPHRASE"  # noqa: S105
# How often a passphrase may be typed before the command gives up.
TRIES = 3
# Shorter than this, a new passphrase gets a warning and must be typed once
# more to keep: the file can be copied and guessed at offline, and scrypt
# slows each guess but cannot make a short passphrase long.
MIN_LENGTH = 8
ASK_CURRENT = "Passphrase for your journal: "
ASK_NEW = "New passphrase: "
ASK_AGAIN = "The same passphrase again: "
ASK_KEEP_SHORT = "Type it once more to keep it, or press Enter to choose another: "

T = TypeVar("T")


# prctl(2) options, from <linux/prctl.h>.
PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3


def protect_process() -> None:
    """Let no crash of this process write its memory to disk from now on: a
    core dump would hold the passphrase and decrypted words in plaintext.

    The core-file size limit goes to zero, soft and hard (a process may lower
    its limits, never raise them again), and on Linux the process is marked
    not dumpable (``PR_SET_DUMPABLE`` 0), which also covers a system whose
    ``core_pattern`` pipes dumps to a collector that ignores the limit, and
    keeps other processes of the same user from attaching a debugger. Best
    effort: a platform without these (Windows) just goes on.
    """
    try:
        import resource
    except ImportError:  # Windows
        return
    with suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        import ctypes

        with suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            zero = ctypes.c_ulong(0)
            libc.prctl(PR_SET_DUMPABLE, zero, zero, zero, zero)


def current_passphrase(journal: Path) -> str:
    """The passphrase of the encrypted ``journal`` file: ``$INTIMACY_PASSPHRASE``,
    else asked on the terminal (with core dumps off: see :func:`protect_process`)."""
    protect_process()
    return os.environ.get(PASSPHRASE_ENV) or _typed_current(journal)


def _typed_current(journal: Path) -> str:
    given = _ask(
        ASK_CURRENT,
        missing=f"the journal {journal} is encrypted and there is no terminal to ask "
        "for its passphrase",
        variable=PASSPHRASE_ENV,
    )
    if not given:
        raise IntimacyError(f"no passphrase was entered; {messages.NOTHING_CHANGED}")
    return given


def unlocked(journal: Path, open_with: Callable[[str], T]) -> T:
    """What ``open_with`` makes of the journal's passphrase (it raises when the
    passphrase does not open the file): from ``$INTIMACY_PASSPHRASE`` once, or
    typed at the terminal up to :data:`TRIES` times."""
    from intimacy_cli.store.errors import JournalError

    protect_process()
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return open_with(given)
    for left in range(TRIES - 1, 0, -1):
        try:
            return open_with(_typed_current(journal))
        except JournalError as error:
            # Only a file that would not open with this passphrase is worth a
            # retry (a guarded or replaced journal says so with its own kind).
            if type(error) is not JournalError:
                raise
            _say(f"That passphrase did not open the journal; try again ({_tries(left)} left).")
    return open_with(_typed_current(journal))  # the last try: its error ends the command


def new_passphrase(variable: str, *, is_current: Callable[[str], bool] | None = None) -> str:
    """A new passphrase: from ``variable`` in the environment, else typed twice
    (a typo in a passphrase nobody can see would lock the journal for good).

    ``is_current`` tells the journal's present passphrase (when changing it):
    choosing it again changes nothing, and says so.
    """
    protect_process()
    given = os.environ.get(variable)
    if given:
        if is_current is not None and is_current(given):
            raise IntimacyError(
                f"{variable} is the journal's current passphrase; {messages.NOTHING_CHANGED}"
            )
        if len(given) < MIN_LENGTH:
            _say(f"Warning: {_too_short(given)}")
        return given
    missing = "there is no terminal to type a new passphrase in"
    for left in range(TRIES - 1, 0, -1):
        chosen, problem = _choose(variable, missing, is_current)
        if chosen is not None:
            return chosen
        _say(f"{problem.capitalize()}; try again ({_tries(left)} left).")
    chosen, problem = _choose(variable, missing, is_current)
    if chosen is None:
        raise IntimacyError(
            f"no new passphrase after {_tries(TRIES)} ({problem}); {messages.NOTHING_CHANGED}",
            hint="run the command again when you have one in mind",
        )
    return chosen


def _choose(
    variable: str, missing: str, is_current: Callable[[str], bool] | None
) -> tuple[str | None, str]:
    """One round of choosing a new passphrase: it, or ``None`` and what was wrong."""
    first = _ask(ASK_NEW, missing=missing, variable=variable)
    if not first:
        raise IntimacyError(f"the passphrase cannot be empty; {messages.NOTHING_CHANGED}")
    if is_current is not None and is_current(first):
        return None, "that is the journal's passphrase already: choose a different one"
    if len(first) < MIN_LENGTH:
        _say(f"Warning: {_too_short(first)}")
        again = _ask(ASK_KEEP_SHORT, missing=missing, variable=variable)
        if not again:
            return None, "choose a longer passphrase"
    else:
        again = _ask(ASK_AGAIN, missing=missing, variable=variable)
    if again != first:
        return None, "the two passphrases are not the same"
    return first, ""


def _too_short(passphrase: str) -> str:
    return (
        f"this passphrase is only {len(passphrase)} characters. An encrypted journal is "
        "only as strong as its passphrase: anyone with a copy of the file can try "
        f"guesses for as long as they like. {MIN_LENGTH} characters or more is much "
        "safer; a few unrelated words are strong and easy to remember."
    )


def _tries(count: int) -> str:
    return f"{count} {'try' if count == 1 else 'tries'}"


def _say(message: str) -> None:
    from intimacy_cli.ui import console

    console.note(message)


def _ask(prompt: str, *, missing: str, variable: str) -> str:
    import getpass
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", getpass.GetPassWarning)
        try:
            return getpass.getpass(prompt)
        except getpass.GetPassWarning:
            raise NeedsTerminal(
                missing,
                hint=f"set {variable}; 'intimacy data encrypt --help' explains the risks",
            ) from None
