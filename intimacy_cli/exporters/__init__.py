"""Export formats, one small class each, looked up by name (``--format``)."""

from intimacy_cli.exporters.base import Exporter
from intimacy_cli.exporters.csv_table import CsvExporter
from intimacy_cli.exporters.json_document import JsonExporter
from intimacy_cli.exporters.markdown import MarkdownExporter

FORMATS: dict[str, type[Exporter]] = {
    exporter.name: exporter for exporter in (MarkdownExporter, JsonExporter, CsvExporter)
}

__all__ = ["FORMATS", "Exporter"]
