"""The ``intimacy`` command: global options, error handling, and command wiring.

This module stays thin and cheap to import: each command lives in a module of
``intimacy_cli.commands``, which is imported, and its click command built, only
when that command runs (or when help or completion lists every command).
"""

# No ``from __future__ import annotations`` here: Typer reads the annotations
# of the functions it runs (the options), and it would compile each one
# given as a string again every time it reads them (some 70 times a run).
import gc
import importlib
import os
import signal
import sys
import traceback
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.main
from typer.core import TyperGroup
from typer.models import CommandInfo, TyperInfo

from intimacy_cli import __version__
from intimacy_cli.base.errors import DEBUG_ENV, ISSUES_URL, ExitStatus, IntimacyError, Stopped
from intimacy_cli.base.paths import CONTENT_ENV, HOME_ENV
from intimacy_cli.base.profiles import PROFILE_ENV
from intimacy_cli.commands.options import HELP_SETTINGS
from intimacy_cli.ui import streams

# The rest of the app is imported when a command runs, not for --version or
# --help: those should start as fast as Typer itself.
if TYPE_CHECKING:
    from intimacy_cli.base.config import Config
    from intimacy_cli.commands.state import AppState

PACKAGE = __name__.split(".")[0]
# ctx.meta key: the arguments that follow the subcommand's name.
COMMAND_ARGS = "intimacy.command_args"


class IntimacyGroup(TyperGroup):
    """Turns the errors a person can cause into one calm line and an exit code,
    and builds each command only when it is needed (see :data:`COMMANDS`):
    building all of them would import every command's module on every run."""

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        return list(COMMANDS)

    def get_command(self, ctx: typer.Context, cmd_name: str) -> Any:  # type: ignore[override]
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.commands[cmd_name] = build_command(cmd_name)
        return self.commands.get(cmd_name)

    # typer hands its groups its own Context subclass, the public name for it.
    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        from intimacy_cli.ui import console

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
    from intimacy_cli.base.messages import STOPPED
    from intimacy_cli.commands.hints import after_stop
    from intimacy_cli.ui import console

    console.note("\n" + STOPPED)
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


def _settings(command: str | None) -> "Config":
    """The settings file, or for the help commands its defaults and a warning."""
    from intimacy_cli.base import config
    from intimacy_cli.ui import console

    try:
        return config.load()
    except config.ConfigError as exc:
        from intimacy_cli.commands.about import HELP_COMMANDS

        if command not in HELP_COMMANDS:
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
    from intimacy_cli.commands.about import welcome_if_first_run
    from intimacy_cli.commands.state import AppState
    from intimacy_cli.ui import console

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
    welcome_if_first_run(state, ctx.invoked_subcommand, ctx.meta.get(COMMAND_ARGS, ()))
    if ctx.invoked_subcommand is None:
        from intimacy_cli.commands.home import home

        home(ctx)


def _chosen_profile(state: "AppState", profile: str | None) -> str | None:
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
TOGETHER = "Together"
# Every command: its name, then the module in intimacy_cli.commands and the
# function (or Typer group of subcommands) in it, and its help panel.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "lessons": ("lessons", "lessons", LEARN),
    "learn": ("learn", "learn", LEARN),
    "read": ("read", "read", LEARN),
    "reflect": ("reflect", "reflect", LEARN),
    "recall": ("recall", "recall_app", LEARN),
    "journal": ("journal", "journal", JOURNAL),
    "review": ("review", "review", JOURNAL),
    "show": ("show", "show", JOURNAL),
    "edit": ("edit", "edit", JOURNAL),
    "delete": ("delete", "delete", JOURNAL),
    "progress": ("progress", "progress", JOURNAL),
    "export": ("export", "export", JOURNAL),
    "import": ("importer", "import_entries", JOURNAL),
    "support": ("support", "support", HELP),
    "about": ("about", "about", HELP),
    "data": ("data", "data_app", SETUP),
    "content": ("content", "content_app", SETUP),
    "checkin": ("checkin", "checkin", JOURNAL),
    "mood": ("mood", "mood", JOURNAL),
    "remind": ("remind", "remind_app", SETUP),
    "homework": ("homework", "homework_app", JOURNAL),
    "report": ("report", "report", JOURNAL),
    "together": ("together", "together_app", TOGETHER),
    "profile": ("profile", "profile_app", TOGETHER),
}


def build_command(name: str) -> Any:
    """The click command for ``name`` (one of :data:`COMMANDS`), built from its
    module as Typer would have built it inside the app."""
    module, attribute, panel = COMMANDS[name]
    found = getattr(importlib.import_module(f"{__package__}.commands.{module}"), attribute)
    if isinstance(found, typer.Typer):
        return typer.main.get_group_from_info(
            TyperInfo(found, name=name, rich_help_panel=panel),
            pretty_exceptions_short=app.pretty_exceptions_short,
            suggest_commands=app.suggest_commands,
            rich_markup_mode=app.rich_markup_mode,
        )
    return typer.main.get_command_from_info(
        CommandInfo(name=name, callback=found, rich_help_panel=panel),
        pretty_exceptions_short=app.pretty_exceptions_short,
        rich_markup_mode=app.rich_markup_mode,
    )


def main() -> None:
    """Console-script entry point: the process ends when it returns."""
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
        # What the process made (every module, Typer's objects and the app's)
        # lives until it ends, and on the way out the interpreter would walk it
        # all for reference cycles, twice: about a tenth of a command. Frozen, it
        # is left out of that walk; it is still freed as the modules are cleared,
        # all but its cycles, which the ending process has no need to collect.
        gc.freeze()


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
