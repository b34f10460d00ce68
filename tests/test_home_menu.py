"""The home menu as a way around: resume an unfinished lesson where it stopped,
browse and open entries (then edit or delete them), progress, reflections and
support, and the menu comes back after each, even after an error."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from helpers.app import WITH_SAMPLE, Outcome
from helpers.scripted import ScriptedPrompter

from intimacy_cli.store import Journal

Cli = Callable[..., Outcome]
Script = Callable[..., ScriptedPrompter]
MENU = "What would you like to do?"
QUIT = ("select", MENU, "Quit")
GO_ON = ("select", "Go on with this lesson", "go-on")
BROWSE = ("select", MENU, "Review and open your entries")
LIST = "Open which entry?"
WHAT_NOW = "What would you like to do with it?"


def test_an_unfinished_lesson_is_offered_by_name_and_resumed_without_asking(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    journal = Journal(data_dir)
    journal.sessions.save(journal.sessions.start("sample").id, step="section:1")
    resume = "Resume A sample lesson (stopped at section 2 of 2)"
    fake = scripted(
        ("select", MENU, resume),
        GO_ON,  # the content note is shown again: it is there for safety
        ("select", "What next?", "stop"),
        QUIT,
    )
    result = cli(*WITH_SAMPLE)
    assert result.exit_code == 0, result.stderr
    offered = fake.asked[0][2]
    assert offered[0] == resume
    assert offered[1].startswith("Learn the next lesson: Welcome")
    assert "section 1 of 2" not in result.stdout
    assert "A sample lesson - section 2 of 2" in result.stdout
    assert [q for m, q, _ in fake.asked if m == "confirm"] == []  # no "Pick up there?"


def test_the_next_lesson_is_not_offered_twice_when_it_is_the_unfinished_one(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    journal = Journal(data_dir)
    journal.sessions.save(journal.sessions.start("welcome").id, step="section:2")
    fake = scripted(QUIT)
    assert cli(*WITH_SAMPLE).exit_code == 0
    offered = fake.asked[0][2]
    assert offered[0].startswith("Resume Welcome")
    assert "(stopped at section 3 of" in offered[0]
    assert not any(label.startswith("Learn the next lesson") for label in offered)


def test_a_sitting_that_never_got_going_or_is_finished_is_not_offered(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    journal = Journal(data_dir)
    journal.sessions.start("sample")  # at its first step
    journal.sessions.save(journal.sessions.start("welcome").id, step="done", completed=True)
    fake = scripted(QUIT)
    assert cli(*WITH_SAMPLE).exit_code == 0
    assert not any(label.startswith("Resume") for label in fake.asked[0][2])


def test_the_menu_has_a_way_to_every_everyday_place(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    Journal(data_dir).entries.add(kind="journal", answer="a note")
    fake = scripted(QUIT)
    assert cli(*WITH_SAMPLE).exit_code == 0
    assert fake.asked[0][2][1:] == [
        "Choose a lesson",
        "Write in your journal",
        "Review and open your entries",
        "Answer a lesson's reflections",
        "Check in: how you feel",
        "See your progress",
        "Support: where to find help now",
        "Quit",
    ]


def test_progress_support_and_reflections_from_the_menu(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    scripted(
        ("select", MENU, "See your progress"),
        ("select", MENU, "Support: where to find help now"),
        ("select", MENU, "Answer a lesson's reflections"),
        ("select", "Which lesson's reflection questions?", "sample"),
        ("text", "One word for today?", "steady"),
        *[
            (method, text, None)
            for method, text in [
                ("long_text", "Tell a short story."),
                ("scale", "How close"),
                ("select", "Pick one."),
                ("checkbox", "Pick any."),
                ("checkbox", "Which feelings?"),
                ("checkbox", "from the default list"),
            ]
        ],
        QUIT,
    )
    result = cli(*WITH_SAMPLE)
    assert result.exit_code == 0, result.stderr
    assert "Lessons" in result.stdout  # progress
    assert "988" in result.stdout  # support's crisis lines
    assert [e.answer for e in Journal(data_dir).entries.query()] == ["steady"]


def test_browse_open_edit_and_delete_from_the_menu(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    journal = Journal(data_dir)
    older = journal.entries.add(kind="journal", answer="An older note")
    newer = journal.entries.add(kind="journal", answer="A newer note")
    fake = scripted(
        BROWSE,
        ("select", LIST, older.id),
        ("select", WHAT_NOW, "edit"),
        ("text", "Journal note", "An older note, changed"),
        ("select", LIST, newer.id),
        ("select", WHAT_NOW, "delete"),
        ("confirm", "Delete 1 entry?", True),
        ("select", LIST, None),  # back to the menu
        QUIT,
    )
    result = cli(*WITH_SAMPLE)
    assert result.exit_code == 0, result.stderr
    listed = fake.asked[1]
    assert listed[1] == f"{LIST} (1-2 of 2, newest first)"
    assert "A newer note" in listed[2][0] and "An older note" in listed[2][1]
    assert "An older note" in result.stdout  # opened in full
    assert "Saved the new answer" in result.stderr
    assert "Deleted 1 entry." in result.stderr
    assert [e.answer for e in Journal(data_dir).entries.query()] == ["An older note, changed"]


def test_a_quiz_answer_opened_from_the_list_is_not_offered_for_editing(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    quiz = Journal(data_dir).entries.add(
        kind="quiz", answer="Wanting", lesson="sample", question_id="reward", correct=True
    )
    fake = scripted(BROWSE, ("select", LIST, quiz.id), ("select", WHAT_NOW, "menu"), QUIT)
    result = cli(*WITH_SAMPLE)
    assert result.exit_code == 0, result.stderr
    assert fake.asked[2][2] == ["Back to the list", "Delete this entry", "Back to the menu"]
    assert "A sample lesson (sample)" in result.stdout


def test_the_list_pages_through_older_entries(cli: Cli, scripted: Script, data_dir: Path) -> None:
    journal = Journal(data_dir)
    for number in range(12):
        journal.entries.add(kind="journal", answer=f"note {number}")
    fake = scripted(
        BROWSE,
        ("select", LIST, "older"),
        ("select", LIST, "newer"),
        ("select", LIST, None),
        QUIT,
    )
    assert cli(*WITH_SAMPLE).exit_code == 0
    first, second, third = (asked for asked in fake.asked if asked[1].startswith(LIST))
    assert "(1-10 of 12," in first[1] and first[2][-1] == "Older entries"
    assert "(11-12 of 12," in second[1] and second[2][-1] == "Newer entries"
    assert len(second[2]) == 3
    assert third[1] == first[1]


def test_an_error_in_a_menu_choice_is_shown_and_the_menu_comes_back(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    note = Journal(data_dir).entries.add(kind="journal", answer="Keep me")
    scripted(
        BROWSE,
        ("select", LIST, note.id),
        ("select", WHAT_NOW, "edit"),
        ("text", "Journal note", None),  # emptied: refused, nothing changed
        ("select", LIST, None),
        QUIT,
    )
    result = cli(*WITH_SAMPLE)
    assert result.exit_code == 0, result.stderr
    assert "Error: an empty answer would erase what you wrote" in result.stderr
    assert [e.answer for e in Journal(data_dir).entries.query()] == ["Keep me"]


def test_deleting_the_last_entry_leaves_the_list_for_the_menu(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    only = Journal(data_dir).entries.add(kind="journal", answer="The only one")
    scripted(
        BROWSE,
        ("select", LIST, only.id),
        ("select", WHAT_NOW, "delete"),
        ("confirm", "Delete 1 entry?", True),
        QUIT,  # no list of nothing: straight back to the menu
    )
    result = cli(*WITH_SAMPLE)
    assert result.exit_code == 0, result.stderr
    assert "Nothing saved yet." in result.stderr
    assert Journal(data_dir).entries.count() == 0


def test_a_lesson_no_longer_installed_is_not_offered_to_resume(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    journal = Journal(data_dir)
    journal.sessions.save(journal.sessions.start("gone-pack").id, step="quiz:0")
    journal.sessions.save(journal.sessions.start("sample").id, step="practice:0")
    fake = scripted(QUIT)
    assert cli(*WITH_SAMPLE).exit_code == 0
    resumable = [label for label in fake.asked[0][2] if label.startswith("Resume")]
    assert resumable == ["Resume A sample lesson (stopped at the practice at the end)"]
