"""How a lesson looks: one Markdown text, drawn by rich in a terminal, plain when piped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from intimacy_cli.base.text import printable
from intimacy_cli.content.model import Lesson, Practice, Reference, Section
from intimacy_cli.ui import console

if TYPE_CHECKING:
    from rich.console import RenderableType


def reference_text(ref: Reference) -> str:
    parts = [ref.citation]
    if ref.doi:
        parts.append(f"https://doi.org/{ref.doi}")
    if ref.url:
        parts.append(ref.url)
    return " ".join(parts)


def content_note_text(lesson: Lesson) -> str | None:
    if not lesson.content_note:
        return None
    return f"Content note: {lesson.content_note}"


def section_markdown(section: Section) -> str:
    return f"## {section.title}\n\n{section.body}\n"


def extras_markdown(lesson: Lesson) -> str:
    """Takeaways, myths and sources: everything after the sections."""
    blocks = ["## Key points\n", *(f"- {t}" for t in lesson.takeaways), ""]
    if lesson.myths:
        blocks.append("## Myths and what the evidence says\n")
        for myth in lesson.myths:
            blocks += [f"- **Myth:** {myth.claim}", f"  **Evidence:** {myth.evidence}", ""]
    if lesson.references:
        blocks.append("## Sources\n")
        blocks += [f"{i}. {reference_text(r)}" for i, r in enumerate(lesson.references, 1)]
        blocks.append("")
    return "\n".join(blocks)


def practice_markdown(practice: Practice) -> str:
    """The lesson's practice: something to try, never required."""
    lines = [f"## Try this ({practice.minutes} min, if you like): {practice.title}\n"]
    lines += [f"{i}. {step}" for i, step in enumerate(practice.steps, 1)]
    lines += ["", f"*How we know:* {practice.evidence}", ""]
    return "\n".join(lines)


def lesson_markdown(lesson: Lesson) -> str:
    """The whole lesson as Markdown, content note first."""
    head = [f"# {lesson.title}\n", f"*{lesson.summary}* ({lesson.minutes} min)\n"]
    note = content_note_text(lesson)
    if note:
        head.append(f"> {note}\n")
    body = [section_markdown(s) for s in lesson.sections]
    practice = [practice_markdown(lesson.practice)] if lesson.practice else []
    return "\n".join([*head, *body, *practice, extras_markdown(lesson)])


# The widest a lesson's lines get on a wide terminal: about as long as a line
# in a book, comfortable to read.
MEASURE = 76


def markdown_view(text: str) -> RenderableType:
    """Markdown drawn for a terminal, no wider than :data:`MEASURE`. A link
    shows its address as text: "[a guide](https://…)" reads "a guide
    (https://…)", never a terminal hyperlink hiding where it goes."""
    from rich.constrain import Constrain
    from rich.markdown import Markdown

    return Constrain(Markdown(printable(text), hyperlinks=False), width=MEASURE)


def print_markdown(text: str) -> None:
    """Rich Markdown in a terminal; the Markdown source itself when piped."""
    out = console.out()
    if out.is_terminal:
        out.print(markdown_view(text))
    else:
        text = printable(text)
        out.file.write(text if text.endswith("\n") else text + "\n")
