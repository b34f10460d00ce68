"""``intimacy learn``: the lesson, quiz and reflections, saved answer by answer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.app import WITH_SAMPLE, Outcome, bare_lesson_pack
from helpers.entries import answers
from helpers.scripted import ScriptedPrompter, Step

from intimacy_cli.flows.learning import Step as LessonStep
from intimacy_cli.store import Journal

Cli = Callable[..., Outcome]
Script = Callable[..., ScriptedPrompter]

GO_ON: Step = ("select", "Go on with this lesson", "go-on")
# After each section a small menu; Enter (its first option) goes on.
SECTIONS: list[Step] = [
    ("select", "What next?", "next"),
    ("select", "What next?", "next"),
]
QUIZ: list[Step] = [
    ("select", "What does naming a feeling do", "Dampens amygdala responses a little"),
    ("select", "Dopamine is mostly about", "Liking"),  # wrong on purpose
]
REFLECTIONS: list[Step] = [
    ("text", "One word for today?", "brave"),
    ("long_text", "Tell a short story.", "We walked.\nWe talked."),
    ("scale", "How close do you feel?", 7),
    ("select", "Pick one.", "Touch"),
    ("checkbox", "Pick any.", ["Walks", "Meals"]),
    ("checkbox", "Which feelings?", ["calm", "curious"]),
    ("checkbox", "from the default list", ["hopeful"]),
    # The practice closes the lesson; writing about it is saved like a reflection.
    ("long_text", "What did you notice?", "Slower breathing."),
]
SKIP_ALL: list[Step] = [(method, text, None) for method, text, _ in REFLECTIONS]


def learn(cli: Cli, *args: str) -> Outcome:
    return cli(*WITH_SAMPLE, "learn", *args)


def test_a_full_lesson_saves_every_answer_with_its_question(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    scripted(GO_ON, *SECTIONS, *QUIZ, *REFLECTIONS)
    result = learn(cli, "sample")
    assert result.exit_code == 0, result.stderr

    journal = Journal(data_dir)
    saved = answers(journal)
    assert {rid: e.answer for rid, e in saved.items()} == {
        "quiz-1": "Dampens amygdala responses a little",
        "reward": "Liking",
        "one-line": "brave",
        "story": "We walked.\nWe talked.",
        "closeness": 7,
        "pick-one": "Touch",
        "pick-many": ["Walks", "Meals"],
        "feelings": ["calm", "curious"],
        "default-feelings": ["hopeful"],
        "practice": "Slower breathing.",
    }
    assert saved["practice"].question == "What did you notice?"
    assert saved["quiz-1"].correct is True
    assert saved["reward"].correct is False
    assert saved["closeness"].kind == "reflection"
    assert saved["closeness"].question == "How close do you feel?"
    (run,) = journal.sessions.all("sample")
    assert run.step == "done"
    assert {e.session for e in saved.values()} == {run.id}
    assert "sample" in journal.sessions.completed_lessons()


def test_the_practice_is_shown_and_a_heavy_question_is_followed_by_grounding(
    cli: Cli, scripted: Script
) -> None:
    scripted(GO_ON, *SECTIONS, *QUIZ, *SKIP_ALL)
    result = learn(cli, "sample")
    assert result.exit_code == 0, result.stderr
    assert "something to try" in result.stdout
    assert "Name one feeling" in result.stdout and "Say its name to yourself." in result.stdout
    assert "How we know" in result.stdout
    # Shown after the story question even though it was skipped.
    assert "Take a slow breath and look around the room." in result.stdout


def test_the_lesson_is_shown_section_by_section_with_feedback_and_a_summary(
    cli: Cli, scripted: Script
) -> None:
    scripted(GO_ON, *SECTIONS, *QUIZ, *REFLECTIONS)
    result = learn(cli, "sample")
    out = result.stdout
    assert "Content note: This lesson mentions rejection." in out
    assert out.index("A sample lesson - section 1 of 2") < out.index("## First part")
    assert out.index("## First part") < out.index("A sample lesson - section 2 of 2")
    assert "Some **Markdown** text about the *insula*." in out
    assert "## Key points" in out  # the last page carries the key points
    assert "Right. A modest lab effect, not a switch." in out
    assert "Not quite. The answer is: Wanting\nIncentive salience." in out
    assert "Quiz: 1 of 2 right." in out
    assert "Saved in your journal: 2 quiz answers and 8 reflections." in result.stderr
    assert "intimacy review --lesson sample" in result.stderr


def test_every_reflection_can_be_skipped_and_the_lesson_still_counts(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    scripted(GO_ON, *SECTIONS, *QUIZ, *SKIP_ALL)
    result = learn(cli, "sample")
    assert result.exit_code == 0
    journal = Journal(data_dir)
    assert set(answers(journal)) == {"quiz-1", "reward"}
    assert "sample" in journal.sessions.completed_lessons()
    assert "Saved in your journal: 2 quiz answers." in result.stderr


def test_declining_the_content_note_saves_nothing(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    scripted(("select", "Go on with this lesson", "later"))
    result = learn(cli, "sample")
    assert result.exit_code == 0
    assert "whenever you want it" in result.stderr
    assert not (data_dir / "journal.json").exists()


@pytest.mark.parametrize("stop", [KeyboardInterrupt, EOFError])
def test_stopping_mid_lesson_keeps_the_answers_so_far(
    cli: Cli, scripted: Script, data_dir: Path, stop: type[BaseException]
) -> None:
    scripted(GO_ON, *SECTIONS, *QUIZ, *REFLECTIONS[:2], ("scale", "How close", stop))
    result = learn(cli, "sample")
    assert result.exit_code == 130
    assert result.stderr.strip().splitlines() == [
        "Stopped. Anything you already saved is kept.",
        "Pick up where you stopped with: intimacy learn sample",
    ]
    journal = Journal(data_dir)
    assert set(answers(journal)) == {"quiz-1", "reward", "one-line", "story"}
    assert journal.sessions.all("sample")[0].step == "reflection:2"
    assert "sample" in journal.sessions.completed_lessons()  # its reflections were reached


def test_a_lesson_is_not_done_before_its_reflections(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    scripted(GO_ON, *SECTIONS, QUIZ[0], ("select", "Dopamine", KeyboardInterrupt))
    assert learn(cli, "sample").exit_code == 130
    journal = Journal(data_dir)
    assert journal.sessions.completed_lessons() == {}
    assert journal.sessions.all("sample")[0].step == "quiz:1"


def test_resume_picks_up_exactly_where_it_stopped(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    scripted(GO_ON, *SECTIONS, *QUIZ, *REFLECTIONS[:2], ("scale", "How close", KeyboardInterrupt))
    learn(cli, "sample")
    first_run = Journal(data_dir).sessions.all("sample")[0]

    asked = scripted(
        GO_ON, ("confirm", "stopped at reflection 3 of 7. Pick up there?", True), *REFLECTIONS[2:]
    )
    result = learn(cli, "sample")
    assert result.exit_code == 0, result.stderr
    assert [q for _, q, _ in asked.asked][2] == "How close do you feel?"

    journal = Journal(data_dir)
    saved = answers(journal)
    assert len(saved) == 10
    assert {e.session for e in saved.values()} == {first_run.id}
    assert [r.step for r in journal.sessions.all("sample")] == ["done"]
    # The closing summary counts what the whole run saved, before and after the break.
    assert "Saved in your journal: 2 quiz answers and 8 reflections." in result.stderr


def test_resume_mid_quiz_keeps_the_score(cli: Cli, scripted: Script) -> None:
    scripted(GO_ON, *SECTIONS, QUIZ[0], ("select", "Dopamine", KeyboardInterrupt))
    learn(cli, "sample")
    scripted(
        GO_ON,
        ("confirm", "quiz question 2 of 2", True),
        ("select", "Dopamine", "Wanting"),
        *SKIP_ALL,
    )
    result = learn(cli, "sample")
    assert "Quiz: 2 of 2 right." in result.stdout


def test_a_stop_in_the_sections_resumes_at_that_section(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    scripted(GO_ON, SECTIONS[0], ("select", "What next?", KeyboardInterrupt))
    assert learn(cli, "sample").exit_code == 130
    assert Journal(data_dir).sessions.all("sample")[0].step == "section:1"
    scripted(GO_ON, ("confirm", "section 2 of 2", True), SECTIONS[1], *QUIZ, *SKIP_ALL)
    result = learn(cli, "sample")
    assert "section 1 of 2" not in result.stdout
    assert "section 2 of 2" in result.stdout


def test_declining_resume_closes_that_sitting_and_starts_a_new_one(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    scripted(GO_ON, *SECTIONS, QUIZ[0], ("select", "Dopamine", KeyboardInterrupt))
    learn(cli, "sample")
    scripted(GO_ON, ("confirm", "Pick up there?", False), *SECTIONS, *QUIZ, *SKIP_ALL)
    assert learn(cli, "sample").exit_code == 0
    newest, older = Journal(data_dir).sessions.all("sample")
    assert (newest.step, older.step) == ("done", "done")
    assert older.completed_at is None  # closed, not counted as finished
    # Never offered again: the next sitting starts without asking.
    scripted(GO_ON, *SECTIONS, *QUIZ, *SKIP_ALL)
    assert learn(cli, "sample").exit_code == 0


def test_stopping_before_any_progress_starts_again_without_asking(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    scripted(GO_ON, ("select", "What next?", KeyboardInterrupt))
    learn(cli, "sample")
    scripted(GO_ON, *SECTIONS, *QUIZ, *SKIP_ALL)
    assert learn(cli, "sample").exit_code == 0
    assert [r.step for r in Journal(data_dir).sessions.all("sample")] == ["done"]


def test_a_step_the_lesson_no_longer_has_starts_over(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    journal = Journal(data_dir)
    run = journal.sessions.start("sample")
    journal.sessions.save(run.id, step="quiz:9")
    scripted(GO_ON, *SECTIONS, *QUIZ, *SKIP_ALL)
    assert learn(cli, "sample").exit_code == 0
    assert [r.id for r in journal.sessions.all("sample")] == [run.id]


def test_a_lesson_without_note_quiz_or_reflections(
    cli: Cli, scripted: Script, data_dir: Path, tmp_path: Path
) -> None:
    scripted(("select", "What next?", "next"))
    result = cli(*bare_lesson_pack(tmp_path / "pack"), "learn", "bare")
    assert result.exit_code == 0
    assert "Bare - section 1 of 1" in result.stdout
    assert "Saved in your journal: nothing" in result.stderr
    assert "bare" in Journal(data_dir).sessions.completed_lessons()


def test_without_a_lesson_pick_one_from_the_list(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    journal = Journal(data_dir)
    journal.sessions.save(journal.sessions.start("welcome").id, step="done", completed=True)
    picker = scripted(("select", "Which lesson?", "sample"), GO_ON, *SECTIONS, *QUIZ, *SKIP_ALL)
    assert learn(cli).exit_code == 0
    offered = picker.asked[0][2]
    assert offered[0].startswith("✓ Welcome") and offered[0].endswith(", done)")
    assert offered[1] == "  A sample lesson (10 min)"


def test_the_picker_can_be_left(cli: Cli, scripted: Script, data_dir: Path) -> None:
    scripted(("select", "Which lesson?", None))
    assert learn(cli).exit_code == 0
    assert not (data_dir / "journal.json").exists()


def test_without_a_terminal_learn_explains_and_does_not_wait(cli: Cli) -> None:
    result = learn(cli, "sample")
    assert result.exit_code == 1
    assert "needs a terminal" in result.stderr
    assert "intimacy reflect LESSON --answers FILE" in result.stderr


def test_an_unknown_lesson_is_named_before_anything_is_asked(cli: Cli) -> None:
    result = learn(cli, "sampel")
    assert result.exit_code == 1
    assert "no lesson 'sampel'" in result.stderr
    assert "did you mean 'sample'" in result.stderr


@pytest.mark.parametrize(
    ("text", "step"),
    [
        ("section:0", LessonStep("section", 0)),
        ("quiz:12", LessonStep("quiz", 12)),
        ("reflection:3", LessonStep("reflection", 3)),
        ("done", LessonStep("done")),
        ("quiz", None),
        ("quiz:-1", None),
        ("lunch:1", None),
        ("done:1", None),
    ],
)
def test_recorded_steps_are_parsed_strictly(text: str, step: LessonStep | None) -> None:
    assert LessonStep.parse(text) == step
    if step is not None:
        assert str(step) == text
