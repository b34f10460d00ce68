"""The layers contract holds, and it would catch an upward import."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT.exists(), reason="import-linter is not installed")


def lint(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT), "--config", str(project / "pyproject.toml"), "--no-cache"],
        cwd=project,
        env={"PYTHONPATH": str(project), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def copy_of_the_app(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "intimacy_cli", project / "intimacy_cli")
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    return project


def test_the_layers_point_one_way(tmp_path: Path) -> None:
    result = lint(copy_of_the_app(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_upward_import_breaks_the_contract(tmp_path: Path) -> None:
    project = copy_of_the_app(tmp_path)
    text = project / "intimacy_cli" / "base" / "text.py"
    text.write_text(
        text.read_text() + "\n\ndef _up() -> None:\n    import intimacy_cli.ui.console\n"
    )
    result = lint(project)
    assert result.returncode != 0
    assert "intimacy_cli.base.text -> intimacy_cli.ui.console" in result.stdout
