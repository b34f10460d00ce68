"""``intimacy`` on its own: where you are, and what you might do next."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import typer
from typer.core import TyperGroup

from intimacy_cli.base.text import counted
from intimacy_cli.commands.state import app_state, journal_for
from intimacy_cli.ui import console

if TYPE_CHECKING:
    from intimacy_cli.content.catalogue import Catalogue
    from intimacy_cli.content.model import Lesson
    from intimacy_cli.store import Journal

ABOUT = (
    "intimacy: short, honest lessons on the neuroscience of closeness, "
    "with a private journal that stays on this machine."
)
QUIT = "Quit"
# A command and the arguments it gets, as if typed after its name.
Action = tuple[str, Any, list[str]]  # the command's name, its click object, its arguments


def home(ctx: typer.Context) -> None:
    """The summary; in a terminal, then a menu of commands until the person quits."""
    from intimacy_cli.ui.prompter import Option, open_prompter

    state = app_state(ctx)
    catalogue = state.catalogue()
    prompter = open_prompter()
    while True:
        suggested = show_summary(catalogue, journal_for(state))
        if prompter is None:
            console.note("Run 'intimacy --help' to see every command.")
            return
        actions = _actions(ctx, suggested)
        choice = prompter.select(
            "What would you like to do?", [Option(label) for label in [*actions, QUIT]]
        )
        if choice is None or choice not in actions:
            return
        name, command, args = actions[choice]
        with command.make_context(name, args, parent=ctx) as command_ctx:
            command.invoke(command_ctx)


def show_summary(catalogue: Catalogue, journal: Journal) -> Lesson | None:
    """What the app is, progress, the suggested lesson and the journal's size.

    Returns the suggested lesson (``None`` when every lesson is done).
    """

    done = journal.sessions.completed_lessons()
    finished = sum(lesson.id in done for lesson in catalogue.lessons)
    suggested = catalogue.next_after(done)
    entries = journal.entries.count()
    if suggested is None:
        upcoming = "every lesson is done; revisit any with 'intimacy learn'"
    else:
        from intimacy_cli.content.model import TRACKS

        track = TRACKS.get(suggested.track, suggested.track).lower()
        upcoming = (
            f"{suggested.title} ({suggested.minutes} min, {track}): intimacy learn {suggested.id}"
        )
    lines = [
        console.literal(ABOUT, style="bold"),
        console.literal(f"Progress: {finished} of {len(catalogue.lessons)} lessons done"),
        console.literal(f"Next: {upcoming}"),
        console.literal(f"Journal: {counted(entries, 'entry', 'entries')}"),
    ]
    for line in lines:  # broken between words in a terminal; one line each when piped
        console.out().print(line, soft_wrap=not console.out().is_terminal)
    return suggested


def _actions(ctx: typer.Context, suggested: Lesson | None) -> dict[str, Action]:
    """Menu label -> the command it runs, as if typed."""
    wanted: list[tuple[str, str, list[str]]] = []
    if suggested is not None:
        wanted.append((f"Learn the next lesson: {suggested.title}", "learn", [suggested.id]))
    wanted += [
        ("Choose a lesson", "learn", []),
        ("Write in your journal", "journal", []),
        ("Review what you have saved", "review", []),
    ]
    group = cast(TyperGroup, ctx.command)
    return {label: (name, group.commands[name], args) for label, name, args in wanted}
