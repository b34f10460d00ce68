"""The public JSON shapes, frozen: every ``--json`` output and the JSON export is
compared, byte for byte, with its golden file in ``tests/golden/``.

The journal is made the way the app makes one (a lesson session with a quiz
answer and reflections, a free note edited later, a scale answered again) on
the hand-moved clock of ``helpers.store``, with ids counted up instead of random.
Lessons and help texts come from ``tests/fixtures/prompts`` and the sample
pack, not from the real ``prompts/``, so editing a lesson does not touch these
files. Paths that differ from run to run are written ``<tmp>`` (the test's
temporary folder) and ``<fixtures>`` (``tests/fixtures``).

A difference here is a change to a public format (``docs/json.md``). If it is
meant, rewrite the golden files and read the diff before committing:

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_shapes.py

A key renamed or removed needs a version bump and a CHANGELOG line; a new key
needs its line in ``docs/json.md`` (checked below).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from helpers.app import FIXTURES, Outcome
from helpers.store import Clock

from intimacy_cli import __version__
from intimacy_cli.base import paths
from intimacy_cli.commands.state import AppState
from intimacy_cli.content.deck import RecallCard, deck_of
from intimacy_cli.content.homework import Assignment, Item, Repeat
from intimacy_cli.store import Journal
from intimacy_cli.transfer import shapes

Cli = Callable[..., Outcome]
GOLDEN = Path(__file__).parent / "golden"
DOCS = Path(__file__).parent.parent / "docs" / "json.md"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
PACK = ("--content-dir", str(FIXTURES / "lessons"))

# Each golden file and the command that prints it.
COMMANDS = {
    "review.json": ("review", "--json"),
    "show.json": ("show", "00000000-0000-4000-8000-000000000006", "--json"),
    "export.json": ("export", "--format", "json"),
    "progress.json": ("progress", "--json"),
    "lessons.json": ("lessons", "--json"),
    "read.json": ("read", "sample", "--json"),
    "read-minimal.json": ("read", "golden", "--json"),
    "data-path.json": ("data", "path", "--json"),
    "data-backups.json": ("data", "backups", "--json"),
    "support.json": ("support", "--json"),
    "recall-stats.json": ("recall", "stats", "--json"),
    # Homework and reports (issue 15).
    "homework.json": ("homework", "--json"),
    "homework-show.json": ("homework", "show", "week-1", "--json"),
    "report-history.json": ("report", "--history", "--json"),
}
# Golden JSON files written by their own commands' tests (from journals of their own).
OWN_TESTS = ("mood.json", "remind-list.json")  # test_mood.py, test_remind.py

# Frozen by tests/test_together.py (they need two paired profiles).
TOGETHER_GOLDEN = ("together.json", "together-reveal.json", "profiles.json")


@pytest.fixture
def counted_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    """New ids are 00000000-0000-4000-8000-000000000001, ...2, and so on."""
    numbers = itertools.count(1)
    monkeypatch.setattr(uuid, "uuid4", lambda: uuid.UUID(int=next(numbers), version=4))


@pytest.fixture
def fixed_prompts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "builtin_prompts_dir", lambda: FIXTURES / "prompts")


@pytest.fixture
def golden_journal(journal: Journal, clock: Clock, counted_ids: None) -> Journal:
    """Three days of use, from 1 March 2026 (UTC, as the clock fixture pins it)."""
    session = journal.sessions.start("sample")  # id ...001
    clock.advance(minutes=1)
    journal.entries.add(  # ...002
        kind="quiz",
        lesson="sample",
        question_id="reward",
        question="Dopamine is mostly about?",
        answer="Wanting",
        correct=True,
        session=session.id,
    )
    for question_id, question, answer, tags in (
        ("one-line", "One word for today?", "Calm", ["morning"]),  # ...003
        ("closeness", "How close do you feel?", 4, []),  # ...004
        ("pick-many", "Pick any.", ["Walks", "Meals"], []),  # ...005
    ):
        clock.advance(minutes=1)
        journal.entries.add(
            kind="reflection",
            lesson="sample",
            question_id=question_id,
            question=question,
            answer=answer,
            tags=tags,
            session=session.id,
        )
    clock.advance(minutes=1)
    journal.sessions.save(session.id, step="done", completed=True)
    clock.advance(days=1, hours=11)  # 2 March, 20:05
    note = journal.entries.add(kind="journal", answer="A free note.\nA second line.", tags=["home"])
    clock.advance(hours=13)  # 3 March, 09:05
    journal.entries.add(
        kind="reflection",
        lesson="sample",
        question_id="closeness",
        question="How close do you feel?",
        answer=7,
    )
    clock.advance(minutes=30)
    journal.entries.update(
        note.id, answer="A free note, edited.\nA second line.", tags=["home", "ével"]
    )
    clock.advance(days=1)  # 4 March: nothing written yet today
    _golden_homework(journal, clock)
    # A card remembered this morning; its record takes the last id drawn, so no entry id moves.
    journal.recall.log_review("sample/point.1", _sample_card("sample/point.1").content_hash, 3)
    return journal


def _sample_card(card_id: str) -> RecallCard:
    from intimacy_cli.content.catalogue import load_catalogue

    return deck_of(load_catalogue([FIXTURES / "lessons"]).lessons)[card_id]


def _golden_homework(journal: Journal, clock: Clock) -> None:
    """An assignment added on 2 March (so the 3 March answer counts for it), and a receipt."""
    items = (
        Item(1, "lesson", "sample", due=date(2026, 3, 5)),
        Item(2, "reflections", "sample", ("closeness",), repeat=Repeat(1, times=3)),
        Item(3, "prompt", prompt="What helped this week?", due=date(2026, 3, 3)),
    )
    assignment = Assignment("week-1", "Week one", items, "Dr. Rivera", "Go gently.")
    now = clock.now
    clock.now = now.replace(day=2, hour=8)
    journal.assignments.add(assignment, "id: week-1\n", file="week-1.homework.yaml")
    clock.now = now
    journal.receipts.add(
        format_name="html",
        sha256="0" * 64,
        entries=["00000000-0000-4000-8000-000000000003"],
        homework="week-1",
        status_only=False,
        file="/home/me/session.html",
    )


def normalised(text: str, tmp_path: Path) -> str:
    """The output with the run's own folders replaced by placeholders."""
    for folder, name in (
        (tmp_path.resolve(), "<tmp>"),
        (tmp_path, "<tmp>"),
        (FIXTURES.resolve(), "<fixtures>"),
        (FIXTURES, "<fixtures>"),
    ):
        text = text.replace(json.dumps(str(folder))[1:-1], name)
    return text


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no {path}; make it with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} changed: a public format (docs/json.md). If meant, rerun with UPDATE_GOLDEN=1"
    )


@pytest.mark.usefixtures("golden_journal", "fixed_prompts")
@pytest.mark.parametrize("name", list(COMMANDS))
def test_json_output_matches_its_golden_file(
    name: str, cli: Cli, clock: Clock, tmp_path: Path
) -> None:
    result = cli(*PACK, *COMMANDS[name], state=AppState(clock=clock))
    assert result.exit_code == 0, result.stderr
    check_golden(name, normalised(result.stdout, tmp_path))


@pytest.mark.usefixtures("fixed_prompts")
def test_the_golden_export_imports_back_into_the_same_entries(
    cli: Cli, tmp_path: Path, clock: Clock
) -> None:
    result = cli("import", str(GOLDEN / "export.json"))
    assert result.exit_code == 0, result.stderr
    review = cli("review", "--json", state=AppState(clock=clock)).stdout
    assert review == (GOLDEN / "review.json").read_text(encoding="utf-8")


def test_import_reads_a_review_array_and_fills_in_what_may_be_left_out(cli: Cli) -> None:
    minimal = [
        {
            "id": "00000000-0000-4000-8000-0000000000AA",
            "kind": "journal",
            "answer": "Only the required keys.",
            "created_at": "2026-03-01T10:00:00+01:00",
        }
    ]
    assert cli("import", "-", input=json.dumps(minimal)).exit_code == 0
    entry = json.loads(cli("show", "00000000", "--json").stdout)
    assert entry == {
        "id": "00000000-0000-4000-8000-0000000000aa",
        "kind": "journal",
        "answer": "Only the required keys.",
        "created_at": "2026-03-01T09:00:00.000000+00:00",
        "updated_at": "2026-03-01T09:00:00.000000+00:00",
        "lesson": None,
        "prompt_id": None,
        "prompt": None,
        "tags": [],
        "session": None,
        "correct": None,
        "follows": None,
        "homework": None,
        "private": False,
    }


def test_an_entry_has_the_keys_import_reads_in_the_order_written(
    golden_journal: Journal,
) -> None:
    for entry in golden_journal.entries.query():
        assert tuple(shapes.entry_dict(entry)) == shapes.ENTRY_KEYS
        assert shapes.entry_from_dict(shapes.entry_dict(entry)) == entry


def keys_in(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from keys_in(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from keys_in(inner)


def test_docs_describe_every_key_of_every_shape() -> None:
    documented = set(re.findall(r"^\| `([a-z_0-9]+)`", DOCS.read_text(encoding="utf-8"), re.M))
    keys = set()
    for name in [*COMMANDS, *OWN_TESTS, *TOGETHER_GOLDEN]:
        keys |= set(keys_in(json.loads((GOLDEN / name).read_text(encoding="utf-8"))))
    assert sorted(keys - documented) == [], "keys printed but not in docs/json.md"
    assert sorted(documented - keys) == [], "keys in docs/json.md that no golden file shows"


def test_the_changelog_starts_with_this_version() -> None:
    changelog = (Path(__file__).parent.parent / "CHANGELOG.md").read_text(encoding="utf-8")
    # "## Unreleased" collects what is merged before the next version is chosen.
    newest = re.search(r"^## (?!Unreleased$)(\S+)", changelog, re.M)
    assert newest is not None
    assert newest[1] == __version__
