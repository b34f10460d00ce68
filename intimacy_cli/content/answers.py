"""What counts as an answer to a reflection question, for every way one can arrive.

The same rules serve the interactive prompts (which should never produce a bad
answer, but are checked anyway), ``intimacy reflect --answers FILE``, where a
person or a script wrote the answers by hand and deserves a precise error, and
``intimacy edit``, where a new answer arrives as plain text.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Mapping
from typing import Any

from intimacy_cli.base import messages
from intimacy_cli.base.errors import IntimacyError
from intimacy_cli.content.model import Answer, Lesson, Reflection


class InvalidAnswers(IntimacyError):
    """An answers file that cannot be used as a whole; nothing from it is saved.

    ``problems`` lists every problem found, each a line of its own (``source:
    'id' what is wrong``), for the command to show before the error line.
    """

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.problems: list[str] = []

    @classmethod
    def listing(cls, source: str, problems: list[str]) -> InvalidAnswers:
        if len(problems) == 1:
            error = cls(f"{source}: {problems[0]}; {messages.NOTHING_SAVED}")
        else:
            error = cls(
                f"{source}: {len(problems)} problems, listed above; {messages.NOTHING_SAVED}"
            )
        error.problems = [f"{source}: {problem}" for problem in problems]
        return error


def check_answer(reflection: Reflection, value: Any) -> Answer:
    """The answer in its stored form, or ``ValueError`` saying what would fit.

    Forgiving where there is no doubt what was meant, strict where there is:
    text is stripped; an option may differ from the lesson's in case and
    surrounding spaces when only one option matches that way; a scale takes
    ``"7"`` for ``7``; a multi-choice question takes one option on its own for a
    list of one. A number with a fraction, or an option that is not offered,
    is refused.
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


def scale_expected(reflection: Reflection) -> str:
    """What a scale question takes: ``a whole number from 0 to 10 (0 = ..., 10 = ...)``."""
    low, high = reflection.min, reflection.max
    ends = [
        f"{number} = {label}"
        for number, label in ((low, reflection.min_label), (high, reflection.max_label))
        if label
    ]
    labels = f" ({', '.join(ends)})" if ends else ""
    return f"a whole number from {low} to {high}{labels}"


def _check_scale(reflection: Reflection, value: Any) -> int:
    low, high = reflection.min, reflection.max
    assert low is not None and high is not None  # the loader guarantees both for scales
    expected = f"must be {scale_expected(reflection)}"
    number = value
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
        number = int(value)  # "7" can only mean 7
    if isinstance(number, bool) or not isinstance(number, int):
        raise ValueError(f"{expected}, not {value!r}")
    if not low <= number <= high:
        raise ValueError(f"{expected}, not {number}")
    return number


def _option(reflection: Reflection, value: Any) -> str | None:
    """The lesson's option that ``value`` names: exactly, else the only one equal
    to it ignoring case and surrounding spaces; ``None`` if none (or several)."""
    if not isinstance(value, str):
        return None
    if value in reflection.options:
        return value
    wanted = value.strip().casefold()
    close = [option for option in reflection.options if option.strip().casefold() == wanted]
    return close[0] if len(close) == 1 else None


def _check_choice(reflection: Reflection, value: Any) -> str:
    option = _option(reflection, value)
    if option is None:
        raise ValueError(f"must be one of: {_listing(reflection)} (got {value!r})")
    return option


def _check_choices(reflection: Reflection, value: Any) -> list[str]:
    if isinstance(value, str) and _option(reflection, value) is not None:
        value = [value]  # one option on its own is a list of one
    if not isinstance(value, list) or not value:
        raise ValueError(
            f"must be a list of one or more of: {_listing(reflection)} (got {value!r})"
        )
    unknown = [
        item
        for item in value
        if _option(reflection, item) is None
        and not (isinstance(item, str) and reflection.is_other(item))  # own words
    ]
    if unknown:
        raise ValueError(f"{unknown[0]!r} is not an option (options: {_listing(reflection)})")
    return _check_distinct([_option(reflection, item) or item for item in value])


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
    rejects the whole file, so a half-right file never half-saves; the error
    carries every problem, in the file's order, each naming its question id.
    """
    problems: list[str] = []
    answers: dict[str, Answer] = {}
    ids = [reflection.id for reflection in lesson.reflections]
    for rid, value in supplied.items():
        reflection = lesson.reflection(rid)
        if reflection is None:
            problems.append(_unknown_id(rid, lesson, ids))
        elif value is not None:
            try:
                answers[rid] = check_answer(reflection, value)
            except ValueError as exc:
                problems.append(f"'{rid}' {exc}")
    if problems:
        raise InvalidAnswers.listing(source, problems)
    return [(r, answers[r.id]) for r in lesson.reflections if r.id in answers]


def _unknown_id(rid: str, lesson: Lesson, ids: list[str]) -> str:
    problem = f"'{rid}' is not a reflection in lesson '{lesson.id}'"
    close = difflib.get_close_matches(rid, ids, n=1, cutoff=0.5)
    if close:
        return f"{problem}; did you mean '{close[0]}'?"
    return f"{problem} (its reflections: {', '.join(ids) or 'none'})"
