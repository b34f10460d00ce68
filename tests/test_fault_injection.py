"""Fault injection: every writing command, killed at each system call that
writes, renames, syncs or deletes a file, leaves a journal the next command
can use, with nothing lost and nothing private in plaintext.

Each case forks a child that runs one command in-process with a hook around
``os.write``, ``os.replace``, ``os.rename``, ``os.fsync`` and ``os.unlink``.
At the Nth such call (N = 1 up to the number the command makes when left
alone) the hook ends the child before the call happens, in one of two ways:

- ``exit``: ``os._exit``, as ``kill -9`` or a power cut after everything
  before it reached the disk: no clean-up runs;
- ``interrupt``: ``KeyboardInterrupt``, as Ctrl-C: the app's clean-up runs.

Then the parent does what a person would do next (a read, then a write, each
with the passphrase that opens the journal) and checks the invariants:

- both next commands succeed, and the journal opens with exactly one of the
  passphrases in play;
- every write acknowledged before the command is there, and the command's own
  change is there completely or not at all;
- while the journal is encrypted, no file in the data folder holds plaintext
  (checked right after the kill, too, except while decrypting, which must
  write plaintext before the journal changes; the next command removes it);
- after the next command no temporary file or conversion leftover remains;
- every backup opens with the journal's passphrase (or is plain, like the
  journal).

Cheap enough to run every case (FAST_COST keys; forked children start in
milliseconds), and marked slow. Set ``INTIMACY_FAULTS_REPORT`` to a file name
to get the cases tried and failed per class as JSON.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import typer.testing
from helpers.app import FIXTURE_LESSONS, Outcome
from helpers.backups import backup_files
from helpers.scripted import ScriptedPrompter, Step
from helpers.store import holding
from typer.testing import CliRunner

from intimacy_cli.cli import app
from intimacy_cli.store import Journal, crypto
from intimacy_cli.store.crypto import EncryptedCodec
from intimacy_cli.store.errors import CodecError
from intimacy_cli.ui import console, prompter

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("fast_kdf")]

Cli = Callable[..., Outcome]

OLD = "the passphrase before"
NEW = "the passphrase after"
MARKER = "FAULT-MARKER-51e0"
SAMPLE_DIR = FIXTURE_LESSONS
WATCHED = ("write", "replace", "rename", "fsync", "unlink")
KILLED = 137  # the child's status after os._exit, as after kill -9
HOWS = ("exit", "interrupt")
REPORT_ENV = "INTIMACY_FAULTS_REPORT"


_BUILT: dict[int, Any] = {}


@pytest.fixture(autouse=True)
def command_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Typer builds the click command anew on every invoke (30 ms, most of a
    case's time here); the cases run hundreds of commands, so build it once."""
    real = typer.testing._get_command

    def cached(typer_app: Any) -> Any:
        if id(typer_app) not in _BUILT:
            _BUILT[id(typer_app)] = real(typer_app)
        return _BUILT[id(typer_app)]

    monkeypatch.setattr(typer.testing, "_get_command", cached)


class Hook:
    """Counts calls to the watched ``os`` functions, and ends the process just
    before call number ``at`` (``None``: only count)."""

    def __init__(self, at: int | None, how: str) -> None:
        self.at = at
        self.how = how
        self.calls = 0

    def install(self) -> None:
        for name in WATCHED:
            setattr(os, name, self._wrap(getattr(os, name)))

    def _wrap(self, real: Callable[..., Any]) -> Callable[..., Any]:
        def hooked(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            if self.calls == self.at:
                if self.how == "exit":
                    os._exit(KILLED)
                raise KeyboardInterrupt
            return real(*args, **kwargs)

        return hooked


@dataclass(frozen=True)
class Command:
    """One writing command, run on a journal that is plain or encrypted."""

    name: str
    args: tuple[str, ...]
    encrypted: bool
    stdin: str | None = None
    env: dict[str, str] = field(default_factory=dict)
    script: tuple[Step, ...] = ()
    # What the command may leave: "same" (as before), "either" (plain or encrypted).
    state_after: str = "same"


@dataclass
class Template:
    """A data folder to copy for every case, and what it holds."""

    folder: Path
    entries: dict[str, str]  # id -> answer, every one acknowledged
    edited: str  # the id the edit command changes
    deleted: str  # the id the delete command removes
    imported: set[str]  # ids the import file adds


EDITED_ANSWER = f"{MARKER} edited"
ADDED_NOTE = f"{MARKER} added"
NEXT_NOTE = f"{MARKER} written next"
# A lesson of one section, one quiz question and one reflection: every kind of
# save a lesson makes (the session, a quiz answer, a reflection), few system calls.
QUIZ_LESSON = """\
id: brief
order: 50
title: Brief
summary: Brief.
minutes: 1
sections:
  - {title: Only, body: Just this.}
takeaways: [One.]
quiz:
  - question: Is this brief?
    choices: ["Yes", "No"]
    answer: "Yes"
    explanation: It is.
reflections:
  - {id: word, prompt: One word?, kind: text}
"""
LEARN_SCRIPT: tuple[Step, ...] = (
    ("select", "What next?", "next"),
    ("select", "Is this brief?", "Yes"),
    ("text", "One word?", f"{MARKER} learned"),
)


def commands(template: Template, import_file: Path, lessons: Path) -> list[Command]:
    edited, deleted = template.edited, template.deleted
    found: list[Command] = []
    for encrypted in (False, True):
        env = {"INTIMACY_PASSPHRASE": OLD} if encrypted else {}
        kind = "encrypted" if encrypted else "plain"
        found += [
            Command(f"journal-{kind}", ("journal",), encrypted, ADDED_NOTE, env),
            Command(f"edit-{kind}", ("edit", edited), encrypted, EDITED_ANSWER, env),
            Command(f"delete-{kind}", ("delete", deleted, "--yes"), encrypted, None, env),
            Command(
                f"reflect-{kind}",
                ("--content-dir", str(SAMPLE_DIR), "reflect", "sample", "--answers", "-"),
                encrypted,
                json.dumps({"one-line": f"{MARKER} reflected", "closeness": 4}),
                env,
            ),
            Command(
                f"learn-{kind}",
                ("--content-dir", str(lessons), "learn", "brief"),
                encrypted,
                None,
                env,
                LEARN_SCRIPT,
            ),
            Command(f"import-{kind}", ("import", str(import_file)), encrypted, None, env),
            Command(f"backup-{kind}", ("data", "backup"), encrypted, None, env),
        ]
    found += [
        Command(
            "encrypt", ("data", "encrypt"), False, None, {"INTIMACY_PASSPHRASE": OLD}, (), "either"
        ),
        Command(
            "decrypt", ("data", "decrypt"), True, None, {"INTIMACY_PASSPHRASE": OLD}, (), "either"
        ),
        Command(
            "passphrase",
            ("data", "passphrase"),
            True,
            None,
            {"INTIMACY_PASSPHRASE": OLD, "INTIMACY_NEW_PASSPHRASE": NEW},
        ),
    ]
    return found


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def make_template(folder: Path, *, encrypted: bool) -> Template:
    """Three days of entries in two months, so two snapshots exist that share
    the first month's table file (a hard link), the welcome already shown;
    encrypted with :data:`OLD` when asked."""
    clock = Clock()
    journal = Journal(folder, clock=clock)
    first = journal.entries.add(kind="journal", answer=f"{MARKER} day one")
    clock.now += timedelta(days=31)
    second = journal.entries.add(kind="journal", answer=f"{MARKER} day two")
    clock.now += timedelta(days=1)
    third = journal.entries.add(kind="journal", answer=f"{MARKER} to delete")
    (folder / "welcome-shown").write_text("shown\n")
    if encrypted:
        journal.maintenance.encrypt(EncryptedCodec(OLD))
    return Template(
        folder,
        {entry.id: str(entry.answer) for entry in (first, second, third)},
        edited=second.id,
        deleted=third.id,
        imported=set(),
    )


def make_import_file(folder: Path, cli: Cli) -> tuple[Path, set[str]]:
    """A JSON export of another journal, holding the marker."""
    other = folder / "other"
    journal = Journal(other)
    added = {
        journal.entries.add(kind="journal", answer=f"{MARKER} imported {n}").id for n in range(3)
    }
    path = folder / "export.json"
    result = cli("--data-dir", str(other), "export", "--format", "json", "-o", str(path))
    assert result.exit_code == 0, result.stderr
    return path, added


def run_child(command: Command, at: int | None, how: str, count_file: Path) -> int:
    """Run ``command`` in a forked child with the hook; its exit status."""
    pid = os.fork()
    if pid == 0:  # the child: never returns
        status = 99
        try:
            if command.script:
                fake = ScriptedPrompter(*command.script)
                prompter.open_prompter = lambda: fake  # type: ignore[assignment]
            console.reset()
            hook = Hook(at, how)
            hook.install()
            result = CliRunner().invoke(
                app, list(command.args), input=command.stdin, env=command.env
            )
            count_file.write_text(str(hook.calls))
            status = result.exit_code
        finally:
            os._exit(status)
    _, waited = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(waited)


def passphrases(command: Command) -> list[str]:
    return [OLD, NEW] if "INTIMACY_NEW_PASSPHRASE" in command.env else [OLD]


def run_next(cli: Cli, command: Command, *args: str, stdin: str | None = None) -> Outcome:
    """A command run after the kill, with each passphrase in play until one works."""
    tried: Outcome | None = None
    for passphrase in passphrases(command):
        tried = cli(*args, input=stdin, env={"INTIMACY_PASSPHRASE": passphrase})
        if tried.exit_code == 0 or "wrong passphrase" not in tried.stderr:
            return tried
    assert tried is not None
    return tried


def opening_codec(data_dir: Path, command: Command) -> EncryptedCodec | None:
    """The codec that opens the journal: ``None`` for a plain journal; raises
    AssertionError when none of the passphrases opens it."""
    stored = (data_dir / "journal.json").read_bytes()
    if not crypto.is_encrypted(stored):
        return None
    for passphrase in passphrases(command):
        codec = EncryptedCodec(passphrase)
        try:
            codec.decode(stored)
        except CodecError:
            continue
        return codec
    raise AssertionError("no passphrase opens the journal")


def leftovers(data_dir: Path) -> list[str]:
    """Files no finished command leaves behind."""
    return sorted(
        str(path.relative_to(data_dir))
        for path in data_dir.rglob("*")
        if path.name.endswith(".tmp") or ".converted" in path.name or path.name == "conversion.json"
    )


def plaintext(data_dir: Path) -> list[str]:
    """Files holding the marker in plaintext, if the journal is encrypted."""
    journal = data_dir / "journal.json"
    if not crypto.is_encrypted_file(journal):
        return []
    return holding(data_dir, MARKER.encode())


def check(cli: Cli, command: Command, template: Template, data_dir: Path) -> list[str]:
    """Every invariant after a kill; the problems found (none: all well)."""
    problems: list[str] = []
    if command.name != "decrypt" and (leak := plaintext(data_dir)):
        problems.append(f"plaintext beside the encrypted journal right after the kill: {leak}")
    read = run_next(cli, command, "review", "--json")
    if read.exit_code != 0:
        return [*problems, f"the next read failed: {read.stderr.strip()}"]
    if leak := plaintext(data_dir):
        problems.append(f"plaintext beside the encrypted journal after the next read: {leak}")
    write = run_next(cli, command, "journal", stdin=NEXT_NOTE)
    if write.exit_code != 0:
        return [*problems, f"the next write failed: {write.stderr.strip()}"]
    try:
        codec = opening_codec(data_dir, command)
    except AssertionError as error:
        return [*problems, str(error)]
    if command.encrypted and command.state_after == "same" and codec is None:
        problems.append("the journal is no longer encrypted")
    if not command.encrypted and command.state_after == "same" and codec is not None:
        problems.append("the journal became encrypted")
    journal = Journal(data_dir, codec=codec) if codec else Journal(data_dir)
    saved = {entry.id: str(entry.answer) for entry in journal.entries.query()}
    problems += lost(command, template, saved)
    if leak := plaintext(data_dir):
        problems.append(f"plaintext beside the encrypted journal: {leak}")
    if left := leftovers(data_dir):
        problems.append(f"left behind after the next commands: {left}")
    problems += unreadable_backups(data_dir, codec)
    return problems


def lost(command: Command, template: Template, saved: dict[str, str]) -> list[str]:
    """Acknowledged entries that are missing or changed, and half-done changes."""
    problems = []
    for entry_id, answer in template.entries.items():
        if entry_id == template.deleted and command.name.startswith("delete"):
            continue
        if entry_id == template.edited and command.name.startswith("edit"):
            if saved.get(entry_id) not in (answer, EDITED_ANSWER):
                problems.append(f"the edited entry holds {saved.get(entry_id)!r}")
            continue
        if saved.get(entry_id) != answer:
            problems.append(f"acknowledged entry {entry_id} is {saved.get(entry_id)!r}")
    if command.name.startswith("import"):
        present = template.imported & saved.keys()
        if present and present != template.imported:
            problems.append(f"import half done: {len(present)} of {len(template.imported)}")
    if NEXT_NOTE not in saved.values():
        problems.append("the next write is missing")
    return problems


def unreadable_backups(data_dir: Path, codec: EncryptedCodec | None) -> list[str]:
    """Files of backups (backup files, a snapshot's manifest and tables) the
    journal's passphrase cannot open (or encrypted ones beside a plain journal)."""
    problems = []
    for file in backup_files(data_dir):
        name = file.relative_to(data_dir / "backups").as_posix()
        stored = file.read_bytes()
        if codec is None:
            if crypto.is_encrypted(stored):
                problems.append(f"{name} is encrypted beside a plain journal")
            continue
        try:
            codec.decode(stored)
        except CodecError as error:
            problems.append(f"{name} does not open with the journal's passphrase: {error}")
    return problems


@dataclass
class Tally:
    tried: int = 0
    failed: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def report() -> Iterator[dict[str, Tally]]:
    tallies: dict[str, Tally] = {}
    yield tallies
    target = os.environ.get(REPORT_ENV)
    if target:
        Path(target).write_text(
            json.dumps(
                {name: {"tried": t.tried, "failed": t.failed} for name, t in tallies.items()},
                indent=2,
            )
        )


CLASSES = [
    *(
        f"{name}-{kind}"
        for kind in ("plain", "encrypted")
        for name in ("journal", "edit", "delete", "reflect", "learn", "import", "backup")
    ),
    "encrypt",
    "decrypt",
    "passphrase",
]


def command_named(name: str, tmp_path: Path, cli: Cli) -> tuple[Command, Template]:
    """The command class ``name`` and the data folder it starts from."""
    import_file, imported = make_import_file(tmp_path / "import", cli)
    starts_encrypted = name.endswith("-encrypted") or name in ("decrypt", "passphrase")
    template = make_template(tmp_path / "template", encrypted=starts_encrypted)
    template.imported = imported
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "brief.yaml").write_text(QUIZ_LESSON)
    (command,) = [c for c in commands(template, import_file, lessons) if c.name == name]
    # Snapshots hold their manifest and tables: every one of them is checked.
    assert len(backup_files(template.folder)) > 2
    assert shares_a_file(template.folder)
    return command, template


def shares_a_file(folder: Path) -> bool:
    """Whether two files of backups in ``folder`` are one file (a hard link)."""
    inodes = [file.stat().st_ino for file in backup_files(folder)]
    return len(set(inodes)) < len(inodes)


def copy_keeping_links(source: Path, target: Path) -> None:
    """``shutil.copytree`` (links as links), but files that are hard links of
    each other in ``source`` are too in ``target``: snapshots that share a table."""
    copied: dict[tuple[int, int], Path] = {}

    def copy(from_path: str, to_path: str) -> None:
        found = os.stat(from_path, follow_symlinks=False)
        key = (found.st_dev, found.st_ino)
        if found.st_nlink > 1 and key in copied:
            os.link(copied[key], to_path)
            return
        shutil.copy2(from_path, to_path)
        copied[key] = Path(to_path)

    shutil.copytree(source, target, symlinks=True, copy_function=copy)


@pytest.mark.parametrize("case", [f"{name}/{how}" for name in CLASSES for how in HOWS])
def test_a_writer_killed_at_any_system_call_keeps_every_promise(
    cli: Cli, data_dir: Path, tmp_path: Path, report: dict[str, Tally], case: str
) -> None:
    name, how = case.split("/")
    command, template = command_named(name, tmp_path, cli)
    count_file = tmp_path / "calls"

    def fresh() -> None:
        shutil.rmtree(data_dir, ignore_errors=True)
        copy_keeping_links(template.folder, data_dir)

    fresh()
    assert shares_a_file(data_dir)
    status = run_child(command, None, how, count_file)
    assert status == 0, f"{name} fails even when left alone (exit {status})"
    total = int(count_file.read_text())
    assert total > 0
    failures: dict[int, list[str]] = {}
    alone = check(cli, command, template, data_dir)
    if alone:
        failures[0] = alone
    for at in range(1, total + 1):
        fresh()
        status = run_child(command, at, how, count_file)
        if status == 0:
            continue  # the call was not needed after all (e.g. clean-up); nothing to check
        problems = check(cli, command, template, data_dir)
        if problems:
            failures[at] = problems
    tally = report.setdefault(case, Tally())
    tally.tried = total + 1
    tally.failed = [f"{at}: {'; '.join(problems)}" for at, problems in failures.items()]
    assert not failures, f"{name} killed ({how}) at {len(failures)} of {total} calls:\n" + (
        "\n".join(tally.failed[:10])
    )
