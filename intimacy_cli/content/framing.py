"""The texts that frame the app: where to find help (``support.yaml``) and what
the app is (``about.yaml``).

They live in ``prompts/`` beside the lessons, as data, so they can be reviewed
and translated without touching code, and are checked the same way: every
problem with its file and line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from intimacy_cli.base import paths
from intimacy_cli.content.crisis import SUPPORT_FILE
from intimacy_cli.content.loader import ContentError, FileChecker, Problem, read_checked
from intimacy_cli.content.yaml_lines import LinedDict

ABOUT_FILE = "about.yaml"
_SUPPORT_TEXTS = ("title", "intro", "footer", "notice", "notice_footer")
_ABOUT_TEXTS = ("title", "body", "first_run_note")


@dataclass(frozen=True)
class SupportSection:
    """One kind of help: a heading and a few lines (numbers, sites)."""

    title: str
    lines: tuple[str, ...]
    # Also listed, by its first line, in the short note after a worrying answer.
    notice: bool = False


@dataclass(frozen=True)
class SupportText:
    title: str
    intro: str
    sections: tuple[SupportSection, ...]
    footer: str
    notice: str
    notice_footer: str
    crisis_phrases: tuple[str, ...]


@dataclass(frozen=True)
class AboutText:
    title: str
    body: str  # Markdown with {data_dir} and {config_file} placeholders
    first_run_note: str


def _open(path: Path, required: Sequence[str]) -> tuple[FileChecker, LinedDict | None]:
    """Read and parse one file into a checked top-level mapping."""
    check, data = read_checked(path)
    if check.problems:
        return check, None
    return check, check.mapping(data, path.stem, required, line=1)


def _texts(check: FileChecker, data: LinedDict, keys: Sequence[str], where: str) -> list[str]:
    return [check.text(data, key, where) or "" for key in keys]


def _support_sections(check: FileChecker, data: LinedDict) -> tuple[SupportSection, ...]:
    sections = []
    for index, (item, line) in enumerate(check.items(data, "sections", "support", minimum=1)):
        where = f"sections[{index + 1}]"
        entry = check.mapping(item, where, ("title", "lines"), ("notice",), line=line)
        if entry is None:
            continue
        title = check.text(entry, "title", where)
        lines = check.strings(entry, "lines", where, minimum=1)
        notice = entry.get("notice", False)
        if not isinstance(notice, bool):
            check.problem(entry.key_lines.get("notice"), f"{where}.notice must be true or false")
        elif title and lines:
            sections.append(SupportSection(title, lines, notice))
    if sections and not any(section.notice for section in sections):
        check.problem(data.key_lines.get("sections"), "mark at least one section 'notice: true'")
    return tuple(sections)


def _crisis_phrases(check: FileChecker, data: LinedDict) -> tuple[str, ...]:
    phrases = check.strings(data, "crisis_phrases", "support", minimum=1)
    for phrase in phrases:
        if not re.search(r"\w", phrase):
            check.problem(
                data.key_lines.get("crisis_phrases"),
                f"crisis phrase {phrase!r} has no letters (it would match everything)",
            )
    return phrases


def parse_support(path: Path) -> tuple[SupportText | None, list[Problem]]:
    check, data = _open(path, (*_SUPPORT_TEXTS, "sections", "crisis_phrases"))
    if data is None:
        return None, check.problems
    title, intro, footer, notice, notice_footer = _texts(check, data, _SUPPORT_TEXTS, "support")
    sections = _support_sections(check, data)
    phrases = _crisis_phrases(check, data)
    if check.problems:
        return None, check.problems
    return SupportText(title, intro, sections, footer, notice, notice_footer, phrases), []


def parse_about(path: Path) -> tuple[AboutText | None, list[Problem]]:
    check, data = _open(path, _ABOUT_TEXTS)
    if data is None:
        return None, check.problems
    title, body, first_run_note = _texts(check, data, _ABOUT_TEXTS, "about")
    if check.problems:
        return None, check.problems
    return AboutText(title, body, first_run_note), []


def load_support() -> SupportText:
    """The built-in help text; raises :class:`ContentError` if it is broken."""
    support, problems = parse_support(paths.builtin_prompts_dir() / SUPPORT_FILE)
    if support is None:
        raise ContentError(problems)
    return support


def load_about() -> AboutText:
    about, problems = parse_about(paths.builtin_prompts_dir() / ABOUT_FILE)
    if about is None:
        raise ContentError(problems)
    return about


def check_framing() -> list[Problem]:
    """Every problem in the built-in support and about texts (for ``content check``)."""
    folder = paths.builtin_prompts_dir()
    return parse_support(folder / SUPPORT_FILE)[1] + parse_about(folder / ABOUT_FILE)[1]
