"""The optional settings file (TOML), read once per command.

Precedence for every setting: command-line flag, then environment variable,
then this file, then the built-in default. A value of the wrong type is an
error (exit 1, naming the file and key): guessing could put a journal in the
wrong place. An unknown key is only a warning, so a file written for a newer
version still works.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from intimacy_cli.base import paths
from intimacy_cli.base.errors import IntimacyError
from intimacy_cli.base.limits import MAX_SETTINGS_BYTES, TooLarge, read_capped

_BOOLEAN_KEYS = ("color", "crisis_notice", "streaks")
KNOWN_KEYS = ("color", "crisis_notice", "data_dir", "recall_retention", "streaks")

# -- recall (intimacy recall) --
# How likely a card should still be remembered when it comes back: higher means
# more reviews, lower more forgetting. Outside this range schedules stop being
# useful (a review every day, or a year's gap for everything).
DEFAULT_RECALL_RETENTION = 0.85
RECALL_RETENTION_RANGE = (0.7, 0.97)


class ConfigError(IntimacyError):
    """The settings file exists but cannot be used; nothing was changed."""


class Config(NamedTuple):
    """Settings from the file; ``None`` means the file does not set it.

    A named tuple, not a dataclass: every command makes this class (see
    :class:`~intimacy_cli.base.paths.DataPaths`)."""

    data_dir: Path | None = None
    color: bool | None = None
    crisis_notice: bool = True
    recall_retention: float = DEFAULT_RECALL_RETENTION
    # ``streaks = false``: progress shows no run of days (issue 16).
    streaks: bool = True
    # One line per problem that does not stop the app (unknown keys).
    warnings: tuple[str, ...] = ()


def load() -> Config:
    """The settings in ``paths.config_file()``; defaults when there is no file.

    ``tomllib`` is imported only when a file exists, so the common case costs
    one ``stat``.
    """
    path = paths.config_file()
    try:
        raw = read_capped(path, MAX_SETTINGS_BYTES)
    except FileNotFoundError:
        return Config()
    except TooLarge as exc:
        raise ConfigError(f"settings file {path} is {exc}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read the settings file {path}: {exc.strerror}") from exc
    return _parse(path, raw)


def _parse(path: Path, raw: bytes) -> Config:
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"settings file {path} is not UTF-8 text") from exc
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message ends with "(at line N, column M)".
        raise ConfigError(f"settings file {path} is not valid TOML: {exc}") from exc
    except RecursionError:
        raise ConfigError(f"settings file {path} is not valid TOML: nested too deeply") from None
    except ValueError as exc:  # a number longer than Python converts
        detail = str(exc).split(";")[0]
        raise ConfigError(f"settings file {path} is not valid TOML: {detail}") from None
    for key in _BOOLEAN_KEYS:
        if key in data and not isinstance(data[key], bool):
            raise _wrong_type(path, key, "true or false", data[key])
    unknown = sorted(set(data) - set(KNOWN_KEYS))
    return Config(
        data_dir=_data_dir(path, data.get("data_dir")),
        color=data.get("color"),
        crisis_notice=data.get("crisis_notice", True),
        recall_retention=_recall_retention(path, data.get("recall_retention")),
        streaks=data.get("streaks", True),
        warnings=tuple(
            f"settings file {path}: unknown key '{key}' is ignored "
            f"(known keys: {', '.join(KNOWN_KEYS)})"
            for key in unknown
        ),
    )


def _data_dir(path: Path, value: Any) -> Path | None:
    """An absolute folder (``~`` allowed); a relative one would move with the
    current directory and scatter journals."""
    if value is None:
        return None
    if not isinstance(value, str) or "\0" in value:
        raise _wrong_type(path, "data_dir", "a folder path in quotes", value)
    try:
        folder = Path(value).expanduser()
    except RuntimeError:  # "~someone" for a user this system does not know
        raise _wrong_type(path, "data_dir", "a folder of a known user", value) from None
    if not folder.is_absolute():
        raise ConfigError(
            f"settings file {path}: 'data_dir' must be an absolute path or start with ~, "
            f"not {value!r}"
        )
    return folder


def _recall_retention(path: Path, value: Any) -> float:
    if value is None:
        return DEFAULT_RECALL_RETENTION
    low, high = RECALL_RETENTION_RANGE
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise _wrong_type(path, "recall_retention", f"a number from {low} to {high}", value)
    return float(value)


def _wrong_type(path: Path, key: str, expected: str, value: Any) -> ConfigError:
    return ConfigError(f"settings file {path}: '{key}' must be {expected}, not {value!r}")
