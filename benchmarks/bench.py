"""How fast the journal feels at 1k to 50k entries (``make bench``).

Builds journals straight in the storage format (seconds, not the minutes that
50k separate saves would take), then times whole fresh processes, as a person
runs a command: interpreter start-up, imports, reading the file, the work.
Each case runs once unmeasured (warming the disk cache and making the day's
automatic backup), then ``--repeat`` times; the median is reported.

Prints a table with the targets at 20k entries and PASS/FAIL, and exits 0
whatever the numbers: speed goals live here, never in the tests.

To time another command, add a :class:`Case` to ``CASES``. Cases marked
``encrypted`` run on an encrypted copy of the same journal (real scrypt cost),
with ``INTIMACY_PASSPHRASE`` set.

    python benchmarks/bench.py
    python benchmarks/bench.py --sizes 1000 20000 --repeat 9
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson

from intimacy_cli.store.crypto import EncryptedCodec
from intimacy_cli.store.files import make_private_dir, write_atomically
from intimacy_cli.store.journal import JOURNAL_FILE, Journal, timestamp
from intimacy_cli.store.schema import ENTRIES, RUNS, SCHEMA_KEY, SCHEMA_VERSION

TARGET_SIZE = 20_000


@dataclass(frozen=True)
class Case:
    """One whole-process run: ``sys.executable`` plus ``argv``, with
    ``INTIMACY_HOME`` set to the journal under test."""

    name: str
    argv: tuple[str, ...]
    target: float | None = None  # seconds, at TARGET_SIZE entries
    stdin: str | None = None
    encrypted: bool = False


def journal_script(body: str) -> tuple[str, ...]:
    """``python -c`` with ``journal`` opened on the benchmark's data folder."""
    setup = (
        "import os; from pathlib import Path; "
        "from intimacy_cli.store import Journal, QueryFilter; "
        "journal = Journal(Path(os.environ['INTIMACY_HOME'])); "
    )
    return ("-c", setup + body)


JOURNAL_COMMAND = ("-m", "intimacy_cli", "journal")
NOTE = "A quiet evening, phones away."

CASES = [
    Case("list newest 20", journal_script("journal.query(QueryFilter(limit=20))"), 0.2),
    Case("text search", journal_script("journal.query(QueryFilter(text='dopamine'))")),
    Case(
        "add one entry",
        journal_script("journal.add(kind='journal', answer='A quiet evening, phones away.')"),
        0.3,
    ),
    Case("intimacy data path --json", ("-m", "intimacy_cli", "data", "path", "--json")),
    Case("intimacy journal (piped)", JOURNAL_COMMAND, stdin=NOTE),
    Case("  the same, encrypted", JOURNAL_COMMAND, stdin=NOTE, encrypted=True),
]
PASSPHRASE = "a benchmark passphrase"

# -- realistic journals ------------------------------------------------------------

LESSONS = ["welcome", "social-brain", "attachment", "oxytocin", "desire", "conflict-repair"]
TAGS = ["calm", "conflict", "repair", "touch", "gratitude", "work", "family", "sleep", "désir"]
PROMPTS = [
    "What did you notice in your body the last time you felt really close to someone?",
    "Think of a recent disagreement. What did you need that you did not ask for?",
    "How do you usually signal that you want closeness, and how is it received?",
    "What helps you feel safe enough to be curious instead of defensive?",
]
VOCABULARY = (
    "we talked walked laughed felt noticed breath shoulders warm tense calm safe close "
    "distant curious tired hopeful partner friend touch hug listened interrupted repair "
    "apology evening morning phone dinner quiet noisy oxytocin dopamine cortisol trust "
    "rhythm slower softer noticed wanted asked waited café naïve résumé together again"
)
WORDS = VOCABULARY.split()


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choices(WORDS, k=words)).capitalize() + "."


def entry(rng: random.Random, moment: datetime, session: str, lesson: str) -> dict[str, object]:
    kind = rng.choices(["reflection", "quiz", "journal"], weights=[5, 3, 2])[0]
    answer: object
    if kind == "quiz":
        answer, correct = rng.randrange(4), rng.random() < 0.7
    elif kind == "journal":
        answer, correct = " ".join(sentence(rng, 14) for _ in range(5)), None
    else:
        answer, correct = " ".join(sentence(rng, 12) for _ in range(3)), None
    created = timestamp(moment)
    return {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "kind": kind,
        "answer": answer,
        "created_at": created,
        "updated_at": created,
        "lesson": None if kind == "journal" else lesson,
        "prompt_id": f"{lesson}-q{rng.randrange(6)}",
        "prompt": None if kind == "journal" else rng.choice(PROMPTS),
        "tags": rng.sample(TAGS, rng.randrange(3)),
        "session": None if kind == "journal" else session,
        "correct": correct,
    }


def build_journal(data_dir: Path, size: int) -> int:
    """Write a journal of ``size`` entries spread over the past years; returns its bytes."""
    rng = random.Random(size)
    start = datetime.now(UTC) - timedelta(minutes=20 * size)
    entries: dict[str, object] = {}
    session, lesson = "", ""
    for number in range(1, size + 1):
        if number % 8 == 1:  # a lesson run gives about eight answers
            session, lesson = str(uuid.UUID(int=rng.getrandbits(128))), rng.choice(LESSONS)
        moment = start + timedelta(minutes=20 * number)
        entries[str(number)] = entry(rng, moment, session, lesson)
    document = orjson.dumps({SCHEMA_KEY: SCHEMA_VERSION, ENTRIES: entries, RUNS: {}})
    make_private_dir(data_dir)
    write_atomically(data_dir / JOURNAL_FILE, document)
    return len(document)


def encrypted_copy(data_dir: Path) -> Path:
    """The journal in ``data_dir``, copied next to it and encrypted."""
    copy = data_dir.with_name(f"{data_dir.name}-encrypted")
    shutil.copytree(data_dir, copy)
    Journal(copy).encrypt(EncryptedCodec(PASSPHRASE))
    return copy


# -- timing --------------------------------------------------------------------------


def run_seconds(case: Case, data_dir: Path) -> float:
    env = {**os.environ, "INTIMACY_HOME": str(data_dir), "NO_COLOR": "1"}
    if case.encrypted:
        env["INTIMACY_PASSPHRASE"] = PASSPHRASE
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, *case.argv],
        env=env,
        input=case.stdin,
        text=True,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def median_seconds(case: Case, data_dir: Path, repeat: int) -> float:
    run_seconds(case, data_dir)  # warm-up, also makes the day's backup for "add"
    return statistics.median(run_seconds(case, data_dir) for _ in range(repeat))


def verdict(case: Case, size: int, seconds: float) -> tuple[str, str]:
    if case.target is None or size != TARGET_SIZE:
        return "-", ""
    return f"{case.target:.2f}s", "PASS" if seconds < case.target else "FAIL"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 20_000, 50_000])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per case (median)")
    args = parser.parse_args()

    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; median of {args.repeat}")
    print(f"{'entries':>8} {'file':>8}  {'case':<28} {'median':>8} {'target':>7}  result")
    with tempfile.TemporaryDirectory(prefix="intimacy-bench-") as scratch:
        for size in args.sizes:
            data_dir = Path(scratch) / str(size)
            megabytes = build_journal(data_dir, size) / 1e6
            encrypted = encrypted_copy(data_dir)
            for case in CASES:
                seconds = median_seconds(
                    case, encrypted if case.encrypted else data_dir, args.repeat
                )
                target, result = verdict(case, size, seconds)
                print(
                    f"{size:>8} {megabytes:>6.1f}MB  {case.name:<28} "
                    f"{seconds:>7.3f}s {target:>7}  {result}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
