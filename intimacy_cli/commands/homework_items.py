"""``--homework ID[:N]`` on ``learn``, ``reflect`` and ``journal``: start from a
homework item, so the answers saved are linked to it (an entry's ``homework``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from intimacy_cli.base.errors import UsageProblem
from intimacy_cli.commands import hints

if TYPE_CHECKING:
    from intimacy_cli.commands.state import AppState
    from intimacy_cli.content.homework import Item, ItemKind
    from intimacy_cli.content.model import Lesson
    from intimacy_cli.store import Journal
    from intimacy_cli.store.assignments import StoredAssignment


@dataclass(frozen=True)
class Started:
    """The homework item a command does, and the lesson it names (if any)."""

    stored: StoredAssignment
    item: Item
    lesson: Lesson | None


def start_item(
    state: AppState, journal: Journal, wanted: str, kinds: tuple[ItemKind, ...], command: str
) -> Started:
    """The item ``wanted`` names, if this command can do it; from now on every
    entry the journal makes is linked to it."""
    assignment_id, _, number_text = wanted.partition(":")
    stored = journal.assignments.get(assignment_id.strip())
    items = stored.assignment.items
    if number_text:
        if not number_text.strip().isdigit() or stored.assignment.item(int(number_text)) is None:
            raise UsageProblem(
                f"--homework: '{stored.id}' has no item '{number_text}' "
                f"(its items are 1 to {len(items)})"
            )
        item = items[int(number_text) - 1]
    else:
        fitting = [item for item in items if item.kind in kinds]
        if len(fitting) != 1:
            raise UsageProblem(
                f"--homework: say which item of '{stored.id}' with {stored.id}:N",
                hint="see its items: intimacy homework show " + stored.id,
            )
        item = fitting[0]
    if item.kind not in kinds:
        raise UsageProblem(
            f"--homework: item {item.number} of '{stored.id}' is not something '{command}' does",
            hint=hints.start_homework(stored.id, item),
        )
    journal.entries.link_new_entries((stored.id, item.number))
    return Started(stored, item, _lesson(state, stored, item))


def _lesson(state: AppState, stored: StoredAssignment, item: Item) -> Lesson | None:
    """The item's lesson: installed, else the copy the assignment brought along."""
    if item.lesson is None:
        return None
    installed = state.lesson_or_none(item.lesson)
    if installed is not None:
        return installed
    from intimacy_cli.content.homework_files import pack_lessons

    packed = pack_lessons([(pack.file, pack.text) for pack in stored.lessons])
    found = next((lesson for lesson in packed if lesson.id == item.lesson), None)
    if found is None:
        return state.catalogue().get(item.lesson)  # raises, naming the lesson
    return found
