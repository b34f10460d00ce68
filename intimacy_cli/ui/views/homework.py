"""Homework on screen: each assignment with its items and where they stand.

Everything from a homework file (titles, names, notes, prompts) is someone
else's text, shown literally: never markup, links or terminal escapes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import Group, RenderableType
from rich.text import Text

from intimacy_cli.reports.homework_status import AssignmentStatus
from intimacy_cli.reports.homework_text import (
    TitleOf,
    day_text,
    item_text,
    status_text,
    timing_text,
)
from intimacy_cli.ui import console

_STATE_STYLE = {"done": "green", "due_today": "bold", "due_soon": "bold"}


def assignment_view(
    status: AssignmentStatus, today: date, title_of: TitleOf, *, note: bool = False
) -> RenderableType:
    """One assignment: its title and id, who it is from, when it was added, and
    each item (numbered as ``--homework ID:N`` names it) with its status."""
    assignment = status.assignment
    heading = console.literal(assignment.title, style="bold")
    heading.append(console.literal(f"  ({assignment.id})", style="cyan"))
    lines: list[RenderableType] = [heading]
    added = f"added {day_text(status.added_on, today)}"
    if assignment.sender:
        lines.append(console.literal(f"from {assignment.sender}, {added}", style="dim"))
    else:
        lines.append(console.literal(added, style="dim"))
    if note and assignment.note:
        lines.append(console.literal(assignment.note, style="italic"))
    for item_status in status.items:
        item = item_status.item
        line = Text("  ")
        line.append(console.literal(f"{item.number}. "))
        line.append(console.literal(item_text(item, title_of)))
        timing = timing_text(item)
        if timing:
            line.append(console.literal(f" ({timing})", style="dim"))
        line.append(" - ")
        style = _STATE_STYLE.get(item_status.state, "")
        line.append(console.literal(status_text(item_status, today), style=style))
        lines.append(line)
    return Group(*lines)


def homework_view(
    statuses: Sequence[AssignmentStatus], today: date, title_of: TitleOf
) -> RenderableType:
    """Every assignment, newest first, a blank line between them."""
    parts: list[RenderableType] = []
    for status in statuses:
        if parts:
            parts.append(Text())
        parts.append(assignment_view(status, today, title_of))
    return Group(*parts)
