"""Phrases the app says in many places, written once (as jrnl's MsgText).

Each is the end of a sentence that tells a person what did not happen, so
every error says it the same way; none names a command (hints that do are
worded in ``commands/hints.py``).
"""

from __future__ import annotations

NOTHING_CHANGED = "nothing was changed"
NOTHING_SAVED = "nothing was saved"
NOTHING_IMPORTED = "nothing was imported"
NOTHING_WRITTEN = "nothing was written"
# After Ctrl-C, a closed terminal or a kill: what was already saved stays.
STOPPED = "Stopped. Anything you already saved is kept."
