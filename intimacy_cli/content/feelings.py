"""Feeling words, grouped by how pleasant and how energetic a feeling tends to
be, each with a one-line definition (``prompts/feelings.yaml``).

A check-in places a feeling on two axes, pleasantness and energy, each from
-4 to 4. The signs pick one of four quadrants; a 0 sits on the line between
two of them, so both neighbours' words fit (0 on both axes: every word). The
same words, with their definitions, are what an ``emotions`` question in a
lesson offers when it lists no options of its own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from intimacy_cli.base import paths

# The quadrants and their labels are all the mood view needs; the YAML
# machinery is imported only to read the words.
if TYPE_CHECKING:
    from intimacy_cli.content.cache import ContentCache
    from intimacy_cli.content.loader import FileChecker, Problem
    from intimacy_cli.content.yaml_lines import LinedDict

FEELINGS_FILE = "feelings.yaml"
MAX_WORD = 30

# The four quadrants in file order: (key in feelings.yaml, pleasant side, energy side).
# A side is +1 or -1; 0 on an axis of a check-in fits both sides.
QUADRANTS: tuple[tuple[str, int, int], ...] = (
    ("pleasant_high_energy", 1, 1),
    ("pleasant_low_energy", 1, -1),
    ("unpleasant_high_energy", -1, 1),
    ("unpleasant_low_energy", -1, -1),
)


@dataclass(frozen=True)
class Feeling:
    word: str
    definition: str
    quadrant: str


@dataclass(frozen=True)
class FeelingWords:
    """Every feeling word, in file order, each in one quadrant."""

    feelings: tuple[Feeling, ...]

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(feeling.word for feeling in self.feelings)

    def fitting(self, pleasant: int, energy: int) -> tuple[Feeling, ...]:
        """The words that fit a check-in at ``pleasant`` x ``energy``."""
        wanted = quadrants_of(pleasant, energy)
        return tuple(feeling for feeling in self.feelings if feeling.quadrant in wanted)

    def find(self, word: str) -> Feeling | None:
        """A word as the file spells it, matched ignoring case and spaces."""
        folded = word.strip().casefold()
        return next((f for f in self.feelings if f.word.casefold() == folded), None)

    def definition(self, word: str) -> str | None:
        found = self.find(word)
        return found.definition if found else None


def quadrants_of(pleasant: int, energy: int) -> tuple[str, ...]:
    """The quadrant a point falls in; on an axis (a 0), the quadrants either side."""
    return tuple(
        name
        for name, pleasant_side, energy_side in QUADRANTS
        if pleasant * pleasant_side >= 0 and energy * energy_side >= 0
    )


def quadrant_label(name: str) -> str:
    """``pleasant_high_energy`` as people read it: "pleasant, high energy"."""
    feeling, _, energy = name.partition("_")
    return f"{feeling}, {energy.replace('_', ' ')}"


def parse_feelings(path: Path) -> tuple[FeelingWords, list[Problem]]:
    """The feeling words in ``path``: each quadrant a mapping of word to its
    one-line definition. Every problem is named with its line."""
    from intimacy_cli.content.loader import read_checked
    from intimacy_cli.content.yaml_lines import LinedDict

    check, data = read_checked(path)
    if check.problems:
        return FeelingWords(()), check.problems
    if not isinstance(data, LinedDict) or not data:
        check.problem(1, "feelings must be a mapping of quadrant: {word: definition}")
        return FeelingWords(()), check.problems
    quadrant_names = [name for name, _, _ in QUADRANTS]
    check.mapping(data, "feelings", quadrant_names, line=data.line)
    feelings: list[Feeling] = []
    for name in quadrant_names:
        if name in data:
            feelings += _quadrant(check, data, name)
    counts = Counter(feeling.word.casefold() for feeling in feelings)
    repeated = sorted(word for word, count in counts.items() if count > 1)
    if repeated:
        check.problem(None, f"feeling words listed twice: {', '.join(repeated)}")
    return FeelingWords(tuple(feelings)), check.problems


def _quadrant(check: FileChecker, data: LinedDict, name: str) -> list[Feeling]:
    from intimacy_cli.content.yaml_lines import LinedDict

    words = data[name]
    where = f"feelings.{name}"
    line = data.key_lines.get(name)
    if not isinstance(words, LinedDict) or not words:
        check.problem(line, f"{where} must be a mapping of word: its one-line definition")
        return []
    for word, repeated_line in words.duplicate_keys:
        check.problem(repeated_line, f"{where}: '{word}' is given more than once")
    found = []
    for word in words:
        word_line = words.key_lines.get(word)
        if not isinstance(word, str) or not _is_word(word):
            check.problem(
                word_line,
                f"{where}: {word!r} must be a short word or phrase "
                f"(letters, spaces, hyphens; up to {MAX_WORD} characters)",
            )
            continue
        definition = check.text(words, word, where)
        if definition is not None and "\n" in definition:
            check.problem(word_line, f"{where}.{word} must be one line")
        elif definition is not None:
            found.append(Feeling(word.strip(), definition, name))
    return found


def _is_word(text: str) -> bool:
    stripped = text.strip()
    return (
        0 < len(stripped) <= MAX_WORD
        and stripped == text
        and all(char.isalpha() or char in " -'" for char in stripped)
    )


def load_feelings(cache: ContentCache | None = None) -> FeelingWords:
    """The built-in feeling words; any problem in the file is a :class:`ContentError`."""
    from intimacy_cli.content.loader import ContentError

    feelings, problems = builtin_feelings(cache)
    if problems:
        raise ContentError(problems)
    return feelings


def builtin_feelings(cache: ContentCache | None = None) -> tuple[FeelingWords, list[Problem]]:
    """The built-in feeling words and their problems, as kept in ``cache`` when
    the file is unchanged (a file with problems is never kept)."""
    from intimacy_cli.content.cache import file_key
    from intimacy_cli.content.loader import read_source

    path = paths.builtin_prompts_dir() / FEELINGS_FILE
    source = read_source(path) if cache is not None else None
    key = file_key(path, source) if isinstance(source, str) else None
    if cache is not None and key is not None:
        rows = cache.words(key)
        if rows is not None and all(len(row) == 3 for row in rows):
            return FeelingWords(tuple(Feeling(*row) for row in rows)), []
    feelings, problems = parse_feelings(path)
    if cache is not None and key is not None and not problems:
        cache.keep_words(key, [(f.word, f.definition, f.quadrant) for f in feelings.feelings])
    return feelings, problems
