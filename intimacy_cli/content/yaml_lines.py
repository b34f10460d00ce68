"""YAML parsing that remembers line numbers, so problems point into the file,
and that stays bounded on crafted input.

PyYAML builds plain dicts and lists and forgets where they came from. These
subclasses carry the line of the node and of each key or item, and mappings
record keys written twice (which PyYAML would otherwise silently overwrite).

Whatever the text, parsing ends quickly with a document or a ``yaml.YAMLError``
naming the line: aliases (``*name``, the "billion laughs" that expands a small
file into an exponential structure) are refused outright, nesting is capped at
:data:`MAX_DEPTH`, and a value its tag cannot be built from (``!!float x``,
``2026-99-99``, an integer longer than Python converts) is an error, never a
stray ``ValueError``.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

# PyYAML is imported when something is parsed, not when lessons are used:
# lessons read from the cache (content/lesson_cache.py) need none of it.
if TYPE_CHECKING:
    import yaml

# Lessons nest about five levels deep; anything far deeper is not a lesson file.
MAX_DEPTH = 50
# What constructing a crafted scalar can raise besides YAMLError: ValueError
# (bad numbers and dates, the int-string limit), LookupError (``!!bool x``,
# ``!!int ''``), ArithmeticError (overflow), TypeError (unhashable parts).
_CONSTRUCT_ERRORS = (ValueError, LookupError, ArithmeticError, TypeError, AttributeError)


class LinedDict(dict[str, Any]):
    line: int = 0
    key_lines: dict[str, int]
    duplicate_keys: list[tuple[str, int]]


class LinedList(list[Any]):
    line: int = 0
    item_lines: list[int]


def _refused(node: yaml.Node, problem: str) -> yaml.constructor.ConstructorError:
    import yaml

    return yaml.constructor.ConstructorError(None, None, problem, node.start_mark)


class _Bounded:
    """Mixed into a safe loader: each node is built once, not too deep, and a
    value that cannot be built is a ``ConstructorError`` at its line."""

    constructed_objects: dict[yaml.Node, Any]
    recursive_objects: dict[yaml.Node, Any]
    _depth = 0

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        import yaml

        # An alias is the composer handing back a node already built; refusing a
        # second construction refuses aliases (and merge keys, which use them).
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _refused(
                node,
                "this value is used again through an alias (*name); aliases are "
                "not allowed, write the value out each time",
            )
        if self._depth >= MAX_DEPTH:
            raise _refused(node, f"nested more than {MAX_DEPTH} levels deep")
        self._depth += 1
        try:
            return super().construct_object(node, deep)  # type: ignore[misc]
        except yaml.YAMLError:
            raise
        except _CONSTRUCT_ERRORS as exc:
            tag = node.tag.rsplit(":", 1)[-1]
            detail = str(exc).split(";")[0].split("\n")[0]
            raise _refused(node, f"cannot read this value as {tag}: {detail}") from None
        finally:
            self._depth -= 1


@cache
def _loader() -> type[yaml.SafeLoader]:
    """The safe loader (libyaml's where there is one) that builds
    ``LinedDict``/``LinedList``, bounded."""
    import yaml

    base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader: type[yaml.SafeLoader] = type("_Loader", (_Bounded, base), {})
    loader.add_constructor("tag:yaml.org,2002:map", _mapping)
    loader.add_constructor("tag:yaml.org,2002:seq", _sequence)
    return loader


def _mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LinedDict:
    loader.flatten_mapping(node)
    result = LinedDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    result.duplicate_keys = []
    for key_node, value_node in node.value:
        key = str(loader.construct_object(key_node, deep=True))
        line = key_node.start_mark.line + 1
        if key in result:
            result.duplicate_keys.append((key, line))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> LinedList:
    result = LinedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def parse(text: str) -> Any:
    """Parse one YAML document; raises ``yaml.YAMLError`` with a position on failure."""
    import yaml

    try:
        return yaml.load(text, Loader=_loader())  # noqa: S506 - it derives from SafeLoader
    except RecursionError:  # only without libyaml: the pure-Python composer recurses
        raise yaml.YAMLError(f"nested more than {MAX_DEPTH} levels deep") from None


def error_line(exc: yaml.YAMLError) -> int | None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return None if mark is None else mark.line + 1


def error_text(exc: yaml.YAMLError) -> str:
    """PyYAML's message without its multi-line position block."""
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    parts = [p for p in (context, problem) if p]
    return ", ".join(parts) if parts else str(exc).splitlines()[0]
