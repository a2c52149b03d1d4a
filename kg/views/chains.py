"""How claims reached print: claimant → reporter → source.

Each claim is a path from whoever made it to the source that records it, through the
agents in its ``reported_by`` ("Bloomberg, citing sources close to the matter"). A claim
made directly in the source is one hop; one relayed by an outlet is two.

The store keeps ``cg:reportedBy`` as a set of agents, without an order, so a claim with
several reporters is drawn as parallel two-hop paths (each reporter carried it to the
source), never as a longer relay whose order the data does not hold.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx

from kg.runtime.gc_pause import without_gc
from kg.store.base import Store
from kg.views._nodes import node_attributes
from kg.views.projection import Edge, Projection
from kg.views.records import ClaimData, read_claim_data, resolve_about

__all__ = ["build_chains", "chains_graph", "project_chains"]

#: What this view reads from the store (see :func:`kg.views.records.read_claim_data`).
READS: dict[str, Any] = {"links": False, "details": ("said_on", "reported_by")}


@without_gc  # one pause for reading, projecting and building (kg.runtime.gc_pause)
def chains_graph(store: Store, *, about: str | None = None) -> nx.MultiDiGraph:
    """A MultiDiGraph claimant → reporter(s) → source, one path per claim.

    Nodes are agents (``kind`` "agent", anonymous sources included with ``type``
    "AnonymousSource") and sources (``kind`` "source", ``label`` the title, with
    ``published``, ``language`` and ``publisher``). Every edge is keyed by the claim IRI
    and carries ``claim``, ``claim_id``, ``statement``, ``said_on``, ``step`` (1 for the
    first hop), ``hops`` (the length of the claim's path) and ``relation``: "relayed to"
    (claimant → reporter) or "recorded in" (→ source).

    ``about`` keeps the claims whose subject or object is that node.

    Examples
    --------
    >>> from kg.demo import example_store
    >>> R = chains_graph(example_store(), about="pang")
    >>> for u, v, d in R.edges(data=True):
    ...     if d["claim_id"] == "pang-200m":
    ...         print(d["step"], R.nodes[u]["label"], "→", R.nodes[v]["label"][:10])
    1 Sources proches du dossier → Bloomberg
    2 Bloomberg → Apple perd
    """
    return build_chains(read_claim_data(store, about=resolve_about(store, about), **READS))


@without_gc  # one pause for reading, projecting and building (kg.runtime.gc_pause)
def build_chains(data: ClaimData) -> nx.MultiDiGraph:
    """The reporting-chains graph of the claims in ``data`` (see :func:`chains_graph`)."""
    return project_chains(data).graph()


#: What a claim's edges do not share, as one dict for all edges of each kind.
_RELAYED = {"step": 1, "relation": "relayed to"}
_RECORDED_FIRST = {"step": 1, "relation": "recorded in"}
_RECORDED_SECOND = {"step": 2, "relation": "recorded in"}


@without_gc
def project_chains(data: ClaimData) -> Projection:
    """The reporting chains of the claims in ``data`` as nodes and edges (see
    :mod:`kg.views.projection`): what the edges of a claim say alike is one dict."""
    p = Projection("chains", directed=True, multigraph=True)
    nodes = p.nodes
    relayed: Counter[str] = Counter()
    for iri in sorted(data.claims):
        claim = data.claims[iri]
        reporters = [r for r in claim.reported_by if r != claim.claimant]
        hops = 2 if reporters else 1
        # "step" and "relation" hold their places in the graph's attribute order
        common = {
            "step": None,
            "relation": None,
            "claim": iri,
            "claim_id": claim.id,
            "statement": data.statement(claim),
            "said_on": claim.said_on,
            "hops": hops,
        }
        for node in (claim.claimant, *reporters, claim.source):
            if node not in nodes:
                nodes[node] = node_attributes(data, node)
        for reporter in reporters:
            relayed[reporter] += 1
            p.edges.append(Edge(claim.claimant, reporter, iri, _RELAYED, common))
            p.edges.append(Edge(reporter, claim.source, iri, _RECORDED_SECOND, common))
        if not reporters:
            p.edges.append(Edge(claim.claimant, claim.source, iri, _RECORDED_FIRST, common))
    for node, attrs in nodes.items():
        attrs["relayed"] = relayed[node]
    return p
