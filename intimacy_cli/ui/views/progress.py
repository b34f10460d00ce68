"""How ``intimacy progress`` looks: lessons done, a calendar of writing days, scale trends.

Shades are distinct characters as well as colours, so the calendar reads the
same with ``NO_COLOR``. The wording states what happened and never counts gaps.
"""

from __future__ import annotations

from datetime import date, timedelta

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from intimacy_cli.base.dates import local_day
from intimacy_cli.base.text import counted
from intimacy_cli.reports.progress import (
    CALENDAR_WEEKS,
    Progress,
    ScaleSeries,
    calendar_start,
    sparkline,
)
from intimacy_cli.ui.console import literal

# (fewest entries that day, character, colour), from none to many.
SHADES = (
    (0, "·", "bright_black"),
    (1, "░", "green"),
    (2, "▒", "green3"),
    (3, "▓", "bright_green"),
    (5, "█", "bold bright_green"),
)
DAY_LABELS = ("Mon", "", "Wed", "", "Fri", "", "Sun")
LABEL_WIDTH = 4


def _shade(count: int) -> tuple[str, str]:
    return next((char, style) for least, char, style in reversed(SHADES) if count >= least)


def _month_header(start: date, today: date) -> Text:
    """Month names above the week each month begins in (the first column names
    its own month). Placed from the right, so the current month is always named;
    an earlier name that would run into the next is left out."""
    header = [" "] * (LABEL_WIDTH + CALENDAR_WEEKS * 2 + 2)
    labels: list[tuple[int, str]] = []
    for week in range(CALENDAR_WEEKS):
        monday = start + timedelta(weeks=week)
        days = [monday + timedelta(days=n) for n in range(7)]
        first = next((day for day in days if day.day == 1 and day <= today), None)
        if first is not None or week == 0:
            labels.append((LABEL_WIDTH + week * 2, (first or monday).strftime("%b")))
    free_until = len(header)
    for column, name in reversed(labels):
        if column + len(name) <= free_until:
            header[column : column + len(name)] = name
            free_until = column - 1
    return Text("".join(header).rstrip(), style="dim")


def calendar(progress: Progress) -> Group:
    """Twelve weeks, one column a week, Monday at the top, like a contribution graph."""
    start = calendar_start(progress.today)
    rows: list[RenderableType] = [_month_header(start, progress.today)]
    for weekday, label in enumerate(DAY_LABELS):
        row = Text(label.ljust(LABEL_WIDTH), style="dim")
        for week in range(CALENDAR_WEEKS):
            day = start + timedelta(weeks=week, days=weekday)
            if day > progress.today:
                break
            char, style = _shade(progress.per_day[day])
            row.append(char, style=style)
            row.append(" ")
        rows.append(row)
    legend = Text(" " * LABEL_WIDTH + "fewer ", style="dim")
    for _, char, style in SHADES:
        legend.append(char, style=style)
        legend.append(" ")
    legend.append("more entries (one square a day)", style="dim")
    rows.append(legend)
    return Group(*rows)


def _lessons(progress: Progress) -> list[RenderableType]:
    done = sum(lesson.offered for lesson in progress.lessons_done)
    lines: list[RenderableType] = [
        Text(f"Lessons done: {done} of {progress.lessons_total}", style="bold")
    ]
    for lesson in progress.lessons_done:
        line = Text(f"✓ {local_day(lesson.completed).isoformat()}  ")
        line.append(literal(lesson.title))
        lines.append(_indented(line, 2))
    if not done:
        none_yet = Text("None yet; 'intimacy learn' starts one whenever you like.", "dim")
        lines.append(_indented(none_yet, 2))
    return lines


def _indented(text: Text, by: int) -> Padding:
    """A line that, wrapped on a narrow screen, goes on under its own start
    rather than back at the edge."""
    return Padding(text, (0, 0, 0, by), expand=False)


def _written(progress: Progress) -> Text:
    kinds = progress.kinds
    return Text(
        f"Written: {counted(kinds['reflection'], 'reflection')} · "
        f"{counted(kinds['journal'], 'journal note')} · "
        f"{counted(kinds['quiz'], 'quiz answer')}"
    )


def _trend(series: ScaleSeries) -> list[RenderableType]:
    values = series.values
    heading = literal(f"{series.question} ", style="bold")
    heading.append(literal(f"({series.lesson})", style="dim"))
    first, last = series.points[0][0], series.points[-1][0]
    line = Text()
    line.append(sparkline(values, series.low, series.high), style="cyan")
    line.append(
        f"  {values[0]:g} → {values[-1]:g}  over {len(values)} answers "
        f"({local_day(first).isoformat()} to {local_day(last).isoformat()}; scale {series.low:g} "
        f"to {series.high:g})",
        style="dim",
    )
    return [_indented(heading, 2), _indented(line, 4)]


def progress_view(progress: Progress, *, streaks: bool = True) -> Group:
    """``streaks=False`` (``streaks = false`` in the settings) leaves the run of days out."""
    parts: list[RenderableType] = [*_lessons(progress), _written(progress), Text()]
    parts += [Text(f"Last {CALENDAR_WEEKS} weeks", style="bold"), calendar(progress)]
    if streaks:
        streak = (
            f"{counted(progress.streak, 'day')} in a row" if progress.streak else "none just now"
        )
        parts += [Text(), Text(f"Current streak: {streak}")]
    if progress.scales:
        parts += [Text(), Text("How your scale answers moved", style="bold")]
        for series in progress.scales:
            parts += _trend(series)
    return Group(*parts)
