"""The crisis-word notice: what it matches, what it does not, and how it shows itself."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from intimacy_cli.content import crisis
from intimacy_cli.content.crisis import suggests_crisis
from intimacy_cli.content.framing import load_support
from intimacy_cli.flows.saving import notice_if_needed


@pytest.mark.parametrize(
    "text",
    [
        "Some nights I want to kill myself.",
        "I keep thinking about SUICIDE",
        "feeling suicidal again",
        "Suïcidal thoughts",  # accents are ignored
        "I want to end my life",
        "I have been hurting myself",
        "self harm",
        "self-harm",
        "self\u2013harm",  # en dash
        "selfharm",
        "I'm not safe at home.",
        "When he's drunk he hits me",
        "she hit me last night",
        "They hit\nme",  # words split across lines
        "it was abuse",
        "(abused)",
    ],
)
def test_suggests_crisis(text: str) -> None:
    assert suggests_crisis(text)


@pytest.mark.parametrize(
    "text",
    [
        "I'm killing it at work",
        "this joke kills me",
        "I'm dying to see that film",
        "I felt disabused of the idea",  # "abuse" only as a whole word
        "my therapist is great",  # "rapist"/"rape" never inside a word
        "we ate grapes and drapes fell",
        "my partner hugged me",
        "",
    ],
)
def test_does_not_suggest_crisis(text: str) -> None:
    assert not suggests_crisis(text)


def test_every_listed_phrase_matches_itself() -> None:
    for phrase in load_support().crisis_phrases:
        assert suggests_crisis(f"… {phrase.upper()}!"), phrase


def test_notice_goes_to_stderr_once(capsys: pytest.CaptureFixture[str]) -> None:
    notice_if_needed(["a calm day", "I want to die", "it feels like abuse"])
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("Something you just wrote sounds heavy") == 1
    assert "988" in captured.err
    assert "findahelpline.com" in captured.err
    assert "intimacy support" in captured.err
    assert "crisis_notice = false" in captured.err


def test_notice_never_repeats_what_was_written(capsys: pytest.CaptureFixture[str]) -> None:
    notice_if_needed(["the word suicide in a private note"])
    assert "private note" not in capsys.readouterr().err


def test_no_notice_for_ordinary_text(capsys: pytest.CaptureFixture[str]) -> None:
    notice_if_needed(["I'm killing it at work", "we laughed a lot"])
    notice_if_needed([])
    assert capsys.readouterr().err == ""


def test_notice_can_be_turned_off(capsys: pytest.CaptureFixture[str]) -> None:
    Path(os.environ["INTIMACY_CONFIG"]).write_text("crisis_notice = false\n", encoding="utf-8")
    notice_if_needed(["I want to kill myself"])
    assert capsys.readouterr().err == ""


def test_notice_is_shown_when_the_settings_file_is_broken(
    capsys: pytest.CaptureFixture[str],
) -> None:
    Path(os.environ["INTIMACY_CONFIG"]).write_text("crisis_notice = [\n", encoding="utf-8")
    notice_if_needed(["I want to kill myself"])
    assert "988" in capsys.readouterr().err


# -- the precompiled expression (crisis.json) ---------------------------------------------


def test_the_shipped_expression_is_made_from_support_yaml() -> None:
    """``crisis.json`` must be rebuilt whenever support.yaml changes;
    ``UPDATE_GOLDEN=1`` rewrites it."""
    from intimacy_cli.base import paths

    source = (paths.builtin_prompts_dir() / crisis.SUPPORT_FILE).read_bytes()
    expected = crisis.precompiled_document(source, load_support().crisis_phrases)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        crisis.PRECOMPILED.write_bytes(expected)
    assert crisis.PRECOMPILED.read_bytes() == expected, "run: UPDATE_GOLDEN=1 pytest " + __file__


@pytest.fixture
def support_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The built-in prompts folder, copied where a test may edit support.yaml."""
    import shutil

    from intimacy_cli.base import paths

    shutil.copytree(paths.builtin_prompts_dir(), tmp_path / "prompts")
    monkeypatch.setattr(paths, "builtin_prompts_dir", lambda: tmp_path / "prompts")
    crisis._phrases.cache_clear()
    yield tmp_path / "prompts" / crisis.SUPPORT_FILE
    crisis._phrases.cache_clear()


def test_an_edited_support_yaml_is_read_itself(support_copy: Path) -> None:
    text = support_copy.read_text(encoding="utf-8")
    support_copy.write_text(
        text.replace("crisis_phrases:\n", "crisis_phrases:\n  - zorgwekkend\n"), encoding="utf-8"
    )
    assert suggests_crisis("het is zorgwekkend")


def test_without_the_shipped_expression_the_phrases_still_match(
    support_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    damaged = tmp_path / "crisis.json"
    damaged.write_bytes(b'{"support_yaml": 1')
    monkeypatch.setattr(crisis, "PRECOMPILED", damaged)
    assert suggests_crisis("feeling suicidal again")
    assert not suggests_crisis("a quiet evening")


def test_a_text_without_every_word_of_some_phrase_is_checked_without_the_expression(
    support_copy: Path,
) -> None:
    """Compiling the expression costs more than the rest of a save's check: a
    text lacking a word of every phrase cannot match, and needs none."""
    crisis._compiled.cache_clear()
    assert not suggests_crisis("A quiet evening, phones away.")
    assert crisis._compiled.cache_info().misses == 0
    # All the words of a phrase, but not the phrase: the expression decides.
    assert not suggests_crisis("Myself, I would never kill a spider.")
    assert crisis._compiled.cache_info().misses == 1
    assert suggests_crisis("some days I want to kill myself")


def test_every_phrase_holds_the_words_it_is_filtered_by() -> None:
    """The filter in front of the expression never hides a match."""
    phrases = load_support().crisis_phrases
    for phrase, words in zip(phrases, crisis.phrase_words(phrases), strict=True):
        assert suggests_crisis(f"... {phrase.upper()} ..."), phrase
        assert words and all(word in crisis.fold(phrase) for word in words)
