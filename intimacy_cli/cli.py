"""The ``intimacy`` command: global options, error handling, and command wiring.

This module stays thin and cheap to import: each command lives in
``intimacy_cli.commands`` and imports what it needs only when it runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from typer import _click as click
from typer.core import TyperGroup

from intimacy_cli import __version__
from intimacy_cli.commands import (
    content,
    delete,
    edit,
    export,
    importer,
    lessons,
    progress,
    read,
    review,
    show,
)
from intimacy_cli.errors import IntimacyError
from intimacy_cli.paths import CONTENT_ENV, HOME_ENV
from intimacy_cli.state import AppState

INTERRUPTED_EXIT = 130


class IntimacyGroup(TyperGroup):
    """Turns the errors a person can cause into one calm line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        from intimacy_cli.ui import console

        try:
            return super().invoke(ctx)
        except IntimacyError as exc:
            console.error(exc.message, exc.hint)
            ctx.exit(exc.exit_code)
        except (KeyboardInterrupt, EOFError):
            console.note("\nStopped. Anything you already saved is kept.")
            ctx.exit(INTERRUPTED_EXIT)
        except BrokenPipeError:
            # The reader (e.g. `head`) went away; stop quietly, as git does.
            ctx.exit(0)


app = typer.Typer(
    name="intimacy",
    cls=IntimacyGroup,
    help=(
        "Short, honest lessons on the neuroscience of intimacy, with private reflection "
        "and a journal that never leaves your machine.\n\n"
        "Educational, not therapy. For help now, run: intimacy support"
    ),
    epilog=(
        "Examples:  intimacy lessons  |  intimacy read social-brain  |  "
        "intimacy content check ~/homework-pack"
    ),
    invoke_without_command=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"intimacy {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            envvar=HOME_ENV,
            help="Folder for your journal. Default: your platform's user data folder.",
            show_default=False,
        ),
    ] = None,
    content_dir: Annotated[
        list[Path] | None,
        typer.Option(
            "--content-dir",
            envvar=CONTENT_ENV,
            help="Extra folder of lessons (e.g. a therapist's homework pack). Repeatable.",
            show_default=False,
        ),
    ] = None,
    no_color: Annotated[
        bool, typer.Option("--no-color", help="Plain output without colour (as NO_COLOR=1).")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    if no_color:
        from intimacy_cli.ui import console

        console.disable_color()
    state = ctx.ensure_object(AppState)  # tests may hand one in, e.g. with a fixed clock
    state.data_dir_option = data_dir
    state.content_dirs = list(content_dir or [])
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())


app.command("lessons")(lessons.lessons)
app.command("read")(read.read)
app.add_typer(content.content_app, name="content")
app.command("review")(review.review)
app.command("show")(show.show)
app.command("edit")(edit.edit)
app.command("delete")(delete.delete)
app.command("export")(export.export)
app.command("import")(importer.import_entries)
app.command("progress")(progress.progress)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="intimacy")
