"""Dates a person types on the command line (``--since``/``--until``), read in local time.

Accepted forms, case-insensitive:

- ``2026-11-20``: that whole local calendar day;
- ``2026-11-20T18:30`` (or with a space, seconds, an offset such as ``+01:00``):
  an exact moment; without an offset it is local time;
- ``today`` and ``yesterday``;
- ``Nd`` and ``Nw``: the day N days or N weeks before today (``0d`` is today,
  ``1d`` is yesterday, ``4w`` is the same weekday four weeks ago).

A day used with ``--since`` starts at its local midnight (inclusive); a day used
with ``--until`` is included whole, so the bound is the next local midnight
(exclusive). A moment is used as it is by both. Every function takes ``now``
so tests can fix the clock; local time is the system's time zone (``TZ``).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

# The years a date may be in, here and for stored entries: shown in local time,
# year 1 or 9999 would cross the calendar's edge.
FIRST_YEAR, LAST_YEAR = 1900, 9998

# Compiled by re when first used (its cache): most commands read no dates.
_RELATIVE = r"^(\d{1,5})([dw])$"
FORMS = "YYYY-MM-DD, YYYY-MM-DDTHH:MM, today, yesterday, 7d or 4w"


class DateProblem(ValueError):
    """Text that names no day or moment; the message says which forms work."""


def local_now() -> datetime:
    return datetime.now().astimezone()


def local_midnight(day: date) -> datetime:
    """The start of a local calendar day, with that day's own UTC offset (so
    days around a daylight-saving change start at the right moment)."""
    return datetime.combine(day, time()).astimezone()


def local_day(moment: datetime) -> date:
    """The local calendar day a stored (timezone-aware) moment falls on."""
    return moment.astimezone().date()


def parse_when(text: str, now: datetime) -> date | datetime:
    """A calendar day (``date``) or an exact, timezone-aware moment (``datetime``)."""
    when = _parse(text, now)
    # Far-off years cannot be turned into local moments on every platform.
    if not FIRST_YEAR <= when.year <= LAST_YEAR:
        raise DateProblem(
            f"'{text}' is too far from today; use a year from {FIRST_YEAR} to {LAST_YEAR}"
        )
    return when


def _parse(text: str, now: datetime) -> date | datetime:
    wanted = text.strip().lower()
    today = local_day(now)
    if wanted == "today":
        return today
    if wanted == "yesterday":
        return today - timedelta(days=1)
    relative = re.match(_RELATIVE, wanted)
    if relative:
        count, unit = int(relative.group(1)), relative.group(2)
        return today - timedelta(days=count * (7 if unit == "w" else 1))
    try:
        return date.fromisoformat(wanted)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(wanted)
    except ValueError:
        raise DateProblem(f"'{text}' is not a date; use {FORMS}") from None
    return moment if moment.tzinfo else moment.astimezone()


def since_bound(text: str, now: datetime) -> datetime:
    """The inclusive start for ``--since``: a day's first moment, or the moment given."""
    when = parse_when(text, now)
    return when if isinstance(when, datetime) else local_midnight(when)


def until_bound(text: str, now: datetime) -> datetime:
    """The exclusive end for ``--until``: the midnight after the day, or the moment given."""
    when = parse_when(text, now)
    return when if isinstance(when, datetime) else local_midnight(when + timedelta(days=1))
