"""`intimacy support`, `intimacy about`, the first-run welcome, and checking their texts."""

from __future__ import annotations

import json
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.app import FIXTURES, Outcome
from helpers.scripted import ScriptedPrompter
from helpers.terminal import ENTER, Terminal, run_in_terminal

from intimacy_cli.base import paths
from intimacy_cli.base.paths import DataPaths
from intimacy_cli.content.framing import parse_about, parse_support

Run = Callable[..., Outcome]
TERMINAL = {"TTY_COMPATIBLE": "1"}
WELCOME = "You will see this welcome only once"


@pytest.fixture
def prompts_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of prompts/ that the app reads instead of the real one."""
    copy = tmp_path / "prompts"
    shutil.copytree(paths.builtin_prompts_dir(), copy)
    monkeypatch.setattr(paths, "builtin_prompts_dir", lambda: copy)
    return copy


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- intimacy support ----------------------------------------------------------


def test_support_lists_where_to_find_help(cli: Run) -> None:
    outcome = cli("support")
    assert outcome.exit_code == 0
    for needed in [
        "911",
        "988",
        "988lifeline.org",
        "741741",
        "findahelpline.com",
        "800-656-HOPE (4673)",
        "rainn.org",
        "800-799-SAFE (7233)",
        "START to 88788",
        "thehotline.org",
        "aasect.org",
        "Psychology Today",
        "It is not therapy",
    ]:
        assert needed in outcome.stdout, needed


def test_support_json_is_the_same_text_and_only_json(cli: Run) -> None:
    outcome = cli("support", "--json")
    data = json.loads(outcome.stdout)
    assert set(data) == {"title", "intro", "sections", "footer"}
    titles = [section["title"] for section in data["sections"]]
    assert "988 Suicide & Crisis Lifeline (US)" in titles
    assert all(section["lines"] for section in data["sections"])
    assert outcome.stderr == ""


def test_support_text_is_data_that_can_be_translated(cli: Run, prompts_copy: Path) -> None:
    edit(prompts_copy / "support.yaml", "title: Help, right now", "title: Ayuda, ahora")
    assert cli("support").stdout.startswith("# Ayuda, ahora")


def test_support_in_a_terminal_is_formatted(cli: Run) -> None:
    outcome = cli("support", env=TERMINAL)
    assert "988lifeline.org" in outcome.stdout
    assert "# Help" not in outcome.stdout  # rich drew the Markdown


# -- checking the texts ---------------------------------------------------------


def test_builtin_texts_are_valid() -> None:
    folder = paths.builtin_prompts_dir()
    assert parse_support(folder / "support.yaml")[1] == []
    assert parse_about(folder / "about.yaml")[1] == []


def line_of(file: Path, text: str) -> int:
    return file.read_text(encoding="utf-8").splitlines().index(text) + 1


@pytest.mark.parametrize(
    ("old", "new", "message", "at"),
    [
        ("title: Help, right now\n", "", "missing required field 'title'", "intro: >"),
        ("    notice: true\n", "    notice: yes please\n", "sections[1].notice must be true "
         "or false", "    notice: yes please"),
        ("  - suicide\n", "  - '--'\n", "crisis phrase '--' has no letters", "crisis_phrases:"),
        ("title: Help, right now", "title: [Help", "not valid YAML", "intro: >"),
    ],
)  # fmt: skip
def test_support_problems_name_file_and_line(
    prompts_copy: Path, old: str, new: str, message: str, at: str
) -> None:
    file = prompts_copy / "support.yaml"
    edit(file, old, new)
    support, problems = parse_support(file)
    assert support is None
    assert [str(p) for p in problems] == [f"{file}:{line_of(file, at)}: {problems[0].message}"]
    assert message in problems[0].message


def test_support_needs_a_section_for_the_notice(prompts_copy: Path) -> None:
    file = prompts_copy / "support.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("notice: true", "notice: false"))
    assert "mark at least one section 'notice: true'" in str(parse_support(file)[1])


def test_content_check_reports_broken_help_text(cli: Run, prompts_copy: Path) -> None:
    edit(prompts_copy / "about.yaml", "first_run_note:", "first_note:")
    outcome = cli("content", "check")
    assert outcome.exit_code == 1
    assert f"{prompts_copy / 'about.yaml'}:" in outcome.stdout
    assert "unknown field 'first_note'" in outcome.stdout
    assert "missing required field 'first_run_note'" in outcome.stdout


def test_content_check_covers_the_help_texts(cli: Run) -> None:
    outcome = cli("content", "check")
    assert outcome.exit_code == 0
    assert "and the help and about texts" in outcome.stderr


# -- intimacy about ---------------------------------------------------------------


def test_about_says_what_the_app_is_and_where_data_lives(cli: Run, data_dir: Path) -> None:
    outcome = cli("about")
    assert outcome.exit_code == 0
    text = " ".join(outcome.stdout.split())
    assert "It is not therapy" in text
    assert "does not diagnose" in text
    assert f"`{data_dir}`" in text
    assert "Nothing leaves the machine" in text
    assert "no network connections" in text
    assert "telemetry" in text
    assert "intimacy support" in text


def test_about_piped_writes_nothing(cli: Run, data_dir: Path) -> None:
    cli("about")
    assert not data_dir.exists()


# -- the first-run welcome ----------------------------------------------------------


def lessons(cli: Run, *extra: str, env: dict[str, str] | None = TERMINAL) -> Outcome:
    outcome = cli("--content-dir", str(FIXTURES / "lessons"), "lessons", *extra, env=env)
    assert outcome.exit_code == 0, outcome.stderr
    return outcome


def test_welcome_comes_once_before_the_first_command(cli: Run, data_dir: Path) -> None:
    first = lessons(cli)
    assert WELCOME in first.stdout
    assert first.stdout.index("About intimacy-cli") < first.stdout.index("A sample lesson")
    assert WELCOME not in lessons(cli).stdout


def test_welcome_comes_before_the_home_screen(cli: Run) -> None:
    assert WELCOME in cli(env=TERMINAL).stdout


def test_welcome_waits_to_be_read_when_someone_is_there(
    cli: Run, scripted: Callable[..., ScriptedPrompter]
) -> None:
    fake = scripted(("pause", "Press Enter to go on", None))
    first = lessons(cli)
    assert WELCOME in first.stdout
    assert [method for method, _, _ in fake.asked] == ["pause"]
    scripted()  # the second run asks nothing
    assert WELCOME not in lessons(cli).stdout


def test_welcome_marker_is_private(cli: Run, data_dir: Path) -> None:
    lessons(cli)
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((DataPaths(data_dir).welcome_marker).stat().st_mode) == 0o600


def test_no_welcome_and_no_write_when_piped(cli: Run, data_dir: Path) -> None:
    assert WELCOME not in lessons(cli, env=None).stdout
    assert not data_dir.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["--help"],
        ["lessons", "--json"],
        ["lessons", "--help"],
        ["lessons", "-h"],
        ["read", "sample", "--json"],
        ["support"],
    ],
)
def test_no_welcome_for_help_json_or_support(cli: Run, data_dir: Path, args: list[str]) -> None:
    outcome = cli("--content-dir", str(FIXTURES / "lessons"), *args, env=TERMINAL)
    assert outcome.exit_code == 0
    assert WELCOME not in outcome.stdout + outcome.stderr
    assert not data_dir.exists()


def test_about_in_a_terminal_counts_as_the_welcome(cli: Run) -> None:
    about = cli("about", env=TERMINAL)
    assert "About intimacy-cli" in about.stdout
    assert WELCOME not in about.stdout
    assert WELCOME not in lessons(cli).stdout


def test_unwritable_data_dir_does_not_stop_the_command(cli: Run, data_dir: Path) -> None:
    data_dir.write_text("not a folder", encoding="utf-8")
    outcome = lessons(cli)
    assert "A sample lesson" in outcome.stdout


@pytest.mark.slow
def test_the_welcome_waits_to_be_read_in_a_real_terminal(
    open_terminal: Callable[..., Terminal], data_dir: Path
) -> None:
    first = open_terminal("lessons", welcomed=False, columns=60)
    first.sees("Press Enter to go on")
    assert WELCOME in str(first.child.before)
    assert first.shows("You will see this welcome only once.")
    assert not first.shows("Welcome: how to read")  # the command waits
    first.child.send(ENTER)
    first.sees("Welcome: how to read")
    assert first.exit_code() == 0
    assert (DataPaths(data_dir).welcome_marker).exists()
    code, shown = run_in_terminal("lessons", welcomed=False)
    assert code == 0
    assert WELCOME not in shown
