"""Shell completion (Typer's, bash protocol) completes commands and lesson ids,
including lessons from extra packs given by option or environment, and the
names of backups."""

from __future__ import annotations

from pathlib import Path

from helpers.app import FIXTURES, run_subprocess

PACK = str(FIXTURES / "lessons")


def complete(words: str, **env: str) -> list[str]:
    """What bash would offer for the last word of ``words``."""
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    protocol = {
        "_INTIMACY_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(cword),
    }
    result = run_subprocess([], env={**protocol, **env})
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_completes_commands() -> None:
    offered = complete("intimacy ")
    assert {"lessons", "read", "support", "about", "content"} <= set(offered)


def test_completes_builtin_lesson_ids_by_prefix() -> None:
    assert complete("intimacy read we") == ["welcome"]


def test_completes_lessons_from_content_dir_env() -> None:
    offered = complete("intimacy read sa", INTIMACY_CONTENT=PACK)
    assert offered == ["sample"]


def test_completes_lessons_from_content_dir_option() -> None:
    offered = complete(f"intimacy --content-dir {PACK} read ")
    assert offered[:2] == ["welcome", "sample"]
    assert "social-brain" in offered


def test_broken_pack_completes_nothing_quietly() -> None:
    assert complete("intimacy read ", INTIMACY_CONTENT="/nonexistent/pack") == []


def test_completes_backup_names_in_the_chosen_data_folder(tmp_path: Path) -> None:
    backups = tmp_path / "data" / "backups"
    for name in ("journal-20261130-090000", "journal-20261201-090000"):
        (backups / name).mkdir(parents=True)
    (backups / "journal-20251201-090000.json").write_text("an older version's")
    (backups / "notes.txt").write_text("mine")
    assert complete("intimacy data restore journal-2026", INTIMACY_HOME=str(tmp_path / "data")) == [
        "journal-20261130-090000",
        "journal-20261201-090000",
    ]
    offered = complete(f"intimacy --data-dir {tmp_path / 'data'} data restore ")
    assert offered == ["journal-20251201-090000.json", *complete_names(backups)]


def complete_names(backups: Path) -> list[str]:
    return sorted(path.name for path in backups.iterdir() if path.is_dir())
