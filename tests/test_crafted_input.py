"""Crafted input gets one calm line and exit 1, in bounded time and memory.

Every file the app reads from a person or a pack (lesson files, answers files,
the settings file, an export to import) is tried with the shapes that once
hung it or raised a traceback: YAML aliases that expand exponentially, deep
nesting, integers longer than Python converts, tags whose value cannot be
built, and files far larger than any real one.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from helpers.app import WITH_SAMPLE, Outcome, run_subprocess

from intimacy_cli.base.limits import MAX_INPUT_BYTES, MAX_SETTINGS_BYTES
from intimacy_cli.content import yaml_lines
from intimacy_cli.store import Journal

Cli = Callable[..., Outcome]


def laughs(levels: int = 9) -> str:
    """The "billion laughs": nine levels of nine aliases, 9**9 strings once expanded."""
    text = 'x0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for level in range(1, levels):
        text += f"x{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]\n"
    return text


# Each is a whole YAML document that must be refused with a line naming the file.
CRAFTED_YAML = {
    # As a mapping key, the expanded structure is turned into text: that hung.
    "billion laughs": laughs() + "? *a8\n: 1\n",
    "one alias": "order: &n 10\nminutes: *n\n",
    "merge key": "base: &b {title: x}\nlesson:\n  <<: *b\n",
    "self-referring alias": "order: &a [*a]\n",
    "deep flow nesting": "order: " + "[" * 400 + "]" * 400 + "\n",
    "deep block nesting": "order:\n" + "".join("  " * n + "- \n" for n in range(1, 300)),
    "huge integer": "order: " + "9" * 5000 + "\n",
    "float tag on text": "order: !!float x\n",
    "impossible date": "order: 2026-99-99\n",
    "timestamp tag on an impossible date": "order: !!timestamp 2026-99-99\n",
    "bool tag on text": "order: !!bool maybe\n",
    "empty int tag": "order: !!int ''\n",
    "broken binary": "order: !!binary abc\n",
    "python tag": "order: !!python/object/apply:os.system [echo hi]\n",
    "unknown local tag": "order: !mine 1\n",
}


def one_error_line(result: Outcome, *, naming: str) -> str:
    """The failure is exactly one 'Error:' line on stderr, naming the file."""
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ") and naming in lines[0], lines[0]
    assert "Traceback" not in result.stderr + result.stdout
    return lines[0]


def one_warning_line(result: Outcome, *, naming: str) -> str:
    """A broken lesson file is left out with one 'Warning:' line on stderr
    naming it, and the valid lessons are still listed."""
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("Warning: left out the broken lesson file "), result.stderr
    assert naming in lines[0], lines[0]
    assert "Welcome" in result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    return lines[0]


# -- YAML on its own -----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CRAFTED_YAML))
def test_crafted_yaml_is_a_yaml_error_with_a_line(name: str) -> None:
    started = time.monotonic()
    with pytest.raises(yaml.YAMLError) as caught:
        yaml_lines.parse(CRAFTED_YAML[name])
    assert time.monotonic() - started < 2
    assert yaml_lines.error_text(caught.value)


def test_an_anchor_never_used_again_is_fine() -> None:
    assert yaml_lines.parse("order: &n 10\n") == {"order": 10}


def test_nesting_a_lesson_needs_is_fine() -> None:
    depth = 40
    assert yaml_lines.parse("[" * depth + "]" * depth) is not None


def test_an_alias_error_points_at_the_anchored_value() -> None:
    with pytest.raises(yaml.YAMLError) as caught:
        yaml_lines.parse("a: 1\nb: &x [1]\nc: *x\n")
    assert yaml_lines.error_line(caught.value) == 2
    assert "alias" in yaml_lines.error_text(caught.value)


# -- lesson packs ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CRAFTED_YAML))
def test_a_crafted_lesson_file_is_one_line_naming_it(cli: Cli, tmp_path: Path, name: str) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "crafted.yaml").write_text(CRAFTED_YAML[name], encoding="utf-8")
    result = cli("--content-dir", str(pack), "lessons")
    line = one_warning_line(result, naming=str(pack / "crafted.yaml"))
    assert "not valid YAML" in line


@pytest.mark.slow
def test_billion_laughs_in_a_pack_does_not_hang_the_app(tmp_path: Path) -> None:
    """INTIMACY_CONTENT at such a pack used to hang every command that loads lessons."""
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "laughs.yaml").write_text(CRAFTED_YAML["billion laughs"], encoding="utf-8")
    started = time.monotonic()
    result = run_subprocess([], env={"INTIMACY_CONTENT": str(pack)})
    assert time.monotonic() - started < 15
    assert result.returncode == 0  # the file is left out; the built-in lessons remain
    assert f"Warning: left out the broken lesson file {pack / 'laughs.yaml'}" in result.stderr
    assert "alias" in result.stderr and "Traceback" not in result.stderr


def test_a_lesson_file_over_the_size_limit_is_not_read(cli: Cli, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    huge = pack / "huge.yaml"
    with huge.open("wb") as file:  # sparse: the size is checked before any reading
        file.truncate(MAX_INPUT_BYTES + 1)
    line = one_warning_line(cli("--content-dir", str(pack), "lessons"), naming=str(huge))
    assert "larger than 10 MB" in line


def test_content_check_lists_the_crafted_file(cli: Cli, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "laughs.yaml").write_text(CRAFTED_YAML["billion laughs"], encoding="utf-8")
    result = cli("content", "check", str(pack))
    assert result.exit_code == 1
    assert f"{pack / 'laughs.yaml'}:" in result.stdout and "alias" in result.stdout


# -- answers files ---------------------------------------------------------------------------


def reflect_with(cli: Cli, tmp_path: Path, text: str) -> tuple[Outcome, Path]:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return cli(*WITH_SAMPLE, "reflect", "sample", "--answers", str(path)), path


@pytest.mark.parametrize("name", sorted(set(CRAFTED_YAML) - {"billion laughs"}))
def test_a_crafted_yaml_answers_file_is_one_line(
    cli: Cli, tmp_path: Path, data_dir: Path, name: str
) -> None:
    # The answers use the sample lesson's scale question, in place of 'order'.
    text = CRAFTED_YAML[name].replace("order:", "closeness:")
    result, path = reflect_with(cli, tmp_path, text)
    one_error_line(result, naming=str(path))
    assert Journal(data_dir).entries.query() == []


CRAFTED_JSON = {
    "deep nesting": "[" * 100_000 + "]" * 100_000,
    "deep object nesting": '{"a":' * 50_000 + "1" + "}" * 50_000,
    "huge integer": '{"closeness": ' + "9" * 5000 + "}",
    "huge negative integer": '{"closeness": -' + "9" * 5000 + "}",
}


@pytest.mark.parametrize("name", sorted(CRAFTED_JSON))
def test_a_crafted_json_answers_file_is_one_line(
    cli: Cli, tmp_path: Path, data_dir: Path, name: str
) -> None:
    result, path = reflect_with(cli, tmp_path, CRAFTED_JSON[name])
    one_error_line(result, naming=str(path))
    assert Journal(data_dir).entries.query() == []


@pytest.mark.slow
def test_billion_laughs_as_answers_does_not_hang(tmp_path: Path, data_dir: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(CRAFTED_YAML["billion laughs"], encoding="utf-8")
    result = run_subprocess([*WITH_SAMPLE, "reflect", "sample", "--answers", str(path)])
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"Error: {path}:") and "alias" in result.stderr


def test_an_answers_file_over_the_size_limit_is_not_read(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    with path.open("wb") as file:
        file.truncate(MAX_INPUT_BYTES + 1)
    result = cli(*WITH_SAMPLE, "reflect", "sample", "--answers", str(path))
    assert "larger than 10 MB" in one_error_line(result, naming=str(path))


def test_answers_on_stdin_over_the_size_limit_are_refused(cli: Cli) -> None:
    result = cli(*WITH_SAMPLE, "reflect", "sample", "--answers", "-", input="#" * (11 << 20))
    assert "larger than 10 MB" in one_error_line(result, naming="<stdin>")


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_an_endless_answers_file_is_read_only_up_to_the_limit() -> None:
    result = run_subprocess([*WITH_SAMPLE, "reflect", "sample", "--answers", "/dev/zero"])
    assert result.returncode == 1
    assert result.stderr.startswith("Error: /dev/zero is larger than 10 MB")


# -- the settings file -----------------------------------------------------------------------


CRAFTED_TOML = {
    "deep nesting": "color = " + "[" * 5000 + "]" * 5000 + "\n",
    "deep inline tables": "color = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n",
    "huge integer": "color = " + "9" * 5000 + "\n",
    "impossible date": "color = 2026-99-99\n",
}


@pytest.mark.parametrize("name", sorted(CRAFTED_TOML))
def test_a_crafted_settings_file_is_one_line(cli: Cli, tmp_path: Path, name: str) -> None:
    path = tmp_path / "config.toml"  # where INTIMACY_CONFIG points in the tests
    path.write_text(CRAFTED_TOML[name], encoding="utf-8")
    one_error_line(cli("lessons"), naming=str(path))


def test_a_settings_file_over_its_limit_is_not_read(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    with path.open("wb") as file:
        file.truncate(MAX_SETTINGS_BYTES + 1)
    assert "larger than 1 MB" in one_error_line(cli("lessons"), naming=str(path))
