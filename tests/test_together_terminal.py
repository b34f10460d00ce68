"""Couple mode in a real (pseudo-)terminal at 60 and 80 columns: confirming the
safety phrase, answering a round (share or keep private after each answer),
and the reveal, both positions of a scale on one line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.app import WITH_SAMPLE, Outcome
from helpers.terminal import DOWN, ENTER, NARROW, SPACE, Terminal

from intimacy_cli.base.paths import DataPaths
from intimacy_cli.store import Journal

pytestmark = pytest.mark.slow

Cli = Callable[..., Outcome]
Open = Callable[..., Terminal]
QUESTIONS = ("--questions", "one-line", "--questions", "closeness", "--questions", "pick-many")


def ok(result: Outcome) -> Outcome:
    assert result.exit_code == 0, result.stderr
    return result


def screen_after(terminal: Terminal) -> list[str]:
    """The screen as the app left it, once it has ended."""
    return [line.rstrip() for line in terminal.screen.screen.display]


def on_screen(lines: list[str], text: str) -> bool:
    """``text`` on the screen with every word whole (as :meth:`Terminal.shows`)."""
    return " ".join(text.split()) in " ".join(" ".join(lines).split())


def paired(cli: Cli, data_dir: Path) -> None:
    for name in ("alex", "sam"):
        ok(cli("profile", "add", name))
        # Each profile is a person of its own, welcomed once; these two have been.
        DataPaths(data_dir / "profiles" / name).welcome_marker.touch()
    cli("--profile", "alex", "together", "pair", "--with", "sam")
    ok(cli("--profile", "sam", "together", "pair", "--with", "alex", "--confirm"))


@pytest.mark.parametrize("columns", NARROW)
def test_the_phrase_is_shown_whole_and_confirmed(
    cli: Cli, open_terminal: Open, data_dir: Path, columns: int
) -> None:
    paired(cli, data_dir)
    terminal = open_terminal(
        "--profile", "alex", "together", "pair", "--with", "sam", columns=columns
    )
    terminal.wait_for_prompt("match Sam's screen exactly?")
    phrase = ok(cli("--profile", "sam", "together", "pair", "--with", "alex", "--confirm"))
    words = phrase.stdout.split(":", 1)[1].strip()
    assert terminal.shows(f"Safety phrase: {words}")
    assert terminal.shows("a partner who controls the device can see the screen")
    terminal.child.send("y")
    assert terminal.exit_code() == 0
    assert DataPaths(data_dir / "profiles" / "alex").partner_card.exists()


@pytest.mark.parametrize("columns", NARROW)
def test_answering_then_revealing_side_by_side(
    cli: Cli, open_terminal: Open, data_dir: Path, columns: int
) -> None:
    paired(cli, data_dir)
    ok(cli("--profile", "alex", "together", "pair", "--with", "sam", "--confirm"))
    ok(cli(*WITH_SAMPLE, "--profile", "sam", "together", "start", "sample", *QUESTIONS))
    listed = json.loads(ok(cli("--profile", "sam", "together", "--json")).stdout)
    round_id = listed["rounds"][0]["id"]
    sam = {"one-line": "Tired", "closeness": 2, "pick-many": ["Meals"]}
    ok(
        cli(
            *WITH_SAMPLE,
            *("--profile", "sam", "together", "answer", round_id),
            *("--answers", "-"),
            input=json.dumps(sam),
        )
    )

    person = open_terminal(
        *WITH_SAMPLE, "--profile", "alex", "together", "answer", round_id[:8], columns=columns
    )
    person.answer("One word for today?", "SECRET-WORD" + ENTER)
    person.answer("Share this answer when you reveal together?", DOWN + ENTER)  # private
    person.answer("How close do you feel?", DOWN * 8 + ENTER)  # 7
    person.answer("Share this answer when you reveal together?", ENTER)  # share
    person.answer("Pick any.", SPACE + DOWN + SPACE + ENTER)
    person.answer("Share this answer when you reveal together?", ENTER)
    assert person.exit_code() == 0
    assert on_screen(screen_after(person), "Nobody can read them yet, Sam included.")
    kept = {
        e.question_id: e.private for e in Journal(data_dir / "profiles" / "alex").entries.query()
    }
    assert kept == {"one-line": True, "closeness": False, "pick-many": False}

    ok(cli(*WITH_SAMPLE, "--profile", "sam", "together", "reveal", round_id))
    reveal = open_terminal(
        *WITH_SAMPLE,
        *("--profile", "alex", "together", "reveal", round_id[:8], "--no-pager"),
        columns=columns,
        rows=60,
    )
    assert reveal.exit_code() == 0
    screen = screen_after(reveal)
    scale = [line for line in screen if line.strip().startswith("0 ") and line.endswith(" 10")]
    assert len(scale) == 1 and "●" in scale[0] and "○" in scale[0]  # both on one line
    assert all(len(line) <= columns for line in screen)
    assert on_screen(screen, "● you 7 ○ Sam 2")
    assert on_screen(screen, "What surprised you? What would you like to hear more about?")
    assert on_screen(screen, "SECRET-WORD") is False  # kept private: not even in the reveal
    assert on_screen(screen, "Tired")
