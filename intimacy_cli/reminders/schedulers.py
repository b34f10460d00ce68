"""Putting the reminder into the OS scheduler, and taking it out again.

Three schedulers, each writing only what it can remove: a systemd user timer
(``Persistent=true``, so a time missed while the computer was off fires at the
next start, when ``remind fire`` skips it if more than two hours late), a
launchd agent on macOS, else one marked crontab line. An install that fails
part-way removes what it wrote. Tests run these against fake ``systemctl``,
``launchctl`` and ``crontab`` programs on ``PATH`` and a temporary home.
"""

from __future__ import annotations

import os
import plistlib
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import Protocol

from intimacy_cli.reminders.settings import Reminder, ReminderError, remove_file
from intimacy_cli.store.files import describe, make_private_dir, write_atomically

NAME = "intimacy-cli-reminder"
LAUNCHD_LABEL = "org.intimacy-cli.reminder"
DESCRIPTION = "A reminder from intimacy-cli"
CRON_MARK = "# intimacy-cli reminder (remind off removes this line)"
BACKENDS = ("systemd", "launchd", "cron")
SYSTEMD_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# How long a scheduler's program may take before it counts as stuck.
PROGRAM_TIMEOUT = 30


def fire_command(reminder: Reminder) -> list[str]:
    """What the scheduler runs: this Python and this app, whatever PATH the job has."""
    return [sys.executable, "-m", "intimacy_cli", "remind", "fire", "--scheduled", reminder.at]


def _command_line(reminder: Reminder, special: dict[int, str]) -> str:
    """:func:`fire_command` as one shell line for a unit file or a crontab, with
    each character that means something there written as ``special`` says
    (systemd: '%' specifiers, '$' variables, '\\' escapes; cron: '%' is a line
    break). A line break cannot be written at all."""
    command = " ".join(shlex.quote(part) for part in fire_command(reminder))
    if "\n" in command or "\r" in command:
        raise ReminderError(
            f"cannot schedule '{command.splitlines()[0]}…': its path holds a line break"
        )
    return command.translate(special)


# How each scheduler's line reads its special characters literally.
SYSTEMD_LITERAL = str.maketrans({"%": "%%", "$": "$$", "\\": "\\\\"})
CRON_LITERAL = str.maketrans({"%": "\\%"})


class Scheduler(Protocol):
    name: str

    def install(self, reminder: Reminder) -> None:
        """Schedule the reminder; on failure, nothing of it is left behind."""

    def remove(self) -> None:
        """Take out everything :meth:`install` put in (nothing there is fine)."""

    def installed(self) -> bool: ...

    def where(self) -> str:
        """Where it lives, for ``remind list``."""


def _run(program: str, args: Sequence[str], *, stdin: str | None = None) -> str:
    """Run a scheduler's program; its refusal is a :class:`ReminderError` with
    its own first line of complaint."""
    if shutil.which(program) is None:
        raise ReminderError(f"cannot find '{program}' to set the reminder with")
    try:
        done = subprocess.run(
            [program, *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=PROGRAM_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        reason = describe(error) if isinstance(error, OSError) else "it did not answer"
        raise ReminderError(f"'{program} {' '.join(args)}' failed: {reason}") from None
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        reason = said[0] if said else f"exit status {done.returncode}"
        raise ReminderError(f"'{program} {' '.join(args)}' refused: {reason}")
    return done.stdout


def _write(path: Path, data: bytes) -> None:
    try:
        make_private_dir(path.parent)
        write_atomically(path, data)
    except OSError as error:
        raise ReminderError(f"cannot write {path}: {describe(error)}") from None


class Systemd:
    name = "systemd"

    def __init__(self) -> None:
        config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
        self.folder = Path(config) / "systemd" / "user"
        self.service = self.folder / f"{NAME}.service"
        self.timer = self.folder / f"{NAME}.timer"

    def install(self, reminder: Reminder) -> None:
        days = ",".join(SYSTEMD_DAYS[day] for day in reminder.weekdays)
        calendar = f"{days} *-*-* {reminder.at}:00" if reminder.days else f"*-*-* {reminder.at}:00"
        command = _command_line(reminder, SYSTEMD_LITERAL)
        # A fixed description: the notification's own words may hold a '%',
        # which systemd would read as a specifier.
        unit = f"[Unit]\nDescription={DESCRIPTION}\n\n"
        service = f"{unit}[Service]\nType=oneshot\nExecStart={command}\n"
        timer = (
            f"{unit}[Timer]\nOnCalendar={calendar}\n"
            f"Persistent=true\n\n[Install]\nWantedBy=timers.target\n"
        )
        try:
            _write(self.service, service.encode())
            _write(self.timer, timer.encode())
            _run("systemctl", ["--user", "daemon-reload"])
            _run("systemctl", ["--user", "enable", "--now", self.timer.name])
        except ReminderError:
            self._remove_files()
            raise

    def remove(self) -> None:
        if self.timer.exists():
            with suppress(ReminderError):  # not loaded (say, after a reboot): nothing to stop
                _run("systemctl", ["--user", "disable", "--now", self.timer.name])
        self._remove_files()

    def _remove_files(self) -> None:
        existed = self.timer.exists() or self.service.exists()
        for path in (self.timer, self.service):
            remove_file(path)
        if existed:
            with suppress(ReminderError):
                _run("systemctl", ["--user", "daemon-reload"])

    def installed(self) -> bool:
        return self.timer.exists()

    def where(self) -> str:
        return str(self.timer)


class Launchd:
    name = "launchd"

    def __init__(self) -> None:
        self.plist = Path.home() / "Library" / "LaunchAgents" / f"{LAUNCHD_LABEL}.plist"
        self.domain = f"gui/{os.getuid()}"

    def install(self, reminder: Reminder) -> None:
        # launchd counts weekdays from Sunday (0); ours from Monday.
        times = [{"Hour": reminder.hour, "Minute": reminder.minute}]
        if reminder.days:
            times = [{**times[0], "Weekday": (day + 1) % 7} for day in reminder.weekdays]
        agent = {
            "Label": LAUNCHD_LABEL,
            "ProgramArguments": fire_command(reminder),
            "StartCalendarInterval": times,
        }
        self.remove()  # an older agent of ours would refuse the new one
        try:
            _write(self.plist, plistlib.dumps(agent))
            _run("launchctl", ["bootstrap", self.domain, str(self.plist)])
        except ReminderError:
            self.plist.unlink(missing_ok=True)
            raise

    def remove(self) -> None:
        if self.plist.exists():
            with suppress(ReminderError):  # not loaded: nothing to stop
                _run("launchctl", ["bootout", self.domain, str(self.plist)])
            remove_file(self.plist)

    def installed(self) -> bool:
        return self.plist.exists()

    def where(self) -> str:
        return str(self.plist)


class Cron:
    name = "cron"

    def install(self, reminder: Reminder) -> None:
        days = ",".join(str((day + 1) % 7) for day in reminder.weekdays) if reminder.days else "*"
        command = _command_line(reminder, CRON_LITERAL)
        line = f"{reminder.minute} {reminder.hour} * * {days} {command} {CRON_MARK}"
        # crontab replaces the whole table at once: a refusal leaves it as it was.
        self._replace([*self._others(), line])

    def remove(self) -> None:
        lines = self._lines()
        if any(CRON_MARK in line for line in lines):
            self._replace(self._others(lines))

    def installed(self) -> bool:
        return any(CRON_MARK in line for line in self._lines())

    def where(self) -> str:
        return "your crontab"

    def _lines(self) -> list[str]:
        try:
            return _run("crontab", ["-l"]).splitlines()
        except ReminderError as error:
            if "no crontab" in error.message.lower():
                return []
            raise

    def _others(self, lines: list[str] | None = None) -> list[str]:
        return [
            line for line in (self._lines() if lines is None else lines) if CRON_MARK not in line
        ]

    def _replace(self, lines: list[str]) -> None:
        _run("crontab", ["-"], stdin="".join(f"{line}\n" for line in lines))


def scheduler(name: str) -> Scheduler:
    schedulers: dict[str, type[Scheduler]] = {"systemd": Systemd, "launchd": Launchd, "cron": Cron}
    return schedulers[name]()


def detect() -> str:
    """The scheduler this computer runs: launchd on macOS, a systemd user
    session where systemd runs, else cron."""
    if sys.platform == "darwin":
        return "launchd"
    if Path("/run/systemd/system").is_dir() and shutil.which("systemctl"):
        return "systemd"
    if shutil.which("crontab"):
        return "cron"
    raise ReminderError(
        "found no scheduler to keep the reminder (systemd, launchd or cron)",
        hint="choose one with --backend systemd|launchd|cron",
    )
