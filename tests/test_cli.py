"""The command line as a whole: --version, --help on every command, usage errors,
``python -m``, no tracebacks, a closed stdin, and the installed wheel."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers.app import FIXTURES, Outcome, run_subprocess

from intimacy_cli import __version__

Cli = Callable[..., Outcome]
PACK = str(FIXTURES / "lessons")


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"intimacy {__version__}"


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
    """Build the wheel, install it (not editable) in a new venv, run it elsewhere.

    Offline: the build backend is a dev dependency (no isolated build env to
    download), and the new venv takes the wheel's dependencies from this
    environment instead of the package index."""
    import subprocess
    import sys
    import sysconfig

    root = Path(__file__).resolve().parent.parent
    dist = tmp_path / "dist"
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(dist),
            str(root),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    wheel = next(dist.glob("intimacy_cli-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    (site_packages,) = (venv / "lib").glob("python3*/site-packages")
    # Appended to the new venv's path, after its own site-packages (a plain path
    # line: the .pth files there, such as this checkout's editable install, are
    # not run).
    (site_packages / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    install = ["install", "--quiet", "--no-deps", "--no-index", "--disable-pip-version-check"]
    subprocess.run(  # this environment's pip, installing into the new venv
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin" / "python"),
            *install,
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import intimacy_cli; print(intimacy_cli.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(site_packages), "the wheel's copy runs"
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


def every_command_path(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every runnable command, subcommands included (``data path`` ...), as
    help and completion find them (the app builds each command on demand)."""
    import typer

    context = typer.Context(group)
    paths: list[tuple[str, ...]] = []
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if hasattr(command, "list_commands"):
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
        assert cli(*path, "-h").stdout == result.stdout, path  # -h is --help everywhere
    for group in ((), ("data",), ("content",)):
        assert cli(*group, "-h").stdout == cli(*group, "--help").stdout, group


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
