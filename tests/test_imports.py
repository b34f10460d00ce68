"""Fast start: commands that never prompt must not import the prompt libraries
(questionary, prompt_toolkit) or cryptography (unless the journal is
encrypted), and ``--version`` imports nothing heavy at all. Each case runs in
a fresh interpreter and reports ``sys.modules`` as the process exits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from store_support import FAST_COST

from intimacy_cli.cli import app
from intimacy_cli.store import Journal
from intimacy_cli.store.crypto import EncryptedCodec

PROMPTING = ("questionary", "prompt_toolkit", "cryptography")
HEAVY = ("rich", "yaml", "tinydb", "orjson", "platformdirs", "tomllib")

# Runs the app as `intimacy ARGS...` and writes the imported module names to a file.
PROBE = """
import atexit, json, runpy, sys
report, args = sys.argv[1], json.loads(sys.argv[2])
atexit.register(lambda: open(report, "w").write(json.dumps(sorted(sys.modules))))
sys.argv = ["intimacy", *args]
runpy.run_module("intimacy_cli", run_name="__main__")
"""


def imported(tmp_path: Path, args: list[str], env: dict[str, str] | None = None) -> set[str]:
    report = tmp_path / "modules.json"
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(report), json.dumps(args)],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(report.read_text(encoding="utf-8")))


def loaded(modules: set[str], package: str) -> bool:
    return any(name == package or name.startswith(package + ".") for name in modules)


def registered(command: str) -> bool:
    group = typer.main.get_command(app)
    return command in getattr(group, "commands", {})


@pytest.mark.slow
def test_version_imports_nothing_heavy(tmp_path: Path) -> None:
    modules = imported(tmp_path, ["--version"])
    assert [p for p in (*PROMPTING, *HEAVY) if loaded(modules, p)] == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--help"], None),
        (["lessons"], None),
        (["lessons", "--json"], None),
        (["lessons"], {"TTY_COMPATIBLE": "1"}),  # as in a terminal, with the first-run welcome
        (["read", "welcome"], None),
        (["read", "welcome", "--json"], None),
        (["support"], None),
        (["about"], None),
    ],
)
def test_non_interactive_commands_skip_prompt_libraries(
    tmp_path: Path, args: list[str], env: dict[str, str] | None
) -> None:
    modules = imported(tmp_path, args, env)
    assert "intimacy_cli.cli" in modules  # the probe really ran the app
    assert [p for p in PROMPTING if loaded(modules, p)] == []


@pytest.mark.slow
@pytest.mark.parametrize("command", ["review", "export"])
def test_review_and_export_skip_prompt_libraries(tmp_path: Path, command: str) -> None:
    if not registered(command):
        pytest.skip(f"'intimacy {command}' is not on this branch yet")
    modules = imported(tmp_path, [command])
    assert [p for p in PROMPTING if loaded(modules, p)] == []


@pytest.mark.slow
def test_only_an_encrypted_journal_loads_cryptography(tmp_path: Path, data_dir: Path) -> None:
    Journal(data_dir).entries.add(kind="journal", answer="plain")
    assert not loaded(imported(tmp_path, ["data", "backup"]), "cryptography")

    Journal(data_dir).maintenance.encrypt(EncryptedCodec("passphrase", FAST_COST))
    for args in (["lessons"], ["read", "welcome"], ["data", "path"]):
        assert not loaded(imported(tmp_path, args), "cryptography"), args
    unlocked = imported(tmp_path, ["data", "backup"], {"INTIMACY_PASSPHRASE": "passphrase"})
    assert loaded(unlocked, "cryptography")  # the probe does see it when it is used
