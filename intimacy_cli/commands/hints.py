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

    by_kind: dict[type[IntimacyError], str] = {
        errors.JournalReplaced: ACCEPT_JOURNAL,
        errors.UnsafeFolder: "use a folder of your own: --data-dir or INTIMACY_HOME",
        errors.EntryNotFound: "see your entries and their ids: intimacy review",
    }
    for kind, hint in by_kind.items():
        if isinstance(error, kind):
            return hint
    if isinstance(error, errors.WrongEncryptionState):
        return (
            "to change its passphrase: intimacy data passphrase"
            if error.encrypted
            else "to encrypt it: intimacy data encrypt"
        )
    if isinstance(error, ContentError) and len(error.problems) > 1:
        return "see every problem: intimacy content check"
    return None
