"""The built-in lessons and feeling words as last parsed, kept between runs.

Parsing and checking the lesson files (PyYAML, every field checked) costs more
than the rest of a command that lists or uses lessons, and the built-in files
rarely change. So each file, once parsed without problems, is kept in one
cache file, keyed by a hash of its name and bytes (and, for a lesson, of the
feeling words it was checked against). A changed file has another key and is
parsed again; so is everything when the code that parses lessons changes (the
cache records a hash of that code's source).

Only the built-in content is kept: a therapist's lesson pack is parsed each
time, so nothing of it is copied anywhere. The cache lives in the platform's
user cache folder, private (0600 in 0700). Whatever is wrong with it (missing,
damaged, from another version, unwritable) only means parsing as usual; a
damaged cache is detected by the hash it starts with and never used.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Any

from intimacy_cli.base.hashing import blake2b
from intimacy_cli.content.model import (
    Lesson,
    LessonCard,
    Myth,
    Practice,
    QuizQuestion,
    Reference,
    Reflection,
    Section,
)

CACHE_VERSION = 1
# The modules whose code decides what a lesson file parses into.
_PARSING_CODE = ("model.py", "loader.py", "yaml_lines.py", "feelings.py", "cache.py")
_DIGEST_BYTES = 16


def _digest(*parts: bytes) -> str:
    return blake2b(b"\0".join(parts), digest_size=_DIGEST_BYTES).hexdigest()


@cache
def code_version() -> str:
    """A hash of the code that parses lesson files (empty if it cannot be read,
    and then nothing is cached)."""
    here = Path(__file__).parent
    try:
        code = [(here / name).read_bytes() for name in _PARSING_CODE]
    except OSError:
        return ""
    return _digest(str(CACHE_VERSION).encode(), *code)


def file_key(path: Path, source: str, *context: str) -> str:
    """The key of one file's parsed form: its name, its text, and what else its
    parsing depends on (the feeling words, for a lesson)."""
    return _digest(path.name.encode(), source.encode(), "\n".join(context).encode())


class ContentCache:
    """The cache file, read once; :meth:`save` writes back what this run used."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stored = self._read()
        self._used: dict[str, Any] = {}

    def _read(self) -> dict[str, Any]:
        import orjson

        try:
            raw = self.path.read_bytes()
        except OSError:
            return {}
        digest, _, payload = raw.partition(b"\n")
        if digest.decode("ascii", "replace") != _digest(payload):
            return {}
        try:
            document = orjson.loads(payload)
        except orjson.JSONDecodeError:
            return {}
        if not isinstance(document, dict) or document.get("code") != code_version():
            return {}
        files = document.get("files")
        return files if isinstance(files, dict) else {}

    def lesson(self, key: str, source: Path) -> Lesson | None:
        """The lesson kept under ``key`` (read from ``source``), if any."""
        data = self._stored.get(key)
        if not isinstance(data, dict):
            return None
        try:
            lesson = lesson_from_data(data, source)
        except (TypeError, KeyError, ValueError, AttributeError):
            return None
        self._used[key] = data
        return lesson

    def keep_lesson(self, key: str, lesson: Lesson) -> None:
        self._used[key] = lesson_data(lesson)

    def words(self, key: str) -> list[list[str]] | None:
        """Rows kept under ``key`` (the feeling words: word, definition, quadrant)."""
        rows = self._stored.get(key)
        if not (
            isinstance(rows, list)
            and all(isinstance(row, list) and all(isinstance(x, str) for x in row) for row in rows)
        ):
            return None
        self._used[key] = rows
        return rows

    def keep_words(self, key: str, rows: Sequence[Sequence[str]]) -> None:
        self._used[key] = [list(row) for row in rows]

    def save(self) -> None:
        """Write what this run used, if that differs from what was read;
        private, atomic, and silently skipped when it cannot be written."""
        if not code_version() or self._used == self._stored:
            return
        import tempfile  # only when the lessons changed: most runs write nothing

        import orjson

        payload = orjson.dumps({"code": code_version(), "files": self._used})
        folder = self.path.parent
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".lessons-", dir=folder)
            try:
                with os.fdopen(handle, "wb") as out:  # mkstemp makes it 0600
                    out.write(_digest(payload).encode() + b"\n" + payload)
                os.replace(temporary, self.path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            return
        self._stored = dict(self._used)


def lesson_data(lesson: Lesson) -> dict[str, Any]:
    """A lesson as JSON-ready data (its ``source`` is where it is read from, not kept)."""
    data = asdict(lesson)
    del data["source"]
    return data


def lesson_from_data(data: dict[str, Any], source: Path) -> Lesson:
    """The lesson :func:`lesson_data` made; raises ``TypeError``/``KeyError``
    on data of another shape."""
    practice = data["practice"]
    return Lesson(
        **{
            **data,
            "sections": tuple(Section(**section) for section in data["sections"]),
            "takeaways": tuple(data["takeaways"]),
            "myths": tuple(Myth(**myth) for myth in data["myths"]),
            "references": tuple(Reference(**reference) for reference in data["references"]),
            "quiz": tuple(
                QuizQuestion(**{**question, "choices": tuple(question["choices"])})
                for question in data["quiz"]
            ),
            "reflections": tuple(
                Reflection(**{**reflection, "options": tuple(reflection["options"])})
                for reflection in data["reflections"]
            ),
            "practice": None
            if practice is None
            else Practice(**{**practice, "steps": tuple(practice["steps"])}),
            "cards": tuple(LessonCard(**card) for card in data["cards"]),
            "source": source,
        }
    )
