"""``show``, ``edit`` and ``delete``: one entry by id or unique prefix."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers.app import FIXTURE_LESSONS
from helpers.entries import entry, seed

from intimacy_cli.store import Entry, Journal
from intimacy_cli.transfer import shapes

Cli = Callable[..., Any]
TWINS = ("abcd1234-0000-4000-8000-000000000001", "abcd1234-0000-4000-8000-000000000002")


def stored(data_dir: Path, wanted: Entry) -> Entry:
    return Journal(data_dir).entries.get(wanted.id)


# -- show ------------------------------------------------------------------------


def test_show_prints_every_field_by_full_id_or_unique_prefix(cli: Cli, data_dir: Path) -> None:
    [one] = seed(
        data_dir,
        entry("2026-11-20 10:00", "Line one\nLine two", tags=["a", "b"], session="run-7"),
    )
    for wanted in (one.id, one.id[:4], one.id[:8].upper()):
        result = cli("show", wanted)
        assert result.exit_code == 0, result.stderr
        for text in ("One word for today?", "Line one\nLine two", one.id, "reflection", "sample"):
            assert text in result.stdout
        assert "one-line" in result.stdout
        assert "a, b" in result.stdout
        assert "run-7" in result.stdout
        assert "edited" not in result.stdout


def test_show_json_is_the_entry(cli: Cli, data_dir: Path) -> None:
    [one] = seed(data_dir, entry("2026-11-20 10:00", 4, question_id="closeness"))
    result = cli("show", one.id[:6], "--json")
    assert json.loads(result.stdout) == shapes.entry_dict(one)


def test_show_unknown_and_too_short_ids(cli: Cli, data_dir: Path) -> None:
    seed(data_dir, entry("2026-11-20 10:00"))
    unknown = cli("show", "ffffffff")
    assert unknown.exit_code == 1
    assert "no entry with id 'ffffffff'" in unknown.stderr
    short = cli("show", "ab")
    assert short.exit_code == 1
    assert "too short" in short.stderr


def test_ambiguous_prefix_lists_the_candidates(cli: Cli, data_dir: Path) -> None:
    seed(
        data_dir,
        entry("2026-11-20 10:00", "First twin", id=TWINS[0]),
        entry("2026-11-21 10:00", "Second twin", id=TWINS[1]),
        entry("2026-11-22 10:00", "Someone else", id="ffff0000-0000-4000-8000-000000000003"),
    )
    result = cli("show", "abcd1234", env={"COLUMNS": "160"})
    assert result.exit_code == 1
    assert result.stdout == ""
    assert TWINS[0] in result.stderr
    assert TWINS[1] in result.stderr
    assert "First twin" in result.stderr
    assert "Someone else" not in result.stderr
    assert "matches 2 entries" in result.stderr
    assert cli("show", TWINS[1][:-1] + "2").exit_code == 0


# -- edit ------------------------------------------------------------------------


def test_edit_from_stdin_keeps_created_and_sets_updated(cli: Cli, data_dir: Path) -> None:
    [one] = seed(data_dir, entry("2026-11-20 10:00", "Old words"))
    result = cli("edit", one.id[:8], input="New words,\nkept whole.\n")
    assert result.exit_code == 0, result.stderr
    after = stored(data_dir, one)
    assert after.answer == "New words,\nkept whole."
    assert after.created_at == one.created_at
    assert after.updated_at > one.updated_at
    assert "edited" in cli("show", one.id).stdout


@pytest.mark.parametrize(
    ("old", "typed", "new"),
    [
        (4, "8\n", 8),
        (2.5, "3.5", 3.5),
        (["Walks"], "Walks; Meals\n", ["Walks", "Meals"]),
        (["Walks"], " Walks ;  Meals ;\n", ["Walks", "Meals"]),
        ("Old words", "   New words \n", "New words"),
    ],
)
def test_edit_keeps_the_answer_type(
    cli: Cli, data_dir: Path, old: Any, typed: str, new: Any
) -> None:
    [one] = seed(data_dir, entry("2026-11-20 10:00", old, lesson="elsewhere"))
    assert cli("edit", one.id, input=typed).exit_code == 0
    assert stored(data_dir, one).answer == new


@pytest.mark.parametrize(
    ("prompt_id", "old", "typed", "message"),
    [
        (
            "closeness",
            4,
            "eight",
            "must be a whole number from 0 to 10 (0 = Not at all, 10 = Very), not 'eight'",
        ),
        (
            "closeness",
            4,
            "11",
            "must be a whole number from 0 to 10 (0 = Not at all, 10 = Very), not 11",
        ),
        ("closeness", 4, "4.5", "not '4.5'"),
        ("closeness", 4, "", "an empty answer would erase what you wrote"),
        ("pick-one", "Touch", "Hugs", "must be one of: Talking, Touch (got 'Hugs')"),
        ("pick-many", ["Walks"], "Walks; Naps", "'Naps' is not an option"),
        ("pick-many", ["Walks"], "", "an empty answer would erase what you wrote"),
        ("pick-many", ["Walks"], " ; ;", "must be a list of one or more of: Walks, Meals"),
        ("pick-many", ["Walks"], "Walks; Walks", "names an option more than once"),
        ("feelings", ["calm"], "anger; rage", "'anger' is not an option (options: calm, sad"),
        ("one-line", "Calm", "  \n", "an empty answer would erase what you wrote"),
    ],
)
def test_edit_refuses_answers_that_do_not_fit_and_changes_nothing(
    cli: Cli, data_dir: Path, *, prompt_id: str, old: Any, typed: str, message: str
) -> None:
    [one] = seed(data_dir, entry("2026-11-20 10:00", old, question_id=prompt_id))
    before = (data_dir / "journal.json").read_bytes()
    result = cli("--content-dir", str(FIXTURE_LESSONS), "edit", one.id, input=typed)
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert (data_dir / "journal.json").read_bytes() == before


@pytest.mark.parametrize(
    ("old", "typed", "message"),
    [
        (["Walks"], "", "an empty answer would erase what you wrote"),
        (["Walks"], ";", "must name at least one choice"),
        (["Walks"], "Walks; Walks", "names an option more than once"),
        (4, "eight", "must be a whole number, not 'eight'"),
        (2.5, "nan", "must be a number, not 'nan'"),
        ("Old words", " \n", "an empty answer would erase what you wrote"),
    ],
)
def test_edit_without_the_lesson_still_refuses_empty_and_mistyped_answers(
    cli: Cli, data_dir: Path, old: Any, typed: str, message: str
) -> None:
    [one] = seed(data_dir, entry("2026-11-20 10:00", old, lesson="elsewhere"))
    before = (data_dir / "journal.json").read_bytes()
    result = cli("edit", one.id, input=typed)
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert (data_dir / "journal.json").read_bytes() == before


def test_edit_refuses_piped_text_that_is_not_utf8(cli: Cli, data_dir: Path) -> None:
    [one] = seed(data_dir, entry("2026-11-20 10:00", "Old words"))
    before = (data_dir / "journal.json").read_bytes()
    result = cli("edit", one.id, input=b"caf\xe9")
    assert result.exit_code == 1
    assert "<stdin> is not UTF-8 text" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert (data_dir / "journal.json").read_bytes() == before


@pytest.mark.parametrize(
    ("prompt_id", "old", "typed", "new"),
    [
        ("pick-one", "Touch", "  Talking\n", "Talking"),
        ("pick-many", ["Walks"], " Meals;Walks ", ["Meals", "Walks"]),
        ("feelings", ["calm"], "sad; curious", ["sad", "curious"]),
        ("closeness", 4, " 7\n", 7),
        ("one-line", "Calm", "  Calmer \n", "Calmer"),
    ],
)
def test_edit_accepts_answers_that_fit_the_question(
    cli: Cli, data_dir: Path, *, prompt_id: str, old: Any, typed: str, new: Any
) -> None:
    [one] = seed(data_dir, entry("2026-11-20 10:00", old, question_id=prompt_id))
    result = cli("--content-dir", str(FIXTURE_LESSONS), "edit", one.id, input=typed)
    assert result.exit_code == 0, result.stderr
    assert stored(data_dir, one).answer == new


def test_editing_in_words_that_suggest_crisis_offers_support(cli: Cli, data_dir: Path) -> None:
    [one] = seed(data_dir, entry("2026-11-20 10:00", "A hard day"))
    result = cli("edit", one.id, input="I want to kill myself\n")
    assert result.exit_code == 0, result.stderr
    assert "Something you just wrote sounds heavy" in result.stderr
    assert "988" in result.stderr
    assert stored(data_dir, one).answer == "I want to kill myself"


def quiz_entry(answer: str = "Liking", *, correct: bool = False) -> Entry:
    return entry(
        "2026-11-20 10:00",
        answer,
        kind="quiz",
        correct=correct,
        question_id="reward",
        question="Dopamine is mostly about?",
    )


def test_a_quiz_answer_can_be_given_again_and_is_checked_anew(cli: Cli, data_dir: Path) -> None:
    [quiz] = seed(data_dir, quiz_entry())
    result = cli("--content-dir", str(FIXTURE_LESSONS), "edit", quiz.id, input=" wanting \n")
    assert result.exit_code == 0, result.stderr
    assert "(right)" in result.stderr
    changed = stored(data_dir, quiz)
    assert (changed.answer, changed.correct) == ("Wanting", True)


def test_a_quiz_answer_must_be_one_of_its_choices(cli: Cli, data_dir: Path) -> None:
    [quiz] = seed(data_dir, quiz_entry())
    result = cli("--content-dir", str(FIXTURE_LESSONS), "edit", quiz.id, input="Neither")
    assert result.exit_code == 1
    assert "'Neither' is not one of the choices: 'Wanting'; 'Liking'" in result.stderr
    assert stored(data_dir, quiz).answer == "Liking"


def test_a_quiz_answer_whose_lesson_is_gone_says_why_it_stays(cli: Cli, data_dir: Path) -> None:
    [quiz] = seed(data_dir, quiz_entry())
    result = cli("edit", quiz.id, input="Wanting")
    assert result.exit_code == 1
    assert "this quiz answer cannot be changed" in result.stderr
    assert "could not be checked" in result.stderr
    assert stored(data_dir, quiz).answer == "Liking"


def test_a_quiz_answer_in_a_terminal_opens_on_the_saved_choice(
    cli: Cli, scripted: Callable[..., Any], data_dir: Path
) -> None:
    [quiz] = seed(data_dir, quiz_entry())
    fake = scripted(("select", "Dopamine is mostly about?", None))  # "Keep it as it is"
    result = cli("--content-dir", str(FIXTURE_LESSONS), "edit", quiz.id)
    assert result.exit_code == 0
    assert fake.starts == [("select", "Liking", "Keep it as it is")]
    assert "No change" in result.stderr
    scripted(("select", "Dopamine is mostly about?", "Wanting"))
    assert cli("--content-dir", str(FIXTURE_LESSONS), "edit", quiz.id).exit_code == 0
    assert stored(data_dir, quiz).correct is True


@pytest.mark.parametrize(
    ("prompt_id", "old", "method", "start"),
    [
        ("closeness", 8, "scale", 8),
        ("pick-one", "Touch", "select", "Touch"),
        ("pick-many", ["Walks", "Messages"], "checkbox", ["Walks", "Messages"]),
        ("feelings", ["calm", "Other: tender"], "checkbox", ["calm", "Other: tender"]),
    ],
)
def test_editing_a_picked_answer_starts_from_it_and_enter_keeps_it(
    cli: Cli,
    scripted: Callable[..., Any],
    data_dir: Path,
    *,
    prompt_id: str,
    old: Any,
    method: str,
    start: Any,
) -> None:
    """The list opens on the saved answer; the way out reads "keep", not "skip";
    Enter straight away gives the saved answer back, which changes nothing."""
    [one] = seed(data_dir, entry("2026-11-20 10:00", old, question_id=prompt_id))
    fake = scripted((method, "", old))
    result = cli("--content-dir", str(FIXTURE_LESSONS), "edit", one.id)
    assert result.exit_code == 0, result.stderr
    assert fake.starts == [(method, start, "Keep it as it is")]
    assert "No change; the entry is kept as it was." in result.stderr
    assert stored(data_dir, one).updated_at == one.updated_at


def test_own_words_saved_in_a_list_stay_on_it_when_it_is_edited(
    cli: Cli, scripted: Callable[..., Any], data_dir: Path
) -> None:
    [one] = seed(data_dir, entry("2026-11-20 10:00", ["Other: tender"], question_id="feelings"))
    fake = scripted(("checkbox", "Which feelings?", ["sad", "Other: tender"]))
    assert cli("--content-dir", str(FIXTURE_LESSONS), "edit", one.id).exit_code == 0
    assert "Other: tender" in fake.asked[0][2]
    assert stored(data_dir, one).answer == ["sad", "Other: tender"]


@pytest.mark.parametrize("typed", ["Walks, Meals", "Walks and Meals"])
def test_piped_text_for_a_list_answer_names_the_separator(
    cli: Cli, data_dir: Path, typed: str
) -> None:
    [one] = seed(data_dir, entry("2026-11-20 10:00", ["Walks"], question_id="pick-many"))
    result = cli("--content-dir", str(FIXTURE_LESSONS), "edit", one.id, input=typed)
    assert result.exit_code == 1
    assert "put '; ' between the choices" in result.stderr
    assert f"echo 'Walks; Meals' | intimacy edit {one.id[:8]}" in result.stderr
    assert stored(data_dir, one).answer == ["Walks"]


def test_edit_with_the_same_text_changes_nothing(cli: Cli, data_dir: Path) -> None:
    [one] = seed(data_dir, entry("2026-11-20 10:00", "Same"))
    result = cli("edit", one.id, input="Same\n")
    assert result.exit_code == 0
    assert "No change" in result.stderr
    assert stored(data_dir, one).updated_at == one.updated_at


FAKE_EDITOR = """
import os, stat, sys
report, path = sys.argv[1], sys.argv[2]
old = open(path, encoding="utf-8").read()
file_mode = stat.S_IMODE(os.stat(path).st_mode)
folder_mode = stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode)
with open(report, "w", encoding="utf-8") as out:
    out.write(f"{old}|{file_mode:o}|{folder_mode:o}|{path}")
with open(path, "w", encoding="utf-8") as file:
    file.write("Written in the editor\\n")
"""


def test_edit_in_editor_uses_a_private_file_removed_afterwards(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    script, report = tmp_path / "editor.py", tmp_path / "report.txt"
    script.write_text(FAKE_EDITOR)
    [one] = seed(data_dir, entry("2026-11-20 10:00", "Before the editor"))
    # VISUAL wins over EDITOR, as in git.
    editor = {"VISUAL": f"{sys.executable} {script} {report}", "EDITOR": "false"}
    result = cli("edit", one.id, "--editor", env=editor)
    assert result.exit_code == 0, result.stderr
    assert stored(data_dir, one).answer == "Written in the editor"
    old, file_mode, folder_mode, path = report.read_text().split("|")
    assert old == "Before the editor"
    assert (file_mode, folder_mode) == ("600", "700")
    assert not Path(path).parent.exists()


@pytest.mark.parametrize(
    ("editor", "message"),
    [
        ({"EDITOR": "false"}, "editor 'false' exited with status 1"),
        ({"EDITOR": "/no/such/editor"}, "cannot start editor '/no/such/editor'"),
        ({"EDITOR": "vim 'unclosed"}, "cannot read $EDITOR"),
        ({"PATH": "/nonexistent"}, "no text editor found"),
    ],
)
def test_edit_in_editor_failures_change_nothing(
    cli: Cli, data_dir: Path, editor: dict[str, str], message: str
) -> None:
    [one] = seed(data_dir, entry("2026-11-20 10:00", "Kept"))
    result = cli("edit", one.id, "--editor", env=editor)
    assert result.exit_code == 1
    assert message in result.stderr
    assert stored(data_dir, one).answer == "Kept"


# -- delete ----------------------------------------------------------------------


def test_delete_without_a_terminal_needs_yes(cli: Cli, data_dir: Path) -> None:
    [one] = seed(data_dir, entry("2026-11-20 10:00", "Stay"))
    result = cli("delete", one.id)
    assert result.exit_code == 1
    assert "add --yes" in result.stderr
    assert "Stay" in result.stderr  # what would have been deleted is shown
    assert Journal(data_dir).entries.count() == 1


def test_delete_yes_removes_exactly_those_entries(cli: Cli, data_dir: Path) -> None:
    entries = seed(data_dir, *(entry(f"2026-11-{day} 10:00", f"day {day}") for day in (10, 11, 12)))
    result = cli("delete", entries[0].id[:8], entries[2].id, entries[0].id, "--yes")
    assert result.exit_code == 0, result.stderr
    assert "Deleted 2 entries" in result.stderr
    assert [e.id for e in Journal(data_dir).entries.query()] == [entries[1].id]


@pytest.mark.parametrize("bad", ["ffffffff", "abcd1234", "ab"])
def test_delete_with_any_bad_id_deletes_nothing(cli: Cli, data_dir: Path, bad: str) -> None:
    seed(
        data_dir,
        entry("2026-11-20 10:00", id=TWINS[0]),
        entry("2026-11-21 10:00", id=TWINS[1]),
    )
    before = (data_dir / "journal.json").read_bytes()
    result = cli("delete", TWINS[0], bad, "--yes")
    assert result.exit_code == 1
    assert (data_dir / "journal.json").read_bytes() == before


def test_edit_in_a_terminal_starts_from_the_old_answer(
    cli: Cli, scripted: Callable[..., Any], data_dir: Path
) -> None:
    [one] = seed(data_dir, entry("2026-11-20 10:00", "Old words"))
    fake = scripted(("text", "", "New words"))
    result = cli("edit", one.id[:8])
    assert result.exit_code == 0, result.stderr
    assert fake.initial_texts == ["Old words"]
    assert stored(data_dir, one).answer == "New words"


@pytest.mark.parametrize(("agree", "left"), [(True, 0), (False, 1)])
def test_delete_in_a_terminal_does_what_the_person_answers(
    cli: Cli, scripted: Callable[..., Any], data_dir: Path, agree: bool, left: int
) -> None:
    [one] = seed(data_dir, entry("2026-11-20 10:00", "Maybe delete me"))
    scripted(("confirm", "Delete 1 entry?", agree))
    assert cli("delete", one.id).exit_code == 0
    assert Journal(data_dir).entries.count() == left


def test_edit_in_a_terminal_picks_a_new_answer_the_way_the_lesson_asked(
    cli: Cli, scripted: Callable[..., Any], data_dir: Path
) -> None:
    [scale] = seed(
        data_dir, entry("2026-11-20 10:00", 4, question_id="closeness", question="How close?")
    )
    [many] = seed(
        data_dir, entry("2026-11-20 11:00", ["Walks"], question_id="pick-many", question="Any?")
    )
    scripted(("scale", "How close do you feel?", 7))
    assert cli("--content-dir", str(FIXTURE_LESSONS), "edit", scale.id).exit_code == 0
    scripted(("checkbox", "Pick any.", ["Walks", "Meals"]))
    assert cli("--content-dir", str(FIXTURE_LESSONS), "edit", many.id).exit_code == 0
    assert stored(data_dir, scale).answer == 7
    assert stored(data_dir, many).answer == ["Walks", "Meals"]


def test_skipping_the_picker_changes_nothing(
    cli: Cli, scripted: Callable[..., Any], data_dir: Path
) -> None:
    [one] = seed(data_dir, entry("2026-11-20 10:00", "Touch", question_id="pick-one"))
    scripted(("select", "Pick one.", None))
    result = cli("--content-dir", str(FIXTURE_LESSONS), "edit", one.id)
    assert result.exit_code == 0
    assert "No change" in result.stderr
    assert stored(data_dir, one).answer == "Touch"
