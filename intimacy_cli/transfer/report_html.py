"""The session-prep report as one self-contained HTML file, to print or save as PDF.

Drawn straight from the report's blocks (``reports/session_report.py``, where
every outside text is redacted), each text escaped as HTML with its control
characters made visible: nothing anyone wrote is parsed as markup of any kind,
and the page has no links or images, so it can point nowhere. It carries a
Content Security Policy that allows no script and no request of any kind, only
its own inline styles.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from intimacy_cli.base.text import escape_controls
from intimacy_cli.reports.session_report import Block, quote_lines

CSP = "default-src 'none'; style-src 'unsafe-inline'"
# Print-friendly, readable on screen, never wider than the page: long words
# and long unbroken strings wrap instead of scrolling sideways.
STYLE = """
@page { size: auto; margin: 18mm 16mm; }
html { font-family: Georgia, "Noto Serif", "DejaVu Serif", serif; font-size: 11pt;
  line-height: 1.5; color: #111; background: #fff; }
body { max-width: 42rem; margin: 0 auto; padding: 1rem; overflow-wrap: anywhere;
  word-break: break-word; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
h2 { font-size: 1.25rem; margin: 1.5rem 0 .5rem; border-bottom: 1px solid #999; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .2rem; break-after: avoid; }
blockquote { margin: .3rem 0 .6rem; padding: .2rem .8rem; border-left: 3px solid #777;
  white-space: pre-wrap; break-inside: avoid-page; }
blockquote p { margin: 0; }
em { color: #333; }
ul { padding-left: 1.2rem; }
@media print { body { max-width: none; padding: 0; } }
"""


_TAGS = {"title": "h1", "section": "h2", "heading": "h3", "text": "p"}


def render_html(blocks: Sequence[Block], title: str) -> str:
    """The whole HTML document for the report's blocks."""
    body: list[str] = []
    for number, block in enumerate(blocks):
        text = _text(block.text)
        if block.kind == "item":
            if number == 0 or blocks[number - 1].kind != "item":
                body.append("<ul>")
            body.append(f"<li>{text}: <strong>{_text(block.strong)}</strong></li>")
            if number + 1 == len(blocks) or blocks[number + 1].kind != "item":
                body.append("</ul>")
        elif block.kind == "note":
            body.append(f"<p><em>{text}</em></p>")
        elif block.kind == "quote":
            lines = "\n".join(_text(line) for line in quote_lines(block))
            body.append(f"<blockquote><p>{lines}</p></blockquote>")
        else:
            tag = _TAGS[block.kind]
            body.append(f"<{tag}>{text}</{tag}>")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        "<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _text(value: str) -> str:
    return escape(escape_controls(value))
