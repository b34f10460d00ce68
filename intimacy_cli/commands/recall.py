"""``intimacy recall``: a few cards from the lessons you have done, spaced out
so they come back just before they would slip away; ``recall stats``,
``recall suspend`` and ``recall unsuspend``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from intimacy_cli.base.errors import IntimacyError, NeedsTerminal
from intimacy_cli.commands.completion import lesson_ids
from intimacy_cli.commands.hints import CARD_IDS, KEEP_GOING, NO_CARDS_YET
from intimacy_cli.commands.options import HELP_SETTINGS
from intimacy_cli.commands.state import AppState, app_state, journal_for
from intimacy_cli.ui import console

if TYPE_CHECKING:
    from intimacy_cli.reports.recall import Deck
    from intimacy_cli.store import Journal
    from intimacy_cli.store.recall import RecallRecords

recall_app = typer.Typer(
    epilog=(
        "Examples:  intimacy recall  |  intimacy recall --lesson oxytocin  |  "
        "intimacy recall stats  |  intimacy recall suspend oxytocin/point.2"
    ),
    invoke_without_command=True,
    context_settings=HELP_SETTINGS,
)


class UnknownCard(IntimacyError):
    """A card id no installed lesson has."""


@recall_app.callback()
def recall(
    ctx: typer.Context,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            min=1,
            max=100,
            help="Show up to this many cards due today (default: today's share, at most 10).",
            show_default=False,
        ),
    ] = None,
    lesson: Annotated[
        str | None,
        typer.Option(
            "--lesson",
            metavar="LESSON",
            help="Only the cards of this lesson that are due today.",
            autocompletion=lesson_ids,
            show_default=False,
        ),
    ] = None,
    grades: Annotated[
        bool,
        typer.Option("--grades", help='Also offer "Hard" and "Easy", besides the two buttons.'),
    ] = False,
) -> None:
    """Recall a few key ideas from the lessons you have done.

    Each card shows a prompt; think of the answer, reveal it, then say
    "Forgot" or "Remembered". Each answer is saved at once and decides when the
    card comes back (FSRS spacing, about 85% remembered; set recall_retention in
    the settings file). A day offers at most 10 cards; the rest wait for later
    days. Now and then a session ends with something you wrote a while ago.
    A lesson's cards join once the lesson is done. Needs a terminal.

    Examples:

        intimacy recall

        intimacy recall --limit 5 --grades

        intimacy recall --lesson oxytocin
    """
    if ctx.invoked_subcommand is not None:
        return
    from intimacy_cli.flows.recall import offer_resurfacing, review_cards
    from intimacy_cli.reports.recall import end_of_day, next_due, session_cards
    from intimacy_cli.ui.prompter import open_prompter
    from intimacy_cli.ui.views.recall import show_session_end

    state = app_state(ctx)
    if lesson is not None:
        state.catalogue().get(lesson)  # an unknown lesson is one line, before asking anything
    prompter = open_prompter()
    if prompter is None:
        raise NeedsTerminal(
            "'recall' shows a card and waits while you think, so it needs a terminal",
            hint="see your cards at a glance with 'intimacy recall stats'",
        )
    journal = journal_for(state)
    deck, records = _deck(state, journal)
    if lesson is not None and not any(s.card.lesson == lesson for s in deck.cards):
        console.note(
            f"The cards of '{lesson}' join once the lesson is done: intimacy learn {lesson}"
        )
        return
    if not deck.active() and lesson is None:
        console.note(NO_CARDS_YET)
    now = state.clock()
    cards = session_cards(deck, records.reviews, now, limit=limit, lesson=lesson)
    retention = state.settings.recall_retention
    rated = review_cards(journal, prompter, cards, records, retention=retention, grades=grades)
    deck, records = _deck(state, journal)
    show_session_end(rated, next_due(deck, now))
    if not cards and limit is None and lesson is None and deck.due_by(end_of_day(now)):
        console.note(KEEP_GOING)
    offer_resurfacing(journal, prompter, now)


def _deck(state: AppState, journal: Journal) -> tuple[Deck, RecallRecords]:
    from intimacy_cli.flows.recall import deck_for

    return deck_for(journal, state.catalogue().lessons, state.settings.recall_retention)


@recall_app.command("stats")
def stats(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """How many cards you have, how many are due today, and how recall has gone.

    Counts only the lessons you have done. "Remembered so far" is the share of
    your reviews answered anything but "Forgot".

    Examples:

        intimacy recall stats

        intimacy recall stats --json | jq .due_today
    """
    from intimacy_cli.reports.recall import recall_stats

    state = app_state(ctx)
    deck, records = _deck(state, journal_for(state))
    figures = recall_stats(deck, records.reviews, state.clock())
    titles = {lesson.id: lesson.title for lesson in state.catalogue().lessons}
    if as_json:
        from intimacy_cli.transfer import shapes
        from intimacy_cli.ui.json_output import emit_json

        emit_json(shapes.recall_stats_dict(figures, titles))
        return
    from intimacy_cli.ui.views.recall import stats_view

    console.out().print(stats_view(figures, titles))


CardId = Annotated[
    str,
    typer.Argument(metavar="CARD", help="A card's id, as shown under its prompt: LESSON/KEY."),
]


def _set_aside(ctx: typer.Context, card: str, *, aside: bool) -> None:
    """Suspend (``aside``) or unsuspend a card, after checking its id against
    every installed lesson (done or not), and say what became of it."""
    import difflib

    from intimacy_cli.content.deck import deck_of

    state = app_state(ctx)
    known = deck_of(state.catalogue().lessons)
    if card not in known:
        close = difflib.get_close_matches(card, list(known), n=1)
        hint = f"did you mean '{close[0]}'?" if close else CARD_IDS
        raise UnknownCard(f"no recall card '{card}'", hint=hint)
    recall = journal_for(state).recall
    if aside:
        changed = recall.suspend(card)
        done = f"Set aside: {card}. Bring it back with: intimacy recall unsuspend {card}"
        unchanged = f"{card} was already set aside."
    else:
        changed = recall.unsuspend(card)
        done = f"{card} is back in your recall cards."
        unchanged = f"{card} was not set aside; nothing was changed."
    console.note(done if changed else unchanged)


@recall_app.command("suspend")
def suspend(ctx: typer.Context, card: CardId) -> None:
    """Set a card aside: it is not shown again until you bring it back.

    Its reviews are kept. Bring it back with 'intimacy recall unsuspend CARD'.

    Examples:

        intimacy recall suspend oxytocin/point.2
    """
    _set_aside(ctx, card, aside=True)


@recall_app.command("unsuspend")
def unsuspend(ctx: typer.Context, card: CardId) -> None:
    """Bring back a card you set aside; it is scheduled from its reviews as before.

    Examples:

        intimacy recall unsuspend oxytocin/point.2
    """
    _set_aside(ctx, card, aside=False)
