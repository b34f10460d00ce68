"""Asking before something that cannot be undone: in a terminal a yes/no
question (no by default); without one, a refusal naming the flag that skips it."""

from __future__ import annotations

from intimacy_cli.base.errors import NeedsTerminal


def confirmed(question: str, *, refusal: str) -> bool:
    """Whether the person said yes to ``question``; :class:`NeedsTerminal`
    (saying ``refusal`` and pointing to ``--yes``) when there is no terminal."""
    from intimacy_cli.ui import prompter

    ask = prompter.open_prompter()
    if ask is None:
        raise NeedsTerminal(refusal, hint="add --yes to do it without asking")
    return ask.confirm(question, default=False)
