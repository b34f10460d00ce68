"""``intimacy journal``: free entries, typed, piped, or written in an editor."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.app import FIXTURE_LESSONS, PATIENCE, WITH_SAMPLE, Outcome, bare_lesson_pack
from helpers.scripted import ScriptedPrompter

from intimacy_cli.content.catalogue import load_catalogue
from intimacy_cli.flows.journaling import offer_prompt, writing_prompts
from intimacy_cli.store import Entry, Journal

Cli = Callable[..., Outcome]
Script = Callable[..., ScriptedPrompter]

FAKE_EDITOR = """\
import json, os, stat, sys
path = sys.argv[-1]
with open(os.environ["FAKE_EDITOR_LOG"], "w") as log:
    json.dump({
        "path": path,
        "args": sys.argv[1:-1],
        "file_mode": stat.S_IMODE(os.stat(path).st_mode),
        "dir_mode": stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode),
    }, log)
with open(path, "w", encoding="utf-8") as f:
    f.write(os.environ.get("FAKE_EDITOR_TEXT", ""))
sys.exit(int(os.environ.get("FAKE_EDITOR_EXIT", "0")))
"""


def only_entry(data_dir: Path) -> Entry:
    (entry,) = Journal(data_dir).entries.query()
    return entry


def test_piped_text_is_the_entry(cli: Cli, data_dir: Path) -> None:
    result = cli(
        *WITH_SAMPLE,
        "journal",
        "--tag",
        "walks",
        "-t",
        " us ",
        "-t",
        "walks",
        "--lesson",
        "sample",
        input="\nFelt close after our walk.\n  Then tired.\n\n",
    )
    assert result.exit_code == 0, result.stderr
    entry = only_entry(data_dir)
    assert entry.kind == "journal"
    assert entry.answer == "Felt close after our walk.\n  Then tired."
    assert entry.tags == ("walks", "us")
    assert entry.lesson == "sample"
    assert entry.question is None
    assert f"Saved to your journal (entry {entry.id[:8]})." in result.stderr


@pytest.mark.parametrize("text", ["", "\n", "   \n\t\n"])
def test_empty_text_saves_nothing_and_says_so(cli: Cli, data_dir: Path, text: str) -> None:
    result = cli("journal", input=text)
    assert result.exit_code == 0
    assert result.stderr.strip() == "Nothing was written, so nothing was saved."
    assert not (data_dir / "journal.json").exists()


def test_piped_text_that_is_not_utf8_is_refused(cli: Cli, data_dir: Path) -> None:
    result = cli("journal", input="caf\xe9".encode("latin-1"))
    assert result.exit_code == 1
    assert "<stdin> is not UTF-8 text; nothing was saved" in result.stderr
    assert not (data_dir / "journal.json").exists()


def test_a_blank_tag_is_a_usage_error(cli: Cli, data_dir: Path) -> None:
    result = cli("journal", "--tag", " ", input="text")
    assert result.exit_code == 2
    assert "a --tag cannot be empty" in result.stderr
    assert not (data_dir / "journal.json").exists()


def test_a_tag_that_is_not_utf8_is_a_usage_error(cli: Cli, data_dir: Path) -> None:
    # What Python makes of `--tag $'\xff'`: the byte smuggled in as a surrogate.
    result = cli("journal", "--tag", "ok", "--tag", "x\udcff", input="text")
    assert result.exit_code == 2
    assert "the --tag 'x\\udcff' is not UTF-8 text" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (data_dir / "journal.json").exists()


def test_an_unknown_lesson_is_refused_before_reading(cli: Cli, data_dir: Path) -> None:
    result = cli("journal", "--lesson", "nope", input="text")
    assert result.exit_code == 1
    assert "no lesson 'nope'" in result.stderr
    assert not (data_dir / "journal.json").exists()


def test_in_a_terminal_the_entry_is_typed(cli: Cli, scripted: Script, data_dir: Path) -> None:
    scripted(("long_text", "What's on your mind?", "Line one\nLine two"))
    result = cli("journal", "-t", "evening")
    assert result.exit_code == 0, result.stderr
    entry = only_entry(data_dir)
    assert (entry.answer, entry.tags) == ("Line one\nLine two", ("evening",))


def test_typing_nothing_saves_nothing(cli: Cli, scripted: Script, data_dir: Path) -> None:
    scripted(("long_text", "What's on your mind?", None))
    result = cli("journal")
    assert "nothing was saved" in result.stderr
    assert not (data_dir / "journal.json").exists()


def test_ctrl_c_while_typing_exits_130_and_saves_nothing(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    scripted(("long_text", "What's on your mind?", KeyboardInterrupt))
    assert cli("journal").exit_code == 130
    assert not (data_dir / "journal.json").exists()


def test_prompt_offers_questions_until_one_is_taken(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    fake = scripted(
        ("select", "", "another"),
        ("select", "", "write"),
        ("long_text", "", "My answer"),
    )
    result = cli(*WITH_SAMPLE, "journal", "--prompt", "--lesson", "sample")
    assert result.exit_code == 0, result.stderr
    first, second, writing = (question for _, question, _ in fake.asked)
    # The sample lesson has two open questions; "another" moves to the other one.
    assert {first, second} == {"One word for today?", "Tell a short story."}
    assert writing == second
    entry = only_entry(data_dir)
    assert (entry.question, entry.lesson, entry.answer) == (second, "sample", "My answer")
    assert entry.question_id in {"one-line", "story"}
    assert "A question from 'A sample lesson':" in result.stdout


def test_prompt_can_be_declined_for_a_free_entry(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    scripted(("select", "", "free"), ("long_text", "What's on your mind?", "Free"))
    assert cli("journal", "--prompt").exit_code == 0
    entry = only_entry(data_dir)
    assert (entry.question, entry.question_id, entry.answer) == (None, None, "Free")


def test_prompt_questions_come_from_every_lesson_in_random_order() -> None:
    lessons = [
        lesson for lesson in load_catalogue([FIXTURE_LESSONS]).lessons if lesson.id == "sample"
    ]
    candidates = writing_prompts(lessons)
    assert {(c.lesson.id, c.reflection.id) for c in candidates} == {
        ("sample", "one-line"),
        ("sample", "story"),
    }
    seen = set()
    for seed in range(20):
        fake = ScriptedPrompter(("select", "", "write"))
        chosen = offer_prompt(fake, lessons, random.Random(seed))
        assert chosen is not None
        seen.add(chosen.reflection.id)
    assert seen == {"one-line", "story"}


def test_prompt_needs_open_questions(cli: Cli, scripted: Script, tmp_path: Path) -> None:
    scripted()
    result = cli(*bare_lesson_pack(tmp_path / "pack"), "journal", "--prompt", "--lesson", "bare")
    assert result.exit_code == 1
    assert "no open questions to write about in: bare" in result.stderr


def test_prompt_without_a_terminal_explains(cli: Cli) -> None:
    result = cli("journal", "--prompt", input="text")
    assert result.exit_code == 1
    assert "--prompt offers questions in the terminal" in result.stderr


# -- --editor -----------------------------------------------------------------


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in for $EDITOR that writes FAKE_EDITOR_TEXT and logs what it saw."""
    script = tmp_path / "fake_editor.py"
    script.write_text(FAKE_EDITOR)
    log = tmp_path / "editor-log.json"
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script} --wait")
    monkeypatch.setenv("FAKE_EDITOR_LOG", str(log))
    return log


def test_editor_writes_the_entry_in_a_private_temp_file_then_removes_it(
    cli: Cli, editor: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_EDITOR_TEXT", "Written in my editor.\n")
    result = cli("journal", "--editor", "--tag", "e")
    assert result.exit_code == 0, result.stderr
    assert only_entry(data_dir).answer == "Written in my editor."
    seen = json.loads(editor.read_text())
    assert seen["args"] == ["--wait"]  # $EDITOR is split like a shell would
    assert seen["file_mode"] == 0o600
    assert seen["dir_mode"] == 0o700
    assert not Path(seen["path"]).parent.exists()


def test_visual_wins_over_editor(
    cli: Cli, editor: Path, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    monkeypatch.setenv("VISUAL", os.environ["EDITOR"].replace("--wait", "--visual"))
    monkeypatch.setenv("EDITOR", "no-such-editor")
    monkeypatch.setenv("FAKE_EDITOR_TEXT", "v")
    assert cli("journal", "--editor").exit_code == 0
    assert json.loads(editor.read_text())["args"] == ["--visual"]


def test_an_editor_that_fails_saves_nothing_and_cleans_up(
    cli: Cli, editor: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_EDITOR_TEXT", "half-written")
    monkeypatch.setenv("FAKE_EDITOR_EXIT", "3")
    result = cli("journal", "--editor")
    assert result.exit_code == 1
    assert "exited with status 3; nothing was saved" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not Path(json.loads(editor.read_text())["path"]).parent.exists()
    assert not (data_dir / "journal.json").exists()


def test_an_editor_that_is_missing_is_one_clear_line(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", "no-such-editor-here --flag")
    result = cli("journal", "--editor")
    assert result.exit_code == 1
    assert "cannot start editor 'no-such-editor-here'" in result.stderr


def test_with_no_editor_anywhere_it_says_how_to_set_one(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    result = cli("journal", "--editor")
    assert result.exit_code == 1
    assert "no text editor found" in result.stderr
    assert "export EDITOR" in result.stderr


def test_an_empty_editor_file_saves_nothing(cli: Cli, editor: Path, data_dir: Path) -> None:
    result = cli("journal", "--editor")
    assert result.exit_code == 0
    assert "nothing was saved" in result.stderr
    assert not (data_dir / "journal.json").exists()


# -- no terminal ---------------------------------------------------------------


def test_a_terminal_for_input_but_not_output_is_refused_without_waiting(
    data_dir: Path,
) -> None:
    """stdin is a terminal (so nothing is piped) but stdout is not: no prompt can
    be shown, so the command must explain instead of waiting for input."""
    import pty

    parent, child = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "intimacy_cli", "journal"],
            stdin=child,
            capture_output=True,
            text=True,
            timeout=PATIENCE,
            check=False,
        )
    finally:
        os.close(child)
        os.close(parent)
    assert result.returncode == 1
    assert "no terminal to type in and nothing was piped in" in result.stderr
    assert not (data_dir / "journal.json").exists()


# -- support after saving words that suggest crisis ----------------------------

NOTICE = "Something you just wrote sounds heavy"


def test_crisis_words_in_a_note_are_saved_then_met_with_support(cli: Cli, data_dir: Path) -> None:
    result = cli("journal", input="Some days I want to end my life.\n")
    assert result.exit_code == 0
    assert NOTICE in result.stderr and "988" in result.stderr
    assert "800-799-SAFE" in result.stderr and "800-656-HOPE" in result.stderr  # abuse lines too
    (entry,) = Journal(data_dir).entries.query()
    assert entry.answer == "Some days I want to end my life."


def test_ordinary_notes_get_no_notice(cli: Cli) -> None:
    assert NOTICE not in cli("journal", input="We were killing it at work.\n").stderr


def test_the_notice_respects_the_setting(cli: Cli) -> None:
    Path(os.environ["INTIMACY_CONFIG"]).write_text("crisis_notice = false\n", encoding="utf-8")
    result = cli("journal", input="I keep thinking about suicide.\n")
    assert result.exit_code == 0
    assert NOTICE not in result.stderr


@pytest.mark.parametrize("tag", ["two\nlines", "x" * 41, "bell\x07"])
def test_a_tag_is_a_short_label(cli: Cli, data_dir: Path, tag: str) -> None:
    result = cli("journal", "--tag", tag, input="text\n")
    assert result.exit_code == 2
    assert "a --tag is a short label" in result.stderr
    assert not (data_dir / "journal.json").exists()
