"""``intimacy remind``: the schedulers' files and commands, run against fake
``systemctl``, ``launchctl``, ``crontab`` and ``notify-send`` programs on PATH,
in the test's own home and config folders. No real timer is ever installed."""

from __future__ import annotations

import json
import os
import plistlib
import stat
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from helpers.app import Outcome
from test_shapes import check_golden

from intimacy_cli.base import paths
from intimacy_cli.reminders import schedulers, settings

Cli = Callable[..., Outcome]

# Each fake logs its arguments (one call a line) to $FAKE_LOG; FAIL_<NAME>=1 makes it refuse.
FAKE = """#!/bin/sh
echo "{name} $*" >> "$FAKE_LOG"
if [ -n "$FAIL_{upper}" ]; then echo "{name}: refused for the test" >&2; exit 1; fi
{body}
exit 0
"""
CRONTAB_BODY = """
table="$HOME/crontab.txt"
if [ "$1" = "-l" ]; then
  [ -f "$table" ] || { echo "no crontab for $USER" >&2; exit 1; }
  cat "$table"
elif [ "$1" = "-" ]; then
  [ -n "$CRONTAB_READONLY" ] && { echo "crontab: cannot write" >&2; exit 1; }
  cat > "$table"
fi
"""


@pytest.fixture
def fakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fake programs, first on PATH; returns their log."""
    folder = tmp_path / "bin"
    folder.mkdir()
    bodies = {"crontab": CRONTAB_BODY}
    for name in ("systemctl", "launchctl", "crontab", "notify-send"):
        script = folder / name
        upper = name.upper().replace("-", "_")
        script.write_text(FAKE.format(name=name, upper=upper, body=bodies.get(name, "")))
        script.chmod(0o755)
    log = tmp_path / "calls.log"
    log.touch()
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_LOG", str(log))
    return log


def calls(log: Path) -> list[str]:
    return log.read_text().splitlines()


def unit_folder() -> Path:
    return Path(os.environ["XDG_CONFIG_HOME"]) / "systemd" / "user"


def test_systemd_timer_is_persistent_and_off_removes_it(cli: Cli, fakes: Path) -> None:
    result = cli("remind", "set", "--daily", "20:30", "--days", "fri,mon", "--backend", "systemd")
    assert result.exit_code == 0, result.stderr
    assert "Reminder set at 20:30, Mon, Fri, through systemd." in result.stderr
    timer = (unit_folder() / "intimacy-cli-reminder.timer").read_text()
    assert "OnCalendar=Mon,Fri *-*-* 20:30:00" in timer and "Persistent=true" in timer
    service = (unit_folder() / "intimacy-cli-reminder.service").read_text()
    assert "remind fire --scheduled 20:30" in service
    assert calls(fakes) == [
        "systemctl --user daemon-reload",
        "systemctl --user enable --now intimacy-cli-reminder.timer",
    ]
    assert stat.S_IMODE(paths.reminder_file().stat().st_mode) == 0o600
    listed = cli("remind", "list")
    assert "Daily reminder at 20:30, Mon, Fri, through systemd (in " in listed.stdout
    off = cli("remind", "off")
    assert off.exit_code == 0 and "Reminder removed." in off.stderr
    assert list(unit_folder().iterdir()) == []
    assert "systemctl --user disable --now intimacy-cli-reminder.timer" in calls(fakes)
    assert not paths.reminder_file().exists()
    assert "No reminder is set" in cli("remind", "list").stdout


def test_a_refused_install_removes_what_it_wrote(
    cli: Cli, fakes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAIL_SYSTEMCTL", "1")
    result = cli("remind", "set", "--daily", "7:05", "--backend", "systemd")
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert "'systemctl --user daemon-reload' refused: systemctl: refused for the test" in line
    assert list(unit_folder().iterdir()) == []
    assert not paths.reminder_file().exists()


def test_launchd_agent_is_a_plist_and_off_removes_it(cli: Cli, fakes: Path) -> None:
    result = cli("remind", "set", "--daily", "08:15", "--days", "sun,wed", "--backend", "launchd")
    assert result.exit_code == 0, result.stderr
    plist = Path.home() / "Library" / "LaunchAgents" / "org.intimacy-cli.reminder.plist"
    agent = plistlib.loads(plist.read_bytes())
    assert agent["Label"] == "org.intimacy-cli.reminder"
    assert agent["ProgramArguments"][-3:] == ["fire", "--scheduled", "08:15"]
    assert agent["StartCalendarInterval"] == [
        {"Hour": 8, "Minute": 15, "Weekday": 3},
        {"Hour": 8, "Minute": 15, "Weekday": 0},
    ]
    assert calls(fakes)[-1] == f"launchctl bootstrap gui/{os.getuid()} {plist}"
    assert cli("remind", "off").exit_code == 0
    assert not plist.exists()
    assert calls(fakes)[-1] == f"launchctl bootout gui/{os.getuid()} {plist}"


def test_a_refused_launchd_agent_leaves_no_plist(
    cli: Cli, fakes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAIL_LAUNCHCTL", "1")
    assert cli("remind", "set", "--daily", "08:15", "--backend", "launchd").exit_code == 1
    assert not (
        Path.home() / "Library" / "LaunchAgents" / "org.intimacy-cli.reminder.plist"
    ).exists()


def test_cron_adds_one_marked_line_and_off_removes_only_ours(cli: Cli, fakes: Path) -> None:
    table = Path.home() / "crontab.txt"
    table.write_text("0 6 * * * backup-my-photos\n")
    assert cli("remind", "set", "--daily", "21:00", "--backend", "cron").exit_code == 0
    assert (
        cli("remind", "set", "--daily", "21:45", "--days", "sat", "--backend", "cron").exit_code
        == 0
    )
    lines = table.read_text().splitlines()
    assert lines[0] == "0 6 * * * backup-my-photos"
    [ours] = lines[1:]
    assert ours.startswith("45 21 * * 6 ") and schedulers.CRON_MARK in ours
    assert cli("remind", "off").exit_code == 0
    assert table.read_text() == "0 6 * * * backup-my-photos\n"


def test_no_crontab_yet_is_fine_and_an_unwritable_one_is_one_line(
    cli: Cli, fakes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CRONTAB_READONLY", "1")
    result = cli("remind", "set", "--daily", "21:00", "--backend", "cron")
    assert result.exit_code == 1
    assert "'crontab -' refused: crontab: cannot write" in result.stderr
    assert not paths.reminder_file().exists()
    monkeypatch.delenv("CRONTAB_READONLY")
    assert cli("remind", "set", "--daily", "21:00", "--backend", "cron").exit_code == 0


def test_a_percent_in_the_python_path_is_written_as_each_scheduler_needs(
    cli: Cli, fakes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # cron turns a bare '%' into a line break; systemd reads '%' as a specifier,
    # '$' as a variable and a backslash as an escape, quoted or not.
    monkeypatch.setattr(schedulers.sys, "executable", "/opt/py 100%$x\\y/bin/python3")
    table = Path.home() / "crontab.txt"
    assert cli("remind", "set", "--daily", "21:00", "--backend", "cron").exit_code == 0
    [ours] = table.read_text().splitlines()
    assert "'/opt/py 100\\%$x\\y/bin/python3' -m intimacy_cli remind fire" in ours
    assert cli("remind", "set", "--daily", "21:00", "--backend", "systemd").exit_code == 0
    service = (unit_folder() / "intimacy-cli-reminder.service").read_text()
    assert "ExecStart='/opt/py 100%%$$x\\\\y/bin/python3' -m intimacy_cli" in service


def test_a_line_break_in_the_python_path_is_refused_before_anything_is_written(
    cli: Cli, fakes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schedulers.sys, "executable", "/opt/odd\nname/python3")
    for backend in ("cron", "systemd"):
        result = cli("remind", "set", "--daily", "21:00", "--backend", backend)
        assert result.exit_code == 1
        [line] = result.stderr.strip().splitlines()
        assert "its path holds a line break" in line
    assert not (Path.home() / "crontab.txt").exists()
    assert not unit_folder().exists() or list(unit_folder().iterdir()) == []
    assert not paths.reminder_file().exists()
    assert calls(fakes) == []


def test_changing_the_scheduler_removes_the_old_job(cli: Cli, fakes: Path) -> None:
    assert cli("remind", "set", "--daily", "21:00", "--backend", "systemd").exit_code == 0
    assert cli("remind", "set", "--daily", "21:00", "--backend", "cron").exit_code == 0
    assert list(unit_folder().iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--daily", "25:00"), "--daily '25:00' is not a time of day; use HH:MM"),
        (("--daily", "20:30", "--days", "mon,funday"), "--days 'mon,funday': use day names"),
        (("--daily", "20:30", "--backend", "at"), "--backend is one of systemd, launchd, cron"),
        (("--daily", "20:30", "--title", "a\x1b[2Jb"), "--title must be one line"),
    ],
)
def test_bad_settings_are_one_line_and_install_nothing(
    cli: Cli, fakes: Path, args: tuple[str, ...], message: str
) -> None:
    result = cli("remind", "set", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert calls(fakes) == [] and not paths.reminder_file().exists()


def test_fire_shows_only_the_reminder_words(
    cli: Cli, fakes: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("remind", "set", "--daily", "20:30", "--backend", "cron").exit_code == 0
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "journal.json").write_text("not a journal, and never read")
    monkeypatch.setenv("INTIMACY_PASSPHRASE", "")
    assert cli("remind", "fire").exit_code == 0
    assert calls(fakes)[-1] == "notify-send --app-name Reminder -- Reminder A moment for you"


def test_fire_without_a_notifier_does_nothing(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    settings.save(paths.reminder_file(), settings.Reminder("20:30", (), "cron"))
    result = cli("remind", "fire")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.parametrize(
    ("now", "late"),
    [("20:31", False), ("22:29", False), ("22:31", True), ("20:29", True), ("00:10", False)],
)
def test_a_reminder_more_than_two_hours_late_is_skipped(now: str, late: bool) -> None:
    scheduled = "23:00" if now == "00:10" else "20:30"
    moment = datetime.fromisoformat(f"2026-03-04T{now}:00+01:00")
    assert settings.is_too_late(scheduled, moment) is late


def test_test_sends_the_configured_words(cli: Cli, fakes: Path) -> None:
    given = ("--daily", "9:00", "--backend", "cron", "--title", "Tea", "--text", "Kettle on")
    assert cli("remind", "set", *given).exit_code == 0
    result = cli("remind", "test")
    assert result.exit_code == 0 and "Sent: Tea: Kettle on" in result.stderr
    assert calls(fakes)[-1] == "notify-send --app-name Tea -- Tea Kettle on"


def test_damaged_reminder_settings_are_one_line(cli: Cli) -> None:
    path = paths.reminder_file()
    path.parent.mkdir(parents=True)
    path.write_text("{")
    for command in ("list", "fire", "off"):
        result = cli("remind", command)
        assert result.exit_code == 1
        assert f"the reminder settings {path} are damaged" in result.stderr


def test_list_json_matches_its_golden_file(cli: Cli, fakes: Path) -> None:
    assert (
        cli(
            "remind", "set", "--daily", "20:30", "--days", "mon,wed,fri", "--backend", "cron"
        ).exit_code
        == 0
    )
    result = cli("remind", "list", "--json")
    assert result.exit_code == 0
    check_golden("remind-list.json", result.stdout)
    assert json.loads(cli("remind", "list", "--json").stdout)["installed"] is True
