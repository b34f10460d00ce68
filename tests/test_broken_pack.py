"""A single broken file in a ``--content-dir`` pack: ``lessons`` and ``learn``
(and every command that needs lessons) show the valid lessons plus one line
naming the broken file; ``content check`` stays strict."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.app import FIXTURE_LESSONS, Outcome
from helpers.scripted import ScriptedPrompter

Cli = Callable[..., Outcome]
Script = Callable[..., ScriptedPrompter]


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """The sample lesson, and a file with a typo in it."""
    folder = tmp_path / "homework"
    folder.mkdir()
    shutil.copy(FIXTURE_LESSONS / "10-sample.yaml", folder / "10-sample.yaml")
    (folder / "20-typo.yaml").write_text("id: typo\norder: 20\ntitle: Typo\n")
    return folder


def test_lessons_lists_the_valid_ones_and_names_the_broken_file(cli: Cli, pack: Path) -> None:
    result = cli("--content-dir", str(pack), "lessons")
    assert result.exit_code == 0, result.stderr
    assert "A sample lesson" in result.stdout
    assert "Welcome" in result.stdout
    warning = result.stderr.splitlines()[0]
    assert warning.startswith(f"Warning: left out the broken lesson file {pack / '20-typo.yaml'}")
    assert "missing required field" in warning
    assert f"intimacy content check {pack}" in warning


def test_learn_still_teaches_a_valid_lesson_from_the_pack(
    cli: Cli, scripted: Script, pack: Path
) -> None:
    scripted(("select", "Go on with this lesson", "later"))
    result = cli("--content-dir", str(pack), "learn", "sample")
    assert result.exit_code == 0, result.stderr
    assert "20-typo.yaml" in result.stderr.splitlines()[0]


def test_learn_offers_the_valid_lessons_in_its_list(cli: Cli, scripted: Script, pack: Path) -> None:
    picker = scripted(("select", "Which lesson?", None))
    result = cli("--content-dir", str(pack), "learn")
    assert result.exit_code == 0, result.stderr
    offered = picker.asked[0][2]
    assert any("A sample lesson" in label for label in offered)
    assert not any("Typo" in label for label in offered)


def test_the_broken_lesson_itself_is_not_found_and_the_line_says_why(cli: Cli, pack: Path) -> None:
    result = cli("--content-dir", str(pack), "read", "typo")
    assert result.exit_code == 1
    first, error = result.stderr.strip().splitlines()
    assert "20-typo.yaml" in first
    assert error.startswith("Error: no lesson 'typo'")


def test_several_broken_files_are_named_on_one_line(cli: Cli, pack: Path) -> None:
    (pack / "30-empty.yaml").write_text("")
    result = cli("--content-dir", str(pack), "lessons")
    assert result.exit_code == 0
    warning = result.stderr.splitlines()[0]
    assert warning.startswith("Warning: left out 2 broken lesson files:")
    assert "20-typo.yaml" in warning and "30-empty.yaml" in warning


def test_content_check_stays_strict(cli: Cli, pack: Path) -> None:
    result = cli("content", "check", str(pack))
    assert result.exit_code == 1
    assert "20-typo.yaml" in result.stdout


def test_a_missing_pack_folder_is_still_an_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("--content-dir", str(tmp_path / "nowhere"), "lessons")
    assert result.exit_code == 1
    assert "lesson folder not found" in result.stderr
