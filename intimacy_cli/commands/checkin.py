"""``intimacy checkin``: how you feel right now, in two dimensions and a word."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import typer

from intimacy_cli.base.dates import DateProblem, local_day, parse_when
from intimacy_cli.base.errors import NeedsTerminal, UsageProblem
from intimacy_cli.commands.completion import lesson_ids
from intimacy_cli.commands.state import AppState, app_state, journal_for
from intimacy_cli.ui import console


def checkin(
    ctx: typer.Context,
    *,
    pleasant: Annotated[
        int | None,
        typer.Option(
            "--pleasant",
            metavar="-4..4",
            help="How pleasant you feel: -4 very unpleasant, 0 neither, 4 very pleasant.",
            show_default=False,
        ),
    ] = None,
    energy: Annotated[
        int | None,
        typer.Option(
            "--energy",
            metavar="-4..4",
            help="How much energy you have: -4 very low, 0 in between, 4 very high.",
            show_default=False,
        ),
    ] = None,
    word: Annotated[
        str | None,
        typer.Option(
            "--word",
            help="A feeling word that fits where you are (see 'intimacy checkin --words').",
            show_default=False,
        ),
    ] = None,
    tags: Annotated[
        list[str] | None,
        typer.Option("--tag", "-t", help="Tag the check-in (repeatable).", show_default=False),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option("--note", help="A few words of your own, if you like.", show_default=False),
    ] = None,
    day: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="DAY",
            help="The day it is about, if not today: YYYY-MM-DD, yesterday or 2d.",
            show_default=False,
        ),
    ] = None,
    lesson_id: Annotated[
        str | None,
        typer.Option(
            "--lesson",
            metavar="LESSON",
            help="Link it to a lesson you have just done (mood shows averages by lesson).",
            autocompletion=lesson_ids,
            show_default=False,
        ),
    ] = None,
    words: Annotated[
        bool,
        typer.Option("--words", help="List the feeling words of each quadrant and exit."),
    ] = False,
) -> None:
    """Check in: how pleasant and how energetic you feel, and a word for it.

    In a terminal you pick two numbers from -4 to 4, then a word from the
    feelings that fit there (each with what it means), and may add tags and a
    note. With --pleasant, --energy and --word it is saved without asking.
    A 0 sits between two quadrants, so the words of both fit. Saved at once.

    Examples:

        intimacy checkin

        intimacy checkin --pleasant 2 --energy -1 --word calm

        intimacy checkin --pleasant -2 --energy 3 --word tense --tag work --note 'Long day.'

        intimacy checkin --words
    """
    from intimacy_cli.content.feelings import load_feelings
    from intimacy_cli.flows import checking_in
    from intimacy_cli.flows.journaling import clean_tags

    state = app_state(ctx)
    feelings = load_feelings(state.content_cache())
    if words:
        from intimacy_cli.ui.views.mood import feeling_words_view

        console.out().print(feeling_words_view(feelings))
        return
    chosen_tags = clean_tags(tags or [])
    about = _day(state, day)
    lesson = state.catalogue().get(lesson_id).id if lesson_id else None
    given = {"--pleasant": pleasant, "--energy": energy, "--word": word}
    if any(value is not None for value in given.values()):
        missing = [name for name, value in given.items() if value is None]
        if missing:
            raise UsageProblem(
                f"a check-in without questions needs --pleasant, --energy and --word "
                f"(missing: {', '.join(missing)})"
            )
        assert pleasant is not None and energy is not None and word is not None
        point = checking_in.place(feelings, pleasant, energy, word)
        journal = journal_for(state)
        saved = checking_in.record(
            journal, point, day=about, tags=chosen_tags, note=note, lesson=lesson
        )
        console.note(f"Checked in: {_said(saved.word, about, state)}. Thank you.")
        return
    from intimacy_cli.ui.prompter import open_prompter

    prompter = open_prompter()
    if prompter is None:
        raise NeedsTerminal(
            "a check-in asks its questions in a terminal, and there is none",
            hint="give them instead: intimacy checkin --pleasant 2 --energy -1 --word calm",
        )
    journal = journal_for(state)  # the passphrase first, so no answer is asked for in vain
    asked = checking_in.ask(prompter, feelings)
    if asked is None:
        console.note("Not now, then; nothing was saved.")
        return
    point, typed_tags, typed_note = asked
    saved = checking_in.record(
        journal,
        point,
        day=about,
        tags=clean_tags([*chosen_tags, *typed_tags]),
        note=typed_note or note,
        lesson=lesson,
    )
    console.note(f"Checked in: {_said(saved.word, about, state)}. Thank you.")


def _day(state: AppState, given: str | None) -> date:
    """The day a check-in is about: today, or an earlier day given with --date."""
    now = state.clock()
    today = local_day(now)
    if given is None:
        return today
    try:
        when = parse_when(given, now)
    except DateProblem as problem:
        raise UsageProblem(f"--date: {problem}") from None
    day = local_day(when) if isinstance(when, datetime) else when
    if day > today:
        raise UsageProblem(f"--date {given} is later than today; a check-in is about a day lived")
    return day


def _said(word: str, day: date, state: AppState) -> str:
    today = local_day(state.clock())
    return word if day == today else f"{word}, for {day.isoformat()}"
