"""``intimacy`` on its own: where you are, and what you might do next."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

import typer
from typer.core import TyperGroup

from intimacy_cli.base.text import counted
from intimacy_cli.commands.state import AppState, app_state, journal_for
from intimacy_cli.ui import console

if TYPE_CHECKING:
    from intimacy_cli.content.catalogue import Catalogue
    from intimacy_cli.content.homework import Item
    from intimacy_cli.content.model import Lesson
    from intimacy_cli.store import Entry, Journal
    from intimacy_cli.ui.prompter import Prompter

ABOUT = (
    "intimacy: short, honest lessons on the neuroscience of closeness, "
    "with a private journal that stays on this machine."
)
QUIT = "Quit"


def home(ctx: typer.Context) -> None:
    """The summary; in a terminal, then a menu of commands until the person quits."""
    from intimacy_cli.ui.prompter import Option, open_prompter

    state = app_state(ctx)
    catalogue = state.catalogue()
    prompter = open_prompter()
    while True:
        journal = journal_for(state)
        suggested = show_summary(catalogue, journal)
        recall_today = show_recall(state, journal)
        if prompter is None:
            console.note("Run 'intimacy --help' to see every command.")
            return
        menu = _menu(ctx, catalogue, journal, suggested, prompter, recall_today=recall_today)
        choice = prompter.select(
            "What would you like to do?", [Option(label) for label in [*menu, QUIT]]
        )
        if choice is None or choice not in menu:
            return
        _run(menu[choice])


def _run(action: Callable[[], None]) -> None:
    """One menu choice; an error it ends with is shown, and the menu comes back."""
    from intimacy_cli.base.errors import IntimacyError
    from intimacy_cli.commands.hints import hint_for
    from intimacy_cli.ui import console

    try:
        action()
    except IntimacyError as exc:
        console.error(exc.message, hint_for(exc))


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
        console.literal(f"Check-in: {checkin_line(journal)}"),
    ]
    homework_due = _homework_due_today(journal)
    if homework_due:
        lines.append(console.literal(homework_due))
    for line in lines:  # broken between words in a terminal; one line each when piped
        console.out().print(line, soft_wrap=not console.out().is_terminal)
    return suggested


# -- recall: the cards due today --


def show_recall(state: AppState, journal: Journal) -> int:
    """The home screen's recall line, once a lesson is done: today's share of
    cards (never a backlog), or when the next card comes. Returns today's share."""
    from intimacy_cli.flows.recall import deck_for
    from intimacy_cli.reports.recall import next_due, todays_cards

    deck, records = deck_for(journal, state.catalogue().lessons, state.settings.recall_retention)
    if not deck.active():
        return 0
    now = state.clock()
    today = len(todays_cards(deck, records.reviews, now))
    if today:
        line = f"Recall: {counted(today, 'card')} for today: intimacy recall"
    else:
        from intimacy_cli.ui.views.recall import day_text

        upcoming = next_due(deck, now)
        later = f"; the next on {day_text(upcoming)}" if upcoming else ""
        line = f"Recall: done for today{later}"
    console.out().print(console.literal(line), soft_wrap=not console.out().is_terminal)
    return today


def checkin_line(journal: Journal) -> str:
    """Whether today has a check-in: said plainly, never as something owed."""
    from intimacy_cli.base.dates import local_day, local_now

    today = local_day(local_now())
    words = [checkin.word for checkin in journal.checkins.all() if checkin.date == today]
    if words:
        return f"done today ({', '.join(dict.fromkeys(words))}); another any time: intimacy checkin"
    return "not yet today; when you like: intimacy checkin"


def _due_today(journal: Journal) -> list[tuple[str, Item]]:
    """The homework items due today, with their assignment's id (issue 15)."""
    from intimacy_cli.base.dates import local_day, local_now
    from intimacy_cli.reports.homework_status import statuses

    today = local_day(local_now())
    return [
        (status.assignment.id, item.item)
        for status in statuses(journal.assignments.with_answers(), today)
        for item in status.due_today()
    ]


def _homework_due_today(journal: Journal) -> str | None:
    """A calm line when homework is due today; nothing otherwise."""
    from intimacy_cli.commands.hints import homework_due

    due = len(_due_today(journal))
    return homework_due(due) if due else None


def _menu(
    ctx: typer.Context,
    catalogue: Catalogue,
    journal: Journal,
    suggested: Lesson | None,
    prompter: Prompter,
    *,
    recall_today: int = 0,
) -> dict[str, Callable[[], None]]:
    """Menu label -> what it does: mostly a command run as if typed."""
    group = cast(TyperGroup, ctx.command)

    def command(name: str, *args: str) -> Callable[[], None]:
        def run() -> None:
            chosen = group.get_command(ctx, name)  # built when first chosen
            assert chosen is not None, name
            with chosen.make_context(name, list(args), parent=ctx) as command_ctx:
                chosen.invoke(command_ctx)

        return run

    menu: dict[str, Callable[[], None]] = {}
    resumable = _resumable(catalogue, journal)
    for lesson, where in resumable:
        menu[f"Resume {lesson.title} (stopped at {where})"] = partial(
            _resume, ctx, lesson, prompter
        )
    if suggested is not None and suggested.id not in {lesson.id for lesson, _ in resumable}:
        menu[f"Learn the next lesson: {suggested.title}"] = command("learn", suggested.id)
    for assignment_id, item in _due_today(journal)[:MAX_RESUME]:  # homework due today
        from intimacy_cli.commands.hints import homework_arguments
        from intimacy_cli.reports.entry_text import excerpt
        from intimacy_cli.reports.homework_text import item_text

        words = excerpt(item_text(item, lambda _: None), HOMEWORK_LABEL)  # the prompter escapes
        menu[f"Homework due today: {words}"] = command(*homework_arguments(assignment_id, item))
    menu["Choose a lesson"] = command("learn")
    if recall_today:
        menu["Recall what you learned (a few cards)"] = command("recall")
    menu["Write in your journal"] = command("journal")
    if journal.entries.count():
        menu["Review and open your entries"] = partial(_browse, ctx, prompter, command)
    if any(lesson.reflections for lesson in catalogue.lessons):
        menu["Answer a lesson's reflections"] = partial(
            _reflect, catalogue, prompter, partial(command, "reflect")
        )
    menu["Check in: how you feel"] = command("checkin")
    menu["See your progress"] = command("progress")
    menu["Support: where to find help now"] = command("support")
    return menu


# How much of a homework item's words its menu entry shows.
HOMEWORK_LABEL = 50
# At most this many unfinished lessons (and homework items) are offered.
MAX_RESUME = 3


def _resumable(catalogue: Catalogue, journal: Journal) -> list[tuple[Lesson, str]]:
    """Unfinished lessons, the most recently started first, each with where it stopped.

    A sitting that stopped before its first step was done, or at a step its
    lesson no longer has, is left out: there is nothing to pick up.
    """
    from intimacy_cli.flows.learning import Step, describe, lesson_steps

    found: list[tuple[Lesson, str]] = []
    seen: set[str] = set()
    for session in journal.sessions.all():
        if session.lesson in seen or session.lesson not in catalogue.ids:
            continue
        seen.add(session.lesson)
        lesson = catalogue.get(session.lesson)
        step = Step.parse(session.step)
        steps = lesson_steps(lesson)
        if step is None or step.part == "done" or step not in steps or step == steps[0]:
            continue
        found.append((lesson, describe(lesson, step)))
    return found[:MAX_RESUME]


def _resume(ctx: typer.Context, lesson: Lesson, prompter: Prompter) -> None:
    """Pick up an unfinished lesson where it stopped, without asking again."""
    from intimacy_cli.flows.learning import learn

    state = app_state(ctx)
    learn(lesson, journal_for(state), prompter, state.catalogue(), resume=True)


def _browse(
    ctx: typer.Context,
    prompter: Prompter,
    command: Callable[..., Callable[[], None]],
) -> None:
    """The newest entries; one opened in full, edited or deleted by the commands."""
    from intimacy_cli.flows.browsing import browse

    state = app_state(ctx)

    def act(action: str, entry: Entry) -> None:
        _run(command(action, entry.id))

    browse(journal_for(state), prompter, act, state.lesson_or_none)


def _reflect(
    catalogue: Catalogue, prompter: Prompter, reflect: Callable[..., Callable[[], None]]
) -> None:
    from intimacy_cli.ui.prompter import Option

    options = [
        Option(lesson.id, lesson.title) for lesson in catalogue.lessons if lesson.reflections
    ]
    picked = prompter.select("Which lesson's reflection questions?", options, skip="Not now")
    if picked is not None:
        reflect(picked)()
