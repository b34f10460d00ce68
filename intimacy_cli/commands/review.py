"""``intimacy review``: past entries, newest first, filtered and searchable."""

# No ``from __future__ import annotations`` here: Typer reads the annotations
# of the functions it runs (the options), and it would compile each one
# given as a string again every time it reads them (some 70 times a run).
from typing import TYPE_CHECKING, Annotated

import typer

from intimacy_cli.commands import selection
from intimacy_cli.commands.options import NoPager
from intimacy_cli.commands.state import app_state, journal_for
from intimacy_cli.ui import console

if TYPE_CHECKING:
    from intimacy_cli.store import QueryFilter


def review(
    ctx: typer.Context,
    *,
    # The filters, the same for every command that lists entries (see selection).
    last: selection.Last = None,
    lesson: selection.Lesson = None,
    kind: selection.Kind = None,
    tag: selection.Tag = None,
    since: selection.Since = None,
    until: selection.Until = None,
    search: selection.Search = None,
    by_session: Annotated[
        bool,
        typer.Option(
            "--by-session", "-g", help="Group by lesson session and show answers in full."
        ),
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the entries as a JSON array.")
    ] = False,
    no_pager: NoPager = False,
) -> None:
    """Look back at what you wrote: newest first, one line each.

    Filters combine. Dates are in local time: --since starts at the beginning of
    its day, --until includes its whole day. Besides YYYY-MM-DD you can write
    today, yesterday, 7d (seven days ago) or 4w (four weeks ago).

    Examples:

        intimacy review --last 10

        intimacy review --lesson oxytocin --by-session

        intimacy review --since 4w --search "feeling safe"

        intimacy review --kind journal --json | jq -r '.[].answer'
    """
    state = app_state(ctx)
    where = selection.entry_filter(
        state,
        last=last,
        lesson=lesson,
        kind=kind,
        tag=tag,
        since=since,
        until=until,
        search=search,
    )
    journal = journal_for(state)
    selection.check_lesson(state, journal, lesson)
    entries = journal.entries.query(where)
    if as_json:
        from intimacy_cli.transfer import shapes
        from intimacy_cli.ui.json_output import emit_json

        emit_json(shapes.entries_list(entries))
        return

    if not entries:
        console.note(_nothing_found(where))
        return
    if not by_session and not console.stdout_is_terminal():
        # Piped, lines are as long as they need: nothing cut, so grep finds every word.
        from intimacy_cli.ui.streams import write_data
        from intimacy_cli.ui.views.listing import piped_listing

        write_data(piped_listing(entries))
    else:
        from intimacy_cli.ui.pager import print_paged
        from intimacy_cli.ui.views.entries import EntriesTable, sessions_view

        view = sessions_view(entries) if by_session else EntriesTable(entries)
        print_paged(view, use_pager=not no_pager)
    console.note(f"{len(entries)} shown. See one in full with 'intimacy show ID'.")


def _nothing_found(where: "QueryFilter") -> str:
    from intimacy_cli.store import QueryFilter

    if where._replace(limit=None) == QueryFilter():
        return "Nothing here yet. What you write in 'intimacy learn' will appear here."
    return "No entries match these filters."
