"""``intimacy together``: partners answer privately, then reveal side by side,
with no server (the protocol: ``docs/together.md``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from intimacy_cli.base.errors import IntimacyError, NeedsTerminal, UsageProblem
from intimacy_cli.base.limits import MAX_INPUT_BYTES
from intimacy_cli.base.paths import DataPaths
from intimacy_cli.commands import hints
from intimacy_cli.commands.asking import confirmed
from intimacy_cli.commands.options import HELP_SETTINGS, NoPager
from intimacy_cli.commands.state import AppState, app_state, journal_for
from intimacy_cli.ui import console

if TYPE_CHECKING:
    from intimacy_cli.content.model import Lesson, Reflection
    from intimacy_cli.transfer.together.rounds import Profile, RoundState

SHARED_KEY = "intimacy.together_shared"
HONEST = (
    "What no cryptography can prevent: whoever releases their key first can be left "
    "waiting (the other can read and never release theirs), and anyone who can make "
    "you unlock your profile, or watch your screen, sees what is in it."
)

together_app = typer.Typer(
    help=(
        "Answer a lesson's questions with your partner: each privately in your own "
        "profile, sealed, then revealed side by side once you both answered. No server: "
        "files go through a shared folder on one computer, or by any means between two.\n\n"
        + HONEST
    ),
    epilog=(
        "Examples:  intimacy --profile alex together pair --with sam  |  "
        "intimacy together start everyday-closeness  |  intimacy together  |  "
        "intimacy together answer 3f9a  |  intimacy together reveal 3f9a"
    ),
    invoke_without_command=True,
    context_settings=HELP_SETTINGS,
)

NOT_DELETING = "not deleting without a terminal to confirm"
RoundId = Annotated[
    str, typer.Argument(metavar="ROUND", help="Round id, or enough of its start to be unique.")
]
Yes = Annotated[
    bool, typer.Option("--yes", "-y", help="Do it without asking (needed without a terminal).")
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON (see docs/json.md).")]


@together_app.callback()
def rounds(
    ctx: typer.Context,
    shared: Annotated[
        Path | None,
        typer.Option(
            "--shared",
            metavar="DIR",
            help="Folder where together files are exchanged. Default: 'together' in the "
            "data folder, which every profile of it can reach.",
            show_default=False,
        ),
    ] = None,
    json_output: Json = False,
) -> None:
    """Your rounds and what each is waiting for.

    Examples:

        intimacy together

        intimacy --profile sam together --json
    """
    ctx.meta[SHARED_KEY] = shared.expanduser() if shared is not None else None
    if ctx.invoked_subcommand is not None:
        return
    profile = _profile(ctx)
    from intimacy_cli.transfer.shapes import together_dict

    partner = profile.partner()
    states = profile.rounds() if partner is not None else []
    if json_output:
        from intimacy_cli.ui.json_output import emit_json

        fingerprint = partner.fingerprint if partner else None
        emit_json(together_dict(partner.name if partner else None, fingerprint, states))
        return
    if partner is None:
        console.note(f"Not paired yet; {hints.TOGETHER_PAIR}")
        return
    if not states:
        console.note(f"Paired with {partner.name}. No rounds yet; {hints.TOGETHER_START}")
        return
    from intimacy_cli.ui.views.together import rounds_table

    rows = [
        (s.id[:8], s.file.lesson, str(len(s.file.questions)), status_text(s, partner.name))
        for s in states
    ]
    console.out().print(rounds_table(rows))


def status_text(state: RoundState, partner: str) -> str:
    return {
        "your-answers": "waiting for your answers",
        "partner-answers": f"waiting for {partner}'s answers",
        "ready": "ready to reveal",
        "partner-reveal": f"waiting for {partner} to reveal",
    }[state.status]


def _profile(ctx: typer.Context) -> Profile:
    from intimacy_cli.transfer.together.rounds import Profile

    state = app_state(ctx)
    shared = ctx.find_root().meta.get(SHARED_KEY) or DataPaths(state.root_dir).shared_folder
    return Profile(journal_for(state), shared)


def _wrote(path: Path, partner: str) -> None:
    console.note(hints.together_file_written(str(path), partner))


# -- pairing -----------------------------------------------------------------------------


@together_app.command("pair")
def pair(
    ctx: typer.Context,
    *,
    export: Annotated[
        Path | None,
        typer.Option("--export", metavar="FILE", help="Write your public card to FILE."),
    ] = None,
    import_: Annotated[
        Path | None,
        typer.Option("--import", metavar="FILE", help="Add your partner's card from FILE."),
    ] = None,
    with_: Annotated[
        str | None,
        typer.Option("--with", metavar="PROFILE", help="Pair with a profile on this computer."),
    ] = None,
    confirm: Annotated[
        bool,
        typer.Option("--confirm", help="The safety phrase matches (for scripts; after checking)."),
    ] = False,
    name: Annotated[
        str | None,
        typer.Option("--name", help="How your partner's screen names you. Default: the profile."),
    ] = None,
) -> None:
    """Pair this profile with your partner's: exchange cards, then compare a phrase.

    Both screens show the same six words once each has the other's card; say them
    aloud and confirm only if they match. On one computer, --with PROFILE does
    both steps (your partner does the same from their profile).

    Examples:

        intimacy together pair --export my-card.json

        intimacy together pair --import their-card.json

        intimacy --profile alex together pair --with sam
    """
    from intimacy_cli.transfer.together import exchange
    from intimacy_cli.transfer.together.protocol import safety_phrase
    from intimacy_cli.ui.views.together import show_safety_note

    if sum(option is not None for option in (export, import_, with_)) != 1:
        raise UsageProblem("give one of --export FILE, --import FILE or --with PROFILE")
    state = app_state(ctx)
    profile = _profile(ctx)
    show_safety_note()
    keys = profile.ensure_keys(name or state.profile_name.capitalize())
    if export is not None:
        exchange.write_file(export, keys.card_file())
        console.note(hints.together_card_written(str(export)))
        return
    source, card_file = _partner_card(state, import_, with_)
    card = profile.check_card(card_file, source)
    phrase = safety_phrase(keys.card(), card)
    from intimacy_cli.ui.views.together import show_phrase

    show_phrase(phrase, card.name)
    if not confirm and not _confirmed(card.name):
        return
    profile.confirm(card_file)
    console.note(
        f"Paired with {card.name}. Rounds work once {card.name} has confirmed too; "
        f"{hints.TOGETHER_START}"
    )
    if not profile.journal.encrypted:
        console.note(hints.encrypt_profile(state.profile_name))


def _partner_card(state: AppState, file: Path | None, with_: str | None) -> tuple[str, bytes]:
    from intimacy_cli.base.profiles import DEFAULT, profile_folder
    from intimacy_cli.transfer.together import exchange

    if file is not None:
        return str(file), exchange.read_file(file)
    assert with_ is not None
    if with_ == state.profile_name:
        raise UsageProblem("a profile cannot pair with itself")
    folder = profile_folder(state.root_dir, with_)
    if with_ != DEFAULT and not folder.is_dir():
        raise UsageProblem(f"there is no profile '{with_}'", hint=hints.missing_profile(with_))
    card = DataPaths(folder).own_card
    data = exchange.read_if_there(card)
    if data is None:
        raise IntimacyError(
            f"'{with_}' has no card yet; yours is ready",
            hint=hints.pair_back(with_, state.profile_name),
        )
    return str(card), data


def _confirmed(partner: str) -> bool:
    from intimacy_cli.ui import prompter

    ask = prompter.open_prompter()
    if ask is None:
        raise NeedsTerminal(
            "not paired yet: compare the phrase with your partner's screen first",
            hint="if every word matches, run the same command again with --confirm",
        )
    if ask.confirm(f"Do these words match {partner}'s screen exactly?", default=False):
        return True
    console.note("Not paired. If the words differ, the card may not be the one they sent.")
    return False


@together_app.command("unpair")
def unpair(ctx: typer.Context, yes: Yes = False) -> None:
    """Forget your partner: their card, every round and every file of you two.

    Your own journal entries (your answers) stay in your journal.

    Examples:

        intimacy together unpair

        intimacy together unpair --yes
    """
    profile = _profile(ctx)
    partner = profile.partner()
    who = partner.name if partner else "your partner"
    if not yes and not confirmed(
        f"Forget {who} and delete every round and file of you two?", refusal=NOT_DELETING
    ):
        console.note("Nothing was deleted.")
        return
    profile.unpair()
    console.note(f"Unpaired: nothing of {who} is kept here. Your own entries stay.")


# -- rounds ------------------------------------------------------------------------------


@together_app.command("start")
def start(
    ctx: typer.Context,
    lesson_id: Annotated[str, typer.Argument(metavar="LESSON", help="Lesson id.")],
    questions: Annotated[
        list[str] | None,
        typer.Option(
            "--questions",
            metavar="ID",
            help="A reflection to ask (repeatable). Default: those the lesson marks for "
            "partners, else all its reflections.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Open a round: questions you each answer privately, revealed side by side.

    Examples:

        intimacy together start everyday-closeness

        intimacy together start welcome --questions comfort-now --questions hopes
    """
    lesson = app_state(ctx).catalogue().get(lesson_id)
    chosen = _questions(lesson, questions or [])
    profile = _profile(ctx)
    couple = profile.couple()
    opened = profile.open_round(lesson.id, [r.id for r in chosen], profile.journal.file.now())
    console.note(
        f"Opened round {opened.id[:8]}: '{lesson.title}', {len(chosen)} questions. "
        f"You and {couple.partner.name} each answer with: intimacy together answer "
        f"{opened.id[:8]}"
    )
    _wrote(opened_path(profile, opened), couple.partner.name)


def opened_path(profile: Profile, state: RoundState) -> Path:
    from intimacy_cli.transfer.together import exchange

    return exchange.round_path(profile.shared, state.id)


def _questions(lesson: Lesson, wanted: list[str]) -> tuple[Reflection, ...]:
    if not wanted:
        if not lesson.reflections:
            raise UsageProblem(f"'{lesson.id}' has no reflection questions to answer together")
        return lesson.together_reflections
    import difflib

    chosen = []
    for rid in dict.fromkeys(wanted):
        reflection = lesson.reflection(rid)
        if reflection is None:
            ids = [r.id for r in lesson.reflections]
            close = difflib.get_close_matches(rid, ids, n=1)
            raise UsageProblem(
                f"'{lesson.id}' has no reflection '{rid}'",
                hint=f"did you mean '{close[0]}'?" if close else f"its ids: {', '.join(ids)}",
            )
        chosen.append(reflection)
    return tuple(chosen)


def _round_questions(ctx: typer.Context, state: RoundState) -> tuple[Lesson, list[Reflection]]:
    lesson = app_state(ctx).catalogue().get(state.file.lesson)
    found = [lesson.reflection(rid) for rid in state.file.questions]
    reflections = [r for r in found if r is not None]
    if len(reflections) != len(found):
        raise IntimacyError(
            f"round {state.id[:8]} asks questions the lesson '{lesson.id}' here does not have",
            hint="both partners need the same version of the lesson",
        )
    return lesson, reflections


@together_app.command("answer")
def answer(
    ctx: typer.Context,
    round_id: RoundId,
    answers: Annotated[
        str | None,
        typer.Option(
            "--answers",
            metavar="FILE",
            help="Answers as for 'reflect --answers' ('-' reads stdin).",
            show_default=False,
        ),
    ] = None,
    keep_private: Annotated[
        list[str] | None,
        typer.Option(
            "--keep-private",
            metavar="ID",
            help="An answer to keep private: saved in your journal, never shared (repeatable).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Answer a round in your own profile, then seal your answers.

    Choose for each answer "share when we reveal" or "keep private"; your partner
    sees a private answer only as "not shared", as a skipped one. Sealed answers
    cannot be read by anyone, your partner included, until you both reveal.

    Examples:

        intimacy together answer 3f9a

        intimacy together answer 3f9a --answers answers.yaml --keep-private my-bids
    """
    from intimacy_cli.flows import together as flow

    profile = _profile(ctx)
    partner = profile.couple().partner.name
    state = profile.round(round_id)
    if state.mine is not None:
        raise IntimacyError(f"you have already answered round {state.id[:8]}")
    lesson, reflections = _round_questions(ctx, state)
    private = set(keep_private or [])
    unknown = sorted(private - {r.id for r in reflections})
    if unknown:
        raise UsageProblem(
            f"--keep-private {unknown[0]}: round {state.id[:8]} has no such question"
        )
    if answers is not None:
        from intimacy_cli.content.answers import parse_answers
        from intimacy_cli.ui.text_input import read_text, source_name

        source = source_name(answers)
        supplied = parse_answers(read_text(answers, limit=MAX_INPUT_BYTES), source)
        shared = flow.save_supplied(
            profile.journal, lesson, reflections, supplied, source, private=private
        )
    else:
        from intimacy_cli.ui.prompter import open_prompter

        prompter = open_prompter()
        if prompter is None:
            raise NeedsTerminal(
                "'together answer' needs a terminal to ask, or answers from a file",
                hint=f"try: intimacy together answer {state.id[:8]} --answers answers.yaml",
            )
        shared = flow.ask_round(prompter, profile.journal, lesson, reflections, partner)
    path = profile.seal_answers(state, shared)
    count = len(shared)
    console.note(
        f"Sealed {count} shared answer{'s' if count != 1 else ''} of {len(reflections)} "
        f"questions. Nobody can read them yet, {partner} included."
    )
    _wrote(path, partner)


@together_app.command("reveal")
def reveal(
    ctx: typer.Context, round_id: RoundId, json_output: Json = False, no_pager: NoPager = False
) -> None:
    """Release your key to your partner, and see both answers side by side.

    Once you both answered, revealing sends your partner the key to your shared
    answers; theirs arrive when they reveal too. Whoever reveals first can be left
    waiting: nothing can make the other release theirs.

    Examples:

        intimacy together reveal 3f9a

        intimacy together reveal 3f9a --json
    """
    profile = _profile(ctx)
    partner = profile.couple().partner.name
    state = profile.round(round_id)
    if state.status in ("your-answers", "partner-answers"):
        raise IntimacyError(
            f"round {state.id[:8]} cannot be revealed yet: {status_text(state, partner)}"
        )
    written, revealed = profile.reveal(state)
    if written is not None:
        console.note(
            f"Released your key to {partner}: they can now read what you shared. "
            "No cryptography can make them release theirs in return."
        )
        _wrote(written, partner)
    lesson, reflections = _round_questions(ctx, state)
    if json_output:
        from intimacy_cli.transfer.shapes import reveal_dict
        from intimacy_cli.ui.json_output import emit_json

        emit_json(reveal_dict(state.id, lesson.id, partner, reflections, revealed))
        return
    if revealed is None:
        console.note(f"Waiting for {partner} to reveal; when their key is here, run this again.")
        return
    from intimacy_cli.ui.pager import print_paged
    from intimacy_cli.ui.views.together import Question, Reveal

    questions = [
        Question(r, revealed.mine.get(r.id), revealed.theirs.get(r.id)) for r in reflections
    ]
    print_paged(Reveal(lesson.title, partner, questions), use_pager=not no_pager)


@together_app.command("import")
def import_file(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A file your partner sent.")],
) -> None:
    """Take in a round, sealed or key file your partner sent from another computer.

    It is checked (signature, round, couple) and put in the shared folder.

    Examples:

        intimacy together import ~/Downloads/3f9a2c1b.round.json
    """
    from intimacy_cli.transfer.together import exchange

    profile = _profile(ctx)
    profile.take_in(exchange.read_file(file), str(file))
    console.note(f"Checked and added {file.name}; see your rounds with: intimacy together")


@together_app.command("delete")
def delete_round(ctx: typer.Context, round_id: RoundId, yes: Yes = False) -> None:
    """Delete a round: its files in the shared folder, and what this profile kept of it.

    Your own journal entries (your answers) stay in your journal.

    Examples:

        intimacy together delete 3f9a --yes
    """
    profile = _profile(ctx)
    state = profile.round(round_id)
    if not yes and not confirmed(
        f"Delete round {state.id[:8]} and its files?", refusal=NOT_DELETING
    ):
        console.note("Nothing was deleted.")
        return
    profile.delete_round(state)
    console.note(f"Deleted round {state.id[:8]}. Your own entries stay.")
