"""Small helpers shared by several test modules."""

from __future__ import annotations

from pathlib import Path

from intimacy_cli.store import Entry, Journal, QueryFilter

SAMPLE_DIR = Path(__file__).parent / "fixtures" / "lessons"
# Global options that put the sample lesson next to the built-in ones.
WITH_SAMPLE = ("--content-dir", str(SAMPLE_DIR))


def answers(journal: Journal, lesson: str = "sample") -> dict[str, Entry]:
    """The lesson's saved entries by question id (the newest answer wins)."""
    found: dict[str, Entry] = {}
    for entry in journal.entries.query(QueryFilter(lesson=lesson)):
        assert entry.question_id is not None
        found.setdefault(entry.question_id, entry)
    return found


def bare_lesson_pack(folder: Path) -> tuple[str, str]:
    """A lesson pack holding lesson ``bare``: one section, and no content note, quiz
    or reflections. Returns the global options that add it."""
    folder.mkdir()
    (folder / "bare.yaml").write_text(
        "id: bare\norder: 50\ntitle: Bare\nsummary: Brief.\nminutes: 1\n"
        "sections:\n  - {title: Only, body: Just this.}\ntakeaways: [One.]\n"
    )
    return ("--content-dir", str(folder))
