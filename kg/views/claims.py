"""Claims as nodes, contradictions and corroborations as edges: the graph behind the pictures.

This is the stable input of :mod:`kg.viz` and of the analyses that look at single claims
(most contested propositions and entities, truth discovery). Its attributes are part of the
public API: add to them, never rename or remove one.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from kg.runtime.gc_pause import without_gc
from kg.store.base import Store
from kg.views.projection import EMPTY, Edge, Projection
from kg.views.records import DETAILS, KIND_ORDER, ClaimData, read_claim_data, resolve_about

__all__ = ["build_claims", "claims_graph", "project_claims"]

#: What this view reads from the store (see :func:`kg.views.records.read_claim_data`).
READS: dict[str, Any] = {"links": True, "details": DETAILS}


@without_gc  # one pause for reading, projecting and building (kg.runtime.gc_pause)
def claims_graph(store: Store, *, about: str | None = None) -> nx.Graph:
    """A Graph whose nodes are claims and whose edges say which contradict or corroborate.

    Nodes are claim IRIs with these attributes (None when the claim has no such field):

    ========================  ===========================================================
    ``label``, ``id``         the claim's id in its sheet (``altman-100m``)
    ``iri``                   the claim's IRI
    ``claimant``              the claimant's IRI; ``claimant_name`` its name
    ``claimant_type``         Person, Organization, Group, AnonymousSource or Agent
    ``stance``                "asserts", "denies" or "declines" (a non-answer)
    ``hedged``                True when the claimant hedged
    ``on_behalf_of``          the IRI of the agent a spokesperson spoke for;
                              ``on_behalf_of_name`` its name
    ``voice``                 whose claim it counts as in the analyses (``on_behalf_of``,
                              else the claimant, one IRI per same_as group);
                              ``voice_name`` its name
    ``proposition``           the proposition's IRI; ``statement`` its text (a claim about
                              claims: "about claims a, b" and no proposition)
    ``responds_to``           IRIs of the claims it answers (a list, maybe empty);
                              ``about_claims`` True for a claim about claims
    ``subject``               subject label; ``subject_iri``
    ``predicate``             predicate label; ``predicate_iri``
    ``object``                object label or literal text; ``object_iri`` (None for literals)
    ``amount``                the amount as text (``≥ $100M``, ``60%``)
    ``during``                the period it speaks of, in words (``2023``)
    ``said_on``, ``medium``   when and how it was said
    ``source``                the source's title; ``source_iri``
    ``quote``, ``quote_lang`` the claimant's words and their language
    ``reported_by``           names of the agents who relayed it (a list, maybe empty)
    ``contested``             True when the claim takes part in a contradiction
    ========================  ===========================================================

    Edge attributes: ``relation`` ("contradicts" or "corroborates"); for contradictions
    (one edge per pair, docs/rules.md) ``kind`` (the docs/rules.md rules met, in the rules'
    order: "opposite-stance, rebuttal" when a pair meets two), ``kinds`` (list),
    ``reason`` (the stored one-line reason), ``reasons`` (list) and ``contradictions``
    (IRIs of the ``cg:Contradiction`` nodes); for corroborations ``kind`` is
    "corroboration" and ``reason`` says who agrees (an endorsement: who endorses whom).

    ``about`` keeps the claims about that node and the claims linked to them.

    Examples
    --------
    >>> from kg.demo import example_store
    >>> C = claims_graph(example_store())
    >>> for u, v, d in sorted(C.edges(data=True), key=lambda e: e[2]["relation"]):
    ...     print(C.nodes[u]["id"], d["relation"], C.nodes[v]["id"], d["kind"])
    altman-100m contradicts beyer-denial rebuttal
    beyer-joining corroborates trio-joined-meta corroboration
    """
    return build_claims(read_claim_data(store, about=resolve_about(store, about), **READS))


@without_gc  # one pause for reading, projecting and building (kg.runtime.gc_pause)
def build_claims(data: ClaimData) -> nx.Graph:
    """The claims graph of ``data`` (see :func:`claims_graph`)."""
    return project_claims(data).graph()


#: What every corroboration says alike; "reason" and "reasons" hold their places in the
#: graph's attribute order, each edge gives its own.
_CORROBORATION = {
    "relation": "corroborates",
    "kind": "corroboration",
    "kinds": EMPTY,
    "reason": None,
    "reasons": None,
    "contradictions": EMPTY,
}


@without_gc
def project_claims(data: ClaimData) -> Projection:
    """The claims graph of ``data`` as nodes and edges (see :mod:`kg.views.projection`):
    a corroboration's constant attributes are one dict."""
    p = Projection(
        "claims",
        directed=False,
        multigraph=False,
        deferred=("kinds", "reasons", "contradictions"),
        node_deferred=("responds_to", "reported_by"),
    )
    contested = data.contradicted()
    voices = data.voices()
    nodes: dict[str, dict[str, Any]] = {}
    for iri in sorted(data.claims):
        claim = data.claims[iri]
        claimant = data.nodes.get(claim.claimant)
        voice = data.voice_of(claim, voices)
        nodes[iri] = dict(
            label=claim.id,
            id=claim.id,
            iri=iri,
            claimant=claim.claimant,
            claimant_name=data.label(claim.claimant),
            claimant_type=claimant.type if claimant else None,
            stance=claim.stance,
            hedged=claim.hedged,
            on_behalf_of=claim.on_behalf_of,
            on_behalf_of_name=data.label(claim.on_behalf_of) if claim.on_behalf_of else None,
            voice=voice,
            voice_name=data.label(voice),
            proposition=claim.proposition,
            statement=data.statement(claim),
            responds_to=list(claim.responds_to) if claim.responds_to else EMPTY,
            about_claims=claim.about_claims,
            subject=data.label(claim.subject) if claim.subject else None,
            subject_iri=claim.subject,
            predicate=data.label(claim.predicate) if claim.predicate else None,
            predicate_iri=claim.predicate,
            object=data.object_text(claim),
            object_iri=claim.object if claim.object_is_iri else None,
            amount=data.amount_text(claim),
            during=data.during_text(claim),
            said_on=claim.said_on,
            medium=claim.medium,
            source=data.label(claim.source),
            source_iri=claim.source,
            quote=claim.quote,
            quote_lang=claim.quote_lang,
            reported_by=[data.label(r) for r in claim.reported_by] if claim.reported_by else EMPTY,
            contested=iri in contested,
        )
    p.nodes = nodes
    contradicting = set()
    for x in data.contradictions:  # one per pair, carrying every kind it meets
        a, b = x.claims
        if a not in nodes or b not in nodes:
            continue
        kinds = list(x.kinds or (x.kind,))
        kinds.sort(key=lambda k: KIND_ORDER.index(k) if k in KIND_ORDER else len(KIND_ORDER))
        contradicting.add((a, b))
        # like a corroboration's: the reasons its own, the rest shared (with no other edge)
        shared = {
            "relation": "contradicts",
            "kind": ", ".join(kinds),
            "kinds": kinds,
            "reason": None,
            "reasons": None,
            "contradictions": [x.iri],
        }
        own = {"reason": x.reason, "reasons": [x.reason] if x.reason else EMPTY}
        p.edges.append(Edge(a, b, None, own, shared))
    for a, b in data.corroborations:
        if a in nodes and b in nodes and (a, b) not in contradicting:
            first, second = nodes[a], nodes[b]
            if second["about_claims"] and not first["about_claims"]:
                first, second = second, first
            if first["about_claims"]:  # an endorsement corroborates each claim it lists
                reason = (
                    f"{first['claimant_name']} endorses {second['claimant_name']}'s claim "
                    f"that {second['statement']}"
                )
            else:
                reason = (
                    f"{first['claimant_name']} and {second['claimant_name']} both assert that "
                    f"{first['statement']}"
                )
            p.edges.append(
                Edge(a, b, None, {"reason": reason, "reasons": [reason]}, _CORROBORATION)
            )
    return p
