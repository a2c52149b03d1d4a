"""What a write is: a :class:`Change`, and writers that assemble one step by step.

A store applies a :class:`Change` (triples to delete and insert, per graph) entirely or not
at all. An ingest of a million claims cannot build one in memory: it streams the asserted
triples while it validates and learns the derived triples only afterwards. A
:class:`StoreWriter` takes triples graph by graph; :meth:`~StoreWriter.commit` makes them
visible at once and :meth:`~StoreWriter.abort` (or an exception inside its ``with`` block)
leaves the store as it was. This base writer collects one Change and applies it at commit
(right for memory and remote stores); the embedded on-disk store streams big writes into a
copy of its database instead (:class:`kg.store.bulk.CopyWriter`).

Deletes and clears take effect before the inserts of the same writer, as in a Change, as
long as they do not name triples the writer also inserts (the ingest never does).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from kg.store.base import Store

T = TypeVar("T")

__all__ = ["Change", "DryRunWriter", "StoreWriter"]


@dataclass
class Change:
    """Triples (N-Triples lines without the final dot) to delete and insert, per graph."""

    insert: dict[str, list[str]] = field(default_factory=dict)
    delete: dict[str, list[str]] = field(default_factory=dict)
    #: graphs emptied before the deletes and inserts (a full rebuild of the derived graph)
    clear: list[str] = field(default_factory=list)

    def add(self, graph: str, triples: Iterable[str]) -> None:
        self.insert.setdefault(graph, []).extend(triples)

    def remove(self, graph: str, triples: Iterable[str]) -> None:
        self.delete.setdefault(graph, []).extend(triples)

    @property
    def size(self) -> int:
        return sum(map(len, self.insert.values())) + sum(map(len, self.delete.values()))

    def is_empty(self) -> bool:
        return self.size == 0 and not self.clear

    def as_update(self) -> str:
        """The change as one SPARQL 1.1 Update request: clears, deletes, then inserts."""
        parts = [f"CLEAR SILENT GRAPH <{graph}>" for graph in self.clear]
        if any(self.delete.values()):
            parts.append("DELETE DATA {\n" + _graph_blocks(self.delete) + "}")
        if any(self.insert.values()):
            parts.append("INSERT DATA {\n" + _graph_blocks(self.insert) + "}")
        return " ;\n".join(parts)

    def nquads(self) -> Iterator[str]:
        """The inserted triples as N-Quads lines."""
        for graph, triples in self.insert.items():
            suffix = f" <{graph}> .\n"
            for triple in triples:
                yield triple + suffix


def _graph_blocks(by_graph: Mapping[str, list[str]]) -> str:
    out = []
    for graph, triples in by_graph.items():
        if triples:
            out.append(f"GRAPH <{graph}> {{\n" + " .\n".join(triples) + " .\n}\n")
    return "".join(out)


class StoreWriter:
    """Collects a :class:`Change`; :meth:`commit` applies it with :meth:`Store.apply`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.change = Change()
        #: triples inserted and deleted so far
        self.size = 0
        self._finished = False

    def insert(self, graph: str, triples: Iterable[str]) -> int:
        """Add N-Triples lines (without the final `` .``) to ``graph``; returns how many."""
        lines = list(triples)
        self.change.add(graph, lines)
        self.size += len(lines)
        return len(lines)

    def insert_sections(self, sections: Iterable[tuple[str, Iterable[str]]]) -> int:
        """Insert several graphs' lines, section after section, as one write.

        The sections are consumed in order, so a later section's lines may be computed
        from what the earlier ones were (an ingest derives after its claims are read).
        """
        return sum(self.insert(graph, lines) for graph, lines in sections)

    def delete(self, graph: str, triples: Iterable[str]) -> None:
        """Remove these triples from ``graph`` (absent ones are ignored)."""
        lines = list(triples)
        self.change.remove(graph, lines)
        self.size += len(lines)

    def clear(self, graph: str) -> None:
        """Empty ``graph`` before this writer's inserts land."""
        self.change.clear.append(graph)

    def commit(self, alongside: Callable[[Store], T] | None = None) -> T | None:
        """Make every insert and delete visible at once.

        ``alongside`` is given a store holding the write to read, and what it returns is
        returned: here it reads the store once the change is in; the embedded store's
        copy writer runs it on the copy while the engine compacts it, before the copy
        becomes current (:class:`~kg.store.bulk.CopyWriter`). It must not write.
        """
        self._finished = True
        self.store.apply(self.change)
        return alongside(self.store) if alongside is not None else None

    def abort(self) -> None:
        """Forget everything; the store stays as it was."""
        self._finished = True
        self.change = Change()

    def __enter__(self) -> StoreWriter:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: TracebackType | None) -> None:
        if not self._finished:
            self.abort()


class DryRunWriter(StoreWriter):
    """Counts what would be written and writes nothing (``kg ingest --dry-run``)."""

    def insert(self, graph: str, triples: Iterable[str]) -> int:
        count = sum(1 for _ in triples)
        self.size += count
        return count

    def delete(self, graph: str, triples: Iterable[str]) -> None:
        self.size += sum(1 for _ in triples)

    def clear(self, graph: str) -> None:
        return None

    def commit(self, alongside: Callable[[Store], T] | None = None) -> T | None:
        """Nothing is written, so there is nothing for ``alongside`` to read."""
        self._finished = True
        return None
