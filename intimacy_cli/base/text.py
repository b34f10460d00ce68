"""How the app treats text it did not write: made safe to show, and compared
the way a person means it. Used by every layer, so it depends on none."""

from __future__ import annotations

import re
import unicodedata

# C0 controls (except tab and newline), DEL and C1 controls: ESC starts terminal
# escape sequences, and the others can move the cursor or ring bells.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# The Unicode blocks of combining accents (diacritical marks, their extension,
# supplement, symbols and half marks): what "accent-insensitive" removes.
_ACCENT_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def printable(text: str) -> str:
    """Make control characters visible (ESC becomes ``\\x1b``) so text typed by a
    person or read from a file can never drive the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def fold(text: str) -> str:
    """Lower-case and strip accents, so 'Résumé' matches 'resume'."""
    folded = text.casefold()
    if folded.isascii():  # most text: nothing to strip
        return folded
    # Decomposing splits 'é' into 'e' plus a combining accent; one regex pass
    # (in C, no per-character Python) then drops the accents.
    return _ACCENT_MARKS.sub("", unicodedata.normalize("NFKD", folded))


def counted(count: int, word: str, plural: str | None = None) -> str:
    """'1 entry', '3 entries': a number with its word in the right form."""
    return f"{count} {word if count == 1 else plural or word + 's'}"
