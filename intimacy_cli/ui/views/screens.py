"""What the interactive flows show between questions: lesson pages, quiz feedback,
and the closing summaries. Questions themselves are asked by the prompter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from intimacy_cli.base.text import counted
from intimacy_cli.content.model import Lesson, QuizQuestion
from intimacy_cli.ui import console
from intimacy_cli.ui.views.lesson import (
    MEASURE,
    extras_markdown,
    markdown_view,
    practice_markdown,
    print_markdown,
    section_markdown,
)

if TYPE_CHECKING:
    from rich.console import RenderableType


def _heading(text: str) -> None:
    console.out().print()
    console.out().print(_rule(text))


def _rule(text: str, *, style: str = "bold", line: str = "cyan") -> RenderableType:
    """A titled rule across the lesson's measure (see :data:`MEASURE`)."""
    from rich.constrain import Constrain
    from rich.rule import Rule

    return Constrain(Rule(console.literal(text, style=style), style=line), width=MEASURE)


def show_content_note(note: str) -> None:
    from rich.panel import Panel

    console.out().print(Panel(console.literal(note), border_style="yellow", expand=False))


def show_section(lesson: Lesson, index: int) -> None:
    """One page of the lesson; the last page also carries the key points and
    sources. A page taller than the screen goes through the pager, starting at
    its "section N of M" heading; the same words close the page, so where the
    lesson is shows right above the question that follows."""
    from intimacy_cli.ui.pager import print_paged

    total = len(lesson.sections)
    where = f"section {index + 1} of {total}"
    page = section_markdown(lesson.sections[index])
    if index == total - 1:
        page += "\n" + extras_markdown(lesson)
    if not console.out().is_terminal:
        _heading(f"{lesson.title} - {where}")
        print_markdown(page)
        return
    console.out().print()
    print_paged(
        _rule(f"{lesson.title} - {where}"),
        markdown_view(page),
        _rule(f"end of {where}", style="dim", line="bright_black"),
    )


def show_part(lesson: Lesson, part: str, detail: str) -> None:
    """The heading that opens the quiz or the reflections."""
    _heading(f"{lesson.title} - {part}")
    console.out().print(console.literal(detail, style="dim"))


def show_practice(lesson: Lesson) -> None:
    """The practice that closes a lesson, offered as something to try."""
    assert lesson.practice is not None
    _heading(f"{lesson.title} - something to try")
    print_markdown(practice_markdown(lesson.practice))


def show_feedback(question: QuizQuestion, choice: str) -> None:
    if question.is_correct(choice):
        line = console.literal("Right. ", style="bold green")
    else:
        line = console.literal("Not quite. ", style="bold yellow")
        line.append(console.literal(f"The answer is: {question.answer}\n"))
    line.append(console.literal(question.explanation))
    console.out().print(line)


def show_score(correct: int, total: int) -> None:
    line = console.literal(f"Quiz: {correct} of {total} right. ", style="bold")
    line.append(console.literal("The point is to learn, not to pass.", style="dim"))
    console.out().print(line)


def show_aside(text: str) -> None:
    """A quiet line: a question's help, where a question comes from."""
    console.out().print(console.literal(text, style="dim italic"))


def _saved_counts(quiz: int, reflections: int) -> str:
    parts = []
    if quiz:
        parts.append(counted(quiz, "quiz answer"))
    if reflections:
        parts.append(counted(reflections, "reflection"))
    return " and ".join(parts) or "nothing this time"


def show_closing(lesson: Lesson, quiz: int, reflections: int) -> None:
    """What was saved, and how to find it again (a status message: on stderr)."""
    err = console.err()
    saved = f"Saved in your journal: {_saved_counts(quiz, reflections)}."
    err.print(console.literal(saved), soft_wrap=not err.is_terminal)
    if quiz or reflections:
        review = console.literal("Review them with: ", style="dim")
        review.append(console.literal(f"intimacy review --lesson {lesson.id}", style="bold"))
        err.print(review, soft_wrap=not err.is_terminal)
