"""Export the graph: RDF syntaxes through Oxigraph's serializers, graph formats through views.

Turtle and N-Triples merge the asserted and derived graphs (each written in turn, so the
output streams and is the same bytes for the same data); TriG, N-Quads and JSON-LD keep
the two named graphs apart. Exporters are looked up by name in :data:`EXPORTERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

import pyoxigraph as ox

from kg.errors import InputError
from kg.store.base import Store
from kg.vocab import ASSERTED_GRAPH, DERIVED_GRAPH

__all__ = ["EXPORTERS", "RDF_EXPORTS", "export"]

#: format name → (Oxigraph syntax, whether the syntax keeps named graphs)
RDF_EXPORTS: dict[str, tuple[ox.RdfFormat, bool]] = {
    "turtle": (ox.RdfFormat.TURTLE, False),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "trig": (ox.RdfFormat.TRIG, True),
    "nquads": (ox.RdfFormat.N_QUADS, True),
    "jsonld": (ox.RdfFormat.JSON_LD, True),
}

Exporter = Callable[[Store, IO[bytes], str | None], None]


def _rdf_exporter(fmt: ox.RdfFormat, keeps_graphs: bool) -> Exporter:
    def write(store: Store, out: IO[bytes], view: str | None) -> None:
        if view:
            raise InputError("--view applies to graphml and gexf exports only")
        if keeps_graphs:
            store.dump(out, fmt)
        else:
            for graph in (ASSERTED_GRAPH, DERIVED_GRAPH):
                store.dump(out, fmt, graph)

    return write


def _graph_exporter(fmt: str) -> Exporter:
    def write(store: Store, out: IO[bytes], view: str | None) -> None:
        from kg.views import write_view  # NetworkX is imported only when needed

        write_view(store, out, fmt, view or "said-about")

    return write


EXPORTERS: dict[str, Exporter] = {
    **{name: _rdf_exporter(fmt, keeps) for name, (fmt, keeps) in RDF_EXPORTS.items()},
    "graphml": _graph_exporter("graphml"),
    "gexf": _graph_exporter("gexf"),
}
#: Names the CLI accepts for the same formats.
ALIASES = {
    "ttl": "turtle",
    "ntriples": "nt",
    "n-triples": "nt",
    "nq": "nquads",
    "json-ld": "jsonld",
}


def export(store: Store, out: IO[bytes], fmt: str, view: str | None = None) -> None:
    """Write ``store`` to ``out`` in ``fmt`` (see :data:`EXPORTERS`)."""
    name = ALIASES.get(fmt, fmt)
    try:
        exporter = EXPORTERS[name]
    except KeyError:
        raise InputError(f"unknown export format {fmt!r} ({', '.join(EXPORTERS)})") from None
    exporter(store, out, view)
