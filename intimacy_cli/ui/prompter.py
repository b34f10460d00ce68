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
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from intimacy_cli.base.text import printable
from intimacy_cli.ui import console

if TYPE_CHECKING:
    from questionary import Question

# A scale longer than this is typed as a number instead of picked from a list.
MAX_SCALE_MENU = 11
SKIP = "Skip this question"
# The way out of a question when changing an answer already saved.
KEEP = "Keep it as it is"
# The first line of a quiz or a new scale or choice answer: no answer, so a
# stray Enter saves nothing.
CHOOSE = "(choose an answer)"
CHOOSE_NUMBER = "(choose a number)"
LONG_TEXT_HELP = "(Esc then Enter, or Alt+Enter, to finish; leave empty to skip)"
# The values of the "skip" entry and of the placeholder line in a list: no option
# can be either object.
_SKIPPED = object()
_PLACEHOLDER = object()


class Option(NamedTuple):
    """One entry in a list to pick from: the value returned, and what is shown.

    A named tuple, not a dataclass: this module is imported by every command
    that may ask, asking or not, and a dataclass costs about as much to make
    as the rest of the module."""

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
        placeholder: str | None = None,
    ) -> str | None:
        """One option's value; ``skip`` is the label of an extra "skip" entry
        (``None``: the question cannot be skipped). ``placeholder`` is a first
        line that is no answer, where the list opens unless ``default`` names an
        option: Enter there is refused, so a stray Enter answers nothing."""

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
        initial: int | None = None,
        skip: str = SKIP,
    ) -> int | None:
        """A whole number from ``low`` to ``high``, or ``None`` if skipped (or,
        when changing an answer, kept). The list opens on ``initial``, or on a
        line that is no answer when there is none."""

    def checkbox(
        self,
        question: str,
        options: Sequence[Option],
        *,
        checked: Sequence[str] = (),
        skip: str = SKIP,
    ) -> list[str] | None:
        """Any number of options, those in ``checked`` ticked to begin with;
        Enter with nothing ticked picks the highlighted one. ``None`` when the
        ``skip`` entry was chosen."""


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


def discard_typeahead() -> None:
    """Forget keys pressed before a question appeared (people press Enter to
    go on through a lesson, and a key pressed twice must not answer what comes
    next): prompt_toolkit's own store of keys read too early, and whatever the
    terminal holds unread."""
    from prompt_toolkit.application.current import get_app_session
    from prompt_toolkit.input.typeahead import clear_typeahead

    clear_typeahead(get_app_session().input)
    try:
        import termios

        if sys.stdin.isatty():
            termios.tcflush(sys.stdin.fileno(), termios.TCIFLUSH)
    except (ImportError, OSError, ValueError):  # no termios (Windows), or a closed stdin
        return


def _width() -> int:
    """Columns to wrap a question in: the terminal's, less one so that a full
    line never makes the terminal wrap on its own."""
    from prompt_toolkit.application.current import get_app_session

    return max(1, get_app_session().output.get_size().columns - 1)


def _message(question: str, room_after: int = 0) -> str:
    """A question broken between words for the terminal, continuation lines
    under the first word, with ``room_after`` characters left free on the last
    line for what questionary writes after it (such as ``(Y/n)``)."""
    from intimacy_cli.ui.picker import wrap

    lines = wrap(printable(question), _width() - 2, "", "  ")
    if len(lines[-1]) + room_after > _width() - 2:
        lines.append("")  # the hint goes on a line of its own
    return "\n".join(lines)


def _print_question(question: str, hint: str) -> None:
    """The question (bold) and its hint (dim), wrapped between words, printed
    above the place where the answer is typed."""
    from intimacy_cli.ui.picker import wrap

    out = console.out()
    for line in wrap(printable(question), _width(), "? ", "  "):
        out.print(console.literal(line, style="bold"), soft_wrap=True)
    for line in wrap(printable(hint), _width(), "  ", "  "):
        out.print(console.literal(line, style="dim"), soft_wrap=True)


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
    """Asks in the terminal: questionary for typing, the app's own list
    (:mod:`intimacy_cli.ui.picker`) for picking. Every question first forgets
    keys pressed before it appeared; content text is shown literally and broken
    between words, never cut."""

    def pause(self, message: str) -> None:
        import questionary

        discard_typeahead()
        _ask(questionary.press_any_key_to_continue(_message(message)))

    def confirm(self, question: str, *, default: bool) -> bool:
        import questionary

        discard_typeahead()
        asked = questionary.confirm(_message(question, len(" (Y/n) Yes")), default=default)
        return bool(_ask(asked))

    def select(
        self,
        question: str,
        options: Sequence[Option],
        *,
        default: str | None = None,
        skip: str | None = None,
        placeholder: str | None = None,
    ) -> str | None:
        from intimacy_cli.ui.picker import Picker, Row, run

        rows = [Row(_PLACEHOLDER, printable(placeholder), "placeholder")] if placeholder else []
        rows += [Row(o.value, printable(o.shown)) for o in options]
        if skip is not None:
            rows.append(Row(_SKIPPED, printable(skip), "action"))
        values = [row.value for row in rows]
        pointed = values.index(default) if default in values else 0
        discard_typeahead()
        answer = run(Picker(printable(question), rows, pointed=pointed))
        return None if answer is _SKIPPED else str(answer)

    def text(
        self, question: str, *, instruction: str | None = None, initial: str = ""
    ) -> str | None:
        import questionary

        discard_typeahead()
        _print_question(question, instruction or "(Enter to skip)")
        asked = questionary.text("", qmark=">", instruction="", default=initial)
        return _blank_to_none(_ask(asked))

    def long_text(
        self, question: str, *, instruction: str | None = None, initial: str = ""
    ) -> str | None:
        import questionary

        discard_typeahead()
        # A multi-line prompt's own first line does not wrap and would cut the
        # question off: it is printed above the input instead, as for one line.
        _print_question(question, instruction or LONG_TEXT_HELP)
        asked = questionary.text("", qmark=">", multiline=True, instruction="", default=initial)
        return _blank_to_none(_ask(asked))

    def scale(
        self,
        question: str,
        low: int,
        high: int,
        *,
        low_label: str | None = None,
        high_label: str | None = None,
        initial: int | None = None,
        skip: str = SKIP,
    ) -> int | None:
        if high - low < MAX_SCALE_MENU:
            labels = {low: low_label, high: high_label}
            options = [
                Option(str(n), f"{n} - {labels[n]}" if labels.get(n) else str(n))
                for n in range(low, high + 1)
            ]
            picked = self.select(
                question,
                options,
                default=None if initial is None else str(initial),
                skip=skip,
                placeholder=None if initial is not None else CHOOSE_NUMBER,
            )
            return None if picked is None else int(picked)
        return self._typed_scale(
            question, low, high, labels=(low_label, high_label), initial=initial, skip=skip
        )

    def _typed_scale(
        self,
        question: str,
        low: int,
        high: int,
        *,
        labels: tuple[str | None, str | None],
        initial: int | None,
        skip: str,
    ) -> int | None:
        import questionary

        low_label, high_label = labels

        def valid(value: str) -> bool | str:
            if not value.strip():
                return True
            try:
                return low <= int(value) <= high or f"A number from {low} to {high}, please"
            except ValueError:
                return f"A whole number from {low} to {high}, please"

        ends = f"{low} = {low_label or 'lowest'}, {high} = {high_label or 'highest'}"
        empty = skip[0].lower() + skip[1:]
        discard_typeahead()
        _print_question(question, f"(a number: {ends}; left empty: {empty})")
        asked = questionary.text(
            "",
            qmark=">",
            instruction="",
            validate=valid,
            default="" if initial is None else str(initial),
        )
        answer = _ask(asked)
        return int(answer) if answer.strip() else None

    def checkbox(
        self,
        question: str,
        options: Sequence[Option],
        *,
        checked: Sequence[str] = (),
        skip: str = SKIP,
    ) -> list[str] | None:
        from intimacy_cli.ui.picker import Picker, Row, run

        rows = [Row(o.value, printable(o.shown)) for o in options]
        rows.append(Row(_SKIPPED, printable(skip), "action"))
        ticked = [n for n, o in enumerate(options) if o.value in checked]
        discard_typeahead()
        answer = run(Picker(printable(question), rows, many=True, ticked=ticked))
        return None if answer is _SKIPPED else [str(value) for value in answer]
