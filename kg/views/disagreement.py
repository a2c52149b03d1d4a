"""Who disagrees with whom: a signed graph between speakers.

Two speakers are linked when a claim of one contradicts or corroborates a claim of the
other. Each contradicting pair of claims counts −1, each corroborating pair +1, and the
edge's ``weight`` is the sum. A pair of claims that meets two contradiction rules (a
rebuttal that also opposes the same proposition) is one disagreement and counts once; its
kinds are all listed. A speaker who contradicts or corroborates themself gets no self-loop
(it would mean nothing to a partition into camps): it is counted on the node instead.

One voice (docs/sheet-format.md Spokespeople): a claim counts as the claim of the agent it is made
``on_behalf_of`` (a spokesperson's claims are their company's), and agents that name the
same ``same_as`` IRI are one speaker, the node of the smallest IRI among them; the node's
``members`` name everyone whose claims it holds. ``declines`` claims (non-answers) take part
in no disagreement; a claim about claims (a blanket denial, an endorsement) takes part
through the contradictions and corroborations it has.
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

    Nodes are speakers' IRIs (one node per voice: see the module doc), with ``label``,
    ``id``, ``kind``, ``type``, ``claims`` (how many claims count as theirs, non-answers
    aside), ``self_contradictions``, ``members`` and ``member_iris`` (the agents whose
    claims the node holds: spokespeople, same_as aliases). Edge attributes:

    - ``weight``: corroborations − contradictions, and ``sign`` (+1, −1 or 0);
    - ``contradictions`` and ``corroborations``: how many pairs of claims of each;
    - ``evidence``: one dict per pair of claims, ``relation`` ("contradicts" or
      "corroborates"), ``kinds`` (the docs/rules.md rules met, in the rules' order),
      ``claims`` (the two claim ids, this edge's lower node first), ``claim_iris``,
      ``claimants`` (who actually spoke), ``on_behalf_of``, ``hedged`` (one flag per claim:
      a hedge is marked, and weighs the same) and ``reasons``;
    - ``hedged``: True when a hedged claim is part of the evidence;
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
    voices = data.voices()
    voice: dict[str, str] = {}  # claim IRI → the speaker it counts as
    claims_by: dict[str, int] = defaultdict(int)
    members: dict[str, set[str]] = defaultdict(set)
    for claim in data.claims.values():
        if claim.stance == "declines":
            continue  # a non-answer agrees or disagrees with nobody
        who = voice[claim.iri] = data.voice_of(claim, voices)
        claims_by[who] += 1
        members[who].update((claim.claimant, who))
        if claim.on_behalf_of is not None:
            members[who].add(claim.on_behalf_of)
    nodes = {
        speaker: {
            **node_attributes(data, speaker),
            "claims": count,
            "self_contradictions": 0,
            "members": sorted(data.label(m) for m in members[speaker]),
            "member_iris": sorted(members[speaker]),
        }
        for speaker, count in sorted(claims_by.items())
    }
    contradicting = {x.claims: x for x in data.contradictions}
    # Aggregate per speaker pair in plain dicts, then hand NetworkX every edge at once.
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    links = [(pair, "contradicts") for pair in sorted(contradicting)]
    links += [(pair, "corroborates") for pair in data.corroborations if pair not in contradicting]
    for (first, second), relation in links:
        a, b = data.claims.get(first), data.claims.get(second)
        if a is None or b is None or a.iri not in voice or b.iri not in voice:
            continue
        va, vb = voice[a.iri], voice[b.iri]
        if va == vb:
            if relation == "contradicts":
                nodes[va]["self_contradictions"] += 1
            continue
        if va > vb:
            a, b, va, vb = b, a, vb, va
        edge = edges.get((va, vb))
        if edge is None:
            edge = edges[va, vb] = {
                "contradictions": 0,
                "corroborations": 0,
                "evidence": [],
            }
        kinds: list[str] = []
        reasons: list[str] = []
        if relation == "contradicts":
            edge["contradictions"] += 1
            found = contradicting[first, second]
            kinds = list(found.kinds or (found.kind,))
            reasons = [found.reason] if found.reason else []
        else:
            edge["corroborations"] += 1
        edge["evidence"].append(
            {
                "relation": relation,
                "kinds": kinds,
                "claims": [a.id, b.id],
                "claim_iris": [a.iri, b.iri],
                "claimants": [a.claimant, b.claimant],
                "on_behalf_of": [a.on_behalf_of, b.on_behalf_of],
                "hedged": [a.hedged, b.hedged],
                "reasons": reasons,
            }
        )
    for edge in edges.values():
        weight = edge["corroborations"] - edge["contradictions"]
        edge["weight"] = weight
        edge["sign"] = (weight > 0) - (weight < 0)
        edge["reasons"] = [r for e in edge["evidence"] for r in e["reasons"]]
        edge["hedged"] = any(h for e in edge["evidence"] for h in e["hedged"])
        edge["claims"] = "; ".join(
            f"{e['claims'][0]} {'×' if e['relation'] == 'contradicts' else '~'} {e['claims'][1]}"
            for e in edge["evidence"]
        )
    G = nx.Graph(name="disagreement")
    G.add_nodes_from(nodes.items())
    G.add_edges_from((u, v, attrs) for (u, v), attrs in edges.items())
    return G
