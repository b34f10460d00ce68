"""What a profile keeps of couple mode in its own journal: its key pairs and its
rounds (see ``docs/together.md``). Nothing of the partner is kept here, so the
journal's backups never hold any of it either.

Keys and texts are stored as they travel (base64, the files' own text); the
protocol that makes and reads them is ``transfer/together/``.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, replace
from typing import Any

from intimacy_cli.store.journal_file import JournalFile, find, records_of, tinydb_table
from intimacy_cli.store.records import TOGETHER_KEYS, TOGETHER_ROUNDS


@dataclass(frozen=True)
class StoredKeys:
    """This profile's private keys (base64) and the name its partner sees."""

    name: str
    x25519: str
    ed25519: str


@dataclass(frozen=True)
class StoredRound:
    """One round as this profile knows it."""

    id: str
    lesson: str
    round_file: str
    created_at: str
    updated_at: str
    key: str | None = None  # this profile's round key, once its answers are sealed
    sealed: str | None = None  # its sealed file
    released: bool = False  # whether its key file was written

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> StoredRound:
        return cls(
            id=data["id"],
            lesson=data["lesson"],
            round_file=data["round_file"],
            created_at=data["created_at"],
            updated_at=data["updated_at"],
            key=data.get("key"),
            sealed=data.get("sealed"),
            released=data.get("released") is True,
        )


class Together:
    """The journal's couple-mode records; each method is one complete read or write."""

    def __init__(self, file: JournalFile) -> None:
        self._file = file

    def keys(self) -> StoredKeys | None:
        records = records_of(self._file.storage(), TOGETHER_KEYS)
        for record in records.values():
            return StoredKeys(record["name"], record["x25519"], record["ed25519"])
        return None

    def keep_keys(self, keys: StoredKeys) -> StoredKeys:
        """Save new keys, unless another command saved some first: those are kept."""
        with self._file.writing() as storage:
            for record in records_of(storage, TOGETHER_KEYS).values():
                return StoredKeys(record["name"], record["x25519"], record["ed25519"])
            record = {"id": str(uuid.uuid4()), "created_at": self._file.now(), **asdict(keys)}
            tinydb_table(storage, TOGETHER_KEYS).insert(record)
        return keys

    def rounds(self) -> list[StoredRound]:
        """Every round, oldest first."""
        records = records_of(self._file.storage(), TOGETHER_ROUNDS).values()
        return sorted((StoredRound.from_record(r) for r in records), key=lambda r: r.created_at)

    def add_round(self, round_id: str, lesson: str, round_file: str) -> StoredRound:
        now = self._file.now()
        stored = StoredRound(round_id, lesson, round_file, now, now)
        with self._file.writing() as storage:
            known = {r["id"] for r in records_of(storage, TOGETHER_ROUNDS).values()}
            if round_id not in known:
                tinydb_table(storage, TOGETHER_ROUNDS).insert(asdict(stored))
        return stored

    def sealed(self, round_id: str, key: str, sealed: str) -> None:
        self._change(round_id, key=key, sealed=sealed)

    def released(self, round_id: str) -> None:
        self._change(round_id, released=True)

    def _change(self, round_id: str, **fields: Any) -> None:
        with self._file.writing() as storage:
            doc_id, record = find(records_of(storage, TOGETHER_ROUNDS), round_id, "round")
            changed = replace(
                StoredRound.from_record(record), **fields, updated_at=self._file.now()
            )
            tinydb_table(storage, TOGETHER_ROUNDS).update(asdict(changed), doc_ids=[doc_id])

    def delete_round(self, round_id: str) -> None:
        with self._file.writing() as storage:
            doc_id, _ = find(records_of(storage, TOGETHER_ROUNDS), round_id, "round")
            tinydb_table(storage, TOGETHER_ROUNDS).remove(doc_ids=[doc_id])

    def forget(self) -> None:
        """Unpairing: this profile's keys and every round go."""
        with self._file.writing() as storage:
            for table in (TOGETHER_KEYS, TOGETHER_ROUNDS):
                ids = [int(doc_id) for doc_id in records_of(storage, table)]
                if ids:
                    tinydb_table(storage, table).remove(doc_ids=ids)
