"""Take claims back: ``kg retract``. The store ends as if they had never been ingested.

A retracted claim loses its own triples, the nodes it owns (its amount and period,
``<claim>/amount``, ``<claim>/during``), and its proposition when no other claim states it.
The declarations it used (agents, entities, predicates, sources) stay: other claims, now
or later, may use them, and a sheet declares them whether or not a claim uses them.

The derived graph changes only where the retracted claims were. A contradiction or a
corroboration depends on its two claims alone (docs/rules.md), so the pairs that involve a
retracted claim go and every other pair stands; a proposition's status depends on whether
any of its claims is still in a contradiction, so only the statuses of the propositions of
the retracted claims and of their partners in a contradiction are worked out again. Those
reads are proportional to the retraction, not to the store: a full re-derivation, as this
module did before, took a quarter of an hour at a million claims for one claim. Everything
(asserted deletions, derived deletions, new statuses, the claim table's pages) goes to the
store as one :class:`~kg.store.change.Change`: all or nothing. A test checks after each
retraction that ``kg rebuild`` would change nothing.

>>> from kg.demo import example_store
>>> with example_store() as store:
...     report = retract(store, ["beyer-denial"])
>>> report.claims, report.contradictions_before, report.contradictions_after
(['beyer-denial'], 1, 0)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.errors import InputError
from kg.report.claim_pairs import pairs_without
from kg.report.claim_table import table_without
from kg.report.claims import resolve_named
from kg.report.kept import refresh_listings
from kg.report.quote_languages import claimants
from kg.rules.reasons import plural
from kg.store.base import PREFIX_HEADER, Change, Store, rows, select_in
from kg.store.records import stored_statuses
from kg.vocab import ASSERTED_GRAPH, CG, DERIVED_GRAPH

__all__ = ["RetractReport", "Retraction", "find_claims", "plan_retraction", "retract"]


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


def find_claims(
    store: Store, ids: Iterable[str] = (), *, sources: Iterable[str] = ()
) -> dict[str, str]:
    """The claims named by ``ids`` (claim id or IRI) and the claims of ``sources`` (source
    id or IRI), as IRI → id. Every unknown or ambiguous name is reported at once
    (:class:`~kg.errors.InputError`)."""
    problems: list[str] = []
    iris: set[str] = set()
    for needle in ids:
        found = resolve_named(store, needle, "cg:Claim")
        if not found:
            problems.append(f"no claim has the id or IRI {needle!r}")
        elif len(found) > 1:
            problems.append(
                f"the id {needle!r} names {len(found)} claims; give one IRI: " + ", ".join(found)
            )
        else:
            iris.update(found)
    for needle in sources:
        found = resolve_named(store, needle, "schema:CreativeWork")
        if not found:
            problems.append(f"no source has the id or IRI {needle!r}")
            continue
        query = "SELECT ?x WHERE { {values} GRAPH <" + ASSERTED_GRAPH + "> { ?x cg:source ?src } }"
        iris.update(r["x"].value for r in select_in(store, "src", [f"<{s}>" for s in found], query))
    if problems:
        raise InputError("nothing was retracted: " + "; ".join(problems))
    query = (
        "SELECT ?x ?id WHERE { GRAPH <"
        + ASSERTED_GRAPH
        + "> { {values} OPTIONAL { ?x schema:identifier ?id } } }"
    )
    return {
        r["x"].value: (r["id"].value if "id" in r else r["x"].value)
        for r in select_in(store, "x", [f"<{i}>" for i in iris], query)
    }


def _triples(found: Iterable[dict[str, ox.NamedNode | ox.Literal]]) -> set[str]:
    return {f"{r['s']} {r['p']} {r['o']}" for r in found}


@dataclass
class Retraction:
    """What taking ``claims`` back changes: the one change to apply, the report, and the
    propositions and contradictions whose kept listing rows must be written again."""

    change: Change
    report: RetractReport
    propositions: list[str]
    contradictions: list[str]


def _asserted_deletions(
    store: Store, claims: Sequence[str]
) -> tuple[list[str], set[str], set[str]]:
    """The asserted triples to delete for ``claims``, the propositions they state, and
    those of them no other claim states (which go too)."""
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
    orphans = props - still
    prop_triples = f"SELECT ?s ?p ?o WHERE {{ {{values}} {graph} {{ ?s ?p ?o }} }}"
    triples |= _triples(select_in(store, "s", [f"<{p}>" for p in sorted(orphans)], prop_triples))
    return sorted(triples), props, orphans


def _derived_deletions(store: Store, claims: set[str]) -> tuple[list[str], set[str], set[str]]:
    """The derived triples of every pair that involves one of ``claims``: its
    contradiction node, ``cg:contradicts`` and ``cg:corroborates`` both ways. Returns them,
    the contradictions removed, and the other claims of those contradictions."""
    terms = [f"<{c}>" for c in sorted(claims)]
    graph = f"GRAPH <{DERIVED_GRAPH}>"
    # Each contradiction with both its claims: the one retracted and its partner.
    between = f"SELECT ?x ?c WHERE {{ {graph} {{ {{values}} ?x cg:between ?r , ?c }} }}"
    xs: set[str] = set()
    partners: set[str] = set()
    for r in select_in(store, "r", terms, between):
        xs.add(r["x"].value)
        partners.add(r["c"].value)
    partners -= claims
    node = f"SELECT ?s ?p ?o WHERE {{ {{values}} {graph} {{ ?s ?p ?o }} }}"
    triples = _triples(select_in(store, "s", [f"<{x}>" for x in sorted(xs)], node))
    for predicate in ("cg:contradicts", "cg:corroborates"):
        # Each pair is stated both ways; one query per end keeps each a plain lookup.
        for end in ("s", "o"):
            query = (
                f"SELECT ?s ?p ?o WHERE {{ {{values}} {graph} {{ ?s {predicate} ?o }} "
                f"BIND({predicate} AS ?p) }}"
            )
            triples |= _triples(select_in(store, end, terms, query))
    return sorted(triples), xs, partners


def _new_statuses(
    store: Store, props: set[str], orphans: set[str], gone: set[str]
) -> tuple[list[str], list[str], int]:
    """Status triples to delete and insert for ``props`` once the ``gone`` claims and
    their pairs are out, and how many contested propositions stop being contested.

    A proposition is contested while one of its claims is in a contradiction
    (kg.derive.rebuild); an orphan loses its status with its triples."""
    still_contested = set()
    query = (
        "SELECT ?prop ?c ?other WHERE { {values} "
        f"GRAPH <{ASSERTED_GRAPH}> {{ ?c cg:proposition ?prop }} "
        f"GRAPH <{DERIVED_GRAPH}> {{ ?c cg:contradicts ?other }} }}"
    )
    for r in select_in(store, "prop", [f"<{p}>" for p in sorted(props - orphans)], query):
        if r["c"].value not in gone and r["other"].value not in gone:
            still_contested.add(r["prop"].value)
    stored = stored_statuses(store, props)
    deletes: list[str] = []
    inserts: list[str] = []
    uncontested = 0
    for prop in sorted(props):
        now = stored.get(prop)
        want = (
            None
            if prop in orphans
            else (CG.Contested if prop in still_contested else CG.Uncontested)
        )
        if now == want:
            continue
        if now is not None:
            # Both statuses may be stored (a write that bypassed kg): take both out.
            deletes.extend(
                f"<{prop}> {CG.status.nt} {status.nt}" for status in (CG.Contested, CG.Uncontested)
            )
        if want is not None:
            inserts.append(f"<{prop}> {CG.status.nt} {want.nt}")
        if now == CG.Contested:
            uncontested += 1
    return deletes, inserts, uncontested


def plan_retraction(store: Store, claims: Sequence[str]) -> Retraction:
    """The one change that retracts ``claims`` (IRIs) with what was derived from them."""
    gone = set(claims)
    deletions, props, orphans = _asserted_deletions(store, claims)
    derived, xs, partners = _derived_deletions(store, gone)
    partner_props = (
        "SELECT ?prop WHERE { {values} "
        f"GRAPH <{ASSERTED_GRAPH}> {{ ?c cg:proposition ?prop }} }}"
    )
    touched = props | {
        r["prop"].value
        for r in select_in(store, "c", [f"<{c}>" for c in sorted(partners)], partner_props)
    }
    status_deletes, status_inserts, uncontested = _new_statuses(store, touched, orphans, gone)
    change = Change()
    change.remove(ASSERTED_GRAPH, deletions)
    change.remove(DERIVED_GRAPH, derived + status_deletes)
    change.add(DERIVED_GRAPH, status_inserts)
    # The claim table loses the claims' rows (the pages that held them are rewritten) and
    # the kept corroborating pairs that involve them (a pair depends on its two claims
    # alone, so the others stand).
    for table in (table_without(store, claims), pairs_without(store, gone)):
        for graph, lines in table.delete.items():
            change.remove(graph, lines)
        for graph, lines in table.insert.items():
            change.add(graph, lines)
    contradictions_before = _count(store, "?x a cg:Contradiction")
    contested_before = _count(store, "?x cg:status cg:Contested")
    report = RetractReport(
        asserted_removed=len(deletions),
        propositions_removed=len(orphans),
        contradictions_before=contradictions_before,
        contradictions_after=contradictions_before - len(xs),
        contested_before=contested_before,
        contested_after=contested_before - uncontested,
    )
    return Retraction(change, report, sorted(touched), sorted(xs))


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
    plan = plan_retraction(store, sorted(found))
    report = plan.report
    report.claims = sorted(found.values())
    report.dry_run = dry_run
    if not dry_run:
        speakers = claimants(store, found)  # read before their claims go
        store.apply(plan.change)
        # The kept rows of what changed (kg.report.kept): a second change, as for ingest.
        refresh_listings(store, plan.propositions, plan.contradictions, speakers)
    return report
