"""``intimacy reflect``: the reflections only, asked in turn or supplied as a file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.app import WITH_SAMPLE, Outcome, bare_lesson_pack
from helpers.entries import answers
from helpers.scripted import ScriptedPrompter

from intimacy_cli.store import Journal

Cli = Callable[..., Outcome]
Script = Callable[..., ScriptedPrompter]


def reflect(cli: Cli, *args: str, input: str | None = None) -> Outcome:
    return cli(*WITH_SAMPLE, "reflect", "sample", *args, input=input)


def test_each_kind_is_asked_with_its_own_prompt_and_saved(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    fake = scripted(
        ("text", "One word for today?", "tender"),
        ("long_text", "Tell a short story.", "First line\nSecond line"),
        ("scale", "How close do you feel?", 0),
        ("select", "Pick one.", "Talking"),
        ("checkbox", "Pick any.", ["Messages"]),
        ("checkbox", "Which feelings?", ["sad", "calm"]),
        ("checkbox", "Which feelings, from the default list?", ["numb"]),
    )
    result = reflect(cli)
    assert result.exit_code == 0, result.stderr
    saved = answers(Journal(data_dir))
    assert {rid: e.answer for rid, e in saved.items()} == {
        "one-line": "tender",
        "story": "First line\nSecond line",
        "closeness": 0,
        "pick-one": "Talking",
        "pick-many": ["Messages"],
        "feelings": ["sad", "calm"],
        "default-feelings": ["numb"],
    }
    assert all(e.kind == "reflection" and e.session is None for e in saved.values())
    offered = {question: options for _, question, options in fake.asked}
    assert offered["How close do you feel?"] == [str(n) for n in range(11)]
    assert offered["Pick one."] == ["Talking", "Touch"]
    assert offered["Which feelings?"] == ["calm", "sad", "curious"]
    assert "excited" in offered["Which feelings, from the default list?"]
    assert "Skip if you like." in result.stdout  # a question's help is shown with it
    assert "Saved in your journal: 7 reflections." in result.stderr
    # reflecting again does not touch lesson progress
    assert Journal(data_dir).sessions.completed_lessons() == {}


def test_skipped_questions_save_nothing(cli: Cli, scripted: Script, data_dir: Path) -> None:
    scripted(
        ("text", "One word", None),
        ("long_text", "short story", None),
        ("scale", "How close", None),
        ("select", "Pick one", None),
        ("checkbox", "Pick any", None),
        ("checkbox", "Which feelings?", None),
        ("checkbox", "default list", ["calm"]),
    )
    result = reflect(cli)
    assert result.exit_code == 0
    assert set(answers(Journal(data_dir))) == {"default-feelings"}
    assert "Saved in your journal: 1 reflection." in result.stderr


def test_ctrl_c_keeps_the_answers_already_given(cli: Cli, scripted: Script, data_dir: Path) -> None:
    scripted(("text", "One word", "here"), ("long_text", "short story", KeyboardInterrupt))
    result = reflect(cli)
    assert result.exit_code == 130
    assert set(answers(Journal(data_dir))) == {"one-line"}


def test_a_lesson_without_reflections_says_so(
    cli: Cli, scripted: Script, tmp_path: Path, data_dir: Path
) -> None:
    scripted()
    result = cli(*bare_lesson_pack(tmp_path / "pack"), "reflect", "bare")
    assert result.exit_code == 0
    assert "'Bare' has no reflection questions." in result.stdout
    assert not (data_dir / "journal.json").exists()


def test_without_a_terminal_or_answers_it_explains(cli: Cli) -> None:
    result = reflect(cli)
    assert result.exit_code == 1
    assert "'reflect' needs a terminal" in result.stderr
    assert "intimacy reflect sample --answers answers.yaml" in result.stderr


# -- --answers ---------------------------------------------------------------


def test_answers_from_a_yaml_file(cli: Cli, tmp_path: Path, data_dir: Path) -> None:
    file = tmp_path / "answers.yaml"
    file.write_text(
        "one-line: steady\n"
        "story: |\n  Two lines\n  of story\n"
        "closeness: 4\n"
        "pick-one: Touch\n"
        "pick-many: [Walks, Messages]\n"
        "feelings: [curious]\n"
        "default-feelings: null  # skipped\n"
    )
    result = reflect(cli, "--answers", str(file))
    assert result.exit_code == 0, result.stderr
    saved = answers(Journal(data_dir))
    assert saved["story"].answer == "Two lines\nof story"
    assert saved["closeness"].answer == 4
    assert saved["pick-many"].answer == ["Walks", "Messages"]
    assert saved["pick-many"].question == "Pick any."
    assert "default-feelings" not in saved
    assert "Saved in your journal: 6 reflections." in result.stderr


def test_answers_from_json_on_stdin(cli: Cli, data_dir: Path) -> None:
    text = json.dumps({"closeness": 9, "feelings": ["calm", "sad"]})
    result = reflect(cli, "--answers", "-", input=text)
    assert result.exit_code == 0, result.stderr
    saved = answers(Journal(data_dir))
    assert (saved["closeness"].answer, saved["feelings"].answer) == (9, ["calm", "sad"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("closeness: 4\nnot-a-question: hi\n", "'not-a-question' is not a reflection"),
        ("closeness: 12\npick-one: Touch\n", "'closeness' must be a whole number from 0 to 10"),
        ("pick-one: Hugs\none-line: ok\n", "'pick-one' must be one of: Talking, Touch"),
        ("pick-many: Walks; Meals\n", "'pick-many' must be a list"),
        ("feelings: [calm, furious]\n", "'furious' is not an option"),
        ("one-line: ''\n", "'one-line' must not be empty"),
        ("- closeness\n", "expected a mapping of reflection id to answer"),
        ("closeness: [4\n", "not valid JSON or YAML"),
    ],
)
def test_any_bad_answer_rejects_the_whole_file(
    cli: Cli, tmp_path: Path, data_dir: Path, content: str, message: str
) -> None:
    file = tmp_path / "answers.yaml"
    file.write_text(content)
    result = reflect(cli, "--answers", str(file))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {file}")
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (data_dir / "journal.json").exists()


def test_an_unreadable_answers_file_is_named(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = reflect(cli, "--answers", str(missing))
    assert result.exit_code == 1
    assert f"cannot read {missing}" in result.stderr


def test_answers_that_are_not_utf8_are_refused(cli: Cli, tmp_path: Path, data_dir: Path) -> None:
    file = tmp_path / "latin1.yaml"
    file.write_bytes("one-line: café\n".encode("latin-1"))
    result = reflect(cli, "--answers", str(file))
    assert result.exit_code == 1
    assert "is not UTF-8 text" in result.stderr
    assert not (data_dir / "journal.json").exists()


def test_an_empty_answers_file_saves_nothing(cli: Cli, data_dir: Path) -> None:
    result = reflect(cli, "--answers", "-", input="")
    assert result.exit_code == 0
    assert "Saved in your journal: nothing" in result.stderr
    assert not (data_dir / "journal.json").exists()


def test_reflection_words_that_suggest_crisis_bring_support_after_saving(
    cli: Cli, data_dir: Path
) -> None:
    result = reflect(cli, "--answers", "-", input='{"story": "I want to hurt myself"}')
    assert result.exit_code == 0, result.stderr
    assert "Something you just wrote sounds heavy" in result.stderr
    assert answers(Journal(data_dir))["story"].answer == "I want to hurt myself"
