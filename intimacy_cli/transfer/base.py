"""What every export format shares: a name, a file suffix, and ``render``."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from intimacy_cli.store import Entry


@dataclass(frozen=True)
class Exporter(ABC):
    """One export format, made for one export (it knows when that is)."""

    name: ClassVar[str]
    suffix: ClassVar[str]

    now: datetime
    # What to call a lesson in formats meant for people; asked only by those.
    lesson_title: Callable[[str], str]

    @abstractmethod
    def render(self, entries: Sequence[Entry]) -> str:
        """The whole file's text for these entries (given newest first)."""
