"""What recall shows: a card's prompt and answer, the end of a session, an
earlier entry brought back, and ``recall stats``. Drawing only."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from intimacy_cli.base.text import counted
from intimacy_cli.content.deck import RecallCard
from intimacy_cli.store.entry import Entry, answer_text
from intimacy_cli.ui import console
from intimacy_cli.ui.views.lesson import print_markdown

if TYPE_CHECKING:
    from rich.console import RenderableType

    from intimacy_cli.reports.recall import RecallStats


def day_text(day: date) -> str:
    """A day as people write it: 3 March 2026."""
    return f"{day.day} {day:%B %Y}"


def _heading(text: str) -> None:
    from rich.rule import Rule

    console.out().print()
    console.out().print(Rule(console.literal(text, style="bold"), style="cyan"))


def show_prompt(card: RecallCard, number: int, total: int) -> None:
    """A card's prompt, before the person has thought about it."""
    _heading(f"Recall - card {number} of {total}")
    print_markdown(card.prompt)
    console.out().print(console.literal(f"card {card.id}", style="dim"))


def show_answer(card: RecallCard) -> None:
    console.out().print(console.literal("The answer:", style="bold"))
    print_markdown(card.answer)


def show_session_end(rated: int, next_due: date | None) -> None:
    """After the last card (a status message: on stderr)."""
    err = console.err()
    if rated:
        line = f"That's it for now: {counted(rated, 'card')} reviewed and saved."
    else:
        line = "Nothing to recall right now."
    err.print(console.literal(line), soft_wrap=not err.is_terminal)
    if next_due is not None:
        err.print(
            console.literal(f"The next card comes back on {day_text(next_due)}.", style="dim"),
            soft_wrap=not err.is_terminal,
        )


def show_resurfaced(entry: Entry, written_on: date) -> None:
    """One of the person's own earlier entries, shown literally."""
    _heading("From your journal")
    out = console.out()
    out.print(console.literal(f"You wrote this on {day_text(written_on)}:"))
    if entry.question:
        out.print(console.literal(entry.question, style="dim italic"))
    out.print(console.literal(answer_text(entry.answer)), soft_wrap=not out.is_terminal)


def stats_view(stats: RecallStats, titles: Mapping[str, str]) -> RenderableType:
    """``recall stats``: the deck, today's cards, and how recall has gone."""
    from rich.console import Group
    from rich.table import Table

    lines: list[RenderableType] = [
        console.literal(
            f"Cards: {stats.cards} from the lessons you have done ({stats.new} not reviewed yet)"
        ),
        console.literal(f"Due today: {stats.due_today}"),
    ]
    if stats.retention is None:
        lines.append(console.literal("Remembered so far: no reviews yet"))
    else:
        lines.append(
            console.literal(
                f"Remembered so far: {stats.retention:.0%} of {counted(stats.reviews, 'review')}"
            )
        )
    if stats.next_due is not None:
        lines.append(console.literal(f"After today, next card: {day_text(stats.next_due)}"))
    if stats.suspended:
        lines.append(console.literal(f"Set aside: {counted(stats.suspended, 'card')}"))
    if stats.lessons:
        table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False)
        table.add_column("Lesson", overflow="fold")
        table.add_column("Cards", justify="right")
        table.add_column("Due today", justify="right")
        for lesson, cards, due in stats.lessons:
            table.add_row(console.literal(titles.get(lesson, lesson)), str(cards), str(due))
        lines += [console.literal(""), table]
    return Group(*lines)
