"""What every export format shares: a name, a file suffix, and ``render``."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from intimacy_cli.content.model import Lesson
from intimacy_cli.reports.entry_text import lesson_name
from intimacy_cli.store import Entry


@dataclass(frozen=True)
class Exporter(ABC):
    """One export format, made for one export (it knows when that is)."""

    name: ClassVar[str]
    suffix: ClassVar[str]

    now: datetime
    # A lesson by its id, when it is still available (``None`` otherwise): what
    # formats meant for people need to explain an answer; asked only by those.
    lesson_of: Callable[[str], Lesson | None]

    def lesson_title(self, lesson_id: str) -> str:
        """``Title (id)``, or the id alone when the lesson is gone."""
        return lesson_name(lesson_id, self.lesson_of(lesson_id))

    @abstractmethod
    def render(self, entries: Sequence[Entry]) -> str:
        """The whole file's text for these entries (given newest first)."""
