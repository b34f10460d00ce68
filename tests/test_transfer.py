"""``export`` (Markdown, JSON, CSV; to stdout or a private file) and ``import``
(validated first, idempotent)."""

from __future__ import annotations

import csv
import io
import json
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers.app import FIXTURE_LESSONS
from helpers.entries import STORE_FIELDS, clock_at, entry, seed

from intimacy_cli.store import Entry, Journal
from intimacy_cli.transfer import shapes

Cli = Callable[..., Any]
pytestmark = pytest.mark.usefixtures("local_timezone")


@pytest.fixture
def entries(data_dir: Path, local_timezone: str) -> list[Entry]:
    return seed(
        data_dir,
        entry("2026-11-20 10:00", "Calm", tags=["morning", "home"], session="r1"),
        entry("2026-11-20 10:02", 7, question_id="closeness", question="How close?", session="r1"),
        entry(
            "2026-11-22 21:00",
            ["Walks", "Meals"],
            question_id="pick-many",
            question="Pick any.",
            session="r2",
        ),
        entry(
            "2026-11-21 08:00",
            "First line\n\nThird line",
            kind="journal",
            lesson=None,
            question=None,
            question_id=None,
        ),
        entry(
            "2026-10-05 12:00",
            "Curiosity",
            lesson="welcome",
            question_id="why-here",
            question="What brings you?",
        ),
        entry("2026-11-20 10:05", "Wanting", kind="quiz", question="Dopamine is?", correct=True),
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- Markdown --------------------------------------------------------------------


def test_markdown_groups_by_lesson_then_day_with_questions_and_quoted_answers(
    cli: Cli, entries: list[Entry]
) -> None:
    result = cli(
        "--content-dir", str(FIXTURE_LESSONS), "export", "--format", "md", state=clock_at()
    )
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert text.startswith("# My reflections\n")
    assert "on 2026-11-24 15:00 (local time): 6 entries." in text
    # Lessons in the order first worked on; journal notes last.
    welcome = text.index(" (welcome)\n")  # a built-in lesson, shown by its title
    sample = text.index("## A sample lesson (sample)")
    notes = text.index("## Journal notes")
    assert welcome < sample < notes
    sample_part = text[sample:notes]
    assert sample_part.index("### 2026-11-20") < sample_part.index("### 2026-11-22")
    assert "#### One word for today?\n\n> Calm\n\n*tags: morning, home*" in sample_part
    assert "#### How close?\n\n> 7 on 0-10, 0 = Not at all, 10 = Very\n" in sample_part
    assert "#### Pick any.\n\n> Walks; Meals\n" in sample_part
    assert "#### Dopamine is?\n\n> Wanting\n\n*quiz: right*" in sample_part
    assert "### 2026-11-21 08:00\n\n> First line\n>\n> Third line\n" in text[notes:]


def test_markdown_is_the_default_and_works_without_lesson_files(
    cli: Cli, entries: list[Entry]
) -> None:
    result = cli("--content-dir", "/no/such/pack", "export")
    assert result.exit_code == 0, result.stderr
    assert "## sample\n" in result.stdout


# -- JSON ------------------------------------------------------------------------


def test_json_export_has_a_marker_and_every_field_newest_first(
    cli: Cli, entries: list[Entry]
) -> None:
    document = json.loads(cli("export", "--format", "json", state=clock_at()).stdout)
    assert document["format"] == "intimacy-cli journal"
    assert document["version"] == shapes.EXPORT_VERSION == 2
    assert document["exported_at"] == "2026-11-24T20:00:00.000000+00:00"
    newest_first = sorted(entries, key=lambda e: e.created, reverse=True)
    assert document["entries"] == shapes.entries_list(newest_first)


def test_json_round_trips_through_import(
    cli: Cli, data_dir: Path, entries: list[Entry], tmp_path: Path
) -> None:
    backup = tmp_path / "backup.json"
    assert cli("export", "-f", "json", "-o", str(backup)).exit_code == 0
    elsewhere = tmp_path / "elsewhere"
    result = cli("--data-dir", str(elsewhere), "import", str(backup))
    assert result.exit_code == 0, result.stderr
    assert "Added 6, skipped 0" in result.stderr
    assert Journal(elsewhere).entries.query() == Journal(data_dir).entries.query()


# -- CSV -------------------------------------------------------------------------


def test_csv_has_one_row_per_entry_with_lists_joined(cli: Cli, entries: list[Entry]) -> None:
    result = cli("export", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(entries)
    by_id = {row["id"]: row for row in rows}
    calm, scale, choices = (by_id[e.id] for e in entries[:3])
    assert calm["answer"] == "Calm"
    assert calm["tags"] == "morning; home"
    assert calm["local_time"] == "2026-11-20 10:00"
    assert calm["created_at"] == entries[0].created_at
    assert scale["answer"] == "7"
    assert choices["answer"] == "Walks; Meals"
    assert by_id[entries[5].id]["correct"] == "True"
    assert list(rows[0]) == [
        "local_time",
        *STORE_FIELDS,
        "correct",
        "lesson_title",
        "answer_in_context",
        "right_answer",
        "follows",
        "homework",
        "private",
    ]


def test_csv_and_markdown_carry_an_entrys_links(cli: Cli, data_dir: Path) -> None:
    first = entry("2026-11-02 10:00", "Close, mostly")
    later = entry(
        "2026-11-20 10:00",
        "It has changed",
        follows=first.id,
        homework=("week-1", 2),
        private=True,
    )
    seed(data_dir, first, later)
    rows = {
        row["id"]: row for row in csv.DictReader(io.StringIO(cli("export", "-f", "csv").stdout))
    }
    assert (rows[later.id]["follows"], rows[later.id]["homework"], rows[later.id]["private"]) == (
        first.id,
        "week-1:2",
        "yes",
    )
    assert (rows[first.id]["follows"], rows[first.id]["homework"], rows[first.id]["private"]) == (
        "",
        "",
        "",
    )
    markdown = cli("export").stdout
    assert f"*a new answer to entry {first.id[:8]}*" in markdown


def test_csv_keeps_formulas_as_text(cli: Cli, data_dir: Path) -> None:
    seed(data_dir, entry("2026-11-20 10:00", '=HYPERLINK("http://x")', tags=["@home"]))
    [row] = csv.DictReader(io.StringIO(cli("export", "-f", "csv").stdout))
    assert row["answer"] == '\'=HYPERLINK("http://x")'
    assert row["tags"] == "'@home"


# -- filters and files -----------------------------------------------------------


def test_export_takes_the_review_filters(cli: Cli, entries: list[Entry]) -> None:
    def exported(*options: str) -> list[str]:
        result = cli("export", "-f", "json", *options, state=clock_at())
        return [item["id"] for item in json.loads(result.stdout)["entries"]]

    assert exported("--kind", "journal") == [entries[3].id]
    assert exported("--lesson", "welcome") == [entries[4].id]
    assert exported("--since", "2026-11-21", "--until", "2026-11-21") == [entries[3].id]
    assert exported("--tag", "home", "--search", "calm") == [entries[0].id]
    assert exported("--last", "1") == [entries[2].id]
    assert exported("--since", "3d") == [entries[2].id, entries[3].id]
    assert cli("export", "--since", "nonsense").exit_code == 2


def test_output_file_is_private_and_written_whole(
    cli: Cli, entries: list[Entry], tmp_path: Path
) -> None:
    target = tmp_path / "out" / "homework.md"
    target.parent.mkdir()
    result = cli("export", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "Exported 6 entries" in result.stderr
    assert mode(target) == 0o600
    assert target.read_text().startswith("# My reflections")
    assert [p.name for p in target.parent.iterdir()] == ["homework.md"]  # no temporary left


def test_format_follows_the_output_suffix(cli: Cli, entries: list[Entry], tmp_path: Path) -> None:
    cli("export", "-o", str(tmp_path / "a.csv"))
    cli("export", "-o", str(tmp_path / "a.json"))
    cli("export", "-o", str(tmp_path / "a.txt"))
    assert (tmp_path / "a.csv").read_text().startswith("local_time,id,")
    assert json.loads((tmp_path / "a.json").read_text())["version"] == 2
    assert (tmp_path / "a.txt").read_text().startswith("# My reflections")


def test_existing_file_is_kept_without_force(
    cli: Cli, entries: list[Entry], tmp_path: Path
) -> None:
    target = tmp_path / "notes.md"
    target.write_text("precious")
    target.chmod(0o644)
    refused = cli("export", "-o", str(target))
    assert refused.exit_code == 1
    assert "already exists" in refused.stderr
    assert "--force" in refused.stderr
    assert target.read_text() == "precious"
    forced = cli("export", "-o", str(target), "--force")
    assert forced.exit_code == 0
    assert target.read_text().startswith("# My reflections")
    assert mode(target) == 0o600


@pytest.mark.parametrize(
    ("options", "code", "message"),
    [
        (["--format", "pdf"], 2, "--format: 'pdf' is not a format; use md, json or csv"),
        (["-o", "{tmp}/missing/out.md"], 1, "does not exist"),
        (["-o", "{tmp}"], 1, "is a folder"),
    ],
)
def test_export_refusals(
    cli: Cli, entries: list[Entry], tmp_path: Path, *, options: list[str], code: int, message: str
) -> None:
    result = cli("export", *(o.format(tmp=tmp_path) for o in options))
    assert result.exit_code == code
    assert message in result.stderr


# -- import ----------------------------------------------------------------------


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def valid(number: int = 1, **changes: Any) -> dict[str, Any]:
    record = {
        "id": f"00000000-0000-4000-8000-{number:012d}",
        "kind": "reflection",
        "answer": "An answer",
        "created_at": "2026-11-20T10:00:00+00:00",
        "updated_at": "2026-11-20T10:00:00+00:00",
        "lesson": "sample",
        "prompt_id": "one-line",
        "prompt": "One word?",
        "tags": ["t"],
        "session": None,
        "correct": None,
    }
    record.update(changes)
    return {key: value for key, value in record.items() if value != "<absent>"}


def test_importing_twice_adds_nothing_the_second_time(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    file = write_json(tmp_path / "in.json", [valid(1), valid(2)])
    first = cli("import", str(file))
    assert first.exit_code == 0
    assert "Added 2, skipped 0 (already in the journal)" in first.stderr
    second = cli("import", str(file))
    assert "Added 0, skipped 2 (already in the journal)" in second.stderr
    assert Journal(data_dir).entries.count() == 2


def test_dry_run_counts_without_saving(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    seed(data_dir, Entry.from_record(valid(1)))
    before = (data_dir / "journal.json").read_bytes()
    file = write_json(tmp_path / "in.json", [valid(1), valid(2), valid(3)])
    result = cli("import", str(file), "--dry-run")
    assert result.exit_code == 0
    assert "Would add 2, skip 1" in result.stderr
    assert (data_dir / "journal.json").read_bytes() == before


def test_a_dry_run_counts_what_the_import_then_adds(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    """Both skip an entry already there under another time (the dry run asks
    the index, as the import does, rather than read every entry)."""
    seed(data_dir, Entry.from_record(valid(1)))
    moved = valid(1, created_at="2026-10-01T08:00:00.000000+00:00")
    file = write_json(tmp_path / "in.json", [moved, valid(2), valid(3)])
    assert "Would add 2, skip 1" in cli("import", str(file), "--dry-run").stderr
    assert "Added 2, skipped 1" in cli("import", str(file)).stderr


def test_import_reads_review_json_and_stdin(cli: Cli, entries: list[Entry], tmp_path: Path) -> None:
    listed = cli("review", "--json").stdout
    result = cli("--data-dir", str(tmp_path / "other"), "import", "-", input=listed)
    assert result.exit_code == 0, result.stderr
    assert "Added 6" in result.stderr


def test_import_normalises_ids_and_times(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    record = valid(1, id=valid(1)["id"].upper(), created_at="2026-11-20T11:00:00+01:00")
    del record["updated_at"]
    cli("import", str(write_json(tmp_path / "in.json", [record])))
    [saved] = Journal(data_dir).entries.query()
    assert saved.id == valid(1)["id"]
    assert saved.created_at == saved.updated_at == "2026-11-20T10:00:00.000000+00:00"
    again = cli("import", str(write_json(tmp_path / "again.json", [valid(1)])))
    assert "skipped 1" in again.stderr


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("just text", "entry 2: is not an object with fields"),
        (
            valid(2, mood="good"),
            "entry 2 (id 00000000-0000-4000-8000-000000000002): unknown field 'mood'",
        ),
        (valid(2, id="<absent>"), "entry 2: id is missing"),
        (valid(2, answer=None), "answer is missing"),
        (valid(2, id="not-a-uuid"), "entry 2 (id not-a-uuid): id is not a UUID"),
        (valid(2, id=42), "id must be text"),
        (valid(2, kind="dream"), "kind must be one of reflection, quiz, journal, not 'dream'"),
        (valid(2, answer=True), "answer must be text, a number or a list of texts"),
        (valid(2, answer={"a": 1}), "answer must be text, a number or a list of texts"),
        (valid(2, answer=["ok", 3]), "answer must be a list of texts"),
        (valid(2, created_at="yesterday"), "created_at is not an ISO timestamp"),
        (valid(2, created_at="2026-11-20T10:00:00"), "created_at has no UTC offset"),
        (valid(2, updated_at="0001-01-01T00:00:00+01:00"), "updated_at is not an ISO timestamp"),
        (valid(2, created_at="0001-01-01T00:00:00+00:00"), "outside the years 1900 to 9998"),
        (valid(2, updated_at="9999-12-31T23:00:00+00:00"), "outside the years 1900 to 9998"),
        (valid(2, tags="t"), "tags must be a list of texts"),
        (valid(2, tags=[1]), "tags must be a list of texts"),
        (valid(2, lesson=5), "lesson must be text"),
        (valid(2, correct="yes"), "correct must be true, false or null"),
        (valid(1), "entry 2 (id 00000000-0000-4000-8000-000000000001): same id as entry 1"),
    ],
)
def test_a_bad_entry_imports_nothing_and_says_which_and_why(
    cli: Cli, data_dir: Path, tmp_path: Path, bad: Any, message: str
) -> None:
    file = write_json(
        tmp_path / "in.json",
        {"format": "intimacy-cli journal", "version": 1, "entries": [valid(1), bad, valid(3)]},
    )
    result = cli("import", str(file))
    assert result.exit_code == 1
    assert message in result.stderr
    assert "nothing was imported" in result.stderr
    assert not (data_dir / "journal.json").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        ('{"entries": []}', "is not an intimacy-cli export"),
        ('"text"', "is not an intimacy-cli export"),
        ('{"format": "intimacy-cli journal", "version": 3, "entries": []}', "newer intimacy-cli"),
        ('{"format": "intimacy-cli journal", "version": "1", "entries": []}', "'version' must be"),
        ('{"format": "intimacy-cli journal", "version": 1, "entries": {}}', "'entries' must be"),
    ],
)
def test_a_bad_file_imports_nothing(
    cli: Cli, data_dir: Path, tmp_path: Path, content: str, message: str
) -> None:
    file = tmp_path / "in.json"
    file.write_text(content)
    result = cli("import", str(file))
    assert result.exit_code == 1
    assert message in result.stderr
    assert not (data_dir / "journal.json").exists()


def test_unreadable_files(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    assert f"cannot read {missing}" in cli("import", str(missing)).stderr
    binary = tmp_path / "photo.json"
    binary.write_bytes(b"\xff\xd8\xff\xe0")
    assert "is not UTF-8 text" in cli("import", str(binary)).stderr
    assert "cannot read" in cli("import", str(tmp_path)).stderr
    piped = cli("import", "-", input=b"[\xff]")
    assert piped.exit_code == 1
    assert "<stdin> is not UTF-8 text; nothing was saved" in piped.stderr
    assert len(piped.stderr.strip().splitlines()) == 1
    assert not (data_dir / "journal.json").exists()


def test_import_accepts_a_file_that_starts_with_a_byte_order_mark(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    file = tmp_path / "saved-by-notepad.json"
    file.write_bytes(b"\xef\xbb\xbf" + json.dumps([valid(1)]).encode())
    result = cli("import", str(file))
    assert result.exit_code == 0, result.stderr
    assert Journal(data_dir).entries.count() == 1
