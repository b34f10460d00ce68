"""Profiles: one journal per person in one data folder; the default profile is
the journal as it always was, and nothing of one profile shows under another."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.app import Outcome
from helpers.scripted import ScriptedPrompter
from helpers.store import files_in, mode

Cli = Callable[..., Outcome]


def ok(result: Outcome) -> Outcome:
    assert result.exit_code == 0, result.stderr
    return result


def test_the_default_profile_is_the_journal_as_it_always_was(cli: Cli, data_dir: Path) -> None:
    ok(cli("journal", input="Mine, as before."))
    assert (data_dir / "journal.json").exists()
    ok(cli("--profile", "default", "review"))
    assert "Mine, as before." in ok(cli("--profile", "default", "review")).stdout


def test_adding_a_profile_recommends_encryption_and_says_who_can_copy(
    cli: Cli, data_dir: Path
) -> None:
    result = ok(cli("profile", "add", "sam"))
    assert "intimacy --profile sam data encrypt" in result.stderr
    assert "Anyone who can use this computer account can copy" in result.stderr
    assert mode(data_dir / "profiles" / "sam") == 0o700
    assert cli("profile", "add", "sam").exit_code == 2  # there already


@pytest.mark.parametrize("name", ["../x", "Sam", "a/b", ".hidden", "", "x" * 33, "sam\x1b[2J"])
def test_a_name_with_path_tricks_is_refused(cli: Cli, data_dir: Path, name: str) -> None:
    for args in (("profile", "add", name), ("--profile", name, "review")):
        result = cli(*args)
        assert result.exit_code == 2
        assert "cannot be a profile name" in result.stderr
        assert "\x1b" not in result.stderr
    assert not (data_dir / "profiles").exists()


def test_an_unknown_profile_is_refused_not_made(cli: Cli, data_dir: Path) -> None:
    result = cli("--profile", "nobody", "journal", input="words")
    assert result.exit_code == 2
    assert "no profile 'nobody'" in result.stderr and "profile add nobody" in result.stderr
    assert files_in(data_dir) == {}


def test_nothing_of_one_profile_shows_under_another(cli: Cli) -> None:
    ok(cli("profile", "add", "sam"))
    ok(cli("journal", input="ALEX-ONLY words"))
    ok(cli("--profile", "sam", "journal", input="SAM-ONLY words"))
    for profile, mine, theirs in (
        (None, "ALEX-ONLY", "SAM-ONLY"),
        ("sam", "SAM-ONLY", "ALEX-ONLY"),
    ):
        chosen = ("--profile", profile) if profile else ()
        for args in (
            ("review",),
            ("review", "--json"),
            ("review", "--search", "ONLY"),
            ("export", "--format", "json"),
            ("export", "--format", "csv"),
            ("progress", "--json"),
        ):
            shown = ok(cli(*chosen, *args)).stdout
            assert theirs not in shown, (profile, args)
        assert mine in ok(cli(*chosen, "review")).stdout


def test_the_environment_chooses_a_profile(cli: Cli) -> None:
    ok(cli("profile", "add", "sam"))
    ok(cli("journal", input="SAM-ONLY", env={"INTIMACY_PROFILE": "sam"}))
    assert "SAM-ONLY" not in ok(cli("review")).stdout
    assert "SAM-ONLY" in ok(cli("review", env={"INTIMACY_PROFILE": "sam"})).stdout


def test_removing_a_profile_asks_and_deletes_only_that_profile(cli: Cli, data_dir: Path) -> None:
    ok(cli("profile", "add", "sam"))
    ok(cli("profile", "add", "kim"))
    ok(cli("journal", input="the default's words"))
    ok(cli("--profile", "sam", "journal", input="sam's words"))
    ok(cli("--profile", "kim", "journal", input="kim's words"))
    result = cli("profile", "remove", "sam")
    assert result.exit_code == 1 and "--yes" in result.stderr  # no terminal to ask
    assert (data_dir / "profiles" / "sam").exists()
    before = {k: v for k, v in files_in(data_dir).items() if not k.startswith("profiles/sam/")}
    ok(cli("profile", "remove", "sam", "--yes"))
    assert not (data_dir / "profiles" / "sam").exists()
    assert files_in(data_dir) == before
    listed = json.loads(ok(cli("profile", "list", "--json")).stdout)
    assert [p["name"] for p in listed] == ["default", "kim"]
    assert cli("profile", "remove", "default", "--yes").exit_code == 2


def test_removing_asks_at_the_terminal(
    cli: Cli, data_dir: Path, scripted: Callable[..., ScriptedPrompter]
) -> None:
    ok(cli("profile", "add", "sam"))
    scripted(("confirm", "Delete the profile 'sam'", False))
    ok(cli("profile", "remove", "sam"))
    assert (data_dir / "profiles" / "sam").exists()
    scripted(("confirm", "Delete the profile 'sam'", True))
    ok(cli("profile", "remove", "sam"))
    assert not (data_dir / "profiles" / "sam").exists()
