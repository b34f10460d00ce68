"""Lists to pick from, drawn by the app itself on prompt_toolkit.

questionary's lists cut every line at the terminal's edge (often the very
option that is right), always put the cursor on an answer that a stray Enter
accepts, and save nothing when Enter is pressed with nothing ticked. This list
wraps the question and every option at word boundaries for the width of the
terminal at each redraw, can open on a line that is not an answer
(``placeholder``), ticks the highlighted item when Enter is pressed with nothing
ticked, and, when done, leaves behind the question and what was picked in words.

:class:`Picker` is the list's state and keys with no terminal in it;
:func:`run` shows it. prompt_toolkit is imported only in :func:`run`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from prompt_toolkit.formatted_text import StyleAndTextTuples as Fragments

Role = Literal["option", "placeholder", "action"]

POINTER = "»"
TICKED, UNTICKED = "[x]", "[ ]"
# The narrowest text column wrapping aims for, however narrow the terminal.
MIN_TEXT = 12
PICK_ONE_HINT = "(↑ ↓ to move, Enter to pick)"
PICK_MANY_HINT = "(↑ ↓ to move, Space to tick or untick, Enter when done)"
PLACEHOLDER_REFUSED = "That line is not an answer: move to one with ↑ ↓, then press Enter."


@dataclass(frozen=True)
class Row:
    """One line of the list: an answer (``option``), the line it may open on
    that is no answer (``placeholder``), or a way out such as "skip" (``action``)."""

    value: object
    label: str
    role: Role = "option"


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken between words
    (a word longer than a whole line is the only thing ever split); ``first``
    starts the first line and ``rest`` every other one."""
    room = max(width, max(len(first), len(rest)) + MIN_TEXT)
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lead = first if not lines else rest
        lines += textwrap.wrap(
            paragraph,
            width=room,
            initial_indent=lead,
            subsequent_indent=rest,
            break_on_hyphens=False,
        ) or [lead.rstrip()]
    return lines


class Picker:
    """What the list shows and what each key does.

    ``many`` lists tick any number of options; the others pick one row. Enter
    returns the answer from :meth:`enter`, or :data:`STAY` when the list stays
    open (on the placeholder, which says why).
    """

    STAY = object()

    def __init__(
        self,
        question: str,
        rows: Sequence[Row],
        *,
        many: bool = False,
        pointed: int = 0,
        ticked: Iterable[int] = (),
    ) -> None:
        assert rows, "a list needs at least one row"
        self.question = question
        self.rows = list(rows)
        self.many = many
        self.pointed = pointed
        self.ticked = set(ticked)
        self.message: str | None = None

    @property
    def hint(self) -> str:
        return PICK_MANY_HINT if self.many else PICK_ONE_HINT

    def move(self, step: int) -> None:
        self.pointed = (self.pointed + step) % len(self.rows)
        self.message = None

    def toggle(self) -> None:
        if not self.many or self.rows[self.pointed].role != "option":
            return
        self.ticked ^= {self.pointed}
        self.message = None

    def enter(self) -> Any:
        """The answer: one row's value, or the ticked values in list order (the
        highlighted one if none is ticked); an action row's value as it is."""
        row = self.rows[self.pointed]
        if row.role == "placeholder":
            self.message = PLACEHOLDER_REFUSED
            return self.STAY
        if not self.many or row.role == "action":
            return row.value
        if not self.ticked:
            self.ticked.add(self.pointed)
        return [self.rows[i].value for i in sorted(self.ticked)]

    def labels_of(self, answer: Any) -> list[str]:
        """How an answer from :meth:`enter` reads, for the line left behind."""
        wanted = answer if isinstance(answer, list) else [answer]
        return [row.label for row in self.rows if row.value in wanted]

    # -- drawing -------------------------------------------------------------

    def header(self, width: int) -> Fragments:
        lines = wrap(self.question, width, "? ", "  ")
        fragments: Fragments = [("class:qmark", lines[0][:2]), ("class:question", lines[0][2:])]
        for line in lines[1:]:
            fragments += [("", "\n"), ("class:question", line)]
        for line in wrap(self.hint, width, "  ", "  "):
            fragments += [("", "\n"), ("class:hint", line)]
        return fragments

    def body(self, width: int) -> Fragments:
        """The rows, with the cursor position on the highlighted one so a list
        taller than the screen scrolls to it."""
        fragments: Fragments = []
        for number, row in enumerate(self.rows):
            pointed = number == self.pointed
            mark = f" {POINTER} " if pointed else "   "
            if self.many and row.role == "option":
                mark += (TICKED if number in self.ticked else UNTICKED) + " "
            style = "class:pointed" if pointed else f"class:{row.role}"
            if pointed:
                fragments.append(("[SetCursorPosition]", ""))
            # A wrapped option's further lines hang under its text (under the
            # box, past it, in a list to tick), so where one option ends shows.
            lines = wrap(row.label, width, mark, " " * (len(mark) + (0 if self.many else 2)))
            for line in lines:
                fragments += [(style, line), ("", "\n")]
        if self.message:
            for line in wrap(self.message, width, "  ", "  "):
                fragments += [("class:message", line), ("", "\n")]
        return fragments[:-1]

    def echo(self, answer: Any, width: int) -> list[tuple[str, str]]:
        """(style, line) pairs left on screen once answered: the question, then
        what was picked, in words."""
        lines = [("bold", line) for line in wrap(self.question, width, "? ", "  ")]
        picked = ", ".join(self.labels_of(answer))
        style = "dim" if not isinstance(answer, list) and self._is_action(answer) else "cyan"
        lines += [(style, line) for line in wrap(picked, width, f"  {POINTER} ", "    ")]
        return lines

    def _is_action(self, value: Any) -> bool:
        return any(row.value is value and row.role == "action" for row in self.rows)


STYLE = {
    "qmark": "bold fg:ansicyan",
    "question": "bold",
    "hint": "fg:ansibrightblack",
    "pointed": "bold fg:ansicyan",
    "placeholder": "italic fg:ansibrightblack",
    "action": "fg:ansibrightblack",
    "message": "fg:ansiyellow",
}


def run(picker: Picker) -> Any:
    """Show the list until Enter gives an answer; Ctrl-C raises
    ``KeyboardInterrupt`` and Ctrl-D ``EOFError``. The list is erased when
    done, and the question and the answer are printed in its place."""
    from prompt_toolkit.application import Application, get_app
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout import HSplit, Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl
    from prompt_toolkit.output import ColorDepth
    from prompt_toolkit.styles import Style

    from intimacy_cli.ui import console

    def width() -> int:
        return max(1, get_app().output.get_size().columns - 1)

    keys = KeyBindings()

    @keys.add("up")
    @keys.add("c-p")
    @keys.add("k")
    def _up(event: Any) -> None:
        picker.move(-1)

    @keys.add("down")
    @keys.add("c-n")
    @keys.add("j")
    @keys.add("tab")
    def _down(event: Any) -> None:
        picker.move(1)

    @keys.add(" ")
    def _toggle(event: Any) -> None:
        picker.toggle()

    @keys.add("enter")
    def _enter(event: Any) -> None:
        answer = picker.enter()
        if answer is not Picker.STAY:
            event.app.exit(result=answer)

    @keys.add("c-c", eager=True)
    def _stop(event: Any) -> None:
        event.app.exit(exception=KeyboardInterrupt())

    @keys.add("c-d", eager=True)
    def _end(event: Any) -> None:
        event.app.exit(exception=EOFError())

    header = Window(
        FormattedTextControl(lambda: picker.header(width())),
        dont_extend_height=True,
        always_hide_cursor=True,
    )
    body = Window(
        FormattedTextControl(lambda: picker.body(width()), focusable=True, show_cursor=False),
        dont_extend_height=True,
        always_hide_cursor=True,
    )
    app: Application[Any] = Application(
        layout=Layout(HSplit([header, body]), focused_element=body),
        key_bindings=keys,
        style=Style.from_dict(STYLE),
        erase_when_done=True,
        color_depth=None if console.color_enabled() else ColorDepth.MONOCHROME,
    )
    answer = app.run()
    out = console.out()
    for style, line in picker.echo(answer, max(1, out.width - 1)):
        out.print(console.literal(line, style=style), soft_wrap=True)
    return answer
