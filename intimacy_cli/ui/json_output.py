"""Machine-readable output: JSON on stdout and nothing else there, as UTF-8,
with the characters a terminal might obey escaped (see ``json_escaped``)."""

from __future__ import annotations

from typing import Any

from intimacy_cli.base.text import json_escaped
from intimacy_cli.ui.streams import write_data


def json_text(data: Any) -> str:
    import orjson

    return json_escaped(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode())


def emit_json(data: Any) -> None:
    write_data(json_text(data) + "\n")
