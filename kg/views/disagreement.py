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

import json
from collections import defaultdict
from itertools import chain
from json.encoder import encode_basestring
from typing import Any

import networkx as nx

from kg.runtime.gc_pause import without_gc
from kg.store.base import Store
from kg.views._nodes import node_attributes
from kg.views.projection import EMPTY, Deferred, Edge, Projection
from kg.views.records import ClaimData, ClaimInfo, Contradiction, read_claim_data, resolve_about

__all__ = ["Evidence", "build_disagreement", "disagreement_graph", "project_disagreement"]

#: What this view reads from the store (see :func:`kg.views.records.read_claim_data`).
READS: dict[str, Any] = {"links": True, "details": ()}


@without_gc  # one pause for reading, projecting and building (kg.runtime.gc_pause)
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


@without_gc  # one pause for reading, projecting and building (kg.runtime.gc_pause)
def build_disagreement(data: ClaimData) -> nx.Graph:
    """The disagreement graph of the links in ``data`` (see :func:`disagreement_graph`)."""
    return project_disagreement(data).graph()


class Evidence(Deferred):
    """An edge's ``evidence``: one dict per pair of claims, made only when written or put
    in the graph (two million pairs at 1M claims, each a dict of six lists otherwise)."""

    __slots__ = ("pairs",)

    def __init__(self) -> None:
        #: (relation, the contradiction or None, claim on the lower node, the other claim)
        self.pairs: list[tuple[str, Contradiction | None, ClaimInfo, ClaimInfo]] = []

    def value(self) -> list[dict[str, Any]]:
        return [
            {
                "relation": relation,
                "kinds": list(found.kinds or (found.kind,)) if found else [],
                "claims": [a.id, b.id],
                "claim_iris": [a.iri, b.iri],
                "claimants": [a.claimant, b.claimant],
                "on_behalf_of": [a.on_behalf_of, b.on_behalf_of],
                "hedged": [a.hedged, b.hedged],
                "reasons": [found.reason] if found and found.reason else [],
            }
            for relation, found, a, b in self.pairs
        ]

    def flat(self) -> str:
        """The JSON :func:`~kg.views.formats.flat_value` makes of :meth:`value` (sorted
        keys, no spaces), written from the pairs: no dicts, no generic encoder."""
        if not self.pairs:
            return ""
        items = []
        for relation, found, a, b in self.pairs:
            if found is None:
                kinds = reason = ""
            else:
                kinds = ",".join(map(_json, found.kinds or (found.kind,)))
                reason = _json(found.reason) if found.reason else ""
            items.append(
                f'{{"claim_iris":[{_text(a.iri)},{_text(b.iri)}],'
                f'"claimants":[{_text(a.claimant)},{_text(b.claimant)}],'
                f'"claims":[{_text(a.id)},{_text(b.id)}],'
                f'"hedged":[{_json(a.hedged)},{_json(b.hedged)}],'
                f'"kinds":[{kinds}],'
                f'"on_behalf_of":[{_json(a.on_behalf_of)},{_json(b.on_behalf_of)}],'
                f'"reasons":[{reason}],"relation":{_text(relation)}}}'
            )
        return "[" + ",".join(items) + "]"


#: A string as JSON (``ensure_ascii=False``), in C.
_text = encode_basestring


def _json(value: Any) -> str:
    """A scalar as :func:`json.dumps` writes it (``ensure_ascii=False``)."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if type(value) is str:
        return encode_basestring(value)
    return json.dumps(value, ensure_ascii=False)


@without_gc
def project_disagreement(data: ClaimData) -> Projection:
    """The disagreement view of the links in ``data`` as nodes and edges (see
    :mod:`kg.views.projection`), each edge's evidence :class:`Evidence`."""
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
    p = Projection(
        "disagreement", directed=False, multigraph=False, deferred=("evidence", "reasons")
    )
    p.nodes = nodes = {
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
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    links = chain(
        ((pair, "contradicts") for pair in sorted(contradicting)),
        ((pair, "corroborates") for pair in data.corroborations if pair not in contradicting),
    )
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
                "evidence": Evidence(),
            }
        found = None
        if relation == "contradicts":
            edge["contradictions"] += 1
            found = contradicting[first, second]
        else:
            edge["corroborations"] += 1
        edge["evidence"].pairs.append((relation, found, a, b))
    for (u, v), edge in edges.items():
        weight = edge["corroborations"] - edge["contradictions"]
        pairs = edge["evidence"].pairs
        edge["weight"] = weight
        edge["sign"] = (weight > 0) - (weight < 0)
        reasons = [x.reason for _, x, _, _ in pairs if x is not None and x.reason]
        edge["reasons"] = reasons or EMPTY
        edge["hedged"] = any(a.hedged or b.hedged for _, _, a, b in pairs)
        edge["claims"] = "; ".join(
            f"{a.id} {'×' if relation == 'contradicts' else '~'} {b.id}"
            for relation, _, a, b in pairs
        )
        p.edges.append(Edge(u, v, None, edge))
    return p
