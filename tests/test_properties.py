"""Property-based tests: whatever a file holds, reading it gives either a valid
result or the app's one-line error (an ``IntimacyError``), never another
exception, and quickly.

Covered: ``intimacy import`` (JSON exports), answers files (JSON or YAML),
lesson packs (YAML) and the settings file (TOML). Inputs are built three ways:
random text over each format's meaningful characters, random documents
serialised properly (and then given odd tags), and a valid file with a
random piece spliced in. Example counts keep the whole module to a few seconds.
"""

from __future__ import annotations

import json
import math
import os
import re
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml
from helpers.app import FIXTURE_LESSONS as SAMPLE_DIR
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from intimacy_cli.base import config
from intimacy_cli.base import text as text_safety
from intimacy_cli.base.errors import IntimacyError
from intimacy_cli.base.text import contains_folded, fold, printable
from intimacy_cli.content.answers import check_answers, parse_answers
from intimacy_cli.content.catalogue import load_catalogue
from intimacy_cli.content.loader import Problem, parse_lesson
from intimacy_cli.content.model import Lesson
from intimacy_cli.store.queries import QueryFilter
from intimacy_cli.store.records import ENTRIES, check_record, is_document_number
from intimacy_cli.transfer import shapes
from intimacy_cli.transfer.importing import MAX_NUMBER, read_entries
from intimacy_cli.ui import console
from intimacy_cli.ui.json_output import json_text
from intimacy_cli.ui.views.lesson import lesson_markdown

T = TypeVar("T")
# Generous for one call on a slow machine; a hang or blow-up takes far longer.
MOST_SECONDS = 5.0
# INTIMACY_FUZZ_EXAMPLES=5000 for a long hunt; the default keeps the module quick.
FEW = settings(
    max_examples=int(os.environ.get("INTIMACY_FUZZ_EXAMPLES", "120")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SAMPLE_TEXT = (SAMPLE_DIR / "10-sample.yaml").read_text(encoding="utf-8")


def bounded(call: Callable[[], T]) -> T:
    started = time.monotonic()
    try:
        return call()
    finally:
        assert time.monotonic() - started < MOST_SECONDS


def calm(call: Callable[[], T]) -> T | None:
    """The result, or ``None`` for the app's own error; anything else fails."""
    try:
        return bounded(call)
    except IntimacyError as exc:
        # Quoted text may hold line breaks; the error line shows them as \n.
        assert exc.message and "\n" not in console._one_line(exc.message)
        return None


# -- shared strategies ---------------------------------------------------------------------

# Numbers that JSON allows and that once broke things: huge, tiny, negative zero.
absurd_numbers = st.sampled_from(
    [1.7e308, -1.7e308, 5e-324, -0.0, 0.0, 1e9, 1e9 + 1, 2**63, -(2**63), 2**64, 10**30]
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    absurd_numbers,
    st.text(max_size=30),
    st.sampled_from(["", " ", "\u202e", "\x1b[2J", "2026-99-99", "🙂", "\x00"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


def tagged(text: str, data: st.DataObject) -> str:
    """A YAML text with one random tag placed before a value."""
    tag = data.draw(
        st.sampled_from(
            [
                "!!float",
                "!!int",
                "!!bool",
                "!!timestamp",
                "!!binary",
                "!!set",
                "!!omap",
                "!!python/object/apply:os.system",
                "!!str",
                "!!null",
                "!mine",
                "!!merge",
            ]
        )
    )
    spots = [i for i, char in enumerate(text) if char == ":" and text[i + 1 : i + 2] == " "]
    if not spots:
        return f"{tag} {text}"
    at = data.draw(st.sampled_from(spots)) + 2
    return f"{text[:at]}{tag} {text[at:]}"


def yaml_noise(alphabet: str) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, max_size=200)


YAML_CHARS = "ab01 -:?,[]{}&*!|>'\"#%@`\n\t.~=<+e"
SPLICES = st.one_of(
    yaml_noise(YAML_CHARS),
    st.sampled_from(
        [
            "&a [1, 2]\nx: *a",
            "*undefined",
            "[" * 120,
            "9" * 5000,
            "!!float x",
            "2026-99-99",
            "<<: {a: 1}",
            "\x00",
            "\ufeff",
            "\t- tab",
        ]
    ),
)


# -- import ------------------------------------------------------------------------------


def entry_like() -> st.SearchStrategy[dict[str, Any]]:
    """Mostly-right entries: every field present or not, right or wrong."""
    good = {
        "id": st.builds(lambda: str(uuid.uuid4())) | st.text(max_size=40),
        "kind": st.sampled_from(["reflection", "quiz", "journal"]) | scalars,
        "answer": st.one_of(
            st.text(max_size=20), absurd_numbers, st.integers(), st.lists(st.text(max_size=5))
        )
        | json_values,
        "created_at": st.sampled_from(
            [
                "2026-01-01T09:00:00+00:00",
                "2026-01-01T09:00:00",
                "0001-01-01T00:00:00+00:00",
                "9999-12-31T23:59:59+14:00",
                "2026-02-30T00:00:00+00:00",
            ]
        )
        | scalars,
        "updated_at": scalars,
        "lesson": scalars,
        "prompt_id": scalars,
        "prompt": scalars,
        "tags": st.lists(st.text(max_size=5), max_size=3) | scalars,
        "session": scalars,
        "correct": scalars,
        "extra": scalars,
    }
    return st.fixed_dictionaries({}, optional=good)


def check_imported(text: str) -> None:
    entries = calm(lambda: read_entries(text, "<fuzz>"))
    for entry in entries or []:
        record = entry.to_record()
        check_record(ENTRIES, "1", record)  # what import accepts the journal accepts
        answer = entry.answer
        if isinstance(answer, int | float) and not isinstance(answer, bool):
            assert math.isfinite(answer) and abs(answer) <= MAX_NUMBER
            assert not (answer == 0 and math.copysign(1, answer) < 0)


@FEW
@given(st.lists(entry_like(), max_size=4), st.booleans())
def test_import_of_random_entries(records: list[dict[str, Any]], wrapped: bool) -> None:
    document: Any = records
    if wrapped:
        document = {"format": "intimacy-cli journal", "version": 1, "entries": records}
    check_imported(json.dumps(document))


@FEW
@given(json_values)
def test_import_of_any_json_document(document: Any) -> None:
    check_imported(json.dumps(document))


@FEW
@given(st.text(alphabet='[]{}",:0123456789.eE-+ tnrufalsN\\u', max_size=300))
def test_import_of_json_like_noise(text: str) -> None:
    check_imported(text)


# -- answers files -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> Lesson:
    return load_catalogue([SAMPLE_DIR]).get("sample")


def check_answers_file(lesson: Lesson, text: str) -> None:
    supplied = calm(lambda: parse_answers(text, "answers.yaml"))
    if supplied is None:
        return
    checked = calm(lambda: check_answers(lesson, supplied, "answers.yaml"))
    for reflection, answer in checked or []:
        assert isinstance(answer, str | int | list), (reflection.id, answer)
        if isinstance(answer, list):
            assert all(isinstance(item, str) for item in answer)


ANSWER_IDS = st.sampled_from(["one-line", "story", "closeness", "pick-one", "pick-many", "nope"])


@settings(FEW)
@given(st.dictionaries(ANSWER_IDS, json_values, max_size=4), st.booleans(), st.data())
def test_answers_files_built_from_random_values(
    sample: Lesson, answers: dict[str, Any], as_json: bool, data: st.DataObject
) -> None:
    if as_json:
        text = json.dumps(answers)
    else:
        text = tagged(yaml.safe_dump(answers, allow_unicode=True), data)
    check_answers_file(sample, text)


@settings(FEW)
@given(yaml_noise(YAML_CHARS))
def test_answers_files_of_random_yaml_text(sample: Lesson, text: str) -> None:
    check_answers_file(sample, text)


@settings(FEW)
@given(st.data())
def test_a_valid_answers_file_with_a_random_splice(sample: Lesson, data: st.DataObject) -> None:
    text = "closeness: 7\npick-one: Talking\nstory: |\n  A line.\n"
    at = data.draw(st.integers(min_value=0, max_value=len(text)))
    check_answers_file(sample, text[:at] + data.draw(SPLICES) + text[at:])


# -- lesson packs ------------------------------------------------------------------------


def check_pack_file(text: str) -> None:
    lesson, problems = bounded(lambda: parse_lesson(Path("pack.yaml"), text, ("calm", "sad")))
    if lesson is None:
        assert problems and all(isinstance(p, Problem) for p in problems)
        assert all("\n" not in str(p) for p in problems)
        return
    assert problems == []
    # A lesson that loads can be shown and printed as JSON.
    assert lesson_markdown(lesson)
    json.loads(json_text(shapes.lesson_dict(lesson)))


@FEW
@given(yaml_noise(YAML_CHARS))
def test_lesson_files_of_random_yaml_text(text: str) -> None:
    check_pack_file(text)


@FEW
@given(st.data())
def test_the_sample_lesson_with_a_random_splice(data: st.DataObject) -> None:
    at = data.draw(st.integers(min_value=0, max_value=len(SAMPLE_TEXT)))
    check_pack_file(SAMPLE_TEXT[:at] + data.draw(SPLICES) + SAMPLE_TEXT[at:])


@FEW
@given(st.data())
def test_the_sample_lesson_with_a_random_tag(data: st.DataObject) -> None:
    check_pack_file(tagged(SAMPLE_TEXT, data))


@FEW
@given(st.data())
def test_the_sample_lesson_with_a_value_replaced(data: st.DataObject) -> None:
    """Every value of the parsed sample, one at a time, swapped for a random one."""
    document = yaml.safe_load(SAMPLE_TEXT)
    paths: list[tuple[Any, Any]] = []

    def walk(node: Any) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            paths.append((node, key))
            if isinstance(value, dict | list):
                walk(value)

    walk(document)
    parent, key = data.draw(st.sampled_from(paths))
    parent[key] = data.draw(json_values)
    check_pack_file(yaml.safe_dump(document, allow_unicode=True))


# -- the settings file -------------------------------------------------------------------


def check_settings(raw: bytes) -> None:
    settings_ = calm(lambda: config._parse(Path("config.toml"), raw))
    if settings_ is not None:
        assert settings_.color in (None, True, False)
        assert isinstance(settings_.crisis_notice, bool)
        assert settings_.data_dir is None or settings_.data_dir.is_absolute()


TOML_VALUES = st.one_of(
    st.sampled_from(
        [
            "true",
            "false",
            '"~/journal"',
            '"/abs/path"',
            '"relative"',
            '"~nosuchuser/x"',
            '"\\u0000"',
            "1",
            "9" * 5000,
            "1979-05-27",
            "2026-99-99",
            "[1, [2, [3]]]",
            "[" * 2000 + "]" * 2000,
            "{a = 1}",
            "inf",
            "nan",
            "'''x'''",
        ]
    ),
    st.text(alphabet="[]{}=\"'.,0123456789 truefalsinx\n#", max_size=40),
)


@FEW
@given(
    st.dictionaries(st.sampled_from(["color", "crisis_notice", "data_dir", "other"]), TOML_VALUES)
)
def test_settings_files_built_from_random_values(values: dict[str, str]) -> None:
    check_settings("".join(f"{key} = {value}\n" for key, value in values.items()).encode())


@FEW
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_settings_files_of_random_bytes(raw: bytes) -> None:
    check_settings(raw)


# -- the screen: the quick path of printable is the full pattern ----------------------------

# Controls (C0, DEL, C1), the invisible characters and the joiners beside ASCII,
# spaces, letters of other scripts and emoji, and text with none of them.
SHOWN = (
    "aZ .\t\n\x00\x1b\x7f\x85\x9fé\u00a0"
    "\u061c\u200b\u200c\u200d\u200e\u202e\u2060\u2066\ufeff\u2019日ب👍"
)


@settings(max_examples=500, deadline=None, database=None)
@given(st.text(alphabet=st.sampled_from(list(SHOWN)), max_size=30) | st.text(max_size=30))
@example("caf\u00e9 \u2019quoted\u2019")
@example("\u0628\u200c\u0628 a\u200cb")
def test_printable_shows_what_the_whole_pattern_shows(text: str) -> None:
    assert printable(text) == text_safety._compiled(text_safety._SHOWN).sub(
        text_safety._visible, text
    )


# -- a record's key: what TinyDB would read back as the same document number --------------


@settings(max_examples=500, deadline=None, database=None)
@given(
    st.text(alphabet=st.sampled_from(list("0123456789-+ _x\u00b2\u0661\u0966\uff11")), max_size=5)
)
@example("")
@example("0")
@example("007")
def test_a_document_number_is_digits_without_a_leading_zero(key: str) -> None:
    assert is_document_number(key) == (re.fullmatch(r"0|[1-9][0-9]*", key) is not None)


# -- search: the quick containment test is the same as folding in full -----------------

# Accented and decomposed Latin, other scripts, compatibility forms and marks:
# what the quick path drops or keeps.
LETTERS = "abcoxytinRÉSUMÉrésumé -\u0301\u0308\ufb01\uff4f\u0440жзкд日本ß"
SEARCHED = st.text(alphabet=st.sampled_from(list(LETTERS)), max_size=30)


@given(text=SEARCHED, needle=SEARCHED)
def test_contains_folded_is_fold_then_in(text: str, needle: str) -> None:
    folded = fold(needle)
    assert contains_folded(text, folded) == (folded in fold(text))


# What the quick path for ASCII words must get right: ASCII letters of either
# case; characters that fold to ASCII (accents, ligatures, compatibility forms
# such as U+2121, which folds to an upper-case "TEL"), to nothing (a lone
# accent) or to several characters ("ß", "İ"); combining marks that NFKD puts
# in order, dropped or kept; other scripts (Cherokee folds to upper case); a
# lone surrogate.
FOLDING = (
    "aAbcEeiIKkoOsStTlLxyn? "
    "éÉïÏ\u0301\u0316\u05b4\u05b0\u0483\u2121\u212a\u017f\u01c5\u0130ßﬁ\uff4f日한\u13a0\uab70\ud800"
)
FOLDED = st.text(alphabet=st.sampled_from(list(FOLDING)), max_size=40)


@settings(max_examples=500, deadline=None, database=None)
@given(text=FOLDED | st.text(max_size=40), needle=FOLDED)
@example(text="\u2121", needle="tel")
@example(text="oxy\u0301tocin", needle="oxytocin")
@example(text="oxy\u0483tocin", needle="oxytocin")
@example(text="naïve \ufb01ne", needle="naive fine")
def test_contains_folded_is_fold_then_in_for_any_text(text: str, needle: str) -> None:
    folded = fold(needle)
    assert contains_folded(text, folded) == (folded in fold(text))


@given(prompt=SEARCHED, answer=SEARCHED, tags=st.lists(SEARCHED, max_size=3), needle=SEARCHED)
@example(prompt="How close?", answer="Close, then far", tags=[], needle="close? close")
@example(prompt="", answer="a walk", tags=["calm", "Désir"], needle="calm desir")
@example(prompt="", answer="a walk", tags=["calm", "Désir"], needle="walkcalm")
def test_a_search_finds_what_the_entry_holds_as_one_text(
    prompt: str, answer: str, tags: list[str], needle: str
) -> None:
    """What a search finds: the question, answer and tags joined by spaces,
    folded, so a phrase may run from one into the next."""
    record = {"prompt": prompt, "answer": answer, "tags": tags, "created_at": "", "kind": "journal"}
    expected = fold(needle) in fold(" ".join([prompt, answer, *tags]))
    assert QueryFilter(text=needle).matches(record) is expected


@pytest.mark.parametrize(
    ("text", "needle", "found"),
    [
        ("Oxytocín, again", "oxytocin", True),  # an accent folds away
        ("oxy\u0436tocin", "oxytocin", False),  # letters brought together by dropping
        ("\ufb01ne", "fine", True),  # a ligature decomposes
        ("Résumé", "résumé", True),
        ("日本語のメモ", "本語", True),
    ],
)
def test_contains_folded_examples(text: str, needle: str, found: bool) -> None:
    assert contains_folded(text, fold(needle)) is found
