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
        self._passed: set[str] = set()  # read by for_one_pass, not kept
        #: Tables set or deleted since reading: what the next write replaces.
        self.changed: set[str] = set()

    def __getitem__(self, name: str) -> Table:
        found = self._loaded.get(name)
        if found is None:
            found = self._loaded[name] = self._read(name)
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

    def for_one_pass(self, name: str) -> Table:
        """A table as ``self[name]`` gives it, but read for the caller alone when
        not loaded yet, and not kept: going through every period of entries
        this way holds one period at a time, not the whole journal."""
        found = self._loaded.get(name)
        if found is None:
            found = self._read(name)
            self._passed.add(name)
        return found

    def note_read(self, name: str) -> None:
        """Count a table the caller read from its file itself (a backup reads
        what is on disk) as read, like :meth:`for_one_pass` does, so a reader
        that goes on with a newer manifest knows it must be unchanged."""
        self._passed.add(name)

    def _read(self, name: str) -> Table:
        if name not in self._names or self._load is None:
            raise KeyError(name)
        return self._load(name)

    def is_loaded(self, name: str) -> bool:
        return name in self._loaded

    def read_names(self) -> set[str]:
        """The tables read (or set) so far, kept or not: what must be unchanged
        for a reader to go on with a newer manifest."""
        return set(self._loaded) | self._passed
