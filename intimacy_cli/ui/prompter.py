"""Every question the app asks goes through a :class:`Prompter`.

The flows (learn, reflect, journal, home) speak to this small interface, so
they run the same against a real terminal (:class:`QuestionaryPrompter`) and
against a script in the tests. Methods return ``None`` when the person chose to
skip; Ctrl-C raises ``KeyboardInterrupt`` and Ctrl-D ``EOFError``, which the CLI
turns into a calm message and exit 130.

questionary and prompt_toolkit are imported only inside the methods, so
commands that never ask anything do not pay for them at start-up.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from intimacy_cli.base.text import printable
from intimacy_cli.ui import console

if TYPE_CHECKING:
    from questionary import Question

# A scale longer than this is typed as a number instead of picked from a list.
MAX_SCALE_MENU = 11
SKIP = "Skip this question"
LONG_TEXT_HELP = "(Esc then Enter, or Alt+Enter, to finish; leave empty to skip)"
# The value of the "skip" entry in a menu: no option can be this object (questionary
# would replace a ``None`` value with the entry's title).
_SKIPPED = object()


@dataclass(frozen=True)
class Option:
    """One entry in a list to pick from: the value returned, and what is shown."""

    value: str
    label: str = ""

    @property
    def shown(self) -> str:
        return self.label or self.value


class Prompter(Protocol):
    def pause(self, message: str) -> None:
        """Wait until the person is ready to go on."""

    def confirm(self, question: str, *, default: bool) -> bool:
        """A yes/no question (never skipped: the default is one keypress away)."""

    def select(
        self,
        question: str,
        options: Sequence[Option],
        *,
        default: str | None = None,
        skip: str | None = None,
    ) -> str | None:
        """One option's value; ``skip`` is the label of an extra "skip" entry
        (``None``: the question cannot be skipped)."""

    def text(
        self, question: str, *, instruction: str | None = None, initial: str = ""
    ) -> str | None:
        """One line of text, starting from ``initial``; empty means skipped."""

    def long_text(
        self, question: str, *, instruction: str | None = None, initial: str = ""
    ) -> str | None:
        """Several lines of text, starting from ``initial``; empty means skipped."""

    def scale(
        self,
        question: str,
        low: int,
        high: int,
        *,
        low_label: str | None = None,
        high_label: str | None = None,
    ) -> int | None:
        """A whole number from ``low`` to ``high``, or ``None`` if skipped."""

    def checkbox(self, question: str, options: Sequence[str]) -> list[str] | None:
        """Any number of options; none picked means skipped."""


def can_prompt() -> bool:
    """Whether a person is there to answer: both stdin and stdout are terminals."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def open_prompter() -> Prompter | None:
    """The terminal prompter, or ``None`` without a terminal (tests replace this)."""
    return QuestionaryPrompter() if can_prompt() else None


class StoppedTyping(KeyboardInterrupt):
    """Ctrl-C or Ctrl-D in the middle of typing: the person stops, and the words
    typed so far travel with the exception so they can be shown back, not lost."""

    def __init__(self, unsaved: str) -> None:
        super().__init__()
        self.unsaved = unsaved


def _ask(question: Question) -> Any:
    """Ask, letting Ctrl-C and Ctrl-D out as ``KeyboardInterrupt`` (``EOFError``
    for Ctrl-D on an empty answer), carrying any half-typed text along.

    questionary's ``ask()`` would swallow Ctrl-C and return ``None``, which looks
    exactly like "skipped"; menus ignore Ctrl-D unless told otherwise.
    """
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    extra = KeyBindings()

    @extra.add("c-c", eager=True)
    @extra.add("c-d", eager=True)
    def _stop(event: Any) -> None:
        typed = event.app.current_buffer.text
        if typed.strip():
            stopped: BaseException = StoppedTyping(typed)
        else:
            stopped = EOFError() if event.key_sequence[0].key == "c-d" else KeyboardInterrupt()
        event.app.exit(exception=stopped, style="class:aborting")

    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), extra])
    return question.unsafe_ask()


def _blank_to_none(value: str) -> str | None:
    return value if value.strip() else None


class QuestionaryPrompter:
    """Asks in the terminal with questionary; content text is shown literally."""

    def pause(self, message: str) -> None:
        import questionary

        _ask(questionary.press_any_key_to_continue(printable(message)))

    def confirm(self, question: str, *, default: bool) -> bool:
        import questionary

        return bool(_ask(questionary.confirm(printable(question), default=default)))

    def select(
        self,
        question: str,
        options: Sequence[Option],
        *,
        default: str | None = None,
        skip: str | None = None,
    ) -> str | None:
        import questionary

        choices = [questionary.Choice(printable(o.shown), value=o.value) for o in options]
        if skip is not None:
            choices.append(questionary.Choice(printable(skip), value=_SKIPPED))
        answer = _ask(questionary.select(printable(question), choices=choices, default=default))
        return None if answer is _SKIPPED else str(answer)

    def text(
        self, question: str, *, instruction: str | None = None, initial: str = ""
    ) -> str | None:
        import questionary

        hint = printable(instruction or "(Enter to skip)")
        question_ = questionary.text(printable(question), instruction=hint, default=initial)
        return _blank_to_none(_ask(question_))

    def long_text(
        self, question: str, *, instruction: str | None = None, initial: str = ""
    ) -> str | None:
        import questionary

        # The question and its hint are printed, wrapped, above the input: a
        # multi-line prompt's own first line does not wrap and would cut them off.
        console.out().print(console.literal(f"? {question}", style="bold"))
        console.out().print(console.literal(f"  {instruction or LONG_TEXT_HELP}", style="dim"))
        question_ = questionary.text("", qmark=">", multiline=True, instruction="", default=initial)
        return _blank_to_none(_ask(question_))

    def scale(
        self,
        question: str,
        low: int,
        high: int,
        *,
        low_label: str | None = None,
        high_label: str | None = None,
    ) -> int | None:
        if high - low < MAX_SCALE_MENU:
            labels = {low: low_label, high: high_label}
            options = [
                Option(str(n), f"{n} - {labels[n]}" if labels.get(n) else str(n))
                for n in range(low, high + 1)
            ]
            picked = self.select(question, options, skip=SKIP)
            return None if picked is None else int(picked)
        return self._typed_scale(question, low, high, low_label, high_label)

    def _typed_scale(
        self, question: str, low: int, high: int, low_label: str | None, high_label: str | None
    ) -> int | None:
        import questionary

        def valid(value: str) -> bool | str:
            if not value.strip():
                return True
            try:
                return low <= int(value) <= high or f"A number from {low} to {high}, please"
            except ValueError:
                return f"A whole number from {low} to {high}, please"

        ends = f"{low} = {low_label or 'lowest'}, {high} = {high_label or 'highest'}"
        hint = printable(f"({ends}; Enter to skip)")
        answer = _ask(questionary.text(printable(question), instruction=hint, validate=valid))
        return int(answer) if answer.strip() else None

    def checkbox(self, question: str, options: Sequence[str]) -> list[str] | None:
        import questionary

        choices = [questionary.Choice(printable(o), value=o) for o in options]
        hint = "(Space to pick, Enter when done; pick none to skip)"
        answer = _ask(questionary.checkbox(printable(question), choices=choices, instruction=hint))
        return list(answer) or None
