"""Couple mode on screen: the safety note, the safety phrase, the list of rounds,
and the reveal, both partners' answers side by side. Drawing only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from intimacy_cli.store.entry import answer_text
from intimacy_cli.ui import console

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

    from intimacy_cli.content.model import Reflection

SAFETY_NOTE = (
    "Before you pair, a word on safety. Anyone who can use this computer account can "
    "copy your profile's files, and a partner who controls the device can see the screen "
    "or install software that watches it. Encrypt your profile with its own passphrase, "
    "keep answers private when sharing them would not feel safe, and remember no "
    "cryptography can protect you from being made to unlock it. If you feel unsafe with "
    "your partner, 'intimacy support' lists places that help."
)
TALK = "What surprised you? What would you like to hear more about?"
NOT_SHARED = "not shared"
YOU, THEM = "●", "○"
BOTH = "◉"
# The widest a reveal is drawn (piped output has no edge): two comfortable columns.
MEASURE = 100


def show_safety_note() -> None:
    console.note(SAFETY_NOTE)


def show_phrase(phrase: str, partner: str) -> None:
    from rich.text import Text

    line = Text("Safety phrase: ", style="bold")
    line.append(phrase)
    console.out().print(line)
    console.note(
        f"Compare it with the words on {partner}'s screen, aloud, in person or on a call you "
        "trust. If any word differs, do not confirm: the card is not the one they sent."
    )


def rounds_table(rows: Sequence[tuple[str, str, str, str]]) -> Any:
    """Each round: its short id, lesson, questions and what it is waiting for."""
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for name in ("Round", "Lesson", "Questions", "Now"):
        table.add_column(name, overflow="fold")
    for round_id, lesson, questions, status in rows:
        table.add_row(round_id, console.literal(lesson), questions, console.literal(status))
    return table


@dataclass(frozen=True)
class Question:
    """One question of a reveal, with what each partner shared (``None``: not shared)."""

    reflection: Reflection
    mine: Any
    theirs: Any


class Reveal:
    """The answers side by side, question by question, scales as one line."""

    def __init__(self, title: str, partner: str, questions: Sequence[Question]) -> None:
        self.title = title
        self.partner = partner
        self.questions = questions

    def __rich_console__(self, console_: Console, options: ConsoleOptions) -> RenderResult:
        from rich.constrain import Constrain
        from rich.padding import Padding
        from rich.text import Text

        width = min(options.max_width, MEASURE)

        title = console.literal(self.title, "bold")
        title.append(": your answers side by side")
        yield title
        yield Text("Differences are not scored; they are something to talk about.", style="dim")
        for number, question in enumerate(self.questions, 1):
            yield Text("")
            heading = Text(f"{number}. ", style="bold")
            heading.append_text(console.literal(question.reflection.question, "bold"))
            yield heading
            answers = Constrain(self._answers(question, width - 3), width - 3)
            yield Padding(answers, (0, 0, 0, 3))
        yield Text("")
        yield Text(TALK, style="italic")

    def _answers(self, question: Question, width: int) -> Any:
        reflection = question.reflection
        if reflection.kind == "scale" and _is_number(question.mine, question.theirs):
            return _scale_line(reflection, question.mine, question.theirs, self.partner, width)
        from rich.table import Table

        table = Table(box=None, pad_edge=False, expand=True, show_edge=False)
        table.add_column("You", ratio=1, overflow="fold")
        table.add_column(console.literal(self.partner), ratio=1, overflow="fold")
        table.add_row(_answer(question.mine), _answer(question.theirs))
        return table


def _answer(value: Any) -> Any:
    if value is None:
        return console.literal(NOT_SHARED, "dim italic")
    if isinstance(value, list):
        return console.literal("\n".join(f"• {item}" for item in value) or "(none ticked)")
    return console.literal(answer_text(value))


def _is_number(*values: Any) -> bool:
    return all(
        value is None or (isinstance(value, int | float) and not isinstance(value, bool))
        for value in values
    )


def _scale_line(reflection: Reflection, mine: Any, theirs: Any, partner: str, width: int) -> Any:
    """Both positions on one line: ``0 ──●─────○── 10``, then who is where."""
    from rich.text import Text

    low, high = reflection.min or 0, reflection.max or 10
    ends = len(str(low)) + len(str(high)) + 2
    cells = max(11, min(width, 60) - ends)
    bar = ["─"] * cells

    def place(value: Any, mark: str) -> None:
        if value is None:
            return
        at = round((min(max(value, low), high) - low) / max(high - low, 1) * (cells - 1))
        bar[at] = BOTH if bar[at] in (YOU, THEM) else mark

    place(mine, YOU)
    place(theirs, THEM)
    line = Text(f"{low} ")
    line.append("".join(bar))
    line.append(f" {high}")
    legend = Text(f"{YOU} you {_scale_value(mine)}   {THEM} ")
    legend.append_text(console.literal(partner))
    legend.append(f" {_scale_value(theirs)}")
    labels = " · ".join(
        f"{n} = {label}"
        for n, label in ((low, reflection.min_label), (high, reflection.max_label))
        if label
    )
    parts = [line, legend]
    if labels:
        parts.append(console.literal(labels, "dim"))
    return Text("\n").join(parts)


def _scale_value(value: Any) -> str:
    return NOT_SHARED if value is None else answer_text(value)
