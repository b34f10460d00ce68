"""Asking a person something in the terminal: a yes/no, or a text to change.

The one place ``edit``, ``delete`` and ``export`` talk to questionary, imported
on first use so that commands which never ask stay fast.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from intimacy_cli.errors import IntimacyError


def in_terminal() -> bool:
    """Whether a person is there to answer: both stdin and stdout are a terminal."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def confirm(question: str) -> bool:
    """Yes or no, defaulting to no: nothing is lost by pressing Enter."""
    import questionary

    return bool(questionary.confirm(question, default=False).unsafe_ask())


def edit_text(question: str, old: str) -> str:
    """The old text in an editable prompt; several lines if it had several."""
    import questionary

    multiline = "\n" in old
    instruction = "(Esc then Enter to save)" if multiline else None
    answer = questionary.text(
        question, default=old, multiline=multiline, instruction=instruction
    ).unsafe_ask()
    return str(answer)


def edit_in_editor(old: str) -> str:
    """The old text in ``$VISUAL``/``$EDITOR``; returns what was saved.

    The text lives in a private folder (0700) and file (0600) only while the
    editor is open, and is removed afterwards whatever happens.
    """
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise IntimacyError(
            "no editor set", hint="set $EDITOR (for example EDITOR=nano), or edit without --editor"
        )
    folder = Path(tempfile.mkdtemp(prefix="intimacy-edit-"))
    try:
        path = folder / "answer.txt"
        path.touch(mode=0o600)
        path.write_text(old, encoding="utf-8")
        try:
            finished = subprocess.run([*shlex.split(editor), str(path)], check=False)
        except (OSError, ValueError) as exc:  # not found, not executable, bad quoting
            raise IntimacyError(f"cannot start the editor '{editor}': {exc}") from None
        if finished.returncode != 0:
            raise IntimacyError(f"the editor '{editor}' exited with {finished.returncode}")
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise IntimacyError("the edited text is not UTF-8; nothing was changed") from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
