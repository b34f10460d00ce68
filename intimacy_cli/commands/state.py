"""What the global options decided, shared with every command through ``ctx.obj``."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from intimacy_cli.base import paths
from intimacy_cli.base.config import Config
from intimacy_cli.base.dates import local_now
from intimacy_cli.base.errors import IntimacyError

if TYPE_CHECKING:
    from intimacy_cli.content.cache import ContentCache
    from intimacy_cli.content.catalogue import Catalogue
    from intimacy_cli.content.model import Lesson
    from intimacy_cli.store import Journal
    from intimacy_cli.store.storage import Codec


class AppState:
    """A plain class, not a dataclass: every command makes one, and making
    the dataclass cost more than the rest of this module."""

    def __init__(
        self,
        *,
        data_dir_option: Path | None = None,
        profile: str | None = None,
        content_dirs: list[Path] | None = None,
        settings: Config | None = None,
        unlocked_codec: Codec | None = None,
        clock: Callable[[], datetime] = local_now,
    ) -> None:
        self.data_dir_option = data_dir_option
        #: ``--profile`` / ``INTIMACY_PROFILE``; ``None`` is the default profile.
        self.profile = profile
        self.content_dirs = [] if content_dirs is None else content_dirs
        self.settings = Config() if settings is None else settings
        #: An encrypted journal's codec once its passphrase proved right, so a
        #: command (or the home screen's menu) asks for it only once.
        self.unlocked_codec = unlocked_codec
        self._catalogue: Catalogue | None = None
        self._content_cache: ContentCache | None = None
        # What "now" is for relative dates, calendars and streaks; tests pass a fixed clock.
        self.clock = clock

    @property
    def data_dir(self) -> Path:
        """The chosen profile's own data folder: every command works in it."""
        from intimacy_cli.base.profiles import DEFAULT, profile_folder

        return profile_folder(self.root_dir, self.profile or DEFAULT)

    @property
    def profile_name(self) -> str:
        from intimacy_cli.base.profiles import DEFAULT

        return self.profile or DEFAULT

    @property
    def root_dir(self) -> Path:
        """The data folder every profile lives in (the default profile's own)."""
        if self.data_dir_option is not None:
            return _expand_option(self.data_dir_option)
        if os.environ.get(paths.HOME_ENV) is not None:
            # Set but empty: typer reads that as unset, which would quietly pick
            # the default folder instead of the one the person meant to give.
            return _expand_option(Path(os.environ[paths.HOME_ENV]))
        if self.settings.data_dir is not None:
            return self.settings.data_dir
        return paths.default_data_dir()

    def catalogue(self) -> Catalogue:
        """Lessons are loaded once per run, and only by commands that need them."""
        if self._catalogue is None:
            from intimacy_cli.content.catalogue import load_catalogue

            self._catalogue = load_catalogue(
                self.content_dirs, skip_broken=True, cache=self.content_cache()
            )
            if self._catalogue.broken:
                from intimacy_cli.commands.hints import broken_lessons
                from intimacy_cli.ui import console

                # One line, and the valid lessons still work; 'content check' is strict.
                console.note(broken_lessons(self._catalogue.broken))
        return self._catalogue

    def content_cache(self) -> ContentCache:
        """The built-in lessons and feeling words as last parsed; one per run."""
        if self._content_cache is None:
            from intimacy_cli.content.cache import ContentCache

            self._content_cache = ContentCache(paths.content_cache_file())
        return self._content_cache

    def lesson_or_none(self, lesson_id: str) -> Lesson | None:
        """A lesson if it is still available; ``None`` if its pack is gone or broken,
        so that reading your own entries never depends on lesson files."""
        try:
            return self.catalogue().get(lesson_id)
        except IntimacyError:
            return None


def _expand_option(folder: Path) -> Path:
    """``--data-dir`` / ``INTIMACY_HOME`` with ``~`` expanded; an empty value would
    quietly mean the current folder, so it is refused like an unknown ``~user``."""
    where = f"--data-dir / {paths.HOME_ENV}"
    if str(folder).strip() in ("", "."):
        raise IntimacyError(f"{where} is empty", hint="give a folder, or leave it unset")
    try:
        return folder.expanduser()
    except RuntimeError:
        raise IntimacyError(f"{where}: cannot find the home folder in '{folder}'") from None


def app_state(ctx: typer.Context) -> AppState:
    state = ctx.find_object(AppState)
    if state is None:  # a command invoked on its own, as in some tests
        state = ctx.ensure_object(AppState)
    return state


def journal_for(state: AppState, *, unlock: bool = True, remind: bool = True) -> Journal:
    """The journal in the chosen data folder (opened per command, never cached).

    When its file is encrypted (the file's header decides, not a setting),
    the passphrase is asked for (or taken from ``INTIMACY_PASSPHRASE``) and
    checked right away, after core dumps are turned off for the process (see
    :func:`~intimacy_cli.ui.passphrase.protect_process`). ``unlock=False``
    asks for nothing: enough to know where the journal is and whether it is
    encrypted, and safe, because the plain journal it returns refuses to read
    or write an encrypted file.
    """
    from intimacy_cli.store import Journal

    journal = Journal(state.data_dir)
    # Most runs find neither folder, and need not load the parts that look inside.
    if os.path.isdir(journal.paths.open_drafts):
        # A run killed while its editor was open left a plaintext draft behind.
        from intimacy_cli.ui.editor import remove_stale_drafts

        remove_stale_drafts(journal.paths)
    if remind and os.path.isdir(journal.paths.recovery):
        _remind_of_kept_words(journal)
    if not unlock or not journal.encrypted:
        return journal
    from intimacy_cli.ui.passphrase import protect_process, unlocked

    protect_process()  # decrypted words will be in memory from now on
    if state.unlocked_codec is None:
        from intimacy_cli.store.crypto import EncryptedCodec

        def open_with(passphrase: str) -> EncryptedCodec:
            codec = EncryptedCodec(passphrase)
            Journal(state.data_dir, codec=codec).maintenance.unlock()
            return codec

        # A wrong passphrase typed at the terminal may be tried again.
        state.unlocked_codec = unlocked(journal.path, open_with)
    return Journal(state.data_dir, codec=state.unlocked_codec)


def _remind_of_kept_words(journal: Journal) -> None:
    """Words kept after a failed save are offered back on every command until
    saved (one line on stderr, never in piped data)."""
    kept = journal.recovery.pending()
    if kept:
        from intimacy_cli.ui import console

        console.note(
            f"Answers that could not be saved earlier are kept in {journal.paths.recovery}; "
            "save them now with: intimacy data recover"
        )
