"""Take claims back: ``kg retract``. The store ends as if they had never been ingested.

A retracted claim loses its own triples, the nodes it owns (its amount and period,
``<claim>/amount``, ``<claim>/during``), and its proposition when no other claim states it.
The declarations it used (agents, entities, predicates, sources) stay: other claims, now
or later, may use them, and a sheet declares them whether or not a claim uses them.

The derived graph is then computed again from scratch by :func:`kg.derive.rebuild.rebuild`
over what remains, and everything (asserted deletions, the new derived graph) goes to
the store as one :class:`~kg.store.change.Change`: all or nothing. To rebuild over the
asserted graph *without* the retracted claims before touching the store, the remaining
asserted graph is copied into a throw-away in-memory store; that copy is the price of a
retraction (memory in proportion to the asserted graph).

>>> from kg.demo import example_store
>>> with example_store() as store:
...     report = retract(store, ["beyer-denial"])
>>> report.claims, report.contradictions_before, report.contradictions_after
(['beyer-denial'], 1, 0)
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.derive.rebuild import rebuild
from kg.errors import InputError
from kg.rdf.terms import is_valid_iri
from kg.report.claim_table import pairs_without, table_without
from kg.report.kept import refresh_listings
from kg.rules.reasons import plural
from kg.store.base import PREFIX_HEADER, Change, Store, rows, select_in
from kg.vocab import ASSERTED_GRAPH, CG, DERIVED_GRAPH, LISTINGS_GRAPH, RDF

__all__ = ["RetractReport", "find_claims", "plan_retraction", "retract"]


@dataclass
class RetractReport:
    """What a retraction removed, and how the derived graph changed."""

    #: id (or IRI, for claims without one) of every retracted claim, sorted
    claims: list[str] = field(default_factory=list)
    asserted_removed: int = 0
    propositions_removed: int = 0
    contradictions_before: int = 0
    contradictions_after: int = 0
    contested_before: int = 0
    contested_after: int = 0
    dry_run: bool = False

    def summary(self) -> str:
        """One line for people."""
        n = len(self.claims)
        if n == 0:
            return "nothing to retract: the source has no claims"
        shown = ", ".join(self.claims[:5]) + (f", … ({n - 5} more)" if n > 5 else "")
        verb = "would retract" if self.dry_run else "retracted"
        return (
            f"{verb} {plural(n, 'claim')} ({shown}): "
            f"{self.asserted_removed} asserted triples removed, "
            f"{plural(self.propositions_removed, 'proposition')} no longer claimed; "
            f"contradictions {self.contradictions_before} → {self.contradictions_after}, "
            f"contested propositions {self.contested_before} → {self.contested_after}"
        )


def _needle_term(needle: str) -> tuple[str, ox.NamedNode | ox.Literal]:
    """``<iri>`` or an absolute IRI → the IRI; anything else → the id as a literal."""
    bare = needle[1:-1] if needle.startswith("<") and needle.endswith(">") else needle
    if is_valid_iri(bare) and ":" in bare:
        return "iri", ox.NamedNode(bare)
    return "id", ox.Literal(needle)


def _resolve(store: Store, needle: str, cls: str) -> list[str]:
    """IRIs of things of class ``cls`` in the asserted graph whose IRI or id is ``needle``."""
    how, term = _needle_term(needle)
    if how == "iri":
        query = f"SELECT ?x WHERE {{ GRAPH <{ASSERTED_GRAPH}> {{ ?x a {cls} }} }}"
        found = rows(store.query(PREFIX_HEADER + query, {"x": term}))
        return [term.value] if found else []
    query = (
        f"SELECT DISTINCT ?x ?needle WHERE {{ GRAPH <{ASSERTED_GRAPH}> "
        f"{{ ?x a {cls} ; schema:identifier ?needle }} }}"
    )
    return sorted(r["x"].value for r in rows(store.query(PREFIX_HEADER + query, {"needle": term})))


def find_claims(
    store: Store, ids: Iterable[str] = (), *, sources: Iterable[str] = ()
) -> dict[str, str]:
    """The claims named by ``ids`` (claim id or IRI) and the claims of ``sources`` (source
    id or IRI), as IRI → id. Every unknown or ambiguous name is reported at once
    (:class:`~kg.errors.InputError`)."""
    problems: list[str] = []
    iris: set[str] = set()
    for needle in ids:
        found = _resolve(store, needle, "cg:Claim")
        if not found:
            problems.append(f"no claim has the id or IRI {needle!r}")
        elif len(found) > 1:
            problems.append(
                f"the id {needle!r} names {len(found)} claims; give one IRI: " + ", ".join(found)
            )
        else:
            iris.update(found)
    for needle in sources:
        found = _resolve(store, needle, "schema:CreativeWork")
        if not found:
            problems.append(f"no source has the id or IRI {needle!r}")
            continue
        query = "SELECT ?x WHERE { {values} GRAPH <" + ASSERTED_GRAPH + "> { ?x cg:source ?src } }"
        iris.update(r["x"].value for r in select_in(store, "src", [f"<{s}>" for s in found], query))
    if problems:
        raise InputError("nothing was retracted: " + "; ".join(problems))
    query = (
        "SELECT ?x ?id WHERE { {values} GRAPH <"
        + ASSERTED_GRAPH
        + "> { OPTIONAL { ?x schema:identifier ?id } } }"
    )
    return {
        r["x"].value: (r["id"].value if "id" in r else r["x"].value)
        for r in select_in(store, "x", [f"<{i}>" for i in iris], query)
    }


def _triples(found: Iterable[dict[str, ox.NamedNode | ox.Literal]]) -> set[str]:
    return {f"{r['s']} {r['p']} {r['o']}" for r in found}


def _asserted_deletions(store: Store, claims: Sequence[str]) -> tuple[list[str], int]:
    """The asserted triples to delete for ``claims``, and how many propositions go."""
    terms = [f"<{c}>" for c in claims]
    graph = f"GRAPH <{ASSERTED_GRAPH}>"
    own = f"SELECT ?s ?p ?o WHERE {{ {{values}} {graph} {{ ?x ?p ?o BIND(?x AS ?s) }} }}"
    owned = (
        f"SELECT ?s ?p ?o WHERE {{ {{values}} {graph} {{ ?x ?link ?s . ?s ?p ?o "
        'FILTER(isIRI(?s) && STRSTARTS(STR(?s), CONCAT(STR(?x), "/"))) } }'
    )
    triples = _triples(select_in(store, "x", terms, own))
    triples |= _triples(select_in(store, "x", terms, owned))
    props_of = f"SELECT DISTINCT ?prop WHERE {{ {{values}} {graph} {{ ?x cg:proposition ?prop }} }}"
    props = {r["prop"].value for r in select_in(store, "x", terms, props_of)}
    claimed_by = f"SELECT ?prop ?x WHERE {{ {{values}} {graph} {{ ?x cg:proposition ?prop }} }}"
    gone = set(claims)
    still = {
        r["prop"].value
        for r in select_in(store, "prop", [f"<{p}>" for p in props], claimed_by)
        if r["x"].value not in gone
    }
    orphans = sorted(props - still)
    prop_triples = f"SELECT ?s ?p ?o WHERE {{ {{values}} {graph} {{ ?s ?p ?o }} }}"
    triples |= _triples(select_in(store, "s", [f"<{p}>" for p in orphans], prop_triples))
    return sorted(triples), len(orphans)


def _count_lines(lines: Iterable[str], suffix: str) -> int:
    return sum(1 for line in lines if line.endswith(suffix))


def plan_retraction(store: Store, claims: Sequence[str]) -> tuple[Change, RetractReport]:
    """The one change that retracts ``claims`` (IRIs) and re-derives, and its report."""
    from kg.store.embedded import EmbeddedStore

    deletions, orphans = _asserted_deletions(store, claims)
    dumped = io.BytesIO()
    store.dump(dumped, ox.RdfFormat.N_TRIPLES, ASSERTED_GRAPH)
    remaining = EmbeddedStore(None, writable=True)
    try:
        remaining.engine.bulk_load(
            dumped.getvalue(), ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(ASSERTED_GRAPH)
        )
        del dumped
        remaining.apply(Change(delete={ASSERTED_GRAPH: deletions}))
        derived = rebuild(remaining).insert.get(DERIVED_GRAPH, [])
    finally:
        remaining.close()
    change = Change(clear=[DERIVED_GRAPH, LISTINGS_GRAPH])
    change.remove(ASSERTED_GRAPH, deletions)
    change.add(DERIVED_GRAPH, derived)
    # The claim table loses the claims' rows (the pages that held them are rewritten) and
    # the kept corroborating pairs that involve them (a pair depends on its two claims
    # alone, so the others stand).
    for table in (table_without(store, claims), pairs_without(store, set(claims))):
        for graph, lines in table.delete.items():
            change.remove(graph, lines)
        for graph, lines in table.insert.items():
            change.add(graph, lines)
    report = RetractReport(
        asserted_removed=len(deletions),
        propositions_removed=orphans,
        contradictions_before=_count(store, "?x a cg:Contradiction"),
        contradictions_after=_count_lines(derived, f"{RDF.type.nt} {CG.Contradiction.nt}"),
        contested_before=_count(store, "?x cg:status cg:Contested"),
        contested_after=_count_lines(derived, f"{CG.status.nt} {CG.Contested.nt}"),
    )
    return change, report


def _count(store: Store, pattern: str) -> int:
    query = f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ {pattern} }} }}"
    return int(rows(store.query(PREFIX_HEADER + query))[0]["n"].value)


def retract(
    store: Store,
    ids: Iterable[str] = (),
    *,
    sources: Iterable[str] = (),
    dry_run: bool = False,
) -> RetractReport:
    """Remove the claims named by ``ids`` and every claim of ``sources``, with everything
    derived from them, all or nothing (module docstring). An unknown id changes nothing."""
    found = find_claims(store, ids, sources=sources)
    if not found:
        return RetractReport(dry_run=dry_run)
    change, report = plan_retraction(store, sorted(found))
    report.claims = sorted(found.values())
    report.dry_run = dry_run
    if not dry_run:
        store.apply(change)
        refresh_listings(store)
    return report
