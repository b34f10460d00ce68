"""``review --lesson`` and ``export --lesson`` with an id that names no lesson:
an error suggesting the closest id, not an empty list. A lesson that is no
longer installed but has entries in the journal stays reviewable."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.app import WITH_SAMPLE, Outcome
from helpers.entries import entry, seed

Cli = Callable[..., Outcome]


@pytest.fixture(autouse=True)
def saved(data_dir: Path) -> None:
    seed(
        data_dir,
        entry("2026-11-20 10:00", "From the sample"),
        entry("2026-11-20 11:00", "From a removed pack", lesson="old-homework"),
    )


@pytest.mark.parametrize("command", ["review", "export"])
def test_an_unknown_lesson_suggests_the_closest_id(cli: Cli, command: str) -> None:
    result = cli(*WITH_SAMPLE, command, "--lesson", "sampel")
    assert result.exit_code == 2
    assert "no lesson 'sampel'" in result.stderr
    assert "did you mean 'sample'?" in result.stderr
    assert "No entries match" not in result.stderr
    assert result.stdout == ""


def test_a_lesson_id_in_the_wrong_case_is_suggested_as_it_is_spelled(cli: Cli) -> None:
    result = cli(*WITH_SAMPLE, "review", "--lesson", "WELCOME")
    assert result.exit_code == 2
    assert "did you mean 'welcome'?" in result.stderr


def test_an_id_close_to_nothing_lists_the_lessons(cli: Cli) -> None:
    result = cli(*WITH_SAMPLE, "review", "--lesson", "zzzzzz")
    assert result.exit_code == 2
    assert "lessons: welcome," in result.stderr
    assert "old-homework" in result.stderr  # known from the journal


def test_a_lesson_no_longer_installed_is_still_reviewable(cli: Cli) -> None:
    result = cli("review", "--lesson", "old-homework")
    assert result.exit_code == 0, result.stderr
    assert "From a removed pack" in result.stdout
    exported = cli("export", "--lesson", "old-homework")
    assert exported.exit_code == 0
    assert "From a removed pack" in exported.stdout


def test_a_removed_lesson_is_suggested_from_the_journal(cli: Cli) -> None:
    result = cli("review", "--lesson", "old-homwork")
    assert result.exit_code == 2
    assert "did you mean 'old-homework'?" in result.stderr


def test_an_installed_lesson_without_entries_is_simply_empty(cli: Cli) -> None:
    result = cli(*WITH_SAMPLE, "review", "--lesson", "welcome")
    assert result.exit_code == 0
    assert "No entries match these filters." in result.stderr


def test_with_unreadable_lesson_files_the_journal_decides(cli: Cli, tmp_path: Path) -> None:
    missing = ("--content-dir", str(tmp_path / "nowhere"))
    assert cli(*missing, "review", "--lesson", "sample").exit_code == 0
    result = cli(*missing, "review", "--lesson", "sampel")
    assert result.exit_code == 2
    assert "did you mean 'sample'?" in result.stderr
