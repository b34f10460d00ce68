"""How the help and about texts look: Markdown for stdout, a short plain note for stderr."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from intimacy_cli.content.framing import AboutText, SupportText

if TYPE_CHECKING:
    from rich.console import RenderableType


def support_markdown(support: SupportText) -> str:
    blocks = [f"# {support.title}\n", f"{support.intro}\n"]
    for section in support.sections:
        blocks.append(f"## {section.title}\n")
        blocks.extend(f"- {line}" for line in section.lines)
        blocks.append("")
    blocks.append(f"*{support.footer}*\n")
    return "\n".join(blocks)


def about_markdown(
    about: AboutText, *, data_dir: Path, config_file: Path, first_run: bool = False
) -> str:
    """The about text; as a first-run welcome it ends with a note and a rule
    that sets it apart from the command's own output."""
    # str.replace, not str.format: translators may write other braces.
    body = about.body.replace("{data_dir}", str(data_dir)).replace(
        "{config_file}", str(config_file)
    )
    text = f"# {about.title}\n\n{body}\n"
    if first_run:
        text += f"\n*{about.first_run_note}*\n\n---\n"
    return text


def crisis_notice(support: SupportText) -> RenderableType:
    """The gentle note after a worrying answer: a paragraph, the first line of
    each ``notice`` section (wrapped lines stay under their bullet), and where
    to find more."""
    from rich.console import Group
    from rich.table import Table

    from intimacy_cli.ui.console import literal

    bullets = Table.grid(padding=(0, 1))
    bullets.add_column(no_wrap=True)
    bullets.add_column()
    for section in support.sections:
        if section.notice:
            line = literal(f"{section.title}: ", style="bold")
            line.append(literal(section.lines[0]))
            bullets.add_row("  -", line)
    return Group(literal(support.notice), bullets, literal(support.notice_footer, style="dim"))
