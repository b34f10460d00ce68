"""``intimacy journal``: write a free entry in your private journal."""

# No ``from __future__ import annotations`` here: Typer reads the annotations
# of the functions it runs (the options), and it would compile each one
# given as a string again every time it reads them (some 70 times a run).
from typing import Annotated

import typer

from intimacy_cli.base.errors import NeedsTerminal
from intimacy_cli.commands.completion import lesson_ids
from intimacy_cli.commands.options import HomeworkOption
from intimacy_cli.commands.state import app_state, journal_for
from intimacy_cli.ui import console


def journal(
    ctx: typer.Context,
    *,
    tags: Annotated[
        list[str] | None,
        typer.Option("--tag", "-t", help="Tag the entry (repeatable).", show_default=False),
    ] = None,
    prompt: Annotated[
        bool,
        typer.Option("--prompt", help="Offer a question from the lessons to write about."),
    ] = False,
    lesson_id: Annotated[
        str | None,
        typer.Option(
            "--lesson",
            metavar="LESSON",
            help="Attach the entry to a lesson (with --prompt: offer its questions).",
            autocompletion=lesson_ids,
            show_default=False,
        ),
    ] = None,
    editor: Annotated[
        bool,
        typer.Option("--editor", help="Write in $VISUAL or $EDITOR instead of the terminal."),
    ] = False,
    homework: HomeworkOption = None,
) -> None:
    """Write a journal entry: anything on your mind, in your own words.

    In a terminal you type the entry (Esc then Enter to finish). Piped text
    becomes the entry as it is. Empty text saves nothing.

    Examples:

        intimacy journal

        intimacy journal --prompt --tag homework

        intimacy journal --editor --lesson welcome

        echo 'Felt close after our walk.' | intimacy journal --tag walks

        intimacy journal --homework week-3:2
    """
    from intimacy_cli.flows import journaling
    from intimacy_cli.ui.prompter import open_prompter

    state = app_state(ctx)
    chosen_tags = journaling.clean_tags(tags or [])
    lesson = state.catalogue().get(lesson_id) if lesson_id else None
    prompter = open_prompter()
    # Asked before anything is written, so a wrong passphrase costs no words.
    # --editor is refused for an encrypted journal before any passphrase.
    journal = journal_for(state, unlock=not editor)
    homework_prompt = None
    if homework is not None:
        from intimacy_cli.commands.homework_items import start_item

        homework_prompt = start_item(state, journal, homework, ("prompt",), "journal").item.prompt
    about = None
    if prompt:
        if prompter is None:
            raise NeedsTerminal(
                "--prompt offers questions in the terminal, so it needs one",
                hint="pipe your text without --prompt",
            )
        import random

        lessons = [lesson] if lesson else state.catalogue().lessons
        shuffler = random.Random()  # noqa: S311 - orders questions, guards no secret
        about = journaling.offer_prompt(prompter, lessons, shuffler)
    question = about.reflection.question if about else homework_prompt or journaling.FREE_QUESTION
    text = journaling.entry_text(prompter, journal, editor=editor, question=question)
    entry = journaling.save_journal_text(
        journal,
        text,
        tags=chosen_tags,
        lesson=lesson.id if lesson else None,
        about=about,
        question=homework_prompt,
    )
    if entry is None:
        console.note("Nothing was written, so nothing was saved.")
    else:
        console.note(f"Saved to your journal (entry {entry.id[:8]}).")
