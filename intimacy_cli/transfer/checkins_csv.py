"""``mood --csv``: one row per check-in, for a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from intimacy_cli.reports.mood import quadrant_of
from intimacy_cli.store.checkins import Checkin
from intimacy_cli.store.entry import LIST_SEPARATOR
from intimacy_cli.transfer.csv_format import safe_cell

COLUMNS = (
    "day",
    "created_at",
    "pleasant",
    "energy",
    "quadrant",
    "word",
    "tags",
    "lesson",
    "note",
    "id",
)


def render(checkins: Iterable[Checkin]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for checkin in checkins:
        row = {
            **checkin.to_record(),
            "quadrant": quadrant_of(checkin.pleasant, checkin.energy),
            "tags": LIST_SEPARATOR.join(checkin.tags),
        }
        # Numbers stay numbers; only text could be read as a formula.
        writer.writerow(
            row[column] if isinstance(row[column], int) else safe_cell(row[column])
            for column in COLUMNS
        )
    return buffer.getvalue()
