"""Headless Chromium driven over the DevTools protocol on a pipe (stdlib only).

``--remote-debugging-pipe`` makes Chromium read commands from fd 3 and write
answers to fd 4, each a JSON message ended by a NUL byte: no port is opened,
nothing is served, and pages are loaded from ``file://`` only.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from helpers.app import PATIENCE

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def chromium_path() -> str | None:
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


class Browser:
    def __init__(self, process: subprocess.Popen[bytes], to_browser: int, from_browser: int):
        self._process = process
        self._out = os.fdopen(to_browser, "wb", buffering=0)
        self._in = os.fdopen(from_browser, "rb", buffering=0)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session: str | None = None

    def _log_tail(self) -> str:
        log = Path(getattr(self, "log_path", ""))
        if not log.is_file():
            return "(no log)"
        text = log.read_text(errors="replace")
        lines = [line for line in text.splitlines() if "dbus" not in line]
        return " | ".join(lines[-5:])

    def _read_message(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = self._in.read(65536)
            if not chunk:
                raise RuntimeError(f"chromium closed the DevTools pipe: {self._log_tail()}")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if self.session and not method.startswith("Target."):
            message["sessionId"] = self.session
        self._out.write(json.dumps(message).encode() + b"\0")
        while True:
            answer = self._read_message()
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def wait_for(self, event: str) -> dict[str, Any]:
        for seen in self.events:
            if seen.get("method") == event:
                return seen
        while True:
            message = self._read_message()
            self.events.append(message)
            if message.get("method") == event:
                return message

    def open(self, url: str, width: int, height: int) -> None:
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self.call("Network.enable")
        self.call("Page.enable")
        self.resize(width, height)
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def resize(self, width: int, height: int) -> None:
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def evaluate(self, expression: str) -> Any:
        """A value computed in the page (DevTools runs it, not the page: the page's
        CSP forbids scripts of its own)."""
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"][
            "value"
        ]

    def screenshot(self) -> bytes:
        return base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"])

    def pdf(self, *, width_inches: float, height_inches: float) -> bytes:
        result = self.call("Page.printToPDF", paperWidth=width_inches, paperHeight=height_inches)
        return base64.b64decode(result["data"])

    def requested_urls(self) -> list[str]:
        return [
            event["params"]["request"]["url"]
            for event in self.events
            if event.get("method") == "Network.requestWillBeSent"
        ]


@contextmanager
def headless_chromium(executable: str, logs: Path) -> Iterator[Browser]:
    """Chromium with its own profile and temporary folder, short enough for the
    socket path it makes there (a test's temporary folder is too long); its
    messages go to ``logs/chromium.log``."""
    short = Path(tempfile.mkdtemp(prefix="icr-", dir="/tmp" if Path("/tmp").is_dir() else None))
    profile = short / "profile"
    logs.mkdir(parents=True, exist_ok=True)
    log = (logs / "chromium.log").open("wb")
    to_browser_read, to_browser = os.pipe()
    from_browser, from_browser_write = os.pipe()

    def on_fds_3_and_4() -> None:
        # Copied out of the way first: a pipe may already sit on 3 or 4, and
        # dup2 onto itself would leave it close-on-exec.
        reading, writing = os.dup(to_browser_read), os.dup(from_browser_write)
        os.dup2(reading, 3)
        os.dup2(writing, 4)

    process = subprocess.Popen(
        [
            executable,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-extensions",
            f"--user-data-dir={profile}",
            "--remote-debugging-pipe",
            "about:blank",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=log,
        env={**os.environ, "TMPDIR": str(short)},
        preexec_fn=on_fds_3_and_4,  # noqa: PLW1509 - only dup2, before exec
        close_fds=False,
    )
    os.close(to_browser_read)
    os.close(from_browser_write)
    browser = Browser(process, to_browser, from_browser)
    browser.log_path = logs / "chromium.log"
    try:
        yield browser
    finally:
        process.terminate()
        try:
            process.wait(timeout=PATIENCE)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        shutil.rmtree(short, ignore_errors=True)
