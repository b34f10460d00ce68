"""``reflect --answers``: every problem in the file reported at once, each with
its question id and what would fit; forgiving matching where there is no doubt."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from helpers.app import WITH_SAMPLE, Outcome
from helpers.entries import answers

from intimacy_cli.store import Journal

Cli = Callable[..., Outcome]


def reflect(cli: Cli, file: Path) -> Outcome:
    return cli(*WITH_SAMPLE, "reflect", "sample", "--answers", str(file))


def test_every_problem_is_listed_with_its_id_and_what_would_fit(
    cli: Cli, tmp_path: Path, data_dir: Path
) -> None:
    file = tmp_path / "answers.yaml"
    file.write_text("closness: 4\ncloseness: lots\npick-one: Hugs\none-line: fine\n")
    result = reflect(cli, file)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{file}: 'closness' is not a reflection in lesson 'sample'; did you mean 'closeness'?",
        f"{file}: 'closeness' must be a whole number from 0 to 10 (0 = Not at all, 10 = Very), "
        "not 'lots'",
        f"{file}: 'pick-one' must be one of: Talking, Touch (got 'Hugs')",
        f"Error: {file}: 3 problems, listed above; nothing was saved",
    ]
    assert not (data_dir / "journal.json").exists()


def test_answers_that_can_only_mean_one_thing_are_taken(
    cli: Cli, tmp_path: Path, data_dir: Path
) -> None:
    file = tmp_path / "answers.yaml"
    file.write_text('closeness: "7"\npick-one: " touch "\npick-many: walks\nfeelings: [Calm]\n')
    result = reflect(cli, file)
    assert result.exit_code == 0, result.stderr
    saved = {rid: entry.answer for rid, entry in answers(Journal(data_dir)).items()}
    assert saved == {
        "closeness": 7,
        "pick-one": "Touch",
        "pick-many": ["Walks"],
        "feelings": ["calm"],
    }
