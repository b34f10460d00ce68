"""How ``intimacy mood`` looks, and the feeling words of ``checkin --words``.

Every mark is a distinct character as well as a colour, so the calendar and
the grid read the same with ``NO_COLOR`` and piped; nothing is wider than 60
columns. The wording describes; it never counts days without a check-in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from intimacy_cli.base.text import counted
from intimacy_cli.content.feelings import QUADRANTS, FeelingWords, quadrant_label
from intimacy_cli.reports.mood import BETWEEN, Average, Mood
from intimacy_cli.reports.mood import Group as Grouped
from intimacy_cli.reports.progress import sparkline
from intimacy_cli.store.records import AXIS_LIMIT
from intimacy_cli.ui.console import literal
from intimacy_cli.ui.views.progress import DAY_LABELS, LABEL_WIDTH

# A day's mark by where its average fell: (character, colour, what it means).
MARKS = {
    "pleasant_high_energy": ("▲", "bright_green", "pleasant, high energy"),
    "pleasant_low_energy": ("●", "cyan", "pleasant, low energy"),
    "unpleasant_high_energy": ("◆", "yellow", "unpleasant, high energy"),
    "unpleasant_low_energy": ("▼", "magenta", "unpleasant, low energy"),
    BETWEEN: ("○", "white", "in between (a 0)"),
}
NO_CHECKIN = ("·", "bright_black")
# The most days a sparkline shows (the latest ones), so it fits 60 columns.
SPARK_DAYS = 40


def _signed(value: float) -> str:
    return f"{value:+.1f}" if value else "0"


def _averages(average: Average) -> str:
    return f"pleasant {_signed(average.pleasant)}, energy {_signed(average.energy)}"


def calendar(mood: Mood) -> Group:
    """One column a week, Monday at the top, each day marked by its quadrant."""
    rows: list[RenderableType] = []
    for weekday, label in enumerate(DAY_LABELS):
        row = Text(label.ljust(LABEL_WIDTH), style="dim")
        for week in range(mood.weeks):
            day = mood.start + timedelta(weeks=week, days=weekday)
            if day > mood.today:
                break
            found = mood.days.get(day)
            char, style = NO_CHECKIN if found is None else MARKS[found.quadrant][:2]
            row.append(char, style=style)
            row.append(" ")
        rows.append(row)
    for char, style, meaning in MARKS.values():
        rows.append(Text(" " * LABEL_WIDTH).append(char, style=style).append(f" {meaning}"))
    rows.append(Text(" " * LABEL_WIDTH + f"{NO_CHECKIN[0]} no check-in", style="dim"))
    return Group(*rows)


def sparklines(mood: Mood) -> list[Text]:
    """Each day's average, oldest to newest, for each dimension."""
    days = list(mood.days.values())[-SPARK_DAYS:]
    lines = []
    for name, values in (
        ("Pleasant", [d.pleasant for d in days]),
        ("Energy  ", [d.energy for d in days]),
    ):
        line = Text(f"{name}  ")
        line.append(sparkline(values, -AXIS_LIMIT, AXIS_LIMIT), style="cyan")
        lines.append(line)
    lines.append(
        Text(
            f"          one mark a day with a check-in, low -{AXIS_LIMIT} to high {AXIS_LIMIT}",
            "dim",
        )
    )
    return lines


def grid(mood: Mood) -> Group:
    """Where the check-ins fell: energy up the side, pleasantness along the bottom."""
    rows: list[RenderableType] = []
    for index, counts in enumerate(mood.grid):
        energy = AXIS_LIMIT - index
        row = Text(f"energy {energy:+d} " if energy else "energy  0 ", style="dim")
        for count in counts:
            mark = "·" if count == 0 else str(count) if count < 10 else "+"
            row.append(mark, style="bright_black" if count == 0 else "bold")
            row.append(" ")
        rows.append(row)
    rows.append(Text("          -4      0      +4  pleasant", style="dim"))
    rows.append(Text("          (a number: check-ins there; + for 10 or more)", style="dim"))
    return Group(*rows)


def _grouped(
    heading: str, groups: tuple[Grouped, ...], name: Callable[[str], str]
) -> list[RenderableType]:
    if not groups:
        return []
    lines: list[RenderableType] = [Text(), Text(heading, style="bold")]
    for group in groups:
        line = Text("  ").append(literal(name(group.key)))
        line.append(f"  {counted(group.average.count, 'check-in')}: {_averages(group.average)}")
        lines.append(line)
    return lines


def mood_view(mood: Mood, lesson_title: Callable[[str], str]) -> Group:
    overall = mood.overall
    heading = f"Your check-ins, last {counted(mood.weeks, 'week')}"
    if overall is None:
        return Group(
            Text(heading, style="bold"),
            Text("None yet in these weeks; 'intimacy checkin' takes a minute, whenever you like."),
        )
    parts: list[RenderableType] = [
        Text(heading, style="bold"),
        Text(f"{counted(overall.count, 'check-in')}, on average {_averages(overall)}"),
        Text(),
        *sparklines(mood),
        Text(),
        Text("Each day", style="bold"),
        calendar(mood),
        Text(),
        Text("Where your check-ins fell", style="bold"),
        grid(mood),
    ]
    parts += _grouped("By tag", mood.by_tag, str)
    parts += _grouped("By lesson", mood.by_lesson, lesson_title)
    return Group(*parts)


def feeling_words_view(feelings: FeelingWords) -> Group:
    """Every word by quadrant, each with its meaning."""
    parts: list[RenderableType] = []
    for name, _, _ in QUADRANTS:
        parts.append(Text(quadrant_label(name).capitalize(), style="bold"))
        for feeling in feelings.feelings:
            if feeling.quadrant == name:
                line = literal(f"{feeling.word}: {feeling.definition}")
                parts.append(Padding(line, (0, 0, 0, 2), expand=False))
        parts.append(Text())
    parts.append(Text("A 0 on an axis sits in between: the words on both sides fit.", "dim"))
    return Group(*parts)
