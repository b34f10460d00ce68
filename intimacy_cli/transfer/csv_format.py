"""CSV export: one row per entry, for a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from intimacy_cli.base.text import escape_controls
from intimacy_cli.reports.entry_text import answer_in_context, local_stamp, right_answer
from intimacy_cli.store import Entry
from intimacy_cli.store.entry import LIST_SEPARATOR, answer_text
from intimacy_cli.transfer import shapes
from intimacy_cli.transfer.base import TextExporter

COLUMNS = (
    "local_time",
    "id",
    "kind",
    "lesson",
    "prompt_id",
    "prompt",
    "answer",
    "tags",
    "session",
    "created_at",
    "updated_at",
    "correct",
    # For a reader without the lesson at hand (added in 0.2.0, after the others
    # so a spreadsheet reading columns by position keeps working).
    "lesson_title",
    "answer_in_context",
    "right_answer",
    # The links an entry may carry (added in 0.2.0 too, at the end likewise).
    "follows",
    "homework",
    "private",
)
# A cell starting with one of these is a formula to a spreadsheet; written text
# must stay text, so such cells get a leading apostrophe (as OWASP advises).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    if value is None:
        return ""
    text = escape_controls(str(value))
    return "'" + text if text.startswith(_FORMULA_START) else text


class CsvExporter(TextExporter):
    def render(self, entries: Sequence[Entry]) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(COLUMNS)
        for entry in entries:
            lesson = self.lesson_of(entry.lesson) if entry.lesson else None
            row = {
                **shapes.entry_dict(entry),
                "local_time": local_stamp(entry.created),
                "answer": answer_text(entry.answer),
                "tags": LIST_SEPARATOR.join(entry.tags),
                "lesson_title": lesson.title if lesson else None,
                "answer_in_context": answer_in_context(entry, lesson),
                "right_answer": right_answer(entry, lesson),
                "homework": f"{entry.homework[0]}:{entry.homework[1]}" if entry.homework else None,
                "private": "yes" if entry.private else None,
            }
            writer.writerow(safe_cell(row[column]) for column in COLUMNS)
        return buffer.getvalue()
