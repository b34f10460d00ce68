"""A way back and a way around in ``intimacy learn``: the menu after each section
(next, previous, again, jump to the quiz or reflections, stop), the step shown
at every question, and the "lesson complete" moment at the end."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from helpers.app import WITH_SAMPLE, Outcome, bare_lesson_pack
from helpers.entries import answers
from helpers.scripted import ScriptedPrompter, Step

from intimacy_cli.store import Journal

Cli = Callable[..., Outcome]
Script = Callable[..., ScriptedPrompter]

GO_ON: Step = ("select", "Go on with this lesson", "go-on")
QUIZ: list[Step] = [
    ("select", "What does naming a feeling do", "Dampens amygdala responses a little"),
    ("select", "Dopamine is mostly about", "Wanting"),
]
SKIP_REFLECTIONS: list[Step] = [
    ("text", "One word for today?", None),
    ("long_text", "Tell a short story.", None),
    ("scale", "How close do you feel?", None),
    ("select", "Pick one.", None),
    ("checkbox", "Pick any.", None),
    ("checkbox", "Which feelings?", None),
    ("checkbox", "from the default list", None),
    ("long_text", "What did you notice?", None),
]


def after(section: int, choice: str) -> Step:
    """The menu after ``section`` (the section's closing line names it; the
    question itself is the same after every section)."""
    return ("select", "What next?", choice)


def learn(cli: Cli) -> Outcome:
    return cli(*WITH_SAMPLE, "learn", "sample")


def test_enter_goes_on_and_the_menu_offers_every_way_around(cli: Cli, scripted: Script) -> None:
    asked = scripted(GO_ON, after(1, "next"), after(2, "next"), *QUIZ, *SKIP_REFLECTIONS)
    assert learn(cli).exit_code == 0
    first, second = (options for method, q, options in asked.asked if q == "What next?")
    # The first option is the one Enter takes.
    assert first == [
        "Next section (2 of 2)",
        "Read this section again",
        "Jump to the quiz",
        "Jump to the reflections",
        "Stop here (pick up later)",
    ]
    assert second == [
        "On to the quiz",
        "Previous section (1 of 2)",
        "Read this section again",
        "Jump to the reflections",
        "Stop here (pick up later)",
    ]


def test_going_back_and_reading_again_shows_the_sections_again(cli: Cli, scripted: Script) -> None:
    scripted(
        GO_ON,
        after(1, "next"),
        after(2, "previous"),
        after(1, "again"),
        after(1, "next"),
        after(2, "next"),
        *QUIZ,
        *SKIP_REFLECTIONS,
    )
    result = learn(cli)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("A sample lesson - section 1 of 2") == 3
    assert result.stdout.count("A sample lesson - section 2 of 2") == 2


def test_jumping_to_the_quiz_skips_the_rest_of_the_sections(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    scripted(GO_ON, after(1, "quiz"), *QUIZ, *SKIP_REFLECTIONS)
    result = learn(cli)
    assert result.exit_code == 0, result.stderr
    assert "section 2 of 2" not in result.stdout
    assert "Quiz: 2 of 2 right." in result.stdout
    assert set(answers(Journal(data_dir))) == {"quiz-1", "reward"}


def test_jumping_to_the_reflections_skips_the_quiz_and_still_completes(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    scripted(GO_ON, after(1, "reflections"), ("text", "One word", "brave"), *SKIP_REFLECTIONS[1:])
    result = learn(cli)
    assert result.exit_code == 0, result.stderr
    assert "Quiz" not in result.stdout
    journal = Journal(data_dir)
    assert set(answers(journal)) == {"one-line"}
    assert "sample" in journal.sessions.completed_lessons()


def test_stop_here_saves_where_to_pick_up_and_resume_starts_there(
    cli: Cli, scripted: Script, data_dir: Path
) -> None:
    scripted(GO_ON, after(1, "stop"))
    result = learn(cli)
    assert result.exit_code == 0, result.stderr
    assert "Stopped at section 2 of 2. Everything you answered is saved." in result.stderr
    assert "Pick up there with: intimacy learn sample" in result.stderr
    assert "Lesson complete" not in result.stderr
    (run,) = Journal(data_dir).sessions.all("sample")
    assert run.step == "section:1"

    scripted(
        GO_ON,
        ("confirm", "stopped at section 2 of 2", True),
        after(2, "next"),
        *QUIZ,
        *SKIP_REFLECTIONS,
    )
    again = learn(cli)
    assert again.exit_code == 0, again.stderr
    assert "section 1 of 2" not in again.stdout
    assert [r.step for r in Journal(data_dir).sessions.all("sample")] == ["done"]


def test_the_step_is_shown_before_every_quiz_question_and_reflection(
    cli: Cli, scripted: Script
) -> None:
    scripted(GO_ON, after(1, "next"), after(2, "next"), *QUIZ, *SKIP_REFLECTIONS)
    out = learn(cli).stdout
    assert out.index("Quiz question 1 of 2") < out.index("Quiz question 2 of 2")
    for number in range(1, 8):
        assert f"Reflection {number} of 7" in out
    assert out.index("Reflection 7 of 7") < out.index("something to try")


def test_a_complete_lesson_says_what_was_saved_what_to_try_and_what_is_next(
    cli: Cli, scripted: Script
) -> None:
    scripted(
        GO_ON,
        after(1, "next"),
        after(2, "next"),
        *QUIZ,
        ("text", "One word", "brave"),
        *SKIP_REFLECTIONS[1:],
    )
    result = learn(cli)
    assert result.exit_code == 0, result.stderr
    err = result.stderr
    assert "Lesson complete: A sample lesson" in err
    assert "Saved in your journal: 2 quiz answers and 1 reflection." in err
    assert "To try this week: Name one feeling (2 min, from this lesson's practice)" in err
    # The sample lesson sorts after welcome, so the first built-in lesson is next.
    assert "Next lesson: Welcome" in err and "intimacy learn welcome" in err
    assert err.index("Lesson complete") < err.index("To try this week") < err.index("Next lesson")


def test_without_a_practice_the_first_key_point_is_the_thing_to_try(
    cli: Cli, scripted: Script, tmp_path: Path
) -> None:
    scripted(("select", "What next?", "next"))
    result = cli(*bare_lesson_pack(tmp_path / "pack"), "learn", "bare")
    assert result.exit_code == 0, result.stderr
    assert "To try this week: One." in result.stderr


def test_a_lesson_with_one_section_and_nothing_after_offers_only_to_finish(
    cli: Cli, scripted: Script, tmp_path: Path
) -> None:
    asked = scripted(("select", "What next?", "next"))
    assert cli(*bare_lesson_pack(tmp_path / "pack"), "learn", "bare").exit_code == 0
    assert asked.asked[0][2] == ["Finish the lesson", "Read this section again"]


def test_after_ctrl_c_the_calm_line_says_how_to_pick_up_the_lesson(
    cli: Cli, scripted: Script
) -> None:
    scripted(GO_ON, after(1, "next"), ("select", "What next?", KeyboardInterrupt))
    result = learn(cli)
    assert result.exit_code == 130
    assert result.stderr.strip().splitlines() == [
        "Stopped. Anything you already saved is kept.",
        "Pick up where you stopped with: intimacy learn sample",
    ]


def test_a_lesson_picked_from_the_list_is_named_after_ctrl_c(cli: Cli, scripted: Script) -> None:
    scripted(("select", "Which lesson?", "sample"), GO_ON, ("select", "What next?", EOFError))
    result = cli(*WITH_SAMPLE, "learn")
    assert result.exit_code == 130
    assert "Pick up where you stopped with: intimacy learn sample" in result.stderr


def test_after_ctrl_c_elsewhere_the_calm_line_is_generic(cli: Cli, scripted: Script) -> None:
    scripted(("long_text", "What's on your mind?", KeyboardInterrupt))
    result = cli("journal")
    assert result.exit_code == 130
    assert "To go on, run the same command again" in result.stderr
    assert "intimacy learn" not in result.stderr


def test_when_every_lesson_is_done_the_end_says_so(
    cli: Cli, scripted: Script, data_dir: Path, tmp_path: Path
) -> None:
    from intimacy_cli.content.catalogue import load_catalogue

    journal = Journal(data_dir)
    for lesson in load_catalogue().lessons:
        journal.sessions.save(journal.sessions.start(lesson.id).id, step="done", completed=True)
    scripted(("select", "What next?", "next"))
    result = cli(*bare_lesson_pack(tmp_path / "pack"), "learn", "bare")
    assert result.exit_code == 0, result.stderr
    assert "Every lesson is done. Revisit any with: intimacy learn" in result.stderr
    assert "Next lesson" not in result.stderr


def test_every_step_is_named_in_words() -> None:
    from helpers.app import FIXTURE_LESSONS

    from intimacy_cli.content.catalogue import load_catalogue
    from intimacy_cli.flows.learning import Step as LessonStep
    from intimacy_cli.flows.learning import describe, lesson_steps

    sample = load_catalogue([FIXTURE_LESSONS]).get("sample")
    named = [describe(sample, step) for step in lesson_steps(sample)]
    assert named[0] == "section 1 of 2"
    assert named[2] == "quiz question 1 of 2"
    assert named[4] == "reflection 1 of 7"
    assert named[-2:] == ["the practice at the end", "the end of the lesson"]
    assert describe(sample, LessonStep("practice")) == "the practice at the end"
