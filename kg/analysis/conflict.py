"""Speakers at the centre of conflicts, from the signed disagreement graph.

Two measures, because they answer different questions. *How much* a speaker is in
conflict: the contradicting claim pairs they take part in and how many distinct opponents
they have. *How central* they are to the conflict as a whole: their betweenness centrality
in the conflict subgraph (negative edges only), i.e. how often they lie on the shortest
path between two other speakers who are linked through disagreements. A speaker who
quarrels with one person is not central; one who stands between two camps' quarrels is.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

__all__ = ["conflict_centre", "conflict_subgraph"]

_EXACT_LIMIT = 500


def conflict_subgraph(D: nx.Graph, weight: str = "weight") -> nx.Graph:
    """The speakers and the edges of ``D`` whose ``weight`` is negative.

    Examples
    --------
    >>> import networkx as nx
    >>> D = nx.Graph([("a", "b", {"weight": -1}), ("b", "c", {"weight": 2})])
    >>> sorted(conflict_subgraph(D).edges())
    [('a', 'b')]
    """
    H = nx.Graph()
    H.add_nodes_from(D.nodes(data=True))
    H.add_edges_from((u, v, d) for u, v, d in D.edges(data=True) if d.get(weight, 0) < 0)
    return H


def conflict_centre(
    D: nx.Graph, n: int | None = None, weight: str = "weight"
) -> list[dict[str, Any]]:
    """Speakers ranked by their part in disagreements.

    Parameters
    ----------
    D : networkx.Graph
        A signed speaker graph (:func:`kg.views.disagreement_graph`); edges carry
        ``weight`` and, when built by claimgraph, ``contradictions`` and
        ``corroborations`` counts (otherwise ``weight``'s sign stands for one of them).
    n : int, optional
        Keep the first ``n`` rows.

    Returns
    -------
    list of dict
        One row per speaker with at least one conflict: ``speaker``, ``name`` (the node's
        ``label``), ``contradictions``, ``opponents``, ``corroborations``, ``allies`` and
        ``betweenness`` (normalised, in the conflict subgraph; estimated from 500 pivots
        with a fixed seed when it has more than 500 speakers), sorted by contradictions,
        then betweenness, then name.

    Examples
    --------
    A quarrels with B and with C; B and C never meet, so A sits between them.

    >>> import networkx as nx
    >>> D = nx.Graph()
    >>> D.add_edge("A", "B", weight=-2, contradictions=2, corroborations=0)
    >>> D.add_edge("A", "C", weight=-1, contradictions=1, corroborations=0)
    >>> D.add_edge("B", "C", weight=1, contradictions=0, corroborations=1)
    >>> [(r["speaker"], r["contradictions"], r["betweenness"]) for r in conflict_centre(D)]
    [('A', 3, 1.0), ('B', 2, 0.0), ('C', 1, 0.0)]
    """
    conflicts = conflict_subgraph(D, weight)
    betweenness: dict[Any, float] = {}
    if conflicts.number_of_edges():
        # Exact up to _EXACT_LIMIT speakers; beyond, estimated from that many pivots with a
        # fixed seed (Brandes & Pich), so large stores stay fast and results repeatable.
        k = None if len(conflicts) <= _EXACT_LIMIT else _EXACT_LIMIT
        betweenness = nx.betweenness_centrality(conflicts, k=k, seed=0)
    rows = []
    for node in D:
        contradictions = corroborations = opponents = allies = 0
        for _, _, d in D.edges(node, data=True):
            against = d.get("contradictions", max(-d.get(weight, 0), 0))
            along = d.get("corroborations", max(d.get(weight, 0), 0))
            contradictions += against
            corroborations += along
            opponents += against > 0
            allies += along > 0
        if not contradictions:
            continue
        rows.append(
            {
                "speaker": node,
                "name": D.nodes[node].get("label", str(node)),
                "contradictions": contradictions,
                "opponents": opponents,
                "corroborations": corroborations,
                "allies": allies,
                "betweenness": round(betweenness.get(node, 0.0), 6),
            }
        )
    rows.sort(key=lambda r: (-r["contradictions"], -r["betweenness"], r["name"]))
    return rows if n is None else rows[:n]
