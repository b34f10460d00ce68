"""Choosing what goes into a session-prep report, in the terminal.

Nothing is ticked to begin with: the client picks each entry, then for each
one whether the question, the answer, or only that it was done is shown (and
for a written answer, may delete parts of a copy of it: those parts are
blanked out), may blank out words anywhere, and sees the whole report before
it is written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from intimacy_cli.content.model import Lesson
from intimacy_cli.reports.entry_text import excerpt, local_stamp, question_text, short_id
from intimacy_cli.reports.session_report import BOTH, Part, Shared, removed_spans
from intimacy_cli.store import Entry
from intimacy_cli.store.entry import answer_text
from intimacy_cli.ui import console
from intimacy_cli.ui.prompter import Option, Prompter

# What of an entry is shown, as offered for each chosen entry.
SHOWING: dict[str, frozenset[Part]] = {
    "both": BOTH,
    "answer": frozenset(("answer",)),
    "question": frozenset(("question",)),
    "done": frozenset(),
    "blank": BOTH,
}
SHOWING_LABELS = {
    "both": "The question and my answer",
    "answer": "Only my answer",
    "question": "Only the question",
    "done": "Only that I did it",
}
BLANK_LABEL = "The question and my answer, with parts of it blanked out"
BLANK_QUESTION = (
    "Delete the parts of your answer that should not be shown; each becomes [redacted]. "
    "Your journal is not changed."
)
LABEL_WIDTH = 60


def choose_entries(
    prompter: Prompter, candidates: Sequence[Entry], lesson_of: Callable[[str], Lesson | None]
) -> tuple[list[Shared], list[str]]:
    """The entries to share, each with what of it is shown, and words to blank out."""
    if not candidates:
        console.note("No entries match; the report can still show your homework's status.")
        return [], _blanked(prompter)
    options = [
        Option(entry.id, f"{local_stamp(entry.created)}  {_label(entry)}") for entry in candidates
    ]
    picked = prompter.checkbox("Which entries go into the report?", options, skip="None of them")
    chosen = [entry for entry in candidates if entry.id in (picked or [])]
    shared = []
    for entry in chosen:
        labels = dict(SHOWING_LABELS)
        if isinstance(entry.answer, str) and entry.kind != "quiz":
            labels["blank"] = BLANK_LABEL
        showing = prompter.select(
            f"For {short_id(entry)} ({excerpt(question_text(entry), 40)}), show:",
            [Option(key, label) for key, label in labels.items()],
            default="both",
        )
        blanked: tuple[tuple[int, int], ...] = ()
        if showing == "blank":
            original = answer_text(entry.answer)
            edited = prompter.long_text(BLANK_QUESTION, initial=original)
            blanked = removed_spans(original, edited or "")
        shared.append(Shared(entry, SHOWING[showing or "both"], blanked))
    return shared, _blanked(prompter)


def _label(entry: Entry) -> str:
    return excerpt(f"{question_text(entry)}: {answer_text(entry.answer)}", LABEL_WIDTH)


def _blanked(prompter: Prompter) -> list[str]:
    """Words or phrases to blank out everywhere, separated by commas."""
    typed = prompter.text("Any words to blank out? (separate them with commas; Enter for none)")
    return [word.strip() for word in (typed or "").split(",") if word.strip()]


def confirm_report(prompter: Prompter, markdown: str) -> bool:
    """Show the report exactly as it will be written, then ask."""
    from intimacy_cli.ui.pager import print_paged

    print_paged(console.literal(markdown))
    return prompter.confirm("Write this report?", default=True)
