"""Queries on a pyoxigraph database, as the embedded store runs them, and a reader of a copy.

:class:`~kg.store.embedded.EmbeddedStore` answers its queries with :func:`engine_query`.
:class:`EngineReader` answers the same way from a database that is not the store's current
one: the copy a big write fills (:class:`~kg.store.bulk.CopyWriter`), which an ingest reads
to work out the rows ``kg contested`` keeps while the engine compacts the copy, before the
copy becomes current.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

import pyoxigraph as ox

from kg.errors import StoreError
from kg.sparql.lexer import shape_of
from kg.sparql.rewrite import Rewritten, values_insertion
from kg.store.base import Change, Store
from kg.vocab import PREFIXES

__all__ = ["EngineReader", "engine_query"]


def engine_query(
    engine: ox.Store, sparql: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None
) -> Any:
    """``sparql`` on ``engine`` over the union of its graphs, kg's prefixes declared.

    ``bindings`` are written in as a VALUES block opening the WHERE clause, not as the
    engine's substitutions: those are applied after the query is planned, so looking up one
    agent by its id read every identifier in the store (0.25-2.4 s at a million claims,
    against 1 ms; benchmarks/README.md, "Small writes at a million claims").
    """
    if bindings:
        sparql = Rewritten(sparql, [values_insertion(sparql, shape_of(sparql), bindings)]).text
    return engine.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES)


class EngineReader(Store):
    """A read-only :class:`~kg.store.base.Store` over a pyoxigraph database."""

    writable = False

    def __init__(self, engine: ox.Store, location: str) -> None:
        self.engine = engine
        #: the store the database belongs to, for messages
        self.location = location

    def query(
        self, sparql: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None
    ) -> Any:
        return engine_query(self.engine, sparql, bindings)

    def apply(self, change: Change) -> None:
        raise StoreError(f"a copy of the store at {self.location} is read here, not written")

    def dump(self, out: IO[bytes], fmt: ox.RdfFormat, graph: str | None = None) -> None:
        raise StoreError(f"a copy of the store at {self.location} is not exported")
