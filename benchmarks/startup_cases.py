"""Start-up time targets for the `intimacy` command (issue 7, "Fast start").

``CASES`` lists (name, arguments, target); a target is seconds, or
``"2x import typer"``: at most twice the median of ``python -c "import typer"``
on the same machine. Each time is the median of several runs in a fresh
process, with stdout piped, an empty data folder and no settings file.
``INTIMACY_CONTENT`` is passed through, to measure with extra lesson packs.

Run: .venv/bin/python benchmarks/startup_cases.py [--runs N]
Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RELATIVE_TO_TYPER = "2x import typer"
CASES: list[tuple[str, list[str], float | str]] = [
    ("--version", ["--version"], RELATIVE_TO_TYPER),
    ("lessons", ["lessons"], 0.15),
]


def intimacy_command() -> list[str]:
    """The installed console script when there is one (what people run)."""
    script = Path(sys.executable).with_name("intimacy")
    return [str(script)] if script.exists() else [sys.executable, "-m", "intimacy_cli"]


def seconds_once(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def median_seconds(argv: list[str], env: dict[str, str], runs: int) -> float:
    seconds_once(argv, env)  # warm-up: disk cache and .pyc files
    return statistics.median(seconds_once(argv, env) for _ in range(runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="runs per case (default 10)")
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "INTIMACY_HOME": str(Path(tmp) / "data"),
            "INTIMACY_CONFIG": str(Path(tmp) / "config.toml"),
        }
        baseline = median_seconds([sys.executable, "-c", "import typer"], env, runs)
        print(f"{'import typer':14} {baseline * 1000:7.1f} ms  (baseline)")
        missed = 0
        for name, args, target in CASES:
            seconds = median_seconds([*intimacy_command(), *args], env, runs)
            limit = 2 * baseline if target == RELATIVE_TO_TYPER else float(target)
            verdict = "ok" if seconds <= limit else "MISSED"
            missed += seconds > limit
            print(f"{name:14} {seconds * 1000:7.1f} ms  target {limit * 1000:5.0f} ms  {verdict}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
