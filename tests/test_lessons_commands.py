"""``lessons``, ``read`` and ``content check``: the lesson catalogue as a person
(or a script) sees it, extra lesson packs, and broken ones."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from helpers.app import FIXTURES, Outcome

Cli = Callable[..., Outcome]
PACK = str(FIXTURES / "lessons")


def test_help_describes_app_and_every_command_has_examples(cli: Cli) -> None:
    top = cli("--help")
    assert top.exit_code == 0
    assert "not therapy" in top.stdout
    for command in (["lessons"], ["read"], ["content", "check"]):
        assert "Examples" in cli(*command, "--help").stdout, command


def test_lessons_lists_the_catalogue_in_order(cli: Cli) -> None:
    result = cli("--content-dir", PACK, "lessons")
    assert result.exit_code == 0
    assert "A sample lesson" in result.stdout
    assert result.stdout.index("Welcome") < result.stdout.index("A sample lesson")


def test_lessons_json(cli: Cli) -> None:
    result = cli("--content-dir", PACK, "lessons", "--json")
    data = json.loads(result.stdout)
    sample = next(item for item in data if item["id"] == "sample")
    assert sample == {
        "id": "sample",
        "order": 10,
        "title": "A sample lesson",
        "summary": "A lesson that exists only for the tests.",
        "minutes": 10,
        "track": "core",
        "content_note": "This lesson mentions rejection.",
    }


def test_content_dirs_from_environment_separated_like_path(cli: Cli, tmp_path: Path) -> None:
    second = (FIXTURES / "lessons" / "10-sample.yaml").read_text()
    (tmp_path / "other.yaml").write_text(second.replace("id: sample", "id: sample-two"))
    result = cli("lessons", "--json", env={"INTIMACY_CONTENT": f"{PACK}{os.pathsep}{tmp_path}"})
    ids = [item["id"] for item in json.loads(result.stdout)]
    assert "sample" in ids and "sample-two" in ids


def test_read_json_has_the_documented_keys(cli: Cli) -> None:
    result = cli("--content-dir", PACK, "read", "sample", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    for key in ("id", "title", "summary", "minutes", "sections", "takeaways", "myths"):
        assert key in data
    assert set(data["sections"][0]) == {"title", "body"}
    assert set(data["references"][0]) == {"citation", "doi", "url"}
    assert set(data["quiz"][0]) >= {"question", "choices", "answer", "explanation"}
    by_id = {r["id"]: r for r in data["reflections"]}
    assert by_id["closeness"] == {
        "id": "closeness",
        "prompt": "How close do you feel?",
        "kind": "scale",
        "min": 0,
        "max": 10,
        "min_label": "Not at all",
        "max_label": "Very",
    }
    assert by_id["pick-many"]["options"] == ["Walks", "Meals", "Messages"]
    assert by_id["story"]["help"] == "Skip if you like."


def test_read_piped_is_plain_markdown_with_content_note_first(cli: Cli) -> None:
    result = cli("--content-dir", PACK, "read", "sample")
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert result.stdout.startswith("# A sample lesson")
    assert result.stdout.index("Content note") < result.stdout.index("## First part")
    assert "https://doi.org/10.1126/science.1093535" in result.stdout


def test_unknown_lesson_is_one_line_with_suggestion(cli: Cli) -> None:
    result = cli("--content-dir", PACK, "read", "sampel")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip() == "Error: no lesson 'sampel' (did you mean 'sample'?)"


def test_content_check_builtin_lessons_pass(cli: Cli) -> None:
    result = cli("content", "check")
    assert result.exit_code == 0, result.stdout
    assert "valid" in result.stderr


def test_content_check_lists_every_problem(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("id: a\n")
    (tmp_path / "b.yaml").write_text("id: [broken\n")
    result = cli("content", "check", str(tmp_path))
    assert result.exit_code == 1
    assert "a.yaml:1: lesson: missing required field 'title'" in result.stdout
    assert "b.yaml:" in result.stdout and "not valid YAML" in result.stdout


def test_content_check_reports_id_clash_with_a_pack(cli: Cli, tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "lessons" / "10-sample.yaml", tmp_path / "again.yaml")
    result = cli("content", "check", PACK, str(tmp_path))
    assert result.exit_code == 1
    assert "already used by" in result.stdout


def test_broken_pack_breaks_commands_with_one_line(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("id: x\n")
    result = cli("--content-dir", str(tmp_path), "lessons")
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "x.yaml" in result.stderr
