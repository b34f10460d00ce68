"""``intimacy data``: where your data lives, a copy of your journal whenever
you want one, its backups and restoring one, and encryption at rest
(``encrypt``, ``decrypt``, ``passphrase``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from intimacy_cli.base import paths
from intimacy_cli.base.text import printable
from intimacy_cli.commands.completion import backup_names
from intimacy_cli.commands.options import HELP_SETTINGS
from intimacy_cli.commands.state import AppState, app_state, journal_for
from intimacy_cli.ui import console

if TYPE_CHECKING:
    from intimacy_cli.store import Journal

data_app = typer.Typer(
    help="Where your journal lives, backups of it, and encrypting it.",
    epilog=(
        "Examples:  intimacy data path  |  intimacy data backup ~/Documents  |  "
        "intimacy data restore journal-20261201-090000  |  intimacy data encrypt"
    ),
    no_args_is_help=True,
    context_settings=HELP_SETTINGS,
)


@data_app.command("path")
def path(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the locations as JSON.")] = False,
) -> None:
    """Show where your journal, backups, config and lessons live.

    Lists the data folder, journal file, backups folder, lock file, config file
    and lesson folders. Nothing is created; a place that does not exist yet is
    marked so.

    Examples:

        intimacy data path

        intimacy data path --json | jq -r .journal
    """

    state = app_state(ctx)
    journal = journal_for(state, unlock=False)
    places = {
        "data_dir": journal.paths.data_dir,
        "journal": journal.paths.journal,
        "backups": journal.paths.backups,
        "lock": journal.paths.lock,
        "config": paths.config_file(),
        "cache": paths.content_cache_file(),
    }
    lesson_dirs = [paths.builtin_lessons_dir(), *state.content_dirs]
    if as_json:
        from intimacy_cli.transfer import shapes
        from intimacy_cli.ui.json_output import emit_json

        emit_json(
            shapes.data_paths_dict(
                data_dir=journal.paths.data_dir,
                journal=journal.paths.journal,
                backups=journal.paths.backups,
                lock=journal.paths.lock,
                config=paths.config_file(),
                cache=paths.content_cache_file(),
                lessons=lesson_dirs,
            )
        )
        return
    from intimacy_cli.ui.views.places import places_table

    console.out().print(places_table(places, lesson_dirs))


@data_app.command("recover")
def recover(ctx: typer.Context) -> None:
    """Save answers that were kept because saving them failed.

    When a save fails (the journal was busy, the disk full, the folder
    read-only), what you wrote is kept in a private file in the recovery folder
    of your data folder (encrypted when your journal is), and every command
    after that reminds you. This saves all of it into your journal and removes
    the kept files. Running it twice never saves anything twice.

    Examples:

        intimacy data recover
    """
    from intimacy_cli.base.text import counted
    from intimacy_cli.flows.saving import restore_kept

    journal = journal_for(app_state(ctx), remind=False)
    if not journal.recovery.pending():
        console.note("Nothing is waiting to be saved.")
        return
    restored = restore_kept(journal)
    saved = [counted(restored.entries, "kept entry", "kept entries")]
    if restored.checkins:
        saved.append(counted(restored.checkins, "kept check-in"))
    saved.append(counted(restored.changed, "changed answer"))
    console.note(f"Saved {', '.join(saved[:-1])} and {saved[-1]} into your journal.")


@data_app.command("backup")
def backup(
    ctx: typer.Context,
    destination: Annotated[
        Path | None,
        typer.Argument(
            metavar="[DEST]",
            help="An existing folder, or a new file name. Default: the backups folder.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Copy your journal now, and print where the copy is.

    Without DEST the copy is a snapshot in the backups folder next to your
    journal, which keeps the newest 7 (intimacy also makes one there before the
    first change of each day, and before upgrading the journal's format): a
    folder that shares what has not changed with the snapshot before it, so it
    costs little. Anywhere else the copy is one file holding the whole journal,
    to carry to another computer; it is never deleted by intimacy. Every copy
    is readable by you only, and a copy of an encrypted journal is encrypted
    too.

    To restore one: 'intimacy data restore' (see its help).

    Examples:

        intimacy data backup

        intimacy data backup ~/Documents

        intimacy data backup /media/usb/journal-before-moving.json
    """

    made = journal_for(app_state(ctx)).maintenance.backup(
        destination.expanduser() if destination else None
    )
    typer.echo(printable(str(made)))
    console.note("Backup saved. It holds your private answers: keep it somewhere safe.")


@data_app.command("backups")
def list_backups(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the backups as JSON.")] = False,
) -> None:
    """List the backups in the backups folder, oldest first.

    Snapshots are folders: what intimacy makes before the first change of each
    day, before upgrading the journal, before a restore, and with 'intimacy
    data backup'. Files are whole-journal copies (versions before 0.2.0 kept
    those here). Restore either with 'intimacy data restore NAME'.

    Examples:

        intimacy data backups

        intimacy data backups --json | jq -r '.[-1].name'
    """
    from intimacy_cli.store import backups

    journal = journal_for(app_state(ctx), unlock=False)
    try:
        listed = backups.in_folder(journal.paths.backups)
    except OSError as error:
        from intimacy_cli.store import JournalError
        from intimacy_cli.store.files import describe

        raise JournalError(
            f"cannot list the backups in {journal.paths.backups}: {describe(error)}"
        ) from None
    found = [(backup, backups.made_at(backup)) for backup in listed]
    if as_json:
        from intimacy_cli.transfer import shapes
        from intimacy_cli.ui.json_output import emit_json

        emit_json([shapes.backup_dict(backup, made) for backup, made in found])
        return
    if not found:
        console.note(
            "No backups yet: intimacy makes one before the first change of each day "
            f"(in {printable(str(journal.paths.backups))})."
        )
        return
    from intimacy_cli.ui.views.places import backups_table

    console.out().print(backups_table(found))


@data_app.command("restore")
def restore(
    ctx: typer.Context,
    backup: Annotated[
        str,
        typer.Argument(
            metavar="BACKUP",
            autocompletion=backup_names,
            help="A backup's name, as 'intimacy data backups' lists it, or the path of a "
            "backup folder or file (say, one made with 'intimacy data backup DEST').",
            show_default=False,
        ),
    ],
) -> None:
    """Put your journal back as a backup holds it.

    The backup is read whole and checked before anything changes; a damaged
    one is refused and the journal stays as it is. Then your journal as it is
    now (even a damaged one) is kept as a new snapshot, whose name is printed,
    so a restore can itself be undone by restoring that one. The backup and
    the journal must both be encrypted, with the same passphrase (asked for),
    or both not: a restore never changes how your journal is sealed. A
    profile restores only its own backups.

    Examples:

        intimacy data backups

        intimacy data restore journal-20261201-090000

        intimacy data restore /media/usb/journal-before-moving.json
    """
    from intimacy_cli.store import backups

    state = app_state(ctx)
    journal = journal_for(state, unlock=False)
    found = backups.named(backup, journal.paths.backups)
    _require_own(found, state)
    journal.maintenance.require_restorable(found)  # before asking for a passphrase
    journal = _unlocked_by(state, journal, backups.paths_of(found).journal)
    before = journal.maintenance.restore(found)
    console.note(f"Restored your journal from {printable(str(found))}.")
    if before is not None and not (before / backups.MANIFEST).exists():
        console.note(
            f"The table files it found without a {backups.MANIFEST} are kept in the "
            f"backup {printable(str(before))}."
        )
    elif before is not None:
        console.note(
            f"What it held until now is kept as the backup {before.name}: "
            f"'intimacy data restore {before.name}' puts it back."
        )


def _require_own(backup: Path, state: AppState) -> None:
    """Refuse a backup inside another profile's data folder: one person's
    entries never end up in another's journal by a mistyped name or path."""
    from intimacy_cli.base.profiles import owner_of
    from intimacy_cli.store import JournalError

    owner = owner_of(backup, state.root_dir)
    if owner is not None and owner != state.profile_name:
        raise JournalError(
            f"{printable(str(backup))} belongs to the profile '{owner}': a profile restores "
            "only its own backups; nothing was changed",
            hint="'intimacy data backups' lists this profile's",
        )


def _unlocked_by(state: AppState, journal: Journal, manifest: Path) -> Journal:
    """The journal with a codec that opens the backup whose manifest (or whole
    file) is ``manifest``: its passphrase is asked for and proven on the
    backup, since the journal it replaces may be too damaged to open."""
    from intimacy_cli.store.crypto import is_encrypted_file

    if not is_encrypted_file(manifest):
        return journal
    from intimacy_cli.store import Journal, JournalError
    from intimacy_cli.store.crypto import EncryptedCodec
    from intimacy_cli.store.errors import CodecError
    from intimacy_cli.ui.passphrase import unlocked

    def open_with(passphrase: str) -> EncryptedCodec:
        codec = EncryptedCodec(passphrase)
        try:
            codec.decode(manifest.read_bytes())
        except CodecError as error:
            raise JournalError(
                f"cannot open the backup {manifest}: {error.problem}", hint=error.hint
            ) from None
        return codec

    return Journal(state.data_dir, codec=unlocked(manifest, open_with))


@data_app.command("encrypt")
def encrypt(ctx: typer.Context) -> None:
    """Encrypt your journal and its backups with a passphrase you choose.

    From then on, every command that reads or writes your journal asks for
    the passphrase once. Nobody can recover an encrypted journal without its
    passphrase: not you, not intimacy-cli. Choose one you will remember, or
    keep it in a password manager. A passphrase shorter than 8 characters gets
    a warning and must be typed once more to keep it: a few unrelated words
    are far stronger.

    The backups in the backups folder are encrypted too. Not encrypted: copies
    saved elsewhere with 'intimacy data backup DEST', exports, the settings
    file and lesson files. While the journal is encrypted, 'journal --editor'
    is refused, because an editor may leave unencrypted copies of your words.

    For scripts, INTIMACY_PASSPHRASE gives the passphrase instead of typing it
    (here: the new one), and INTIMACY_NEW_PASSPHRASE the new one for 'data
    passphrase'. Risks: other programs running as you can read a program's
    environment, and a passphrase written on a command line may be kept in
    your shell history. Typing it is safer.

    If encrypting, decrypting or changing the passphrase is interrupted (Ctrl-C,
    a crash, a power cut), the next intimacy command finishes or undoes it:
    the journal and its backups are never left half in one state. Once
    encrypted, a journal that turns up unencrypted or older is refused (see
    'intimacy data accept-journal --help').

    Examples:

        intimacy data encrypt

        INTIMACY_PASSPHRASE="$(pass show intimacy)" intimacy data encrypt
    """
    from intimacy_cli.store.crypto import EncryptedCodec
    from intimacy_cli.ui.passphrase import PASSPHRASE_ENV, new_passphrase

    journal = journal_for(app_state(ctx), unlock=False)
    journal.maintenance.require_encrypted(False)
    console.note(_NO_RECOVERY)
    skipped = journal.maintenance.encrypt(EncryptedCodec(new_passphrase(PASSPHRASE_ENV)))
    console.note("Your journal and its backups are now encrypted.")
    _report_skipped(skipped, journal, "already encrypted")
    console.note(
        "Copies saved outside the backups folder, and exports, stay unencrypted: "
        "delete any you no longer need."
    )


@data_app.command("decrypt")
def decrypt(ctx: typer.Context) -> None:
    """Store your journal and its backups unencrypted again.

    Asks for the passphrase (or takes INTIMACY_PASSPHRASE), then rewrites the
    journal and every backup in the backups folder as plain files readable by
    you only. Commands stop asking for a passphrase.

    Examples:

        intimacy data decrypt

        INTIMACY_PASSPHRASE="$(pass show intimacy)" intimacy data decrypt
    """

    journal = _encrypted_journal(ctx)
    skipped = journal.maintenance.decrypt()
    console.note("Your journal and its backups are stored unencrypted again.")
    _report_skipped(skipped, journal, _UNREADABLE)


@data_app.command("passphrase")
def passphrase(ctx: typer.Context) -> None:
    """Change the passphrase of your encrypted journal and its backups.

    Asks for the current passphrase (three tries), then the new one twice
    (asked again if the two differ, or if it is the current one). Afterwards
    only the new one opens the journal and its backups. For scripts:
    INTIMACY_PASSPHRASE gives the current passphrase and INTIMACY_NEW_PASSPHRASE
    the new one (see 'intimacy data encrypt --help' for the risks).

    Examples:

        intimacy data passphrase

        INTIMACY_PASSPHRASE=old INTIMACY_NEW_PASSPHRASE=new intimacy data passphrase
    """
    from intimacy_cli.store.crypto import EncryptedCodec
    from intimacy_cli.ui.passphrase import NEW_PASSPHRASE_ENV, new_passphrase

    journal = _encrypted_journal(ctx)
    current = app_state(ctx).unlocked_codec
    is_current = current.has_passphrase if isinstance(current, EncryptedCodec) else None
    console.note(_NO_RECOVERY)
    chosen = new_passphrase(NEW_PASSPHRASE_ENV, is_current=is_current)
    skipped = journal.maintenance.reencrypt(EncryptedCodec(chosen))
    console.note("Passphrase changed: only the new one opens your journal and its backups.")
    _report_skipped(skipped, journal, _UNREADABLE)


@data_app.command("accept-journal")
def accept_journal(ctx: typer.Context) -> None:
    """Accept the journal file as it is now, after you replaced it on purpose.

    Once your journal is encrypted, intimacy remembers that (and which save
    was the last) in encryption.json in the data folder. A journal file that
    later turns up unencrypted, missing, or older than that, for instance a
    backup copied over it, is refused by every command: someone who can
    reach your files could otherwise swap in a copy of their choosing, or an
    unencrypted one that new entries would then be saved into in plaintext.

    If you did it yourself (restored a backup, decrypted the journal with
    another tool, deleted it to start again), run this to accept the file as
    it is. An encrypted journal must open with its passphrase, so only your
    own journal can be accepted; it is sealed again as the newest, so the
    copies that were newer than it are refused from now on. What it holds
    does not change.

    Examples:

        intimacy data accept-journal

        INTIMACY_PASSPHRASE="$(pass show intimacy)" intimacy data accept-journal
    """
    journal = journal_for(app_state(ctx), unlock=False)
    problem = journal.maintenance.replaced()
    if problem is None:
        console.note("Nothing to accept: the journal is the one intimacy last left here.")
        return
    console.note(f"The journal {printable(str(journal.path))} {problem}.")
    codec = None
    if journal.encrypted:
        from intimacy_cli.store.crypto import EncryptedCodec
        from intimacy_cli.ui.passphrase import current_passphrase

        codec = EncryptedCodec(current_passphrase(journal.path))
    journal.maintenance.accept(codec)
    if codec is not None:
        console.note("Accepted: commands open this journal again, with its passphrase.")
    else:
        console.note(
            "Accepted: the journal is unencrypted from now on. To encrypt it again: "
            "intimacy data encrypt"
        )


_UNREADABLE = "damaged, or encrypted with another passphrase"
_NO_RECOVERY = (
    "Choose a passphrase you will remember: without it nobody can read your journal, not even you."
)


def _encrypted_journal(ctx: typer.Context) -> Journal:
    """The journal, unlocked with its passphrase; refused when it is not encrypted."""

    journal = journal_for(app_state(ctx))
    journal.maintenance.require_encrypted(True)
    return journal


def _report_skipped(skipped: list[Path], journal: Journal, why: str) -> None:
    """Name each file a conversion left alone as a person finds it: a
    snapshot's with its snapshot (``journal-.../tables/...``), since every
    snapshot holds a ``journal.json``."""
    if skipped:
        folder = journal.paths.backups
        names = ", ".join(
            printable(str(path.relative_to(folder)) if path.is_relative_to(folder) else path.name)
            for path in skipped
        )
        console.note(f"Left as they were ({why}): {names}")
