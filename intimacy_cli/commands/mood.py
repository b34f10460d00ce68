"""``intimacy mood``: how your check-ins moved over the last weeks."""

from __future__ import annotations

from typing import Annotated

import typer

from intimacy_cli.base.dates import local_day
from intimacy_cli.base.errors import UsageProblem
from intimacy_cli.commands.options import NoPager
from intimacy_cli.commands.state import app_state, journal_for

DEFAULT_WEEKS = 4
# The calendar is two columns a week: 26 weeks still fit a 60-column terminal.
MAX_WEEKS = 26


def mood(
    ctx: typer.Context,
    *,
    weeks: Annotated[
        int,
        typer.Option("--weeks", "-w", metavar="N", help=f"How many weeks back (1 to {MAX_WEEKS})."),
    ] = DEFAULT_WEEKS,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    as_csv: Annotated[
        bool, typer.Option("--csv", help="Print the check-ins as CSV, one row each.")
    ] = False,
    no_pager: NoPager = False,
) -> None:
    """Your check-ins at a glance: how pleasant and how energetic you felt.

    A line per dimension (one mark a day), a calendar marking each day's
    quadrant with its own symbol, a 9x9 grid of where check-ins fell, and
    average pleasantness and energy by tag and by lesson (a check-in's
    lesson is the one given with 'checkin --lesson', else the lesson you
    finished that day).

    Examples:

        intimacy mood

        intimacy mood --weeks 12

        intimacy mood --json | jq .by_tag

        intimacy mood --csv > checkins.csv
    """
    if not 1 <= weeks <= MAX_WEEKS:
        raise UsageProblem(f"--weeks goes from 1 to {MAX_WEEKS}, not {weeks}")
    if as_json and as_csv:
        raise UsageProblem("choose one of --json and --csv")
    from intimacy_cli.reports.mood import summarize

    state = app_state(ctx)
    journal = journal_for(state)
    summary = summarize(
        journal.checkins.all(),
        journal.sessions.completed_lessons(),
        local_day(state.clock()),
        weeks,
    )
    if as_json or as_csv:
        from intimacy_cli.transfer import checkins_csv, shapes
        from intimacy_cli.ui.streams import write_data

        if as_csv:
            write_data(checkins_csv.render(summary.checkins))
            return
        from intimacy_cli.ui.json_output import emit_json

        emit_json(shapes.mood_dict(summary))
        return
    from intimacy_cli.ui.pager import print_paged
    from intimacy_cli.ui.views.mood import mood_view

    def title(lesson_id: str) -> str:
        lesson = state.lesson_or_none(lesson_id)
        return lesson.title if lesson else lesson_id

    print_paged(mood_view(summary, title), use_pager=not no_pager)
