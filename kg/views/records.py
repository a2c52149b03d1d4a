"""Claims, their links and the names of everything they mention, read with a few SPARQL queries.

Every view in :mod:`kg.views` is built from one :class:`ClaimData`. Reading it costs a fixed
number of whole-store queries (claims, amounts, reporters, contradictions, corroborations,
names), not one query per claim, so a projection of 100k claims stays a matter of seconds on
the embedded store and a handful of requests on a remote one. Only :meth:`Store.query` is
used, so every backend works the same way.

With ``about``, only claims whose subject or object is that agent or entity are read, plus
the claims they contradict or corroborate (a disagreement has two sides).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from kg.model import Amount
from kg.report import resolve_node
from kg.rules.reasons import format_amount, short_name
from kg.store.base import PREFIX_HEADER, Store, in_chunks, rows, values_block
from kg.views._gc import without_gc
from kg.vocab import AGENT_TYPE_WORDS, ASSERTED_GRAPH, CG, DERIVED_GRAPH, KIND_WORDS, PREFIXES

__all__ = [
    "DETAILS",
    "ClaimData",
    "ClaimInfo",
    "Contradiction",
    "NodeInfo",
    "read_claim_data",
    "resolve_about",
]


@dataclass(frozen=True, slots=True)
class ClaimInfo:
    """One attributed claim, as the views need it (IRIs, plus display text)."""

    iri: str
    id: str
    claimant: str
    stance: str  # "asserts" or "denies"
    proposition: str
    subject: str
    predicate: str
    #: an IRI when ``object_is_iri``, else the literal's text
    object: str
    object_is_iri: bool
    source: str
    said_on: str | None = None
    medium: str | None = None
    quote: str | None = None
    quote_lang: str | None = None
    amount: Amount | None = None
    reported_by: tuple[str, ...] = ()


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


@dataclass(frozen=True, slots=True)
class Contradiction:
    """A ``cg:Contradiction``: its kind (docs/rules.md rule), reason, and its two claims."""

    iri: str
    kind: str
    reason: str
    claims: tuple[str, str]


@dataclass
class ClaimData:
    """Everything the views are built from."""

    claims: dict[str, ClaimInfo] = field(default_factory=dict)
    nodes: dict[str, NodeInfo] = field(default_factory=dict)
    contradictions: list[Contradiction] = field(default_factory=list)
    #: pairs of claim IRIs, each pair once, in sorted order
    corroborations: list[tuple[str, str]] = field(default_factory=list)

    def label(self, iri: str) -> str:
        """The display name of an IRI: its label, else a CURIE or its last segment."""
        node = self.nodes.get(iri)
        return node.label if node else short_name(iri)

    def kind(self, iri: str) -> str:
        node = self.nodes.get(iri)
        return node.kind if node else "other"

    def object_text(self, claim: ClaimInfo) -> str:
        return self.label(claim.object) if claim.object_is_iri else claim.object

    def statement(self, claim: ClaimInfo) -> str:
        """``Meta offered a signing bonus to OpenAI staff`` (amount not included)."""
        return (
            f"{self.label(claim.subject)} {self.label(claim.predicate)} {self.object_text(claim)}"
        )

    def amount_text(self, claim: ClaimInfo) -> str | None:
        return format_amount(claim.amount) if claim.amount is not None else None

    def contradicted(self) -> set[str]:
        """IRIs of claims that take part in at least one contradiction."""
        return {c for x in self.contradictions for c in x.claims}


#: Optional claim fields :func:`read_claim_data` can read; each costs one query.
DETAILS = frozenset({"said_on", "medium", "quote", "amount", "reported_by"})


@without_gc
def read_claim_data(
    store: Store,
    *,
    about: Iterable[str] | None = None,
    links: bool | str = True,
    details: Iterable[str] = DETAILS,
) -> ClaimData:
    """Read claims (all, or those about the nodes ``about``), their links and node names.

    ``about`` holds IRIs of agents or entities (see :func:`kg.report.resolve_node`).
    ``links``: True reads contradictions and corroborations, "contradictions" only those,
    False neither. ``details`` names the optional claim fields to read (see
    :data:`DETAILS`); a view asks only for what it shows, since each is one more query.
    """
    wanted = frozenset(details)
    if wanted - DETAILS:
        raise ValueError(f"unknown claim details: {sorted(wanted - DETAILS)}")
    data = ClaimData()
    if about is None:
        data.claims = _read_claims(store, "", wanted)
        selected: list[str] | None = None
    else:
        nodes = [f"<{i}>" for i in sorted(set(about))]
        where = "{ " + values_block("s", nodes) + " } UNION { " + values_block("o", nodes) + " } "
        data.claims = _read_claims(store, where, wanted)
        selected = sorted(data.claims)
    if links:
        data.contradictions = _read_contradictions(store, selected)
        if links is True:
            data.corroborations = _read_corroborations(store, selected)
        partners = {c for x in data.contradictions for c in x.claims}
        partners.update(c for pair in data.corroborations for c in pair)
        missing = sorted(partners - set(data.claims))
        for chunk in in_chunks([f"<{i}>" for i in missing]):
            data.claims.update(_read_claims(store, values_block("c", chunk) + " ", wanted))
    data.nodes = _read_nodes(store)
    return data


def _tuples(store: Store, query: str) -> Iterator[tuple[Any, ...]]:
    """Solutions as tuples of terms in SELECT order (None when unbound).

    Positional access is about three times faster than looking terms up by name, which
    matters at 100k claims.
    """
    for solution in store.query(PREFIX_HEADER + query):
        yield tuple(solution)


def _per_claim(
    store: Store, select: str, pattern: str, claims: list[str] | None
) -> Iterator[tuple[Any, ...]]:
    """Solutions of ``pattern`` (which binds ?c) for every claim, or for ``claims`` in chunks."""
    if claims is None:
        yield from _tuples(store, f"SELECT {select} WHERE {{ {pattern} }}")
        return
    for chunk in in_chunks([f"<{c}>" for c in claims]):
        yield from _tuples(
            store, f"SELECT {select} WHERE {{ {values_block('c', chunk)} {pattern} }}"
        )


def _column(store: Store, predicate: str, claims: list[str] | None) -> dict[str, Any]:
    """``predicate``'s value for each claim that has one: one single-pattern query."""
    pattern = f"GRAPH <{ASSERTED_GRAPH}> {{ ?c {predicate} ?v }}"
    return {c.value: v for c, v in _per_claim(store, "?c ?v", pattern, claims)}


def _read_claims(store: Store, where: str, details: frozenset[str]) -> dict[str, ClaimInfo]:
    # Claims and propositions are read apart and joined here: one star pattern per query
    # keeps Oxigraph's evaluation flat, where a single big join with OPTIONALs did not.
    prop_patterns = "?prop rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . " if where else ""
    core = list(
        _tuples(
            store,
            "SELECT ?c ?claimant ?stance ?prop ?source WHERE { "
            f"GRAPH <{ASSERTED_GRAPH}> {{ {where}?c cg:claimant ?claimant ; cg:stance ?stance ; "
            f"cg:proposition ?prop ; cg:source ?source . {prop_patterns}}} }}",
        )
    )
    if not core:
        return {}
    restrict = None if not where else sorted({row[0].value for row in core})
    props = _read_propositions(store, None if not where else sorted({row[3].value for row in core}))
    ids = _column(store, "schema:identifier", restrict)
    said = _column(store, "cg:saidOn", restrict) if "said_on" in details else {}
    medium = _column(store, "cg:medium", restrict) if "medium" in details else {}
    quotes = _column(store, "cg:quote", restrict) if "quote" in details else {}
    amounts = _read_amounts(store, restrict) if "amount" in details else {}
    reporters = _read_reporters(store, restrict) if "reported_by" in details else {}
    denies = CG.Denies
    out: dict[str, ClaimInfo] = {}
    for c, claimant, stance, prop, source in core:
        iri = c.value
        if iri in out:
            continue
        subject, predicate, obj = props[prop.value]
        ident, date, how, quote = ids.get(iri), said.get(iri), medium.get(iri), quotes.get(iri)
        out[iri] = ClaimInfo(
            iri=iri,
            id=ident.value if ident is not None else short_name(iri),
            claimant=claimant.value,
            stance="denies" if stance.value == denies else "asserts",
            proposition=prop.value,
            subject=subject.value,
            predicate=predicate.value,
            object=obj.value,
            object_is_iri=isinstance(obj, ox.NamedNode),
            source=source.value,
            said_on=date.value if date is not None else None,
            medium=how.value if how is not None else None,
            quote=quote.value if quote is not None else None,
            quote_lang=quote.language if quote is not None else None,
            amount=amounts.get(iri),
            reported_by=tuple(sorted(reporters.get(iri, ()))),
        )
    return out


def _read_propositions(store: Store, props: list[str] | None) -> dict[str, tuple[Any, Any, Any]]:
    pattern = f"GRAPH <{ASSERTED_GRAPH}> {{ ?c rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }}"
    return {c.value: (s, p, o) for c, s, p, o in _per_claim(store, "?c ?s ?p ?o", pattern, props)}


def _read_amounts(store: Store, claims: list[str] | None) -> dict[str, Amount]:
    pattern = (
        f"GRAPH <{ASSERTED_GRAPH}> {{ ?c cg:amount ?a . OPTIONAL {{ ?a schema:value ?v }} "
        "OPTIONAL { ?a schema:minValue ?min } OPTIONAL { ?a schema:maxValue ?max } "
        "OPTIONAL { ?a schema:currency ?cur } }"
    )
    out = {}
    for c, v, low, high, currency in _per_claim(store, "?c ?v ?min ?max ?cur", pattern, claims):
        out[c.value] = Amount(
            _decimal(v),
            _decimal(low),
            _decimal(high),
            currency.value if currency is not None else None,
        )
    return out


def _decimal(term: Any) -> Decimal | None:
    return Decimal(term.value) if term is not None else None


def _read_reporters(store: Store, claims: list[str] | None) -> dict[str, set[str]]:
    pattern = f"GRAPH <{ASSERTED_GRAPH}> {{ ?c cg:reportedBy ?r }}"
    out: dict[str, set[str]] = {}
    for c, reporter in _per_claim(store, "?c ?r", pattern, claims):
        out.setdefault(c.value, set()).add(reporter.value)
    return out


def _read_contradictions(store: Store, claims: list[str] | None) -> list[Contradiction]:
    """Contradictions touching ``claims`` (or all of them), each with both its claims."""
    if claims is None:
        wanted = None
    else:
        # First the contradictions that touch a selected claim, then all their claims.
        touching = _per_claim(
            store, "?x", f"GRAPH <{DERIVED_GRAPH}> {{ ?x cg:between ?c }}", claims
        )
        wanted = sorted({f"<{x.value}>" for (x,) in touching})
        if not wanted:
            return []
    pattern = (
        f"GRAPH <{DERIVED_GRAPH}> {{ ?x a cg:Contradiction ; cg:kind ?kind ; cg:between ?c . "
        "OPTIONAL { ?x rdfs:comment ?reason } }"
    )
    found: dict[str, tuple[str, str, set[str]]] = {}
    chunks: Iterable[list[str] | None] = [None] if wanted is None else in_chunks(wanted)
    for chunk in chunks:
        where = pattern if chunk is None else values_block("x", chunk) + " " + pattern
        for x, kind, c, reason in _tuples(store, f"SELECT ?x ?kind ?c ?reason WHERE {{ {where} }}"):
            name = KIND_WORDS.get(kind.value, short_name(kind.value))
            entry = found.setdefault(
                x.value, (name, reason.value if reason is not None else "", set())
            )
            entry[2].add(c.value)
    out = []
    for iri, (kind, reason, between) in sorted(found.items()):
        pair = sorted(between)
        if len(pair) == 2:
            out.append(Contradiction(iri, kind, reason, (pair[0], pair[1])))
    return out


def _read_corroborations(store: Store, claims: list[str] | None) -> list[tuple[str, str]]:
    if claims is None:
        # Each pair is stored both ways: keep one direction in the query, not in Python.
        pattern = f"GRAPH <{DERIVED_GRAPH}> {{ ?c cg:corroborates ?d FILTER(STR(?c) < STR(?d)) }}"
    else:
        pattern = f"GRAPH <{DERIVED_GRAPH}> {{ ?c cg:corroborates ?d }}"
    pairs = set()
    for c, d in _per_claim(store, "?c ?d", pattern, claims):
        a, b = c.value, d.value
        if a != b:
            pairs.add((a, b) if a < b else (b, a))
    return sorted(pairs)


def _read_nodes(store: Store) -> dict[str, NodeInfo]:
    """Names and kinds of every agent, entity, source and predicate in the store."""
    query = PREFIX_HEADER + (
        "SELECT ?x ?class ?label ?id WHERE { "
        f"GRAPH <{ASSERTED_GRAPH}> {{ "
        "VALUES ?class { prov:Agent cg:Entity rdf:Property } ?x a ?class . "
        "OPTIONAL { ?x rdfs:label ?label } OPTIONAL { ?x schema:identifier ?id } } }"
    )
    kinds = {
        PREFIXES["prov"] + "Agent": "agent",
        CG.Entity: "entity",
        PREFIXES["rdf"] + "Property": "predicate",
    }
    seen: dict[str, tuple[set[str], set[str], set[str]]] = {}
    for r in rows(store.query(query)):
        found_kinds, found_labels, found_ids = seen.setdefault(r["x"].value, (set(), set(), set()))
        found_kinds.add(kinds[r["class"].value])
        if "label" in r:
            found_labels.add(r["label"].value)
        if "id" in r:
            found_ids.add(r["id"].value)
    types = _agent_types(store)
    out = {}
    # Two sheets may name one IRI differently: the smallest name wins, deterministically.
    for iri, (found_kinds, found_labels, found_ids) in seen.items():
        kind = "agent" if "agent" in found_kinds else min(found_kinds)
        ident = min(found_ids) if found_ids else None
        label = min(found_labels) if found_labels else ident or short_name(iri)
        out[iri] = NodeInfo(
            iri, label, ident, kind, types.get(iri, "Agent") if kind == "agent" else None
        )
    out.update(_read_sources(store))
    return out


def _agent_types(store: Store) -> dict[str, str]:
    query = PREFIX_HEADER + (
        f"SELECT ?x ?t WHERE {{ GRAPH <{ASSERTED_GRAPH}> {{ "
        + values_block("t", [f"<{t}>" for t in AGENT_TYPE_WORDS])
        + " ?x a ?t } }"
    )
    out: dict[str, str] = {}
    for r in rows(store.query(query)):
        name = AGENT_TYPE_WORDS[r["t"].value]
        out[r["x"].value] = min(name, out.get(r["x"].value, name))
    return out


def _read_sources(store: Store) -> dict[str, NodeInfo]:
    query = PREFIX_HEADER + (
        "SELECT ?x ?title ?id ?date ?lang ?publisher ?type WHERE { "
        f"GRAPH <{ASSERTED_GRAPH}> {{ ?x a schema:CreativeWork . "
        "OPTIONAL { ?x schema:headline ?title } OPTIONAL { ?x schema:identifier ?id } "
        "OPTIONAL { ?x schema:datePublished ?date } OPTIONAL { ?x schema:inLanguage ?lang } "
        "OPTIONAL { ?x schema:publisher ?publisher } "
        "OPTIONAL { ?x a ?type FILTER(?type != schema:CreativeWork) } } }"
    )
    out: dict[str, NodeInfo] = {}
    for r in rows(store.query(query)):
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


def resolve_about(store: Store, about: str | None) -> list[str] | None:
    """IRIs of the agents or entities ``about`` names (id, name, alias or IRI), or None.

    Raises :class:`~kg.errors.InputError` when nothing matches.
    """
    if about is None:
        return None
    return resolve_node(store, about)
