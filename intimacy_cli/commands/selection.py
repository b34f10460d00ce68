"""Which entries a command works on: the filters shared by ``review`` and ``export``,
and entry ids (or unique prefixes) typed by a person for ``show``/``edit``/``delete``."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, cast

import typer

from intimacy_cli.base import dates
from intimacy_cli.base.dates import DateProblem
from intimacy_cli.base.errors import UsageProblem
from intimacy_cli.commands.completion import lesson_ids
from intimacy_cli.commands.state import AppState
from intimacy_cli.ui import console

if TYPE_CHECKING:
    from intimacy_cli.store import Entry, EntryKind, Journal, QueryFilter


def _kinds() -> tuple[str, ...]:
    # Imported here: the store is not needed to start the app or show help.
    from intimacy_cli.store import KINDS

    return KINDS


_DATE_HELP = "YYYY-MM-DD, today, yesterday, 7d, 4w; local time"


def _count(value: int | None) -> int | None:
    """``--last`` in words a person reads (click's range would show its bounds,
    up to 9223372036854775807)."""
    if value is not None and value < 1:
        raise UsageProblem("--last must be at least 1")
    if value is not None and value > sys.maxsize:
        raise UsageProblem(f"--last {value} is too large")
    return value


Last = Annotated[
    int | None,
    typer.Option("--last", "-n", callback=_count, metavar="N", help="Only the newest N entries."),
]
Lesson = Annotated[
    str | None,
    typer.Option("--lesson", metavar="ID", help="Only this lesson.", autocompletion=lesson_ids),
]
Kind = Annotated[
    str | None,
    typer.Option(
        "--kind",
        metavar="KIND",
        help="Only this kind: reflection, quiz or journal.",
        autocompletion=_kinds,
    ),
]
Tag = Annotated[
    str | None, typer.Option("--tag", metavar="TAG", help="Only entries with this tag.")
]
Since = Annotated[
    str | None,
    typer.Option("--since", metavar="DATE", help=f"From the start of this day ({_DATE_HELP})."),
]
Until = Annotated[
    str | None,
    typer.Option("--until", metavar="DATE", help=f"Up to the end of this day ({_DATE_HELP})."),
]
Search = Annotated[
    str | None,
    typer.Option(
        "--search",
        "-s",
        metavar="TEXT",
        help="Only entries containing this text (ignores case and accents).",
    ),
]


def entry_filter(
    state: AppState,
    *,
    last: int | None,
    lesson: str | None,
    kind: str | None,
    tag: str | None,
    since: str | None,
    until: str | None,
    search: str | None,
) -> QueryFilter:
    """The filter options a command received as one query.

    Each command declares the options above in its own signature, as Typer
    needs, and passes them on here, so their meaning lives in one place. A bad
    date or kind is a usage error naming its flag.
    """
    from intimacy_cli.store import QueryFilter

    now = state.clock()
    start = _date_option("--since", since, dates.since_bound, now)
    end = _date_option("--until", until, dates.until_bound, now)
    if start is not None and end is not None and start >= end:
        raise UsageProblem(f"--since {since} is not before --until {until}")
    if kind is not None and kind not in _kinds():
        raise UsageProblem(f"--kind: '{kind}' is not a kind; use {', '.join(_kinds())}")
    return QueryFilter(
        lesson=lesson,
        kind=cast("EntryKind | None", kind),
        tag=tag,
        since=start,
        until=end,
        text=search,
        limit=last,
    )


def _date_option(
    flag: str, text: str | None, bound: Callable[[str, datetime], datetime], now: datetime
) -> datetime | None:

    if text is None:
        return None
    try:
        return bound(text, now)
    except DateProblem as exc:
        raise UsageProblem(f"{flag}: {exc}") from None


def resolve(journal: Journal, wanted: Sequence[str]) -> list[Entry]:
    """The entries these ids or unique prefixes name, each once, in the order given.

    Every id is checked before anything happens; an ambiguous prefix lists its
    candidates (when written, and what they answer) before the error line.
    """
    from intimacy_cli.store import AmbiguousId

    found: dict[str, Entry] = {}
    for text in wanted:
        try:
            entry = journal.entries.get(text)
        except AmbiguousId as exc:
            _show_candidates(journal, exc.candidates)
            raise
        found.setdefault(entry.id, entry)
    return list(found.values())


def _show_candidates(journal: Journal, candidates: Sequence[str]) -> None:
    from intimacy_cli.ui.views.entries import EntriesTable

    ids = set(candidates)
    matching = [entry for entry in journal.entries.query() if entry.id in ids]
    console.err().print(EntriesTable(matching, id_width=len(candidates[0])))
