"""The names and kinds of what the views show: agents, entities, predicates and sources.

A view names each node by its label (else its identifier), gives agents their type and
sources their title, date, language and publisher, and counts agents that name the same
``owl:sameAs`` IRI (or one another's IRI) as one voice
(:meth:`kg.views.records.ClaimData.voices`). Read for the whole store, or for the nodes of
a few claims (``--about``): then the agents that may share a voice with them come too
(:func:`voice_closure`), so a view names things as it would from every node.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.rules.reasons import short_name
from kg.store.base import PREFIX_HEADER, Store, in_chunks, rows, values_block
from kg.store.base import cell_text as _v
from kg.views.claim_columns import tuples
from kg.vocab import AGENT_TYPE_WORDS, ASSERTED_GRAPH, CG, PREFIXES

__all__ = ["NodeInfo", "read_nodes", "read_sources", "voice_closure"]


@dataclass(frozen=True, slots=True)
class NodeInfo:
    """Name and kind of an agent, entity, source or predicate."""

    iri: str
    label: str
    id: str | None
    #: "agent", "entity", "source", "predicate" or "other"
    kind: str
    #: Person / Organization / Group / AnonymousSource / Agent; a source's schema.org type
    type: str | None = None
    published: str | None = None
    language: str | None = None
    publisher: str | None = None
    #: an agent's ``owl:sameAs`` IRIs, sorted
    same_as: tuple[str, ...] = ()


def voice_closure(store: Store, iris: set[str]) -> set[str]:
    """``iris`` and every agent that may share a voice with one of them: agents naming the
    same ``owl:sameAs`` IRI, or naming one another's IRI, followed until none is new."""
    found = set(iris)
    frontier = set(iris)
    while frontier:
        named = {
            _v(same) or ""
            for part in in_chunks(f"<{i}>" for i in sorted(frontier))
            for _, same in tuples(
                store,
                f"SELECT ?x ?same WHERE {{ GRAPH <{ASSERTED_GRAPH}> {{ "
                f"{values_block('x', part)} ?x a prov:Agent ; owl:sameAs ?same }} }}",
            )
        }
        sharing = {
            _v(agent) or ""
            for part in in_chunks(f"<{i}>" for i in sorted(named | frontier))
            for agent, _ in tuples(
                store,
                f"SELECT ?y ?same WHERE {{ GRAPH <{ASSERTED_GRAPH}> {{ "
                f"{values_block('same', part)} ?y a prov:Agent ; owl:sameAs ?same }} }}",
            )
        }
        frontier = (named | sharing) - found
        found |= frontier
    return found


def read_nodes(store: Store, only: set[str] | None = None) -> dict[str, NodeInfo]:
    """Names and kinds of every agent, entity and predicate in the store, or of those of
    ``only`` (IRIs; other IRIs in it are passed over)."""
    blocks = (
        [""]
        if only is None
        else [values_block("x", part) for part in in_chunks(f"<{i}>" for i in sorted(only))]
    )
    queries = [
        PREFIX_HEADER
        + "SELECT ?x ?class ?label ?id WHERE { "
        + f"GRAPH <{ASSERTED_GRAPH}> {{ {block} "
        + "VALUES ?class { prov:Agent cg:Entity rdf:Property } ?x a ?class . "
        + "OPTIONAL { ?x rdfs:label ?label } OPTIONAL { ?x schema:identifier ?id } } }"
        for block in blocks
    ]
    kinds = {
        PREFIXES["prov"] + "Agent": "agent",
        CG.Entity: "entity",
        PREFIXES["rdf"] + "Property": "predicate",
    }
    seen: dict[str, tuple[set[str], set[str], set[str]]] = {}
    for r in (r for query in queries for r in rows(store.query(query))):
        found_kinds, found_labels, found_ids = seen.setdefault(r["x"].value, (set(), set(), set()))
        found_kinds.add(kinds[r["class"].value])
        if "label" in r:
            found_labels.add(r["label"].value)
        if "id" in r:
            found_ids.add(r["id"].value)
    types = _agent_types(store, blocks)
    same_as = _same_as(store, blocks)
    out = {}
    # Two sheets may name one IRI differently: the smallest name wins, deterministically.
    for iri, (found_kinds, found_labels, found_ids) in seen.items():
        kind = "agent" if "agent" in found_kinds else min(found_kinds)
        ident = min(found_ids) if found_ids else None
        label = min(found_labels) if found_labels else ident or short_name(iri)
        agent = kind == "agent"
        out[iri] = NodeInfo(
            iri,
            label,
            ident,
            kind,
            types.get(iri, "Agent") if agent else None,
            same_as=tuple(sorted(same_as.get(iri, ()))) if agent else (),
        )
    return out


def _same_as(store: Store, blocks: list[str]) -> dict[str, set[str]]:
    """The ``owl:sameAs`` IRIs of every agent (``blocks``: VALUES blocks of ``?x``, or
    ``[""]`` for all)."""
    out: dict[str, set[str]] = {}
    for block in blocks:
        pattern = f"GRAPH <{ASSERTED_GRAPH}> {{ {block} ?x a prov:Agent ; owl:sameAs ?same }}"
        for x, same in tuples(store, f"SELECT ?x ?same WHERE {{ {pattern} }}"):
            out.setdefault(_v(x) or "", set()).add(_v(same) or "")
    return out


def _agent_types(store: Store, blocks: list[str]) -> dict[str, str]:
    types = values_block("t", [f"<{t}>" for t in AGENT_TYPE_WORDS])
    queries = [
        PREFIX_HEADER
        + f"SELECT ?x ?t WHERE {{ GRAPH <{ASSERTED_GRAPH}> {{ {block} {types} ?x a ?t }} }}"
        for block in blocks
    ]
    out: dict[str, str] = {}
    for r in (r for query in queries for r in rows(store.query(query))):
        name = AGENT_TYPE_WORDS[r["t"].value]
        out[r["x"].value] = min(name, out.get(r["x"].value, name))
    return out


def read_sources(store: Store, only: set[str] | None = None) -> dict[str, NodeInfo]:
    """Every source in the store, or those of ``only`` (IRIs)."""
    # A VALUES block goes inside the GRAPH block (kg.store.base.values_block).
    blocks = (
        [""]
        if only is None
        else [values_block("x", part) for part in in_chunks(f"<{i}>" for i in sorted(only))]
    )
    found = [
        r
        for block in blocks
        for r in rows(
            store.query(
                PREFIX_HEADER + "SELECT ?x ?title ?id ?date ?lang ?publisher ?type WHERE { "
                f"GRAPH <{ASSERTED_GRAPH}> {{ {block} ?x a schema:CreativeWork . "
                "OPTIONAL { ?x schema:headline ?title } OPTIONAL { ?x schema:identifier ?id } "
                "OPTIONAL { ?x schema:datePublished ?date } "
                "OPTIONAL { ?x schema:inLanguage ?lang } "
                "OPTIONAL { ?x schema:publisher ?publisher } "
                "OPTIONAL { ?x a ?type FILTER(?type != schema:CreativeWork) } } }"
            )
        )
    ]
    out: dict[str, NodeInfo] = {}
    for r in found:
        iri = r["x"].value
        title = r["title"].value if "title" in r else None
        ident = r["id"].value if "id" in r else None
        kind_type = short_name(r["type"].value).removeprefix("schema:") if "type" in r else None
        node = NodeInfo(
            iri,
            title or ident or short_name(iri),
            ident,
            "source",
            kind_type or "CreativeWork",
            r["date"].value if "date" in r else None,
            r["lang"].value if "lang" in r else None,
            r["publisher"].value if "publisher" in r else None,
        )
        old = out.get(iri)
        # Several values of one field: keep a deterministic choice (the smallest tuple).
        if old is None or _node_key(node) < _node_key(old):
            out[iri] = node
    return out


def _node_key(node: NodeInfo) -> tuple[str, ...]:
    return tuple(
        str(v)
        for v in (node.label, node.id, node.type, node.published, node.language, node.publisher)
    )
