"""The together protocol's claims, each proved on the files themselves
(docs/together.md): any byte changed is detected, files of another round or
another couple are refused, a released key opens only what was sealed."""

from __future__ import annotations

import json

import pytest

from intimacy_cli.transfer.together import protocol
from intimacy_cli.transfer.together.protocol import Couple, OwnKeys, TogetherFileError

ROUND = "3f9a2c1b-0000-4000-8000-000000000001"
OTHER_ROUND = "3f9a2c1b-0000-4000-8000-000000000002"


def pair() -> tuple[Couple, Couple]:
    ana, bo = OwnKeys.generate("Ana"), OwnKeys.generate("Bo")
    return Couple(ana, bo.card()), Couple(bo, ana.card())


def full_round(ana: Couple, bo: Couple, round_id: str = ROUND) -> dict[str, bytes]:
    """Every file of one round, with Ana's key released to Bo."""
    round_file = protocol.make_round(ana, round_id, "sample", ["a", "b"], "2026-03-01")
    at_ana = protocol.read_round(round_file, "round", ana)
    ana_sealed, ana_key = protocol.seal(ana, at_ana, {"a": "Ana's words"})
    bo_sealed, _ = protocol.seal(bo, protocol.read_round(round_file, "round", bo), {"b": 4})
    mine = protocol.read_sealed(ana_sealed, "mine", ana, at_ana)
    theirs = protocol.read_sealed(bo_sealed, "theirs", ana, at_ana)
    key = protocol.release(ana, mine, theirs, ana_key)
    return {"round": round_file, "ana": ana_sealed, "bo": bo_sealed, "key": key}


def open_at_bo(bo: Couple, files: dict[str, bytes]) -> dict[str, object]:
    """What Bo reads of Ana's answers, after every check."""
    at_bo = protocol.read_round(files["round"], "round", bo)
    theirs = protocol.read_sealed(files["ana"], "ana", bo, at_bo)
    mine = protocol.read_sealed(files["bo"], "bo", bo, at_bo)
    key = protocol.read_key(files["key"], "key", bo, theirs, mine)
    return protocol.open_sealed(theirs, key, "ana")


def test_a_whole_round_opens_to_what_was_sealed() -> None:
    ana, bo = pair()
    assert open_at_bo(bo, full_round(ana, bo)) == {"a": "Ana's words"}


@pytest.mark.parametrize("name", ["round", "ana", "bo", "key"])
def test_changing_any_byte_of_any_file_is_detected(name: str) -> None:
    ana, bo = pair()
    files = full_round(ana, bo)
    original = files[name]
    for at in range(len(original)):
        changed = bytearray(original)
        changed[at] ^= 0x01
        with pytest.raises(TogetherFileError):
            open_at_bo(bo, {**files, name: bytes(changed)})
    with pytest.raises(TogetherFileError):  # cut short
        open_at_bo(bo, {**files, name: original[:-2] + b"\n"})


def test_a_key_file_from_another_round_is_refused() -> None:
    ana, bo = pair()
    first, second = full_round(ana, bo), full_round(ana, bo, OTHER_ROUND)
    with pytest.raises(TogetherFileError, match="another round"):
        open_at_bo(bo, {**second, "key": first["key"]})


def test_files_of_another_couple_are_refused() -> None:
    ana, bo = pair()
    kim, lee = pair()
    theirs = full_round(kim, lee)
    with pytest.raises(protocol.ForeignFile):
        open_at_bo(bo, theirs)
    ours = full_round(ana, bo)
    with pytest.raises(TogetherFileError, match="not from your partner"):
        open_at_bo(bo, {**ours, "key": theirs["key"]})


def test_a_key_cannot_exist_before_both_answered() -> None:
    """A key file cites the reader's own sealed file: one made against another
    sealed file (say, before Bo answered for real) does not open Bo's round."""
    ana, bo = pair()
    files = full_round(ana, bo)
    bo_again, _ = protocol.seal(bo, protocol.read_round(files["round"], "r", bo), {"b": 9})
    with pytest.raises(TogetherFileError, match="other sealed files"):
        open_at_bo(bo, {**files, "bo": bo_again})


def test_a_released_key_opens_only_what_it_sealed() -> None:
    ana, bo = pair()
    files = full_round(ana, bo)
    at_bo = protocol.read_round(files["round"], "round", bo)
    theirs = protocol.read_sealed(files["ana"], "ana", bo, at_bo)
    with pytest.raises(TogetherFileError, match="not the one it was sealed with"):
        protocol.open_sealed(theirs, bytes(32), "ana")


def test_a_newer_version_is_named() -> None:
    ana, bo = pair()
    document = json.loads(full_round(ana, bo)["round"])
    document["version"] = 2
    with pytest.raises(TogetherFileError, match="version 2"):
        protocol.read_round(protocol.canonical(document) + b"\n", "round", bo)


def test_the_safety_phrase_is_the_same_on_both_screens_and_differs_for_others() -> None:
    ana, bo = pair()
    kim, _ = pair()
    phrase = protocol.safety_phrase(ana.own.card(), bo.own.card())
    assert phrase == protocol.safety_phrase(bo.own.card(), ana.own.card())
    assert phrase != protocol.safety_phrase(kim.own.card(), bo.own.card())
    assert len(phrase.split()) == protocol.PHRASE_WORDS
    assert len(set(protocol.WORDS)) == 256


def test_a_card_must_be_self_signed() -> None:
    ana, bo = pair()
    card = json.loads(ana.own.card_file())
    card["x25519"] = json.loads(bo.own.card_file())["x25519"]  # someone else's key
    with pytest.raises(TogetherFileError, match="signature"):
        protocol.read_card(protocol.canonical(card) + b"\n", "card")
