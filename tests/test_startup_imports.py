"""Fast start: a command imports only what it uses. Commands that never ask must
not import the prompt libraries (questionary, prompt_toolkit); cryptography is
loaded only for an encrypted journal, when it is opened; ``--version`` imports nothing heavy at
all; ``--json`` output and exports do not even need rich. Each case runs the app
in a fresh interpreter that reports ``sys.modules`` as it exits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.app import PATIENCE, WITH_SAMPLE
from helpers.entries import entry, seed
from helpers.store import FAST_COST

from intimacy_cli.store import Journal
from intimacy_cli.store.crypto import EncryptedCodec

pytestmark = pytest.mark.slow

PROMPTING = ("questionary", "prompt_toolkit")
HEAVY = ("rich", "yaml", "tinydb", "orjson", "platformdirs", "tomllib", "cryptography")

# Runs the app as `intimacy ARGS...` (after importing PRELOAD) and writes the
# imported module names to REPORT as the process exits, however it exits.
PROBE = """
import atexit, importlib, json, runpy, sys
report, args, preload = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
for name in preload:
    importlib.import_module(name)
atexit.register(lambda: open(report, "w").write(json.dumps(sorted(sys.modules))))
sys.argv = ["intimacy", *args]
runpy.run_module("intimacy_cli", run_name="__main__")
"""


def imported(
    tmp_path: Path,
    args: list[str],
    *,
    env: dict[str, str] | None = None,
    stdin: str = "",
    preload: tuple[str, ...] = (),
    succeeds: bool = True,
) -> set[str]:
    report = tmp_path / "modules.json"
    report.unlink(missing_ok=True)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(report), json.dumps(args), json.dumps(preload)],
        input=stdin,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=PATIENCE,
        check=False,
    )
    assert (result.returncode == 0) is succeeds, result.stderr
    modules = set(json.loads(report.read_text(encoding="utf-8")))
    assert "intimacy_cli.cli" in modules  # the probe really ran the app
    return modules


def loaded(modules: set[str], *packages: str) -> list[str]:
    """Which of ``packages`` (or their submodules) were imported."""
    return [
        package
        for package in packages
        if any(name == package or name.startswith(package + ".") for name in modules)
    ]


def test_version_imports_nothing_heavy(tmp_path: Path) -> None:
    modules = imported(tmp_path, ["--version"])
    assert loaded(modules, *PROMPTING, *HEAVY) == []
    # Nor what only a command needs: the settings, the app's state, the console.
    needless = {
        "intimacy_cli.base.config",
        "intimacy_cli.commands.state",
        "intimacy_cli.ui.console",
    }
    assert not needless & modules


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--help"], None),
        (["lessons"], None),
        (["lessons", "--json"], None),
        (["lessons"], {"TTY_COMPATIBLE": "1"}),  # as in a terminal, with the first-run welcome
        (["read", "welcome"], None),
        (["read", "welcome", "--json"], None),
        ([*WITH_SAMPLE, "read", "sample"], None),
        ([*WITH_SAMPLE], None),  # the home screen without a terminal
        ([*WITH_SAMPLE, "learn", "--help"], None),
        (["support"], None),
        (["about"], None),
        (["review"], None),  # an empty journal
        (["export"], None),
        # Homework and reports (issue 15).
        (["homework"], None),
        (["homework", "--json"], None),
        (["report", "--history"], None),
        (["report", "--all"], None),
        # Profiles and together (issue 17): an unpaired profile loads no cryptography.
        (["profile", "list"], None),
        (["profile", "list", "--json"], None),
        (["together", "--help"], None),
        (["together"], None),
        (["together", "--json"], None),
    ],
)
def test_commands_that_never_ask_skip_prompt_libraries(
    tmp_path: Path, args: list[str], env: dict[str, str] | None
) -> None:
    assert loaded(imported(tmp_path, args, env=env), *PROMPTING, "cryptography") == []


def test_refusing_to_ask_without_a_terminal_skips_prompt_libraries(tmp_path: Path) -> None:
    modules = imported(tmp_path, [*WITH_SAMPLE, "learn", "sample"], succeeds=False)
    assert loaded(modules, *PROMPTING) == []


def test_supplied_answers_and_piped_journal_skip_prompt_libraries(tmp_path: Path) -> None:
    answers_given = [*WITH_SAMPLE, "reflect", "sample", "--answers", "-"]
    assert loaded(imported(tmp_path, answers_given, stdin="closeness: 3"), *PROMPTING) == []
    assert loaded(imported(tmp_path, ["journal"], stdin="piped text"), *PROMPTING) == []


def test_the_probe_sees_questionary_when_it_is_imported(tmp_path: Path) -> None:
    """Guards the tests themselves: a probe that could never see the modules proves nothing."""
    modules = imported(tmp_path, ["--help"], preload=("questionary",))
    assert loaded(modules, *PROMPTING) == list(PROMPTING)


SOME_ENTRY = "abcd0000-0000-4000-8000-000000000001"


@pytest.mark.parametrize(
    "args",
    [
        ["review"],
        ["review", "--search", "hello", "--by-session"],
        ["show", "abcd0000"],
        ["export"],
        ["export", "--format", "csv"],
        ["progress"],
        ["import", "--dry-run", "-"],
        # Check-ins, mood and reminders (issue 16).
        ["checkin", "--pleasant", "1", "--energy", "-1", "--word", "calm"],
        ["checkin", "--words"],
        ["mood"],
        ["remind", "list"],
        ["remind", "fire", "--scheduled", "20:30"],
    ],
)
def test_journal_commands_that_never_ask_skip_prompt_libraries(
    tmp_path: Path, data_dir: Path, args: list[str]
) -> None:
    seed(data_dir, entry("2026-11-20 10:00", "Hello", id=SOME_ENTRY))
    modules = imported(tmp_path, args, stdin="[]")  # for import: an empty export
    assert loaded(modules, *PROMPTING) == []


@pytest.mark.parametrize(
    "args",
    [
        ["review", "--json"],
        ["show", "abcd0000", "--json"],
        ["progress", "--json"],
        ["export", "--format", "json"],
        ["mood", "--json"],
        ["mood", "--csv"],
        ["remind", "list", "--json"],
        ["homework", "--json"],
        ["report", "--history", "--json"],
    ],
)
def test_json_output_does_not_load_rich(tmp_path: Path, data_dir: Path, args: list[str]) -> None:
    seed(data_dir, entry("2026-11-20 10:00", "Hello", id=SOME_ENTRY))
    assert loaded(imported(tmp_path, args), "rich", *PROMPTING) == []


@pytest.mark.parametrize(
    "args", [["review", "--json"], ["data", "path", "--json"], ["mood", "--json"]]
)
def test_reading_the_journal_does_not_load_yaml(
    tmp_path: Path, data_dir: Path, args: list[str]
) -> None:
    """Opening the store never parses lesson or homework files, so PyYAML stays
    out of commands that only read the journal."""
    seed(data_dir, entry("2026-11-20 10:00", "Hello", id=SOME_ENTRY))
    assert loaded(imported(tmp_path, args), "yaml") == []


def test_saving_checks_for_crisis_words_without_yaml(tmp_path: Path) -> None:
    """Every save looks for crisis phrases; it uses the expression shipped in
    crisis.json instead of parsing support.yaml each time."""
    assert loaded(imported(tmp_path, ["journal"], stdin="an ordinary evening"), "yaml") == []


def test_only_an_encrypted_journal_loads_cryptography(tmp_path: Path, data_dir: Path) -> None:
    Journal(data_dir).entries.add(kind="journal", answer="plain")
    assert not loaded(imported(tmp_path, ["data", "backup"]), "cryptography")

    Journal(data_dir).maintenance.encrypt(EncryptedCodec("passphrase", FAST_COST))
    for args in (["lessons"], ["read", "welcome"], ["data", "path"]):
        assert not loaded(imported(tmp_path, args), "cryptography"), args
    unlocked = imported(tmp_path, ["data", "backup"], env={"INTIMACY_PASSPHRASE": "passphrase"})
    assert loaded(unlocked, "cryptography")  # the probe does see it when it is used


# -- recall ------------------------------------------------------------------------------


def _welcome_done(data_dir: Path, *, reviewed: bool) -> None:
    from intimacy_cli.content.catalogue import load_catalogue
    from intimacy_cli.content.deck import lesson_cards

    journal = Journal(data_dir)
    journal.sessions.save(journal.sessions.start("welcome").id, step="done", completed=True)
    if reviewed:
        (card, *_) = lesson_cards(load_catalogue([]).get("welcome"))
        journal.recall.log_review(card.id, card.content_hash, 3)


@pytest.mark.parametrize(
    "args",
    [
        ["recall", "stats"],
        ["recall", "stats", "--json"],
        ["recall", "suspend", "welcome/point.1"],
        ["recall"],  # refused without a terminal, before asking anything
        [],  # the home screen's recall line
    ],
)
def test_recall_commands_that_never_ask_skip_prompt_libraries(
    tmp_path: Path, data_dir: Path, args: list[str]
) -> None:
    _welcome_done(data_dir, reviewed=True)
    modules = imported(tmp_path, args, succeeds=args != ["recall"])
    assert loaded(modules, *PROMPTING, "cryptography") == []


def test_recall_stats_json_does_not_load_rich(tmp_path: Path, data_dir: Path) -> None:
    _welcome_done(data_dir, reviewed=True)
    assert loaded(imported(tmp_path, ["recall", "stats", "--json"]), "rich") == []


def test_reviews_that_note_their_due_time_need_no_fsrs_to_be_scheduled(
    tmp_path: Path, data_dir: Path
) -> None:
    from intimacy_cli.content.catalogue import load_catalogue
    from intimacy_cli.content.deck import lesson_cards
    from intimacy_cli.reports.recall import scheduling

    journal = Journal(data_dir)
    journal.sessions.save(journal.sessions.start("welcome").id, step="done", completed=True)
    (card, *_) = lesson_cards(load_catalogue([]).get("welcome"))
    journal.recall.log_review(card.id, card.content_hash, 3, schedule=scheduling([], 0.85))
    for args in (["recall", "stats"], []):
        assert not loaded(imported(tmp_path, args), "fsrs"), args


def test_fsrs_is_loaded_only_to_replay_reviews(tmp_path: Path, data_dir: Path) -> None:
    _welcome_done(data_dir, reviewed=False)
    for args in (["lessons"], ["review"], ["progress"], ["recall", "stats"], []):
        assert not loaded(imported(tmp_path, args), "fsrs"), args
    _welcome_done(data_dir, reviewed=True)
    assert not loaded(imported(tmp_path, ["review"]), "fsrs")
    assert loaded(imported(tmp_path, ["recall", "stats"]), "fsrs")  # the probe does see it


# -- building only the command that runs -------------------------------------------------


def command_modules(modules: set[str]) -> set[str]:
    from intimacy_cli.cli import COMMANDS

    wanted = {f"intimacy_cli.commands.{module}" for module, _, _ in COMMANDS.values()}
    return modules & wanted


def test_a_command_imports_no_other_commands_module(tmp_path: Path) -> None:
    """Each command's module is imported only when that command runs: building
    every command would import all of them on every run."""
    welcome = "intimacy_cli.commands.about"  # checks, before any command, for the first run
    assert command_modules(imported(tmp_path, ["--version"])) == set()
    journal = imported(tmp_path, ["journal"], stdin="piped text")
    assert command_modules(journal) == {welcome, "intimacy_cli.commands.journal"}
    stats = imported(tmp_path, ["recall", "stats", "--json"])
    assert command_modules(stats) == {welcome, "intimacy_cli.commands.recall"}


def test_help_still_lists_every_command(tmp_path: Path) -> None:
    from intimacy_cli.cli import COMMANDS

    assert command_modules(imported(tmp_path, ["--help"])) == {
        f"intimacy_cli.commands.{module}" for module, _, _ in COMMANDS.values()
    }


def test_a_piped_entry_loads_no_lesson_model(tmp_path: Path) -> None:
    """Saving piped text needs neither the lessons nor their model."""
    modules = imported(tmp_path, ["journal"], stdin="an ordinary evening")
    assert not {"intimacy_cli.content.model", "intimacy_cli.store.assignments"} & modules


def test_mood_does_not_load_yaml_or_the_lesson_model(tmp_path: Path, data_dir: Path) -> None:
    """The mood view needs the quadrants, not the feeling words' file."""
    seed(data_dir, entry("2026-11-20 10:00", "Hello", id=SOME_ENTRY))
    modules = imported(tmp_path, ["mood"])
    assert loaded(modules, "yaml") == [] and "intimacy_cli.content.model" not in modules


def test_a_json_export_loads_no_other_format_and_no_lesson_model(
    tmp_path: Path, data_dir: Path
) -> None:
    """The JSON export streams stored records: Markdown's and CSV's modules,
    and the lesson model they explain answers with, stay unloaded."""
    seed(data_dir, entry("2026-11-20 10:00", "Hello", id=SOME_ENTRY))
    modules = imported(tmp_path, ["export", "--format", "json"])
    assert "intimacy_cli.transfer.json_format" in modules
    needless = {
        "intimacy_cli.transfer.markdown",
        "intimacy_cli.transfer.csv_format",
        "intimacy_cli.content.model",
    }
    assert not needless & modules


@pytest.mark.parametrize("args", [["lessons"], ["read", "welcome"], []])
def test_lessons_kept_from_an_earlier_run_need_no_yaml(tmp_path: Path, args: list[str]) -> None:
    imported(tmp_path, args)  # parses the lessons, and keeps them
    assert loaded(imported(tmp_path, args), "yaml") == []


def test_a_piped_listing_loads_no_console_and_reading_no_openssl(
    tmp_path: Path, data_dir: Path
) -> None:
    """``review | grep`` writes plain lines (rich's console is for the screen),
    and reading checks table files with blake2 alone; the conversion machinery
    and the backups wait until the lock is taken."""
    seed(data_dir, entry("2026-11-20 10:00", "Hello", id=SOME_ENTRY))
    modules = imported(tmp_path, ["review", "--last", "20"])
    assert loaded(modules, "rich.console", "rich.table", *PROMPTING) == []
    assert not {"_hashlib", "intimacy_cli.store.conversion", "intimacy_cli.store.backups"} & modules


def test_saving_a_piped_entry_loads_no_queries_and_no_editor_parts(tmp_path: Path) -> None:
    """Adding an entry lists none: the queries (and their filter) stay unloaded;
    nor is an editor's command line split (shlex)."""
    modules = imported(tmp_path, ["journal"], stdin="an ordinary evening")
    assert not {"intimacy_cli.store.queries", "shlex"} & modules


@pytest.mark.parametrize(
    ("args", "stdin"), [(["review", "--last", "20"], ""), (["journal"], "a note")]
)
def test_no_drafts_and_no_kept_words_load_neither_the_editor_nor_recovery(
    tmp_path: Path, data_dir: Path, args: list[str], stdin: str
) -> None:
    """A killed run's editor drafts and the words kept after a failed save are
    looked for in their own folders: where those do not exist (most of the
    time), the modules that would look inside stay unloaded."""
    seed(data_dir, entry("2026-11-20 10:00", "Hello", id=SOME_ENTRY))
    modules = imported(tmp_path, args, stdin=stdin)
    assert not {"intimacy_cli.ui.editor", "intimacy_cli.store.recovery"} & modules


@pytest.mark.parametrize(
    ("args", "stdin"),
    [(["review", "--last", "20"], ""), (["export", "--format", "json"], ""), (["journal"], "a")],
)
def test_a_plain_journal_of_ascii_loads_no_struct_and_no_unicodedata(
    tmp_path: Path, data_dir: Path, args: list[str], stdin: str
) -> None:
    """``struct`` reads and writes encryption headers, ``unicodedata`` folds
    text other than ASCII and normalises passphrases: reading and saving a
    plain journal of ASCII text needs neither."""
    seed(data_dir, entry("2026-11-20 10:00", "Hello", id=SOME_ENTRY))
    modules = imported(tmp_path, args, stdin=stdin)
    assert not {"struct", "unicodedata"} & modules


def test_a_piped_listing_of_plain_text_loads_no_rich(tmp_path: Path, data_dir: Path) -> None:
    """Columns of ASCII text are one cell a character: no tables of widths."""
    seed(data_dir, entry("2026-11-20 10:00", "Hello", id=SOME_ENTRY))
    modules = imported(tmp_path, ["review", "--last", "20"])
    assert loaded(modules, "rich") == [] and "shlex" not in modules


def test_a_command_runs_no_cyclic_garbage_collection_over_its_imports() -> None:
    """Start-up makes many objects and hardly any cycles: the collector waits
    for far more of them than Python's default 700 (set when the app is imported)."""
    import gc

    import intimacy_cli  # noqa: F401 - what sets the threshold

    assert gc.get_threshold()[0] >= 100_000


def test_the_exit_walks_nothing_a_command_made_for_cycles(tmp_path: Path) -> None:
    """Ending the process, the interpreter walks every object the collector
    tracks for reference cycles; the entry point freezes them first (as
    ``atexit`` sees, after it returned), so that walk is left with nothing."""
    report = tmp_path / "frozen.txt"
    probe = (
        "import atexit, gc, sys\n"
        f"atexit.register(lambda: open({str(report)!r}, 'w').write(str(gc.get_freeze_count())))\n"
        "sys.argv = ['intimacy', '--version']\n"
        "from intimacy_cli.cli import main\n"
        "main()\n"
    )
    subprocess.run([sys.executable, "-c", probe], check=True, timeout=PATIENCE)
    assert int(report.read_text()) > 10_000  # Typer's objects alone are more


def test_plain_text_compiles_none_of_the_unicode_patterns() -> None:
    """Showing and folding ASCII text (what most commands meet) compiles no
    pattern of Unicode ranges; text that needs one still gets it."""
    probe = (
        "from intimacy_cli.base import text\n"
        "assert text.printable('Saved.') == 'Saved.' and text.fold('Oxytocin') == 'oxytocin'\n"
        "assert text._compiled.cache_info().currsize == 0\n"
        "assert text.fold('Résumé') == 'resume' and text._compiled.cache_info().currsize == 1\n"
    )
    subprocess.run([sys.executable, "-c", probe], check=True, timeout=PATIENCE)


@pytest.mark.parametrize(
    ("args", "lessons"),
    [
        (["review", "--last", "20"], False),
        (["review", "--search", "hello"], False),
        (["export", "--format", "json"], False),
        (["show", "abcd0000"], True),
        (["progress"], True),
        ([], True),  # the home screen
    ],
)
def test_reading_the_journal_loads_no_tinydb_and_no_tempfile(
    tmp_path: Path, data_dir: Path, args: list[str], lessons: bool
) -> None:
    """TinyDB changes tables; reading them is the storage's own work. Nor is a
    temporary file made (or the temporary folder looked for) to read."""
    seed(data_dir, entry("2026-11-20 10:00", "Hello", id=SOME_ENTRY))
    imported(tmp_path, args)  # keeps the lessons, if this command reads them
    modules = imported(tmp_path, args)
    assert loaded(modules, "tinydb") == []
    if not lessons:  # platformdirs itself imports tempfile (where lessons are kept)
        assert loaded(modules, "tempfile") == []
    saving = imported(tmp_path, ["journal"], stdin="an ordinary evening")
    assert loaded(saving, "tinydb", "tempfile") == ["tinydb", "tempfile"]  # the probe sees them
