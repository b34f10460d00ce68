"""``intimacy report``: a report to bring to a therapy session, controlled by the client."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from intimacy_cli.base.errors import IntimacyError, UsageProblem
from intimacy_cli.commands import selection
from intimacy_cli.commands.state import AppState, app_state, journal_for
from intimacy_cli.ui import console
from intimacy_cli.ui.streams import write_data

if TYPE_CHECKING:
    from intimacy_cli.reports.homework_status import AssignmentStatus
    from intimacy_cli.reports.session_report import ReportRequest, Shared
    from intimacy_cli.store import Entry, Journal, QueryFilter
    from intimacy_cli.ui.prompter import Prompter

REPORT_FORMATS = {"md": ".md", "html": ".html"}


def report(
    ctx: typer.Context,
    *,
    homework: Annotated[
        str | None,
        typer.Option(
            "--homework",
            metavar="ID",
            help="The entries linked to this assignment, with its items and their status.",
            show_default=False,
        ),
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select", metavar="ID", help="Share this entry (repeatable).", show_default=False
        ),
    ] = None,
    share_all: Annotated[
        bool, typer.Option("--all", help="Share every entry the filters give.")
    ] = False,
    status_only: Annotated[
        bool,
        typer.Option("--status-only", help="Completion only: no questions or answers at all."),
    ] = False,
    redact: Annotated[
        list[str] | None,
        typer.Option(
            "--redact",
            metavar="WORD",
            help="Remove this word or phrase everywhere before the report is made (repeatable).",
            show_default=False,
        ),
    ] = None,
    format_name: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="md or html. Default: from the --output suffix, else md.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to this file (private: 0600)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    history: Annotated[
        bool, typer.Option("--history", help="List every report you have made, and what it held.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="With --history: as JSON.")] = False,
    # The filters, the same for every command that lists entries (see selection).
    last: selection.Last = None,
    lesson: selection.Lesson = None,
    kind: selection.Kind = None,
    tag: selection.Tag = None,
    since: selection.Since = None,
    until: selection.Until = None,
    search: selection.Search = None,
) -> None:
    """Make a report to bring to a therapy session, showing only what you choose.

    By default it offers the entries linked to one homework assignment
    (--homework) or those the filters give (--since, --lesson ...). In a
    terminal you tick the entries, choose for each whether to show the
    question, the answer or only that it was done, may blank out words, and
    see the report exactly as it will be written before it is. Without a
    terminal, say which entries: --select ID... or --all (or --status-only).

    Redacted words are removed before the report is made, so they are in no
    file. Every report made is listed by --history (what, when, its sha256).

    Examples:

        intimacy report --homework week-3 -o session.html

        intimacy report --since 2w --all --redact "Alex" -o notes.md

        intimacy report --homework week-3 --status-only

        intimacy report --history
    """
    state = app_state(ctx)
    if history:
        _history(state, as_json=as_json)
        return
    if as_json:
        raise UsageProblem("--json goes with --history (the report itself is md or html)")
    chosen_format = _format(format_name, output)
    where = selection.entry_filter(
        state, last=last, lesson=lesson, kind=kind, tag=tag, since=since, until=until, search=search
    )
    if output is not None:
        _check_target(output, force)
    journal = journal_for(state)
    selection.check_lesson(state, journal, lesson)
    if homework is None:
        assignment, candidates = None, journal.entries.query(where)
    else:
        assignment, candidates = _assignment_entries(state, journal, homework, where)
    request = _request(
        state,
        journal,
        candidates=candidates,
        assignment=assignment,
        select=select,
        share_all=share_all,
        status_only=status_only,
        redact=redact or [],
    )
    text = _rendered(request, chosen_format)
    prompter = _prompter() if _interactive(select, share_all, status_only) else None
    if prompter is not None:
        from intimacy_cli.flows.reporting import confirm_report

        if not confirm_report(prompter, _rendered(request, "md")):
            console.note("Nothing was written.")
            return
    data = text.encode("utf-8")
    if output is None:
        write_data(text)
    else:
        _write(journal, output, data)
    from intimacy_cli.reports.entry_text import entries_count

    receipt = journal.receipts.add(
        format_name=chosen_format,
        sha256=hashlib.sha256(data).hexdigest(),
        entries=[one.entry.id for one in request.shared],
        homework=assignment.assignment.id if assignment else None,
        status_only=request.status_only,
        file=str(output.resolve()) if output else None,
    )
    console.note(
        f"Report made with {entries_count(len(receipt.entries))}"
        f"{' (completion only)' if request.status_only else ''}; "
        "'intimacy report --history' lists every report you have made."
    )


def _format(format_name: str | None, output: Path | None) -> str:
    if format_name is None:
        suffix = output.suffix.lower() if output else ""
        return next((name for name, ext in REPORT_FORMATS.items() if ext == suffix), "md")
    if format_name.lower() not in REPORT_FORMATS:
        raise UsageProblem(f"--format: '{format_name}' is not a report format; use md or html")
    return format_name.lower()


def _check_target(output: Path, force: bool) -> None:
    from intimacy_cli.commands.export import refuse_unless_regular

    if refuse_unless_regular(output) is not None and not force:
        raise IntimacyError(
            f"{output} already exists; nothing was written", hint="add --force to replace it"
        )
    if not output.parent.is_dir():
        raise IntimacyError(f"folder {output.parent} does not exist")


def _assignment_entries(
    state: AppState, journal: Journal, homework: str, where: QueryFilter
) -> tuple[AssignmentStatus, list[Entry]]:
    """The assignment's status and the entries for it that the filters keep, from
    the one read that derives the status (it holds every entry since the oldest
    assignment was added, newest first; nothing earlier can be for this one)."""
    from itertools import islice

    from intimacy_cli.base.dates import local_day
    from intimacy_cli.reports.homework_status import statuses
    from intimacy_cli.store.assignments import assignment_not_found

    snapshot = journal.assignments.with_answers()
    found = [s for s in statuses(snapshot, local_day(state.clock())) if s.assignment.id == homework]
    if not found:
        raise assignment_not_found(homework)
    status = found[0]
    matches = where.matcher()
    kept = (
        entry
        for entry in snapshot.entries
        if _for_assignment(entry, status) and matches(entry.to_record())
    )
    return status, list(islice(kept, where.limit))


def _for_assignment(entry: Entry, status: AssignmentStatus) -> bool:
    """Linked to one of its items, or answering a reflection it asks for, since it was added."""
    from intimacy_cli.base.dates import local_day

    if entry.homework is not None:
        return entry.homework[0] == status.assignment.id
    return local_day(entry.created) >= status.added_on and any(
        item.kind == "reflections"
        and entry.lesson == item.lesson
        and entry.question_id in item.reflections
        for item in status.assignment.items
    )


def _interactive(select: list[str] | None, share_all: bool, status_only: bool) -> bool:
    return not select and not share_all and not status_only


def _prompter() -> Prompter | None:
    from intimacy_cli.ui.prompter import open_prompter

    return open_prompter()


def _request(
    state: AppState,
    journal: Journal,
    *,
    candidates: list[Entry],
    assignment: AssignmentStatus | None,
    select: list[str] | None,
    share_all: bool,
    status_only: bool,
    redact: list[str],
) -> ReportRequest:
    from intimacy_cli.base.dates import local_day
    from intimacy_cli.commands.homework import lesson_finder, lesson_titles
    from intimacy_cli.reports.session_report import ReportRequest, Shared

    find = lesson_finder(state, journal)
    shared: list[Shared]
    blanked: list[str] = []
    if select:
        shared = [Shared(entry) for entry in selection.resolve(journal, select)]
    elif share_all or status_only:
        shared = [Shared(entry) for entry in candidates]
    else:
        prompter = _prompter()
        if prompter is None:
            raise UsageProblem(
                "say which entries to share: --select ID..., --all, or --status-only",
                hint="in a terminal you can tick them instead",
            )
        from intimacy_cli.flows.reporting import choose_entries

        shared, blanked = choose_entries(prompter, candidates, find)
    return ReportRequest(
        shared=shared,
        now=state.clock(),
        today=local_day(state.clock()),
        lesson_of=find,
        title_of=lesson_titles(find),
        homework=assignment,
        redact=[*redact, *blanked],
        status_only=status_only,
    )


def _rendered(request: ReportRequest, format_name: str) -> str:
    from intimacy_cli.reports.session_report import TITLE, render_report, report_blocks

    if format_name == "md":
        return render_report(request)
    from intimacy_cli.transfer.report_html import render_html

    return render_html(report_blocks(request), TITLE)


def _write(journal: Journal, output: Path, data: bytes) -> None:
    from intimacy_cli.commands.export import refuse_unless_regular
    from intimacy_cli.store.files import describe, write_atomically

    if journal.encrypted:
        console.note(
            "Note: your journal is encrypted, but this report is not: anyone who can "
            "read the file can read what it shows."
        )
    refuse_unless_regular(output)  # again: it may have changed meanwhile
    try:
        write_atomically(output, data)
    except OSError as exc:
        raise IntimacyError(
            f"cannot write {output}: {describe(exc)}; nothing was written"
        ) from None
    console.note(f"Wrote {output} (readable only by you).")


def _history(state: AppState, *, as_json: bool) -> None:
    receipts = journal_for(state).receipts.all()
    if as_json:
        from intimacy_cli.transfer import shapes
        from intimacy_cli.ui.json_output import emit_json

        emit_json(shapes.receipts_list(receipts))
        return
    if not receipts:
        console.note("You have not made a report yet.")
        return
    from intimacy_cli.ui.views.reports import receipts_table

    console.out().print(receipts_table(receipts))
