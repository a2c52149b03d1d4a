"""Export the graph: RDF syntaxes through Oxigraph's serializers, graph formats through views.

Turtle and N-Triples merge the asserted and derived graphs (each written in turn, so the
output streams and is the same bytes for the same data); TriG, N-Quads and JSON-LD keep
the two named graphs apart; RDF/XML is one document, so its triples are gathered first.
Exporters are looked up by name in :data:`EXPORTERS`, and by a file's extension in
:data:`FORMAT_BY_SUFFIX`.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO, Protocol

import pyoxigraph as ox

from kg.errors import InputError
from kg.runtime.progress import Progress, no_progress
from kg.store.base import Store
from kg.vocab import ASSERTED_GRAPH, DERIVED_GRAPH, PREFIXES

__all__ = ["EXPORTERS", "FORMAT_BY_SUFFIX", "RDF_EXPORTS", "export", "format_for_path"]

#: format name → (Oxigraph syntax, whether the syntax keeps named graphs)
RDF_EXPORTS: dict[str, tuple[ox.RdfFormat, bool]] = {
    "turtle": (ox.RdfFormat.TURTLE, False),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "trig": (ox.RdfFormat.TRIG, True),
    "nquads": (ox.RdfFormat.N_QUADS, True),
    "jsonld": (ox.RdfFormat.JSON_LD, True),
}


_VIEW_ONLY = (
    "--view applies to the graph formats only "
    "(graphml, gexf, edges, nodes, edges-parquet, nodes-parquet)"
)


class Exporter(Protocol):
    """Writes ``store`` to ``out``; ``view`` names a view for the graph formats;
    ``progress`` hears the stages of work that takes long (a view at scale)."""

    def __call__(
        self, store: Store, out: IO[bytes], view: str | None, progress: Progress = ...
    ) -> None: ...


def _rdf_exporter(fmt: ox.RdfFormat, keeps_graphs: bool) -> Exporter:
    def write(
        store: Store, out: IO[bytes], view: str | None, progress: Progress = no_progress
    ) -> None:
        if view:
            raise InputError(_VIEW_ONLY)
        if keeps_graphs:
            store.dump(out, fmt)
        else:
            for graph in (ASSERTED_GRAPH, DERIVED_GRAPH):
                store.dump(out, fmt, graph)

    return write


def _rdf_xml(
    store: Store, out: IO[bytes], view: str | None, progress: Progress = no_progress
) -> None:
    # An RDF/XML document cannot be written graph after graph as Turtle can: two documents
    # one after the other are no longer one document. RDF/XML is for tools that read
    # nothing else, so holding the triples once in memory is an acceptable price.
    if view:
        raise InputError(_VIEW_ONLY)
    lines = io.BytesIO()
    for graph in (ASSERTED_GRAPH, DERIVED_GRAPH):
        store.dump(lines, ox.RdfFormat.N_TRIPLES, graph)
    triples = ox.parse(lines.getvalue(), ox.RdfFormat.N_TRIPLES)
    ox.serialize(triples, out, ox.RdfFormat.RDF_XML, prefixes=PREFIXES)


def _graph_exporter(fmt: str) -> Exporter:
    def write(
        store: Store, out: IO[bytes], view: str | None, progress: Progress = no_progress
    ) -> None:
        from kg.views import write_view  # NetworkX is imported only when needed

        write_view(store, out, fmt, view or "said-about", progress=progress)

    return write


EXPORTERS: dict[str, Exporter] = {
    **{name: _rdf_exporter(fmt, keeps) for name, (fmt, keeps) in RDF_EXPORTS.items()},
    "rdfxml": _rdf_xml,
    "graphml": _graph_exporter("graphml"),
    "gexf": _graph_exporter("gexf"),
    # a view as CSV tables: its edge list, its node list (Gephi's spreadsheet import)
    "edges": _graph_exporter("edges"),
    "nodes": _graph_exporter("nodes"),
    # the same tables as Parquet, typed and compressed (pandas, polars, DuckDB, Arrow)
    "edges-parquet": _graph_exporter("edges-parquet"),
    "nodes-parquet": _graph_exporter("nodes-parquet"),
}
#: Names the CLI accepts for the same formats.
ALIASES = {
    "ttl": "turtle",
    "ntriples": "nt",
    "n-triples": "nt",
    "nq": "nquads",
    "json-ld": "jsonld",
    "rdf": "rdfxml",
    "xml": "rdfxml",
}

#: A file's extension → the export format it names (``kg export -o FILE`` without --format).
FORMAT_BY_SUFFIX = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nquads",
    ".jsonld": "jsonld",
    ".rdf": "rdfxml",
    ".graphml": "graphml",
    ".gexf": "gexf",
}


def format_for_path(path: str | Path) -> str | None:
    """The export format ``path``'s extension names, or None.

    >>> format_for_path("story.nt"), format_for_path("Story.TTL"), format_for_path("notes.txt")
    ('nt', 'turtle', None)
    """
    return FORMAT_BY_SUFFIX.get(Path(path).suffix.lower())


def export(
    store: Store,
    out: IO[bytes],
    fmt: str,
    view: str | None = None,
    *,
    progress: Progress = no_progress,
) -> None:
    """Write ``store`` to ``out`` in ``fmt`` (see :data:`EXPORTERS`); ``progress`` hears
    a view's stages (:func:`kg.views.write_view`)."""
    name = ALIASES.get(fmt, fmt)
    try:
        exporter = EXPORTERS[name]
    except KeyError:
        raise InputError(f"unknown export format {fmt!r} ({', '.join(EXPORTERS)})") from None
    exporter(store, out, view, progress)
