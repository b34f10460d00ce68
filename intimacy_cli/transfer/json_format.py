"""JSON export: every field of every entry, in the shape ``intimacy import`` reads back.

The document is ``{"format": "intimacy-cli journal", "version": 1, "exported_at":
..., "entries": [...]}`` (:func:`~intimacy_cli.transfer.shapes.export_document`,
described in ``docs/json.md``); import also takes a plain array of entries (as
printed by ``intimacy review --json``).
"""

from __future__ import annotations

from collections.abc import Sequence

from intimacy_cli.base.text import json_escaped
from intimacy_cli.store import Entry
from intimacy_cli.transfer import shapes
from intimacy_cli.transfer.base import Exporter


class JsonExporter(Exporter):
    name = "json"
    suffix = ".json"

    def render(self, entries: Sequence[Entry]) -> str:
        import orjson

        document = shapes.export_document(entries, self.now)
        return json_escaped(orjson.dumps(document, option=orjson.OPT_INDENT_2).decode()) + "\n"
