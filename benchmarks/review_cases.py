"""Speed of looking back: ``review`` on a 20,000-entry journal.

``CASES`` is what a shared benchmark runner can import: (name, arguments, budget
in seconds). Run this file to build the journal (once, in benchmarks/.work/) and
time each case as a whole process, the way a person waits for it: the median of
five runs after one warm-up. Exits 1 if a case is over its budget.

    .venv/bin/python benchmarks/review_cases.py
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from intimacy_cli.content.catalogue import load_catalogue
from intimacy_cli.content.model import Lesson, Reflection
from intimacy_cli.store import Entry, Journal
from intimacy_cli.store.entry import Answer
from intimacy_cli.store.journal import timestamp

CASES: list[tuple[str, list[str], float]] = [
    ("review --last 20", ["review", "--last", "20"], 0.2),
    ("review --search", ["review", "--search", "oxytocin"], 0.4),
]

ENTRIES = 20_000
RUNS = 5
WORK = Path(__file__).parent / ".work" / "review-20k"
# Sentences people might write; one in about thirty mentions oxytocin.
SENTENCES = [
    "I noticed my shoulders drop when we talked about the weekend.",
    "It felt easier to name the feeling than I expected.",
    "We went for a long walk and did not look at our phones.",
    "I was tired and a bit short with everyone today.",
    "Hugging my sister before she left felt grounding.",
    "I want to ask for more time alone without it sounding like rejection.",
    "The part about wanting versus liking made sense of my scrolling.",
    "A friend texted out of the blue and it lifted the whole evening.",
    "I felt left out at dinner, then realised nobody meant it.",
    "Cooking together was calmer than talking about the plans.",
    "I am curious whether touch feels different when I am stressed.",
    "Oxytocin is not a love potion, which is oddly reassuring.",
    "Some days closeness feels like effort, and that is fine.",
    "I tried the breathing exercise before the difficult call.",
    "Listening without fixing is harder than it sounds.",
    "We laughed about something silly and I felt close again.",
    "I noticed how much I rely on small routines with my partner.",
    "Being alone this weekend felt restful rather than lonely.",
    "I said thank you out loud instead of just thinking it.",
    "The lesson made me rethink what I expect from friendships.",
    "I felt nervous before meeting new people, then it passed.",
    "Holding hands on the bus felt surprisingly tender.",
    "I want to remember how good the morning coffee chat was.",
    "Sometimes I need quiet before I can feel connected.",
    "I noticed I hold my breath when someone raises their voice.",
    "A long phone call with my grandmother felt like home.",
    "I felt proud that I asked for what I needed.",
    "I am learning that belonging can come from many places.",
    "We disagreed kindly, which felt new.",
    "Today was ordinary, and ordinary was good.",
]
TAGS = ["partner", "friends", "family", "work", "self", "homework", "body", "calm"]


def reflection_answer(rng: random.Random, question: Reflection) -> Answer:
    if question.kind == "scale":
        return rng.randint(question.min or 0, question.max or 10)
    if question.kind == "choice":
        return rng.choice(question.options)
    if question.kind in ("multi_choice", "emotions"):
        options = list(question.options) or ["calm", "curious", "tired"]
        return rng.sample(options, k=rng.randint(0, min(3, len(options))))
    return " ".join(rng.choices(SENTENCES, k=rng.randint(1, 6)))


def make_entry(rng: random.Random, lessons: list[Lesson], when: datetime, session: str) -> Entry:
    lesson = rng.choice(lessons)
    stamp = timestamp(when)
    base = {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "created_at": stamp,
        "updated_at": stamp,
        "session": session,
        "lesson": lesson.id,
    }
    roll = rng.random()
    if roll < 0.6 and lesson.reflections:
        question = rng.choice(lesson.reflections)
        return Entry.from_dict(
            {
                **base,
                "kind": "reflection",
                "prompt_id": question.id,
                "prompt": question.prompt,
                "answer": reflection_answer(rng, question),
            }
        )
    if roll < 0.85 and lesson.quiz:
        quiz = rng.choice(lesson.quiz)
        choice = rng.choice(quiz.choices)
        return Entry.from_dict(
            {
                **base,
                "kind": "quiz",
                "prompt_id": quiz.id,
                "prompt": quiz.question,
                "answer": choice,
                "correct": quiz.is_correct(choice),
            }
        )
    return Entry.from_dict(
        {
            **base,
            "kind": "journal",
            "lesson": None,
            "session": None,
            "answer": " ".join(rng.choices(SENTENCES, k=rng.randint(2, 10))),
            "tags": rng.sample(TAGS, k=rng.randint(0, 2)),
        }
    )


def build_journal(folder: Path) -> None:
    """20,000 entries over two years, from the built-in lessons' real questions."""
    rng = random.Random(20_000)
    lessons = list(load_catalogue().lessons)
    now = datetime.now(UTC)
    entries = []
    for _ in range(ENTRIES // 5):  # sessions of five answers, a few minutes apart
        start = now - timedelta(minutes=rng.randint(0, 2 * 365 * 24 * 60))
        session = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        entries += [
            make_entry(rng, lessons, start + timedelta(minutes=2 * n), session) for n in range(5)
        ]
    Journal(folder).add_entries(entries)


def timed(args: list[str], env: dict[str, str]) -> float:
    """Median wall time of whole runs of the app (one warm-up run first)."""
    command = [sys.executable, "-m", "intimacy_cli", *args]
    times = []
    for run in range(RUNS + 1):
        start = time.perf_counter()
        subprocess.run(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
        )
        if run:
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    if Journal(WORK).count() != ENTRIES:
        WORK.mkdir(parents=True, exist_ok=True)
        (WORK / "journal.json").unlink(missing_ok=True)
        build_journal(WORK)
    env = {**os.environ, "INTIMACY_HOME": str(WORK), "NO_COLOR": "1"}
    over = 0
    print(f"{ENTRIES} entries in {WORK}; median of {RUNS} runs")
    for name, args, budget in CASES:
        seconds = timed(args, env)
        verdict = "ok" if seconds <= budget else "OVER BUDGET"
        over += seconds > budget
        print(f"  {name:<22} {seconds:6.3f} s  (budget {budget:.1f} s)  {verdict}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
