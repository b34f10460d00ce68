"""The terminal prompter, driven by keystrokes through prompt_toolkit's pipe
input: what each key does, that Ctrl-C/Ctrl-D are never mistaken for "skip",
that keys pressed before a question never answer it, and that lists wrap."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from intimacy_cli.ui.picker import Picker, Row, wrap
from intimacy_cli.ui.prompter import CHOOSE, KEEP, Option, QuestionaryPrompter

DOWN, UP, ENTER, SPACE, CTRL_C, CTRL_D = "\x1b[B", "\x1b[A", "\r", " ", "\x03", "\x04"
FINISH = "\x1b\r"  # Esc then Enter ends a multi-line answer
OPTIONS = [Option("a", "First"), Option("b", "Second")]


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        yield pipe


@pytest.fixture
def ask() -> QuestionaryPrompter:
    return QuestionaryPrompter()


def test_select_returns_the_value_not_the_label(keys: PipeInput, ask: QuestionaryPrompter) -> None:
    keys.send_text(DOWN + ENTER)
    assert ask.select("Which?", OPTIONS) == "b"


def test_select_starts_at_the_default(keys: PipeInput, ask: QuestionaryPrompter) -> None:
    keys.send_text(ENTER)
    assert ask.select("Which?", OPTIONS, default="b") == "b"


def test_the_skip_entry_returns_none(keys: PipeInput, ask: QuestionaryPrompter) -> None:
    keys.send_text(DOWN + DOWN + ENTER)
    assert ask.select("Which?", OPTIONS, skip="Skip") is None


def test_an_option_spelled_like_the_skip_entry_is_still_an_answer(
    keys: PipeInput, ask: QuestionaryPrompter
) -> None:
    keys.send_text(ENTER)
    assert ask.select("Which?", [Option("Skip")], skip="Skip") == "Skip"


QUESTIONS: dict[str, Callable[[QuestionaryPrompter], object]] = {
    "select": lambda ask: ask.select("Which?", OPTIONS, skip="Skip"),
    "text": lambda ask: ask.text("Word?"),
    "long_text": lambda ask: ask.long_text("Story?"),
    "scale menu": lambda ask: ask.scale("How?", 0, 10),
    "typed scale": lambda ask: ask.scale("How?", 0, 50),
    "checkbox": lambda ask: ask.checkbox("Any?", [Option("x"), Option("y")]),
    "confirm": lambda ask: ask.confirm("Sure?", default=True),
    "pause": lambda ask: ask.pause("Press Enter"),
}


@pytest.mark.parametrize("kind", QUESTIONS)
@pytest.mark.parametrize(("key", "raised"), [(CTRL_C, KeyboardInterrupt), (CTRL_D, EOFError)])
def test_ctrl_c_and_ctrl_d_stop_rather_than_skip(
    keys: PipeInput, ask: QuestionaryPrompter, kind: str, key: str, raised: type[BaseException]
) -> None:
    # FINISH would answer the question if the key were swallowed, failing the test
    # instead of leaving it waiting for input.
    keys.send_text(key + FINISH)
    with pytest.raises(raised):
        QUESTIONS[kind](ask)


def test_text_answers_and_empty_means_skipped(keys: PipeInput, ask: QuestionaryPrompter) -> None:
    keys.send_text("brave" + ENTER)
    assert ask.text("Word?") == "brave"
    keys.send_text("   " + ENTER)
    assert ask.text("Word?") is None


def test_long_text_keeps_its_lines(keys: PipeInput, ask: QuestionaryPrompter) -> None:
    keys.send_text("one" + ENTER + "two" + FINISH)
    assert ask.long_text("Story?") == "one\ntwo"
    keys.send_text(FINISH)
    assert ask.long_text("Story?") is None


def test_a_short_scale_is_a_menu_of_numbers(keys: PipeInput, ask: QuestionaryPrompter) -> None:
    # it opens on a line that is no answer: Enter there is refused, not a 1
    keys.send_text(ENTER + DOWN * 4 + ENTER)
    assert ask.scale("How?", 1, 5, low_label="low", high_label="high") == 4
    keys.send_text(DOWN * 6 + ENTER)  # past the numbers: the skip entry
    assert ask.scale("How?", 1, 5) is None


def test_a_scale_being_changed_opens_on_the_saved_number(
    keys: PipeInput, ask: QuestionaryPrompter
) -> None:
    keys.send_text(ENTER)
    assert ask.scale("How?", 0, 10, initial=8, skip=KEEP) == 8
    keys.send_text(DOWN + ENTER)
    assert ask.scale("How?", 0, 10, initial=8, skip=KEEP) == 9
    keys.send_text(UP * 9 + ENTER)  # 8 up to 0, then up again wraps to the way out
    assert ask.scale("How?", 0, 10, initial=8, skip=KEEP) is None


def test_a_long_scale_is_typed_and_checked(keys: PipeInput, ask: QuestionaryPrompter) -> None:
    # 99 and "lots" are refused in place; 42 is taken
    keys.send_text("99" + ENTER + "\b\blots" + ENTER + "\b" * 4 + "42" + ENTER)
    assert ask.scale("How many?", 0, 50) == 42
    keys.send_text(ENTER)
    assert ask.scale("How many?", 0, 50) is None
    keys.send_text(ENTER)  # changing an answer: the saved number is already typed
    assert ask.scale("How many?", 0, 50, initial=30, skip=KEEP) == 30


XYZ = [Option("x"), Option("y"), Option("z")]


def test_checkbox_picks_several(keys: PipeInput, ask: QuestionaryPrompter) -> None:
    keys.send_text(SPACE + DOWN + DOWN + SPACE + ENTER)
    assert ask.checkbox("Any?", XYZ) == ["x", "z"]


def test_enter_with_nothing_ticked_picks_the_highlighted_item(
    keys: PipeInput, ask: QuestionaryPrompter
) -> None:
    keys.send_text(DOWN + ENTER)
    assert ask.checkbox("Any?", XYZ) == ["y"]


def test_checkbox_is_skipped_only_on_its_skip_entry(
    keys: PipeInput, ask: QuestionaryPrompter
) -> None:
    keys.send_text(SPACE + UP + ENTER)  # up from the top wraps round to "Skip"
    assert ask.checkbox("Any?", XYZ) is None


def test_a_list_being_changed_starts_with_the_saved_items_ticked(
    keys: PipeInput, ask: QuestionaryPrompter
) -> None:
    keys.send_text(ENTER)
    assert ask.checkbox("Any?", XYZ, checked=["x", "z"], skip=KEEP) == ["x", "z"]
    keys.send_text(DOWN + SPACE + ENTER)  # tick y as well: nothing is replaced
    assert ask.checkbox("Any?", XYZ, checked=["z"], skip=KEEP) == ["y", "z"]


def test_the_quiz_placeholder_refuses_enter(keys: PipeInput, ask: QuestionaryPrompter) -> None:
    keys.send_text(ENTER + ENTER + DOWN + DOWN + ENTER)
    assert ask.select("Which?", OPTIONS, placeholder=CHOOSE) == "b"


def test_keys_pressed_before_a_question_do_not_answer_it(
    keys: PipeInput, ask: QuestionaryPrompter
) -> None:
    keys.send_text(ENTER * 3)  # three Enters at once: one goes on, two are left over
    ask.pause("Press Enter")
    keys.send_text(DOWN + ENTER)
    assert ask.select("Which?", OPTIONS) == "b"  # not "a", from a left-over Enter


def test_what_was_picked_is_left_on_screen_in_words(
    keys: PipeInput, ask: QuestionaryPrompter, capsys: pytest.CaptureFixture[str]
) -> None:
    keys.send_text(SPACE + DOWN + SPACE + ENTER)
    ask.checkbox("Any?", [Option("x", "Walks"), Option("y", "Messages")])
    shown = capsys.readouterr().out
    assert "? Any?" in shown
    assert "» Walks, Messages" in shown
    assert "selections" not in shown


def test_confirm_and_pause(keys: PipeInput, ask: QuestionaryPrompter) -> None:
    keys.send_text("n")
    assert ask.confirm("Sure?", default=True) is False
    keys.send_text(ENTER)
    assert ask.confirm("Sure?", default=True) is True
    keys.send_text(ENTER)
    ask.pause("Press Enter")


LONG_OPTIONS = [
    "Those figures fit the couples studied; tested on new couples, accuracy fell sharply.",
    "The figure holds, because it rests on careful filming of couples in a laboratory.",
]


@pytest.mark.parametrize("width", [40, 60, 80])
def test_a_list_wraps_between_words_and_cuts_nothing(width: int) -> None:
    question = "You read that a researcher can predict divorce with over 90% accuracy. What then?"
    rows = [Row(None, CHOOSE, "placeholder"), *(Row(o, o) for o in LONG_OPTIONS)]
    picker = Picker(question, rows, pointed=1)
    header, body = picker.header(width), picker.body(width)
    text = "".join(piece for _, piece in [*header, ("", "\n"), *body])
    lines = text.splitlines()
    assert all(len(line) <= width for line in lines)
    words = " ".join(" ".join(lines).split())
    for whole in (question, *LONG_OPTIONS):
        assert whole in words  # every word there, none broken
    # continuation lines sit under the text, not under the pointer
    assert any(line.startswith("   ") and not line.startswith("    ") for line in lines[3:])


def test_wrap_keeps_words_whole_and_indents_what_follows() -> None:
    assert wrap("one two three four five six seven", 16, "? ", "  ") == [
        "? one two three",
        "  four five six",
        "  seven",
    ]
