"""What to do next, for errors the lower layers raise as plain facts.

The store and the content loader say what is wrong; only the commands know
which command or flag helps, so that wording lives here, in one place, and
the error handler adds it to any error that brings no hint of its own.
"""

from __future__ import annotations

from intimacy_cli.base.errors import IntimacyError

ACCEPT_JOURNAL = (
    "if you replaced it on purpose (restored a backup, decrypted it elsewhere): "
    "intimacy data accept-journal"
)


def hint_for(error: IntimacyError) -> str | None:
    """The error's own hint, else the command that helps with its kind."""
    if error.hint:
        return error.hint
    # Imported here: most commands never fail, and these modules need not load.
    from intimacy_cli.content.loader import ContentError
    from intimacy_cli.store import errors

    encrypted = isinstance(error, errors.WrongEncryptionState) and error.encrypted
    hints: list[tuple[bool, str]] = [
        (isinstance(error, errors.JournalReplaced), ACCEPT_JOURNAL),
        (
            isinstance(error, errors.UnsafeFolder),
            "use a folder of your own: --data-dir or INTIMACY_HOME",
        ),
        (encrypted, "to change its passphrase: intimacy data passphrase"),
        (
            isinstance(error, errors.WrongEncryptionState) and not encrypted,
            "to encrypt it: intimacy data encrypt",
        ),
        (
            isinstance(error, errors.WordsKept),
            "once the journal can be written again, save it with: intimacy data recover",
        ),
        (
            isinstance(error, errors.EntryNotFound),
            "see your entries and their ids: intimacy review",
        ),
        (
            isinstance(error, ContentError) and len(error.problems) > 1,
            "see every problem: intimacy content check",
        ),
    ]
    return next((hint for applies, hint in hints if applies), None)
