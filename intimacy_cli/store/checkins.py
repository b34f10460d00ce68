"""Check-ins: how a person felt, as pleasantness and energy (each -4..4), a
feeling word, and optional tags, a note and the lesson it followed.

Each check-in is about one local day (``day``), which may be earlier than the
day it was written: a check-in can be added for yesterday, and counts there.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from intimacy_cli.store.entry import parse_time
from intimacy_cli.store.journal_file import JournalFile, add_by_period, records_of
from intimacy_cli.store.layout import period_of
from intimacy_cli.store.records import CHECKINS, in_stored_form


@dataclass(frozen=True)
class Checkin:
    id: str
    created_at: str
    day: str  # the local day it is about, YYYY-MM-DD
    pleasant: int
    energy: int
    word: str
    tags: tuple[str, ...] = ()
    note: str | None = None
    lesson: str | None = None

    @property
    def created(self) -> datetime:
        return parse_time(self.created_at)

    @property
    def date(self) -> date:
        return date.fromisoformat(self.day)

    def to_record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "created_at": self.created_at,
            "day": self.day,
            "pleasant": self.pleasant,
            "energy": self.energy,
            "word": self.word,
            "tags": list(self.tags),
            "note": self.note,
            "lesson": self.lesson,
        }

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> Checkin:
        return cls(
            id=data["id"],
            created_at=data["created_at"],
            day=data["day"],
            pleasant=data["pleasant"],
            energy=data["energy"],
            word=data["word"],
            tags=tuple(data.get("tags") or ()),
            note=data.get("note"),
            lesson=data.get("lesson"),
        )


class Checkins:
    """The journal's check-ins; each method is one complete read or write."""

    def __init__(self, file: JournalFile) -> None:
        self._file = file

    def new(
        self,
        *,
        day: date,
        pleasant: int,
        energy: int,
        word: str,
        tags: tuple[str, ...] = (),
        note: str | None = None,
        lesson: str | None = None,
    ) -> Checkin:
        """A check-in stamped with the journal's clock, not yet saved."""
        return Checkin(
            id=str(uuid.uuid4()),
            created_at=self._file.now(),
            day=day.isoformat(),
            pleasant=pleasant,
            energy=energy,
            word=word,
            tags=tags,
            note=note,
            lesson=lesson,
        )

    def add_all(self, checkins: list[Checkin]) -> list[Checkin]:
        """Save check-ins in one write; ids already present are skipped (so
        words kept after a failed save can be restored twice)."""
        with self._file.writing() as storage:
            # A check-in's period follows from its time, so one saved already
            # is in the same period (or in the table an earlier build kept whole).
            tables = storage.tables()
            periods = {period_of(CHECKINS, in_stored_form(c.created_at)) for c in checkins}
            known = {
                record["id"]
                for name in (CHECKINS, *sorted(periods))
                for record in tables.get(name, {}).values()
            }
            added = [checkin for checkin in checkins if checkin.id not in known]
            if added:
                add_by_period(storage, CHECKINS, (checkin.to_record() for checkin in added))
        return added

    def all(self) -> list[Checkin]:
        """Every check-in, oldest day first (and, within a day, as written).

        Only this table is checked record by record; the entries, by far the
        largest table, are left unchecked because nothing here reads them.
        """
        records = records_of(self._file.storage(check_entries=False), CHECKINS)
        checkins = [Checkin.from_record(record) for record in records.values()]
        return sorted(checkins, key=lambda checkin: (checkin.day, checkin.created_at))


def checkin_text(checkin: Checkin) -> str:
    """A check-in as one plain line (and its note), to read or copy."""
    axes = f"pleasant {checkin.pleasant:+d}, energy {checkin.energy:+d}"
    line = f"{checkin.day}: {checkin.word} ({axes})"
    if checkin.tags:
        line += f" [{', '.join(checkin.tags)}]"
    return f"{line}\n{checkin.note}" if checkin.note else line
