"""Noticing, gently, when something a person saved suggests crisis or harm.

Flows that save free text (reflection answers, journal notes) call
:func:`notice_if_needed` with the texts *after* they are saved. If one of them
contains a phrase from ``crisis_phrases`` in ``prompts/support.yaml``, a short
note with where to find help goes to stderr. The note never asks anything,
never blocks, never changes the exit code, and nothing about the match is
stored or sent anywhere. ``crisis_notice = false`` in the settings file turns
it off.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from intimacy_cli import config
from intimacy_cli.content.framing import load_support
from intimacy_cli.text import fold

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


def _notice_wanted() -> bool:
    try:
        return config.load().crisis_notice
    except config.ConfigError:
        # The CLI stops on a broken settings file before anything is saved, so
        # this is reached only from other callers; when unsure, offer help.
        return True


def notice_if_needed(texts: Iterable[str]) -> None:
    """After saving: show the support note on stderr, once, if any of ``texts``
    suggests crisis or harm and the note is not turned off.

    Pass every free-text answer just saved (convert other answers with ``str``);
    call it once per save, not once per text, so the note appears at most once.
    """
    # The texts first: the settings file is read only when a note may be due.
    if not any(suggests_crisis(text) for text in texts) or not _notice_wanted():
        return
    from intimacy_cli.ui import console
    from intimacy_cli.ui.framing_view import crisis_notice

    console.err().print()
    console.err().print(crisis_notice(load_support()))
