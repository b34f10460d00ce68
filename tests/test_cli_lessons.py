"""The foundation commands as a person (or a script) uses them."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.app import FIXTURES, Outcome, run_subprocess

from intimacy_cli import __version__

Cli = Callable[..., Outcome]
PACK = str(FIXTURES / "lessons")


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"intimacy {__version__}"


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


def test_usage_error_exits_2(cli: Cli) -> None:
    assert cli("lessons", "--bogus").exit_code == 2


def test_python_dash_m_runs_without_writing_anything(data_dir: Path) -> None:
    result = run_subprocess(["lessons", "--json"])
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["id"] == "welcome"
    assert not data_dir.exists(), "listing lessons must not create the data folder"


def test_errors_never_show_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("id: [")
    result = run_subprocess(["--content-dir", str(tmp_path), "read", "x"])
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_installed_wheel_finds_its_lessons_from_any_folder(tmp_path: Path) -> None:
    """Build the wheel, install it (not editable) in a new venv, run it elsewhere."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(root)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("intimacy_cli-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [str(venv / "bin" / "intimacy"), "lessons", "--json"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=os.environ,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    ids = [item["id"] for item in json.loads(result.stdout)]
    assert ids[0] == "welcome"
    packaged = list((venv / "lib").glob("python3*/site-packages/intimacy_cli/prompts/lessons"))
    assert packaged, "prompts/ must ship inside the wheel"


def every_command_path(group: object, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every runnable command, subcommands included (``data path`` ...)."""
    commands = getattr(group, "commands", {})
    paths: list[tuple[str, ...]] = []
    for name, command in commands.items():
        if getattr(command, "commands", None):
            paths += every_command_path(command, (*prefix, name))
        else:
            paths.append((*prefix, name))
    return paths


def test_every_command_has_help_with_examples(cli: Cli) -> None:
    import typer.main

    from intimacy_cli.cli import app

    paths = every_command_path(typer.main.get_command(app))
    assert ("data", "encrypt") in paths and ("import",) in paths
    for path in paths:
        result = cli(*path, "--help")
        assert result.exit_code == 0, path
        assert "Examples" in result.stdout, path


@pytest.mark.parametrize("command", [["journal"], ["learn", "welcome"], ["reflect", "welcome"], []])
def test_a_closed_stdin_reads_as_empty_instead_of_crashing(command: list[str]) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "intimacy_cli", *command],
        capture_output=True,
        text=True,
        preexec_fn=lambda: os.close(0),  # the child starts with its stdin closed
        check=False,
    )
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 1)
    assert len(result.stderr.strip().splitlines()) <= 1


def test_an_error_quoting_a_line_break_stays_on_one_line(cli: Cli) -> None:
    result = cli("--content-dir", PACK, "read", "ab\ncd")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "ab\\ncd" in result.stderr
