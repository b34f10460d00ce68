"""The mapping of tables TinyDB sees: each table read only when first touched.

TinyDB reads "the database" before every operation and writes it back after;
it only ever looks up the table it works on. :class:`LazyTables` gives it a
mapping whose values are loaded on first access (one file each, see
:mod:`~intimacy_cli.store.layout`) and that remembers which tables were set
or deleted, so a write replaces only those.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, MutableMapping
from typing import Any

Table = dict[str, Any]


class LazyTables(MutableMapping[str, Table]):
    """Tables by name: ``names`` known, each loaded with ``load`` when needed."""

    def __init__(
        self,
        names: Iterable[str] = (),
        load: Callable[[str], Table] | None = None,
        loaded: dict[str, Table] | None = None,
    ) -> None:
        self._loaded: dict[str, Table] = dict(loaded or {})
        self._names = set(names) | set(self._loaded)
        self._load = load
        #: Tables set or deleted since reading: what the next write replaces.
        self.changed: set[str] = set()

    def __getitem__(self, name: str) -> Table:
        found = self._loaded.get(name)
        if found is not None:
            return found
        if name not in self._names or self._load is None:
            raise KeyError(name)
        found = self._loaded[name] = self._load(name)
        return found

    def __setitem__(self, name: str, table: Table) -> None:
        self._loaded[name] = table
        self._names.add(name)
        self.changed.add(name)

    def __delitem__(self, name: str) -> None:
        if name not in self._names:
            raise KeyError(name)
        self._names.discard(name)
        self._loaded.pop(name, None)
        self.changed.add(name)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._names))

    def __len__(self) -> int:
        return len(self._names)

    def is_loaded(self, name: str) -> bool:
        return name in self._loaded

    def loaded(self) -> dict[str, Table]:
        """The tables read (or set) so far, without reading any more."""
        return dict(self._loaded)
