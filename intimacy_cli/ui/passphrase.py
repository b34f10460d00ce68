"""Getting the passphrase of an encrypted journal: from the environment, or
typed on the terminal with nothing shown.

``getpass`` talks to the controlling terminal (``/dev/tty``) even when stdin
and stdout are pipes, so ``echo note | intimacy journal`` still asks there.
Without any terminal, ``getpass`` would read stdin with echo on after a
warning; that warning is turned into a clear error instead, so a script
never hangs or sends a passphrase through a pipe by accident.
"""

from __future__ import annotations

import os
import sys
from contextlib import suppress
from pathlib import Path

from intimacy_cli.base import messages
from intimacy_cli.base.errors import IntimacyError, NeedsTerminal

# Names of environment variables, not passphrases.
PASSPHRASE_ENV = "INTIMACY_PASSPHRASE"  # noqa: S105
NEW_PASSPHRASE_ENV = "INTIMACY_NEW_PASSPHRASE"  # noqa: S105


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
    given = os.environ.get(PASSPHRASE_ENV) or _ask(
        "Passphrase for your journal: ",
        missing=f"the journal {journal} is encrypted and there is no terminal to ask "
        "for its passphrase",
        variable=PASSPHRASE_ENV,
    )
    if not given:
        raise IntimacyError(f"no passphrase was entered; {messages.NOTHING_CHANGED}")
    return given


def new_passphrase(variable: str) -> str:
    """A new passphrase: from ``variable`` in the environment, else typed twice
    (a typo in a passphrase nobody can see would lock the journal for good)."""
    protect_process()
    given = os.environ.get(variable)
    if given:
        return given
    missing = "there is no terminal to type a new passphrase in"
    first = _ask("New passphrase: ", missing=missing, variable=variable)
    if not first:
        raise IntimacyError(f"the passphrase cannot be empty; {messages.NOTHING_CHANGED}")
    if _ask("The same passphrase again: ", missing=missing, variable=variable) != first:
        raise IntimacyError(
            f"the two passphrases are not the same; {messages.NOTHING_CHANGED}",
            hint="run the command again",
        )
    return first


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
