"""Most contested propositions and entities, from the claims graph.

A proposition is contested when one of its claims takes part in a contradiction (docs/rules.md);
ranking needs more than that yes/no. Here a proposition's score is the number of
contradicting pairs of claims that touch it, and an entity's the number of contradicting
pairs touching a claim about it (as subject or object). Ties go to the one with more
distinct speakers involved, then more claims, then the name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

import networkx as nx

__all__ = ["most_contested_entities", "most_contested_propositions"]


def _contradicting_edges(C: nx.Graph) -> list[tuple[Any, Any]]:
    return [(u, v) for u, v, rel in C.edges(data="relation") if rel == "contradicts"]


def most_contested_propositions(C: nx.Graph, n: int | None = None) -> list[dict[str, Any]]:
    """Propositions ranked by how many contradicting pairs of claims touch them.

    Parameters
    ----------
    C : networkx.Graph
        A claims graph (:func:`kg.views.claims_graph`): nodes carry ``proposition``,
        ``statement`` and ``claimant``; edges carry ``relation``.
    n : int, optional
        Keep the first ``n`` rows.

    Returns
    -------
    list of dict
        One row per proposition with at least one contradiction: ``proposition``,
        ``statement``, ``contradictions``, ``claims`` (claims about it), ``speakers``
        (distinct claimants involved in its contradictions, names sorted).

    Examples
    --------
    >>> import networkx as nx
    >>> C = nx.Graph()
    >>> C.add_node("c1", proposition="p", statement="Meta paid X", claimant_name="A")
    >>> C.add_node("c2", proposition="p", statement="Meta paid X", claimant_name="B")
    >>> C.add_node("c3", proposition="q", statement="X joined Meta", claimant_name="C")
    >>> C.add_edge("c1", "c2", relation="contradicts")
    >>> C.add_edge("c2", "c3", relation="contradicts")
    >>> rows = most_contested_propositions(C)
    >>> [(r["statement"], r["contradictions"], r["speakers"]) for r in rows]
    [('Meta paid X', 2, ['A', 'B', 'C']), ('X joined Meta', 1, ['B', 'C'])]
    """
    claims_of: dict[Any, int] = defaultdict(int)
    statements: dict[Any, str] = {}
    for _, attrs in C.nodes(data=True):
        if attrs.get("proposition") is None:
            continue  # a claim about claims: its contradictions count for the claims' side
        claims_of[attrs["proposition"]] += 1
        statements.setdefault(attrs["proposition"], attrs.get("statement", attrs["proposition"]))

    def about(node: Any) -> list[Any]:
        prop = C.nodes[node].get("proposition")
        return [] if prop is None else [prop]

    rows = _rank(C, about, claims_of, statements, n)
    return [{"proposition": r.pop("key"), "statement": r.pop("name"), **r} for r in rows]


def most_contested_entities(C: nx.Graph, n: int | None = None) -> list[dict[str, Any]]:
    """Agents and entities ranked by how many contradicting claim pairs are about them.

    A claim is about its subject, and about its object when the object is an IRI
    (``object_iri`` set). Rows: ``entity`` (IRI), ``name``, ``contradictions``, ``claims``
    (claims about it), ``speakers``.

    Examples
    --------
    >>> import networkx as nx
    >>> C = nx.Graph()
    >>> C.add_node("c1", subject_iri="meta", subject="Meta", object_iri="pang", object="Pang",
    ...            claimant="a", claimant_name="A")
    >>> C.add_node("c2", subject_iri="meta", subject="Meta", object_iri=None, object="2025",
    ...            claimant="b", claimant_name="B")
    >>> C.add_edge("c1", "c2", relation="contradicts")
    >>> [(r["name"], r["contradictions"], r["claims"]) for r in most_contested_entities(C)]
    [('Meta', 1, 2), ('Pang', 1, 1)]
    """
    names: dict[Any, str] = {}
    claims_of: dict[Any, int] = defaultdict(int)

    def about(node: Any) -> list[Any]:
        attrs = C.nodes[node]
        if attrs.get("subject_iri") is None:
            return []  # a claim about claims is about no agent or entity
        found = [attrs["subject_iri"]]
        names.setdefault(attrs["subject_iri"], attrs.get("subject", attrs["subject_iri"]))
        obj = attrs.get("object_iri")
        if obj is not None and obj != attrs["subject_iri"]:
            found.append(obj)
            names.setdefault(obj, attrs.get("object", obj))
        return found

    for node in C:
        for entity in about(node):
            claims_of[entity] += 1
    rows = _rank(C, about, claims_of, names, n)
    return [{"entity": r.pop("key"), "name": r.pop("name"), **r} for r in rows]


def _rank(
    C: nx.Graph,
    keys_of: Callable[[Any], list[Any]],
    claims_of: dict[Any, int],
    names: dict[Any, str],
    n: int | None,
) -> list[dict[str, Any]]:
    contradictions: dict[Any, int] = defaultdict(int)
    speakers: dict[Any, set[str]] = defaultdict(set)
    for u, v in _contradicting_edges(C):
        for key in set(keys_of(u)) | set(keys_of(v)):
            contradictions[key] += 1
            for node in (u, v):
                attrs = C.nodes[node]
                speakers[key].add(attrs.get("claimant_name") or str(attrs.get("claimant")))
    rows = [
        {
            "key": key,
            "name": names[key],
            "contradictions": count,
            "claims": claims_of[key],
            "speakers": sorted(speakers[key]),
        }
        for key, count in contradictions.items()
    ]
    rows.sort(key=lambda r: (-r["contradictions"], -len(r["speakers"]), -r["claims"], r["name"]))
    return rows if n is None else rows[:n]
