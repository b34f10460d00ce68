"""The export formats, one small class each in its own module, looked up by
name (``--format``) or by the suffix of the file written (``--output``).

A format's module is imported only when it is chosen: the JSON export streams
the stored records and needs nothing that Markdown and CSV build their text
from (entries, the lesson model)."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from intimacy_cli.transfer.base import Exporter

# Each format's name: the suffix of its files, and its exporter's module (in
# this package) and class.
FORMATS = {
    "md": (".md", "markdown", "MarkdownExporter"),
    "json": (".json", "json_format", "JsonExporter"),
    "csv": (".csv", "csv_format", "CsvExporter"),
}


def exporter_class(name: str) -> type[Exporter]:
    """The exporter of the format ``name`` (a key of :data:`FORMATS`)."""
    _, module, class_name = FORMATS[name]
    exporter: type[Exporter] = getattr(import_module(f"intimacy_cli.transfer.{module}"), class_name)
    return exporter


def named_by_suffix(suffix: str) -> str:
    """The format whose files end in ``suffix`` (lower case); Markdown for any other."""
    return next((name for name, (ending, _, _) in FORMATS.items() if ending == suffix), "md")
