"""Writing in the person's own text editor (``journal --editor``, ``edit --editor``).

This is the only place the app puts a person's words in a file outside the
journal, so it is also where that is refused for an encrypted journal: an
editor may keep swap, backup or undo files of its own, out of the app's
reach, so no private temporary folder could promise that the words never
touch the disk unencrypted.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from intimacy_cli.base.errors import IntimacyError
from intimacy_cli.ui import console
from intimacy_cli.ui.text_input import read_text

if TYPE_CHECKING:
    from intimacy_cli.store import Journal

# Tried in order when neither $VISUAL nor $EDITOR is set.
FALLBACK_EDITORS = ("nano", "vi")


def editor_command() -> list[str]:
    """``$VISUAL``, then ``$EDITOR`` (split like a shell would), then a common editor."""
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            try:
                return shlex.split(value)
            except ValueError as exc:
                raise IntimacyError(f"cannot read ${variable} '{value}': {exc}") from None
    for name in FALLBACK_EDITORS:
        if shutil.which(name):
            return [name]
    raise IntimacyError("no text editor found", hint="set $EDITOR, for example: export EDITOR=nano")


def edit_text(journal: Journal, initial: str = "") -> str:
    """Open a private file holding ``initial`` in the editor and return what was
    saved, to be kept in ``journal``; refused when that journal is encrypted.

    The file lives in a fresh folder only this user can enter (0700, the file
    0600) and both are removed afterwards, whatever happened.
    """
    if journal.encrypted:
        raise IntimacyError(
            "--editor is not available while your journal is encrypted: the editor "
            "would keep your words in an unencrypted file",
            hint="leave out --editor to type in the terminal, or pipe the text in",
        )
    command = editor_command()
    folder = Path(tempfile.mkdtemp(prefix="intimacy-"))
    try:
        path = folder / "intimacy-entry.md"
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(initial)
        _run_editor(command, path)
        return read_text(str(path))
    finally:
        _remove(folder)


def _run_editor(command: list[str], path: Path) -> None:
    try:
        result = subprocess.run([*command, str(path)], check=False)
    except OSError as exc:
        raise IntimacyError(
            f"cannot start editor '{command[0]}': {exc.strerror or exc}", hint="check $EDITOR"
        ) from None
    if result.returncode != 0:
        raise IntimacyError(
            f"editor '{command[0]}' exited with status {result.returncode}; nothing was saved"
        )


def _remove(folder: Path) -> None:
    try:
        shutil.rmtree(folder)
    except OSError:
        console.note(f"Warning: could not remove the temporary folder {folder}; please delete it.")
