"""Recognising, gently, text that suggests crisis or harm.

A text matches when it contains one of the ``crisis_phrases`` in
``prompts/support.yaml`` as whole words, ignoring case and accents. What
follows a match (a short note on where to find help) is the saving flow's
job; nothing about a match is stored or sent anywhere.

Every save checks what was typed, so the phrases are not read from the YAML
file each time: ``crisis.json`` beside this module holds the expression made
from them, and the words of each, with a hash of the ``support.yaml`` they
were made from. An edited ``support.yaml`` (a translation, say) no longer
matches that hash and is read itself, so the phrases in force are always the
file's. A text can hold a phrase only if it holds every word of it, so a
text that holds all the words of no phrase (most) is checked without
compiling the expression, which costs more than the rest of a save's check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from intimacy_cli.base import paths
from intimacy_cli.base.hashing import blake2b
from intimacy_cli.base.text import fold

# Between the words of a phrase: any mix of spaces and hyphens (ASCII or
# Unicode dashes), or nothing, so "self harm", "self-harm" and "selfharm" match.
_SEPARATOR = r"[\s\-\u2010-\u2015]*"
_WORD = re.compile(r"[^\s\-\u2010-\u2015]+")

PRECOMPILED = Path(__file__).with_name("crisis.json")
SUPPORT_FILE = "support.yaml"  # in the built-in prompts folder


def _phrase_pattern(phrase: str) -> str:
    return _SEPARATOR.join(re.escape(word) for word in _WORD.findall(fold(phrase)))


def crisis_pattern(phrases: Iterable[str]) -> str:
    """One expression for all phrases, each as whole words (no match inside
    another word: "abuse" is not found in "disabused")."""
    alternatives = "|".join(_phrase_pattern(phrase) for phrase in phrases)
    return rf"(?<!\w)(?:{alternatives})(?!\w)"


def phrase_words(phrases: Iterable[str]) -> list[list[str]]:
    """Each phrase's words as the expression folds them: a match of a phrase
    holds every one of its words."""
    return [_WORD.findall(fold(phrase)) for phrase in phrases]


def support_digest(source: bytes) -> str:
    """What ``crisis.json`` records of the ``support.yaml`` it was made from."""
    return blake2b(source, digest_size=16).hexdigest()


def precompiled_document(source: bytes, phrases: Iterable[str]) -> bytes:
    """The contents of ``crisis.json`` for ``support.yaml`` bytes and its phrases."""
    import orjson

    phrases = list(phrases)
    document = {
        "support_yaml": support_digest(source),
        "pattern": crisis_pattern(phrases),
        "words": phrase_words(phrases),
    }
    return orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"


def _precompiled(source: bytes) -> tuple[str, list[list[str]]] | None:
    """The shipped expression and its phrases' words, if made from exactly ``source``."""
    import orjson

    try:
        document = orjson.loads(PRECOMPILED.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    if not isinstance(document, dict) or document.get("support_yaml") != support_digest(source):
        return None
    pattern, words = document.get("pattern"), document.get("words")
    if not isinstance(pattern, str) or not isinstance(words, list):
        return None
    if not all(isinstance(each, list) and all(isinstance(w, str) for w in each) for each in words):
        return None
    return pattern, words


@cache
def _phrases() -> tuple[str, list[list[str]]]:
    """The expression in force, and the words of each of its phrases."""
    support = paths.builtin_prompts_dir() / SUPPORT_FILE
    try:
        source = support.read_bytes()
    except OSError:
        source = b""  # then reading it below says what is wrong, in one line
    found = _precompiled(source)
    if found is None:
        from intimacy_cli.content.framing import load_support

        phrases = load_support().crisis_phrases
        found = crisis_pattern(phrases), phrase_words(phrases)
    return found


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def suggests_crisis(text: str) -> bool:
    """Whether ``text`` contains a crisis phrase, ignoring case and accents."""
    pattern, words = _phrases()
    folded = fold(text)
    if not any(all(word in folded for word in each) for each in words):
        return False  # it lacks a word of every phrase
    return _compiled(pattern).search(folded) is not None
