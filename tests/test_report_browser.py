"""The HTML report in a real browser: headless Chromium loads it from ``file://``,
takes a screenshot and prints it to PDF.

Skipped with a reason where Chromium (or ``pdftotext``) is not installed, but
under CI (``CI=true``, as ``.ci/run`` sets it, after installing both) a missing
one fails the test instead.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.app import PATIENCE, WITH_SAMPLE, Outcome
from helpers.browser import chromium_path, headless_chromium

from intimacy_cli.store import Journal

Cli = Callable[..., Outcome]

# CSS pixels at 96 per inch: A4 is 210 mm wide, Letter 8.5 inches.
PAGES = {"A4": (794, 1123, 8.27, 11.69), "Letter": (816, 1056, 8.5, 11.0)}
SECRET = "Zephyrine"  # a word to redact
LONG_WORD = "a" * 400  # a string no line can hold unbroken


def needed(tool: str | None, name: str) -> str:
    if tool is not None:
        return tool
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{name} is not installed; .ci/run installs it (apt-get install)")
    pytest.skip(f"{name} is not installed (on Debian: apt-get install chromium poppler-utils)")


def every_kind(data_dir: Path) -> None:
    journal = Journal(data_dir)
    long_answer = " ".join(["A long answer that goes on and on."] * 120)
    for question_id, question, answer in (
        ("one-line", "One word for today?", f"Близость, 親密さ, قرب {SECRET}"),
        ("story", "Tell a short story.", f"{long_answer}\n{LONG_WORD}\nhttps://example.org/x"),
        ("closeness", "How close do you feel?", 7),
        ("pick-one", "Pick one.", "Touch"),
        ("pick-many", "Pick any.", ["Walks", "Meals", "Other: 散步 together"]),
        ("feelings", "Which feelings?", ["calm", "curious"]),
    ):
        journal.entries.add(
            kind="reflection",
            lesson="sample",
            question_id=question_id,
            question=question,
            answer=answer,
        )
    journal.entries.add(
        kind="quiz",
        lesson="sample",
        question_id="reward",
        question="Dopamine is mostly about?",
        answer="Liking",
        correct=False,
    )
    journal.entries.add(
        kind="journal",
        answer=f'<img src="https://example.org/t.png"> <script>alert(1)</script> {SECRET}',
    )


def test_the_html_report_in_headless_chromium(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    chromium = needed(chromium_path(), "chromium")
    pdftotext = needed(shutil.which("pdftotext"), "pdftotext (poppler-utils)")
    every_kind(data_dir)
    report = tmp_path / "report.html"
    made = cli(*WITH_SAMPLE, "report", "--all", "--redact", SECRET, "-o", str(report))
    assert made.exit_code == 0, made.stderr
    html = report.read_text(encoding="utf-8")
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'' in html
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?https?://""", html, re.I)
    assert SECRET not in html

    with headless_chromium(chromium, tmp_path) as browser:
        width, height, paper_width, paper_height = PAGES["A4"]
        browser.open(report.as_uri(), width, height)
        assert browser.evaluate("document.scripts.length") == 0
        assert browser.evaluate("document.images.length") == 0
        assert "Близость" in browser.evaluate("document.body.innerText")
        for name, (width, height, paper_width, paper_height) in PAGES.items():
            browser.resize(width, height)
            scroll = browser.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, f"wider than a {name} page: {scroll} > {width}"
            shot = browser.screenshot()
            assert shot.startswith(b"\x89PNG") and len(shot) > 1000
            pdf = browser.pdf(width_inches=paper_width, height_inches=paper_height)
            (tmp_path / f"{name}.pdf").write_bytes(pdf)
        # Nothing but the file itself was asked for: no image, font or anything remote.
        assert {url.split(":", 1)[0] for url in browser.requested_urls()} <= {"file"}
    text = subprocess.run(
        [pdftotext, str(tmp_path / "A4.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=PATIENCE,
    ).stdout
    assert "Notes for my therapy session" in text
    assert "7 on 0-10" in text and "not quite (the right answer: Wanting)" in text
    assert SECRET not in text
    assert "redacted" in text
