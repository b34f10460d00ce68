"""The lesson loader: valid files become typed lessons; every kind of mistake is
reported, all at once, with the file and line."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers.app import FIXTURES, Outcome

from intimacy_cli.base import paths
from intimacy_cli.content.catalogue import check_folders, load_catalogue
from intimacy_cli.content.loader import ContentError, UnknownLesson, parse_lesson

SAMPLE = FIXTURES / "lessons" / "10-sample.yaml"


def problems_for(text: str) -> list[str]:
    lesson, problems = parse_lesson(Path("lesson.yaml"), text, ("calm",))
    assert lesson is None, "expected the file to be rejected"
    return [str(p) for p in problems]


def sample_with(old: str, new: str) -> str:
    text = SAMPLE.read_text()
    assert old in text, old
    return text.replace(old, new, 1)


def test_sample_lesson_loads_into_typed_objects() -> None:
    lesson, problems = parse_lesson(SAMPLE, SAMPLE.read_text(), ("calm", "sad"))
    assert problems == []
    assert lesson is not None
    assert lesson.id == "sample"
    assert [s.title for s in lesson.sections] == ["First part", "Second part"]
    assert lesson.quiz[0].id == "quiz-1" and lesson.quiz[1].id == "reward"
    assert lesson.quiz[0].is_correct("Dampens amygdala responses a little")
    kinds = {r.id: r.kind for r in lesson.reflections}
    assert kinds["closeness"] == "scale" and kinds["pick-many"] == "multi_choice"
    scale = lesson.reflection("closeness")
    assert scale is not None and (scale.min, scale.max) == (0, 10)
    default = lesson.reflection("default-feelings")
    assert default is not None and default.options == ("calm", "sad")
    assert lesson.references[0].doi == "10.1126/science.1093535"
    assert lesson.track == "core"
    assert lesson.practice is not None and lesson.practice.minutes == 2
    assert lesson.practice.steps == ("Notice one feeling.", "Say its name to yourself.")
    assert lesson.practice.prompt == "What did you notice?"


def test_reading_time_is_derived_from_the_text_not_the_file() -> None:
    lesson, _ = parse_lesson(SAMPLE, SAMPLE.read_text().replace("minutes: 3", "minutes: 99"))
    assert lesson is not None
    reading = lesson.words / 200
    asked = len(lesson.quiz) / 2 + len(lesson.reflections)
    assert lesson.minutes == max(1, round(reading + asked + 2))


def test_a_lesson_without_track_or_practice_is_a_further_lesson() -> None:
    text = SAMPLE.read_text().replace("track: core\n", "")
    start = text.index("practice:")
    text = text[:start] + text[text.index("references:") :]
    lesson, problems = parse_lesson(SAMPLE, text)
    assert problems == [] and lesson is not None
    assert lesson.track == "further" and lesson.practice is None


def test_lists_take_own_words_unless_the_editor_says_not() -> None:
    lesson, problems = parse_lesson(SAMPLE, SAMPLE.read_text(), ("calm",))
    assert problems == [] and lesson is not None
    many, one = lesson.reflection("pick-many"), lesson.reflection("pick-one")
    assert many is not None and many.takes_other and many.is_other("Other: cooking")
    assert not many.is_other("Other:  ") and not many.is_other("cooking")
    assert one is not None and not one.takes_other  # a single choice: options only
    closed, problems = parse_lesson(
        SAMPLE,
        sample_with(
            "    options: [Walks, Meals, Messages]\n",
            "    options: [Walks, 'Other: cooking']\n    other: false\n",
        ),
    )
    assert problems == [] and closed is not None
    pick_many = closed.reflection("pick-many")
    assert pick_many is not None and not pick_many.takes_other


def test_grounding_follows_a_reflection() -> None:
    lesson, problems = parse_lesson(SAMPLE, SAMPLE.read_text())
    assert problems == [] and lesson is not None
    story = lesson.reflection("story")
    assert story is not None and story.grounding == "Take a slow breath and look around the room."
    assert lesson.reflection("one-line").grounding is None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("id: sample\n", "", "missing required field 'id'"),
        ("minutes: 3\n", "minutes: 3\ncolour: blue\n", "unknown field 'colour'"),
        ("minutes: 3\n", "minutes: three\n", "lesson.minutes must be a whole number"),
        ('title: "A sample lesson"', 'title: "  "', "lesson.title must not be empty"),
        ("id: sample", "id: Sample Lesson", "must be lowercase letters"),
        (
            "    answer: Wanting\n",
            "    answer: Needing\n",
            "quiz[2].answer 'Needing' is not one of the choices",
        ),
        ("    min: 0\n", "    min: 10\n", "scale range 10..10 must go up"),
        ("    max: 10\n", "", "a scale needs whole-number 'min' and 'max'"),
        ("  - id: story\n", "  - id: one-line\n", "id 'one-line' is already used on line"),
        ("    kind: long_text\n", "    kind: essay\n", "kind 'essay' must be one of"),
        (
            "    kind: text\n",
            "    kind: text\n    options: [a, b]\n",
            "options does not apply to kind 'text'",
        ),
        ("    options: [Talking, Touch]\n", "", "kind 'choice' needs 'options'"),
        ("    doi: 10.1126/science.1093535", "    doi: science-1093535", "is not a DOI"),
        ("order: 10\n", "order: 10\norder: 11\n", "field 'order' is given more than once"),
        ("takeaways:\n", "takeaways: just one string\nx:\n", "lesson.takeaways must be a list"),
        ("track: core\n", "track: extra\n", "lesson.track 'extra' must be one of"),
        ("  title: Name one feeling\n", "", "practice: missing required field 'title'"),
        ("  evidence: Putting", "  proof: Putting", "practice: unknown field 'proof'"),
        ("  prompt: What did", "  minutes: 99\n  prompt: What did", "practice.minutes must be 1"),
        (
            "    options: [Walks, Meals, Messages]\n",
            "    options: [Walks, Meals]\n    other: maybe\n",
            "reflections[5].other must be true or false",
        ),
        (
            "    options: [Talking, Touch]\n",
            "    options: [Talking, Touch]\n    other: false\n",
            "other does not apply to kind 'choice'",
        ),
        (
            "    options: [Walks, Meals, Messages]\n",
            "    options: [Walks, 'Other: cooking']\n",
            "'Other: cooking' would read as a person's own words",
        ),
    ],
)
def test_each_mistake_is_reported_with_its_line(old: str, new: str, expected: str) -> None:
    problems = problems_for(sample_with(old, new))
    assert any(expected in p for p in problems), problems
    assert all(p.startswith("lesson.yaml") for p in problems)


def test_problem_points_at_the_line_of_the_mistake() -> None:
    text = sample_with("    answer: Wanting\n", "    answer: Needing\n")
    line = text.splitlines().index("    answer: Needing") + 1
    assert f"lesson.yaml:{line}: " in "\n".join(problems_for(text))


def test_all_problems_are_reported_at_once() -> None:
    text = sample_with("minutes: 3\n", "minutes: x\n")
    text = text.replace("    answer: Wanting\n", "    answer: Maybe\n")
    text = text.replace("    min: 0\n", "    min: 20\n")
    assert len(problems_for(text)) == 3


def test_malformed_yaml_names_the_line() -> None:
    problems = problems_for("id: x\ntitle: [unclosed\nsummary: y\n")
    assert len(problems) == 1
    assert problems[0].startswith("lesson.yaml:")
    assert "not valid YAML" in problems[0]


@pytest.mark.parametrize("text", ["", "- just\n- a list\n", "plain words"])
def test_a_file_that_is_not_a_mapping_is_rejected(text: str) -> None:
    assert any("must be a mapping" in p for p in problems_for(text))


def test_duplicate_lesson_ids_across_folders_name_both_files(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    shutil.copy(SAMPLE, pack / "copy.yaml")
    _, problems = check_folders([FIXTURES / "lessons", pack])
    assert len(problems) == 1
    message = str(problems[0])
    assert str(pack / "copy.yaml") in message and str(SAMPLE) in message


def test_missing_and_empty_folders_are_problems(tmp_path: Path) -> None:
    _, missing = check_folders([tmp_path / "nope"])
    _, empty = check_folders([tmp_path])
    assert "not found" in str(missing[0])
    assert "no lesson files" in str(empty[0])


def test_undecodable_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_bytes(b"\xff\xfe\x00garbage")
    _, problems = check_folders([tmp_path])
    assert "cannot read" in str(problems[0])


def test_catalogue_orders_lessons_and_includes_extra_packs() -> None:
    catalogue = load_catalogue([FIXTURES / "lessons"])
    orders = [lesson.order for lesson in catalogue.lessons]
    assert orders == sorted(orders)
    assert "sample" in catalogue.ids and "welcome" in catalogue.ids


def test_catalogue_refuses_invalid_packs(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("id: broken\n")
    with pytest.raises(ContentError) as caught:
        load_catalogue([tmp_path])
    assert "broken.yaml" in caught.value.message


def test_unknown_lesson_suggests_the_closest_id() -> None:
    catalogue = load_catalogue([FIXTURES / "lessons"])
    with pytest.raises(UnknownLesson) as caught:
        catalogue.get("sampel")
    assert caught.value.hint == "did you mean 'sample'?"
    with pytest.raises(UnknownLesson) as caught:
        catalogue.get("zzzzzzzz")
    assert caught.value.hint is not None and "welcome" in caught.value.hint


def test_broken_feeling_words_are_listed_by_content_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Outcome]
) -> None:
    prompts = tmp_path / "prompts"
    shutil.copytree(paths.builtin_prompts_dir(), prompts)
    (prompts / "feelings.yaml").write_text("warm: [calm\n")
    monkeypatch.setattr(paths, "builtin_prompts_dir", lambda: prompts)
    checked = cli("content", "check")
    assert checked.exit_code == 1
    assert "feelings.yaml:" in checked.stdout and "not valid YAML" in checked.stdout
    listed = cli("lessons")
    assert listed.exit_code == 1 and "feelings.yaml" in listed.stderr


def test_an_unreadable_lesson_folder_is_a_problem_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = Path.iterdir

    def refuse(self: Path) -> Iterator[Path]:
        if self == tmp_path:
            raise PermissionError(13, "Permission denied")
        return original(self)

    monkeypatch.setattr(Path, "iterdir", refuse)
    _, problems = check_folders([tmp_path])
    assert [str(p) for p in problems] == [f"{tmp_path}: cannot read this folder: Permission denied"]
