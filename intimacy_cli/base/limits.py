"""How much the app reads from a file or stream it is handed, checked before
reading it all: a lesson, an answers file or a settings file is small, and a
huge one (or an endless one, like ``/dev/zero``) is refused, not loaded."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

MB = 1024 * 1024
# A lesson pack file or an answers file (the largest built-in lesson is ~15 kB).
MAX_INPUT_BYTES = 10 * MB
# The settings file holds three short keys.
MAX_SETTINGS_BYTES = 1 * MB


class TooLarge(ValueError):
    """The file or stream holds more than the limit; nothing of it is used."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"larger than {size_text(limit)}, the most this file may hold")
        self.limit = limit


def size_text(size: int) -> str:
    return f"{size // MB} MB" if size >= MB and size % MB == 0 else f"{size:,} bytes"


def read_capped(path: Path, limit: int) -> bytes:
    """The whole file, or :class:`TooLarge` without reading more than ``limit + 1``
    bytes (its size is checked first; a device or a growing file is read up to
    the limit). ``OSError`` as for ``open``."""
    with path.open("rb") as stream:
        if os.fstat(stream.fileno()).st_size > limit:
            raise TooLarge(limit)
        return read_stream_capped(stream, limit)


def read_stream_capped(stream: BinaryIO, limit: int) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(limit)
    return data
