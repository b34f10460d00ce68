"""The reminder's settings: when, on which days, through which scheduler, and
the words of the notification. One private JSON file (``reminder.json`` in the
user's config folder); ``remind fire`` reads this and nothing else.

The default words say nothing about the app or what is in it ("A moment for
you"), since someone else may see the screen.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path

from intimacy_cli.base.errors import IntimacyError, UsageProblem
from intimacy_cli.base.limits import MAX_SETTINGS_BYTES, TooLarge, read_capped
from intimacy_cli.base.text import printable
from intimacy_cli.store.files import describe, make_private_dir, write_atomically

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_TITLE = "Reminder"
DEFAULT_TEXT = "A moment for you"
# A reminder this late (the computer was asleep or off) is skipped, not shown.
TOO_LATE = timedelta(hours=2)
MAX_WORDS = 80
_CLOCK = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")


class ReminderError(IntimacyError):
    """The reminder's settings file or scheduler cannot be used."""


@dataclass(frozen=True)
class Reminder:
    at: str  # HH:MM, local time
    days: tuple[str, ...]  # of DAY_NAMES, in week order; () is every day
    backend: str
    title: str = DEFAULT_TITLE
    text: str = DEFAULT_TEXT

    @property
    def hour(self) -> int:
        return int(self.at[:2])

    @property
    def minute(self) -> int:
        return int(self.at[3:])

    @property
    def weekdays(self) -> tuple[int, ...]:
        """Monday is 0, as ``date.weekday``; every day when none were chosen."""
        return tuple(DAY_NAMES.index(day) for day in self.days) or tuple(range(7))

    def describe(self) -> str:
        days = ", ".join(day.capitalize() for day in self.days) if self.days else "every day"
        return f"at {self.at}, {days}"


def parse_clock(text: str) -> str:
    """``20:30`` (or ``8:05``) as ``HH:MM``; anything else is a usage problem."""
    match = _CLOCK.fullmatch(text.strip())
    if match is None:
        raise UsageProblem(f"--daily {text!r} is not a time of day; use HH:MM, e.g. 20:30")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def parse_days(text: str | None) -> tuple[str, ...]:
    """``mon,wed,fri`` as day names in week order; ``None`` is every day."""
    if text is None:
        return ()
    given = [part.strip().lower()[:3] for part in text.split(",") if part.strip()]
    unknown = [part for part in given if part not in DAY_NAMES]
    if unknown or not given:
        raise UsageProblem(
            f"--days {text!r}: use day names separated by commas ({','.join(DAY_NAMES)})"
        )
    return tuple(day for day in DAY_NAMES if day in given)


def check_words(option: str, text: str) -> str:
    """A title or text for the notification: one short line."""
    words = text.strip()
    if not words or len(words) > MAX_WORDS or printable(words) != words:
        raise UsageProblem(f"{option} must be one line of up to {MAX_WORDS} plain characters")
    return words


def is_too_late(scheduled: str, now: datetime) -> bool:
    """Whether a reminder meant for ``scheduled`` (HH:MM) today, or yesterday
    when that is still to come, is more than :data:`TOO_LATE` behind ``now``."""
    at = datetime.combine(now.date(), time(int(scheduled[:2]), int(scheduled[3:])), now.tzinfo)
    if at > now:
        at -= timedelta(days=1)
    return now - at > TOO_LATE


def load(path: Path) -> Reminder | None:
    """The saved reminder; ``None`` when none is set."""
    try:
        raw = read_capped(path, MAX_SETTINGS_BYTES)
    except FileNotFoundError:
        return None
    except (OSError, TooLarge) as exc:
        raise ReminderError(f"cannot read the reminder settings {path}: {exc}") from None
    try:
        data = json.loads(raw)
        reminder = Reminder(
            at=parse_clock(data["at"]),
            days=parse_days(",".join(data["days"])) if data["days"] else (),
            backend=str(data["backend"]),
            title=check_words("title", data["title"]),
            text=check_words("text", data["text"]),
        )
    except (ValueError, KeyError, TypeError, AttributeError, IntimacyError):
        raise ReminderError(
            f"the reminder settings {path} are damaged",
            hint="set the reminder again with: intimacy remind set --daily HH:MM",
        ) from None
    return reminder


def save(path: Path, reminder: Reminder) -> None:
    data = {
        "at": reminder.at,
        "days": list(reminder.days),
        "backend": reminder.backend,
        "title": reminder.title,
        "text": reminder.text,
    }
    try:
        make_private_dir(path.parent)
        write_atomically(path, json.dumps(data, indent=2).encode() + b"\n")
    except OSError as error:
        raise ReminderError(
            f"cannot save the reminder settings {path}: {describe(error)}"
        ) from None


def remove_file(path: Path) -> None:
    """Remove one file we wrote (the settings, a unit, an agent); gone already is fine."""
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        raise ReminderError(f"cannot remove {path}: {describe(error)}") from None
