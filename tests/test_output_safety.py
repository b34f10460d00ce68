"""What reaches the terminal cannot hide where a link goes, cannot be driven by
C1 controls in JSON, and cannot reorder or hide text with invisible characters;
what is stored and exported keeps a person's words exactly."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.app import Outcome

from intimacy_cli.base.text import escape_controls, json_escaped, printable
from intimacy_cli.store import Journal

Cli = Callable[..., Outcome]
# What rich needs to believe it draws on a colour terminal.
TERMINAL = {"TTY_COMPATIBLE": "1", "TERM": "xterm-256color", "INTIMACY_PAGER": "cat"}
ANSI = re.compile(r"\x1b\[[0-9;]*m")
OSC_8 = "\x1b]8;"


# -- invisible characters -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("txt\u202eexe.", "txt<U+202E>exe."),  # right-to-left override
        ("a\u202ab\u202cc", "a<U+202A>b<U+202C>c"),  # embedding and pop
        ("\u2066x\u2069", "<U+2066>x<U+2069>"),  # isolates
        ("l\u200ei\u200fr\u061c", "l<U+200E>i<U+200F>r<U+061C>"),  # marks
        ("zero\u200bwidth", "zero<U+200B>width"),
        ("word\u2060joiner", "word<U+2060>joiner"),
        ("\ufeffbom", "<U+FEFF>bom"),
        ("pay\u200dpal", "pay<U+200D>pal"),  # a joiner between ASCII letters hides
        ("end\u200c", "end<U+200C>"),
        ("\u200d\u0645", "<U+200D>\u0645"),
        ("esc \x1b[31m and C1 \x9b", "esc \\x1b[31m and C1 \\x9b"),
    ],
)
def test_printable_shows_what_would_hide_or_reorder_text(text: str, shown: str) -> None:
    assert printable(text) == shown


@pytest.mark.parametrize(
    "text",
    [
        "👨\u200d👩\u200d👧",  # a family: emoji joined
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian: a non-joiner in a word
        "\u0915\u094d\u200d\u0937",  # Devanagari: a joiner between letters
        "Tänk på … ☃ 心",
        "plain ASCII",
    ],
)
def test_printable_keeps_what_a_script_or_emoji_needs(text: str) -> None:
    assert printable(text) == text


def test_files_keep_the_invisible_characters_but_not_controls() -> None:
    assert escape_controls("a\u202eb\u200bc\x1b") == "a\u202eb\u200bc\\x1b"


def note(cli: Cli, data_dir: Path, text: str) -> str:
    """Write ``text`` as a journal note, piped in; its id."""
    result = cli("journal", input=text)
    assert result.exit_code == 0, result.stderr
    [saved] = Journal(data_dir).entries.query()
    return saved.id


TRICKY = "pay \u202egnp.exe\u202c now\u200b; C1 \x85\x9b here"


def test_the_terminal_shows_them_and_the_journal_keeps_them(cli: Cli, data_dir: Path) -> None:
    entry_id = note(cli, data_dir, TRICKY)
    assert Journal(data_dir).entries.query()[0].answer == TRICKY  # stored as written
    shown = cli("show", entry_id, "--no-pager").stdout
    assert "pay <U+202E>gnp.exe<U+202C> now<U+200B>; C1 \\x85\\x9b here" in shown
    assert "\u202e" not in shown and "\x9b" not in shown


def test_markdown_and_csv_exports_keep_the_words(cli: Cli, data_dir: Path) -> None:
    note(cli, data_dir, TRICKY)
    for fmt in ("md", "csv"):
        exported = cli("export", "--format", fmt).stdout
        assert "pay \u202egnp.exe\u202c now\u200b" in exported, fmt
        assert "\x9b" not in exported  # controls are still made visible in files


# -- JSON -------------------------------------------------------------------------------------


def test_json_escapes_c1_and_bidirectional_controls(cli: Cli, data_dir: Path) -> None:
    note(cli, data_dir, TRICKY)
    for args in (("review", "--json"), ("export", "--format", "json")):
        out = cli(*args).stdout
        assert not re.search("[\x7f-\x9f\u202a-\u202e]", out), args
        assert "\\u0085\\u009b" in out and "\\u202e" in out, args
        parsed = json.loads(out)
        entries = parsed if isinstance(parsed, list) else parsed["entries"]
        assert entries[0]["answer"] == TRICKY  # the same data to any parser


def test_a_json_export_with_escapes_imports_back_exactly(cli: Cli, data_dir: Path) -> None:
    note(cli, data_dir, TRICKY)
    exported = cli("export", "--format", "json").stdout
    for path in data_dir.glob("journal*"):
        path.unlink()
    assert cli("import", "-", input=exported).exit_code == 0
    assert [e.answer for e in Journal(data_dir).entries.query()] == [TRICKY]


def test_json_escaped_leaves_everything_else_alone() -> None:
    text = json.dumps({"a": "Tänk \u200d 👨\u200d👩 \\u0041"}, ensure_ascii=False)
    assert json_escaped(text) == text
    assert json_escaped('"\x7f\x80\x9f\xa0"') == '"\\u007f\\u0080\\u009f\xa0"'


# -- lesson packs -----------------------------------------------------------------------------


def linky_pack(tmp_path: Path) -> Path:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "linky.yaml").write_text(
        "id: linky\norder: 50\n"
        'title: "Links \\u202eevil\\u202c here"\n'
        "summary: Brief.\n"
        "sections:\n"
        "  - title: Only\n"
        '    body: "Read [a trusted guide](https://evil.example/steal) now.'
        ' Zero\\u200bwidth. <https://plain.example>"\n'
        "takeaways: [One.]\n",
        encoding="utf-8",
    )
    return pack


def test_a_markdown_link_shows_its_address_in_a_terminal(cli: Cli, tmp_path: Path) -> None:
    pack = linky_pack(tmp_path)
    result = cli("--content-dir", str(pack), "read", "linky", env=TERMINAL)
    assert result.exit_code == 0, result.stderr
    assert "\x1b[" in result.stdout  # drawn as for a terminal, with styles
    assert OSC_8 not in result.stdout  # ...but no hyperlink escape anywhere
    plain = ANSI.sub("", result.stdout)
    assert "a trusted guide (https://evil.example/steal)" in plain
    assert "Links <U+202E>evil<U+202C> here" in plain and "Zero<U+200B>width" in plain


def test_piped_lesson_markdown_shows_links_as_written(cli: Cli, tmp_path: Path) -> None:
    result = cli("--content-dir", str(linky_pack(tmp_path)), "read", "linky")
    assert "[a trusted guide](https://evil.example/steal)" in result.stdout
    assert "\u202e" not in result.stdout and "<U+202E>" in result.stdout


def test_lesson_json_escapes_the_override(cli: Cli, tmp_path: Path) -> None:
    result = cli("--content-dir", str(linky_pack(tmp_path)), "read", "linky", "--json")
    assert "\u202e" not in result.stdout
    assert json.loads(result.stdout)["title"] == "Links \u202eevil\u202c here"
