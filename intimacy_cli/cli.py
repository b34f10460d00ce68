"""The ``intimacy`` command: global options, error handling, and command wiring.

This module stays thin and cheap to import: each command lives in
``intimacy_cli.commands`` and imports what it needs only when it runs.
"""

from __future__ import annotations

import os
import signal
import sys
import traceback
from contextlib import suppress
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from intimacy_cli import __version__
from intimacy_cli.base import config, messages
from intimacy_cli.base.errors import DEBUG_ENV, ISSUES_URL, ExitStatus, IntimacyError, Stopped
from intimacy_cli.base.paths import CONTENT_ENV, HOME_ENV
from intimacy_cli.base.profiles import PROFILE_ENV
from intimacy_cli.commands import (
    about,
    checkin,
    content,
    data,
    delete,
    edit,
    export,
    home,
    homework,
    importer,
    journal,
    learn,
    lessons,
    mood,
    progress,
    read,
    recall,
    reflect,
    remind,
    report,
    review,
    show,
    support,
)
from intimacy_cli.commands import profile as profile_command
from intimacy_cli.commands import together as together_command
from intimacy_cli.commands.options import HELP_SETTINGS
from intimacy_cli.commands.state import AppState
from intimacy_cli.ui import console, streams

PACKAGE = __name__.split(".")[0]
STOPPED = "\n" + messages.STOPPED
# ctx.meta key: the arguments that follow the subcommand's name.
COMMAND_ARGS = "intimacy.command_args"


class IntimacyGroup(TyperGroup):
    """Turns the errors a person can cause into one calm line and an exit code."""

    # typer hands its groups its own Context subclass, the public name for it.
    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]

        try:
            return super().invoke(ctx)
        except IntimacyError as exc:
            from intimacy_cli.commands.hints import hint_for

            console.error(exc.message, hint_for(exc))
            ctx.exit(exc.exit_code)
        except (KeyboardInterrupt, EOFError) as stop:
            unsaved = getattr(stop, "unsaved", None)  # text typed before Ctrl-C
            if unsaved:
                console.note("\nWhat you were typing was not saved; here it is to copy:")
                console.err().print(console.literal(unsaved), soft_wrap=True)
            _stopped(stop)
            ctx.exit(ExitStatus.INTERRUPTED)
        except Stopped as stop:  # SIGTERM or SIGHUP, see _end_on_signals
            with suppress(OSError):  # after SIGHUP the terminal may be gone
                _stopped(stop)
            ctx.exit(stop.status)
        except BrokenPipeError:
            # The reader (e.g. `head`) went away; stop quietly, as git does.
            ctx.exit(ExitStatus.OK)
        except (typer.TyperException, typer.Exit, typer.Abort):
            raise  # click's own: usage errors, --help, an early exit
        except Exception as exc:
            if os.environ.get(DEBUG_ENV, "") not in ("", "0"):
                raise
            console.error(_bug_report(exc))
            ctx.exit(ExitStatus.ERROR)

    def resolve_command(
        self,
        ctx: typer.Context,  # type: ignore[override]
        args: list[str],
    ) -> tuple[str | None, Any, list[str]]:
        """Also note the subcommand's own arguments: the first-run welcome
        must not appear before ``--help`` or ``--json`` output."""
        name, command, rest = super().resolve_command(ctx, args)
        ctx.meta[COMMAND_ARGS] = rest
        return name, command, rest


def _stopped(stop: BaseException) -> None:
    """The calm lines after a stop: what is kept, and how to pick up again."""
    from intimacy_cli.base.errors import resumable_lesson
    from intimacy_cli.commands.hints import after_stop
    from intimacy_cli.ui import console

    console.note(STOPPED)
    console.note(after_stop(resumable_lesson(stop)))


def _bug_report(exc: Exception) -> str:
    """One line for an exception nobody planned for: what and where in the app
    (never its message, which may quote a person's words), and where to report it."""
    where = ""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        parts = Path(frame.filename).parts
        if PACKAGE in parts:
            where = f" at {'/'.join(parts[parts.index(PACKAGE) :])}:{frame.lineno}"
            break
    return (
        f"this is a bug in intimacy-cli ({type(exc).__name__}{where}); anything already "
        f"saved is kept. Please report it at {ISSUES_URL} ({DEBUG_ENV}=1 shows the details)"
    )


app = typer.Typer(
    name="intimacy",
    cls=IntimacyGroup,
    help=(
        "Short, honest lessons on the neuroscience of intimacy, with private reflection "
        "and a journal that never leaves your machine.\n\n"
        "Educational, not therapy. For help now, run: intimacy support"
    ),
    epilog=(
        "Examples:  intimacy  |  intimacy lessons  |  intimacy learn welcome  |  "
        "intimacy journal --prompt  |  intimacy content check ~/homework-pack"
    ),
    invoke_without_command=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings=HELP_SETTINGS,
)


def _settings(command: str | None) -> config.Config:
    """The settings file, or for the help commands its defaults and a warning."""
    try:
        return config.load()
    except config.ConfigError as exc:
        if command not in about.HELP_COMMANDS:
            raise

        console.note(f"Warning: {exc.message} (using the defaults)")
        return config.Config()


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"intimacy {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    ctx: typer.Context,
    *,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            envvar=HOME_ENV,
            help=(
                "Folder for your journal. Default: data_dir in the settings file, "
                "else your platform's user data folder."
            ),
            show_default=False,
        ),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            envvar=PROFILE_ENV,
            metavar="NAME",
            help="Whose journal: a profile made with 'intimacy profile add NAME'. "
            "Default: your own journal in the data folder.",
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
        console.disable_color()
    settings = _settings(ctx.invoked_subcommand)
    if settings.color is False:
        console.disable_color()
    for warning in settings.warnings:
        console.note(f"Warning: {warning}")
    state = ctx.ensure_object(AppState)  # tests may hand one in, e.g. with a fixed clock
    state.data_dir_option = data_dir
    state.profile = _chosen_profile(state, profile)
    state.content_dirs = list(content_dir or [])
    state.settings = settings
    about.welcome_if_first_run(state, ctx.invoked_subcommand, ctx.meta.get(COMMAND_ARGS, ()))
    if ctx.invoked_subcommand is None:
        home.home(ctx)


def _chosen_profile(state: AppState, profile: str | None) -> str | None:
    """A named profile must exist (a typo must not start an empty journal);
    ``profile add`` makes one."""
    from intimacy_cli.base.profiles import DEFAULT, check_name, profile_folder

    if profile is None or check_name(profile) == DEFAULT:
        return None
    if not profile_folder(state.root_dir, profile).is_dir():
        from intimacy_cli.base.errors import UsageProblem
        from intimacy_cli.commands.hints import missing_profile

        raise UsageProblem(
            f"there is no profile '{profile}' in {state.root_dir}", hint=missing_profile(profile)
        )
    return profile


# Help lists commands by what a person is doing, in the order they meet them.
LEARN, JOURNAL, HELP, SETUP = "Learn", "Your journal", "Help and safety", "Lessons and data"
app.command("lessons", rich_help_panel=LEARN)(lessons.lessons)
app.command("learn", rich_help_panel=LEARN)(learn.learn)
app.command("read", rich_help_panel=LEARN)(read.read)
app.command("reflect", rich_help_panel=LEARN)(reflect.reflect)
app.add_typer(recall.recall_app, name="recall", rich_help_panel=LEARN)
app.command("journal", rich_help_panel=JOURNAL)(journal.journal)
app.command("review", rich_help_panel=JOURNAL)(review.review)
app.command("show", rich_help_panel=JOURNAL)(show.show)
app.command("edit", rich_help_panel=JOURNAL)(edit.edit)
app.command("delete", rich_help_panel=JOURNAL)(delete.delete)
app.command("progress", rich_help_panel=JOURNAL)(progress.progress)
app.command("export", rich_help_panel=JOURNAL)(export.export)
app.command("import", rich_help_panel=JOURNAL)(importer.import_entries)
app.command("support", rich_help_panel=HELP)(support.support)
app.command("about", rich_help_panel=HELP)(about.about)
app.add_typer(data.data_app, name="data", rich_help_panel=SETUP)
app.add_typer(content.content_app, name="content", rich_help_panel=SETUP)
# Check-ins, the mood they add up to, and reminders (issue 16).
app.command("checkin", rich_help_panel=JOURNAL)(checkin.checkin)
app.command("mood", rich_help_panel=JOURNAL)(mood.mood)
app.add_typer(remind.remind_app, name="remind", rich_help_panel=SETUP)
# Homework from a therapist, and the report to bring to the session (issue 15).
app.add_typer(homework.homework_app, name="homework", rich_help_panel=JOURNAL)
app.command("report", rich_help_panel=JOURNAL)(report.report)
# Profiles and couple mode (issue 17).
TOGETHER = "Together"
app.add_typer(together_command.together_app, name="together", rich_help_panel=TOGETHER)
app.add_typer(profile_command.profile_app, name="profile", rich_help_panel=TOGETHER)


def main() -> None:
    """Console-script entry point."""
    _reopen_closed_streams()
    streams.prepare()
    _end_on_signals()
    if "--no-color" in sys.argv[1:]:
        # Typer draws --help and usage errors with consoles of its own, before our
        # callback runs; they read NO_COLOR, so --no-color reaches them this way.
        os.environ["NO_COLOR"] = "1"
    try:
        app(prog_name="intimacy")
    except Stopped as stop:  # a signal before or after a command ran
        sys.exit(stop.status)
    except streams.OutputFailed as failed:  # --help or --version, before any command
        with suppress(OSError):
            sys.stderr.write(f"Error: {failed.message}\n")
        sys.exit(ExitStatus.ERROR)
    finally:
        streams.settle()


def _end_on_signals() -> None:
    """SIGTERM (``kill``, a shutdown) and SIGHUP (the terminal was closed) end
    the app as Ctrl-C does: :class:`Stopped` unwinds every ``finally`` (the
    editor's draft is removed, a half-written file deleted), the answers
    already saved stay, and the exit status says which signal it was.

    A signal the parent set to be ignored (``nohup``) stays ignored; Windows
    has no SIGHUP. After the first such signal, more of them are ignored, so
    they cannot interrupt the clean-up.
    """
    wanted = [
        (number, status)
        for name, status in (("SIGTERM", ExitStatus.TERMINATED), ("SIGHUP", ExitStatus.HANGUP))
        if (number := getattr(signal, name, None)) is not None
        and signal.getsignal(number) != signal.SIG_IGN
    ]

    def stop(number: int, _frame: object) -> None:
        for other, _ in wanted:
            signal.signal(other, signal.SIG_IGN)
        raise Stopped(dict(wanted)[number])

    for number, _ in wanted:
        signal.signal(number, stop)


def _reopen_closed_streams() -> None:
    """A stream the shell closed (``intimacy journal <&-``) is ``None`` in Python;
    reading it as empty and writing it away, like ``/dev/null``, lets every later
    check ("is this a terminal?", "was text piped in?") answer normally."""
    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
