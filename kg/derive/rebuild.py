"""The derived graph: contradictions, corroborations and statuses, kept in step with claims.

This module reads claims back from the store as the rules see them (:class:`ClaimFacts`),
turns findings into derived-graph triples, and works out status changes.
:mod:`kg.derive.incremental` uses it to compute, for the claims an ingest brings, everything the
derived graph must gain (and the ``cg:Uncontested`` statuses it must lose), reading from the
store only the buckets the ingest touches; :func:`rebuild` recomputes the whole derived
graph from the asserted one. A test checks that the two always agree.

Claims are never removed and a contradiction depends only on its two claims, so the derived
graph only grows, except for a proposition's status flipping to contested.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

import pyoxigraph as ox

from kg.model import Amount, During, Stance
from kg.rdf.dates import from_rdf
from kg.rdf.terms import literal_term
from kg.rdf.to_triples import contradiction_iri
from kg.rules.contradictions import ClaimFacts, Findings, detect
from kg.rules.reasons import Labels, describe_finding
from kg.store.base import PREFIX_HEADER, Change, Store, rows, values_block
from kg.vocab import ASSERTED_GRAPH, CG, DERIVED_GRAPH, KIND_TERMS, RDF, RDFS

__all__ = [
    "count_unstored",
    "derived_triples",
    "functional_predicates",
    "label_needs",
    "read_claims",
    "rebuild",
    "record_of",
    "status_changes",
    "store_has_claims",
    "stored_statuses",
]

_CHUNK = 2000


def record_of(
    claim_iri: str,
    claimant: str,
    stance: Stance,
    prop_iri: str,
    subject: str,
    predicate: str,
    obj: str,
    amount: Amount | None,
    during: During | None,
    responds_to: tuple[str, ...],
    functional: bool,
) -> ClaimFacts:
    """Build a :class:`ClaimFacts`; ``obj`` is the object's N-Triples form."""
    return ClaimFacts(
        iri=claim_iri,
        asserts=stance is Stance.ASSERTS,
        proposition=prop_iri,
        subject=subject,
        predicate=predicate,
        object=obj,
        claimant=claimant,
        amount=amount,
        during=during,
        responds_to=responds_to,
        functional=functional,
    )


# --- reading claims back from the store -----------------------------------------------------


def _chunks(items: list[str], size: int = _CHUNK) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def functional_predicates(store: Store) -> set[str]:
    result = store.query(PREFIX_HEADER + "SELECT ?p WHERE { ?p a cg:FunctionalPredicate }")
    return {row["p"].value for row in rows(result)}


_CLAIM_CORE = """
  ?c cg:proposition ?prop ; cg:stance ?stance ; cg:claimant ?claimant .
  ?prop rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
"""


def read_claims(store: Store, where: str, functional: set[str]) -> dict[str, ClaimFacts]:
    """Claims matching ``where`` (a pattern binding ?c / ?prop / ?s / ?p), with amounts etc."""
    query = (
        PREFIX_HEADER
        + "SELECT ?c ?claimant ?stance ?prop ?s ?p ?o WHERE { GRAPH <"
        + ASSERTED_GRAPH
        + "> { "
        + where
        + _CLAIM_CORE
        + "} }"
    )
    core = rows(store.query(query))
    if not core:
        return {}
    claim_terms = [str(r["c"]) for r in core]
    amounts = read_amounts(store, claim_terms)
    durings = read_durings(store, claim_terms)
    responses = read_responses(store, claim_terms)
    out = {}
    for r in core:
        iri = r["c"].value
        p = r["p"].value
        out[iri] = record_of(
            iri,
            r["claimant"].value,
            Stance.ASSERTS if r["stance"].value == CG.Asserts else Stance.DENIES,
            r["prop"].value,
            r["s"].value,
            p,
            str(r["o"]),
            amounts.get(iri),
            durings.get(iri),
            tuple(sorted(responses.get(iri, ()))),
            p in functional,
        )
    return out


def read_amounts(store: Store, claim_terms: list[str]) -> dict[str, Amount]:
    out: dict[str, Amount] = {}
    for chunk in _chunks(claim_terms):
        result = store.query(
            PREFIX_HEADER
            + "SELECT ?c ?v ?min ?max ?cur WHERE { "
            + values_block("c", chunk)
            + " GRAPH <"
            + ASSERTED_GRAPH
            + "> { ?c cg:amount ?a ."
            + " OPTIONAL { ?a schema:value ?v } OPTIONAL { ?a schema:minValue ?min }"
            + " OPTIONAL { ?a schema:maxValue ?max } OPTIONAL { ?a schema:currency ?cur } } }"
        )
        for r in rows(result):
            out[r["c"].value] = Amount(
                _decimal(r.get("v")),
                _decimal(r.get("min")),
                _decimal(r.get("max")),
                r["cur"].value if "cur" in r else None,
            )
    return out


def _decimal(term: ox.Literal | None) -> Decimal | None:
    return Decimal(term.value) if term is not None else None


def read_durings(store: Store, claim_terms: list[str]) -> dict[str, During]:
    out: dict[str, During] = {}
    for chunk in _chunks(claim_terms):
        result = store.query(
            PREFIX_HEADER
            + "SELECT ?c ?from ?to WHERE { "
            + values_block("c", chunk)
            + " GRAPH <"
            + ASSERTED_GRAPH
            + "> { ?c cg:during ?d ."
            + " OPTIONAL { ?d cg:from ?from } OPTIONAL { ?d cg:to ?to } } }"
        )
        for r in rows(result):
            start = r.get("from")
            end = r.get("to")
            out[r["c"].value] = During(
                from_rdf(start.value, start.datatype.value) if start is not None else None,
                from_rdf(end.value, end.datatype.value) if end is not None else None,
            )
    return out


def read_responses(store: Store, claim_terms: list[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for chunk in _chunks(claim_terms):
        result = store.query(
            PREFIX_HEADER
            + "SELECT ?c ?t WHERE { "
            + values_block("c", chunk)
            + " GRAPH <"
            + ASSERTED_GRAPH
            + "> { ?c cg:respondsTo ?t } }"
        )
        for r in rows(result):
            out.setdefault(r["c"].value, set()).add(r["t"].value)
    return out


def read_all_claims(store: Store) -> dict[str, ClaimFacts]:
    """Every claim in the store, for a full rebuild."""
    return read_claims(store, "", functional_predicates(store))


# --- from findings to triples ---------------------------------------------------------------


def derived_triples(
    findings: Findings, records: dict[str, ClaimFacts], labels: Labels
) -> Iterator[str]:
    """The derived-graph triples for ``findings`` (statuses excluded)."""
    for finding in findings.contradictions:
        node = f"<{contradiction_iri(finding.kind, finding.first, finding.second)}>"
        reason = describe_finding(finding, records, labels)
        yield f"{node} {RDF.type.nt} {CG.Contradiction.nt}"
        yield f"{node} {CG.between.nt} <{finding.first}>"
        yield f"{node} {CG.between.nt} <{finding.second}>"
        yield f"{node} {CG.kind.nt} {KIND_TERMS[finding.kind].nt}"
        yield f"{node} {RDFS.comment.nt} {literal_term(reason)}"
        yield f"<{finding.first}> {CG.contradicts.nt} <{finding.second}>"
        yield f"<{finding.second}> {CG.contradicts.nt} <{finding.first}>"
    for first, second in findings.corroborations:
        yield f"<{first}> {CG.corroborates.nt} <{second}>"
        yield f"<{second}> {CG.corroborates.nt} <{first}>"


def contested_propositions(findings: Findings, records: dict[str, ClaimFacts]) -> set[str]:
    return {records[c].proposition for c in findings.contested_claims() if c in records}


def rebuild(store: Store) -> Change:
    """The change that replaces the derived graph with one computed from scratch."""
    records = read_all_claims(store)
    findings = detect(r for r in records.values())
    labels = Labels.from_store(store, label_needs(findings, records))
    contested = contested_propositions(findings, records)
    triples = list(derived_triples(findings, records, labels))
    for prop in sorted({r.proposition for r in records.values()}):
        triples.append(
            f"<{prop}> {CG.status.nt} {CG.Contested.nt if prop in contested else CG.Uncontested.nt}"
        )
    change = Change(clear=[DERIVED_GRAPH])
    change.add(DERIVED_GRAPH, triples)
    return change


def label_needs(findings: Findings, records: dict[str, ClaimFacts]) -> set[str]:
    needed: set[str] = set()
    for finding in findings.contradictions:
        for iri in finding.claims:
            record = records[iri]
            needed.update((record.claimant, record.subject, record.predicate))
            if record.object.startswith("<"):
                needed.add(record.object[1:-1])
    return needed


def count_unstored(store: Store, contradictions: list[str]) -> int:
    """How many of these contradiction IRIs the derived graph does not hold yet."""
    stored = 0
    for chunk in _chunks(sorted(f"<{c}>" for c in contradictions)):
        result = store.query(
            PREFIX_HEADER
            + "SELECT (COUNT(*) AS ?n) WHERE { "
            + values_block("x", chunk)
            + f" GRAPH <{DERIVED_GRAPH}> {{ ?x a cg:Contradiction }} }}"
        )
        stored += int(next(iter(result))["n"].value)
    return len(contradictions) - stored


def store_has_claims(store: Store) -> bool:
    result = store.query(PREFIX_HEADER + "ASK { GRAPH <" + ASSERTED_GRAPH + "> { ?c a cg:Claim } }")
    return bool(result)


def stored_statuses(store: Store, props: Iterable[str]) -> dict[str, str]:
    """The ``cg:status`` the derived graph holds for each of ``props`` (Contested wins)."""
    stored: dict[str, str] = {}
    for chunk in _chunks(sorted(f"<{p}>" for p in props)):
        result = store.query(
            PREFIX_HEADER
            + "SELECT ?prop ?st WHERE { "
            + values_block("prop", chunk)
            + " GRAPH <"
            + DERIVED_GRAPH
            + "> { ?prop cg:status ?st } }"
        )
        for r in rows(result):
            # Contested wins if both are somehow present.
            if stored.get(r["prop"].value) != CG.Contested:
                stored[r["prop"].value] = r["st"].value
    return stored


def status_changes(
    props: Iterable[str], contested: set[str], stored: dict[str, str]
) -> tuple[list[str], list[str]]:
    """Status triples to insert and delete for ``props``, given what the store holds."""
    inserts, deletes = [], []
    for prop in sorted(props):
        now = stored.get(prop)
        if prop in contested or now == CG.Contested:
            if now != CG.Contested:
                inserts.append(f"<{prop}> {CG.status.nt} {CG.Contested.nt}")
            if now == CG.Uncontested:
                deletes.append(f"<{prop}> {CG.status.nt} {CG.Uncontested.nt}")
        elif now is None:
            inserts.append(f"<{prop}> {CG.status.nt} {CG.Uncontested.nt}")
    return inserts, deletes
