"""Checking reflection answers against their question's kind (content/answers.py)."""

from __future__ import annotations

from typing import Any

import pytest
from helpers.app import FIXTURE_LESSONS

from intimacy_cli.content.answers import (
    InvalidAnswers,
    check_answer,
    check_answers,
    parse_answers,
)
from intimacy_cli.content.catalogue import load_catalogue
from intimacy_cli.content.model import Lesson


@pytest.fixture(scope="module")
def sample() -> Lesson:
    return load_catalogue([FIXTURE_LESSONS]).get("sample")


@pytest.mark.parametrize(
    ("rid", "value", "stored"),
    [
        ("one-line", "  brave  ", "brave"),
        ("story", "line one\nline two\n", "line one\nline two"),
        ("closeness", 0, 0),
        ("closeness", 10, 10),
        ("pick-one", "Touch", "Touch"),
        ("pick-many", ["Meals", "Walks"], ["Meals", "Walks"]),
        ("feelings", ["calm"], ["calm"]),
        ("default-feelings", ["hopeful", "tired"], ["hopeful", "tired"]),
    ],
)
def test_valid_answers_are_stored_in_their_kind(
    sample: Lesson, rid: str, value: Any, stored: Any
) -> None:
    reflection = sample.reflection(rid)
    assert reflection is not None
    assert check_answer(reflection, value) == stored


@pytest.mark.parametrize(
    ("rid", "value", "message"),
    [
        ("one-line", "   ", "must not be empty"),
        ("one-line", 42, "must be text"),
        ("story", ["a"], "must be text"),
        ("closeness", 11, "from 0 to 10"),
        ("closeness", -1, "from 0 to 10"),
        ("closeness", "7", "whole number"),
        ("closeness", 7.5, "whole number"),
        ("closeness", True, "whole number"),
        ("pick-one", "touch", "must be one of: Talking, Touch"),
        ("pick-one", ["Touch"], "must be one of"),
        ("pick-many", "Walks", "must be a list"),
        ("pick-many", [], "must be a list of one or more"),
        ("pick-many", ["Walks", "Dancing"], "'Dancing' is not an option"),
        ("pick-many", ["Walks", "Walks"], "more than once"),
        ("feelings", ["furious"], "'furious' is not an option"),
    ],
)
def test_invalid_answers_say_what_is_expected(
    sample: Lesson, rid: str, value: Any, message: str
) -> None:
    reflection = sample.reflection(rid)
    assert reflection is not None
    with pytest.raises(ValueError, match=message):
        check_answer(reflection, value)


def test_json_and_yaml_give_the_same_mapping() -> None:
    as_json = parse_answers('{"closeness": 7, "pick-many": ["Walks"]}', "a.json")
    as_yaml = parse_answers("closeness: 7\npick-many:\n  - Walks\n", "a.yaml")
    assert as_json == as_yaml == {"closeness": 7, "pick-many": ["Walks"]}


def test_an_empty_file_is_an_empty_mapping() -> None:
    assert parse_answers("", "empty.yaml") == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- just\n- a list\n", "a.yaml: expected a mapping"),
        ("closeness: [unclosed\n", "a.yaml:2: not valid JSON or YAML"),
        ("!!python/object:os.system {}\n", "a.yaml:1: not valid JSON or YAML"),
    ],
)
def test_unusable_files_are_named(text: str, message: str) -> None:
    with pytest.raises(InvalidAnswers, match=message):
        parse_answers(text, "a.yaml")


def test_check_answers_keeps_lesson_order_and_leaves_out_nulls(sample: Lesson) -> None:
    checked = check_answers(
        sample, {"pick-one": "Talking", "story": None, "closeness": 3}, "a.yaml"
    )
    assert [(r.id, answer) for r, answer in checked] == [("closeness", 3), ("pick-one", "Talking")]


def test_check_answers_rejects_the_whole_file_naming_file_and_id(sample: Lesson) -> None:
    with pytest.raises(InvalidAnswers) as caught:
        check_answers(sample, {"closeness": 3, "nope": "x", "pick-one": "Hugs"}, "mine.yaml")
    message = caught.value.message
    assert message.startswith("mine.yaml: 'nope' is not a reflection in lesson 'sample'")
    assert "(and 1 more)" in message
    assert "nothing was saved" in message
    assert caught.value.hint is not None and "closeness" in caught.value.hint
