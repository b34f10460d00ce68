"""What every export format shares: ``write``, and what it is made with."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from intimacy_cli.reports.entry_text import lesson_name

if TYPE_CHECKING:
    from intimacy_cli.content.model import Lesson
    from intimacy_cli.store import Entry, QueryFilter
    from intimacy_cli.store.entries import Entries


class Exporter(ABC):
    """One export format, made for one export (it knows when that is).

    A plain class: a dataclass compiles its methods as it is made, which is
    on every export."""

    def __init__(self, *, now: datetime, lesson_of: Callable[[str], Lesson | None]) -> None:
        self.now = now
        # A lesson by its id, when it is still available (``None`` otherwise): what
        # formats meant for people need to explain an answer; asked only by those.
        self.lesson_of = lesson_of

    def lesson_title(self, lesson_id: str) -> str:
        """``Title (id)``, or the id alone when the lesson is gone."""
        return lesson_name(lesson_id, self.lesson_of(lesson_id))

    @abstractmethod
    def write(self, out: Callable[[bytes], object], entries: Entries, where: QueryFilter) -> int:
        """Give ``out`` the whole file, in UTF-8 pieces, for the entries ``where``
        selects (newest first); returns how many entries it holds."""


class TextExporter(Exporter):
    """A format for people (Markdown, CSV): its text made at once from the entries."""

    def write(self, out: Callable[[bytes], object], entries: Entries, where: QueryFilter) -> int:
        chosen = entries.query(where)
        out(self.render(chosen).encode("utf-8"))
        return len(chosen)

    @abstractmethod
    def render(self, entries: Sequence[Entry]) -> str:
        """The whole file's text for these entries (given newest first)."""
