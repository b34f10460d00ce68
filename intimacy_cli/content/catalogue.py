"""The set of lessons the app offers: built-in ones plus any extra lesson packs."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from intimacy_cli.base import paths
from intimacy_cli.content.cache import ContentCache, file_key
from intimacy_cli.content.feelings import builtin_feelings
from intimacy_cli.content.homework import HOMEWORK_SUFFIX
from intimacy_cli.content.loader import (
    LESSON_SUFFIXES,
    ContentError,
    Problem,
    UnknownLesson,
    parse_lesson,
    read_source,
)
from intimacy_cli.content.model import Lesson


def lesson_files(folder: Path) -> list[Path]:
    """Lesson files in a folder, in name order; hidden and ``_draft`` files are
    skipped, and so are homework files (``*.homework.yaml``), which a pack may ship."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in LESSON_SUFFIXES
        and p.is_file()
        and not p.name.startswith((".", "_"))
        and not p.name.endswith(HOMEWORK_SUFFIX)
    )


def load_folder(
    folder: Path, emotions: Sequence[str], cache: ContentCache | None = None
) -> tuple[list[Lesson], list[Problem]]:
    """Every lesson in one folder, and every problem found on the way; a
    lesson file unchanged since ``cache`` kept it is not parsed again."""
    if not folder.is_dir():
        return [], [Problem(folder, None, "lesson folder not found")]
    lessons: list[Lesson] = []
    problems: list[Problem] = []
    try:
        files = lesson_files(folder)
    except OSError as exc:
        return [], [Problem(folder, None, f"cannot read this folder: {exc.strerror or exc}")]
    for file in files:
        text = read_source(file)
        if isinstance(text, Problem):
            problems.append(text)
            continue
        key = file_key(file, text, *emotions)
        lesson = cache.lesson(key, file) if cache is not None else None
        if lesson is None:
            lesson, found = parse_lesson(file, text, emotions)
            problems.extend(found)
            if cache is not None and lesson is not None and not found:
                cache.keep_lesson(key, lesson)
        if lesson is not None:
            lessons.append(lesson)
    if not lessons and not problems:
        problems.append(Problem(folder, None, "no lesson files (*.yaml) in this folder"))
    return lessons, problems


def _merge(lessons: Iterable[Lesson]) -> tuple[list[Lesson], list[Problem]]:
    """Keep the first lesson per id; a second one with the same id is a clash."""
    first: dict[str, Lesson] = {}
    problems = []
    for lesson in lessons:
        if lesson.id in first:
            problems.append(
                Problem(
                    lesson.source,
                    None,
                    f"lesson id '{lesson.id}' is already used by {first[lesson.id].source}",
                )
            )
        else:
            first[lesson.id] = lesson
    return list(first.values()), problems


def check_folders(
    folders: Sequence[Path], cache: ContentCache | None = None
) -> tuple[list[Lesson], list[Problem]]:
    """Load several folders as one set, reporting every problem including id
    clashes. ``cache`` serves the built-in lessons only: a pack is always read."""
    feelings, problems = builtin_feelings(cache)
    loaded: list[Lesson] = []
    builtin = paths.builtin_lessons_dir()
    for folder in folders:
        lessons, found = load_folder(folder, feelings.words, cache if folder == builtin else None)
        loaded.extend(lessons)
        problems.extend(found)
    lessons, clashes = _merge(loaded)
    return lessons, problems + clashes


@dataclass(frozen=True)
class Catalogue:
    lessons: tuple[Lesson, ...]
    # Lesson files left out because something in them is wrong: the first
    # problem of each (see load_catalogue's ``skip_broken``).
    broken: tuple[Problem, ...] = ()

    @property
    def ids(self) -> list[str]:
        return [lesson.id for lesson in self.lessons]

    def get(self, lesson_id: str) -> Lesson:
        for lesson in self.lessons:
            if lesson.id == lesson_id:
                return lesson
        close = difflib.get_close_matches(lesson_id, self.ids, n=1, cutoff=0.5)
        if close:
            raise UnknownLesson(f"no lesson '{lesson_id}'", hint=f"did you mean '{close[0]}'?")
        raise UnknownLesson(f"no lesson '{lesson_id}'", hint=f"lessons: {', '.join(self.ids)}")

    def next_after(self, done: Iterable[str]) -> Lesson | None:
        """The first lesson, in order, not yet done."""
        finished = set(done)
        return next((lesson for lesson in self.lessons if lesson.id not in finished), None)


def load_catalogue(
    extra_folders: Sequence[Path] = (),
    *,
    skip_broken: bool = False,
    cache: ContentCache | None = None,
) -> Catalogue:
    """Built-in lessons plus extra packs, in ``order``; raises on any problem.
    With ``cache``, the built-in lessons are parsed only when they changed.

    With ``skip_broken``, a lesson file with problems is left out instead (the
    catalogue's ``broken`` names it), so one typo in a homework pack does not
    hide every other lesson. Anything else stays an error: a folder that is
    missing or unreadable, or broken feeling words.
    """
    folders = [paths.builtin_lessons_dir(), *extra_folders]
    lessons, problems = check_folders(folders, cache)
    if cache is not None:
        cache.save()
    broken: dict[Path, Problem] = {}
    if skip_broken:
        for problem in problems:
            if problem.file.parent in folders and problem.file.suffix in LESSON_SUFFIXES:
                broken.setdefault(problem.file, problem)
    if any(problem.file not in broken for problem in problems):
        raise ContentError(problems)
    ordered = tuple(sorted(lessons, key=lambda lesson: (lesson.order, lesson.id)))
    return Catalogue(ordered, broken=tuple(broken.values()))
