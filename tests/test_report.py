"""``intimacy report``: what the client chooses, redacted before rendering, written
privately, and remembered by a receipt."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.app import WITH_SAMPLE, Outcome
from helpers.entries import entry, seed
from helpers.scripted import ScriptedPrompter
from helpers.store import mode

from intimacy_cli.store import Entry, Journal

Cli = Callable[..., Outcome]
Script = Callable[..., ScriptedPrompter]

HOMEWORK = """\
id: week-1
title: Week one
from: Dr. Rivera
items:
  - reflections: {lesson: sample, ids: [closeness]}
  - prompt: What helped this week?
"""


def add_homework(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "week-1.homework.yaml"
    path.write_text(HOMEWORK)
    assert cli(*WITH_SAMPLE, "homework", "add", str(path)).exit_code == 0


def answers(data_dir: Path) -> list[Entry]:
    """One answer of every kind, with a secret name in one and markup in another."""
    journal = Journal(data_dir)
    return [
        journal.entries.add(
            kind="reflection", lesson="sample", question_id="closeness",
            question="How close do you feel?", answer=6,
        ),
        journal.entries.add(
            kind="reflection", lesson="sample", question_id="pick-one", question="Pick one.",
            answer="Touch",
        ),
        journal.entries.add(
            kind="quiz", lesson="sample", question_id="reward",
            question="Dopamine is mostly about?", answer="Liking", correct=False,
        ),
        journal.entries.add(
            kind="journal", answer="Talked with Alexandra <img src=http://x/y.png> "
            "[site](https://evil.example) ![p](https://evil.example/p.png) **bold**",
            question="What helped this week?", homework=("week-1", 2),
        ),
    ]  # fmt: skip


def test_markdown_to_stdout_carries_context_and_escapes_what_people_wrote(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    add_homework(cli, tmp_path)
    answers(data_dir)
    result = cli(*WITH_SAMPLE, "report", "--all")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "Exported by me from intimacy-cli on" in text and "Private" in text
    assert "> 6 on 0-10, 0 = Not at all, 10 = Very" in text  # a scale with its range and labels
    assert "*options: Talking, Touch*" in text  # a choice with its options
    assert "quiz: not quite (the right answer: Wanting)" in text  # a quiz with right or wrong
    assert "\\<img src=http://x/y.png\\>" in text
    assert "\\[site\\](https://evil.example) \\!\\[p\\]" in text
    assert "\\*\\*bold\\*\\*" in text


def test_html_shows_what_people_wrote_as_text(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    """Nothing in an answer becomes markup: not HTML, not Markdown-looking text."""
    Journal(data_dir).entries.add(
        kind="journal", answer="# not a heading\n- not a list\n**not bold** <b>nor this</b> &amp;"
    )
    out = tmp_path / "r.html"
    assert cli(*WITH_SAMPLE, "report", "--all", "-o", str(out)).exit_code == 0
    html = out.read_text()
    body = html[html.index("<body>") :]
    literal = "# not a heading\n- not a list\n**not bold** &lt;b&gt;nor this&lt;/b&gt; &amp;amp;"
    assert literal in body
    assert body.count("<h1>") == 1 and "<li>" not in body and "<strong>" not in body


def test_homework_report_has_its_items_and_status_and_only_its_entries(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    seed(data_dir, entry("2026-01-01 10:00", "long before"))
    add_homework(cli, tmp_path)
    made = answers(data_dir)
    result = cli(*WITH_SAMPLE, "report", "--homework", "week-1", "--all")
    assert result.exit_code == 0, result.stderr
    assert "## Homework: Week one" in result.stdout
    assert "- Item 1: Answer 1 reflection of A sample lesson (sample): closeness: **done" in (
        result.stdout
    )
    assert "- Item 2: Write about: What helped this week?: **done" in result.stdout
    assert "long before" not in result.stdout and "Pick one" not in result.stdout
    (receipt,) = Journal(data_dir).receipts.all()
    assert set(receipt.entries) == {made[0].id, made[3].id}
    assert receipt.homework == "week-1"


def test_redacted_words_are_in_no_byte_of_the_file(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    add_homework(cli, tmp_path)
    answers(data_dir)
    for name in ("r.md", "r.html"):
        out = tmp_path / name
        result = cli(
            *WITH_SAMPLE, "report", "--all", "--redact", "alexandra", "--redact", "Rivera",
            "--homework", "week-1", "-o", str(out),
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
        data = out.read_bytes()
        assert b"Alexandra" not in data and b"alexandra" not in data.lower()
        assert b"Rivera" not in data
        assert b"redacted" in data
        assert mode(out) == 0o600


def test_status_only_shares_no_question_and_no_answer(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    add_homework(cli, tmp_path)
    answers(data_dir)
    result = cli(*WITH_SAMPLE, "report", "--homework", "week-1", "--status-only")
    assert result.exit_code == 0, result.stderr
    assert "completion only, no answers" in result.stdout
    assert "Alexandra" not in result.stdout and "How close" not in result.stdout
    assert "Done (the answer is not shared)." in result.stdout
    (receipt,) = Journal(data_dir).receipts.all()
    assert receipt.status_only


def test_select_shares_exactly_those_entries(cli: Cli, data_dir: Path) -> None:
    made = answers(data_dir)
    result = cli(*WITH_SAMPLE, "report", "--select", made[1].id[:8])
    assert result.exit_code == 0, result.stderr
    assert "Pick one." in result.stdout and "Alexandra" not in result.stdout
    assert "## 1 entry" in result.stdout


def test_html_is_self_contained_with_a_csp_and_no_scripts(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    answers(data_dir)
    out = tmp_path / "r.html"
    assert cli(*WITH_SAMPLE, "report", "--all", "-o", str(out)).exit_code == 0
    html = out.read_text()
    assert "default-src 'none'; style-src 'unsafe-inline'" in html
    assert "<script" not in html.lower()
    assert "<img" not in html and "href=" not in html and "src=" not in html.replace("src=http", "")
    assert "&lt;img src=http://x/y.png&gt;" in html


def test_the_receipt_matches_the_file_and_history_lists_it(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    answers(data_dir)
    out = tmp_path / "session.md"
    cli(*WITH_SAMPLE, "report", "--all", "-o", str(out))
    (shared,) = json.loads(cli("report", "--history", "--json").stdout)
    assert shared["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert (shared["format"], shared["file"]) == ("md", str(out.resolve()))
    assert len(shared["entries"]) == 4
    listed = cli("report", "--history")
    assert "4 entries" in listed.stdout and shared["sha256"][:12] in listed.stdout


def test_an_existing_file_is_not_replaced_without_force(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    answers(data_dir)
    out = tmp_path / "r.md"
    out.write_text("keep me")
    refused = cli(*WITH_SAMPLE, "report", "--all", "-o", str(out))
    assert refused.exit_code == 1
    assert "already exists; nothing was written" in refused.stderr
    assert out.read_text() == "keep me"
    assert Journal(data_dir).receipts.all() == []
    assert cli(*WITH_SAMPLE, "report", "--all", "-o", str(out), "--force").exit_code == 0
    assert out.read_text().startswith("# Notes for my therapy session")


def test_format_from_the_suffix_or_the_flag(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    answers(data_dir)
    cli(*WITH_SAMPLE, "report", "--all", "-o", str(tmp_path / "a.html"))
    assert (tmp_path / "a.html").read_text().startswith("<!DOCTYPE html>")
    printed = cli(*WITH_SAMPLE, "report", "--all", "--format", "html")
    assert printed.stdout.startswith("<!DOCTYPE html>")
    bad = cli("report", "--all", "--format", "pdf")
    assert (bad.exit_code, "not a report format" in bad.stderr) == (2, True)


def test_without_a_terminal_it_must_be_told_which_entries(cli: Cli, data_dir: Path) -> None:
    answers(data_dir)
    result = cli(*WITH_SAMPLE, "report")
    assert result.exit_code == 2
    assert "--select ID..., --all, or --status-only" in result.stderr
    assert Journal(data_dir).receipts.all() == []


def test_an_encrypted_journal_warns_that_the_report_is_not(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    from intimacy_cli.store.crypto import EncryptedCodec

    Journal(data_dir).entries.add(kind="journal", answer="a note")
    Journal(data_dir).maintenance.encrypt(EncryptedCodec("correct horse battery"))
    env = {"INTIMACY_PASSPHRASE": "correct horse battery"}
    result = cli("report", "--all", "-o", str(tmp_path / "r.md"), env=env)
    assert result.exit_code == 0, result.stderr
    assert "your journal is encrypted, but this report is not" in result.stderr


def test_in_a_terminal_the_client_ticks_chooses_parts_blanks_words_and_confirms(
    cli: Cli, data_dir: Path, tmp_path: Path, scripted: Script
) -> None:
    made = answers(data_dir)
    out = tmp_path / "r.md"
    scripted(
        ("checkbox", "Which entries", [made[0].id, made[3].id]),
        ("select", "show:", "done"),
        ("select", "show:", "answer"),
        ("text", "blank out", "Alexandra, evil"),
        ("confirm", "Write this report?", True),
    )
    result = cli(*WITH_SAMPLE, "report", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    text = out.read_text()
    assert "How close do you feel?" not in text  # only "done" for the first
    assert "Done (the answer is not shared)." in text
    assert "### An entry" in text  # the answer without its question
    assert "Alexandra" not in text and "evil" not in text
    assert "Pick one" not in text
    assert "Notes for my therapy session" in result.stdout  # the preview


def test_declining_at_the_preview_writes_nothing(
    cli: Cli, data_dir: Path, tmp_path: Path, scripted: Script
) -> None:
    made = answers(data_dir)
    out = tmp_path / "r.md"
    scripted(
        ("checkbox", "Which entries", [made[0].id]),
        ("select", "show:", "both"),
        ("text", "blank out", None),
        ("confirm", "Write this report?", False),
    )
    result = cli(*WITH_SAMPLE, "report", "-o", str(out))
    assert result.exit_code == 0
    assert "Nothing was written." in result.stderr
    assert not out.exists()
    assert Journal(data_dir).receipts.all() == []


@pytest.mark.parametrize("flag", ["--history", "--json"])
def test_report_help_has_examples(cli: Cli, flag: str) -> None:
    result = cli("report", "--help")
    assert "Examples" in result.stdout and flag in result.stdout


def test_deleting_parts_of_a_copy_blanks_just_those_parts(
    cli: Cli, data_dir: Path, tmp_path: Path, scripted: Script
) -> None:
    made = Journal(data_dir).entries.add(
        kind="journal",
        answer="We argued about Sam's visit.\nThen we walked, and it was calm.",
        question="What happened this week?",
    )
    out = tmp_path / "r.md"
    prompter = scripted(
        ("checkbox", "Which entries", [made.id]),
        ("select", "show:", "blank"),
        ("long_text", "Delete the parts", "We argued about visit.\nThen we walked, and it was ."),
        ("text", "blank out", None),
        ("confirm", "Write this report?", True),
    )
    result = cli("report", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert prompter.initial_texts[0] == made.answer  # the copy starts as the whole answer
    data = out.read_bytes()
    assert b"Sam" not in data and b"calm" not in data
    shown = "> We argued about \\[redacted\\] visit.\n> Then we walked, and it was \\[redacted\\]"
    assert shown in data.decode()
    assert "What happened this week?" in data.decode()


@pytest.mark.parametrize(
    ("original", "edited", "shown"),
    [
        ("one two three", "one three", "one [redacted] three"),
        ("one two three", "one tw three", "one [redacted] three"),  # a word partly deleted
        ("one two three", "", "[redacted]"),
        ("one two three", "one two three and more", "one two three"),  # typing adds nothing
        ("a b c d", "a d", "a [redacted] d"),  # neighbours joined into one span
        ("same", "same", "same"),
    ],
)
def test_removed_spans(original: str, edited: str, shown: str) -> None:
    from intimacy_cli.reports.session_report import blank_spans, removed_spans

    assert blank_spans(original, removed_spans(original, edited)) == shown
