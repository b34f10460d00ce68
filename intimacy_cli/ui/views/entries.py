"""How saved entries look on screen: a table to scan, sessions to read back, one entry in full.

Every piece of text that a person wrote, or that an imported file brought, goes
through ``console.literal`` so it can never become markup or a terminal escape.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import groupby
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from intimacy_cli.base.text import counted, printable
from intimacy_cli.reports.entry_text import (
    SHORT_ID,
    excerpt,
    lesson_name,
    local_stamp,
    question_text,
    quiz_verdict,
    scale_of,
    short_id,
)
from intimacy_cli.store.entry import answer_text, parse_time
from intimacy_cli.ui.console import literal
from intimacy_cli.ui.views.listing import GAP, HEADINGS, cells, kind_text

if TYPE_CHECKING:
    from intimacy_cli.content.model import Lesson
    from intimacy_cli.store import Entry

WHEN_WIDTH = len("2026-01-01 00:00")
LESSON_WIDTH = 20
KIND_WIDTH = len("quiz, wrong")
QUESTION_WIDTH = 48
MIN_TEXT_WIDTH = 8
# Below this much room for question and answer together, each entry takes two
# lines (when, lesson, kind and id; then question and answer) instead of one.
ONE_LINE_TEXT = 40
_INDENT = "  "
_HEADER = (Style(bold=True),) * 6
_ROW = (
    Style(dim=True),
    Style(color="cyan"),
    Style(dim=True),
    Style(),
    Style(),
    Style(dim=True),
)


def _fit(text: str, width: int) -> str:
    """Text on one line in exactly ``width`` cells: cut with an ellipsis, or padded."""
    flat = printable(excerpt(text, width))
    if cell_len(flat) > width:  # wide characters, or control characters made visible
        flat = set_cell_size(flat, width - 1) + "…"
    return set_cell_size(flat, width)


class EntriesTable:
    """One line per entry, in the order given: when, lesson, kind, question,
    answer start, id.

    Drawn as segments rather than with ``rich.table.Table``, which measures every
    cell and takes about 0.4 ms a row: too slow for thousands of search results.
    Question and answer share what the fixed columns leave of the width; when
    that is too little to read (60 or 80 columns), each entry takes two lines.
    Piped, ``review`` writes :func:`~.listing.piped_listing` instead.
    """

    def __init__(self, entries: Sequence[Entry], *, id_width: int = SHORT_ID) -> None:
        self.entries = entries
        self.id_width = id_width

    def _cells(self, entry: Entry) -> tuple[str, ...]:
        return cells(entry, self.id_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lessons = [len(entry.lesson or "-") for entry in self.entries]
        lesson_width = min(LESSON_WIDTH, max([len("Lesson"), *lessons]))
        fixed = WHEN_WIDTH + lesson_width + KIND_WIDTH + self.id_width + len(GAP) * 5
        shared = options.max_width - fixed
        if shared < ONE_LINE_TEXT:
            yield from self._two_lines(options.max_width, lesson_width)
            return
        question_width = min(QUESTION_WIDTH, shared * 2 // 5)
        widths = (
            WHEN_WIDTH,
            lesson_width,
            KIND_WIDTH,
            question_width,
            shared - question_width,
            self.id_width,
        )
        yield from _line(HEADINGS, widths, _HEADER)
        for entry in self.entries:
            yield from _line(self._cells(entry), widths, _ROW)

    def _two_lines(self, width: int, lesson_width: int) -> Iterator[Segment]:
        """when, lesson, kind and id; then, indented, the question and the answer."""
        room = max(width - len(_INDENT) - len(GAP), 2 * MIN_TEXT_WIDTH)
        lesson_width = max(
            min(lesson_width, width - WHEN_WIDTH - KIND_WIDTH - self.id_width - 3 * len(GAP)),
            MIN_TEXT_WIDTH,
        )
        top = (WHEN_WIDTH, lesson_width, KIND_WIDTH, self.id_width)
        question_width = room * 2 // 5
        bottom = (question_width, room - question_width)
        yield from _line(("When", "Lesson", "Kind", "Id"), top, _HEADER[:4])
        yield from _line(("Question", "Answer"), bottom, _HEADER[:2], indent=_INDENT)
        for entry in self.entries:
            when, lesson, kind, question, answer, short = self._cells(entry)
            yield from _line((when, lesson, kind, short), top, (*_ROW[:3], _ROW[5]))
            yield from _line((question, answer), bottom, _ROW[3:5], indent=_INDENT)


def _line(
    cells: Sequence[str],
    widths: Sequence[int],
    styles: Sequence[Style],
    *,
    indent: str = "",
) -> Iterator[Segment]:
    if indent:
        yield Segment(indent)
    for number, (cell, width, style) in enumerate(zip(cells, widths, styles, strict=True)):
        if number:
            yield Segment(GAP)
        yield Segment(_fit(cell, width), style)
    yield Segment.line()


def sessions_view(entries: Sequence[Entry]) -> Group:
    """Entries grouped by the lesson session they were written in, newest session
    first, each read in the order it was answered, answers in full."""
    blocks: list[RenderableType] = []
    for _, group in groupby(entries, key=lambda e: e.session or e.id):
        answered = sorted(group, key=lambda e: e.created)
        first = answered[0]
        heading = literal(first.lesson or "journal", style="bold cyan")
        count = counted(len(answered), "answer")
        heading.append(f"  {local_stamp(first.created)}  {count}", style="dim")
        blocks.append(heading)
        for entry in answered:
            question = literal(question_text(entry), style="bold")
            if entry.kind == "quiz":
                question.append(f"  ({kind_text(entry)})", style="dim")
            question.append(f"  {short_id(entry)}", style="dim")
            blocks += [
                Padding(question, (0, 0, 0, 2), expand=False),
                Padding(literal(answer_text(entry.answer)), (0, 0, 0, 4), expand=False),
            ]
        blocks.append(Text())
    return Group(*blocks)


def entry_detail(entry: Entry, lesson: Lesson | None = None) -> Group:
    """One entry with every field: the question, the whole answer, then the details.

    With its ``lesson`` at hand, the details also say what a reader needs: the
    lesson's title, a scale's range and end labels, a quiz answer's right answer.
    """
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="dim", no_wrap=True)
    fields.add_column()
    details: list[tuple[str, Text | str]] = [("id", entry.id), ("kind", entry.kind)]
    if entry.lesson:
        details.append(("lesson", literal(lesson_name(entry.lesson, lesson))))
    else:
        details.append(("lesson", "-"))
    scale = scale_of(entry, lesson)
    if scale is not None:
        details.append(("scale", literal(scale)))
    details += [
        ("question id", literal(entry.question_id or "-")),
        ("tags", literal(", ".join(entry.tags) or "-")),
        ("session", literal(entry.session or "-")),
        ("written", local_stamp(entry.created)),
    ]
    if entry.updated_at != entry.created_at:
        details.append(("edited", local_stamp(parse_time(entry.updated_at))))
    verdict = quiz_verdict(entry, lesson)
    if verdict is not None:
        details.append(("quiz", literal(verdict)))
    if entry.follows:  # written after "It has changed" in recall
        details.append(("follows", literal(entry.follows)))
    for name, value in details:
        fields.add_row(name, value)
    return Group(
        literal(question_text(entry), style="bold"),
        literal(answer_text(entry.answer)),
        Text(),
        fields,
    )
