"""CSV export: one row per entry, for a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from intimacy_cli.base.text import escape_controls
from intimacy_cli.reports.entry_text import local_stamp
from intimacy_cli.store import Entry
from intimacy_cli.store.entry import LIST_SEPARATOR, answer_text
from intimacy_cli.transfer import shapes
from intimacy_cli.transfer.base import Exporter

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
)
# A cell starting with one of these is a formula to a spreadsheet; written text
# must stay text, so such cells get a leading apostrophe (as OWASP advises).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = escape_controls(str(value))
    return "'" + text if text.startswith(_FORMULA_START) else text


class CsvExporter(Exporter):
    name = "csv"
    suffix = ".csv"

    def render(self, entries: Sequence[Entry]) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(COLUMNS)
        for entry in entries:
            row = {
                **shapes.entry_dict(entry),
                "local_time": local_stamp(entry.created),
                "answer": answer_text(entry.answer),
                "tags": LIST_SEPARATOR.join(entry.tags),
            }
            writer.writerow(_cell(row[column]) for column in COLUMNS)
        return buffer.getvalue()
