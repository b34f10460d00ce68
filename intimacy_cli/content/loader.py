"""Load lesson files into :mod:`~intimacy_cli.content.model` objects, checking everything.

Validation reports every problem in every file at once, each with the file and,
where YAML tells us, the line, so a clinician editing lessons can fix them all
in one pass. Nothing is half-loaded: a file with problems yields no lesson.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from intimacy_cli.base.errors import IntimacyError
from intimacy_cli.base.limits import MAX_INPUT_BYTES, TooLarge, read_capped
from intimacy_cli.content import yaml_lines
from intimacy_cli.content.model import (
    DEFAULT_TRACK,
    LIST_KINDS,
    OTHER_PREFIX,
    REFLECTION_KINDS,
    TRACKS,
    Lesson,
    LessonCard,
    Myth,
    Practice,
    QuizQuestion,
    Reference,
    Reflection,
    ReflectionKind,
    Section,
)
from intimacy_cli.content.yaml_lines import LinedDict, LinedList

LESSON_SUFFIXES = (".yaml", ".yml")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
URL = re.compile(r"^https?://\S+$")
MAX_SCALE_STEPS = 100

LESSON_REQUIRED = ("id", "order", "title", "summary", "sections", "takeaways")
# ``minutes`` is accepted from older packs and ignored: the time is derived.
LESSON_OPTIONAL = (
    "cards",
    "content_note",
    "minutes",
    "myths",
    "practice",
    "quiz",
    "references",
    "reflections",
    "track",
)
PRACTICE_REQUIRED = ("title", "steps", "evidence")
PRACTICE_OPTIONAL = ("minutes", "prompt")
MAX_PRACTICE_MINUTES = 30
REFLECTION_FIELDS: dict[str, tuple[str, ...]] = {
    "text": (),
    "long_text": (),
    "scale": ("min", "max", "min_label", "max_label"),
    "choice": ("options",),
    "multi_choice": ("options", "other"),
    "emotions": ("options", "other"),
}
KIND_SPECIFIC = {"min", "max", "min_label", "max_label", "options", "other"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one lesson file."""

    file: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        """One line, even when the message quotes a value that has line breaks."""
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        return f"{where}: {self.message}".replace("\r", "\\r").replace("\n", "\\n")


class ContentError(IntimacyError):
    """Lesson files that cannot be used; carries every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        first = str(self.problems[0]) if self.problems else "no details"
        more = f" (and {count - 1} more)" if count > 1 else ""
        super().__init__(f"{first}{more}")


class UnknownLesson(IntimacyError):
    pass


class FileChecker:
    """Collects problems for one file while reading its parsed YAML."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.file, line, message))

    def parse_yaml(self, text: str) -> Any:
        """The YAML document; a syntax error is recorded (check ``problems``)."""
        import yaml

        try:
            return yaml_lines.parse(text)
        except yaml.YAMLError as exc:
            self.problem(
                yaml_lines.error_line(exc), f"not valid YAML: {yaml_lines.error_text(exc)}"
            )
            return None

    def mapping(
        self,
        value: Any,
        where: str,
        required: Iterable[str],
        optional: Iterable[str] = (),
        line: int | None = None,
    ) -> LinedDict | None:
        if not isinstance(value, LinedDict):
            self.problem(line, f"{where} must be a mapping of field: value")
            return None
        for key, key_line in value.duplicate_keys:
            self.problem(key_line, f"{where}: field '{key}' is given more than once")
        required = tuple(required)
        allowed = set(required) | set(optional)
        for key in value:
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                self.problem(
                    value.key_lines.get(key), f"{where}: unknown field '{key}' (allowed: {hint})"
                )
        for key in required:
            if key not in value:
                self.problem(value.line, f"{where}: missing required field '{key}'")
        return value

    def text(self, data: LinedDict, key: str, where: str, *, required: bool = True) -> str | None:
        if key not in data or data[key] is None:
            if required and key in data:
                self.problem(data.key_lines.get(key), f"{where}.{key} must not be empty")
            return None
        value = data[key]
        if not isinstance(value, str):
            self.problem(data.key_lines.get(key), f"{where}.{key} must be text")
            return None
        if not value.strip():
            self.problem(data.key_lines.get(key), f"{where}.{key} must not be empty")
            return None
        return value.strip()

    def integer(self, data: LinedDict, key: str, where: str) -> int | None:
        value = data.get(key)
        if key not in data:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(data.key_lines.get(key), f"{where}.{key} must be a whole number")
            return None
        return value

    def items(
        self, data: LinedDict, key: str, where: str, *, minimum: int
    ) -> list[tuple[Any, int]]:
        """The entries of a list field with their lines; checks the count."""
        if key not in data:
            return []
        value = data[key]
        line = data.key_lines.get(key)
        if not isinstance(value, LinedList):
            self.problem(line, f"{where}.{key} must be a list")
            return []
        if len(value) < minimum:
            self.problem(line, f"{where}.{key} needs at least {minimum} item(s), has {len(value)}")
        return list(zip(value, value.item_lines, strict=True))

    def records(
        self,
        data: LinedDict,
        key: str,
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
        *,
        minimum: int = 0,
    ) -> Iterator[tuple[str, LinedDict]]:
        """Each well-formed mapping in a list field, with its ``where`` label."""
        for index, (item, line) in enumerate(self.items(data, key, "lesson", minimum=minimum)):
            where = f"{key}[{index + 1}]"
            entry = self.mapping(item, where, required, optional, line=line)
            if entry is not None:
                yield where, entry

    def strings(self, data: LinedDict, key: str, where: str, *, minimum: int) -> tuple[str, ...]:
        result = []
        for index, (item, line) in enumerate(self.items(data, key, where, minimum=minimum)):
            if not isinstance(item, str) or not item.strip():
                self.problem(line, f"{where}.{key}[{index + 1}] must be non-empty text")
            else:
                result.append(item.strip())
        return tuple(result)

    def slug(self, data: LinedDict, key: str, where: str) -> str | None:
        value = self.text(data, key, where)
        if value is not None and not SLUG.match(value):
            self.problem(
                data.key_lines.get(key),
                f"{where}.{key} '{value}' must be lowercase letters, digits and hyphens",
            )
            return None
        return value


def read_source(path: Path) -> str | Problem:
    """One content file's text, or the problem that stops it being read (too
    large, unreadable, not UTF-8)."""
    try:
        return read_capped(path, MAX_INPUT_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError, TooLarge) as exc:
        return Problem(path, None, f"cannot read: {exc}")


def read_checked(path: Path) -> tuple[FileChecker, Any]:
    """Read and parse one YAML file; an unreadable file or bad YAML is recorded
    in the returned checker's ``problems`` (and the document is then ``None``)."""
    check = FileChecker(path)
    text = read_source(path)
    if isinstance(text, Problem):
        check.problems.append(text)
        return check, None
    return check, check.parse_yaml(text)


def _text_records(
    check: FileChecker, data: LinedDict, key: str, fields: tuple[str, str], *, minimum: int
) -> list[tuple[str, str]]:
    """A list of records made of two required text fields (sections, myths)."""
    result = []
    for where, entry in check.records(data, key, fields, minimum=minimum):
        first, second = (check.text(entry, field, where) for field in fields)
        if first and second:
            result.append((first, second))
    return result


def _references(check: FileChecker, data: LinedDict) -> tuple[Reference, ...]:
    refs = []
    for where, entry in check.records(data, "references", ("citation",), ("doi", "url")):
        citation = check.text(entry, "citation", where)
        doi = check.text(entry, "doi", where, required=False)
        url = check.text(entry, "url", where, required=False)
        if doi and not DOI.match(doi):
            check.problem(
                entry.key_lines.get("doi"), f"{where}.doi '{doi}' is not a DOI (10.xxxx/…)"
            )
        elif url and not URL.match(url):
            check.problem(entry.key_lines.get("url"), f"{where}.url must start with http(s)://")
        elif citation:
            refs.append(Reference(citation, doi, url))
    return tuple(refs)


def _quiz(check: FileChecker, data: LinedDict) -> tuple[QuizQuestion, ...]:
    questions = []
    seen: set[str] = set()
    required = ("question", "choices", "answer", "explanation")
    for index, (where, entry) in enumerate(check.records(data, "quiz", required, ("id",))):
        qid = check.slug(entry, "id", where) if "id" in entry else f"quiz-{index + 1}"
        question = check.text(entry, "question", where)
        choices = check.strings(entry, "choices", where, minimum=2)
        answer = check.text(entry, "answer", where)
        explanation = check.text(entry, "explanation", where)
        if len(set(choices)) != len(choices):
            check.problem(entry.key_lines.get("choices"), f"{where}.choices repeats a choice")
        if answer is not None and choices and answer not in choices:
            check.problem(
                entry.key_lines.get("answer"),
                f"{where}.answer '{answer}' is not one of the choices",
            )
            continue
        if qid in seen:
            check.problem(entry.line, f"{where}: quiz id '{qid}' is used twice")
            continue
        if qid:
            seen.add(qid)
        if qid and question and answer and explanation and len(choices) >= 2:
            questions.append(QuizQuestion(qid, question, choices, answer, explanation))
    return tuple(questions)


def _cards(check: FileChecker, data: LinedDict) -> tuple[LessonCard, ...]:
    """Recall cards an editor wrote: each an ``id`` (kept in the review log, so
    never changed), a ``prompt`` and an ``answer``."""
    cards: list[LessonCard] = []
    lines: dict[str, int] = {}
    for where, entry in check.records(data, "cards", ("id", "prompt", "answer")):
        card_id = check.slug(entry, "id", where)
        prompt = check.text(entry, "prompt", where)
        answer = check.text(entry, "answer", where)
        if card_id in lines:
            check.problem(
                entry.line, f"{where}: card id '{card_id}' is already used on line {lines[card_id]}"
            )
            continue
        if card_id and prompt and answer:
            lines[card_id] = entry.line
            cards.append(LessonCard(card_id, prompt, answer))
    return tuple(cards)


def _track(check: FileChecker, data: LinedDict) -> str:
    track = check.text(data, "track", "lesson", required=False)
    if track is None:
        return DEFAULT_TRACK
    if track not in TRACKS:
        check.problem(
            data.key_lines.get("track"),
            f"lesson.track '{track}' must be one of: {', '.join(TRACKS)}",
        )
    return track


def _practice(check: FileChecker, data: LinedDict) -> Practice | None:
    if "practice" not in data:
        return None
    line = data.key_lines.get("practice")
    entry = check.mapping(
        data["practice"], "practice", PRACTICE_REQUIRED, PRACTICE_OPTIONAL, line=line
    )
    if entry is None:
        return None
    title = check.text(entry, "title", "practice")
    steps = check.strings(entry, "steps", "practice", minimum=1)
    evidence = check.text(entry, "evidence", "practice")
    prompt = check.text(entry, "prompt", "practice", required=False)
    minutes = check.integer(entry, "minutes", "practice")
    if minutes is not None and not 1 <= minutes <= MAX_PRACTICE_MINUTES:
        check.problem(
            entry.key_lines.get("minutes"),
            f"practice.minutes must be 1 to {MAX_PRACTICE_MINUTES}",
        )
        return None
    if not (title and steps and evidence):
        return None
    return Practice(title, steps, evidence, minutes or 2, prompt)


def _scale_fields(check: FileChecker, entry: LinedDict, where: str) -> dict[str, Any] | None:
    low, high = check.integer(entry, "min", where), check.integer(entry, "max", where)
    if low is None or high is None:
        if "min" not in entry or "max" not in entry:
            check.problem(entry.line, f"{where}: a scale needs whole-number 'min' and 'max'")
        return None
    if low >= high or high - low > MAX_SCALE_STEPS:
        check.problem(
            entry.key_lines.get("max"),
            f"{where}: scale range {low}..{high} must go up, by at most {MAX_SCALE_STEPS} steps",
        )
        return None
    return {
        "min": low,
        "max": high,
        "min_label": check.text(entry, "min_label", where, required=False),
        "max_label": check.text(entry, "max_label", where, required=False),
    }


def _option_fields(
    check: FileChecker, entry: LinedDict, where: str, kind: ReflectionKind, emotions: Sequence[str]
) -> dict[str, Any] | None:
    fields: dict[str, Any] = {}
    if kind in LIST_KINDS and "other" in entry:
        if not isinstance(entry["other"], bool):
            check.problem(entry.key_lines.get("other"), f"{where}.other must be true or false")
            return None
        fields["other"] = entry["other"]
    if "options" not in entry:
        if kind == "emotions":
            return {"options": tuple(emotions), **fields}
        check.problem(entry.line, f"{where}: kind '{kind}' needs 'options'")
        return None
    options = check.strings(entry, "options", where, minimum=2)
    if len(set(options)) != len(options):
        check.problem(entry.key_lines.get("options"), f"{where}.options repeats an option")
        return None
    if kind in LIST_KINDS and fields.get("other", True):
        clash = next((o for o in options if o.startswith(OTHER_PREFIX)), None)
        if clash is not None:
            check.problem(
                entry.key_lines.get("options"),
                f"{where}.options: '{clash}' would read as a person's own words "
                f"(answers starting '{OTHER_PREFIX}'); reword it, or set other: false",
            )
            return None
    return {"options": options, **fields}


def _reflection(
    check: FileChecker, item: Any, line: int, where: str, emotions: Sequence[str]
) -> Reflection | None:
    entry = check.mapping(
        item,
        where,
        ("id", "prompt", "kind"),
        ("grounding", "help", "together", *sorted(KIND_SPECIFIC)),
        line=line,
    )
    if entry is None:
        return None
    rid = check.slug(entry, "id", where)
    prompt = check.text(entry, "prompt", where)
    help_text = check.text(entry, "help", where, required=False)
    grounding = check.text(entry, "grounding", where, required=False)
    together = entry.get("together", False)
    if not isinstance(together, bool):
        check.problem(entry.key_lines.get("together"), f"{where}.together must be true or false")
    kind = entry.get("kind")
    if kind not in REFLECTION_KINDS:
        check.problem(
            entry.key_lines.get("kind"),
            f"{where}.kind '{kind}' must be one of: {', '.join(REFLECTION_KINDS)}",
        )
        return None
    kind = cast(ReflectionKind, kind)
    for key in sorted(KIND_SPECIFIC - set(REFLECTION_FIELDS[kind])):
        if key in entry:
            check.problem(
                entry.key_lines.get(key), f"{where}.{key} does not apply to kind '{kind}'"
            )
    fields: dict[str, Any] | None = {}
    if kind == "scale":
        fields = _scale_fields(check, entry, where)
    elif kind in ("choice", "multi_choice", "emotions"):
        fields = _option_fields(check, entry, where, kind, emotions)
    if fields is None or not (rid and prompt):
        return None
    return Reflection(
        id=rid,
        question=prompt,
        kind=kind,
        help=help_text,
        grounding=grounding,
        together=together is True,
        **fields,
    )


def _reflections(
    check: FileChecker, data: LinedDict, emotions: Sequence[str]
) -> tuple[Reflection, ...]:
    result: list[Reflection] = []
    lines: dict[str, int] = {}
    for index, (item, line) in enumerate(check.items(data, "reflections", "lesson", minimum=0)):
        reflection = _reflection(check, item, line, f"reflections[{index + 1}]", emotions)
        if reflection is None:
            continue
        if reflection.id in lines:
            check.problem(
                line,
                f"reflections[{index + 1}]: id '{reflection.id}' is already used on line "
                f"{lines[reflection.id]}",
            )
            continue
        lines[reflection.id] = line
        result.append(reflection)
    return tuple(result)


def parse_lesson(
    file: Path, text: str, emotions: Sequence[str] = ()
) -> tuple[Lesson | None, list[Problem]]:
    """Turn one file's text into a lesson, or into the list of what is wrong with it."""
    check = FileChecker(file)
    data = check.parse_yaml(text)
    if check.problems:
        return None, check.problems
    lesson_data = check.mapping(data, "lesson", LESSON_REQUIRED, LESSON_OPTIONAL, line=1)
    if lesson_data is None:
        return None, check.problems
    lesson_id = check.slug(lesson_data, "id", "lesson")
    title = check.text(lesson_data, "title", "lesson")
    summary = check.text(lesson_data, "summary", "lesson")
    content_note = check.text(lesson_data, "content_note", "lesson", required=False)
    order = check.integer(lesson_data, "order", "lesson")
    check.integer(lesson_data, "minutes", "lesson")  # still a number, though unused
    track = _track(check, lesson_data)
    practice = _practice(check, lesson_data)
    sections = tuple(
        Section(title, body)
        for title, body in _text_records(
            check, lesson_data, "sections", ("title", "body"), minimum=1
        )
    )
    takeaways = check.strings(lesson_data, "takeaways", "lesson", minimum=1)
    myths = tuple(
        Myth(claim, evidence)
        for claim, evidence in _text_records(
            check, lesson_data, "myths", ("claim", "evidence"), minimum=0
        )
    )
    references = _references(check, lesson_data)
    quiz = _quiz(check, lesson_data)
    reflections = _reflections(check, lesson_data, emotions)
    cards = _cards(check, lesson_data)
    if check.problems:
        return None, check.problems
    assert lesson_id and title and summary and order is not None
    lesson = Lesson(
        id=lesson_id,
        order=order,
        title=title,
        summary=summary,
        content_note=content_note,
        track=track,
        practice=practice,
        sections=sections,
        takeaways=takeaways,
        myths=myths,
        references=references,
        quiz=quiz,
        reflections=reflections,
        cards=cards,
        source=file,
    )
    return lesson, []
