"""``intimacy progress`` on a varied journal, pinned byte for byte in several
time zones: many months, entries near UTC and local midnights, a streak longer
than the calendar across daylight-saving changes, scale answers spread over
months (ties, float values, changed wording), check-ins filling a gap.

The golden file was written by the version that built every entry; progress
now reads the months' summaries instead, and must print exactly the same.
``UPDATE_GOLDEN=1`` rewrites it (only when the output is meant to change).
"""

from __future__ import annotations

import json
import os
import random
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from helpers.app import FIXTURE_LESSONS
from helpers.entries import clock_at, stored_entry
from helpers.store import change_summaries, stored_summaries

from intimacy_cli.base.paths import DataPaths
from intimacy_cli.store import Entry, Journal, layout
from intimacy_cli.store.layout import INLINE_MONTHS
from intimacy_cli.store.storage import JournalStorage

Cli = Callable[..., Any]
GOLDEN = Path(__file__).parent / "golden" / "progress-zones.json"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
NOW = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)
# POSIX zones, so the test needs no tz database: whole, half and quarter hours,
# both ends of the offsets, daylight saving north and south, and a zone whose
# clocks go back across midnight (local days are not in order there).
ZONES = {
    "us-eastern": "EST+5EDT,M3.2.0,M11.1.0",
    "utc": "UTC0",
    "india": "IST-5:30",
    "nepal": "NPT-5:45",
    "lord-howe": "LHST-10:30LHDT-11,M10.1.0,M4.1.0",
    "kiribati": "<+14>-14",
    "baker-island": "<-12>12",
    "back-across-midnight": "<-03>3<-02>,M10.1.0/0:30,M3.1.0/0:30",
}
STREAK_DAYS = 400  # back to October 2025: beyond the calendar, across two autumns
GAP_FILLED_BY_A_CHECKIN = 250
GAP = 330
# In the southern zone the clocks go back on 1 March 2026 at 02:30 UTC, to 23:30
# on 28 February: 28 February UTC has no entry, so that local day has only the
# one written at 02:45 UTC, between the day's first and last entries.
CLOCKS_BACK = date(2026, 3, 1)


def moment(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=UTC)


def made(when: datetime, answer: Any, **fields: Any) -> Entry:
    entry_id = str(uuid.UUID(int=random.getrandbits(128), version=4))
    return Entry.from_record(stored_entry(when, answer, id=entry_id, **fields))


def varied_entries(rng: random.Random) -> list[Entry]:
    today = NOW.date()
    entries: list[Entry] = []
    for back in range(STREAK_DAYS):
        day = today - timedelta(days=back)
        if back in (GAP_FILLED_BY_A_CHECKIN, GAP) or day == CLOCKS_BACK - timedelta(days=1):
            continue
        # Never 13 hours apart: every local day in every zone has one.
        entries.append(made(moment(day, 6, rng.randrange(60)), "Morning"))
        entries.append(made(moment(day, 17, rng.randrange(60)), "Evening", kind="journal"))
        if day == CLOCKS_BACK:
            continue
        # Near UTC midnight and near the zones' local midnights.
        for hour, minute in rng.sample(
            [(23, 59), (0, 0), (0, 1), (4, 59), (5, 0), (18, 29), (18, 30), (18, 15), (12, 0)],
            rng.randrange(4),
        ):
            kind = rng.choice(["reflection", "quiz", "journal"])
            entries.append(
                made(
                    moment(day, hour, minute, rng.randrange(60)),
                    rng.randrange(4) if kind == "quiz" else "Near midnight",
                    kind=kind,
                    correct=rng.random() < 0.5 if kind == "quiz" else None,
                    lesson=None if kind == "journal" else "sample",
                )
            )
    # Sparse older months, before the streak.
    for back in range(STREAK_DAYS + 5, STREAK_DAYS + 700, 9):
        entries.append(made(moment(today - timedelta(days=back), rng.randrange(24)), "Long ago"))
    # Around the clocks going back: 1 March 2026 02:30 UTC in the southern zone,
    # 1 November 2026 06:00 UTC in US Eastern.
    for when in ("2026-03-01T02:00:00", "2026-03-01T02:45:00", "2026-11-01T05:30:00"):
        entries.append(made(datetime.fromisoformat(when).replace(tzinfo=UTC), "Clocks"))
    entries += scale_answers(rng, today)
    return entries


def scale_answers(rng: random.Random, today: date) -> list[Entry]:
    answers = []
    for back in range(0, 600, 23):  # the lesson's scale question, over two years
        when = moment(today - timedelta(days=back), 23, 30)
        wording = "How close do you feel?" if back > 300 else "How close do you feel now?"
        answers.append(
            made(when, rng.randrange(11), prompt_id="closeness", prompt=wording, tags=["scale"])
        )
    tie = moment(today - timedelta(days=40), 12)
    answers.append(made(tie, 3, prompt_id="closeness", prompt="Same moment, first saved?"))
    answers.append(made(tie, 9, prompt_id="closeness", prompt="Same moment, last saved?"))
    # A lesson not loaded (the answers' own range), float values, no wording.
    for back in (500, 200, 100, 3):
        answers.append(
            made(
                moment(today - timedelta(days=back), 0, 15),
                round(rng.uniform(-2, 2), 3),
                lesson="gone",
                prompt_id="mood",
                prompt=None,
            )
        )
    # Not series: answered once; a text "7"; quiz numbers; no question id.
    answers.append(made(moment(today, 1), 4, prompt_id="once"))
    answers += [made(moment(today - timedelta(days=n), 2), "7", prompt_id="text") for n in (1, 90)]
    answers += [
        made(moment(today - timedelta(days=n), 3), 2, kind="quiz", prompt_id="q") for n in (2, 95)
    ]
    answers += [made(moment(today - timedelta(days=n), 4), 5, prompt_id=None) for n in (4, 120)]
    return answers


def build(data_dir: Path) -> None:
    rng = random.Random(14)
    random.seed(14)
    entries = varied_entries(rng)
    rng.shuffle(entries)  # saved in no particular order, over several writes
    journal = Journal(data_dir, clock=lambda: NOW)
    for start in range(0, len(entries), 400):
        journal.entries.add_all(entries[start : start + 400])
    gap_day = NOW.date() - timedelta(days=GAP_FILLED_BY_A_CHECKIN)
    late = Journal(data_dir, clock=lambda: NOW - timedelta(days=10)).checkins
    for day in (gap_day, NOW.date() - timedelta(days=3)):
        late.add_all([late.new(day=day, pleasant=1, energy=1, word="calm")])
    for lesson, days_ago in (("sample", 300), ("welcome", 12)):
        started = Journal(data_dir, clock=lambda d=days_ago: NOW - timedelta(days=d))
        run = started.sessions.start(lesson)
        started.sessions.save(run.id, step="done", completed=True)


@pytest.fixture
def zone(request: pytest.FixtureRequest) -> Iterator[str]:
    before = os.environ.get("TZ")
    os.environ["TZ"] = ZONES[request.param]
    time.tzset()
    yield request.param
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def outputs(cli: Cli) -> dict[str, str]:
    run = ("--content-dir", str(FIXTURE_LESSONS), "progress")
    now = clock_at(NOW)
    text = cli(*run, env={"NO_COLOR": "1"}, state=now)
    figures = cli(*run, "--json", state=now)
    assert text.exit_code == figures.exit_code == 0, text.stderr + figures.stderr
    return {"text": text.stdout, "json": figures.stdout}


def check(zone: str, shown: dict[str, str]) -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8")) if GOLDEN.exists() else {}
    if UPDATE:
        golden[zone] = shown
        GOLDEN.write_text(json.dumps(golden, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    assert zone in golden, f"no {zone} in {GOLDEN}; make it with UPDATE_GOLDEN=1"
    assert shown["text"] == golden[zone]["text"]
    assert shown["json"] == golden[zone]["json"]


@pytest.mark.parametrize("zone", list(ZONES), indirect=True)
def test_progress_prints_what_it_always_did(zone: str, cli: Cli, data_dir: Path) -> None:
    build(data_dir)
    check(zone, outputs(cli))


def without_summaries(data_dir: Path) -> None:
    """The manifest as the first 0.2.0 builds wrote it: no ``summaries``."""
    manifest = data_dir / "journal.json"
    document = json.loads(manifest.read_bytes())
    del document["summaries"]
    document.pop("summaries_file", None)
    manifest.write_text(json.dumps(document))


def with_summaries_in_the_manifest(data_dir: Path) -> None:
    """Every month's summary in the manifest, as the builds before the
    summaries file wrote them."""
    manifest = data_dir / "journal.json"
    document = json.loads(manifest.read_bytes())
    document["summaries"] = stored_summaries(data_dir)
    document.pop("summaries_file", None)
    manifest.write_text(json.dumps(document))


def as_whole_document(data_dir: Path) -> None:
    """The journal in the whole-document form (schema 3), as before 0.2.0."""
    whole = b"".join(JournalStorage(DataPaths(data_dir)).one_file())
    for table_file in (data_dir / "tables").iterdir():
        table_file.unlink()
    (data_dir / "journal.json").write_bytes(whole)


def with_crafted_summaries(data_dir: Path) -> None:
    """Summaries no version writes: miscounted, misshapen, days out of order."""
    crafted = [
        {"kinds": {"reflection": 10**6, "quiz": 0, "journal": 0}, "days": [], "scales": []},
        {"kinds": [], "days": [], "scales": []},
        {"kinds": {"reflection": 0, "quiz": 0, "journal": 0}, "days": "all", "scales": []},
        {"extra": 1},
    ]

    def craft(summaries: dict[str, Any]) -> None:
        for number, month in enumerate(summaries):
            if number % 5 == 4:
                summaries[month]["days"].reverse()
            else:
                summaries[month] = crafted[number % 5 % len(crafted)]

    change_summaries(data_dir, craft)


def one_write(data_dir: Path) -> None:
    """A write that changes nothing progress shows: it must bring the summaries."""
    Journal(data_dir, clock=lambda: NOW).entries.update(
        Journal(data_dir).entries.query()[-1].id, tags=["later"]
    )


@pytest.mark.parametrize("zone", ["us-eastern", "back-across-midnight"], indirect=True)
@pytest.mark.parametrize(
    "change",
    [without_summaries, with_summaries_in_the_manifest, as_whole_document, with_crafted_summaries],
)
def test_a_journal_without_usable_summaries_shows_the_same(
    zone: str, change: Callable[[Path], None], cli: Cli, data_dir: Path
) -> None:
    build(data_dir)
    change(data_dir)
    check(zone, outputs(cli))
    one_write(data_dir)  # migrates, or summarizes every month that had none
    manifest = json.loads((data_dir / "journal.json").read_bytes())
    assert set(stored_summaries(data_dir)) == {
        layout.month_of(name) for name in manifest["files"] if layout.is_entries_period(name)
    }
    assert len(manifest["summaries"]) <= INLINE_MONTHS  # the rest in the summaries file
    check(zone, outputs(cli))
