"""Text handed to the app rather than typed at a prompt: piped in, or in a file."""

from __future__ import annotations

import sys
from pathlib import Path

from intimacy_cli.base import messages
from intimacy_cli.base.errors import IntimacyError
from intimacy_cli.base.limits import TooLarge, read_capped, read_stream_capped

STDIN = "-"


def entry_text_limit() -> int:
    """The most bytes read from a pipe for one entry: its character limit in
    UTF-8 at worst (longer text is refused by the journal anyway)."""
    from intimacy_cli.store.entry import MAX_ENTRY_CHARS

    return 4 * MAX_ENTRY_CHARS


def source_name(path: str) -> str:
    """How errors name where the text came from."""
    return "<stdin>" if path == STDIN else path


def read_text(path: str, *, limit: int | None = None) -> str:
    """The whole of a file, or of stdin for ``-``, as UTF-8 text (strictly: stdin
    may otherwise smuggle undecodable bytes in as surrogates). With ``limit``,
    more bytes than that are refused before they are all read."""
    try:
        if path == STDIN:
            stream = sys.stdin.buffer
            data = stream.read() if limit is None else read_stream_capped(stream, limit)
        else:
            file = Path(path).expanduser()
            data = file.read_bytes() if limit is None else read_capped(file, limit)
        return data.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError:
        raise IntimacyError(
            f"{source_name(path)} is not UTF-8 text; {messages.NOTHING_SAVED}"
        ) from None
    except TooLarge as exc:
        raise IntimacyError(f"{source_name(path)} is {exc}; {messages.NOTHING_SAVED}") from None
    except OSError as exc:
        raise IntimacyError(f"cannot read {path}: {exc.strerror or exc}") from None
