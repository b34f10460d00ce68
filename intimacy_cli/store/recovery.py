"""Words that could not be saved, kept until they can be.

When a save fails (the journal is busy, the disk is full, the folder became
read-only, the journal was encrypted meanwhile), the new entries or the new
answer go to a private file in the data folder's ``recovery/`` folder, through
the journal's own codec, so an encrypted journal's words stay encrypted. If
that codec cannot keep them private (the journal was encrypted by another
command while this one held no passphrase), nothing is written and the caller
shows the words instead. :meth:`Recovery.restore` saves everything kept and
removes the files; adding is idempotent by entry id, so a restore that stops
half-way can simply run again.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from intimacy_cli.store.entry import Entry
from intimacy_cli.store.errors import CodecError, EntryNotFound, JournalError
from intimacy_cli.store.files import make_private_dir, write_atomically
from intimacy_cli.store.journal_file import JournalFile
from intimacy_cli.store.records import CHECKINS, ENTRIES, InvalidRecord, check_record
from intimacy_cli.store.storage import PLAIN

if TYPE_CHECKING:
    from intimacy_cli.content.model import Answer
    from intimacy_cli.store.checkins import Checkin

FORMAT = "intimacy-cli recovery"
SUFFIX = ".kept"


class Restored(NamedTuple):
    """What :meth:`Recovery.restore` saved."""

    entries: int
    checkins: int
    changed: int  # answers changed in entries already saved


class Recovery:
    def __init__(self, file: JournalFile) -> None:
        self._file = file

    def keep(
        self,
        entries: list[Entry],
        updates: dict[str, Answer] | None = None,
        checkins: list[Checkin] | None = None,
    ) -> Path | None:
        """Write new ``entries``, changed answers (entry id -> answer) and new
        ``checkins`` to a new private file; ``None`` when they cannot be kept privately.
        ``OSError`` propagates (the folder may be what failed)."""
        if self._file.codec is PLAIN and self._file.encrypted:
            return None  # plaintext beside an encrypted journal: never
        import orjson

        document = orjson.dumps(
            {
                "format": FORMAT,
                "entries": [entry.to_record() for entry in entries],
                "updates": [{"id": key, "answer": value} for key, value in (updates or {}).items()],
                "checkins": [checkin.to_record() for checkin in checkins or ()],
            }
        )
        folder = self._file.paths.recovery
        make_private_dir(folder)
        path = (
            folder
            / f"{self._file.clock().strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}{SUFFIX}"
        )
        write_atomically(path, self._file.codec.encode(document))
        return path

    def pending(self) -> list[Path]:
        """The kept files, oldest first (none when the folder does not exist)."""
        try:
            return sorted(self._file.paths.recovery.glob(f"*{SUFFIX}"))
        except OSError:
            return []

    def restore(self, add: Any, update: Any, add_checkins: Any) -> Restored:
        """Save everything kept with ``add(entries)``, ``update(id, answer)`` and
        ``add_checkins(checkins)`` (the saving flow's functions), removing each
        file once it is saved."""
        import orjson

        from intimacy_cli.store.checkins import Checkin

        added = added_checkins = changed = 0
        for path in self.pending():
            try:
                document = orjson.loads(self._file.codec.decode(path.read_bytes()))
                entries = []
                for number, record in enumerate(document["entries"], 1):
                    check_record(ENTRIES, str(number), record)
                    entries.append(Entry.from_record(record))
                updates = [(item["id"], item["answer"]) for item in document["updates"]]
                checkins = []
                # Files kept before check-ins existed have no "checkins".
                for number, record in enumerate(document.get("checkins", []), 1):
                    check_record(CHECKINS, str(number), record)
                    checkins.append(Checkin.from_record(record))
            except (OSError, CodecError, ValueError, KeyError, TypeError, InvalidRecord) as error:
                raise JournalError(f"cannot read the kept answers in {path}: {error}") from None
            added += len(add(entries))
            added_checkins += len(add_checkins(checkins))
            for entry_id, answer in updates:
                try:
                    update(entry_id, answer)
                    changed += 1
                except EntryNotFound:
                    pass  # deleted since: the new answer has nothing left to change
            path.unlink()
        return Restored(added, added_checkins, changed)
