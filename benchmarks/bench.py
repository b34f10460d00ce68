"""Every speed goal of intimacy-cli, measured as a person meets it (``make bench``).

Every case times whole fresh processes (interpreter start-up, imports, reading
the journal, the work), once unmeasured (warming the disk cache and making the
day's automatic backup), then ``--repeat`` times; the median is reported, with
the child's peak memory (``wait4``'s ``ru_maxrss``). Beside each journal case:

* **jrnl**: the same action in jrnl 4.6 on an equal journal (the same entries
  as its plain-text file), installed by this script into its own virtual
  environment, ``benchmarks/.jrnl-venv`` (``pip install jrnl==4.6``; skipped,
  and said so, when that cannot be done);
* **floor**: the least any Python command line can do: a minimal Typer app that
  appends one line with fsync, or one that tail-reads the last 20 lines of a
  file as big as the journal. Both are O(1) in the journal's size, so the ratio
  to the floor says whether a command stays flat as the journal grows, and
  means more than seconds on a busy machine.

Journals of 1k, 20k and 100k entries (~420 bytes each) are built straight in
the storage format, in seconds. Prints tables with the goals and exits 0
whatever the numbers: speed goals live here, never in the tests. To time
another command, add a :class:`Case` to ``CASES`` (another helper's command:
add it in your own block at the end of the list); cases marked ``encrypted``
run on an encrypted copy of the same journal (real scrypt cost), with
``INTIMACY_PASSPHRASE`` set.

    python benchmarks/bench.py                    # 1k, 20k, 100k (100k takes minutes)
    python benchmarks/bench.py --quick            # 1k and 20k, 3 runs: while developing
    python benchmarks/bench.py --sizes 1000 20000 --repeat 9 --no-jrnl
    python benchmarks/bench.py --sizes 100000 --only progress --only export
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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import orjson

from intimacy_cli.base.paths import DataPaths
from intimacy_cli.store import Journal
from intimacy_cli.store.crypto import EncryptedCodec
from intimacy_cli.store.entry import answer_text, timestamp
from intimacy_cli.store.files import make_private_dir, write_atomically
from intimacy_cli.store.layout import entries_period
from intimacy_cli.store.records import CHECKINS, ENTRIES, HOMEWORK, SESSIONS
from intimacy_cli.store.schema import SCHEMA_KEY, WHOLE_VERSION
from intimacy_cli.store.storage import JournalStorage

JRNL_VERSION = "4.6"
JRNL_VENV = Path(__file__).with_name(".jrnl-venv")
APPEND, TAIL = "append one line", "tail 20 lines"


@dataclass(frozen=True)
class Case:
    """One whole-process run of ``intimacy`` with ``argv`` (and ``stdin``), with
    ``INTIMACY_HOME`` set to the journal under test; ``jrnl`` is the same action
    in jrnl (its arguments), ``floor`` the O(1) floor it is held to."""

    name: str
    argv: tuple[str, ...]
    stdin: bytes = b""
    encrypted: bool = False
    jrnl: tuple[str, ...] | None = None
    floor: str | None = None
    goal: str = ""  # the goal, in words, printed beside the figures
    # Run in a pseudo-terminal and stop the clock when this text is on screen
    # (for commands that ask, such as recall's first card); no peak memory then.
    until: str | None = None
    # Called with the journal's folder before every run (the warm-up too), unmeasured:
    # to set the scene a run needs. "{home}" in ``argv`` is that folder.
    before: Callable[[Path], None] | None = None


# -- homework and the session report (issue 15) --------------------------------------
# One assignment, added before the newest LINKED entries, which are linked to it.
BENCH_HOMEWORK = "bench-week"
LINKED = 200
HOMEWORK_CASES = [
    Case("homework", ("homework",), goal="0.3 s"),
    Case(
        "report (200 entries, md)", ("report", "--homework", BENCH_HOMEWORK, "--all"), goal="0.3 s"
    ),
    Case(
        "report (200 entries, html)",
        ("report", "--homework", BENCH_HOMEWORK, "--all", "--format", "html"),
        goal="0.3 s",
    ),
]


def with_homework(entries: dict[str, Any]) -> dict[str, object]:
    """The homework table for a benchmark journal; links its newest entries to it."""
    linked = list(entries.values())[-LINKED:]
    for record in linked:
        record["homework"] = {"id": BENCH_HOMEWORK, "item": 1}
    added = datetime.fromisoformat(str(linked[0]["created_at"])) - timedelta(minutes=1)
    record = {
        "id": BENCH_HOMEWORK,
        "title": "A week of noticing",
        "from": "Dr. Bench",
        "note": None,
        "file": "bench-week.homework.yaml",
        "source": "id: bench-week\n",
        "added_at": timestamp(added),
        "items": [
            {"kind": "prompt", "prompt": "What helped?", "repeat": "daily", "times": 7},
            {"kind": "lesson", "lesson": "welcome", "due": added.date().isoformat()},
        ],
        "lessons": [],
    }
    return {HOMEWORK: {"1": record}}


def made_yesterday(home: Path) -> None:
    """Today's snapshot moved to yesterday: so the next save is the day's first,
    and its snapshot links what did not change since, as on a person's second day."""
    folder = home / "backups"
    today = sorted(folder.glob(datetime.now().strftime("journal-%Y%m%d-*")))
    for extra in today[:-1]:
        shutil.rmtree(extra)
    if today:
        yesterday = folder / (datetime.now() - timedelta(days=1)).strftime("journal-%Y%m%d-%H%M%S")
        shutil.rmtree(yesterday, ignore_errors=True)
        today[-1].rename(yesterday)


def restore_point(home: Path) -> None:
    """A snapshot of the journal as built, beside its folder, to restore."""
    point = home.with_name(f"{home.name}-restore-point")
    if not point.exists():
        Journal(home).maintenance.backup().rename(point)


def import_scene(home: Path) -> None:
    """The journal exported as JSON beside it (once), and an empty data
    folder to import it into (every run)."""
    exported = home.with_name(f"{home.name}-export.json")
    if not exported.exists():
        command = [sys.executable, "-m", "intimacy_cli", "--data-dir", str(home)]
        argv = [*command, "export", "--format", "json", "-o", str(exported)]
        subprocess.run(argv, check=True, capture_output=True)
    shutil.rmtree(home.with_name(f"{home.name}-imported"), ignore_errors=True)


# Entries in the current period of a month (eight days, the most one save
# rewrites; see store/layout.py): one every 20 minutes, as the journals below
# are written, for all eight days.
FULL_PERIOD = 8 * 24 * 3


def full_period(home: Path) -> None:
    """A copy of the journal whose current period holds FULL_PERIOD entries,
    as on its last day (the journals are built up to now, so how full their
    current period is depends on the day the benchmark runs)."""
    folder = home.with_name(f"{home.name}-full-period")
    if folder.exists():
        return
    shutil.copytree(home, folder, ignore=shutil.ignore_patterns("backups"))
    journal = Journal(folder)
    now = datetime.now(UTC)
    period = entries_period(timestamp(now))
    held = journal.file.storage().count(period)
    start = datetime.fromisoformat(f"{period[-10:]}T00:00:00+00:00")
    missing = max(FULL_PERIOD - held, 0)
    step = (now - start) / (missing + 1)
    rng = random.Random(FULL_PERIOD)
    added = [
        journal.entries.new(kind="journal", answer=sentence(rng, 60))._replace(
            created_at=timestamp(start + step * number),
            updated_at=timestamp(start + step * number),
        )
        for number in range(1, missing + 1)
    ]
    journal.entries.add_all(added)


NOTE = b"A quiet evening, phones away."
OLDEST_ID = "0ddba11e-0000-4000-8000-000000000001"
PASSPHRASE = "a benchmark passphrase"
CASES = [
    Case("journal (add one, piped)", ("journal",), NOTE, jrnl=(), floor=APPEND, goal="1.5x floor"),
    Case(
        "journal (add one, a full period)",
        ("--data-dir", "{home}-full-period", "journal"),
        NOTE,
        floor=APPEND,
        goal="1.5x floor",
        before=full_period,
    ),
    Case(
        "review --last 20",
        ("review", "--last", "20"),
        jrnl=("-n", "20"),
        floor=TAIL,
        goal="1.5x floor",
    ),
    Case(
        "review --search oxytocin",
        ("review", "--search", "oxytocin"),
        jrnl=("-contains", "oxytocin"),
        goal="1.5 s",
    ),
    Case(
        "export --format json",
        ("export", "--format", "json"),
        jrnl=("--export", "json"),
        goal="1.5 s",
    ),
    Case(
        "import (the journal's JSON export, into an empty folder)",
        ("--data-dir", "{home}-imported", "import", "{home}-export.json"),
        before=import_scene,
    ),
    Case("progress", ("progress",), goal="0.5 s"),
    Case("show (the oldest entry, by id)", ("show", OLDEST_ID[:8])),
    Case("home screen", (), goal="0.5 s"),
    Case("count (data path --json)", ("data", "path", "--json")),
    Case(
        "journal, encrypted", ("journal",), NOTE, encrypted=True, floor=APPEND, goal="floor + 1 key"
    ),
    Case(
        "review --last 20, encrypted",
        ("review", "--last", "20"),
        encrypted=True,
        floor=TAIL,
        goal="floor + 1 key",
    ),
    # Other commands' cases go below, each helper in its own block.
    # -- recall: every lesson done, with RECALL_REVIEWS reviews in the log --
    Case("recall (to the first card)", ("recall",), until="Recall - card 1 of", goal="0.25 s"),
    Case("recall stats", ("recall", "stats")),
    # -- check-ins and mood: about one check-in for 20 entries --
    Case(
        "checkin (scripted)",
        ("checkin", "--pleasant", "2", "--energy", "-1", "--word", "calm"),
        goal="0.3 s",
    ),
    Case("mood", ("mood",), goal="0.25 s"),
    Case("mood --json", ("mood", "--json"), goal="0.25 s"),
    # -- homework and the session report: 200 entries linked to one assignment --
    *HOMEWORK_CASES,
    # -- profiles and together: listings beside a large default journal --
    Case("profile list", ("profile", "list"), goal="0.3 s"),
    Case("together (not paired)", ("together",), goal="0.3 s"),
    # -- backups: the day's snapshot, listing them, restoring one (last: it rewrites the journal) --
    Case(
        "journal, the day's first save",
        ("journal",),
        NOTE,
        floor=APPEND,
        goal="0.3 s",
        before=made_yesterday,
    ),
    Case("data backups", ("data", "backups"), goal="0.3 s"),
    Case(
        "data restore (a snapshot)",
        ("data", "restore", "{home}-restore-point"),
        before=restore_point,
    ),
]


# Start-up, on an empty data folder.
TYPER_BASELINE = ("-c", "import typer")
RECALL_REVIEWS = 2_000  # review-log records in every benchmark journal
STARTUP_CASES = [
    Case("intimacy --version", ("--version",), goal="1.3x import typer"),
    Case("intimacy --help", ("--help",)),
    Case("intimacy lessons", ("lessons",)),
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


# Reflections answered on a scale (0 to 10): what progress draws as trends.
SCALE_SHARE = 0.1


def entry(rng: random.Random, moment: datetime, session: str, lesson: str) -> dict[str, object]:
    kind = rng.choices(["reflection", "quiz", "journal"], weights=[5, 3, 2])[0]
    answer: object
    if kind == "quiz":
        answer, correct = rng.randrange(4), rng.random() < 0.7
    elif kind == "journal":
        answer, correct = " ".join(sentence(rng, 14) for _ in range(5)), None
    elif rng.random() < SCALE_SHARE:
        answer, correct = rng.randrange(11), None
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


# One check-in for this many entries: 1,000 in the 20,000-entry journal.
CHECKIN_EVERY = 20
FEELINGS = {(1, 1): "hopeful", (1, -1): "calm", (-1, 1): "tense", (-1, -1): "tired"}


def checkin(rng: random.Random, moment: datetime) -> dict[str, object]:
    pleasant, energy = rng.choice([-3, -1, 1, 2, 3]), rng.choice([-2, -1, 1, 3])
    return {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "created_at": timestamp(moment),
        "day": moment.astimezone().date().isoformat(),
        "pleasant": pleasant,
        "energy": energy,
        "word": FEELINGS[(1 if pleasant > 0 else -1, 1 if energy > 0 else -1)],
        "tags": rng.sample(TAGS, rng.randrange(2)),
        "note": None,
        "lesson": None,
    }


def checkin_history(rng: random.Random, size: int) -> dict[str, object]:
    """One check-in every CHECKIN_EVERY entries' time, over the journal's span."""
    start = datetime.now(UTC) - timedelta(minutes=20 * size)
    return {
        CHECKINS: {
            str(number): checkin(rng, start + timedelta(minutes=20 * number * CHECKIN_EVERY))
            for number in range(1, size // CHECKIN_EVERY + 1)
        }
    }


def build_journal(data_dir: Path, size: int) -> list[dict[str, object]]:
    """Write a journal of ``size`` entries spread over the past years (one
    every 20 minutes) in the current layout; returns its entries."""
    rng = random.Random(size)
    start = datetime.now(UTC) - timedelta(minutes=20 * size)
    entries: dict[str, dict[str, object]] = {}
    session, lesson = "", ""
    for number in range(1, size + 1):
        if number % 8 == 1:  # a lesson run gives about eight answers
            session, lesson = str(uuid.UUID(int=rng.getrandbits(128))), rng.choice(LESSONS)
        moment = start + timedelta(minutes=20 * number)
        entries[str(number)] = entry(rng, moment, session, lesson)
    entries["1"]["id"] = OLDEST_ID  # so that a case can name it
    tables: dict[str, object] = {ENTRIES: entries, SESSIONS: {}, **with_homework(entries)}
    for add_tables in EXTRA_TABLES:
        tables.update(add_tables(random.Random(size), size))
    document = orjson.dumps({SCHEMA_KEY: WHOLE_VERSION, **tables})
    make_private_dir(data_dir)
    write_atomically(DataPaths(data_dir).journal, document)
    storage = JournalStorage(DataPaths(data_dir))  # no backup: nothing to lose here
    # Every table into its own files, each month summarized: the
    # migration, so the journal is as the app would have written it.
    storage.write(storage.tables())
    return list(entries.values())


def recall_history(rng: random.Random, size: int) -> dict[str, object]:
    """Every built-in lesson done a year ago, and RECALL_REVIEWS reviews of its
    cards since (matching their wording), each noting when its card comes back
    as the app logs them (a log from before those notes is replayed instead)."""
    from intimacy_cli.content.catalogue import load_catalogue
    from intimacy_cli.content.deck import deck_of
    from intimacy_cli.reports.recall import scheduling
    from intimacy_cli.store.recall import Review
    from intimacy_cli.store.records import RECALL_REVIEWS as REVIEWS_TABLE

    lessons = load_catalogue([]).lessons
    cards = list(deck_of(lessons).values())
    start = datetime.now(UTC) - timedelta(days=365)
    sessions = {
        str(number): {
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "lesson": lesson.id,
            "started_at": timestamp(start),
            "updated_at": timestamp(start),
            "step": "done",
            "completed_at": timestamp(start),
        }
        for number, lesson in enumerate(lessons, 1)
    }
    step = timedelta(days=365) / RECALL_REVIEWS
    noting = scheduling([], 0.85)
    reviews = {}
    for number in range(1, RECALL_REVIEWS + 1):
        card = cards[number % len(cards)]
        rating = rng.choices([1, 2, 3, 4], weights=[2, 1, 6, 1])[0]
        review = Review(card.id, card.content_hash, rating, timestamp(start + step * number))
        due, scheduler = noting(review)
        reviews[str(number)] = {
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "card": card.id,
            "content_hash": card.content_hash,
            "rating": rating,
            "reviewed_at": review.reviewed_at,
            "due": timestamp(due),
            "scheduler": scheduler,
        }
    return {SESSIONS: sessions, REVIEWS_TABLE: reviews}


# What each feature adds to every benchmark journal besides the entries: a
# function of a seeded random source and the journal's size, returning tables
# by name.
EXTRA_TABLES: list[Callable[[random.Random, int], dict[str, object]]] = [
    recall_history,
    checkin_history,
]


def jrnl_text(entries: list[dict[str, object]]) -> bytes:
    """The same entries as a jrnl journal file (``[time] text``, a blank line between)."""
    lines = []
    for record in entries:
        moment = datetime.fromisoformat(str(record["created_at"])).astimezone()
        text = answer_text(record["answer"])  # type: ignore[arg-type]
        if record["prompt"]:
            text = f"{record['prompt']} {text}"
        tags = " ".join(f"@{tag}" for tag in record["tags"])  # type: ignore[attr-defined]
        lines.append(f"[{moment:%Y-%m-%d %H:%M}] {text} {tags}".rstrip() + "\n\n")
    return "".join(lines).encode()


JRNL_CONFIG = """colors: {{body: none, date: none, tags: none, title: none}}
default_hour: 9
default_minute: 0
editor: ''
encrypt: false
highlight: false
indent_character: '|'
journals:
  default:
    journal: {journal}
linewrap: 79
tagsymbols: '@'
template: false
timeformat: '%Y-%m-%d %H:%M'
version: v{version}
"""


def build_jrnl(folder: Path, entries: list[dict[str, object]]) -> Path:
    """An equal jrnl journal and its config; returns the config file."""
    folder.mkdir(parents=True)
    journal = folder / "journal.txt"
    journal.write_bytes(jrnl_text(entries))
    config = folder / "jrnl.yaml"
    config.write_text(JRNL_CONFIG.format(journal=journal, version=JRNL_VERSION))
    return config


def jrnl_executable() -> Path | None:
    """jrnl 4.6 in its own venv, installed on first use; ``None`` if it cannot be."""
    jrnl = JRNL_VENV / "bin" / "jrnl"
    if not jrnl.exists():
        print(f"Installing jrnl {JRNL_VERSION} into {JRNL_VENV} ...", flush=True)
        try:
            subprocess.run([sys.executable, "-m", "venv", str(JRNL_VENV)], check=True)
            pip = [str(JRNL_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet"]
            subprocess.run([*pip, f"jrnl=={JRNL_VERSION}"], check=True)
        except (OSError, subprocess.CalledProcessError) as error:
            print(f"jrnl could not be installed ({error}); its column stays empty")
            return None
    return jrnl


# -- the O(1) floors ----------------------------------------------------------------

FLOORS = {
    APPEND: """
import os, sys, typer
app = typer.Typer()
@app.command()
def main(path: str) -> None:
    text = sys.stdin.buffer.read()
    handle = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    os.write(handle, text.rstrip() + b"\\n")
    os.fsync(handle)
    os.close(handle)
app()
""",
    TAIL: """
import os, typer
app = typer.Typer()
@app.command()
def main(path: str) -> None:
    with open(path, "rb") as file:
        file.seek(max(0, os.path.getsize(path) - 65536))
        lines = file.read().splitlines()[-20:]
    print(b"\\n".join(lines).decode())
app()
""",
}


def floor_scripts(scratch: Path) -> dict[str, Path]:
    made: dict[str, Path] = {}
    for name, source in FLOORS.items():
        made[name] = scratch / f"floor-{len(made)}.py"
        made[name].write_text(source)
    return made


# -- timing --------------------------------------------------------------------------


def intimacy_command() -> list[str]:
    """The installed console script when there is one (what people run)."""
    script = Path(sys.executable).with_name("intimacy")
    return [str(script)] if script.exists() else [sys.executable, "-m", "intimacy_cli"]


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_mb: float


TIME = Path("/usr/bin/time")


def run_once(command: list[str], env: dict[str, str], stdin: bytes) -> Measured:
    """One whole process: wall time and its peak resident memory, as
    ``/usr/bin/time`` reports it (a child forked from this big process would
    report this one's memory as its own; ``time`` is small)."""
    with tempfile.NamedTemporaryFile(prefix="peak-") as peak:
        wrapped = [str(TIME), "-f", "%M", "-o", peak.name, *command] if TIME.exists() else command
        started = time.perf_counter()
        done = subprocess.run(
            wrapped,
            env=env,
            input=stdin,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
        )
        seconds = time.perf_counter() - started
        if done.returncode:
            raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode(errors='replace')}")
        kib = Path(peak.name).read_text().strip().splitlines()[-1] if TIME.exists() else "0"
    return Measured(seconds, int(kib) / 1024)


def seconds_to_screen(command: list[str], env: dict[str, str], text: str) -> Measured:
    """Seconds until ``text`` is shown in a pseudo-terminal; then the run is ended."""
    import pexpect

    env = {**env, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
    welcome = DataPaths(Path(env["INTIMACY_HOME"])).welcome_marker
    welcome.parent.mkdir(parents=True, exist_ok=True)
    welcome.touch()  # the first-run welcome would wait for Enter
    started = time.perf_counter()
    child = pexpect.spawn(command[0], command[1:], env=env, encoding="utf-8", timeout=60)
    try:
        child.expect_exact(text)
        return Measured(time.perf_counter() - started, 0)
    finally:
        child.terminate(force=True)


def median(
    command: list[str],
    env: dict[str, str],
    stdin: bytes,
    repeat: int,
    *,
    until: str | None = None,
    before: Callable[[], None] | None = None,
) -> Measured:
    def once() -> Measured:
        if before is not None:
            before()
        if until is not None:
            return seconds_to_screen(command, env, until)
        return run_once(command, env, stdin)

    once()  # warm-up, also makes the day's backup for "add"
    runs = [once() for _ in range(repeat)]
    return Measured(
        statistics.median(run.seconds for run in runs), max(run.peak_mb for run in runs)
    )


def environment(data_dir: Path, *, encrypted: bool = False) -> dict[str, str]:
    # As on a person's machine: Python caches compiled modules. (Some shells set
    # PYTHONDONTWRITEBYTECODE, which would recompile the app on every run.)
    inherited = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env = {
        **inherited,
        "INTIMACY_HOME": str(data_dir),
        "INTIMACY_CONFIG": str(data_dir / "no-config.toml"),
        "NO_COLOR": "1",
    }
    if encrypted:
        env["INTIMACY_PASSPHRASE"] = PASSPHRASE
    return env


def encrypted_copy(data_dir: Path) -> Path:
    """The journal in ``data_dir``, copied next to it and encrypted."""
    copy = data_dir.with_name(f"{data_dir.name}-encrypted")
    shutil.copytree(data_dir, copy)
    Journal(copy).maintenance.encrypt(EncryptedCodec(PASSPHRASE))
    return copy


def chosen(cases: list[Case], only: list[str]) -> list[Case]:
    """The cases whose names contain any of ``only`` (all of them when it is empty)."""
    return [case for case in cases if not only or any(word in case.name for word in only)]


def startup(scratch: Path, repeat: int, cases: list[Case]) -> None:
    if not cases:
        return
    env = environment(scratch / "empty")
    baseline = median([sys.executable, *TYPER_BASELINE], env, b"", repeat)
    print(f"\nStart-up (empty data folder)\n{'case':<28} {'median':>8} {'ratio':>7}  goal")
    label = 'python -c "import typer"'
    print(f"{label:<28} {baseline.seconds:>7.3f}s {'1.00':>7}  (baseline)")
    for case in cases:
        seconds = median([*intimacy_command(), *case.argv], env, b"", repeat).seconds
        ratio = seconds / baseline.seconds
        print(f"{case.name:<28} {seconds:>7.3f}s {ratio:>6.2f}x  {case.goal}", flush=True)


def journal_cases(
    scratch: Path, sizes: list[int], repeat: int, jrnl: Path | None, cases: list[Case]
) -> None:
    if not cases:
        return
    floors = floor_scripts(scratch)
    print(
        f"\n{'entries':>8}  {'case':<30} {'intimacy':>9} {'peak':>6} {'jrnl':>8} "
        f"{'jrnl/us':>7} {'floor':>7} {'us/floor':>8}  goal"
    )
    for size in sizes:
        data_dir = scratch / str(size)
        entries = build_journal(data_dir, size)
        encrypted = encrypted_copy(data_dir)
        config = build_jrnl(scratch / f"jrnl-{size}", entries)
        floor_file = scratch / f"jrnl-{size}" / "journal.txt"
        for case in cases:
            home = encrypted if case.encrypted else data_dir
            env = environment(home, encrypted=case.encrypted)
            argv = [part.replace("{home}", str(home)) for part in case.argv]
            ours = median(
                [*intimacy_command(), *argv],
                env,
                case.stdin,
                repeat,
                until=case.until,
                before=None if case.before is None else partial(case.before, home),
            )
            theirs = (
                median(
                    [str(jrnl), "--config-file", str(config), *case.jrnl], env, case.stdin, repeat
                )
                if jrnl is not None and case.jrnl is not None
                else None
            )
            floor = (
                median(
                    [sys.executable, str(floors[case.floor]), str(floor_file)],
                    env,
                    case.stdin,
                    repeat,
                )
                if case.floor
                else None
            )
            print(
                f"{size:>8}  {case.name:<30} {ours.seconds:>8.3f}s {ours.peak_mb:>4.0f}MB "
                + (
                    f"{theirs.seconds:>7.3f}s {theirs.seconds / ours.seconds:>6.1f}x "
                    if theirs
                    else f"{'-':>8} {'-':>7} "
                )
                + (
                    f"{floor.seconds:>6.3f}s {ours.seconds / floor.seconds:>7.2f}x"
                    if floor
                    else f"{'-':>7} {'-':>8}"
                )
                + f"  {case.goal}",
                flush=True,
            )


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
        result = "PASS" if seconds < ROUND_TARGET else "FAIL"
        print(f"  seal and reveal, {name:<5} {seconds:>7.3f}s {ROUND_TARGET:>7.3f}s  {result}")
    print(f"  passphrase key derivation {derivation:>7.3f}s    (once per command, apart)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 20_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per case (median)")
    parser.add_argument("--quick", action="store_true", help="1k and 20k entries, 3 runs")
    parser.add_argument("--no-jrnl", action="store_true", help="do not install or time jrnl")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="TEXT",
        help="only the cases whose names contain TEXT (repeatable; 'together' for the round)",
    )
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.repeat = [1000, 20_000], 3

    load = os.getloadavg()
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, load {load[0]:.2f} "
        f"{load[1]:.2f} {load[2]:.2f}; median of {args.repeat}"
    )
    jrnl = None if args.no_jrnl else jrnl_executable()
    with tempfile.TemporaryDirectory(prefix="intimacy-bench-") as scratch:
        startup(Path(scratch), args.repeat, chosen(STARTUP_CASES, args.only))
        if not args.only or any(word in "together round" for word in args.only):
            together_round(Path(scratch) / "together-round")
        journal_cases(Path(scratch), args.sizes, args.repeat, jrnl, chosen(CASES, args.only))


if __name__ == "__main__":
    main()
