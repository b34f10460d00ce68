"""stdout and stderr as the app needs them, whatever the locale or the disk.

* Text for people is written in the terminal's encoding, and a character it
  lacks (``…`` with an ISO-8859-1 locale) becomes ``?`` rather than a crash.
* Data (``--json``, ``export`` on stdout) is always UTF-8, as ``export -o``
  writes its files, so a non-UTF-8 locale never changes the bytes of a backup.
* A write that fails (``> /dev/full``, a disk that fills up) is
  :class:`OutputFailed`: one line on stderr and exit 1, never a traceback.
  A closed pipe stays ``BrokenPipeError``, which ends the app quietly.

Kept free of rich and of everything heavy: ``cli.main`` sets this up first.
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, TextIO

from intimacy_cli.base.errors import IntimacyError


class OutputFailed(IntimacyError):
    """stdout could not be written; what was saved before stays saved."""

    def __init__(self, error: OSError) -> None:
        super().__init__(f"cannot write the output: {error.strerror or error}")


def is_utf8(stream: object) -> bool:
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


class GuardedOutput:
    """A text stream whose failed writes are :class:`OutputFailed`; anything
    else (``isatty``, ``fileno``, ``encoding``, ``buffer``) is the stream's own."""

    def __init__(self, stream: TextIO) -> None:
        self.guarded = stream

    def write(self, text: str) -> int:
        try:
            return self.guarded.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputFailed(exc) from None

    def flush(self) -> None:
        try:
            self.guarded.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputFailed(exc) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.guarded, name)


def prepare() -> None:
    """Make stdout and stderr safe for any locale, and stdout's failures calm."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if not is_utf8(stream) and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    if not isinstance(sys.stdout, GuardedOutput):
        sys.stdout = GuardedOutput(sys.stdout)


def write_data(text: str) -> None:
    """Machine-readable text on stdout, as UTF-8 whatever the locale."""
    stream = sys.stdout
    if getattr(stream, "buffer", None) is None or is_utf8(stream):
        stream.write(text)
        stream.flush()
        return
    with writing_data() as write:
        write(text.encode("utf-8", "surrogateescape"))


@contextmanager
def writing_data() -> Iterator[Callable[[bytes], object]]:
    """stdout for machine-readable UTF-8 bytes, written piece by piece with the
    function given, as the caller makes them (an export is never held whole)."""
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a stream of text alone: whatever it is, it takes str
        yield lambda piece: stream.write(piece.decode("utf-8"))
        stream.flush()
        return
    stream.flush()  # what was written as text comes first

    def write(piece: bytes) -> None:
        with _failing_calmly():
            buffer.write(piece)

    yield write
    with _failing_calmly():
        buffer.flush()


@contextmanager
def _failing_calmly() -> Iterator[None]:
    """A failed write as :class:`OutputFailed`; a closed pipe stays itself."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputFailed(exc) from None


def settle() -> None:
    """At exit: flush stdout and stderr; one that cannot take its last bytes is
    pointed at the null device, so Python's own final flush stays silent."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, OutputFailed):
            real = getattr(stream, "guarded", stream)
            with suppress(OSError, ValueError):
                null = os.open(os.devnull, os.O_WRONLY)
                os.dup2(null, real.fileno())
                os.close(null)
