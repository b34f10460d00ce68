"""What to do next, for errors the lower layers raise as plain facts.

The store and the content loader say what is wrong; only the commands know
which command or flag helps, so that wording lives here, in one place, and
the error handler adds it to any error that brings no hint of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from intimacy_cli.base.errors import IntimacyError

if TYPE_CHECKING:
    from intimacy_cli.content.homework import Item
    from intimacy_cli.content.loader import Problem

ACCEPT_JOURNAL = (
    "if you replaced it on purpose (restored a backup, decrypted it elsewhere): "
    "intimacy data accept-journal"
)
# After a stop (Ctrl-C, Ctrl-D, a signal): how to go on from there.
RESUME_LESSON = "Pick up where you stopped with: intimacy learn {lesson}"
RESUME_ANY = "To go on, run the same command again; 'intimacy review' shows what you saved."


def hint_for(error: IntimacyError) -> str | None:
    """The error's own hint, else the command that helps with its kind."""
    if error.hint:
        return error.hint
    # Imported here: most commands never fail, and these modules need not load.
    from intimacy_cli.content.loader import ContentError
    from intimacy_cli.store import errors
    from intimacy_cli.store.assignments import AssignmentExists, AssignmentNotFound
    from intimacy_cli.transfer.together.rounds import NotPaired, RoundNotFound

    encrypted = isinstance(error, errors.WrongEncryptionState) and error.encrypted
    hints: list[tuple[bool, str]] = [
        (isinstance(error, errors.JournalReplaced), ACCEPT_JOURNAL),
        (
            isinstance(error, errors.UnsafeFolder),
            "use a folder of your own: --data-dir or INTIMACY_HOME",
        ),
        (encrypted, "to change its passphrase: intimacy data passphrase"),
        (
            isinstance(error, errors.WrongEncryptionState) and not encrypted,
            "to encrypt it: intimacy data encrypt",
        ),
        (
            isinstance(error, errors.WordsKept),
            "once the journal can be written again, save it with: intimacy data recover",
        ),
        (
            isinstance(error, errors.EntryNotFound),
            "see your entries and their ids: intimacy review",
        ),
        (isinstance(error, AssignmentNotFound), "see your homework and its ids: intimacy homework"),
        (
            isinstance(error, AssignmentExists),
            "to replace it, remove it first (its answers are kept): intimacy homework remove ID",
        ),
        (isinstance(error, NotPaired), TOGETHER_PAIR),
        (isinstance(error, RoundNotFound), TOGETHER_LIST),
        (
            isinstance(error, ContentError) and len(error.problems) > 1,
            "see every problem: intimacy content check",
        ),
    ]
    return next((hint for applies, hint in hints if applies), None)


def broken_lessons(broken: Sequence[Problem]) -> str:
    """The one line for lesson files left out of the catalogue."""
    folders = " ".join(dict.fromkeys(str(problem.file.parent) for problem in broken))
    check = f"see every problem: intimacy content check {folders}"
    if len(broken) == 1:
        (problem,) = broken
        where = f"line {problem.line}: " if problem.line else ""
        return (
            f"Warning: left out the broken lesson file {problem.file} "
            f"({where}{problem.message}); {check}"
        )
    files = ", ".join(str(problem.file) for problem in broken)
    return f"Warning: left out {len(broken)} broken lesson files: {files}; {check}"


def after_stop(lesson: str | None) -> str:
    """The line after "Stopped.": the lesson to resume, if a lesson was stopped."""
    return RESUME_LESSON.format(lesson=lesson) if lesson else RESUME_ANY


# -- recall --
# Where a card's id is to be found, for a card id that names no card.
CARD_IDS = "each card shows its id under its prompt in 'intimacy recall'"
# After today's share of cards, for someone who would like more.
KEEP_GOING = "You have done today's cards. To keep going anyway: intimacy recall --limit 10"
# Before any lesson is done (or while every card is set aside).
NO_CARDS_YET = "Recall cards come from the lessons you finish; to begin: intimacy learn"


def homework_due(count: int) -> str:
    """The home screen's calm line about homework due today."""
    things = "1 homework item is" if count == 1 else f"{count} homework items are"
    return f"Today: {things} due; see them with 'intimacy homework'"


# The command that does each kind of homework item.
HOMEWORK_COMMANDS = {
    "lesson": "learn",
    "reflections": "reflect",
    "prompt": "journal",
    "checkin": "checkin",
}


def homework_arguments(assignment_id: str, item: Item) -> list[str]:
    """The command line that does one homework item and links its answers to
    it; a check-in needs no link (any check-in that day counts)."""
    command = [HOMEWORK_COMMANDS[item.kind]]
    if item.kind != "checkin":
        command += ["--homework", f"{assignment_id}:{item.number}"]
    return command


def homework_command(assignment_id: str, item: Item) -> str:
    return "intimacy " + " ".join(homework_arguments(assignment_id, item))


def start_homework(assignment_id: str, item: Item) -> str:
    return f"start it with: {homework_command(assignment_id, item)}"


# -- profiles and together (issue 17) ---------------------------------------------------

PROFILE_LIST = "see them with: intimacy profile list"
ENCRYPT_PROFILE = "intimacy --profile {name} data encrypt"
TOGETHER_PAIR = "pair first: intimacy together pair --export my-card.json (or --with PROFILE)"
TOGETHER_LIST = "see your rounds and their ids: intimacy together"
TOGETHER_START = "open one with: intimacy together start LESSON"


def missing_profile(name: str) -> str:
    return f"{PROFILE_LIST}; make it with: intimacy profile add {name}"


def profile_option(profile: str) -> str:
    """How a command names the profile it ran for ("" for the default)."""
    return "" if profile == "default" else f"--profile {profile} "


def encrypt_profile(profile: str) -> str:
    return (
        "Your keys and answers are as safe as this profile's journal, which is not "
        f"encrypted; encrypt it with its own passphrase: intimacy {profile_option(profile)}"
        "data encrypt"
    )


def together_card_written(path: str) -> str:
    return (
        f"Wrote your card to {path}. Give it to your partner; add theirs with: "
        "intimacy together pair --import THEIR-CARD"
    )


def together_file_written(path: str, partner: str) -> str:
    return (
        f"Wrote {path}. On this computer {partner}'s profile finds it there; on another "
        f"computer, send {partner} the file to add with: intimacy together import FILE"
    )


def pair_back(partner: str, me: str) -> str:
    return (
        f"ask them to run: intimacy {profile_option(partner)}together pair --with {me}; "
        "then run this again"
    )
