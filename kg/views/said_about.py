"""Who said what about whom: speakers linked to what their claims are about.

Each claim gives an edge from its claimant to the claim's subject, and a second one to its
object when the object is an agent or an entity (not a literal such as a date). The edge
carries the whole claim: stance, predicate, proposition, amount, date, source.

The edge starts at whoever actually spoke (a spokesperson, not their company: who said
what is this view's subject); ``on_behalf_of`` names whom they spoke for. A claim about
claims (a blanket denial, an endorsement) is about no agent or entity and gives no edge
here; the disagreement and claims views hold it.
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

__all__ = ["build_said_about", "project_said_about", "said_about_graph"]

#: What this view reads from the store (see :func:`kg.views.records.read_claim_data`).
READS: dict[str, Any] = {
    "links": "contradictions",
    "details": ("said_on", "medium", "amount", "during"),
}

#: Node kinds a claim's object must have to become the head of an edge.
_SPOKEN_ABOUT = ("agent", "entity")


@without_gc  # one pause for reading, projecting and building (kg.runtime.gc_pause)
def said_about_graph(store: Store, *, about: str | None = None) -> nx.MultiDiGraph:
    """A MultiDiGraph speaker → subject (and → object), one edge per claim and role.

    Nodes are IRIs, with ``label``, ``id``, ``kind`` ("agent" or "entity"), ``type``,
    ``claims_made`` and ``claims_about``. Edge keys are the claim IRI (the subject edge) and
    the claim IRI + ``#object`` (the object edge); edge attributes: ``claim``, ``claim_id``,
    ``role`` ("subject" or "object"), ``stance``, ``predicate``, ``predicate_iri``,
    ``proposition``, ``statement``, ``object``, ``amount`` (text), ``amount_min``,
    ``amount_max`` (numbers, None when open), ``currency``, ``unit``, ``during``,
    ``said_on``, ``medium``, ``source``, ``source_iri``, ``contradicted``, ``hedged`` and
    ``on_behalf_of`` (the IRI of the agent a spokesperson spoke for, else None).

    ``about`` (an agent's or entity's id, name or IRI) keeps the claims whose subject or
    object it is.

    Examples
    --------
    >>> from kg.demo import example_store
    >>> G = said_about_graph(example_store(), about="pang")
    >>> sorted(G.nodes[n]["label"] for n in G)
    ['Apple', "Apple's AI models", 'Meta', 'Numerama', 'Ruoming Pang', 'Sources proches du dossier']
    >>> [(d["claim_id"], d["role"], d["amount"]) for _, _, d in G.in_edges(
    ...     "https://example.org/talent-war/agent/pang", data=True) if d["amount"]]
    [('pang-200m', 'object', '≥ $200M')]
    """
    return build_said_about(read_claim_data(store, about=resolve_about(store, about), **READS))


@without_gc  # one pause for reading, projecting and building (kg.runtime.gc_pause)
def build_said_about(data: ClaimData) -> nx.MultiDiGraph:
    """The said-about graph of the claims in ``data`` (see :func:`said_about_graph`)."""
    return project_said_about(data).graph()


#: The one attribute a claim's two edges do not share, as one dict for all of them.
_ROLES = {"subject": {"role": "subject"}, "object": {"role": "object"}}


@without_gc
def project_said_about(data: ClaimData) -> Projection:
    """The said-about view of the claims in ``data`` as nodes and edges (see
    :mod:`kg.views.projection`): what both edges of a claim say is one dict."""
    p = Projection("said-about", directed=True, multigraph=True)
    nodes = p.nodes
    contradicted = data.contradicted()
    made: Counter[str] = Counter()
    about: Counter[str] = Counter()
    for iri in sorted(data.claims):
        claim = data.claims[iri]
        if claim.subject is None or claim.predicate is None:
            continue  # a claim about claims is about no agent or entity
        targets: list[tuple[str, str]] = [("subject", claim.subject)]
        if (
            claim.object_is_iri
            and claim.object is not None
            and claim.object != claim.subject
            and data.kind(claim.object) in _SPOKEN_ABOUT
        ):
            targets.append(("object", claim.object))
        if claim.claimant not in nodes:
            nodes[claim.claimant] = node_attributes(data, claim.claimant)
        amount = claim.amount
        low = high = None
        if amount is not None:
            interval = amount.interval
            low = float(interval.low) if interval.low is not None else None
            high = float(interval.high) if interval.high is not None else None
        made[claim.claimant] += 1
        # What both of a claim's edges say, made once (two million edges at 1M claims);
        # "role" holds its place in the graph's attribute order, each edge gives its own.
        shared: dict[str, Any] = {
            "claim": iri,
            "claim_id": claim.id,
            "role": None,
            "stance": claim.stance,
            "predicate": data.label(claim.predicate),
            "predicate_iri": claim.predicate,
            "proposition": claim.proposition,
            "statement": data.statement(claim),
            "object": data.object_text(claim),
            "amount": data.amount_text(claim),
            "amount_min": low,
            "amount_max": high,
            "currency": amount.currency if amount is not None else None,
            "unit": amount.unit if amount is not None else None,
            "during": data.during_text(claim),
            "said_on": claim.said_on,
            "medium": claim.medium,
            "source": data.label(claim.source),
            "source_iri": claim.source,
            "contradicted": iri in contradicted,
            "hedged": claim.hedged,
            "on_behalf_of": claim.on_behalf_of,
        }
        for role, target in targets:
            about[target] += 1
            if target not in nodes:
                nodes[target] = node_attributes(data, target)
            key = iri if role == "subject" else f"{iri}#object"
            p.edges.append(Edge(claim.claimant, target, key, _ROLES[role], shared))
    for node, attrs in nodes.items():
        attrs["claims_made"] = made[node]
        attrs["claims_about"] = about[node]
    return p
