"""``intimacy reflect``: the reflections only, asked in turn or supplied as a file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.app import WITH_SAMPLE, Outcome, bare_lesson_pack
from helpers.entries import answers
from helpers.scripted import ScriptedPrompter

from intimacy_cli.flows.reflecting import OTHER, OTHER_LABEL
from intimacy_cli.store import Journal
from intimacy_cli.ui.prompter import CHOOSE, SKIP

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
    # The check-in's feeling words come with their meaning, in a lesson's list too.
    assert offered["Which feelings?"] == [
        "calm: Settled and unhurried; nothing needs to change right now.",
        "sad: Heavy and low, often about something lost or longed for.",
        "curious: Wanting to find out or understand more.",
        OTHER_LABEL,
    ]
    assert (
        "excited: Looking forward to something, with a buzz of energy."
        in offered["Which feelings, from the default list?"]
    )
    assert offered["Pick any."][0] == "Walks"  # other kinds of list: words only
    assert "Skip if you like." in result.stdout  # a question's help is shown with it
    assert "Saved in your journal: 7 reflections." in result.stderr
    # reflecting again does not touch lesson progress
    assert Journal(data_dir).sessions.completed_lessons() == {}


def test_a_new_scale_or_choice_opens_on_no_answer(cli: Cli, scripted: Script) -> None:
    """A stray Enter cannot save a 0 or the first option: the list opens on a line
    that is no answer (the prompter refuses Enter there)."""
    fake = scripted(
        ("text", "One word", None),
        ("long_text", "short story", None),
        ("scale", "How close", 3),
        ("select", "Pick one", "Touch"),
        ("checkbox", "Pick any", None),
        ("checkbox", "Which feelings?", None),
        ("checkbox", "default list", None),
    )
    assert reflect(cli).exit_code == 0
    assert fake.starts[:2] == [("scale", None, "Skip this question"), ("select", CHOOSE, SKIP)]
    assert fake.starts[2] == ("checkbox", [], SKIP)


def test_other_saves_words_of_ones_own_with_the_ticked_items(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    scripted(
        ("text", "One word", None),
        ("long_text", "short story", None),
        ("scale", "How close", None),
        ("select", "Pick one", None),
        ("checkbox", "Pick any", [OTHER]),
        ("text", "In your own words", "Cooking  together "),
        ("checkbox", "Which feelings?", ["calm", OTHER]),
        ("text", "In your own words", None),  # nothing written: just what was ticked
        ("checkbox", "default list", [OTHER]),
        ("text", "In your own words", None),  # Other alone, and nothing written: skipped
    )
    assert reflect(cli).exit_code == 0
    saved = {rid: e.answer for rid, e in answers(Journal(data_dir)).items()}
    assert saved == {"pick-many": ["Other: Cooking together"], "feelings": ["calm"]}


def test_an_editor_can_turn_other_off(cli: Cli, scripted: Script, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "closed.yaml").write_text(
        "id: closed\norder: 50\ntitle: Closed\nsummary: Brief.\n"
        "sections:\n  - {title: Only, body: Just this.}\ntakeaways: [One.]\n"
        "reflections:\n  - {id: which, prompt: Which?, kind: multi_choice, "
        "options: [a, b], other: false}\n"
    )
    fake = scripted(("checkbox", "Which?", ["a"]))
    assert cli("--content-dir", str(pack), "reflect", "closed").exit_code == 0
    assert fake.asked[0][2] == ["a", "b"]
    answers_file = tmp_path / "answers.json"
    answers_file.write_text(json.dumps({"which": ["a", "Other: c"]}))
    refused = cli("--content-dir", str(pack), "reflect", "closed", "--answers", str(answers_file))
    assert refused.exit_code != 0
    assert "'Other: c' is not an option" in refused.stderr


def test_answers_files_take_own_words_marked_other_and_stay_strict(
    cli: Cli, tmp_path: Path, data_dir: Path
) -> None:
    good, typo = tmp_path / "good.json", tmp_path / "typo.json"
    good.write_text(json.dumps({"feelings": ["calm", "Other: tender"]}))
    typo.write_text(json.dumps({"feelings": ["calmm"]}))
    assert reflect(cli, "--answers", str(good)).exit_code == 0
    assert answers(Journal(data_dir))["feelings"].answer == ["calm", "Other: tender"]
    refused = reflect(cli, "--answers", str(typo))
    assert refused.exit_code != 0
    assert "'calmm' is not an option" in refused.stderr


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
