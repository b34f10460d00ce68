"""Every location the app reads or writes, decided in one place.

Precedence for the data folder: ``--data-dir`` / ``INTIMACY_HOME`` (typer reads
both), then ``data_dir`` in the config file, then the platform's user data dir.
Everything inside the data folder is derived from one :class:`DataPaths`, so a
new file (or a second person's folder) is one line here.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

APP_NAME = "intimacy-cli"
CONTENT_ENV = "INTIMACY_CONTENT"
HOME_ENV = "INTIMACY_HOME"
CONFIG_ENV = "INTIMACY_CONFIG"

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


class DataPaths(NamedTuple):
    """The data folder and every file the app keeps in it.

    A named tuple, not a dataclass: every command makes this class, and a
    dataclass costs about as much to make as the rest of this module."""

    data_dir: Path

    @property
    def journal(self) -> Path:
        return self.data_dir / "journal.json"

    @property
    def lock(self) -> Path:
        """Held by every change to the journal, its backups and conversions."""
        return self.data_dir / "journal.json.lock"

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def encryption_marker(self) -> Path:
        """Whether the journal was last left encrypted, and its write generation:
        how a journal that turns up plaintext, or older, is noticed."""
        return self.data_dir / "encryption.json"

    @property
    def conversion_plan(self) -> Path:
        """Exists only while the journal and its backups are being encrypted,
        decrypted or given a new passphrase (no secrets in it), so that the
        next command can finish or undo an interrupted conversion."""
        return self.data_dir / "conversion.json"

    @property
    def open_drafts(self) -> Path:
        """One note per editor draft open now (``journal --editor``), naming
        its folder in the temporary folder, so that a later run can remove a
        draft its killed run left behind."""
        return self.data_dir / "open-drafts"

    @property
    def recovery(self) -> Path:
        """Answers kept after a save failed, until ``data recover`` saves them."""
        return self.data_dir / "recovery"

    # -- together (docs/together.md) --

    @property
    def own_card(self) -> Path:
        """This profile's public card, so a profile on the same computer can
        pair with it without its passphrase."""
        return self.data_dir / "together-card.json"

    @property
    def partner_card(self) -> Path:
        """The partner's card, endorsed by this profile once the phrase matched."""
        return self.data_dir / "together-partner.json"

    @property
    def shared_folder(self) -> Path:
        """Of the data folder every profile lives in: where its profiles leave
        together files for each other."""
        return self.data_dir / "together"

    @property
    def welcome_marker(self) -> Path:
        """Exists once the first-run welcome was shown."""
        return self.data_dir / "welcome-shown"


def builtin_prompts_dir() -> Path:
    """The ``prompts/`` folder: inside the package when installed from a wheel,
    beside the package in a source checkout or editable install."""
    packaged = _PACKAGE_DIR / "prompts"
    if packaged.is_dir():
        return packaged
    return _PACKAGE_DIR.parent / "prompts"


def builtin_lessons_dir() -> Path:
    return builtin_prompts_dir() / "lessons"


def default_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_file() -> Path:
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "config.toml"


def content_cache_file() -> Path:
    """Where the built-in lessons are kept as last parsed (content/cache.py):
    the platform's user cache folder, since it can always be made again."""
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False) / "content.cache"


def reminder_file() -> Path:
    """The reminder's settings (``remind set``), in the user's config folder
    whatever ``INTIMACY_CONFIG`` says, so the scheduled job finds them with no
    environment of its own."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "reminder.json"
