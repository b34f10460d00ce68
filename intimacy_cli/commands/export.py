"""``intimacy export``: entries as Markdown, JSON or CSV, on stdout or in a private file."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from intimacy_cli.base.errors import IntimacyError, UsageProblem
from intimacy_cli.commands import selection
from intimacy_cli.commands.state import app_state, journal_for
from intimacy_cli.ui import console
from intimacy_cli.ui.streams import writing_data

if TYPE_CHECKING:
    from intimacy_cli.transfer.base import Exporter

FORMAT_NAMES = "md, json or csv"


def export(
    ctx: typer.Context,
    *,
    format_name: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=f"{FORMAT_NAMES}. Default: from the --output suffix, else md.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to this file (private: 0600)."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace FILE if it exists, without asking.")
    ] = False,
    # The filters, the same for every command that lists entries (see selection).
    last: selection.Last = None,
    lesson: selection.Lesson = None,
    kind: selection.Kind = None,
    tag: selection.Tag = None,
    since: selection.Since = None,
    until: selection.Until = None,
    search: selection.Search = None,
) -> None:
    """Export entries as Markdown, JSON or CSV.

    Markdown is for reading, or for bringing to a therapist; JSON is a backup
    that 'intimacy import' reads back; CSV opens in a spreadsheet.

    Takes the same filters as 'intimacy review'. Without --output the export is
    printed; with it, the file is readable only by you, and an existing file is
    replaced only after you agree (or with --force).

    Examples:

        intimacy export --lesson oxytocin --since 4w -o homework.md

        intimacy export --format json -o backup.json

        intimacy export --format csv --kind reflection > answers.csv
    """
    exporter_class = _exporter_class(format_name, output)
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
    if output is not None:
        _check_target(output, force)
    journal = journal_for(state)
    selection.check_lesson(state, journal, lesson)
    if journal.encrypted:
        console.note(
            "Note: your journal is encrypted, but this export is plain text: anyone "
            "who can read it can read your words."
        )
    exporter = exporter_class(now=state.clock(), lesson_of=state.lesson_or_none)
    if output is None:
        with writing_data() as write:
            exporter.write(write, journal.entries, where)
        return
    from intimacy_cli.reports.entry_text import entries_count
    from intimacy_cli.store.files import describe, writing_atomically

    refuse_unless_regular(output)  # again: it may have changed while we asked
    try:
        with writing_atomically(output) as write:
            count = exporter.write(write, journal.entries, where)
    except OSError as exc:
        raise IntimacyError(f"cannot write {output}: {describe(exc)}") from None
    console.note(f"Exported {entries_count(count)} to {output} (readable only by you).")


def _exporter_class(format_name: str | None, output: Path | None) -> type[Exporter]:
    from intimacy_cli.transfer.formats import FORMATS, exporter_class, named_by_suffix

    if format_name is None:
        # "-o notes.csv" says which format is meant; anything else gets Markdown.
        return exporter_class(named_by_suffix(output.suffix.lower() if output else ""))
    if format_name.lower() not in FORMATS:
        raise UsageProblem(f"--format: '{format_name}' is not a format; use {FORMAT_NAMES}")
    return exporter_class(format_name.lower())


def _check_target(output: Path, force: bool) -> None:
    """Fail before any work if the file cannot or should not be written."""
    if refuse_unless_regular(output) is None:
        if not output.parent.is_dir():
            raise IntimacyError(f"folder {output.parent} does not exist")
        return
    if force:
        return
    from intimacy_cli.ui import prompter

    ask = prompter.open_prompter()
    if ask is None:
        raise IntimacyError(f"{output} already exists", hint="add --force to replace it")
    if not ask.confirm(f"{output} already exists. Replace it?", default=False):
        console.note("Nothing was written.")
        raise typer.Exit(0)


# What an existing path may be instead of a regular file, in words.
_NOT_A_FILE = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
)


def refuse_unless_regular(output: Path) -> os.stat_result | None:
    """The existing regular file's status, or ``None`` when nothing is there.

    Anything else is refused, even with ``--force``: the export is written
    beside it and renamed over it, which would replace a device or a FIFO
    with a plain file, or put the file where a symbolic link was (not where
    it points), surprising whoever made it.
    """
    try:
        info = output.lstat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise IntimacyError(f"cannot use {output}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise IntimacyError(f"{output} is a folder", hint="give a file name")
    for test, kind in _NOT_A_FILE:
        if test(info.st_mode):
            raise IntimacyError(
                f"{output} is {kind}, not a regular file; nothing was written",
                hint="give the name of a new or ordinary file, or leave out -o to print",
            )
    return info
