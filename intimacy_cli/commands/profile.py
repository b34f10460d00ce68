"""``intimacy profile``: one journal per person in the same data folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from intimacy_cli.base import profiles
from intimacy_cli.base.errors import IntimacyError, UsageProblem
from intimacy_cli.base.paths import DataPaths
from intimacy_cli.commands import hints
from intimacy_cli.commands.asking import confirmed
from intimacy_cli.commands.options import HELP_SETTINGS
from intimacy_cli.commands.state import AppState, app_state
from intimacy_cli.ui import console

SHARED_ACCOUNT = (
    "Anyone who can use this computer account can copy every profile's files, "
    "encrypted or not; separate computer accounts are safer."
)

profile_app = typer.Typer(
    help="Profiles: a journal of its own for each person using this data folder.",
    epilog=(
        "Examples:  intimacy profile list  |  intimacy profile add sam  |  "
        "intimacy --profile sam review  |  intimacy profile remove sam"
    ),
    no_args_is_help=True,
    context_settings=HELP_SETTINGS,
)

Name = Annotated[str, typer.Argument(metavar="NAME", help="The profile's name, e.g. sam.")]


@profile_app.command("list")
def list_profiles(
    ctx: typer.Context,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The profiles in this data folder: the default one (your journal) and the named ones.

    Examples:

        intimacy profile list

        intimacy profile list --json
    """
    from intimacy_cli.store.crypto import is_encrypted_file

    state = app_state(ctx)
    rows = []
    for name in [profiles.DEFAULT, *profiles.named_profiles(state.root_dir)]:
        paths = DataPaths(profiles.profile_folder(state.root_dir, name))
        rows.append(
            (name, paths.data_dir, is_encrypted_file(paths.journal), paths.partner_card.exists())
        )
    if json_output:
        from intimacy_cli.transfer.shapes import profiles_list
        from intimacy_cli.ui.json_output import emit_json

        emit_json(profiles_list(rows))
        return
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for column in ("Profile", "Journal", "Paired", "Folder"):
        table.add_column(column, overflow="fold")
    for name, folder, encrypted, paired in rows:
        table.add_row(
            name,
            "encrypted" if encrypted else "not encrypted",
            "yes" if paired else "no",
            console.literal(str(folder)),
        )
    console.out().print(table)


@profile_app.command("add")
def add(ctx: typer.Context, name: Name) -> None:
    """Make a profile: a journal of its own, with its own passphrase if encrypted.

    Examples:

        intimacy profile add sam

        intimacy --profile sam data encrypt
    """
    from intimacy_cli.store.files import describe, make_private_dir

    state = app_state(ctx)
    if profiles.check_name(name) == profiles.DEFAULT:
        raise UsageProblem("'default' is your own journal, which is always there")
    folder = profiles.profile_folder(state.root_dir, name)
    if folder.exists():
        raise UsageProblem(f"there is already a profile '{name}'", hint=hints.PROFILE_LIST)
    try:
        make_private_dir(folder)
    except OSError as error:
        raise IntimacyError(f"could not make {folder}: {describe(error)}") from None
    console.note(
        f"Made the profile '{name}' in {folder}. Use it with: intimacy --profile {name} ... "
        f"(or INTIMACY_PROFILE={name})."
    )
    console.note(
        f"Each profile should be encrypted with its own passphrase: "
        f"{hints.ENCRYPT_PROFILE.format(name=name)}. {SHARED_ACCOUNT}"
    )


@profile_app.command("remove")
def remove(
    ctx: typer.Context,
    name: Name,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Remove without asking (needed without a terminal).")
    ] = False,
) -> None:
    """Delete a profile for good: its journal, backups and couple files, nothing else.

    Examples:

        intimacy profile remove sam

        intimacy profile remove sam --yes
    """
    import shutil

    from intimacy_cli.store.files import describe

    state = app_state(ctx)
    if profiles.check_name(name) == profiles.DEFAULT:
        raise UsageProblem("the default profile is your own journal and cannot be removed")
    folder = profiles.profile_folder(state.root_dir, name)
    if not folder.is_dir() or folder.is_symlink():
        raise UsageProblem(f"there is no profile '{name}'", hint=hints.PROFILE_LIST)
    question = f"Delete the profile '{name}' and its whole journal? This cannot be undone."
    refusal = f"not removing the profile '{name}' without a terminal to confirm"
    if not yes and not confirmed(question, refusal=refusal):
        console.note("Nothing was deleted.")
        return
    _remove_shared_files(state, folder)
    try:
        shutil.rmtree(folder)
    except OSError as error:
        raise IntimacyError(f"could not delete all of {folder}: {describe(error)}") from None
    console.note(f"Removed the profile '{name}'.")


def _remove_shared_files(state: AppState, folder: Path) -> None:
    """The rounds the profile took part in go from the shared folder with it."""
    from intimacy_cli.transfer.together import exchange
    from intimacy_cli.transfer.together.protocol import TogetherFileError, read_card
    from intimacy_cli.transfer.together.rounds import couple_files

    card = DataPaths(folder).own_card
    shared = DataPaths(state.root_dir).shared_folder
    try:
        data = exchange.read_if_there(card)
        fingerprint = read_card(data, str(card)).fingerprint if data else None
    except TogetherFileError:
        return
    for path in couple_files(shared, [fingerprint] if fingerprint else []):
        exchange.remove_file(path)
