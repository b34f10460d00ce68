"""What a package index shows: the licence, links, Python versions and a README
whose links work away from the repository; the wheel carries the licence."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path
from typing import Any

import pytest

from intimacy_cli.base.errors import ISSUES_URL

ROOT = Path(__file__).resolve().parent.parent
PROJECT: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
REPOSITORY = PROJECT["urls"]["Homepage"]
# A Markdown link or image target: [text](target)
LINK = re.compile(r"\]\(([^)\s]+)")


def test_the_licence_is_mit_for_the_contributors() -> None:
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License\n")
    assert "Copyright (c) 2026 intimacy-cli contributors" in text
    assert PROJECT["license"] == "MIT"
    assert PROJECT["license-files"] == ["LICENSE"]


def test_every_project_url_is_in_the_one_repository() -> None:
    urls = PROJECT["urls"]
    assert set(urls) == {"Homepage", "Documentation", "Issues", "Changelog"}
    assert REPOSITORY.startswith("https://github.com/")
    assert all(url.startswith(REPOSITORY) for url in urls.values())
    assert urls["Issues"] == ISSUES_URL  # what a bug report line names


def test_classifiers_name_each_python_the_project_supports() -> None:
    versions = {
        c.rsplit(" :: ", 1)[1]
        for c in PROJECT["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    }
    assert versions == {"3.11", "3.12", "3.13"}
    assert PROJECT["requires-python"] == ">=3.11"


def test_readme_links_work_on_a_package_index_page() -> None:
    """A relative link (``prompts/README.md``) points nowhere on PyPI."""
    targets = LINK.findall((ROOT / "README.md").read_text())
    assert targets, "the README links to the lesson format"
    for target in targets:
        assert target.startswith(("https://", "#")), target
        if "github.com" in target:
            assert target.startswith(f"{REPOSITORY}/"), target
    for target in targets:
        if target.startswith(f"{REPOSITORY}/blob/main/"):
            assert (ROOT / target.removeprefix(f"{REPOSITORY}/blob/main/")).is_file(), target
        if target.startswith(f"{REPOSITORY}/tree/main/"):
            assert (ROOT / target.removeprefix(f"{REPOSITORY}/tree/main/")).is_dir(), target


def test_readme_states_the_supported_platforms() -> None:
    readme = (ROOT / "README.md").read_text()
    section = " ".join(readme.split("\n## Platforms\n", 1)[1].split("\n## ", 1)[0].split())
    assert "Linux and macOS" in section
    assert "Windows" in section and "best effort" in section


@pytest.mark.slow
def test_the_wheel_carries_the_licence_links_and_classifiers(tmp_path: Path) -> None:
    # Offline: the backend is a dev dependency, no isolated build env to download.
    build = ["build", "--wheel", "--no-isolation", "--outdir", str(tmp_path)]
    subprocess.run(
        [sys.executable, "-m", *build, str(ROOT)],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("intimacy_cli-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        [metadata_name] = [name for name in names if name.endswith(".dist-info/METADATA")]
        metadata = Parser().parsestr(archive.read(metadata_name).decode())
        licence = [name for name in names if name.endswith(".dist-info/licenses/LICENSE")]
        assert licence, names
        assert archive.read(licence[0]) == (ROOT / "LICENSE").read_bytes()
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]
    assert sorted(metadata.get_all("Project-URL")) == sorted(
        f"{label}, {url}" for label, url in PROJECT["urls"].items()
    )
    assert "Programming Language :: Python :: 3.13" in metadata.get_all("Classifier")
