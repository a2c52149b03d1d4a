"""Who disagrees with whom: a signed graph between speakers.

Two speakers are linked when a claim of one contradicts or corroborates a claim of the
other. Each contradicting pair of claims counts −1, each corroborating pair +1, and the
edge's ``weight`` is the sum. A pair of claims that meets two contradiction rules (a
rebuttal that also opposes the same proposition) is one disagreement and counts once; its
kinds are all listed. A speaker who contradicts or corroborates themself gets no self-loop
(it would mean nothing to a partition into camps): it is counted on the node instead.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx

from kg.store.base import Store
from kg.views._gc import without_gc
from kg.views._nodes import node_attributes
from kg.views.records import ClaimData, read_claim_data, resolve_about

__all__ = ["build_disagreement", "disagreement_graph"]

#: What this view reads from the store (see :func:`kg.views.records.read_claim_data`).
READS: dict[str, Any] = {"links": True, "details": ()}


def disagreement_graph(store: Store, *, about: str | None = None) -> nx.Graph:
    """A signed Graph between speakers: −1 per contradicting, +1 per corroborating claim pair.

    Nodes are the claimants' IRIs, with ``label``, ``id``, ``kind``, ``type``, ``claims``
    (how many claims they made) and ``self_contradictions``. Edge attributes:

    - ``weight``: corroborations − contradictions, and ``sign`` (+1, −1 or 0);
    - ``contradictions`` and ``corroborations``: how many pairs of claims of each;
    - ``evidence``: one dict per pair of claims, ``relation`` ("contradicts" or
      "corroborates"), ``kinds`` (the docs/rules.md rules met), ``claims`` (the two claim ids,
      this edge's lower node first), ``claim_iris`` and ``reasons``;
    - ``reasons``: every contradiction's one-line reason.

    ``about`` keeps the disagreements in which at least one claim is about that node.

    Examples
    --------
    >>> from kg.demo import example_store
    >>> D = disagreement_graph(example_store())
    >>> for u, v, d in sorted(D.edges(data=True), key=lambda e: e[2]["weight"]):
    ...     print(D.nodes[u]["label"], "/", D.nodes[v]["label"], d["weight"], d["claims"])
    Sam Altman / Lucas Beyer -1 altman-100m × beyer-denial
    Lucas Beyer / Numerama 1 beyer-joining ~ trio-joined-meta
    """
    return build_disagreement(read_claim_data(store, about=resolve_about(store, about), **READS))


@without_gc
def build_disagreement(data: ClaimData) -> nx.Graph:
    """The disagreement graph of the links in ``data`` (see :func:`disagreement_graph`)."""
    claims_by: dict[str, int] = defaultdict(int)
    for claim in data.claims.values():
        claims_by[claim.claimant] += 1
    nodes = {
        speaker: {**node_attributes(data, speaker), "claims": count, "self_contradictions": 0}
        for speaker, count in sorted(claims_by.items())
    }
    contradicting: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for x in data.contradictions:
        kinds, reasons = contradicting.setdefault(x.claims, ([], []))
        kinds.append(x.kind)
        if x.reason:
            reasons.append(x.reason)
    # Aggregate per speaker pair in plain dicts, then hand NetworkX every edge at once.
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    links = [(pair, "contradicts") for pair in sorted(contradicting)]
    links += [(pair, "corroborates") for pair in data.corroborations if pair not in contradicting]
    for (first, second), relation in links:
        a, b = data.claims.get(first), data.claims.get(second)
        if a is None or b is None:
            continue
        if a.claimant == b.claimant:
            if relation == "contradicts":
                nodes[a.claimant]["self_contradictions"] += 1
            continue
        if a.claimant > b.claimant:
            a, b = b, a
        edge = edges.get((a.claimant, b.claimant))
        if edge is None:
            edge = edges[a.claimant, b.claimant] = {
                "contradictions": 0,
                "corroborations": 0,
                "evidence": [],
            }
        kinds, reasons = contradicting.get((first, second), ([], []))
        if relation == "contradicts":
            edge["contradictions"] += 1
            kinds, reasons = sorted(set(kinds)), sorted(reasons)
        else:
            edge["corroborations"] += 1
        edge["evidence"].append(
            {
                "relation": relation,
                "kinds": kinds,
                "claims": [a.id, b.id],
                "claim_iris": [a.iri, b.iri],
                "reasons": reasons,
            }
        )
    for edge in edges.values():
        weight = edge["corroborations"] - edge["contradictions"]
        edge["weight"] = weight
        edge["sign"] = (weight > 0) - (weight < 0)
        edge["reasons"] = [r for e in edge["evidence"] for r in e["reasons"]]
        edge["claims"] = "; ".join(
            f"{e['claims'][0]} {'×' if e['relation'] == 'contradicts' else '~'} {e['claims'][1]}"
            for e in edge["evidence"]
        )
    G = nx.Graph(name="disagreement")
    G.add_nodes_from(nodes.items())
    G.add_edges_from((u, v, attrs) for (u, v), attrs in edges.items())
    return G
