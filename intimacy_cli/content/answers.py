"""What counts as an answer to a reflection question, for every way one can arrive.

The same rules serve the interactive prompts (which should never produce a bad
answer, but are checked anyway), ``intimacy reflect --answers FILE``, where a
person or a script wrote the answers by hand and deserves a precise error, and
``intimacy edit``, where a new answer arrives as plain text.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from intimacy_cli.base import messages
from intimacy_cli.base.errors import IntimacyError
from intimacy_cli.content.model import Answer, Lesson, Reflection


class InvalidAnswers(IntimacyError):
    """An answers file that cannot be used as a whole; nothing from it is saved."""


def check_answer(reflection: Reflection, value: Any) -> Answer:
    """The answer in its stored form, or ``ValueError`` saying what is expected.

    Text is stripped; options must be spelled exactly as the lesson offers them.
    """
    if reflection.kind in ("text", "long_text"):
        return _check_text(value)
    if reflection.kind == "scale":
        return _check_scale(reflection, value)
    if reflection.kind == "choice":
        return _check_choice(reflection, value)
    return _check_choices(reflection, value)


def _check_text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be text (put it in quotes)")
    if not value.strip():
        raise ValueError("must not be empty (leave the question out to skip it)")
    return value.strip()


def _check_scale(reflection: Reflection, value: Any) -> int:
    low, high = reflection.min, reflection.max
    expected = f"must be a whole number from {low} to {high}"
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{expected}, not {value!r}")
    assert low is not None and high is not None  # the loader guarantees both for scales
    if not low <= value <= high:
        raise ValueError(f"{expected}, not {value}")
    return value


def _check_choice(reflection: Reflection, value: Any) -> str:
    if not isinstance(value, str) or value not in reflection.options:
        raise ValueError(f"must be one of: {_listing(reflection)} (got {value!r})")
    return value


def _check_choices(reflection: Reflection, value: Any) -> list[str]:
    if not isinstance(value, list) or not value:
        raise ValueError(f"must be a list of one or more of: {_listing(reflection)}")
    unknown = [
        item
        for item in value
        if not isinstance(item, str)
        or (item not in reflection.options and not reflection.is_other(item))
    ]
    if unknown:
        raise ValueError(f"{unknown[0]!r} is not an option (options: {_listing(reflection)})")
    return _check_distinct(value)


def _check_distinct(chosen: list[str]) -> list[str]:
    if not chosen:
        raise ValueError("must name at least one choice")
    if len(set(chosen)) != len(chosen):
        raise ValueError("names an option more than once")
    return list(chosen)


def _listing(reflection: Reflection) -> str:
    return ", ".join(reflection.options)


def answer_from_text(text: str, reflection: Reflection | None, old: object) -> Answer:
    """Text typed or piped in as a new answer, in its stored form, or ``ValueError``
    saying what is expected. Several choices are separated by ``;``.

    The question decides what is valid. When its lesson is no longer available,
    the answer keeps the type of the ``old`` one (an old journal may hold a
    number with a fraction); it is never empty either way.
    """
    if reflection is not None:
        kind = reflection.kind
        if kind in ("multi_choice", "emotions"):
            return check_answer(reflection, _choices(text))
        return check_answer(reflection, _whole_number(text) if kind == "scale" else text.strip())
    if isinstance(old, list):
        return _check_distinct(_choices(text))
    if isinstance(old, int | float):
        return _number(text, whole=isinstance(old, int))
    return _check_text(text)


def _choices(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def _whole_number(text: str) -> int | str:
    """The number, or the text as it was (for the error to quote)."""
    try:
        return int(text)
    except ValueError:
        return text.strip()


def _number(text: str, *, whole: bool) -> int | float:
    try:
        value: int | float = int(text) if whole else float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        kind = "a whole number" if whole else "a number"
        raise ValueError(f"must be {kind}, not {text.strip()!r}")
    return value


def parse_answers(text: str, source: str) -> dict[str, Any]:
    """A mapping of reflection id to answer from JSON or YAML text.

    JSON is tried first because its errors are clearer for JSON; anything else
    is read as YAML (safe and bounded: no tags that run code, no aliases, no
    deep nesting; see :mod:`~intimacy_cli.content.yaml_lines`).
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        data = _parse_yaml(text, source)
    except RecursionError:
        raise InvalidAnswers(f"{source}: not valid answers (nested too deeply)") from None
    except ValueError as exc:  # valid JSON, but a number Python will not convert
        raise InvalidAnswers(f"{source}: not valid answers ({_first_clause(exc)})") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InvalidAnswers(
            f"{source}: expected a mapping of reflection id to answer",
            hint="for example: closeness: 7",
        )
    return {str(key): value for key, value in data.items()}


def _first_clause(exc: Exception) -> str:
    return str(exc).split(";")[0].split("\n")[0]


def _parse_yaml(text: str, source: str) -> Any:
    import yaml

    from intimacy_cli.content import yaml_lines

    try:
        return yaml_lines.parse(text)
    except yaml.YAMLError as exc:
        line = yaml_lines.error_line(exc)
        where = f"{source}:{line}" if line else source
        problem = yaml_lines.error_text(exc)
        raise InvalidAnswers(f"{where}: not valid JSON or YAML ({problem})") from None


def check_answers(
    lesson: Lesson, supplied: Mapping[str, Any], source: str
) -> list[tuple[Reflection, Answer]]:
    """Every supplied answer checked against its question, in the lesson's order.

    ``null`` means "skipped" and is left out. Any unknown id or invalid answer
    rejects the whole file, so a half-right file never half-saves.
    """
    problems = [
        f"'{rid}' is not a reflection in lesson '{lesson.id}'"
        for rid in supplied
        if lesson.reflection(rid) is None
    ]
    checked: list[tuple[Reflection, Answer]] = []
    for reflection in lesson.reflections:
        if supplied.get(reflection.id) is None:
            continue
        try:
            checked.append((reflection, check_answer(reflection, supplied[reflection.id])))
        except ValueError as exc:
            problems.append(f"'{reflection.id}' {exc}")
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        ids = ", ".join(r.id for r in lesson.reflections) or "none"
        raise InvalidAnswers(
            f"{source}: {problems[0]}{more}; {messages.NOTHING_SAVED}",
            hint=f"reflection ids: {ids}",
        )
    return checked
