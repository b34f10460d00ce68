"""JSON export: every field of every entry, in the shape ``intimacy import`` reads back.

The document is ``{"format": "intimacy-cli journal", "version": 2, "exported_at":
..., "entries": [...]}`` (:func:`~intimacy_cli.transfer.shapes.export_frame`,
described in ``docs/json.md``); import also takes a plain array of entries (as
printed by ``intimacy review --json``).

It is written as the stored records stream by, a batch at a time, never held
whole: every byte as orjson indents the whole document, with
:func:`~intimacy_cli.base.text.json_escaped_utf8` over each piece.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

from intimacy_cli.base.text import json_escaped_utf8
from intimacy_cli.transfer import shapes
from intimacy_cli.transfer.base import Exporter

if TYPE_CHECKING:
    from intimacy_cli.store import QueryFilter
    from intimacy_cli.store.entries import Entries

# A batch dumped as {"entries": [...]} is indented as the whole document
# indents its entries, so between these two it is the document's bytes for them.
_BATCH_OPENING = b'{\n  "entries": ['
_BATCH_CLOSING = b"\n  ]\n}"
# Entries per orjson call: a few hundred kilobytes of output.
BATCH = 1000


class JsonExporter(Exporter):
    def write(self, out: Callable[[bytes], object], entries: Entries, where: QueryFilter) -> int:
        import orjson

        empty = orjson.dumps(shapes.export_frame(self.now), option=orjson.OPT_INDENT_2)
        head, _, tail = empty.rpartition(b"[]")  # the entries come last
        count = 0
        # Nothing is written before the first batch is made: a journal that
        # cannot be read (or a damaged entry among the newest) prints nothing.
        for batch in _batches(entries.records(where)):
            dumped = orjson.dumps({"entries": batch}, option=orjson.OPT_INDENT_2)
            inside = json_escaped_utf8(dumped[len(_BATCH_OPENING) : -len(_BATCH_CLOSING)])
            out(b"," + inside if count else head + b"[" + inside)
            count += len(batch)
        out((b"\n  ]" if count else head + b"[]") + tail + b"\n")
        return count


def _batches(records: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    while batch := [shapes.stored_entry_dict(record) for record in islice(records, BATCH)]:
        yield batch
