"""The questionary prompter, driven by keystrokes through prompt_toolkit's pipe
input: what each key does, and that Ctrl-C/Ctrl-D are never mistaken for "skip"."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from intimacy_cli.ui.prompter import Option, QuestionaryPrompter

DOWN, ENTER, SPACE, CTRL_C, CTRL_D = "\x1b[B", "\r", " ", "\x03", "\x04"
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
    "checkbox": lambda ask: ask.checkbox("Any?", ["x", "y"]),
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
    keys.send_text(DOWN * 3 + ENTER)
    assert ask.scale("How?", 1, 5, low_label="low", high_label="high") == 4
    keys.send_text(DOWN * 5 + ENTER)  # past the numbers: the skip entry
    assert ask.scale("How?", 1, 5) is None


def test_a_long_scale_is_typed_and_checked(keys: PipeInput, ask: QuestionaryPrompter) -> None:
    # 99 and "lots" are refused in place; 42 is taken
    keys.send_text("99" + ENTER + "\b\blots" + ENTER + "\b" * 4 + "42" + ENTER)
    assert ask.scale("How many?", 0, 50) == 42
    keys.send_text(ENTER)
    assert ask.scale("How many?", 0, 50) is None


def test_checkbox_picks_several_or_none(keys: PipeInput, ask: QuestionaryPrompter) -> None:
    keys.send_text(SPACE + DOWN + DOWN + SPACE + ENTER)
    assert ask.checkbox("Any?", ["x", "y", "z"]) == ["x", "z"]
    keys.send_text(ENTER)
    assert ask.checkbox("Any?", ["x", "y", "z"]) is None


def test_confirm_and_pause(keys: PipeInput, ask: QuestionaryPrompter) -> None:
    keys.send_text("n")
    assert ask.confirm("Sure?", default=True) is False
    keys.send_text(ENTER)
    assert ask.confirm("Sure?", default=True) is True
    keys.send_text(ENTER)
    ask.pause("Press Enter")
