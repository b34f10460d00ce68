"""The :class:`Journal`: the only way the app reads or changes what is saved.

It is one :class:`~intimacy_cli.store.journal_file.JournalFile` (the file, its
lock, its codec) seen through parts, each with one job: ``entries``
(answers and notes), ``sessions`` (lesson sittings), ``maintenance``
(encryption, backups), ``recovery`` (words kept after a failed save),
``recall`` (card reviews, set-aside cards, earlier entries shown again),
``checkins`` (how a person felt), ``assignments`` (homework), ``receipts``
(reports shared) and ``together`` (couple mode's keys and rounds).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from intimacy_cli.base.paths import DataPaths
from intimacy_cli.store.assignments import Assignments
from intimacy_cli.store.checkins import Checkins
from intimacy_cli.store.entries import Entries
from intimacy_cli.store.journal_file import LOCK_TIMEOUT, JournalFile, utc_now
from intimacy_cli.store.maintenance import Maintenance
from intimacy_cli.store.recall import Recall
from intimacy_cli.store.receipts import Receipts
from intimacy_cli.store.recovery import Recovery
from intimacy_cli.store.sessions import Sessions
from intimacy_cli.store.storage import PLAIN, Codec
from intimacy_cli.store.together import Together


class Journal:
    """Entries and lesson sessions in one data folder."""

    def __init__(
        self,
        data_dir: Path,
        *,
        clock: Callable[[], datetime] = utc_now,
        lock_timeout: float = LOCK_TIMEOUT,
        codec: Codec = PLAIN,
    ) -> None:
        self.paths = DataPaths(data_dir)
        self.file = JournalFile(self.paths, clock=clock, lock_timeout=lock_timeout, codec=codec)
        self.entries = Entries(self.file)
        self.sessions = Sessions(self.file)
        self.maintenance = Maintenance(self.file)
        self.recovery = Recovery(self.file)
        self.recall = Recall(self.file)
        self.checkins = Checkins(self.file)
        # Homework assignments and the receipts of reports shared (issue 15).
        self.assignments = Assignments(self.file)
        self.receipts = Receipts(self.file)
        self.together = Together(self.file)

    @property
    def path(self) -> Path:
        return self.paths.journal

    @property
    def encrypted(self) -> bool:
        return self.file.encrypted
