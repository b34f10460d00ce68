"""The session-prep report as one self-contained HTML file, to print or save as PDF.

Rendered from the report's Markdown (see ``reports/session_report.py``, where
every outside text is redacted and escaped) by markdown-it-py in its safe
preset: raw HTML off, no linkify, and the link, image and autolink rules
turned off as well, so the page can point nowhere. The page carries a Content
Security Policy that allows no script and no request of any kind, only its
own inline styles.
"""

from __future__ import annotations

from html import escape

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


def render_html(markdown: str, title: str) -> str:
    """The whole HTML document for the report's Markdown."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})
    md.disable(["link", "image", "autolink"])
    body = md.render(markdown)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n{body}</body>\n</html>\n"
    )
