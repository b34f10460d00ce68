"""Machine-readable output: JSON on stdout and nothing else there."""

from __future__ import annotations

import sys
from typing import Any


def emit_json(data: Any) -> None:
    import orjson

    sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")
    sys.stdout.flush()
