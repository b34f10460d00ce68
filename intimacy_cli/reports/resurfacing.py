"""Which of a person's own earlier words recall may bring back, if any.

At most one entry a day, at least two weeks old, in words (a few of them,
not a single ticked option), never one whose words brought the crisis note
(decided by the same matcher, on the words as they are now), never one the
person asked not to see again, one already answered with "It has changed",
or one shown in the last months. The oldest such entry comes first.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from intimacy_cli.base.dates import local_day
from intimacy_cli.content.crisis import suggests_crisis
from intimacy_cli.store.entry import Entry, parse_time
from intimacy_cli.store.recall import Resurfaced

# Only what was written at least this long ago comes back.
OLDER_THAN = timedelta(days=14)
# An entry shown (and answered "Still fits") comes back no sooner than this.
SHOWN_AGAIN_AFTER = timedelta(days=90)
# Fewer words than this are an option ticked or a word jotted, not a reflection.
MIN_WORDS = 4


def pick_resurfacing(
    candidates: Sequence[Entry], shown: Sequence[Resurfaced], now: datetime
) -> Entry | None:
    """The entry to show again now, from ``candidates`` (oldest first, each
    written before ``now - OLDER_THAN``), given what was shown before."""
    if any(local_day(parse_time(s.shown_at)) == local_day(now) for s in shown):
        return None  # once a day is enough
    last_shown = {s.entry: parse_time(s.shown_at) for s in shown}
    not_again = {s.entry for s in shown if s.response != "fits"}
    followed = {entry.follows for entry in candidates if entry.follows}
    for entry in candidates:
        if entry.id in not_again or entry.id in followed:
            continue
        if entry.id in last_shown and now - last_shown[entry.id] < SHOWN_AGAIN_AFTER:
            continue
        text = str(entry.answer)
        if len(text.split()) < MIN_WORDS or suggests_crisis(text):
            continue
        return entry
    return None
