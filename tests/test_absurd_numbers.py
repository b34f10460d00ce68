"""Numbers that are valid JSON but absurd (1.7e308, -0.0) are refused or made
sane on import, and never make a later command crash."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.app import Outcome
from helpers.entries import entry

from intimacy_cli.reports.progress import sparkline
from intimacy_cli.store import Journal
from intimacy_cli.transfer.importing import MAX_NUMBER

Cli = Callable[..., Outcome]


def one_error_line(result: Outcome, *, naming: str) -> str:
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and naming in lines[0], lines
    return lines[0]


def exported(answer: str) -> str:
    """A one-entry export with ``answer`` spliced in as raw JSON."""
    return (
        f'[{{"id": "{uuid.uuid4()}", "kind": "reflection", "answer": {answer}, '
        '"created_at": "2026-01-01T09:00:00+00:00", "lesson": "sample", '
        '"prompt_id": "closeness"}]'
    )


@pytest.mark.parametrize("answer", ["1.7e308", "-1.7e308", "1e300", str(MAX_NUMBER + 1), "-1e10"])
def test_absurd_numbers_are_refused_on_import(cli: Cli, data_dir: Path, answer: str) -> None:
    result = cli("import", "-", input=exported(answer))
    one_error_line(result, naming="<stdin>")
    assert Journal(data_dir).entries.query() == []


@pytest.mark.parametrize(
    ("text", "depth"),
    [("[" * 2000 + "]" * 2000, "deep"), ("1e400", "infinity"), ("[" + "9" * 5000 + "]", "big")],
)
def test_json_that_orjson_refuses_is_one_line(cli: Cli, text: str, depth: str) -> None:
    one_error_line(cli("import", "-", input=text), naming="<stdin>")


def test_negative_zero_is_imported_as_zero(cli: Cli, data_dir: Path) -> None:
    assert cli("import", "-", input=exported("-0.0")).exit_code == 0
    [saved] = Journal(data_dir).entries.query()
    assert json.dumps(saved.answer) == "0.0"


def test_numbers_at_the_bound_are_imported(cli: Cli, data_dir: Path) -> None:
    for answer in (str(MAX_NUMBER), str(-MAX_NUMBER), "0.5", "1e-300"):
        assert cli("import", "-", input=exported(answer)).exit_code == 0
    assert len(Journal(data_dir).entries.query()) == 4


def test_extreme_numbers_already_in_a_journal_do_not_break_progress(
    cli: Cli, data_dir: Path
) -> None:
    """A hand-edited journal may hold any finite number; the trend line copes."""
    Journal(data_dir).entries.add_all(
        [
            entry("2026-01-01 09:00", 1.7e308, lesson="gone", question_id="scale"),
            entry("2026-01-02 09:00", -1.7e308, lesson="gone", question_id="scale"),
            entry("2026-01-03 09:00", -0.0, lesson="gone", question_id="scale"),
        ]
    )
    result = cli("progress")
    assert result.exit_code == 0, result.stderr
    assert cli("progress", "--json").exit_code == 0


def test_sparkline_spans_the_whole_float_range() -> None:
    assert sparkline([1.7e308, -1.7e308, 0.0], -1.7e308, 1.7e308) == "█▁▅"
    assert sparkline([0, 5, 10], 0, 10) == "▁▅█"
