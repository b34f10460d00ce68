"""The settings file: where it is read, what wins over what, and how a broken one fails."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.app import Outcome

from intimacy_cli.base import config

Run = Callable[..., Outcome]


@pytest.fixture
def settings_file() -> Path:
    return Path(os.environ["INTIMACY_CONFIG"])


def about_data_dir(outcome: Outcome) -> str:
    """The folder `intimacy about` says the journal lives in (piped, so plain Markdown)."""
    lines = outcome.stdout.splitlines()
    return lines[lines.index("Everything you write is kept on this computer, in this folder:") + 2]


def test_no_file_means_defaults() -> None:
    assert config.load() == config.Config()


def test_all_keys_are_read(settings_file: Path, tmp_path: Path) -> None:
    settings_file.write_text(
        f'data_dir = "{tmp_path / "j"}"\ncolor = false\ncrisis_notice = false\n', encoding="utf-8"
    )
    assert config.load() == config.Config(data_dir=tmp_path / "j", color=False, crisis_notice=False)


def test_data_dir_expands_home(settings_file: Path) -> None:
    settings_file.write_text('data_dir = "~/journal"\n', encoding="utf-8")
    assert config.load().data_dir == Path(os.environ["HOME"]) / "journal"


def test_config_data_dir_is_used_without_flag_or_env(
    cli: Run, settings_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("INTIMACY_HOME")
    settings_file.write_text(f'data_dir = "{tmp_path / "from-config"}"\n', encoding="utf-8")
    assert about_data_dir(cli("about")) == f"`{tmp_path / 'from-config'}`"


def test_env_beats_config_and_flag_beats_env(
    cli: Run, settings_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings_file.write_text(f'data_dir = "{tmp_path / "from-config"}"\n', encoding="utf-8")
    monkeypatch.setenv("INTIMACY_HOME", str(tmp_path / "from-env"))
    assert about_data_dir(cli("about")) == f"`{tmp_path / 'from-env'}`"
    flagged = cli("--data-dir", str(tmp_path / "from-flag"), "about")
    assert about_data_dir(flagged) == f"`{tmp_path / 'from-flag'}`"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('color = "no"\n', "'color' must be true or false, not 'no'"),
        ("crisis_notice = 0\n", "'crisis_notice' must be true or false, not 0"),
        ("data_dir = 5\n", "'data_dir' must be a folder path in quotes, not 5"),
        ('data_dir = "journal"\n', "'data_dir' must be an absolute path or start with ~"),
        ('data_dir = ""\n', "'data_dir' must be an absolute path or start with ~"),
    ],
)
def test_wrong_values_stop_with_one_line_naming_file_and_key(
    cli: Run, settings_file: Path, content: str, expected: str
) -> None:
    settings_file.write_text(content, encoding="utf-8")
    outcome = cli("lessons")
    assert outcome.exit_code == 1
    assert outcome.stdout == ""
    assert outcome.stderr.count("\n") == 1
    assert str(settings_file) in outcome.stderr
    assert expected in outcome.stderr


def test_malformed_toml_names_file_and_line(cli: Run, settings_file: Path) -> None:
    settings_file.write_text("color = false\ncolor false\n", encoding="utf-8")
    outcome = cli("lessons")
    assert outcome.exit_code == 1
    assert outcome.stderr.count("\n") == 1
    assert f"settings file {settings_file} is not valid TOML" in outcome.stderr
    assert "line 2" in outcome.stderr


def test_file_that_is_not_text_is_an_error(cli: Run, settings_file: Path) -> None:
    settings_file.write_bytes(b"color = \xff\n")
    outcome = cli("lessons")
    assert outcome.exit_code == 1
    assert "is not UTF-8 text" in outcome.stderr


def test_unreadable_file_is_an_error(cli: Run, settings_file: Path) -> None:
    settings_file.mkdir()
    outcome = cli("lessons")
    assert outcome.exit_code == 1
    assert f"cannot read the settings file {settings_file}" in outcome.stderr


def test_unknown_key_is_a_warning_and_the_command_runs(cli: Run, settings_file: Path) -> None:
    settings_file.write_text("colour = false\n", encoding="utf-8")
    outcome = cli("lessons", "--json")
    assert outcome.exit_code == 0
    assert outcome.stdout.startswith("[")
    assert f"Warning: settings file {settings_file}: unknown key 'colour' is ignored" in (
        outcome.stderr
    )


@pytest.mark.parametrize(
    ("command", "shown"),
    [(["support"], "988lifeline.org"), (["support", "--json"], "988"), (["about"], "not therapy")],
)
def test_help_still_works_with_a_broken_file(
    cli: Run, settings_file: Path, command: list[str], shown: str
) -> None:
    settings_file.write_text("color = [\n", encoding="utf-8")
    outcome = cli(*command)
    assert outcome.exit_code == 0
    assert shown in outcome.stdout
    assert "not valid TOML" in outcome.stderr
    assert "(using the defaults)" in outcome.stderr


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"~no-such-user-here/x"', "'data_dir' must be a folder of a known user"),
        ('"/tmp/a\\u0000b"', "'data_dir' must be a folder path in quotes"),
    ],
)
def test_data_dir_that_cannot_be_a_folder_is_one_line(cli: Run, value: str, expected: str) -> None:
    Path(os.environ["INTIMACY_CONFIG"]).write_text(f"data_dir = {value}\n", encoding="utf-8")
    result = cli("review")
    assert result.exit_code == 1
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("folder", "expected"),
    [("~no-such-user-here", "cannot find the home folder"), ("", "is empty")],
)
def test_data_dir_option_that_cannot_be_a_folder_is_one_line(
    cli: Run, folder: str, expected: str
) -> None:
    result = cli("--data-dir", folder, "review")
    assert result.exit_code == 1
    assert expected in result.stderr
