"""The session-prep report: what a client chooses to bring to their therapist, as Markdown.

The client decides everything in it: which entries, and per entry whether the
question, the answer, or only the fact that it was done is shown. Redaction
happens here, on the raw text before any rendering, so a redacted word can be
in no output at all (the HTML is rendered from this Markdown).

Every piece of text that is not the report's own wording is escaped, so
nothing anyone wrote (a client, a therapist's homework file, a lesson pack)
can become a link, an image, a heading or HTML in the report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from intimacy_cli.base.text import escape_controls
from intimacy_cli.content.model import Lesson
from intimacy_cli.reports.entry_text import (
    answer_in_context,
    entries_count,
    lesson_name,
    local_stamp,
    question_text,
    quiz_verdict,
    reflection_of,
)
from intimacy_cli.reports.homework_status import AssignmentStatus
from intimacy_cli.reports.homework_text import TitleOf, item_text, status_text, timing_text
from intimacy_cli.store import Entry
from intimacy_cli.store.entry import answer_text

Part = Literal["question", "answer"]
BOTH: frozenset[Part] = frozenset(("question", "answer"))
REDACTED = "[redacted]"
TITLE = "Notes for my therapy session"


Span = tuple[int, int]  # characters [start, end) of an answer's text


@dataclass(frozen=True)
class Shared:
    """One entry in the report, which of its parts are shown (none: only
    "done"), and spans of its answer's text blanked out."""

    entry: Entry
    parts: frozenset[Part] = BOTH
    blanked: tuple[Span, ...] = ()


_TOKEN = re.compile(r"\s+|\S+")


def removed_spans(original: str, edited: str) -> tuple[Span, ...]:
    """The spans of ``original`` that are not in ``edited``: what a person
    deleted from a copy of their answer. Compared word by word, so a word
    partly deleted is blanked whole; anything typed in is ignored (blanking
    only ever removes)."""
    from difflib import SequenceMatcher

    words = [match.span() for match in _TOKEN.finditer(original)]
    matcher = SequenceMatcher(
        None,
        [original[start:end] for start, end in words],
        _TOKEN.findall(edited),
        autojunk=False,
    )
    spans: list[Span] = []
    for tag, first, last, _, _ in matcher.get_opcodes():
        if tag in ("delete", "replace"):
            start, end = words[first][0], words[last - 1][1]
            if spans and spans[-1][1] == start:
                start = spans.pop()[0]
            spans.append((start, end))
    return tuple(spans)


def blank_spans(text: str, spans: Sequence[Span]) -> str:
    """``text`` with the words in each span replaced by the redaction mark; the
    spaces and line breaks around them stay, so the text keeps its shape."""
    kept, last = [], 0
    for start, end in sorted(spans):
        blanked = text[start:end]
        words = blanked.strip()
        kept.append(text[last:start])
        if words:
            before = blanked[: len(blanked) - len(blanked.lstrip())]
            after = blanked[len(blanked.rstrip()) :]
            kept.append(before + REDACTED + after)
        else:
            kept.append(blanked)
        last = end
    kept.append(text[last:])
    return "".join(kept)


@dataclass(frozen=True)
class ReportRequest:
    shared: Sequence[Shared]
    now: datetime
    today: date
    lesson_of: Callable[[str], Lesson | None]
    title_of: TitleOf
    homework: AssignmentStatus | None = None
    redact: Sequence[str] = ()
    status_only: bool = False


BlockKind = Literal["title", "section", "heading", "note", "text", "item", "quote"]


@dataclass(frozen=True)
class Block:
    """One block of the report: a ``title``, ``section`` or ``heading`` (three
    levels), a ``note`` (set in italics), plain ``text``, a list ``item`` (with
    its status, set in bold), or a ``quote`` (an answer, its line breaks kept).

    Outside text in it is already redacted; escaping it for Markdown or HTML
    (and making control characters visible) is each renderer's job, so what
    anyone wrote is shown as itself in both.
    """

    kind: BlockKind
    text: str
    strong: str = ""


class _Blocks:
    """The report's blocks; every outside text goes through :meth:`text` or
    :meth:`quote`, which redact it."""

    def __init__(self, redact: Sequence[str]) -> None:
        words = sorted({word.strip() for word in redact if word.strip()}, key=len, reverse=True)
        self._redact = (
            re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
            if words
            else None
        )
        self.blocks: list[Block] = []

    def text(self, value: str) -> str:
        """Outside text for one line: redacted, line breaks turned into spaces."""
        return " ".join(self.redacted(value).split())

    def redacted(self, value: str) -> str:
        return value if self._redact is None else self._redact.sub(REDACTED, value)

    def quote(self, value: str) -> None:
        self.add("quote", self.redacted(value))

    def add(self, kind: BlockKind, text: str, strong: str = "") -> None:
        self.blocks.append(Block(kind, text, strong))


def report_blocks(request: ReportRequest) -> list[Block]:
    """The whole report, as blocks for :func:`render_report` (Markdown) or
    :func:`~intimacy_cli.transfer.report_html.render_html`."""
    out = _Blocks(request.redact)
    shown = "completion only, no answers" if request.status_only else "the entries I chose"
    out.add("title", TITLE)
    out.add(
        "note",
        f"Exported by me from intimacy-cli on {local_stamp(request.now)} (local time), "
        f"with {shown}. Private: please keep it between us.",
    )
    if request.homework is not None:
        _homework(out, request, request.homework)
    _entries(out, request)
    return out.blocks


def _homework(out: _Blocks, request: ReportRequest, status: AssignmentStatus) -> None:
    assignment = status.assignment
    out.add("section", f"Homework: {out.text(assignment.title)}")
    if assignment.sender:
        out.add("text", f"From {out.text(assignment.sender)}, added {status.added_on.isoformat()}.")
    for item_status in status.items:
        item = item_status.item
        timing = timing_text(item)
        timing_words = f" ({out.text(timing)})" if timing else ""
        words = out.text(item_text(item, request.title_of))
        state = out.text(status_text(item_status, request.today))
        out.add("item", f"Item {item.number}: {words}{timing_words}", strong=state)


def _entries(out: _Blocks, request: ReportRequest) -> None:
    shared = sorted(request.shared, key=lambda one: one.entry.created)
    out.add("section", entries_count(len(shared)).capitalize())
    if not shared:
        out.add("note", "No entries are shared in this report.")
    for one in shared:
        _entry(out, request, one)


def _entry(out: _Blocks, request: ReportRequest, one: Shared) -> None:
    entry = one.entry
    lesson = request.lesson_of(entry.lesson) if entry.lesson else None
    parts = frozenset() if request.status_only else one.parts
    out.add("heading", out.text(question_text(entry)) if "question" in parts else "An entry")
    where = [local_stamp(entry.created)]
    if entry.lesson:
        where.append(out.text(lesson_name(entry.lesson, lesson)))
    if entry.homework:
        where.append(f"homework item {entry.homework[1]}")
    out.add("note", " · ".join(where))
    if "answer" not in parts:
        out.add("text", "Done (the answer is not shared).")
        return
    if one.blanked:
        out.quote(blank_spans(answer_text(entry.answer), one.blanked))
    else:
        out.quote(answer_in_context(entry, lesson) or answer_text(entry.answer))
    notes = _context(entry, lesson)
    if notes:
        out.add("note", out.text("; ".join(notes)))


# Markdown's punctuation that can start markup anywhere in a line, and the
# starts of lines that make lists, headings, quotes or rules.
_INLINE = re.compile(r"([\\`*_\[\]<>&!|~#])")
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])")


def escape_markdown(text: str) -> str:
    """Text shown as itself in Markdown: no emphasis, links, images, HTML or entities."""
    escaped = _INLINE.sub(r"\\\1", escape_controls(text))
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


_MARKDOWN_PREFIX = {"title": "# ", "section": "## ", "heading": "### ", "text": ""}


def render_report(request: ReportRequest) -> str:
    """The whole report as Markdown."""
    lines: list[str] = []
    blocks = report_blocks(request)
    for number, block in enumerate(blocks):
        text = escape_markdown(block.text) if block.kind != "quote" else ""
        if block.kind == "note":
            lines.append(f"*{text}*")
        elif block.kind == "item":
            lines.append(f"- {text}: **{escape_markdown(block.strong)}**")
            following = blocks[number + 1] if number + 1 < len(blocks) else None
            if following is not None and following.kind == "item":
                continue  # one list: no blank line between its items
        elif block.kind == "quote":
            lines += [f"> {escape_markdown(line)}".rstrip() for line in quote_lines(block)]
        else:
            lines.append(_MARKDOWN_PREFIX[block.kind] + text)
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def quote_lines(block: Block) -> list[str]:
    """A quote's lines (at least one, maybe empty)."""
    return block.text.splitlines() or [""]


def _context(entry: Entry, lesson: Lesson | None) -> list[str]:
    """What an answer means without the lesson at hand: a choice's options, a
    quiz's right or wrong (a scale's range is in the answer itself)."""
    notes = []
    reflection = reflection_of(entry, lesson)
    if reflection is not None and reflection.options and reflection.kind != "emotions":
        notes.append("options: " + ", ".join(reflection.options))
    verdict = quiz_verdict(entry, lesson)
    if verdict is not None:
        notes.append(f"quiz: {verdict}")
    if entry.tags:
        notes.append("tags: " + ", ".join(entry.tags))
    return notes
