"""Homework files and ``intimacy homework``: checked like lessons, kept in the journal,
and the answers given from an item linked to it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.app import FIXTURE_LESSONS, WITH_SAMPLE, Outcome
from helpers.scripted import ScriptedPrompter
from helpers.store import files_in, holding

from intimacy_cli.commands.hints import homework_command
from intimacy_cli.content.catalogue import load_catalogue
from intimacy_cli.content.homework import Item, Repeat, parse_homework
from intimacy_cli.store import Journal

Cli = Callable[..., Outcome]
Script = Callable[..., ScriptedPrompter]
EXAMPLE = Path(__file__).parent.parent / "prompts" / "examples" / "closeness-week.homework.yaml"

GOOD = """\
id: week-1
title: "Week one: [click](https://example.org) \\x1b[31m"
from: Dr. Rivera
note: Go gently.
items:
  - lesson: sample
    due: 2099-12-08
  - reflections: {lesson: sample, ids: [one-line, closeness]}
    repeat: daily
    times: 3
  - prompt: What helped this week?
"""


def write(folder: Path, text: str, name: str = "week-1.homework.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def lessons() -> dict[str, object]:
    return {lesson.id: lesson for lesson in load_catalogue([FIXTURE_LESSONS]).lessons}


def test_the_example_homework_file_is_valid() -> None:
    catalogue = load_catalogue()
    found, problems = parse_homework(
        EXAMPLE, EXAMPLE.read_text(), {lesson.id: lesson for lesson in catalogue.lessons}
    )
    assert problems == []
    assert found is not None and [item.kind for item in found.items] == [
        "lesson",
        "reflections",
        "prompt",
    ]


BAD = """\
id: Week 1
title: Week one
items:
  - lesson: no-such-lesson
  - reflections: {lesson: sample, ids: [one-line, nope]}
  - prompt: Write.
    due: next tuesday
  - prompt: Write more.
    repeat: fortnightly
  - checkin: sure
  - prompt: Both.
    due: 2026-12-01
    repeat: daily
  - lesson: sample
    prompt: Two things.
  - prompt: Ends.
    times: 3
"""


def test_every_problem_in_a_homework_file_is_listed_at_once_with_its_line(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, BAD)
    found, problems = parse_homework(path, BAD, lessons())  # type: ignore[arg-type]
    assert found is None
    lines = [str(problem) for problem in problems]
    expected = [
        (1, "homework.id 'Week 1' must be lowercase letters, digits and hyphens"),
        (4, "items[1].lesson: no lesson 'no-such-lesson'"),
        (5, "lesson 'sample' has no reflection 'nope' (it has: one-line, story, closeness"),
        (7, "items[3].due 'next tuesday' is not a date; write it YYYY-MM-DD"),
        (9, "items[4].repeat 'fortnightly' is not a rule I can read; use daily, weekly on"),
        (10, "items[5].checkin: must be true"),
        (12, "items[6]: give either 'due' or 'repeat', not both"),
        (14, "items[7]: needs exactly one of lesson, reflections, prompt or checkin, has 2"),
        (17, "items[8].times needs a 'repeat' rule"),
    ]
    for line, message in expected:
        assert any(f"{path}:{line}: " in text and message in text for text in lines), message
    assert len(lines) == len(expected)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"id: x\ntitle: caf\xe9\n", "cannot read: 'utf-8' codec can't decode"),
        (b"id: [unclosed\n", "not valid YAML"),
        (b"- a list\n", "homework must be a mapping of field: value"),
        (b"id: x\ntitle: y\nitems: []\n", "homework.items needs at least 1 item(s), has 0"),
        (b"a: &x 1\nb: *x\n", "aliases are not allowed"),
        (b"id: x\ntitle: y\nitems:\n  - prompt: p\n    due: 2026-02-30\n", "cannot read"),
    ],
)
def test_a_broken_homework_file_is_one_line_exit_1_and_nothing_added(
    cli: Cli, data_dir: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.homework.yaml"
    path.write_bytes(content)
    result = cli(*WITH_SAMPLE, "homework", "add", str(path))
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert files_in(data_dir) == {}


def test_a_huge_homework_file_is_refused_unread(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "huge.homework.yaml"
    with path.open("wb") as stream:
        stream.truncate(11 * 1024 * 1024)
    result = cli("homework", "add", str(path))
    assert result.exit_code == 1
    assert "larger than 10 MB" in result.stderr
    assert files_in(data_dir) == {}


def test_a_file_not_named_as_homework_or_missing_is_refused(cli: Cli, tmp_path: Path) -> None:
    other = write(tmp_path, GOOD, "week.yaml")
    assert (
        "a homework file's name ends in .homework.yaml" in cli("homework", "add", str(other)).stderr
    )
    missing = cli("homework", "add", str(tmp_path / "gone.homework.yaml"))
    assert (missing.exit_code, "no such file" in missing.stderr) == (1, True)


def test_add_shows_it_literally_and_keeps_it_after_the_file_is_deleted(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    path = write(tmp_path, GOOD)
    added = cli(*WITH_SAMPLE, "homework", "add", str(path))
    assert added.exit_code == 0, added.stderr
    assert "Week one: [click](https://example.org) \\x1b[31m" in added.stdout  # literal
    assert "\x1b" not in added.stdout
    assert "Added the homework 'week-1'" in added.stderr
    path.unlink()
    listed = cli(*WITH_SAMPLE, "homework")
    assert "1. Learn the lesson A sample lesson (sample)" in listed.stdout
    assert "3. Write about: What helped this week?" in listed.stdout
    shown = json.loads(cli(*WITH_SAMPLE, "homework", "show", "week-1", "--json").stdout)
    assert shown["source"] == GOOD
    again = cli(*WITH_SAMPLE, "homework", "add", str(write(tmp_path, GOOD)))
    assert again.exit_code == 1
    assert "already added" in again.stderr and "intimacy homework remove ID" in again.stderr


def test_a_lesson_pack_beside_the_file_comes_along(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "10-sample.yaml").write_text((FIXTURE_LESSONS / "10-sample.yaml").read_text())
    path = write(pack, GOOD)
    added = cli("homework", "add", str(path))  # no --content-dir: the pack is beside it
    assert added.exit_code == 0, added.stderr
    assert "and 1 lesson(s) from beside it" in added.stderr
    (pack / "10-sample.yaml").unlink()
    (stored,) = Journal(data_dir).assignments.all()
    assert [lesson.file for lesson in stored.lessons] == ["10-sample.yaml"]
    # Without the pack, the kept copy of its lesson still answers the item.
    answered = cli(
        "reflect", "--homework", "week-1:2", "--answers", "-", input='{"one-line": "Calm"}'
    )
    assert answered.exit_code == 0, answered.stderr
    (entry,) = Journal(data_dir).entries.query()
    assert (entry.lesson, entry.homework) == ("sample", ("week-1", 2))
    # The listing, the assignment and the report still know the lesson by its title.
    assert "1. Learn the lesson A sample lesson (sample)" in cli("homework").stdout
    assert "A sample lesson" in cli("homework", "show", "week-1").stdout
    report = cli("report", "--homework", "week-1", "--all")
    assert report.exit_code == 0, report.stderr
    assert "A sample lesson" in report.stdout


def test_homework_text_is_kept_only_inside_an_encrypted_journal(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    from intimacy_cli.store.crypto import EncryptedCodec

    journal = Journal(data_dir)
    journal.entries.add(kind="journal", answer="first")
    journal.maintenance.encrypt(EncryptedCodec("correct horse battery"))
    path = write(tmp_path, GOOD.replace("Go gently.", "SECRET-NOTE"))
    env = {"INTIMACY_PASSPHRASE": "correct horse battery"}
    assert cli(*WITH_SAMPLE, "homework", "add", str(path), env=env).exit_code == 0
    path.unlink()
    assert holding(data_dir, b"SECRET-NOTE") == []
    shown = cli(*WITH_SAMPLE, "homework", "show", "week-1", env=env)
    assert "SECRET-NOTE" in shown.stdout


def test_remove_keeps_the_answers(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    cli(*WITH_SAMPLE, "homework", "add", str(write(tmp_path, GOOD)))
    wrote = cli(*WITH_SAMPLE, "journal", "--homework", "week-1:3", input="It was the walk.")
    assert wrote.exit_code == 0, wrote.stderr
    removed = cli(*WITH_SAMPLE, "homework", "remove", "week-1")
    assert "Your answers to it are kept" in removed.stderr
    assert cli("homework").stderr.startswith("No homework yet.")
    (entry,) = Journal(data_dir).entries.query()
    assert (entry.answer, entry.question) == ("It was the walk.", "What helped this week?")
    unknown = cli("homework", "remove", "week-1")
    assert unknown.exit_code == 1
    assert "no homework assignment with the id 'week-1'" in unknown.stderr
    assert "intimacy homework" in unknown.stderr


def test_answers_from_an_item_are_linked_and_make_it_done(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    cli(*WITH_SAMPLE, "homework", "add", str(write(tmp_path, GOOD)))
    first = json.loads(cli(*WITH_SAMPLE, "homework", "--json").stdout)
    assert [item["status"] for item in first[0]["items"]] == ["open", "due_today", "open"]
    answers = '{"one-line": "Calm", "closeness": 6}'
    reflected = cli(
        *WITH_SAMPLE, "reflect", "--homework", "week-1:2", "--answers", "-", input=answers,
    )  # fmt: skip
    assert reflected.exit_code == 0, reflected.stderr
    cli(*WITH_SAMPLE, "journal", "--homework", "week-1", input="Walks.")
    after = json.loads(cli(*WITH_SAMPLE, "homework", "--json").stdout)
    assert [item["status"] for item in after[0]["items"]] == ["open", "done", "done"]
    assert after[0]["items"][1]["times_done"] == 1
    links = {e.homework for e in Journal(data_dir).entries.query()}
    assert links == {("week-1", 2), ("week-1", 3)}
    exported = json.loads(cli("export", "--format", "json").stdout)
    assert {json.dumps(e["homework"]) for e in exported["entries"]} == {
        '{"id": "week-1", "item": 2}',
        '{"id": "week-1", "item": 3}',
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("journal", "--homework", "week-1:1"), "item 1 of 'week-1' is not something 'journal'"),
        (("journal", "--homework", "week-1:9"), "'week-1' has no item '9' (its items are 1 to 3)"),
        (("journal", "--homework", "week-1:x"), "'week-1' has no item 'x'"),
        (("reflect", "--homework", "week-1"), "say which item of 'week-1' with week-1:N"),
        (("reflect", "welcome", "--homework", "week-1:2"), "is about the lesson 'sample'"),
        (("journal", "--homework", "nope:1"), "no homework assignment with the id 'nope'"),
    ],
)
def test_a_wrong_homework_item_is_one_line_and_saves_nothing(
    cli: Cli, data_dir: Path, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    cli(*WITH_SAMPLE, "homework", "add", str(write(tmp_path, GOOD)))
    result = cli(*WITH_SAMPLE, *args, input="words")
    assert result.exit_code in (1, 2)
    assert message in result.stderr
    assert Journal(data_dir).entries.count() == 0


def test_journal_item_hint_names_the_command_that_does_it(cli: Cli, tmp_path: Path) -> None:
    cli(*WITH_SAMPLE, "homework", "add", str(write(tmp_path, GOOD)))
    result = cli(*WITH_SAMPLE, "journal", "--homework", "week-1:1", input="x")
    assert "start it with: intimacy learn --homework week-1:1" in result.stderr


def test_reflect_from_an_item_asks_only_its_reflections(
    cli: Cli, data_dir: Path, tmp_path: Path, scripted: Script
) -> None:
    cli(*WITH_SAMPLE, "homework", "add", str(write(tmp_path, GOOD)))
    fake = scripted(("text", "One word", "Calm"), ("scale", "How close", 7))
    result = cli(*WITH_SAMPLE, "reflect", "--homework", "week-1:2")
    assert result.exit_code == 0, result.stderr
    assert [method for method, *_ in fake.asked] == ["text", "scale"]
    assert {e.homework for e in Journal(data_dir).entries.query()} == {("week-1", 2)}


def test_learn_from_an_item_links_every_answer(
    cli: Cli, data_dir: Path, tmp_path: Path, scripted: Script, monkeypatch: pytest.MonkeyPatch
) -> None:
    from intimacy_cli.flows import learning

    seen: list[object] = []

    def fake_learn(lesson: object, journal: Journal, *args: object, **kwargs: object) -> None:
        seen.append(lesson)
        journal.entries.add(kind="quiz", answer="Wanting", lesson="sample", correct=True)

    monkeypatch.setattr(learning, "learn", fake_learn)
    scripted()
    cli(*WITH_SAMPLE, "homework", "add", str(write(tmp_path, GOOD)))
    assert cli(*WITH_SAMPLE, "learn", "--homework", "week-1:1").exit_code == 0
    assert [getattr(lesson, "id", None) for lesson in seen] == ["sample"]
    (entry,) = Journal(data_dir).entries.query()
    assert entry.homework == ("week-1", 1)


def test_homework_help_has_examples(cli: Cli) -> None:
    for args in (("homework",), ("homework", "add"), ("homework", "show"), ("homework", "remove")):
        result = cli(*args, "--help")
        assert result.exit_code == 0
        assert "Examples" in result.stdout


def test_a_crafted_homework_record_is_refused_with_one_line(cli: Cli, data_dir: Path) -> None:
    data_dir.mkdir(mode=0o700)
    (data_dir / "journal.json").write_text(
        json.dumps(
            {
                "schema_version": 3,
                "homework": {
                    "1": {
                        "id": "x",
                        "title": "t",
                        "source": "",
                        "added_at": "2026-01-01T00:00:00+00:00",
                        "items": [{"kind": "mood"}],
                    }
                },
            }
        )
    )
    result = cli("homework")
    assert result.exit_code == 1
    assert "homework record 1 is invalid: items[1].kind must be one of" in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2


CHECKIN_HOMEWORK = """\
id: feelings
title: Notice how you feel
items:
  - checkin: true
    repeat: daily
    times: 3
"""


def test_a_checkin_item_is_done_by_a_checkin_that_day(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "feelings.homework.yaml"
    path.write_text(CHECKIN_HOMEWORK, encoding="utf-8")
    added = cli("homework", "add", str(path))
    assert added.exit_code == 0, added.stderr
    before = json.loads(cli("homework", "--json").stdout)[0]["items"][0]
    assert (before["kind"], before["status"]) == ("checkin", "due_today")
    assert "Check in: how you feel" in cli("homework", "show", "feelings").stdout
    item = Item(1, "checkin", repeat=Repeat(1, times=3))
    assert homework_command("feelings", item) == "intimacy checkin"  # no link needed
    checked = cli("checkin", "--pleasant", "1", "--energy", "-1", "--word", "calm")
    assert checked.exit_code == 0, checked.stderr
    after = json.loads(cli("homework", "--json").stdout)[0]["items"][0]
    assert (after["status"], after["times_done"]) == ("done", 1)
