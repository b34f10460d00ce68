"""JSON export: every field of every entry, in the shape ``intimacy import`` reads back.

The document is ``{"format": "intimacy-cli journal", "version": 1, "exported_at":
..., "entries": [...]}``; import also takes a plain array of entries (as printed
by ``intimacy review --json``).
"""

from __future__ import annotations

from collections.abc import Sequence

from intimacy_cli.store import Entry
from intimacy_cli.store.entry import timestamp
from intimacy_cli.transfer.base import Exporter

FORMAT_MARKER = "intimacy-cli journal"
VERSION = 1


class JsonExporter(Exporter):
    name = "json"
    suffix = ".json"

    def render(self, entries: Sequence[Entry]) -> str:
        import orjson

        document = {
            "format": FORMAT_MARKER,
            "version": VERSION,
            "exported_at": timestamp(self.now),
            "entries": [entry.to_record() for entry in entries],
        }
        return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n"
