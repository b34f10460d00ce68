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
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from intimacy_cli.base.paths import DataPaths
from intimacy_cli.store.entries import Entries
from intimacy_cli.store.journal_file import LOCK_TIMEOUT, JournalFile, utc_now
from intimacy_cli.store.storage import PLAIN, Codec

if TYPE_CHECKING:
    from intimacy_cli.store.assignments import Assignments
    from intimacy_cli.store.checkins import Checkins
    from intimacy_cli.store.maintenance import Maintenance
    from intimacy_cli.store.recall import Recall
    from intimacy_cli.store.receipts import Receipts
    from intimacy_cli.store.recovery import Recovery
    from intimacy_cli.store.sessions import Sessions
    from intimacy_cli.store.together import Together


class Journal:
    """Entries and lesson sessions in one data folder.

    Each part but ``entries`` is made (and its module imported) when first
    used: a command uses one or two of them, and importing all on every run
    showed in ``python -X importtime``.
    """

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

    @cached_property
    def sessions(self) -> Sessions:
        from intimacy_cli.store.sessions import Sessions

        return Sessions(self.file)

    @cached_property
    def maintenance(self) -> Maintenance:
        from intimacy_cli.store.maintenance import Maintenance

        return Maintenance(self.file)

    @cached_property
    def recovery(self) -> Recovery:
        from intimacy_cli.store.recovery import Recovery

        return Recovery(self.file)

    @cached_property
    def recall(self) -> Recall:
        from intimacy_cli.store.recall import Recall

        return Recall(self.file)

    @cached_property
    def checkins(self) -> Checkins:
        from intimacy_cli.store.checkins import Checkins

        return Checkins(self.file)

    @cached_property
    def assignments(self) -> Assignments:
        """Homework assignments (issue 15)."""
        from intimacy_cli.store.assignments import Assignments

        return Assignments(self.file)

    @cached_property
    def receipts(self) -> Receipts:
        """What reports were shared, and when."""
        from intimacy_cli.store.receipts import Receipts

        return Receipts(self.file)

    @cached_property
    def together(self) -> Together:
        from intimacy_cli.store.together import Together

        return Together(self.file)

    @property
    def path(self) -> Path:
        return self.paths.journal

    @property
    def encrypted(self) -> bool:
        return self.file.encrypted
