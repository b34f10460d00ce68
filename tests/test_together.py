"""Couple mode from the command line: pairing, rounds sealed then revealed, files
carried between two data folders in either order, bad files refused, and
nothing of a partner left after unpairing, deleting a round or removing a
profile (docs/together.md)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.app import WITH_SAMPLE, Outcome
from helpers.scripted import ScriptedPrompter, Step
from helpers.store import FAST_COST, files_in, holding, mode, read_only

from intimacy_cli.base.paths import DataPaths
from intimacy_cli.store import Journal
from intimacy_cli.store.crypto import EncryptedCodec

Cli = Callable[..., Outcome]
QUESTIONS = ("--questions", "one-line", "--questions", "closeness", "--questions", "pick-many")
SECRET = "PRIVATE-MARKER-7f3a"
GOLDEN = Path(__file__).parent / "golden"


def run(cli: Cli, profile: str, *args: str, **kwargs: object) -> Outcome:
    return cli(*WITH_SAMPLE, "--profile", profile, *args, **kwargs)


def ok(result: Outcome) -> Outcome:
    assert result.exit_code == 0, result.stderr
    return result


@pytest.fixture
def couple(cli: Cli) -> tuple[str, str]:
    """Profiles alex and sam, paired on this computer (both confirmed)."""
    for name in ("alex", "sam"):
        ok(cli("profile", "add", name))
    assert run(cli, "alex", "together", "pair", "--with", "sam").exit_code == 1  # no card yet
    ok(run(cli, "sam", "together", "pair", "--with", "alex", "--confirm"))
    ok(run(cli, "alex", "together", "pair", "--with", "sam", "--confirm"))
    return "alex", "sam"


def rounds(cli: Cli, profile: str) -> list[dict[str, object]]:
    listed = json.loads(ok(run(cli, profile, "together", "--json")).stdout)
    return list(listed["rounds"])


def open_round(cli: Cli, profile: str = "alex") -> str:
    ok(run(cli, profile, "together", "start", "sample", *QUESTIONS))
    return str(rounds(cli, profile)[-1]["id"])


def answer(cli: Cli, profile: str, round_id: str, answers: dict[str, object], *extra: str) -> None:
    ok(
        run(
            cli,
            profile,
            "together",
            "answer",
            round_id[:8],
            "--answers",
            "-",
            *extra,
            input=json.dumps(answers),
        )
    )


def reveal(cli: Cli, profile: str, round_id: str) -> dict[str, object]:
    return dict(json.loads(ok(run(cli, profile, "together", "reveal", round_id, "--json")).stdout))


def answered_round(cli: Cli, *, revealed_by: tuple[str, ...] = ("sam", "alex")) -> str:
    """A round both answered (Sam keeping one-line private), revealed by those named."""
    round_id = open_round(cli)
    answer(cli, "sam", round_id, SAM, "--keep-private", "one-line")
    answer(cli, "alex", round_id, ALEX)
    for profile in revealed_by:
        reveal(cli, profile, round_id)
    return round_id


ALEX = {"one-line": "Hopeful", "closeness": 8, "pick-many": ["Walks"]}
SAM = {"one-line": SECRET, "closeness": 3, "pick-many": ["Meals", "Messages"]}


def test_a_round_on_one_computer_is_sealed_then_revealed_side_by_side(
    cli: Cli, couple: tuple[str, str]
) -> None:
    round_id = open_round(cli)
    assert [r["status"] for r in rounds(cli, "sam")] == ["your-answers"]  # sam sees it too
    answer(cli, "sam", round_id, SAM, "--keep-private", "one-line")
    assert rounds(cli, "sam")[0]["status"] == "partner-answers"
    assert rounds(cli, "alex")[0]["status"] == "your-answers"
    answer(cli, "alex", round_id, ALEX)
    assert rounds(cli, "alex")[0]["status"] == "ready"

    first = reveal(cli, "alex", round_id)  # alex releases first, and waits
    assert first["revealed"] is False
    assert rounds(cli, "alex")[0]["status"] == "partner-reveal"
    shown = reveal(cli, "sam", round_id)
    assert shown["revealed"] is True
    by_id = {q["id"]: q for q in shown["questions"]}  # type: ignore[union-attr]
    assert by_id["closeness"]["you"] == 3 and by_id["closeness"]["partner"] == 8
    assert by_id["one-line"]["you"] is None  # kept private: not in the sealed file
    at_alex = {q["id"]: q for q in reveal(cli, "alex", round_id)["questions"]}  # type: ignore[union-attr]
    assert at_alex["one-line"]["partner"] is None  # "not shared", as a skipped one
    assert at_alex["pick-many"]["partner"] == ["Meals", "Messages"]


def test_private_answers_stay_in_the_journal_and_appear_in_no_file_that_leaves_it(
    cli: Cli, couple: tuple[str, str], data_dir: Path
) -> None:
    round_id = answered_round(cli)
    sam = DataPaths(data_dir / "profiles" / "sam")
    outside = [
        name for name in holding(data_dir, SECRET.encode()) if not name.startswith("profiles/sam/")
    ]
    assert outside == []
    # only in the journal: its manifest and table files (entries by month)
    inside = holding(sam.data_dir, SECRET.encode())
    assert inside and all(name.startswith("tables/entries-") for name in inside)
    kept = [e for e in Journal(sam.data_dir).entries.query() if e.question_id == "one-line"]
    assert [e.private for e in kept] == [True]
    shown = ok(run(cli, "sam", "show", kept[0].id, "--json")).stdout
    assert json.loads(shown)["private"] is True
    assert SECRET not in ok(run(cli, "alex", "together", "reveal", round_id)).stdout


def test_nothing_can_be_read_before_both_sealed_files_exist(
    cli: Cli, couple: tuple[str, str], data_dir: Path
) -> None:
    round_id = open_round(cli)
    answer(cli, "alex", round_id, ALEX)
    result = run(cli, "alex", "together", "reveal", round_id)
    assert result.exit_code == 1
    assert "waiting for Sam's answers" in result.stderr
    assert not list((data_dir / "together").glob("*.key.json"))  # no key released


def test_two_computers_complete_a_round_copying_files_in_either_order(
    cli: Cli, tmp_path: Path
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"

    def at(folder: Path, *args: str, **kwargs: object) -> Outcome:
        return cli(*WITH_SAMPLE, "--data-dir", str(folder), *args, **kwargs)

    cards = tmp_path / "cards"
    cards.mkdir()
    ok(at(one, "together", "pair", "--export", str(cards / "a.json"), "--name", "Ana"))
    ok(at(two, "together", "pair", "--export", str(cards / "b.json"), "--name", "Bo"))
    ok(at(one, "together", "pair", "--import", str(cards / "b.json"), "--confirm"))
    ok(at(two, "together", "pair", "--import", str(cards / "a.json"), "--confirm"))
    phrase_one = at(one, "together", "pair", "--import", str(cards / "b.json"), "--confirm")
    phrase_two = at(two, "together", "pair", "--import", str(cards / "a.json"), "--confirm")
    assert phrase_one.stdout == phrase_two.stdout  # the same words on both screens

    def carry(source: Path, target: Path, *, by_import: bool) -> None:
        for path in sorted((source / "together").glob("*.json"), reverse=True):
            if not (target / "together" / path.name).exists():
                if by_import:
                    ok(at(target, "together", "import", str(path)))
                else:
                    (target / "together").mkdir(exist_ok=True)
                    shutil.copy(path, target / "together" / path.name)

    ok(at(one, "together", "start", "sample", *QUESTIONS))
    round_id = str(json.loads(at(one, "together", "--json").stdout)["rounds"][0]["id"])
    carry(one, two, by_import=True)
    # Bo answers first here; Ana's answer crosses over after Bo's.
    ok(at(two, "together", "answer", round_id, "--answers", "-", input=json.dumps(SAM)))
    ok(at(one, "together", "answer", round_id, "--answers", "-", input=json.dumps(ALEX)))
    carry(two, one, by_import=False)
    carry(one, two, by_import=True)
    ok(at(two, "together", "reveal", round_id))  # Bo releases first
    carry(two, one, by_import=True)
    shown = json.loads(ok(at(one, "together", "reveal", round_id, "--json")).stdout)
    assert shown["revealed"] is True and shown["partner"] == "Bo"
    carry(one, two, by_import=False)
    shown = json.loads(ok(at(two, "together", "reveal", round_id, "--json")).stdout)
    assert {q["id"]: q["partner"] for q in shown["questions"]}["closeness"] == 8


def test_pairing_needs_the_phrase_confirmed(cli: Cli, data_dir: Path) -> None:
    ok(cli("profile", "add", "sam"))
    ok(cli("--profile", "sam", "together", "pair", "--export", str(data_dir.parent / "s.json")))
    result = cli("together", "pair", "--import", str(data_dir.parent / "s.json"))
    assert result.exit_code == 1
    assert "Safety phrase:" in result.stdout
    assert "--confirm" in result.stderr
    assert not DataPaths(data_dir).partner_card.exists()
    assert "Not paired yet" in cli("together").stderr
    assert "Before you pair, a word on safety" in result.stderr
    assert "intimacy support" in result.stderr


def test_pairing_confirmed_at_the_terminal(
    cli: Cli, data_dir: Path, scripted: Callable[..., ScriptedPrompter]
) -> None:
    ok(cli("profile", "add", "sam"))
    ok(cli("--profile", "sam", "together", "pair", "--export", str(data_dir.parent / "s.json")))
    scripted(("confirm", "match Sam's screen", False))
    ok(cli("together", "pair", "--import", str(data_dir.parent / "s.json")))
    assert not DataPaths(data_dir).partner_card.exists()
    scripted(("confirm", "match Sam's screen", True))
    ok(cli("together", "pair", "--import", str(data_dir.parent / "s.json")))
    assert json.loads(cli("together", "--json").stdout)["partner"]["name"] == "Sam"


def test_answering_at_the_terminal_asks_share_or_keep_private(
    cli: Cli, couple: tuple[str, str], scripted: Callable[..., ScriptedPrompter]
) -> None:
    round_id = open_round(cli)
    steps: list[Step] = [
        ("text", "One word for today?", SECRET),
        ("select", "Share this answer", "private"),
        ("scale", "How close do you feel?", 5),
        ("select", "Share this answer", "share"),
        ("checkbox", "Pick any.", None),  # skipped: no share question
    ]
    scripted(*steps)
    ok(run(cli, "alex", "together", "answer", round_id[:8]))
    answer(cli, "sam", round_id, SAM)
    reveal(cli, "alex", round_id)
    shown = {q["id"]: q["partner"] for q in reveal(cli, "sam", round_id)["questions"]}  # type: ignore[union-attr]
    assert shown == {"one-line": None, "closeness": 5, "pick-many": None}


def test_answering_twice_is_refused(cli: Cli, couple: tuple[str, str]) -> None:
    round_id = open_round(cli)
    answer(cli, "alex", round_id, ALEX)
    result = run(cli, "alex", "together", "answer", round_id, "--answers", "-", input="{}")
    assert result.exit_code == 1 and "already answered" in result.stderr


def test_a_lesson_marks_the_questions_asked_together(cli: Cli, couple: tuple[str, str]) -> None:
    ok(run(cli, "alex", "together", "start", "everyday-closeness"))
    assert rounds(cli, "alex")[0]["questions"] == [
        "my-bids",
        "turning-toward-ease",
        "finding-way-back",
    ]
    result = run(cli, "alex", "together", "start", "sample", "--questions", "closenes")
    assert result.exit_code == 2 and "did you mean 'closeness'" in result.stderr


# -- bad files ---------------------------------------------------------------------------


def test_a_tampered_file_in_the_shared_folder_is_one_line_and_changes_nothing(
    cli: Cli, couple: tuple[str, str], data_dir: Path
) -> None:
    round_id = answered_round(cli, revealed_by=("sam",))
    key = next((data_dir / "together").glob("*.key.json"))
    key.write_bytes(key.read_bytes().replace(b'"nonce":"', b'"nonce":"A', 1))
    before = files_in(data_dir)
    result = run(cli, "alex", "together", "reveal", round_id)
    assert result.exit_code == 1
    assert str(key) in result.stderr and "changed" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert files_in(data_dir) == before


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"not json", "not a together file"),
        (b'{"format": "other"}', "not a together file"),
        (b'{"format":"intimacy-together","kind":"round","version":9}\n', "version 9"),
        (b"", "not a together file"),
    ],
)
def test_import_refuses_a_malformed_file(
    cli: Cli, couple: tuple[str, str], data_dir: Path, content: bytes, why: str
) -> None:
    bad = data_dir.parent / "bad.json"
    bad.write_bytes(content)
    before = files_in(data_dir)
    result = run(cli, "alex", "together", "import", str(bad))
    assert result.exit_code == 1
    assert str(bad) in result.stderr and why in result.stderr
    assert files_in(data_dir) == before


def test_a_key_file_from_another_round_is_refused(
    cli: Cli, couple: tuple[str, str], data_dir: Path
) -> None:
    first, second = open_round(cli), open_round(cli)
    for round_id in (first, second):
        answer(cli, "sam", round_id, SAM)
        answer(cli, "alex", round_id, ALEX)
    reveal(cli, "sam", first)
    shared = data_dir / "together"
    (key,) = shared.glob(f"{first}.*.key.json")
    replayed = shared / key.name.replace(first, second)
    shutil.copy(key, replayed)
    result = run(cli, "alex", "together", "reveal", second)
    assert result.exit_code == 1
    assert "another round" in result.stderr and str(replayed) in result.stderr


def test_files_of_another_couple_are_refused(
    cli: Cli, couple: tuple[str, str], data_dir: Path
) -> None:
    """A third person on the same computer pairs with someone else; their round
    is not alex's, and their sealed file cannot be slipped into alex's round."""
    round_id = open_round(cli)
    for name in ("kim", "lee"):
        ok(cli("profile", "add", name))
    run(cli, "kim", "together", "pair", "--with", "lee")
    ok(run(cli, "lee", "together", "pair", "--with", "kim", "--confirm"))
    ok(run(cli, "kim", "together", "pair", "--with", "lee", "--confirm"))
    other = open_round(cli, "kim")
    assert [r["id"] for r in rounds(cli, "alex")] == [round_id]  # kim's is not listed
    answer(cli, "kim", other, ALEX)
    (foreign,) = (data_dir / "together").glob(f"{other}.*.sealed.json")
    result = run(cli, "alex", "together", "import", str(foreign))
    assert result.exit_code == 1 and "no round" in result.stderr
    result = run(
        cli, "alex", "together", "import", str(data_dir / "together" / f"{other}.round.json")
    )
    assert result.exit_code == 1 and "another couple" in result.stderr


def test_a_swapped_partner_card_is_refused(
    cli: Cli, couple: tuple[str, str], data_dir: Path
) -> None:
    alex = DataPaths(data_dir / "profiles" / "alex")
    sam = DataPaths(data_dir / "profiles" / "sam")
    shutil.copy(sam.partner_card, alex.partner_card)  # sam's endorsement of alex's card
    result = run(cli, "alex", "together")
    assert result.exit_code == 1 and str(alex.partner_card) in result.stderr


# -- leaving nothing behind --------------------------------------------------------------


def partner_traces(folder: Path, card: bytes) -> list[str]:
    """Files under ``folder`` that hold the partner's name, keys or answers."""
    document = json.loads(card)
    markers = [b'"Sam"', document["x25519"].encode(), document["ed25519"].encode(), b"Meals"]
    return sorted({name for marker in markers for name in holding(folder, marker)})


def test_unpairing_leaves_nothing_of_the_partner(
    cli: Cli, couple: tuple[str, str], data_dir: Path
) -> None:
    answered_round(cli)
    sam_card = DataPaths(data_dir / "profiles" / "sam").own_card.read_bytes()
    alex = data_dir / "profiles" / "alex"
    assert partner_traces(alex, sam_card)  # the test sees them while paired
    result = run(cli, "alex", "together", "unpair")
    assert result.exit_code == 1  # no terminal to confirm, and no --yes
    ok(run(cli, "alex", "together", "unpair", "--yes"))
    assert partner_traces(alex, sam_card) == []
    assert partner_traces(data_dir / "together", sam_card) == []
    assert json.loads(run(cli, "alex", "together", "--json").stdout)["paired"] is False
    assert [e.question_id for e in Journal(alex).entries.query()]  # alex's own answers stay


def test_deleting_a_round_removes_its_files(
    cli: Cli, couple: tuple[str, str], data_dir: Path
) -> None:
    round_id = open_round(cli)
    answer(cli, "sam", round_id, SAM)
    ok(run(cli, "alex", "together", "delete", round_id[:8], "--yes"))
    assert list((data_dir / "together").glob(f"{round_id}*")) == []
    assert rounds(cli, "alex") == []
    # Sam's own record of it is Sam's to delete, in Sam's profile.
    assert [r["id"] for r in rounds(cli, "sam")] == [round_id]
    ok(run(cli, "sam", "together", "delete", round_id[:8], "--yes"))
    assert rounds(cli, "sam") == []
    assert list((data_dir / "together").iterdir()) == []


def test_removing_a_profile_removes_its_rounds_from_the_shared_folder(
    cli: Cli, couple: tuple[str, str], data_dir: Path
) -> None:
    round_id = open_round(cli)
    answer(cli, "sam", round_id, SAM)
    sam_card = DataPaths(data_dir / "profiles" / "sam").own_card.read_bytes()
    ok(cli("profile", "remove", "sam", "--yes"))
    assert not (data_dir / "profiles" / "sam").exists()
    assert list((data_dir / "together").iterdir()) == []
    ok(run(cli, "alex", "together", "unpair", "--yes"))
    assert partner_traces(data_dir, sam_card) == []


def test_together_files_are_private(cli: Cli, couple: tuple[str, str], data_dir: Path) -> None:
    open_round(cli)
    shared = data_dir / "together"
    assert mode(shared) == 0o700
    assert {mode(path) for path in shared.iterdir()} == {0o600}
    assert mode(DataPaths(data_dir / "profiles" / "alex").partner_card) == 0o600


def test_an_encrypted_profile_keeps_its_keys_inside_its_encrypted_journal(
    cli: Cli, couple: tuple[str, str], data_dir: Path
) -> None:
    alex = data_dir / "profiles" / "alex"
    Journal(alex).maintenance.encrypt(EncryptedCodec("alex passphrase", FAST_COST))
    env = {"INTIMACY_PASSPHRASE": "alex passphrase"}
    round_id = open_round_with(cli, env)
    answer(cli, "sam", round_id, SAM)
    ok(
        run(
            cli,
            "alex",
            "together",
            "answer",
            round_id,
            "--answers",
            "-",
            input=json.dumps(ALEX),
            env=env,
        )
    )
    keys = Journal(alex, codec=EncryptedCodec("alex passphrase")).together.keys()
    assert keys is not None
    assert holding(alex, keys.x25519.encode()) == []  # never in plaintext on disk
    assert holding(alex, b"Hopeful") == []
    assert run(cli, "alex", "together").exit_code == 1  # no passphrase: nothing opens


def open_round_with(cli: Cli, env: dict[str, str]) -> str:
    ok(run(cli, "alex", "together", "start", "sample", *QUESTIONS, env=env))
    listed = json.loads(ok(run(cli, "alex", "together", "--json", env=env)).stdout)
    return str(listed["rounds"][0]["id"])


# -- the public shapes -------------------------------------------------------------------


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed (docs/json.md)"


def test_the_json_shapes_match_their_golden_files(
    cli: Cli, couple: tuple[str, str], data_dir: Path
) -> None:
    round_id = answered_round(cli, revealed_by=("alex",))
    listed = json.loads(ok(run(cli, "sam", "together", "--json")).stdout)
    listed["partner"]["fingerprint"] = "<fingerprint>"
    listed["rounds"][0]["id"] = "<round>"
    listed["rounds"][0]["opened_at"] = "<time>"
    _golden("together.json", json.dumps(listed, indent=2) + "\n")
    shown = reveal(cli, "sam", round_id)
    shown["round"] = "<round>"
    _golden("together-reveal.json", json.dumps(shown, indent=2) + "\n")
    profiles = ok(cli("profile", "list", "--json")).stdout
    _golden("profiles.json", profiles.replace(str(data_dir), "<data>"))


def test_a_read_only_shared_folder_is_one_line_and_opens_no_round(
    cli: Cli, couple: tuple[str, str], data_dir: Path
) -> None:
    shared = data_dir / "together"
    shared.mkdir(mode=0o700, exist_ok=True)
    with read_only(shared):
        result = run(cli, "alex", "together", "start", "sample", *QUESTIONS)
    assert result.exit_code == 1
    assert str(shared) in result.stderr and "cannot be written" in result.stderr
    assert rounds(cli, "alex") == []


def test_without_a_terminal_answer_asks_for_a_file_and_rounds_need_a_partner(
    cli: Cli, couple: tuple[str, str]
) -> None:
    round_id = open_round(cli)
    result = run(cli, "alex", "together", "answer", round_id)
    assert result.exit_code == 1 and "--answers" in result.stderr
    ok(cli("profile", "add", "kim"))
    result = run(cli, "kim", "together", "start", "sample")
    assert result.exit_code == 1
    assert "not paired" in result.stderr and "together pair" in result.stderr
    result = run(cli, "alex", "together", "reveal", "zzzz")
    assert result.exit_code == 1 and "intimacy together" in result.stderr


def test_stopping_half_way_keeps_what_was_answered_and_seals_nothing(
    cli: Cli,
    couple: tuple[str, str],
    data_dir: Path,
    scripted: Callable[..., ScriptedPrompter],
) -> None:
    round_id = open_round(cli)
    scripted(
        ("text", "One word for today?", "Kept"),
        ("select", "Share this answer", "share"),
        ("scale", "How close do you feel?", KeyboardInterrupt),
    )
    result = run(cli, "alex", "together", "answer", round_id)
    assert result.exit_code == 130
    saved = Journal(data_dir / "profiles" / "alex").entries.query()
    assert [e.answer for e in saved] == ["Kept"]
    assert not list((data_dir / "together").glob("*.sealed.json"))
    assert rounds(cli, "alex")[0]["status"] == "your-answers"
