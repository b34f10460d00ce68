"""``intimacy progress``: lessons done, writing days and how answers moved."""

from __future__ import annotations

from typing import Annotated

import typer

from intimacy_cli.base.dates import local_day
from intimacy_cli.commands.options import NoPager
from intimacy_cli.commands.state import app_state, journal_for


def progress(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    no_pager: NoPager = False,
) -> None:
    """Your progress at a glance.

    Lessons done (with dates), what you have written, a calendar of the last 12
    weeks, your current streak, and how your answers to scale questions moved.
    The streak counts days with an entry or a check-in (a check-in added later
    counts on the day it is about); 'streaks = false' in the settings hides it.

    Examples:

        intimacy progress

        intimacy progress --json | jq .streak_days
    """
    from intimacy_cli.reports.progress import summarize

    state = app_state(ctx)
    journal = journal_for(state)
    lessons = {lesson.id: lesson for lesson in state.catalogue().lessons}
    summary = summarize(
        journal.entries.months(),
        journal.sessions.completed_lessons(),
        lessons,
        local_day(state.clock()),
        checkin_days=[checkin.date for checkin in journal.checkins.all()],
    )
    if as_json:
        from intimacy_cli.transfer import shapes
        from intimacy_cli.ui.json_output import emit_json

        emit_json(shapes.progress_dict(summary))
        return
    from intimacy_cli.ui.pager import print_paged
    from intimacy_cli.ui.views.progress import progress_view

    print_paged(progress_view(summary, streaks=state.settings.streaks), use_pager=not no_pager)
