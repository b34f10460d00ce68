"""Browsing the journal from the home menu: the newest entries a page at a time,
one opened in full, then back to the list, or on to change or remove it.

Changing and removing are the ``edit`` and ``delete`` commands' own work, so
this flow only says which one the person chose (``act``); the caller runs it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from typing import Literal

from intimacy_cli.content.model import Lesson
from intimacy_cli.reports.entry_text import excerpt, local_stamp, question_text
from intimacy_cli.store import Entry, Journal
from intimacy_cli.store.entry import answer_text
from intimacy_cli.ui import console
from intimacy_cli.ui.prompter import Option, Prompter

PAGE = 10
OLDER, NEWER = "older", "newer"
Action = Literal["edit", "delete"]
BACK, MENU = "back", "menu"
EDIT: Action = "edit"
DELETE: Action = "delete"
BACK_TO_MENU = "Back to the menu"
# What a menu line loses to questionary's pointer and margins.
_POINTER = 4


def entry_label(entry: Entry, width: int) -> str:
    """One line for an entry in the list: when, then the question and the answer's start."""
    stamp = local_stamp(entry.created)
    what = f"{question_text(entry)}: {answer_text(entry.answer)}"
    return f"{stamp}  {excerpt(what, max(width - len(stamp) - 2 - _POINTER, 12))}"


def browse(
    journal: Journal,
    prompter: Prompter,
    act: Callable[[Action, Entry], None],
    lesson_of: Callable[[str], Lesson | None],
) -> None:
    """The list, newest first, until the person goes back to the menu."""
    from intimacy_cli.ui.pager import print_paged
    from intimacy_cli.ui.views.entries import entry_detail

    start = 0
    while True:
        entries = journal.entries.query()  # read again: an entry may have changed
        if not entries:
            console.note("Nothing saved yet. What you write in 'intimacy learn' will appear here.")
            return
        start = min(start, (len(entries) - 1) // PAGE * PAGE)
        picked = _pick(prompter, entries, start)
        if picked is None:
            return
        if picked in (OLDER, NEWER):
            start += PAGE if picked == OLDER else -PAGE
            continue
        entry = next(entry for entry in entries if entry.id == picked)
        print_paged(entry_detail(entry, lesson_of(entry.lesson) if entry.lesson else None))
        options = [Option(BACK, "Back to the list")]
        if entry.kind != "quiz":  # a quiz answer records how the quiz went
            options.append(Option(EDIT, "Edit this answer"))
        options += [Option(DELETE, "Delete this entry"), Option(MENU, BACK_TO_MENU)]
        choice = prompter.select("What would you like to do with it?", options)
        if choice == MENU:
            return
        if choice == EDIT:
            act(EDIT, entry)
        elif choice == DELETE:
            act(DELETE, entry)


def _pick(prompter: Prompter, entries: list[Entry], start: int) -> str | None:
    width = shutil.get_terminal_size().columns
    page = entries[start : start + PAGE]
    options = [Option(entry.id, entry_label(entry, width)) for entry in page]
    if start + PAGE < len(entries):
        options.append(Option(OLDER, "Older entries"))
    if start > 0:
        options.append(Option(NEWER, "Newer entries"))
    shown = f"{start + 1}-{start + len(page)} of {len(entries)}, newest first"
    return prompter.select(f"Open which entry? ({shown})", options, skip=BACK_TO_MENU)
