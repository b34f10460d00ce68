"""The built-in lessons kept between runs (content/cache.py): the same lessons
as parsing gives, parsed again whenever a file or the parsing code changes, a
damaged cache never used, nothing of a pack kept, and private."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest
from helpers.app import FIXTURE_LESSONS

from intimacy_cli.base import paths
from intimacy_cli.content import cache as content_cache
from intimacy_cli.content import catalogue
from intimacy_cli.content.cache import ContentCache, lesson_data, lesson_from_data
from intimacy_cli.content.catalogue import load_catalogue


@pytest.fixture
def cache_file(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "content.cache"


@pytest.fixture
def prompts_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The built-in prompts folder, copied where a test may change it."""
    copy = tmp_path / "prompts"
    shutil.copytree(paths.builtin_prompts_dir(), copy)
    monkeypatch.setattr(paths, "builtin_prompts_dir", lambda: copy)
    return copy


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("a lesson file was parsed")

    monkeypatch.setattr(catalogue, "parse_lesson", refuse)
    monkeypatch.setattr("intimacy_cli.content.feelings.parse_feelings", refuse)


def test_every_built_in_lesson_survives_the_cache_unchanged() -> None:
    for lesson in load_catalogue().lessons:
        assert lesson_from_data(lesson_data(lesson), lesson.source) == lesson


def test_the_second_load_parses_nothing_and_gives_the_same_lessons(
    cache_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = load_catalogue(cache=ContentCache(cache_file))
    assert cache_file.exists()
    no_parsing(monkeypatch)
    kept = load_catalogue(cache=ContentCache(cache_file))
    assert kept == parsed
    assert [lesson.source for lesson in kept.lessons] == [
        lesson.source for lesson in parsed.lessons
    ]


def test_a_changed_lesson_file_is_parsed_again(cache_file: Path, prompts_copy: Path) -> None:
    load_catalogue(cache=ContentCache(cache_file))
    welcome = prompts_copy / "lessons" / "00-welcome.yaml"
    text = welcome.read_text(encoding="utf-8")
    assert '\ntitle: "Welcome:' in text
    welcome.write_text(text.replace('\ntitle: "Welcome:', '\ntitle: "Hello:', 1), "utf-8")
    assert load_catalogue(cache=ContentCache(cache_file)).get("welcome").title.startswith("Hello:")


def test_other_parsing_code_ignores_what_was_kept(
    cache_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_catalogue(cache=ContentCache(cache_file))
    monkeypatch.setattr(content_cache, "code_version", lambda: "another version")
    calls: list[str] = []
    parse = catalogue.parse_lesson
    monkeypatch.setattr(
        catalogue, "parse_lesson", lambda *args: calls.append("parsed") or parse(*args)
    )
    load_catalogue(cache=ContentCache(cache_file))
    assert len(calls) == len(load_catalogue().lessons)


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "not json"])
def test_a_damaged_cache_is_never_used(
    cache_file: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    expected = load_catalogue(cache=ContentCache(cache_file))
    raw = cache_file.read_bytes()
    damaged = {
        "flip": raw[:-40] + bytes([raw[-40] ^ 0x01]) + raw[-39:],
        "truncate": raw[: len(raw) // 2],
        "empty": b"",
        "not json": b"0123\n{",
    }[damage]
    cache_file.write_bytes(damaged)
    assert load_catalogue(cache=ContentCache(cache_file)) == expected
    assert cache_file.read_bytes() == raw  # made again


def test_a_pack_is_never_kept(cache_file: Path) -> None:
    with_pack = load_catalogue([FIXTURE_LESSONS], cache=ContentCache(cache_file))
    sample = with_pack.get("sample")
    assert sample.title.encode() not in cache_file.read_bytes()


def test_the_cache_is_private(cache_file: Path) -> None:
    load_catalogue(cache=ContentCache(cache_file))
    assert stat.S_IMODE(cache_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache_file.parent.stat().st_mode) == 0o700


def test_a_cache_that_cannot_be_written_only_means_parsing(tmp_path: Path) -> None:
    in_the_way = tmp_path / "a file, not a folder"
    in_the_way.write_text("")
    lessons = load_catalogue(cache=ContentCache(in_the_way / "content.cache"))
    assert lessons == load_catalogue()
    assert in_the_way.is_file() and in_the_way.read_text() == ""


def test_a_lesson_file_with_problems_is_not_kept(cache_file: Path, prompts_copy: Path) -> None:
    (prompts_copy / "lessons" / "00-welcome.yaml").write_text("id: [unclosed\n", "utf-8")
    found = load_catalogue(skip_broken=True, cache=ContentCache(cache_file))
    assert "welcome" not in found.ids and found.broken
    again = load_catalogue(skip_broken=True, cache=ContentCache(cache_file))
    assert again.broken == found.broken  # reported again, not hidden by the cache
