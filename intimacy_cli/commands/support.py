"""``intimacy support``: where to find help now, offline."""

from __future__ import annotations

from typing import Annotated

import typer


def support(
    as_json: Annotated[bool, typer.Option("--json", help="Print the help lines as JSON.")] = False,
) -> None:
    """Where to find help now: crisis lines, abuse and assault hotlines, therapists.

    Includes how to find a certified sex therapist or a couples therapist.

    The list is built in, so it works offline; nothing is looked up or sent.

    Examples:

        intimacy support

        intimacy support --json
    """
    from intimacy_cli.content.framing import load_support

    text = load_support()
    if as_json:
        from intimacy_cli.transfer import shapes
        from intimacy_cli.ui.json_output import emit_json

        emit_json(shapes.support_dict(text))
        return
    from intimacy_cli.ui.views.framing import support_markdown
    from intimacy_cli.ui.views.lesson import print_markdown

    print_markdown(support_markdown(text))
