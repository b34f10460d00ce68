"""Homework files: what a therapist asks a client to do, and by when.

A homework file (``*.homework.yaml``) is checked like a lesson file: every
problem at once, each with file and line, and nothing is used from a file with
any problem. Lesson and reflection ids are checked against the lessons the
caller passes (built-in, ``--content-dir`` packs, and a pack beside the file).

Text in the file is someone else's: it is kept as written and shown literally
by the layers above, never followed or run.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from intimacy_cli.base.dates import FIRST_YEAR, LAST_YEAR

if TYPE_CHECKING:  # the checker loads PyYAML: only reading a file needs it, not the store
    from intimacy_cli.content.loader import FileChecker, Problem
    from intimacy_cli.content.model import Lesson
    from intimacy_cli.content.yaml_lines import LinedDict

HOMEWORK_SUFFIX = ".homework.yaml"
ItemKind = Literal["lesson", "reflections", "prompt", "checkin"]
ITEM_KINDS: tuple[ItemKind, ...] = ("lesson", "reflections", "prompt", "checkin")
HOMEWORK_FIELDS = ("id", "title", "items")
HOMEWORK_OPTIONAL = ("from", "note")
ITEM_TIMING = ("due", "repeat", "until", "times")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
REPEAT_FORMS = "daily, weekly on <weekday>, every N days"
MAX_EVERY_DAYS = 365
MAX_TIMES = 1000
MAX_ITEMS = 100


@dataclass(frozen=True)
class Repeat:
    """An item asked for again and again: every ``days`` days, the first time on
    ``weekday`` (0 = Monday) when given, until a day or a number of ``times``."""

    days: int
    weekday: int | None = None
    until: date | None = None
    times: int | None = None

    @property
    def rule(self) -> str:
        """The rule as a homework file writes it."""
        if self.weekday is not None:
            return f"weekly on {WEEKDAYS[self.weekday]}"
        return "daily" if self.days == 1 else f"every {self.days} days"


@dataclass(frozen=True)
class Item:
    """One thing asked for: a lesson, some of a lesson's reflections, a journal
    prompt, or a check-in (``intimacy checkin``)."""

    number: int  # 1-based, as ``--homework ID:N`` names it
    kind: ItemKind
    lesson: str | None = None
    reflections: tuple[str, ...] = ()
    prompt: str | None = None
    due: date | None = None
    repeat: Repeat | None = None


@dataclass(frozen=True)
class Assignment:
    id: str
    title: str
    items: tuple[Item, ...]
    sender: str | None = None  # ``from``: the therapist's name as they want it shown
    note: str | None = None

    def item(self, number: int) -> Item | None:
        return self.items[number - 1] if 1 <= number <= len(self.items) else None

    @property
    def lessons(self) -> list[str]:
        """The lessons the items name, each once, in order."""
        return list(dict.fromkeys(item.lesson for item in self.items if item.lesson))


def is_homework_file(path: Path) -> bool:
    return path.name.endswith(HOMEWORK_SUFFIX)


_EVERY = re.compile(r"every (\d{1,4}) days?")
_WEEKLY = re.compile(r"weekly on (\w+)")


def parse_repeat(text: str) -> tuple[int, int | None] | None:
    """``(days, weekday)`` for a rule, or ``None`` when it is not one of :data:`REPEAT_FORMS`."""
    rule = " ".join(text.lower().split())
    if rule == "daily":
        return 1, None
    every = _EVERY.fullmatch(rule)
    if every and 1 <= int(every.group(1)) <= MAX_EVERY_DAYS:
        return int(every.group(1)), None
    weekly = _WEEKLY.fullmatch(rule)
    if weekly and weekly.group(1) in WEEKDAYS:
        return 7, WEEKDAYS.index(weekly.group(1))
    return None


def parse_homework(
    file: Path, text: str, lessons: Mapping[str, Lesson]
) -> tuple[Assignment | None, list[Problem]]:
    """One homework file's text as an assignment, or every problem with it."""
    from intimacy_cli.content.loader import FileChecker

    check = FileChecker(file)
    data = check.parse_yaml(text)
    if check.problems:
        return None, check.problems
    top = check.mapping(data, "homework", HOMEWORK_FIELDS, HOMEWORK_OPTIONAL, line=1)
    if top is None:
        return None, check.problems
    homework_id = check.slug(top, "id", "homework")
    title = check.text(top, "title", "homework")
    sender = check.text(top, "from", "homework", required=False)
    note = check.text(top, "note", "homework", required=False)
    found = check.items(top, "items", "homework", minimum=1)
    if len(found) > MAX_ITEMS:
        check.problem(top.key_lines.get("items"), f"homework.items: at most {MAX_ITEMS} items")
    items = []
    for number, (value, line) in enumerate(found[:MAX_ITEMS], 1):
        item = _item(check, value, line, number, lessons)
        if item is not None:
            items.append(item)
    if check.problems:
        return None, check.problems
    assert homework_id and title
    return Assignment(homework_id, title, tuple(items), sender, note), []


def _item(
    check: FileChecker, value: Any, line: int, number: int, lessons: Mapping[str, Lesson]
) -> Item | None:
    where = f"items[{number}]"
    entry = check.mapping(value, where, (), (*ITEM_KINDS, *ITEM_TIMING), line=line)
    if entry is None:
        return None
    kind = _kind(check, entry, where)
    if kind is None:
        return None
    due, repeat = _timing(check, entry, where)
    if kind == "checkin":
        return _checkin(check, entry, where, Item(number, "checkin", due=due, repeat=repeat))
    if kind == "prompt":
        prompt = check.text(entry, "prompt", where)
        return Item(number, "prompt", prompt=prompt, due=due, repeat=repeat) if prompt else None
    if kind == "lesson":
        lesson_id = _lesson_id(check, entry, "lesson", where, lessons)
        return Item(number, "lesson", lesson_id, due=due, repeat=repeat) if lesson_id else None
    chosen = _reflections(check, entry, where, lessons)
    return Item(number, "reflections", *chosen, due=due, repeat=repeat) if chosen else None


def _checkin(check: FileChecker, entry: LinedDict, where: str, item: Item) -> Item | None:
    """``checkin: true``: a check-in; any other value is a slip worth naming."""
    if entry["checkin"] is True:
        return item
    check.problem(entry.key_lines.get("checkin"), f"{where}.checkin: must be true")
    return None


def _kind(check: FileChecker, entry: LinedDict, where: str) -> ItemKind | None:
    """What the item asks for: exactly one of the kinds."""
    asked = [key for key in ITEM_KINDS if key in entry]
    if len(asked) != 1:
        what = "one of lesson, reflections, prompt or checkin"
        check.problem(entry.line, f"{where}: needs exactly {what}, has {len(asked)}")
        return None
    return next(kind for kind in ITEM_KINDS if kind == asked[0])


def _reflections(
    check: FileChecker, entry: LinedDict, where: str, lessons: Mapping[str, Lesson]
) -> tuple[str, tuple[str, ...]] | None:
    """``reflections: {lesson: ID, ids: [ID, ...]}``: some of a lesson's reflections."""
    where = f"{where}.reflections"
    line = entry.key_lines.get("reflections")
    part = check.mapping(entry["reflections"], where, ("lesson", "ids"), line=line)
    if part is None:
        return None
    lesson_id = _lesson_id(check, part, "lesson", where, lessons)
    ids = check.strings(part, "ids", where, minimum=1)
    if lesson_id is None or not ids:
        return None
    lesson = lessons[lesson_id]
    unknown = [rid for rid in ids if lesson.reflection(rid) is None]
    if unknown:
        asks = ", ".join(r.id for r in lesson.reflections) or "none"
        check.problem(
            part.key_lines.get("ids"),
            f"{where}: lesson '{lesson_id}' has no reflection "
            f"{', '.join(repr(rid) for rid in unknown)} (it has: {asks})",
        )
        return None
    return lesson_id, tuple(dict.fromkeys(ids))


def _lesson_id(
    check: FileChecker, data: LinedDict, key: str, where: str, lessons: Mapping[str, Lesson]
) -> str | None:
    lesson_id = check.text(data, key, where)
    if lesson_id is not None and lesson_id not in lessons:
        check.problem(
            data.key_lines.get(key),
            f"{where}.{key}: no lesson '{lesson_id}' (built-in, from --content-dir, "
            "or in a pack beside this file)",
        )
        return None
    return lesson_id


def _timing(check: FileChecker, entry: LinedDict, where: str) -> tuple[date | None, Repeat | None]:
    """An item's ``due`` date, or its ``repeat`` rule with ``until`` or ``times``."""
    due = _date(check, entry, "due", where)
    until = _date(check, entry, "until", where)
    times = check.integer(entry, "times", where)
    if times is not None and not 1 <= times <= MAX_TIMES:
        check.problem(entry.key_lines.get("times"), f"{where}.times must be 1 to {MAX_TIMES}")
    if "repeat" not in entry:
        for key in ("until", "times"):
            if key in entry:
                check.problem(entry.key_lines.get(key), f"{where}.{key} needs a 'repeat' rule")
        return due, None
    if "due" in entry:
        check.problem(
            entry.key_lines.get("due"),
            f"{where}: give either 'due' or 'repeat', not both",
        )
    if until is not None and times is not None:
        check.problem(entry.key_lines.get("times"), f"{where}: give 'until' or 'times', not both")
    rule = check.text(entry, "repeat", where)
    parsed = parse_repeat(rule) if rule else None
    if rule and parsed is None:
        check.problem(
            entry.key_lines.get("repeat"),
            f"{where}.repeat '{rule}' is not a rule I can read; use {REPEAT_FORMS} "
            f"(N from 1 to {MAX_EVERY_DAYS})",
        )
    if parsed is None:
        return None, None
    return None, Repeat(parsed[0], parsed[1], until, times)


def _date(check: FileChecker, entry: LinedDict, key: str, where: str) -> date | None:
    """A calendar date written ``YYYY-MM-DD`` (YAML reads it as a date already)."""
    if key not in entry:
        return None
    value = entry[key]
    line = entry.key_lines.get(key)
    day: date | None = None
    if isinstance(value, date) and type(value) is date:
        day = value
    elif isinstance(value, str):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            day = None
    if day is None:
        check.problem(line, f"{where}.{key} '{value}' is not a date; write it YYYY-MM-DD")
        return None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        check.problem(line, f"{where}.{key} must be in the years {FIRST_YEAR} to {LAST_YEAR}")
        return None
    return day
