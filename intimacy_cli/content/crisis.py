"""Recognising, gently, text that suggests crisis or harm.

A text matches when it contains one of the ``crisis_phrases`` in
``prompts/support.yaml`` as whole words, ignoring case and accents. What
follows a match (a short note on where to find help) is the saving flow's
job; nothing about a match is stored or sent anywhere.
"""

from __future__ import annotations

import re
from functools import cache

from intimacy_cli.base.text import fold
from intimacy_cli.content.framing import load_support

# Between the words of a phrase: any mix of spaces and hyphens (ASCII or
# Unicode dashes), or nothing, so "self harm", "self-harm" and "selfharm" match.
_SEPARATOR = r"[\s\-\u2010-\u2015]*"
_WORD = re.compile(r"[^\s\-\u2010-\u2015]+")


def _phrase_pattern(phrase: str) -> str:
    return _SEPARATOR.join(re.escape(word) for word in _WORD.findall(fold(phrase)))


@cache
def _crisis_pattern() -> re.Pattern[str]:
    """One expression for all phrases, each as whole words (no match inside
    another word: "abuse" is not found in "disabused")."""
    alternatives = "|".join(_phrase_pattern(p) for p in load_support().crisis_phrases)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def suggests_crisis(text: str) -> bool:
    """Whether ``text`` contains a crisis phrase, ignoring case and accents."""
    return _crisis_pattern().search(fold(text)) is not None
