"""Showing the reminder as a desktop notification, where one can be shown:
``notify-send`` on Linux, ``osascript`` on macOS; otherwise nothing at all."""

from __future__ import annotations

import shutil
import subprocess
import sys

TIMEOUT = 10


def _applescript_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def notify(title: str, text: str) -> bool:
    """Show the notification; whether a notifier was there and took it."""
    if sys.platform == "darwin":
        program = "osascript"
        quoted = _applescript_string
        script = f"display notification {quoted(text)} with title {quoted(title)}"
        args = [program, "-e", script]
    else:
        program = "notify-send"
        args = [program, "--app-name", title, "--", title, text]
    if shutil.which(program) is None:
        return False
    try:
        done = subprocess.run(args, capture_output=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0
