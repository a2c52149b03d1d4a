"""NetworkX views of the claim graph: who said what about whom, who disagrees, how it spread.

Each view is a projection built from the store with a few SPARQL queries (never a raw
triple dump, where reification nodes would become meaningless hubs) and returned as a
NetworkX graph whose nodes carry readable labels and whose edges carry the claims:

==================  ==================================  ================================
name                function                            graph
==================  ==================================  ================================
``said-about``      :func:`said_about_graph`            MultiDiGraph speaker → entity
``disagreement``    :func:`disagreement_graph`          signed Graph between speakers
``chains``          :func:`chains_graph`                MultiDiGraph claimant → source
``claims``          :func:`claims_graph`                Graph of claims (for pictures)
==================  ==================================  ================================

Analyses over these graphs live in :mod:`kg.analysis`. :func:`write_view` writes a view as
GraphML or GEXF for Gephi and yEd, or as CSV tables; GEXF and CSV are written from the
view's :class:`Projection` (:func:`project_view`), its nodes and edges before any NetworkX
graph is built: at a million claims, 63-65 % of the time and 53-71 % of the
memory of writing the graph. Importing
:mod:`kg` does not import NetworkX; importing this package does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

import networkx as nx

from kg.errors import InputError
from kg.runtime.gc_pause import without_gc as _without_gc
from kg.runtime.progress import Progress
from kg.runtime.progress import no_progress as _no_progress
from kg.store.base import Store
from kg.views import chains, claims, disagreement, records, said_about
from kg.views.chains import build_chains, chains_graph
from kg.views.claims import build_claims, claims_graph
from kg.views.disagreement import build_disagreement, disagreement_graph
from kg.views.formats import exportable, write_gexf, write_graphml
from kg.views.gexf import write_projection_gexf
from kg.views.parquet import write_projection_edges_parquet, write_projection_nodes_parquet
from kg.views.projection import Projection
from kg.views.records import ClaimData, read_claim_data
from kg.views.said_about import build_said_about, said_about_graph
from kg.views.tables import (
    write_edges_csv,
    write_nodes_csv,
    write_projection_edges_csv,
    write_projection_nodes_csv,
)

__all__ = [
    "VIEWS",
    "ClaimData",
    "Projection",
    "build_chains",
    "build_claims",
    "build_disagreement",
    "build_said_about",
    "build_view",
    "chains_graph",
    "claims_graph",
    "disagreement_graph",
    "exportable",
    "project_view",
    "read_claim_data",
    "said_about_graph",
    "write_edges_csv",
    "write_gexf",
    "write_graphml",
    "write_nodes_csv",
    "write_projection_edges_csv",
    "write_projection_edges_parquet",
    "write_projection_gexf",
    "write_projection_nodes_csv",
    "write_projection_nodes_parquet",
    "write_view",
]

#: View name → function(store, about=...) building it.
VIEWS: dict[str, Callable[..., nx.Graph]] = {
    "said-about": said_about_graph,
    "disagreement": disagreement_graph,
    "chains": chains_graph,
    "claims": claims_graph,
}

_DESCRIPTIONS = {
    "said-about": "claimgraph said-about view: speakers linked to what their claims are about",
    "disagreement": "claimgraph disagreement view: +1 per corroborating, -1 per contradicting pair",
    "chains": "claimgraph reporting chains: claimant -> reporter -> source",
    "claims": "claimgraph claims view: claims linked by contradictions and corroborations",
}


def build_view(store: Store, name: str, *, about: str | None = None) -> nx.Graph:
    """The view called ``name`` (see :data:`VIEWS`), optionally restricted to ``about``."""
    try:
        builder = VIEWS[name]
    except KeyError:
        raise InputError(f"unknown view {name!r} (expected one of: {', '.join(VIEWS)})") from None
    return builder(store, about=about)


#: View name → (what it reads from the store, function(data) making its projection).
_PROJECTIONS: dict[str, tuple[dict[str, Any], Callable[[ClaimData], Projection]]] = {
    "said-about": (said_about.READS, said_about.project_said_about),
    "disagreement": (disagreement.READS, disagreement.project_disagreement),
    "chains": (chains.READS, chains.project_chains),
    "claims": (claims.READS, claims.project_claims),
}


@_without_gc  # one pause for reading and projecting (kg.runtime.gc_pause)
def project_view(
    store: Store, name: str, *, about: str | None = None, progress: Progress = _no_progress
) -> Projection:
    """The view called ``name`` as nodes and edges (:class:`Projection`), not yet a graph:
    ``project_view(store, name).graph()`` is ``build_view(store, name)``. ``progress`` is
    told the stages "claims" (reading them) and "view" (projecting them)."""
    if name not in _PROJECTIONS:
        raise InputError(f"unknown view {name!r} (expected one of: {', '.join(VIEWS)})")
    reads, project = _PROJECTIONS[name]
    progress("claims", 0, 1)
    data = read_claim_data(store, about=records.resolve_about(store, about), **reads)
    progress("view", 0, 1)
    return project(data)


@_without_gc  # one pause for the whole export: each return to collecting re-scans it all
def write_view(
    store: Store,
    out: IO[bytes],
    fmt: str,
    view: str,
    *,
    about: str | None = None,
    progress: Progress = _no_progress,
) -> None:
    """Write the view ``view`` of ``store`` to ``out`` as ``fmt``: "graphml", "gexf", or a
    CSV table, "edges" or "nodes" (:mod:`kg.views.tables`), or the same tables as
    Parquet, "edges-parquet" or "nodes-parquet" (:mod:`kg.views.parquet`).

    GEXF and CSV are written from the view's projection, never a NetworkX graph: the same
    bytes as from the graph (:func:`write_gexf`, :func:`write_edges_csv`), in 63-65 %
    of the time and 53-71 % of the memory at a million claims. GraphML is
    NetworkX's own writer, from the graph. ``progress`` is told each stage as it starts:
    "claims", "view", "file" (a million claims take a minute or two).
    """
    writers: dict[str, Callable[[Projection, IO[bytes]], None]] = {
        "gexf": lambda p, stream: write_projection_gexf(p, stream, description=_DESCRIPTIONS[view]),
        "edges": write_projection_edges_csv,
        "nodes": write_projection_nodes_csv,
        "edges-parquet": write_projection_edges_parquet,
        "nodes-parquet": write_projection_nodes_parquet,
    }
    if fmt != "graphml" and fmt not in writers:
        raise InputError(
            "views are written as graphml, gexf, edges, nodes, edges-parquet or "
            f"nodes-parquet, not {fmt!r}"
        )
    projection = project_view(store, view, about=about, progress=progress)
    progress("file", 0, 1)
    if fmt == "graphml":
        G = projection.graph()
        del projection
        G.graph["description"] = _DESCRIPTIONS[view]
        write_graphml(G, out)
    else:
        writers[fmt](projection, out)
    progress("file", 1, 1)
