"""The export formats, one small class each, looked up by name (``--format``)."""

from intimacy_cli.transfer.base import Exporter
from intimacy_cli.transfer.csv_format import CsvExporter
from intimacy_cli.transfer.json_format import JsonExporter
from intimacy_cli.transfer.markdown import MarkdownExporter

FORMATS: dict[str, type[Exporter]] = {
    exporter.name: exporter for exporter in (MarkdownExporter, JsonExporter, CsvExporter)
}

__all__ = ["FORMATS", "Exporter"]
