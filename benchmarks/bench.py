"""Every speed goal of intimacy-cli, measured as a person meets it (``make bench``).

Two parts, both timing whole fresh processes (interpreter start-up, imports,
reading the journal, the work), each case once unmeasured (warming the disk
cache and making the day's automatic backup), then ``--repeat`` times; the
median is reported:

* start-up (``STARTUP_CASES``): an empty data folder; ``intimacy --version``
  against twice ``python -c "import typer"``, and ``intimacy lessons``;
* journal size (``CASES``): journals of 1k to 50k entries built straight in the
  storage format (seconds, not the minutes 50k saves would take), with the
  targets checked at 20k entries.

Prints tables with PASS/FAIL and exits 0 whatever the numbers: speed goals
live here, never in the tests. To time another command, add a :class:`Case`;
cases marked ``encrypted`` run on an encrypted copy of the same journal (real
scrypt cost), with ``INTIMACY_PASSPHRASE`` set.

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

from intimacy_cli.base.paths import DataPaths
from intimacy_cli.store import Journal
from intimacy_cli.store.crypto import EncryptedCodec
from intimacy_cli.store.entry import timestamp
from intimacy_cli.store.files import make_private_dir, write_atomically
from intimacy_cli.store.records import ENTRIES, SESSIONS
from intimacy_cli.store.schema import SCHEMA_KEY, SCHEMA_VERSION

TARGET_SIZE = 20_000


@dataclass(frozen=True)
class Case:
    """One whole-process run of ``intimacy`` with ``argv`` (and ``stdin``), with
    ``INTIMACY_HOME`` set to the journal under test."""

    name: str
    argv: tuple[str, ...]
    target: float | None = None  # seconds (at TARGET_SIZE entries for journal cases)
    stdin: bytes = b""
    encrypted: bool = False


NOTE = b"A quiet evening, phones away."
PASSPHRASE = "a benchmark passphrase"
CASES = [
    Case("review --last 20", ("review", "--last", "20"), 0.2),
    Case("review --last 20 --json", ("review", "--last", "20", "--json"), 0.2),
    Case("review --search oxytocin", ("review", "--search", "oxytocin"), 0.4),
    Case("review --search (40% match)", ("review", "--search", "dopamine")),
    Case("journal (add one, piped)", ("journal",), 0.3, NOTE),
    Case("  the same, encrypted", ("journal",), None, NOTE, encrypted=True),
    Case("review --last 20, encrypted", ("review", "--last", "20"), encrypted=True),
    Case("progress", ("progress",)),
    Case("export --format json", ("export", "--format", "json")),
    Case("data recover (nothing kept)", ("data", "recover")),
    # Profiles and together (issue 17): listings beside a large default journal.
    Case("profile list", ("profile", "list"), 0.3),
    Case("together (not paired)", ("together",), 0.3),
]

# Start-up, on an empty data folder; None targets are set relative to the baseline.
TYPER_BASELINE = ("-c", "import typer")
STARTUP_CASES = [
    Case("intimacy --version", ("--version",)),  # target: 2x import typer
    Case("intimacy --help", ("--help",)),
    Case("intimacy lessons", ("lessons",), 0.15),
    Case("intimacy read oxytocin", ("read", "oxytocin")),
]

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
    "apology evening morning phone dinner quiet noisy dopamine cortisol trust "
    "rhythm slower softer noticed wanted asked waited café naïve résumé together again"
)
WORDS = VOCABULARY.split()
# A topic word that, as in a real journal, comes up in a few percent of entries.
RARE_WORD, RARE_SHARE = "oxytocin", 0.04


def sentence(rng: random.Random, words: int) -> str:
    chosen = rng.choices(WORDS, k=words)
    if rng.random() < RARE_SHARE / 3:  # about three sentences an entry
        chosen[rng.randrange(words)] = RARE_WORD
    return " ".join(chosen).capitalize() + "."


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
    document = orjson.dumps({SCHEMA_KEY: SCHEMA_VERSION, ENTRIES: entries, SESSIONS: {}})
    make_private_dir(data_dir)
    write_atomically(DataPaths(data_dir).journal, document)
    return len(document)


def encrypted_copy(data_dir: Path) -> Path:
    """The journal in ``data_dir``, copied next to it and encrypted."""
    copy = data_dir.with_name(f"{data_dir.name}-encrypted")
    shutil.copytree(data_dir, copy)
    Journal(copy).maintenance.encrypt(EncryptedCodec(PASSPHRASE))
    return copy


# -- timing --------------------------------------------------------------------------


def intimacy_command() -> list[str]:
    """The installed console script when there is one (what people run)."""
    script = Path(sys.executable).with_name("intimacy")
    return [str(script)] if script.exists() else [sys.executable, "-m", "intimacy_cli"]


def run_seconds(case: Case, data_dir: Path) -> float:
    # As on a person's machine: Python caches compiled modules. (Some shells set
    # PYTHONDONTWRITEBYTECODE, which would recompile the app on every run.)
    inherited = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env = {
        **inherited,
        "INTIMACY_HOME": str(data_dir),
        "INTIMACY_CONFIG": str(data_dir / "no-config.toml"),
        "NO_COLOR": "1",
    }
    if case.encrypted:
        env["INTIMACY_PASSPHRASE"] = PASSPHRASE
    command = [sys.executable, *case.argv] if case.argv == TYPER_BASELINE else intimacy_command()
    if case.argv != TYPER_BASELINE:
        command += case.argv
    started = time.perf_counter()
    subprocess.run(command, env=env, input=case.stdin, check=True, capture_output=True)
    return time.perf_counter() - started


def median_seconds(case: Case, data_dir: Path, repeat: int) -> float:
    run_seconds(case, data_dir)  # warm-up, also makes the day's backup for "add"
    return statistics.median(run_seconds(case, data_dir) for _ in range(repeat))


def verdict(target: float | None, seconds: float) -> tuple[str, str]:
    if target is None:
        return "-", ""
    return f"{target:.3f}s", "PASS" if seconds < target else "FAIL"


def startup(scratch: Path, repeat: int) -> None:
    empty = scratch / "empty"
    baseline = median_seconds(Case("import typer", TYPER_BASELINE), empty, repeat)
    print(f"\nStart-up (empty data folder)\n{'case':<28} {'median':>8} {'target':>8}  result")
    label = 'python -c "import typer"'
    print(f"{label:<28} {baseline:>7.3f}s {'':>8}  (baseline)")
    for case in STARTUP_CASES:
        target = case.target if case.argv != ("--version",) else 2 * baseline
        seconds = median_seconds(case, empty, repeat)
        shown, result = verdict(target, seconds)
        print(f"{case.name:<28} {seconds:>7.3f}s {shown:>8}  {result}", flush=True)


ROUND_QUESTIONS = 10
ROUND_TARGET = 0.5  # CPU seconds per partner to seal and reveal


def together_round(scratch: Path) -> None:
    """A round of 10 questions between two encrypted profiles, in process: the
    CPU time each partner spends saving and sealing their answers, then
    releasing their key and revealing. The passphrase's key derivation (scrypt,
    deliberately slow, once per command) is timed apart."""
    from intimacy_cli.transfer.together.rounds import Profile

    shared = scratch / "together"
    people = []
    for name in ("alex", "sam"):
        folder = scratch / "profiles" / name
        Journal(folder).entries.add(kind="journal", answer="first note")
        Journal(folder).maintenance.encrypt(EncryptedCodec(PASSPHRASE))
        people.append(Profile(Journal(folder, codec=EncryptedCodec(PASSPHRASE)), shared))
    started = time.process_time()
    people[0].journal.maintenance.unlock()
    derivation = time.process_time() - started
    people[1].journal.maintenance.unlock()
    for person in people:
        person.ensure_keys(person.paths.data_dir.name)
    for me, partner in (people, people[::-1]):
        me.confirm(partner.paths.own_card.read_bytes())
    questions = [f"question-{n}" for n in range(ROUND_QUESTIONS)]
    round_id = people[0].open_round("bench", questions, people[0].journal.file.now()).id
    cpu = [0.0, 0.0]
    for turn, person in enumerate(people):
        answers = {q: sentence(random.Random(turn), 40) for q in questions}
        started = time.process_time()
        person.journal.entries.add_all(
            person.journal.entries.new(kind="reflection", answer=a, lesson="bench", question_id=q)
            for q, a in answers.items()
        )
        person.seal_answers(person.round(round_id), answers)
        cpu[turn] += time.process_time() - started
    for _ in range(2):  # the first to reveal releases and waits; then both can read
        for turn, person in enumerate(people):
            started = time.process_time()
            person.reveal(person.round(round_id))
            cpu[turn] += time.process_time() - started
    print(f"\nTogether: a round of {ROUND_QUESTIONS} questions, encrypted profiles (CPU time)")
    for name, seconds in zip(("alex", "sam"), cpu, strict=True):
        shown, result = verdict(ROUND_TARGET, seconds)
        print(f"  seal and reveal, {name:<5} {seconds:>7.3f}s {shown:>8}  {result}")
    print(f"  passphrase key derivation {derivation:>7.3f}s    (once per command, apart)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 20_000, 50_000])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per case (median)")
    args = parser.parse_args()

    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; median of {args.repeat}")
    with tempfile.TemporaryDirectory(prefix="intimacy-bench-") as scratch:
        startup(Path(scratch), args.repeat)
        together_round(Path(scratch) / "together-round")
        print(f"\nJournal size (targets at {TARGET_SIZE:,} entries)")
        print(f"{'entries':>8} {'file':>8}  {'case':<28} {'median':>8} {'target':>8}  result")
        for size in args.sizes:
            data_dir = Path(scratch) / str(size)
            megabytes = build_journal(data_dir, size) / 1e6
            encrypted = encrypted_copy(data_dir)
            for case in CASES:
                seconds = median_seconds(
                    case, encrypted if case.encrypted else data_dir, args.repeat
                )
                shown, result = verdict(case.target if size == TARGET_SIZE else None, seconds)
                print(
                    f"{size:>8} {megabytes:>6.1f}MB  {case.name:<28} "
                    f"{seconds:>7.3f}s {shown:>8}  {result}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
