"""``intimacy checkin``: two numbers and a word, asked or given, saved at once;
the feeling words behind it; and the home screen's check-in line."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from helpers.app import Outcome
from helpers.entries import clock_at
from helpers.scripted import ScriptedPrompter
from helpers.store import stored_document, write_document

from intimacy_cli.base.dates import local_day, local_now
from intimacy_cli.base.errors import UsageProblem
from intimacy_cli.base.paths import DataPaths
from intimacy_cli.content.feelings import load_feelings, parse_feelings, quadrants_of
from intimacy_cli.flows import checking_in
from intimacy_cli.store import Journal
from intimacy_cli.store.lock import held

Cli = Callable[..., Outcome]
Script = Callable[..., ScriptedPrompter]
FEELINGS = load_feelings()
TODAY = date(2026, 11, 24)  # helpers.entries.NOW


def saved(data_dir: Path) -> list[dict[str, object]]:
    return [checkin.to_record() for checkin in Journal(data_dir).checkins.all()]


def test_a_scripted_checkin_is_saved_at_once(cli: Cli, data_dir: Path) -> None:
    result = cli(
        "checkin",
        *("--pleasant", "2", "--energy", "-1", "--word", "Calm"),
        *("--tag", "evening", "--note", "  After a walk. "),
        state=clock_at(),
    )
    assert result.exit_code == 0, result.stderr
    assert "Checked in: calm. Thank you." in result.stderr
    [record] = saved(data_dir)
    assert {key: record[key] for key in ("day", "pleasant", "energy", "word", "tags", "note")} == {
        "day": "2026-11-24",
        "pleasant": 2,
        "energy": -1,
        "word": "calm",
        "tags": ["evening"],
        "note": "After a walk.",
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--pleasant", "9", "--energy", "0", "--word", "calm"), "--pleasant goes from -4 to 4"),
        (("--pleasant", "1", "--energy", "-5", "--word", "calm"), "--energy goes from -4 to 4"),
        (
            ("--pleasant", "2", "--energy", "-1", "--word", "tense"),
            "'tense' is not one of the words for pleasant, low energy (pleasant 2, energy -1): "
            "calm, content, safe, tender, grateful, relieved",
        ),
        (("--pleasant", "2"), "needs --pleasant, --energy and --word (missing: --energy, --word)"),
        (("--word", "calm", "--pleasant", "1", "--energy", "1", "--date", "2099-01-01"), "later"),
        (("--word", "calm", "--pleasant", "1", "--energy", "1", "--date", "soon"), "not a date"),
        (("--word", "calm", "--pleasant", "1", "--energy", "1", "--tag", " "), "cannot be empty"),
    ],
)
def test_a_checkin_that_does_not_fit_is_one_line_and_saves_nothing(
    cli: Cli, data_dir: Path, args: tuple[str, ...], message: str
) -> None:
    result = cli("checkin", *args)
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert message in line and "Traceback" not in result.stderr
    assert not DataPaths(data_dir).journal.exists()


def test_zero_on_an_axis_offers_the_words_on_both_sides() -> None:
    assert quadrants_of(0, 3) == ("pleasant_high_energy", "unpleasant_high_energy")
    assert quadrants_of(-2, 0) == ("unpleasant_high_energy", "unpleasant_low_energy")
    assert len(quadrants_of(0, 0)) == 4
    between = {f.word for f in FEELINGS.fitting(0, 3)}
    assert {"excited", "tense"} <= between and "calm" not in between
    assert checking_in.place(FEELINGS, 0, 3, "tense").feeling.quadrant == "unpleasant_high_energy"
    with pytest.raises(UsageProblem, match="pleasant, high energy or unpleasant, high energy"):
        checking_in.place(FEELINGS, 0, 3, "calm")


def test_a_checkin_for_an_earlier_day_counts_there(cli: Cli, data_dir: Path) -> None:
    given = ("--pleasant", "-1", "--energy", "-2", "--word", "tired", "--date", "yesterday")
    result = cli("checkin", *given, state=clock_at())
    assert result.exit_code == 0
    assert "tired, for 2026-11-23" in result.stderr
    assert [record["day"] for record in saved(data_dir)] == ["2026-11-23"]


def test_asked_in_a_terminal_the_words_come_with_their_meaning(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    fake = scripted(
        ("scale", "How pleasant", -3),
        ("scale", "How much energy", 2),
        ("select", "Which word fits best?", "anxious"),
        ("text", "Any tags?", "work, work ,  late"),
        ("long_text", "Anything you would like to add?", "A deadline."),
    )
    result = cli("checkin", state=clock_at())
    assert result.exit_code == 0, result.stderr
    offered = fake.asked[2][2]
    assert "anxious: Worried about what might happen, often with a restless body." in offered
    assert len(offered) == 6 and not any(o.startswith("calm") for o in offered)
    [record] = saved(data_dir)
    assert (record["word"], record["tags"], record["note"]) == (
        "anxious",
        ["work", "late"],
        "A deadline.",
    )


def test_not_now_saves_nothing(cli: Cli, scripted: Script, data_dir: Path) -> None:
    scripted(("scale", "How pleasant", None))
    result = cli("checkin")
    assert result.exit_code == 0
    assert "nothing was saved" in result.stderr
    assert saved(data_dir) == []


def test_a_tag_that_cannot_be_one_is_explained_and_asked_again(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    scripted(
        ("scale", "How pleasant", 1),
        ("scale", "How much energy", 1),
        ("select", "Which word", "curious"),
        ("text", "Any tags?", "x" * 50),
        ("text", "Any tags?", "short"),
        ("long_text", "add?", None),
    )
    result = cli("checkin")
    assert result.exit_code == 0
    assert "short label" in result.stderr
    assert saved(data_dir)[0]["tags"] == ["short"]


def test_without_a_terminal_the_questions_cannot_be_asked(cli: Cli, data_dir: Path) -> None:
    result = cli("checkin")
    assert result.exit_code == 1
    assert "intimacy checkin --pleasant 2 --energy -1 --word calm" in result.stderr
    assert saved(data_dir) == []


def test_a_note_that_suggests_crisis_brings_the_support_note(cli: Cli) -> None:
    given = ("--pleasant", "-4", "--energy", "-4", "--word", "numb")
    result = cli("checkin", *given, "--note", "I want to end my life")
    assert result.exit_code == 0
    assert "support" in result.stderr.lower()
    quiet = cli("checkin", *given, "--note", "just tired")
    assert "support" not in quiet.stderr.lower()


def test_a_failed_save_keeps_the_checkin_and_recover_saves_it(cli: Cli, data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    given = ("--pleasant", "1", "--energy", "1", "--word", "hopeful", "--note", "marker-5d2a")
    with held(DataPaths(data_dir).lock, timeout=0):
        failed = cli("checkin", *given)
    assert failed.exit_code == 1
    [kept] = DataPaths(data_dir).recovery.glob("*")
    assert b"marker-5d2a" in kept.read_bytes()
    assert saved(data_dir) == []
    recovered = cli("data", "recover")
    assert recovered.exit_code == 0
    said = "Saved 0 kept entries, 1 kept check-in and 0 changed answers into your journal."
    assert said in recovered.stderr
    assert [record["note"] for record in saved(data_dir)] == ["marker-5d2a"]
    assert cli("data", "recover").exit_code == 0  # nothing twice
    assert len(saved(data_dir)) == 1


def test_a_crafted_checkin_record_is_refused_with_one_line(cli: Cli, data_dir: Path) -> None:
    cli("checkin", "--pleasant", "1", "--energy", "1", "--word", "hopeful")
    document = stored_document(data_dir)
    document["checkins"]["1"]["pleasant"] = 9
    write_document(data_dir, document)
    path = DataPaths(data_dir).journal
    before = path.read_bytes()
    for command in (
        ("mood",),
        ("progress",),
        ("checkin", "--pleasant", "1", "--energy", "1", "--word", "joyful"),
    ):
        result = cli(*command)
        assert result.exit_code == 1, command
        problem = "record 1 is invalid: pleasant must be a whole number from -4 to 4"
        assert re.search(rf"checkins/[0-9-]+ {problem}", result.stderr), result.stderr
    assert path.read_bytes() == before


def test_words_lists_every_quadrant_with_meanings(cli: Cli) -> None:
    result = cli("checkin", "--words")
    assert result.exit_code == 0
    for heading in ("Pleasant, high energy", "Unpleasant, low energy"):
        assert heading in result.stdout
    assert "numb: Feeling little or nothing, as if feelings are far away." in result.stdout


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pleasant_high_energy: {calm: a}\n", "missing required field 'pleasant_low_energy'"),
        ("warm: {calm: a}\n", "unknown field 'warm'"),
        ("pleasant_high_energy: [calm]\n", "must be a mapping of word: its one-line definition"),
        ("pleasant_high_energy: {calm: ''}\n", "pleasant_high_energy.calm must not be empty"),
        ("pleasant_high_energy: {'a<b': x}\n", "must be a short word or phrase"),
        (
            "pleasant_high_energy: {calm: a}\npleasant_low_energy: {Calm: b}\n",
            "feeling words listed twice: calm",
        ),
    ],
)
def test_feeling_words_are_checked_with_lines(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "feelings.yaml"
    path.write_text(text)
    _, problems = parse_feelings(path)
    assert any(expected in str(problem) for problem in problems), problems


def test_every_feeling_word_has_a_one_line_meaning() -> None:
    assert len(FEELINGS.feelings) >= 24
    for quadrant in ("pleasant_high_energy", "unpleasant_low_energy"):
        assert sum(f.quadrant == quadrant for f in FEELINGS.feelings) >= 6
    assert all(f.definition.endswith(".") and "\n" not in f.definition for f in FEELINGS.feelings)


def test_the_home_screen_says_whether_you_checked_in_today(cli: Cli, data_dir: Path) -> None:
    assert "Check-in: not yet today; when you like: intimacy checkin" in cli().stdout
    journal = Journal(data_dir)
    today = local_day(local_now())
    checkin = journal.checkins.new(day=today, pleasant=1, energy=-1, word="content")
    journal.checkins.add_all([checkin])
    assert "Check-in: done today (content)" in cli().stdout
