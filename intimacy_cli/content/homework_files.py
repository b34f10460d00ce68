"""Reading a homework file from disk, with the lesson pack that may come beside it.

A therapist can ship lessons of their own next to the homework file; those
lessons are checked, and the ones the homework names come along into the
journal (see ``store/assignments.py``), so the homework still works once the
folder is gone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from intimacy_cli.content.catalogue import lesson_files, load_folder
from intimacy_cli.content.feelings import builtin_feelings
from intimacy_cli.content.homework import HOMEWORK_SUFFIX, Assignment, parse_homework
from intimacy_cli.content.loader import ContentError, Problem, parse_lesson, read_source
from intimacy_cli.content.model import Lesson


@dataclass(frozen=True)
class HomeworkFile:
    assignment: Assignment
    text: str  # the file's text, kept as it was
    # The lesson files from beside the homework file that its items name: (name, text).
    pack: tuple[tuple[str, str], ...]


def read_homework(
    path: Path, known: Sequence[Lesson], known_folders: Sequence[Path]
) -> HomeworkFile:
    """The checked homework file at ``path``, or :class:`ContentError` with every problem.

    ``known`` are the lessons already installed (built-in and ``--content-dir``,
    from ``known_folders``); lessons in the file's own folder are added to them
    unless that folder is one of those.
    """
    if not path.name.endswith(HOMEWORK_SUFFIX):
        raise ContentError(
            [Problem(path, None, f"a homework file's name ends in {HOMEWORK_SUFFIX}")]
        )
    if not path.is_file():
        raise ContentError([Problem(path, None, "no such file")])
    text = read_source(path)
    if isinstance(text, Problem):
        raise ContentError([text])
    pack, pack_problems = _beside(path.parent, known_folders)
    lessons = {lesson.id: lesson for lesson in pack}
    lessons.update({lesson.id: lesson for lesson in known})  # installed lessons win
    assignment, problems = parse_homework(path, text, lessons)
    if assignment is None:
        # A broken lesson beside the file may be why an id is unknown: say both.
        raise ContentError([*problems, *pack_problems])
    installed = {lesson.id for lesson in known}
    pack_files = []
    for lesson_id in assignment.lessons:
        if lesson_id not in installed:
            source = lessons[lesson_id].source
            lesson_text = read_source(source)
            if isinstance(lesson_text, Problem):  # gone since it was read a moment ago
                raise ContentError([lesson_text])
            pack_files.append((source.name, lesson_text))
    return HomeworkFile(assignment, text, tuple(pack_files))


def pack_lessons(files: Sequence[tuple[str, str]]) -> list[Lesson]:
    """The lessons an added assignment brought along, from their kept text (a
    file that no longer reads as a lesson, say after an update of the app, is
    left out: the homework's status does not need it)."""
    feelings, _ = builtin_feelings()
    found = [parse_lesson(Path(name), text, feelings.words)[0] for name, text in files]
    return [lesson for lesson in found if lesson is not None]


def _beside(folder: Path, known_folders: Sequence[Path]) -> tuple[list[Lesson], list[Problem]]:
    """The valid lessons in the homework file's folder, and the problems of the others."""
    try:
        resolved = folder.resolve()
        if resolved in {known.resolve() for known in known_folders} or not lesson_files(folder):
            return [], []
    except OSError:
        return [], []
    feelings, _ = builtin_feelings()
    return load_folder(folder, feelings.words)
