"""Receipts of reports (the ``report_receipts`` table): what was shared, when.

``intimacy report`` writes one for every report file it writes, so a person
can always see everything they have ever shared: the entries, the file's
sha256 (to recognise the file later), its format, and where it was written.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from intimacy_cli.store.journal_file import JournalFile, records_of, tinydb_table
from intimacy_cli.store.queries import newest_first
from intimacy_cli.store.records import RECEIPTS


@dataclass(frozen=True)
class Receipt:
    id: str
    shared_at: str
    format: str
    sha256: str
    entries: tuple[str, ...]
    homework: str | None = None
    status_only: bool = False
    file: str | None = None

    def to_record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "shared_at": self.shared_at,
            "format": self.format,
            "sha256": self.sha256,
            "entries": list(self.entries),
            "homework": self.homework,
            "status_only": self.status_only,
            "file": self.file,
        }

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> Receipt:
        return cls(
            id=data["id"],
            shared_at=data["shared_at"],
            format=data["format"],
            sha256=data["sha256"],
            entries=tuple(data["entries"]),
            homework=data.get("homework"),
            status_only=bool(data.get("status_only")),
            file=data.get("file"),
        )


class Receipts:
    """The journal's report receipts; each method is one complete read or write."""

    def __init__(self, file: JournalFile) -> None:
        self._file = file

    def add(
        self,
        *,
        format_name: str,
        sha256: str,
        entries: Sequence[str],
        homework: str | None,
        status_only: bool,
        file: str | None,
    ) -> Receipt:
        receipt = Receipt(
            str(uuid.uuid4()),
            self._file.now(),
            format_name,
            sha256,
            tuple(entries),
            homework,
            status_only,
            file,
        )
        with self._file.writing() as storage:
            tinydb_table(storage, RECEIPTS).insert(receipt.to_record())
        return receipt

    def all(self) -> list[Receipt]:
        """Every receipt, the newest first."""
        records = records_of(self._file.storage(check_entries=False), RECEIPTS)
        return [Receipt.from_record(r) for _, r in newest_first(records, "shared_at")]
