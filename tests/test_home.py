"""``intimacy`` with no command: the home screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from helpers.app import FIXTURES, WITH_SAMPLE, Outcome
from helpers.scripted import ScriptedPrompter

from intimacy_cli.content.catalogue import load_catalogue
from intimacy_cli.store import Journal

Cli = Callable[..., Outcome]
Script = Callable[..., ScriptedPrompter]
MENU = "What would you like to do?"
LESSONS = load_catalogue([FIXTURES / "lessons"]).lessons
TOTAL = len(LESSONS)
MINUTES = {lesson.id: lesson.minutes for lesson in LESSONS}


def finish(journal: Journal, lesson: str) -> None:
    journal.sessions.save(journal.sessions.start(lesson).id, step="done", completed=True)


def test_without_a_terminal_the_summary_is_plain_text(cli: Cli) -> None:
    result = cli(*WITH_SAMPLE)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "intimacy: short, honest lessons on the neuroscience of closeness, with a private "
        "journal that stays on this machine.",
        f"Progress: 0 of {TOTAL} lessons done",
        f"Next: {LESSONS[0].title} ({MINUTES['welcome']} min, start here): intimacy learn welcome",
        "Journal: 0 entries",
        "Check-in: not yet today; when you like: intimacy checkin",
    ]
    assert "intimacy --help" in result.stderr


def test_the_summary_follows_progress_and_the_journal(cli: Cli, data_dir: Path) -> None:
    journal = Journal(data_dir)
    finish(journal, "welcome")
    journal.entries.add(kind="journal", answer="a note")
    out = cli(*WITH_SAMPLE).stdout
    assert f"Progress: 1 of {TOTAL} lessons done" in out
    assert (
        f"Next: A sample lesson ({MINUTES['sample']} min, the core lessons): intimacy learn sample"
        in out
    )
    assert "Journal: 1 entry" in out

    for lesson in LESSONS:
        finish(journal, lesson.id)
    assert "every lesson is done" in cli(*WITH_SAMPLE).stdout


def test_an_unfinished_lesson_does_not_count_as_done(cli: Cli, data_dir: Path) -> None:
    journal = Journal(data_dir)
    journal.sessions.save(journal.sessions.start("welcome").id, step="quiz:1")
    assert f"Progress: 0 of {TOTAL} lessons done" in cli(*WITH_SAMPLE).stdout


def test_in_a_terminal_the_menu_runs_commands_until_quit(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    fake = scripted(
        ("select", MENU, "Write in your journal"),
        ("long_text", "What's on your mind?", "From the home screen"),
        ("select", MENU, "Quit"),
    )
    result = cli(*WITH_SAMPLE)
    assert result.exit_code == 0, result.stderr
    (entry,) = Journal(data_dir).entries.query()
    assert entry.answer == "From the home screen"
    # the summary is shown again, up to date, before the menu returns
    assert result.stdout.count("Journal: 0 entries") == 1
    assert "Journal: 1 entry" in result.stdout
    offered = fake.asked[0][2]
    assert offered[:3] == [
        "Learn the next lesson: Welcome: how to read the science of closeness",
        "Choose a lesson",
        "Write in your journal",
    ]
    assert offered[-1] == "Quit"


def test_the_menu_offers_the_next_lesson_and_the_list(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    finish(Journal(data_dir), "welcome")
    scripted(
        ("select", MENU, "Learn the next lesson: A sample lesson"),
        ("select", "Go on with this lesson", "later"),
        ("select", MENU, "Choose a lesson"),
        ("select", "Which lesson?", None),
        ("select", MENU, "Quit"),
    )
    result = cli(*WITH_SAMPLE)
    assert result.exit_code == 0, result.stderr
    assert "Content note: This lesson mentions rejection." in result.stdout


def test_ctrl_c_at_the_menu_is_a_calm_stop(cli: Cli, scripted: Script) -> None:
    scripted(("select", MENU, KeyboardInterrupt))
    result = cli()
    assert result.exit_code == 130
    assert "Stopped." in result.stderr
