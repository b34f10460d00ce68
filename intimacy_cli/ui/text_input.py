"""Text handed to the app rather than typed at a prompt: piped in, or in a file."""

from __future__ import annotations

import sys
from pathlib import Path

from intimacy_cli.base import messages
from intimacy_cli.base.errors import IntimacyError

STDIN = "-"


def source_name(path: str) -> str:
    """How errors name where the text came from."""
    return "<stdin>" if path == STDIN else path


def read_text(path: str) -> str:
    """The whole of a file, or of stdin for ``-``, as UTF-8 text (strictly: stdin
    may otherwise smuggle undecodable bytes in as surrogates)."""
    try:
        data = sys.stdin.buffer.read() if path == STDIN else Path(path).expanduser().read_bytes()
        return data.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError:
        raise IntimacyError(
            f"{source_name(path)} is not UTF-8 text; {messages.NOTHING_SAVED}"
        ) from None
    except OSError as exc:
        raise IntimacyError(f"cannot read {path}: {exc.strerror or exc}") from None
