"""``intimacy homework``: assignments from a therapist, and where each item stands."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from intimacy_cli.commands.options import HELP_SETTINGS
from intimacy_cli.commands.state import AppState, app_state, journal_for
from intimacy_cli.ui import console

if TYPE_CHECKING:
    from datetime import date

    from intimacy_cli.content.model import Lesson
    from intimacy_cli.reports.homework_status import AssignmentStatus
    from intimacy_cli.reports.homework_text import TitleOf
    from intimacy_cli.store import Journal

# Its help is the callback's docstring (with the examples).
homework_app = typer.Typer(
    invoke_without_command=True,
    context_settings=HELP_SETTINGS,
)

AsJson = Annotated[bool, typer.Option("--json", help="Print it as JSON.")]
AssignmentId = Annotated[str, typer.Argument(metavar="ID", help="The assignment's id.")]


@homework_app.callback()
def homework(ctx: typer.Context, as_json: AsJson = False) -> None:
    """Your homework, newest assignment first: each item, and whether it is done.

    Status comes from your journal (an item is done once the answers it asks
    for are saved); nothing is ticked by hand. Start an item with
    'intimacy learn', 'reflect' or 'journal' and '--homework ID:N'.

    Examples:

        intimacy homework

        intimacy homework add ~/Downloads/week-3.homework.yaml

        intimacy homework show week-3

        intimacy homework --json | jq '.[].items[].status'
    """
    if ctx.invoked_subcommand is not None:
        return
    state = app_state(ctx)
    journal = journal_for(state)
    statuses = current_statuses(state, journal)
    if as_json:
        from intimacy_cli.transfer import shapes
        from intimacy_cli.ui.json_output import emit_json

        emit_json(shapes.homework_list(statuses))
        return
    if not statuses:
        console.note(
            "No homework yet. When your therapist gives you a homework file, "
            "add it with: intimacy homework add FILE"
        )
        return
    from intimacy_cli.ui.pager import print_paged
    from intimacy_cli.ui.views.homework import homework_view

    titles = lesson_titles(lesson_finder(state, journal))
    print_paged(homework_view(statuses, _today(state), titles))


def current_statuses(state: AppState, journal: Journal) -> list[AssignmentStatus]:
    """Every assignment's status today (the app's clock, local days)."""
    from intimacy_cli.reports.homework_status import statuses

    return statuses(journal.assignments.with_answers(), _today(state))


def _today(state: AppState) -> date:
    from intimacy_cli.base.dates import local_day

    return local_day(state.clock())


LessonFinder = Callable[[str], "Lesson | None"]


def lesson_finder(state: AppState, journal: Journal) -> LessonFinder:
    """A lesson by its id: one on offer (built in or from a pack), else the copy
    an assignment brought along, so that titles and the context of answers
    stay once the therapist's folder is gone. Kept copies are read only when
    a lesson is not on offer."""

    @cache
    def kept() -> dict[str, Lesson]:
        from intimacy_cli.content.homework_files import pack_lessons

        files = [(p.file, p.text) for stored in journal.assignments.all() for p in stored.lessons]
        return {lesson.id: lesson for lesson in pack_lessons(files)}

    def find(lesson_id: str) -> Lesson | None:
        return state.lesson_or_none(lesson_id) or kept().get(lesson_id)

    return find


def lesson_titles(find: LessonFinder) -> TitleOf:
    """A lesson's title by its id, for the words about an item."""

    def title(lesson_id: str) -> str | None:
        lesson = find(lesson_id)
        return lesson.title if lesson else None

    return title


@homework_app.command("add")
def add(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A homework file (NAME.homework.yaml).")
    ],
) -> None:
    """Check a homework file, show what it asks, and keep it in your journal.

    Every problem in the file is listed at once, with its line, and then
    nothing is added. The file's text (and any lessons shipped beside it that
    it names) is kept inside your journal, encrypted if your journal is, so
    the homework stays when the file is deleted.

    Examples:

        intimacy homework add week-3.homework.yaml

        intimacy --content-dir ~/pack homework add ~/pack/week-3.homework.yaml
    """
    from intimacy_cli.base import paths
    from intimacy_cli.content.homework_files import read_homework
    from intimacy_cli.content.loader import ContentError
    from intimacy_cli.store.assignments import PackLesson

    state = app_state(ctx)
    known_folders = [paths.builtin_lessons_dir(), *state.content_dirs]
    try:
        checked = read_homework(file, state.catalogue().lessons, known_folders)
    except ContentError as error:
        if len(error.problems) > 1:  # one problem is said by the error line itself
            for problem in error.problems:
                console.err().print(console.literal(str(problem)), soft_wrap=True)
        error.hint = "nothing was added; fix the file and add it again"
        raise
    journal = journal_for(state)
    pack = tuple(PackLesson(name, text) for name, text in checked.pack)
    stored = journal.assignments.add(checked.assignment, checked.text, file=file.name, lessons=pack)
    _show_assignment(state, journal, stored.id)
    brought = f" and {len(pack)} lesson(s) from beside it" if pack else ""
    console.note(
        f"Added the homework '{stored.id}'{brought} to your journal; "
        "the file itself can now be deleted."
    )


@homework_app.command("show")
def show(ctx: typer.Context, assignment_id: AssignmentId, as_json: AsJson = False) -> None:
    """One assignment in full: the note, each item and where it stands.

    Examples:

        intimacy homework show week-3

        intimacy homework show week-3 --json
    """
    state = app_state(ctx)
    journal = journal_for(state)
    stored = journal.assignments.get(assignment_id)
    if as_json:
        from intimacy_cli.transfer import shapes
        from intimacy_cli.ui.json_output import emit_json

        emit_json(shapes.assignment_dict(_status(state, journal, stored.id), source=stored.source))
        return
    _show_assignment(state, journal, stored.id)


def _status(state: AppState, journal: Journal, assignment_id: str) -> AssignmentStatus:
    return next(s for s in current_statuses(state, journal) if s.assignment.id == assignment_id)


def _show_assignment(state: AppState, journal: Journal, assignment_id: str) -> None:
    from intimacy_cli.ui.views.homework import assignment_view

    status = _status(state, journal, assignment_id)
    titles = lesson_titles(lesson_finder(state, journal))
    console.out().print(assignment_view(status, _today(state), titles, note=True))


@homework_app.command("remove")
def remove(ctx: typer.Context, assignment_id: AssignmentId) -> None:
    """Remove an assignment. Every answer you gave for it stays in your journal.

    Examples:

        intimacy homework remove week-3
    """
    state = app_state(ctx)
    removed = journal_for(state).assignments.remove(assignment_id)
    console.note(
        f"Removed the homework '{removed.id}'. Your answers to it are kept in your journal."
    )
