"""Profiles: one journal per person inside one data folder.

The default profile is the data folder itself, untouched; a named profile is a
whole data folder of its own under ``<data>/profiles/NAME/`` (see
:class:`~intimacy_cli.base.paths.DataPaths`), so its journal, lock, backups,
marker, recovery and encryption are its own.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from intimacy_cli.base.errors import UsageProblem

PROFILE_ENV = "INTIMACY_PROFILE"
DEFAULT = "default"
PROFILES_FOLDER = "profiles"
# Lowercase only: "Sam" and "sam" are one folder on some file systems. No dots,
# slashes or spaces, so a name can never point outside the profiles folder.
# Compiled by re when first used (its cache): most commands name no profile.
_NAME = r"[a-z0-9][a-z0-9-]{0,31}"


def check_name(name: str) -> str:
    """``name`` if it can be a profile's name, else a usage error saying why."""
    if not re.fullmatch(_NAME, name):
        shown = name.encode("unicode_escape").decode("ascii")
        raise UsageProblem(
            f"'{shown}' cannot be a profile name",
            hint="use 1 to 32 lowercase letters, digits and hyphens, e.g. sam",
        )
    return name


def profiles_folder(root: Path) -> Path:
    return root / PROFILES_FOLDER


def profile_folder(root: Path, name: str) -> Path:
    """The data folder of profile ``name`` (the root itself for the default)."""
    if check_name(name) == DEFAULT:
        return root
    return profiles_folder(root) / name


def owner_of(path: Path, root: Path) -> str | None:
    """The profile whose data folder holds ``path`` (links resolved), or
    ``None`` when it is outside every profile's folder."""
    real, base = Path(os.path.realpath(path)), Path(os.path.realpath(root))
    if not real.is_relative_to(base):
        return None
    inside = real.relative_to(base).parts
    if len(inside) >= 2 and inside[0] == PROFILES_FOLDER:
        return inside[1]
    return DEFAULT


def named_profiles(root: Path) -> list[str]:
    """The named profiles made so far, in name order (folders with a valid name)."""
    folder = profiles_folder(root)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if re.fullmatch(_NAME, p.name) and p.is_dir())
