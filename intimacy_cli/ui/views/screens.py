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


def _heading(title: str, where: str) -> None:
    console.out().print()
    console.out().print(_rule(title, where))


def _rule(
    title: str, where: str | None = None, *, style: str = "bold", line: str = "cyan"
) -> RenderableType:
    """A titled rule across the lesson's measure (see :data:`MEASURE`).

    A rule cuts a title that does not fit on one line, so on a narrow terminal
    the title is set as wrapped text above a rule that still says ``where``
    (the part or section) in full."""
    from rich.console import Group
    from rich.constrain import Constrain
    from rich.rule import Rule

    label = f"{title} - {where}" if where else title
    width = min(console.out().width, MEASURE)
    if console.literal(label).cell_len + 6 <= width:  # "── " and " ──" around it
        return Constrain(Rule(console.literal(label, style=style), style=line), width=MEASURE)
    heading = console.literal(title, style=style)
    under = Rule(console.literal(where, style=style), style=line) if where else Rule(style=line)
    return Constrain(Group(heading, under), width=MEASURE)


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
        _heading(lesson.title, where)
        print_markdown(page)
        return
    console.out().print()
    print_paged(
        _rule(lesson.title, where),
        markdown_view(page),
        _rule(f"end of {where}", style="dim", line="bright_black"),
    )


def show_part(lesson: Lesson, part: str, detail: str) -> None:
    """The heading that opens the quiz or the reflections."""
    _heading(lesson.title, part)
    console.out().print(console.literal(detail, style="dim"))


def show_practice(lesson: Lesson) -> None:
    """The practice that closes a lesson, offered as something to try."""
    assert lesson.practice is not None
    _heading(lesson.title, "something to try")
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


def try_this_week(lesson: Lesson) -> str:
    """One thing from the lesson to carry into the week: its practice, else its
    first key point."""
    if lesson.practice is not None:
        practice = lesson.practice
        return f"{practice.title} ({practice.minutes} min, from this lesson's practice)"
    return lesson.takeaways[0] if lesson.takeaways else lesson.summary


def show_lesson_complete(
    lesson: Lesson, quiz: int, reflections: int, upcoming: Lesson | None
) -> None:
    """The end of a lesson: what was saved, one thing to try, and what comes next
    (on stderr with the other status lines, so it follows them in order)."""
    from rich.rule import Rule

    err = console.err()
    err.print()
    err.print(
        Rule(console.literal(f"Lesson complete: {lesson.title}", style="bold"), style="green")
    )
    show_closing(lesson, quiz, reflections)
    line = console.literal("To try this week: ", style="bold")
    line.append(console.literal(try_this_week(lesson)))
    err.print(line, soft_wrap=not err.is_terminal)
    if upcoming is None:
        done = console.literal("Every lesson is done. Revisit any with: intimacy learn")
        err.print(done, soft_wrap=not err.is_terminal)
        return
    following = console.literal("Next lesson: ", style="bold")
    following.append(console.literal(f"{upcoming.title} ({upcoming.minutes} min): "))
    following.append(console.literal(f"intimacy learn {upcoming.id}", style="bold"))
    err.print(following, soft_wrap=not err.is_terminal)


def show_paused(lesson: Lesson, where: str) -> None:
    """After "Stop here": where the next sitting starts, and how to get there."""
    err = console.err()
    stopped = console.literal(f"Stopped at {where}. Everything you answered is saved.")
    err.print(stopped, soft_wrap=not err.is_terminal)
    again = console.literal("Pick up there with: ", style="dim")
    again.append(console.literal(f"intimacy learn {lesson.id}", style="bold"))
    err.print(again, soft_wrap=not err.is_terminal)
