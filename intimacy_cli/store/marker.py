"""What the data folder remembers about its journal outside the journal file,
so that a journal swapped behind the app's back is noticed.

``encryption.json`` (see :class:`~intimacy_cli.base.paths.DataPaths`) says
whether the journal was last left encrypted and the generation of its last
write (every encrypted write carries a generation one above the file it
replaced, inside the authenticated header: see
:mod:`~intimacy_cli.store.crypto`). It holds no secret. While it says
"encrypted", a journal file that is missing, plain, or of a lower generation
is refused (:class:`~intimacy_cli.store.errors.JournalReplaced`) rather than
read, and certainly never written to in plaintext. ``intimacy data
accept-journal`` records the journal as it is, for a person who restored a
backup or decrypted it elsewhere on purpose.

The marker is written after the journal (each write, under the lock), and
read before it, so a reader racing a writer can only see a journal as new as
the marker or newer, never a false "older copy". Plain journals never write
one: nothing is created until a journal is encrypted. A folder from before
this marker existed has none, and gets one with its next encrypted write.
"""

from __future__ import annotations

from typing import NamedTuple

from intimacy_cli.base.paths import DataPaths
from intimacy_cli.store.crypto import generation_of, is_encrypted
from intimacy_cli.store.errors import JournalError
from intimacy_cli.store.files import describe, write_atomically

_FORMAT = 1
_MAX_SIZE = 4096


class Remembered(NamedTuple):
    """The journal as last left: encrypted or not, and its last generation
    (kept after decrypting, so encrypting again continues above it).

    A named tuple, not a dataclass: every read of the journal reads the
    marker, and a dataclass costs more to make than the rest of this module."""

    encrypted: bool
    generation: int

    def to_json(self) -> dict[str, object]:
        return {"format": _FORMAT, "encrypted": self.encrypted, "generation": self.generation}


def read(paths: DataPaths) -> Remembered | None:
    """The marker, or ``None`` when there is none."""
    marker = paths.encryption_marker
    try:
        with marker.open("rb") as file:
            raw = file.read(_MAX_SIZE + 1)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise JournalError(f"cannot read {marker}: {describe(error)}") from None
    remembered = _parse(raw) if len(raw) <= _MAX_SIZE else None
    if remembered is None:
        raise JournalError(
            f"{marker} is damaged, so it cannot tell whether the journal was "
            "replaced; nothing was changed",
            hint=f"if the journal is as you left it, delete {marker}",
        )
    return remembered


def _parse(raw: bytes) -> Remembered | None:
    import json  # only where there is a marker: most data folders have none

    try:
        return from_json(json.loads(raw))
    except ValueError:
        return None


def from_json(found: object) -> Remembered | None:
    """A :class:`Remembered` from its JSON form; ``None`` if it is not one."""
    if not isinstance(found, dict):
        return None
    encrypted, generation = found.get("encrypted"), found.get("generation")
    if not isinstance(encrypted, bool) or type(generation) is not int or generation < 0:
        return None
    return Remembered(encrypted, generation)


def write(paths: DataPaths, remembered: Remembered) -> None:
    """Replace the marker (atomically, 0600); only under the journal's lock."""
    import json

    write_atomically(paths.encryption_marker, json.dumps(remembered.to_json()).encode() + b"\n")


def note_written(paths: DataPaths, stored: bytes) -> None:
    """After the journal file was replaced with ``stored``: remember an
    encrypted journal's new generation. A plain write changes nothing (a
    marker saying "encrypted" would have refused it)."""
    generation = generation_of(stored)
    if generation is not None:
        write(paths, Remembered(encrypted=True, generation=generation))


def problem(remembered: Remembered | None, stored: bytes | None) -> str | None:
    """Why the journal file ``stored`` (``None``: missing) is not the journal
    the marker remembers, completing "the journal PATH ..."; ``None`` if it is."""
    if remembered is None or not remembered.encrypted:
        return None
    if stored is None:
        return "is missing, but an encrypted journal was kept here"
    if not is_encrypted(stored):
        return (
            "is not encrypted, but it was encrypted when last used: it may have been "
            "replaced by an unencrypted copy"
        )
    generation = generation_of(stored)
    if generation is not None and generation < remembered.generation:
        return (
            f"is an older copy than the one last saved here (write {generation}, "
            f"last saved {remembered.generation}): it may have been replaced by a backup "
            "or an old copy"
        )
    return None
