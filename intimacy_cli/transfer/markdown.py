"""Markdown export: made to be read, or brought to a therapist.

Lessons come in the order they were first worked on, each split by the local
day of the answers; each question is a heading and its answer a quote. Free
journal notes have their own section at the end.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import groupby

from intimacy_cli.base.dates import local_day
from intimacy_cli.base.text import escape_controls
from intimacy_cli.content.model import Lesson
from intimacy_cli.reports.entry_text import (
    SHORT_ID,
    answer_in_context,
    entries_count,
    local_stamp,
    question_text,
    quiz_verdict,
)
from intimacy_cli.store import Entry
from intimacy_cli.store.entry import answer_text
from intimacy_cli.transfer.base import TextExporter


def _line(text: str) -> str:
    """Text for a heading: one line, no control characters."""
    return " ".join(escape_controls(text).split())


def _quote(text: str) -> list[str]:
    return [f"> {line}".rstrip() for line in escape_controls(text).splitlines() or [""]]


def _entry_block(entry: Entry, lesson: Lesson | None = None) -> Iterator[str]:
    if entry.lesson is not None or entry.question is not None:  # a free note needs no title
        yield f"#### {_line(question_text(entry))}"
        yield ""
    # A scale answer carries its range and end labels: "6" alone means little.
    yield from _quote(answer_in_context(entry, lesson) or answer_text(entry.answer))
    yield ""
    notes = []
    verdict = quiz_verdict(entry, lesson)
    if verdict is not None:
        notes.append(f"quiz: {verdict}")
    if entry.tags:
        notes.append("tags: " + ", ".join(_line(tag) for tag in entry.tags))
    if entry.follows:
        notes.append(f"a new answer to entry {entry.follows[:SHORT_ID]}")
    if notes:
        yield f"*{'; '.join(notes)}*"
        yield ""


class MarkdownExporter(TextExporter):
    def render(self, entries: Sequence[Entry]) -> str:
        oldest_first = sorted(entries, key=lambda entry: entry.created)
        lines = [
            "# My reflections",
            "",
            f"Exported from intimacy-cli on {local_stamp(self.now)} (local time): "
            f"{entries_count(len(entries))}.",
            "",
        ]
        lessons: dict[str, list[Entry]] = {}
        for entry in oldest_first:
            if entry.lesson is not None:
                lessons.setdefault(entry.lesson, []).append(entry)
        for lesson_id, answers in lessons.items():
            lesson = self.lesson_of(lesson_id)
            lines += [f"## {_line(self.lesson_title(lesson_id))}", ""]
            for day, on_day in groupby(answers, key=lambda entry: local_day(entry.created)):
                lines += [f"### {day.isoformat()}", ""]
                for entry in on_day:
                    lines += _entry_block(entry, lesson)
        notes = [entry for entry in oldest_first if entry.lesson is None]
        if notes:
            lines += ["## Journal notes", ""]
            for entry in notes:
                lines += [f"### {local_stamp(entry.created)}", ""]
                lines += _entry_block(entry)
        return "\n".join(lines).rstrip("\n") + "\n"
