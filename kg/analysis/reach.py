"""How far each claim travelled before it reached print, from the reporting-chains graph.

A claim made in the source itself (an interview, the outlet's own reporting) is one hop
from speaker to print; a claim an outlet relayed ("Bloomberg, citing sources") is two.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import networkx as nx

__all__ = ["claim_hops", "hop_counts", "reporting_paths", "top_relays"]


def claim_hops(R: nx.MultiDiGraph) -> dict[Any, int]:
    """For each claim, the number of hops from its claimant to its source.

    Parameters
    ----------
    R : networkx.MultiDiGraph
        A reporting-chains graph (:func:`kg.views.chains_graph`): each edge carries the
        ``claim`` it belongs to and its ``step`` along that claim's path.

    Examples
    --------
    >>> import networkx as nx
    >>> R = nx.MultiDiGraph()
    >>> _ = R.add_edge("sources", "bloomberg", claim="c1", step=1)
    >>> _ = R.add_edge("bloomberg", "article", claim="c1", step=2)
    >>> _ = R.add_edge("numerama", "article", claim="c2", step=1)
    >>> claim_hops(R)
    {'c1': 2, 'c2': 1}
    """
    hops: dict[Any, int] = {}
    for _, _, data in R.edges(data=True):
        claim = data["claim"]
        hops[claim] = max(hops.get(claim, 0), data["step"])
    return dict(sorted(hops.items(), key=lambda item: str(item[0])))


def hop_counts(R: nx.MultiDiGraph) -> dict[int, int]:
    """How many claims travelled 1, 2, … hops.

    Examples
    --------
    >>> import networkx as nx
    >>> R = nx.MultiDiGraph()
    >>> R.add_edges_from([("s", "b", {"claim": "c1", "step": 1}),
    ...                   ("b", "a", {"claim": "c1", "step": 2}),
    ...                   ("n", "a", {"claim": "c2", "step": 1})])
    [0, 0, 0]
    >>> hop_counts(R)
    {1: 1, 2: 1}
    """
    return dict(sorted(Counter(claim_hops(R).values()).items()))


def reporting_paths(R: nx.MultiDiGraph) -> dict[Any, list[list[Any]]]:
    """For each claim, its paths from claimant to source, as lists of nodes.

    A claim with several reporters has one path through each (their order is not known).

    Examples
    --------
    >>> import networkx as nx
    >>> R = nx.MultiDiGraph()
    >>> R.add_edges_from([("s", "b", {"claim": "c1", "step": 1}),
    ...                   ("b", "a", {"claim": "c1", "step": 2})])
    [0, 0]
    >>> reporting_paths(R)
    {'c1': [['s', 'b', 'a']]}
    """
    steps: dict[Any, list[tuple[int, Any, Any]]] = defaultdict(list)
    for u, v, data in R.edges(data=True):
        steps[data["claim"]].append((data["step"], u, v))
    out: dict[Any, list[list[Any]]] = {}
    for claim in sorted(steps, key=str):
        edges = sorted(steps[claim], key=lambda e: (e[0], str(e[1]), str(e[2])))
        paths = [[u, v] for step, u, v in edges if step == 1]
        for step, u, v in edges:
            if step > 1:
                for path in paths:
                    if path[-1] == u and len(path) == step:
                        path.append(v)
        out[claim] = paths
    return out


def top_relays(R: nx.MultiDiGraph, n: int | None = None) -> list[tuple[Any, int]]:
    """Agents who relayed others' claims to a source, with how many claims each.

    Examples
    --------
    >>> import networkx as nx
    >>> R = nx.MultiDiGraph()
    >>> R.add_edges_from([("s", "b", {"claim": "c1", "step": 1, "relation": "relayed to"}),
    ...                   ("b", "a", {"claim": "c1", "step": 2, "relation": "recorded in"})])
    [0, 0]
    >>> top_relays(R)
    [('b', 1)]
    """
    relayed: Counter[Any] = Counter()
    for _, v, data in R.edges(data=True):
        if data.get("relation") == "relayed to":
            relayed[v] += 1
    ranked = sorted(relayed.items(), key=lambda item: (-item[1], str(item[0])))
    return ranked if n is None else ranked[:n]
