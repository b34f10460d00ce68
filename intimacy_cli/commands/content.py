"""``intimacy content check``: validate lesson files for editors and clinicians."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from intimacy_cli.base import paths
from intimacy_cli.commands.options import HELP_SETTINGS
from intimacy_cli.commands.state import app_state
from intimacy_cli.ui import console

content_app = typer.Typer(
    help="Work with lesson files (for editors and clinicians).",
    no_args_is_help=True,
    context_settings=HELP_SETTINGS,
)


@content_app.command("check")
def check(
    ctx: typer.Context,
    folders: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[DIR]...",
            help="Lesson folders to check. Default: the built-in lessons and any --content-dir.",
        ),
    ] = None,
) -> None:
    """Validate lesson files and list every problem, with file and line.

    Without folders, also checks the built-in help and about texts
    (prompts/support.yaml, prompts/about.yaml). Exits 0 when everything is
    valid, 1 when anything needs fixing.

    Examples:

        intimacy content check

        intimacy content check ~/homework-pack
    """
    from intimacy_cli.content.catalogue import check_folders
    from intimacy_cli.content.framing import check_framing

    state = app_state(ctx)
    targets = list(folders or [paths.builtin_lessons_dir(), *state.content_dirs])
    lessons, problems = check_folders(targets)
    checked = ", ".join(str(folder) for folder in targets)
    if not folders:
        problems += check_framing()
        checked += ", and the help and about texts"
    for problem in problems:
        console.out().print(console.literal(str(problem)), soft_wrap=True)
    if problems:
        console.note(f"{len(problems)} problem(s) in {checked}.")
        raise typer.Exit(1)
    console.note(f"All {len(lessons)} lesson(s) are valid ({checked}).")
