"""The derived graph: contradictions, corroborations and statuses, kept in step with claims.

This module turns findings over claims read back from the store
(:mod:`kg.store.records`) into derived-graph triples, and works out status changes.
:mod:`kg.derive.incremental` uses it to compute, for the claims an ingest brings, everything the
derived graph must gain (and the ``cg:Uncontested`` statuses it must lose), reading from the
store only the buckets the ingest touches; :func:`rebuild` recomputes the whole derived
graph from the asserted one. A test checks that the two always agree.

A contradiction or corroboration depends only on its two claims, so an ingest only adds
pairs (and flips statuses to contested), and a retraction (:mod:`kg.derive.retract`) only
removes the pairs of the claims it takes back (and works out their statuses again).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kg.rdf.terms import literal_term
from kg.rdf.to_triples import contradiction_iri
from kg.rules.contradictions import ClaimFacts, Findings, detect
from kg.rules.reasons import Labels, describe
from kg.store.base import Change, Store
from kg.store.records import read_all_claims, read_labels
from kg.vocab import CG, DERIVED_GRAPH, KIND_TERMS, LISTINGS_GRAPH, RDF, RDFS

__all__ = [
    "contested_propositions",
    "derived_triples",
    "label_needs",
    "rebuild",
    "status_changes",
]

# --- from findings to triples ---------------------------------------------------------------


def derived_triples(
    findings: Findings, records: dict[str, ClaimFacts], labels: Labels
) -> Iterator[str]:
    """The derived-graph triples for ``findings`` (statuses excluded): one
    ``cg:Contradiction`` per pair, with a ``cg:kind`` for every rule it meets."""
    for found in findings.contradictions:
        node = f"<{contradiction_iri(found.first, found.second)}>"
        reason = describe(found, records, labels)
        yield f"{node} {RDF.type.nt} {CG.Contradiction.nt}"
        yield f"{node} {CG.between.nt} <{found.first}>"
        yield f"{node} {CG.between.nt} <{found.second}>"
        for kind in found.kinds:
            yield f"{node} {CG.kind.nt} {KIND_TERMS[kind].nt}"
        yield f"{node} {RDFS.comment.nt} {literal_term(reason)}"
        yield f"<{found.first}> {CG.contradicts.nt} <{found.second}>"
        yield f"<{found.second}> {CG.contradicts.nt} <{found.first}>"
    for first, second in findings.corroborations:
        yield f"<{first}> {CG.corroborates.nt} <{second}>"
        yield f"<{second}> {CG.corroborates.nt} <{first}>"


def contested_propositions(findings: Findings, records: dict[str, ClaimFacts]) -> set[str]:
    return {
        prop
        for c in findings.contested_claims()
        if c in records and (prop := records[c].proposition)
    }


def rebuild(store: Store) -> Change:
    """The change that replaces the derived graph with one computed from scratch."""
    records = read_all_claims(store)
    findings = detect(r for r in records.values())
    labels = Labels(read_labels(store, label_needs(findings, records)))
    contested = contested_propositions(findings, records)
    triples = list(derived_triples(findings, records, labels))
    for prop in sorted({r.proposition for r in records.values() if r.proposition}):
        triples.append(
            f"<{prop}> {CG.status.nt} {CG.Contested.nt if prop in contested else CG.Uncontested.nt}"
        )
    # The kept listing rows go with the old derived graph; the caller writes new ones
    # once the change is in (kg.report.kept.refresh_listings).
    change = Change(clear=[DERIVED_GRAPH, LISTINGS_GRAPH])
    change.add(DERIVED_GRAPH, triples)
    return change


def label_needs(findings: Findings, records: dict[str, ClaimFacts]) -> set[str]:
    needed: set[str] = set()
    for found in findings.contradictions:
        for iri in found.claims:
            record = records[iri]
            needed.add(record.claimant)
            if record.subject and record.predicate:
                needed.update((record.subject, record.predicate))
            if record.object and record.object.startswith("<"):
                needed.add(record.object[1:-1])
    return needed


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
