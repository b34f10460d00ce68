"""How the app treats text it did not write: made safe to show, and compared
the way a person means it. Used by every layer, so it depends on none."""

from __future__ import annotations

import re
from functools import cache

# C0 controls (except tab and newline), DEL and C1 controls: ESC starts terminal
# escape sequences, and the others can move the cursor or ring bells.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Invisible characters that change how the text around them reads: the
# bidirectional marks, embeddings, overrides and isolates (U+202E shows
# "txt.exe" as "exe.txt"), and the zero-width space, word joiner and BOM.
_INVISIBLE = (
    "\u061c\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"
)
# The zero-width (non-)joiner has work to do between two letters of a script
# that joins (Persian, Hindi) or two emoji (a family, a flag); next to plain
# ASCII, a space or an end of the text it can only hide something.
_JOINERS = "\u200c\u200d"
_SHOWN = (
    rf"[\x00-\x08\x0b-\x1f\x7f-\x9f{_INVISIBLE}]"
    rf"|(?<![^\s\x00-\x7f])[{_JOINERS}]|[{_JOINERS}](?![^\s\x00-\x7f])"
)
# The characters JSON output escapes beyond what JSON requires (see json_escaped).
_JSON_UNSAFE = "[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
# The same characters in UTF-8, and the first bytes of their encodings: most
# text holds none of those, and looking for one byte is far faster than the
# pattern (tests/test_export_json.py checks both against _JSON_UNSAFE).
_JSON_UNSAFE_UTF8 = (
    rb"\x7f|\xc2[\x80-\x9f]|\xd8\x9c|\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
)
_JSON_UNSAFE_LEADS = (b"\x7f", b"\xc2", b"\xd8", b"\xe2")
# The Unicode blocks of combining accents (diacritical marks, their extension,
# supplement, symbols and half marks): what "accent-insensitive" removes.
_ACCENT_MARKS = "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+"


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """The patterns above but _CONTROL, compiled when first needed (the one
    of bytes by ``re``'s own cache): every command imports this module, most
    never meet the text they are for, and compiling their ranges of Unicode
    costs more than the rest of the module."""
    return re.compile(pattern)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0x9F else f"<U+{code:04X}>"


def printable(text: str) -> str:
    """Text typed by a person or read from a file, safe for the terminal:
    control characters visible (ESC becomes ``\\x1b``) so it can never drive
    the terminal, and the invisible characters that reorder or hide text
    (bidirectional overrides, zero-width spaces) shown as ``<U+202E>``.

    For the screen only: what is stored or exported keeps these characters
    (files use :func:`escape_controls`)."""
    if text.isascii() or not any(char in text for char in _INVISIBLE + _JOINERS):
        # Most text: only controls can be there, and their pattern is compiled
        # already (compiling the other's ranges of Unicode costs far more).
        return _CONTROL.sub(_visible, text)
    return _compiled(_SHOWN).sub(_visible, text)


def escape_controls(text: str) -> str:
    """Control characters made visible, everything else kept: for files meant
    for people (Markdown and CSV exports), where a person's words stay theirs."""
    return _CONTROL.sub(_visible, text)


def json_escaped(json_text: str) -> str:
    """JSON text with DEL, the C1 controls and the bidirectional controls as
    ``\\u`` escapes (orjson writes them raw; some terminals obey C1 like ESC).
    The same JSON to every parser. Outside strings JSON is plain ASCII, so
    these can only be inside strings, where an escape means the character."""
    return _compiled(_JSON_UNSAFE).sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


def json_escaped_utf8(json_bytes: bytes) -> bytes:
    """:func:`json_escaped` for JSON already encoded as UTF-8, without decoding
    it: an export of a whole journal is written in pieces of bytes. UTF-8 never
    starts a character inside another, so a match is always that character."""
    if not any(lead in json_bytes for lead in _JSON_UNSAFE_LEADS):
        return json_bytes
    return re.sub(_JSON_UNSAFE_UTF8, lambda m: b"\\u%04x" % ord(m.group().decode()), json_bytes)


def fold(text: str) -> str:
    """Lower-case and strip accents, so 'Résumé' matches 'resume'."""
    folded = text.casefold()
    if folded.isascii():  # most text: nothing to strip
        return folded
    # Decomposing splits 'é' into 'e' plus a combining accent; one regex pass
    # (in C, no per-character Python) then drops the accents.
    import unicodedata  # here: most commands fold ASCII alone, if anything

    return _compiled(_ACCENT_MARKS).sub("", unicodedata.normalize("NFKD", folded))


def contains_folded(text: str, folded: str) -> bool:
    """Whether :func:`fold` of ``text`` contains ``folded`` (already folded):
    what a search asks of every entry it passes, so kept quick.

    Most searches are for ASCII words, and most text is ASCII around a few
    other characters (as in "café"), whose folding costs far more than the
    search. Folding changes an ASCII character only by lower-casing it, and
    any other one on its own, but for NFKD putting combining marks in order,
    which never moves one past an ASCII character. So an ASCII word is in the
    fold of a text exactly when it is in the text with its ASCII lower-cased
    and each other character replaced by its own fold."""
    if text.isascii():  # most text: folding it is lower-casing it
        return folded in text.lower()
    if not folded.isascii():
        return folded in fold(text)
    # As UTF-8, where bytes.lower() changes only the ASCII letters, and a
    # character's bytes are found only where that character is.
    lowered = _utf8(text).lower()
    for char in set(lowered.translate(None, _ASCII).decode("utf-8", "surrogatepass")):
        lowered = lowered.replace(_utf8(char), _folded_for_ascii(char))
    return folded.encode() in lowered


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # also a lone surrogate, as str keeps it


_ASCII = bytes(range(0x80))


@cache
def _folded_for_ascii(char: str) -> bytes:
    """:func:`fold` of one character as :func:`contains_folded` looks for an
    ASCII word in it: its ASCII kept, anything else the byte 0xFF, which no
    UTF-8 holds (so no other character's bytes are found in it), and which
    stands between letters as that character does."""
    return bytes(byte if byte < 0x80 else 0xFF for byte in _utf8(fold(char)))


def counted(count: int, word: str, plural: str | None = None) -> str:
    """'1 entry', '3 entries': a number with its word in the right form."""
    return f"{count} {word if count == 1 else plural or word + 's'}"
