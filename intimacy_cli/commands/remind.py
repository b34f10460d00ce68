"""``intimacy remind``: a gentle daily reminder through the OS scheduler."""

from __future__ import annotations

from typing import Annotated

import typer

from intimacy_cli.commands.options import HELP_SETTINGS
from intimacy_cli.ui import console

remind_app = typer.Typer(
    help=(
        "A daily reminder that says nothing about what is in your journal, shown "
        "as a desktop notification by your computer's own scheduler."
    ),
    epilog=(
        "Examples:  intimacy remind set --daily 20:30  |  intimacy remind list  |  "
        "intimacy remind off"
    ),
    no_args_is_help=True,
    context_settings=HELP_SETTINGS,
)


@remind_app.command("set")
def set_reminder(
    daily: Annotated[
        str, typer.Option("--daily", metavar="HH:MM", help="The time of day, e.g. 20:30.")
    ],
    days: Annotated[
        str | None,
        typer.Option(
            "--days", metavar="DAYS", help="Only these days, e.g. mon,wed,fri.", show_default=False
        ),
    ] = None,
    backend: Annotated[
        str | None,
        typer.Option(
            "--backend",
            metavar="systemd|launchd|cron",
            help="The scheduler to use (default: the one this computer runs).",
            show_default=False,
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option(
            "--title", help="The notification's title (default: Reminder).", show_default=False
        ),
    ] = None,
    text: Annotated[
        str | None,
        typer.Option("--text", help="Its text (default: A moment for you).", show_default=False),
    ] = None,
) -> None:
    """Set (or change) the daily reminder.

    It is installed in the OS scheduler: a systemd user timer, a launchd
    agent on macOS, or a crontab line. By default the notification says only
    "A moment for you", nothing about the app or your journal. A reminder
    more than two hours late (the computer was off) is skipped.

    Examples:

        intimacy remind set --daily 20:30

        intimacy remind set --daily 8:15 --days mon,wed,fri

        intimacy remind set --daily 21:00 --backend cron --title 'Evening'
    """
    from intimacy_cli.base import paths
    from intimacy_cli.base.errors import UsageProblem
    from intimacy_cli.reminders import schedulers, settings

    if backend is not None and backend not in schedulers.BACKENDS:
        raise UsageProblem(f"--backend is one of {', '.join(schedulers.BACKENDS)}, not {backend!r}")
    reminder = settings.Reminder(
        at=settings.parse_clock(daily),
        days=settings.parse_days(days),
        backend=backend or schedulers.detect(),
        title=settings.check_words("--title", title) if title else settings.DEFAULT_TITLE,
        text=settings.check_words("--text", text) if text else settings.DEFAULT_TEXT,
    )
    path = paths.reminder_file()
    earlier = settings.load(path)
    if earlier is not None:
        schedulers.scheduler(earlier.backend).remove()
    chosen = schedulers.scheduler(reminder.backend)
    chosen.install(reminder)
    try:
        settings.save(path, reminder)
    except settings.ReminderError:
        chosen.remove()  # a job without its settings would fire with nothing to say
        raise
    console.note(f"Reminder set {reminder.describe()}, through {chosen.name}.")


@remind_app.command("list")
def list_reminder(
    as_json: Annotated[bool, typer.Option("--json", help="Print the reminder as JSON.")] = False,
) -> None:
    """Show the reminder: when, which days, and through which scheduler.

    Examples:

        intimacy remind list

        intimacy remind list --json
    """
    from intimacy_cli.base import paths
    from intimacy_cli.reminders import schedulers, settings

    reminder = settings.load(paths.reminder_file())
    installed = reminder is not None and schedulers.scheduler(reminder.backend).installed()
    if as_json:
        from intimacy_cli.transfer import shapes
        from intimacy_cli.ui.json_output import emit_json

        emit_json(shapes.reminder_dict(reminder, installed=installed))
        return
    if reminder is None:
        console.out().print("No reminder is set; 'intimacy remind set --daily 20:30' sets one.")
        return
    where = schedulers.scheduler(reminder.backend)
    state = f"in {where.where()}" if installed else "but not found in the scheduler"
    lines = [
        f"Daily reminder {reminder.describe()}, through {reminder.backend} ({state}).",
        f"It shows: {reminder.title}: {reminder.text}",
    ]
    if not installed:
        lines.append("Set it again with: intimacy remind set --daily " + reminder.at)
    for line in lines:
        console.out().print(console.literal(line), soft_wrap=not console.out().is_terminal)


@remind_app.command("test")
def test_reminder() -> None:
    """Show the reminder's notification now, to see how it looks.

    Examples:

        intimacy remind test
    """
    from intimacy_cli.base import paths
    from intimacy_cli.reminders import notify, settings

    reminder = settings.load(paths.reminder_file())
    title = reminder.title if reminder else settings.DEFAULT_TITLE
    text = reminder.text if reminder else settings.DEFAULT_TEXT
    if notify.notify(title, text):
        console.note(f"Sent: {title}: {text}")
    else:
        console.note(
            "No desktop notification can be shown here (notify-send or osascript is "
            "needed); the home screen still says when a check-in is due."
        )


@remind_app.command("off")
def reminder_off() -> None:
    """Remove the reminder and everything it installed.

    Examples:

        intimacy remind off
    """
    from intimacy_cli.base import paths
    from intimacy_cli.reminders import schedulers, settings

    path = paths.reminder_file()
    reminder = settings.load(path)
    if reminder is None:
        console.note("No reminder was set; nothing to remove.")
        return
    schedulers.scheduler(reminder.backend).remove()
    settings.remove_file(path)
    console.note("Reminder removed.")


@remind_app.command("fire")
def fire(
    scheduled: Annotated[
        str | None,
        typer.Option(
            "--scheduled",
            metavar="HH:MM",
            help="The time it was meant for; more than two hours late, nothing is shown.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """What the scheduler runs: show the notification (reads only the reminder's settings).

    Examples:

        intimacy remind fire --scheduled 20:30
    """
    from intimacy_cli.base import paths
    from intimacy_cli.base.dates import local_now
    from intimacy_cli.reminders import notify, settings

    reminder = settings.load(paths.reminder_file())
    if reminder is None:
        return  # turned off since the job was made
    if scheduled is not None and settings.is_too_late(settings.parse_clock(scheduled), local_now()):
        return
    notify.notify(reminder.title, reminder.text)
