"""The rows ``kg contested`` prints, kept in the store so the listing costs its answer.

Read from the graphs, the listing joins claims, statuses and contradictions over the whole
store: 10 s on a dense 100,000-claim store, 20–45 s at a million (benchmarks/README.md),
however few rows it prints. Every write that changes the answer already knows which
propositions and contradictions it touched, so it writes their rows once, as rdf:JSON
literals in the listings graph (:data:`~kg.vocab.LISTINGS_GRAPH`): one
``cg:propositionRow`` per contested proposition, one ``cg:contradictionRow`` per
contradiction, and the propositions' order as one ``cg:listingOrder`` value. The listing
reads the order, then the rows a page at a time, then the contradictions in one scan:
2.7 s on that dense store, 6–7 s at a million, first rows in 0.2 s.

The rows are computed by the same reader the listing uses on a store without them
(:class:`~kg.report.contested_read.ContestedReader`), so both paths name things alike. They
are written after the claims, as a second change: if that write is lost (a crash, a store
written by an older kg or by hand), the counts no longer match the derived graph,
:func:`kept_listing` says so with None, and the listing reads the graphs instead, until
``kg rebuild`` writes every row again. A write that bypasses kg (SPARQL Update) leaves the
rows as they were: ``kg rebuild`` afterwards, as for the derived graph. The listings graph
is never exported: it says nothing the other two graphs do not.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from kg.report.contested_read import ContestedReader, proposition_row
from kg.report.quote_languages import quote_languages_change
from kg.store.base import PREFIX_HEADER, Change, Store, in_chunks, string_rows, values_block
from kg.store.records import stored_statuses
from kg.vocab import CG, DERIVED_GRAPH, LISTINGS_GRAPH, RDF

__all__ = ["KeptListing", "kept_listing", "listing_change", "order_entry", "refresh_listings"]

_PAGE = 500


class KeptListing:
    """The kept rows of a store, read in listing order: propositions a page at a time, in
    the kept order, then contradictions."""

    def __init__(self, store: Store, order: list[list[Any]]) -> None:
        self.store = store
        self.order = order

    def propositions(self, page: int = _PAGE) -> Iterator[dict[str, Any]]:
        """Proposition rows in listing order, fetched a page of ``page`` at a time, so the
        first rows do not wait for the last."""
        for start in range(0, len(self.order), page):
            wanted = [entry[-1] for entry in self.order[start : start + page]]
            found = {}
            block = values_block("x", [f"<{iri}>" for iri in wanted])
            for solution in self.store.query(
                f"SELECT ?x ?row WHERE {{ {block} GRAPH <{LISTINGS_GRAPH}> "
                f"{{ ?x <{CG.propositionRow}> ?row }} }}"
            ):
                found[solution[0].value] = json.loads(solution[1].value)
            for iri in wanted:
                yield found[iri]

    def contradictions(self) -> list[dict[str, Any]]:
        """Every contradiction row, parsed (the listing ranks them). One term object a row
        is cheaper here than the engine's TSV: unescaping the JSON's quotes in Python took
        9 s of 10 on a dense store. The rows are parsed as one JSON array, in one call."""
        query = (
            f"SELECT ?row WHERE {{ GRAPH <{LISTINGS_GRAPH}> "
            f"{{ ?x <{CG.contradictionRow}> ?row }} }}"
        )
        texts = [solution[0].value for solution in self.store.query(query)]
        rows: list[dict[str, Any]] = json.loads("[" + ",".join(texts) + "]")
        return rows

    def contradictions_of(self, iris: Iterable[str]) -> Iterator[dict[str, Any]]:
        """The rows of the contradictions ``iris`` (those with a row), parsed, a chunk at
        a time: one value each, where the derived graph takes a solution per kind, reason
        and claim (33 s against 3 s for the 357,756 contradictions of a busy node)."""
        for part in in_chunks(f"<{iri}>" for iri in iris):
            # The VALUES block inside the GRAPH block (kg.store.base.values_block).
            query = (
                f"SELECT ?row WHERE {{ GRAPH <{LISTINGS_GRAPH}> {{ {values_block('x', part)} "
                f"?x <{CG.contradictionRow}> ?row }} }}"
            )
            texts = [solution[0].value for solution in self.store.query(query)]
            yield from json.loads("[" + ",".join(texts) + "]")


def kept_listing(store: Store) -> KeptListing | None:
    """The store's kept rows, or None if any is missing.

    Complete means one proposition row per contested proposition, as many entries in the
    order, and one contradiction row per contradiction: :func:`refresh_listings` writes
    rows and order in one change, so counting is enough.
    """
    counts = _counts(store)
    contested = counts.get(1, 0)
    if counts.get(3, 0) != contested or counts.get(4, 0) != counts.get(2, 0):
        return None
    order = _order(store)
    if order is None and contested == counts.get(2, 0) == 0:
        order = []  # nothing to list: nothing kept is missing
    if order is None or len(order) != contested:
        return None
    return KeptListing(store, order)


def order_entry(row: dict[str, Any]) -> list[Any]:
    """Where a proposition row goes: subjects with a label before those named by their
    identifier, then subject name (then IRI), predicate, asserted before only denied,
    object, IRI. Lists compare item by item, as the listing orders."""
    return [
        0 if row.get("labelled", True) else 1,
        row["subject"],
        row["subject_iri"],
        row["predicate"],
        0 if row["asserted"] else 1,
        row["object"],
        row["iri"],
    ]


def _order(store: Store) -> list[list[Any]] | None:
    """The kept order of the contested propositions, or None when the store has none (an
    older kg wrote it) or not one this version writes: the rows are then not used, and
    the next write refreshes them all.

    One value for all of them: read in one lookup (30 ms for 21,778 propositions), where
    a sort key per proposition cost 15 µs each to read, 0.33 s at a million claims.
    """
    query = (
        f"SELECT ?order WHERE {{ GRAPH <{LISTINGS_GRAPH}> "
        f"{{ <{LISTINGS_GRAPH}> <{CG.listingOrder}> ?order }} }}"
    )
    for solution in store.query(query):
        try:
            order = json.loads(solution[0].value)
        except ValueError:
            return None
        if not isinstance(order, list) or any(
            not isinstance(entry, list) or len(entry) != _ORDER_WIDTH for entry in order
        ):
            return None
        return order
    return None


#: How many items an :func:`order_entry` has (an order written by another version differs).
_ORDER_WIDTH = len(
    order_entry(
        {"iri": "", "subject": "", "predicate": "", "object": "", "subject_iri": "", "asserted": 1}
    )
)


def _counts(store: Store) -> dict[int, int]:
    """1: contested propositions, 2: contradictions, 3: proposition rows, 4: contradiction
    rows."""
    query = (
        PREFIX_HEADER
        + "SELECT ?what (COUNT(*) AS ?n) WHERE { { GRAPH <"
        + DERIVED_GRAPH
        + "> { ?x cg:status cg:Contested } BIND(1 AS ?what) } UNION { GRAPH <"
        + DERIVED_GRAPH
        + "> { ?x a cg:Contradiction } BIND(2 AS ?what) } UNION { GRAPH <"
        + LISTINGS_GRAPH
        + "> { ?x cg:propositionRow [] } BIND(3 AS ?what) } UNION { GRAPH <"
        + LISTINGS_GRAPH
        + "> { ?x cg:contradictionRow [] } BIND(4 AS ?what) } } GROUP BY ?what"
    )
    return {int(what): int(n) for what, n in string_rows(store.query(query))}


def refresh_listings(
    store: Store,
    propositions: Iterable[str] | None = None,
    contradictions: Iterable[str] | None = None,
    agents: Iterable[str] | None = None,
) -> int:
    """Write the kept rows of these propositions and contradictions (IRIs), in place of
    any they had: rows for those contested or still there, none for the others (a
    retraction passes contradictions that are gone and propositions no longer contested).
    With neither given, every row, in place of the whole graph.

    Call it after a write has changed them: retract passes what it touched, rebuild
    refreshes everything (ingest works the change out with :func:`listing_change` while
    its write is compacted, and applies it after). Returns the number of rows written.
    """
    change, written = listing_change(store, propositions, contradictions, agents)
    store.apply(change)
    return written


def listing_change(
    store: Store,
    propositions: Iterable[str] | None = None,
    contradictions: Iterable[str] | None = None,
    agents: Iterable[str] | None = None,
) -> tuple[Change, int]:
    """The change :func:`refresh_listings` applies, read from ``store``, and the number of
    rows it writes. ``store`` may be a copy holding the same data (a write not yet
    current): the change is then applied to the store once the copy is current.

    ``agents`` are those whose quotes the write changed (the claimants of its claims):
    their kept counts per quote language (:mod:`kg.report.quote_languages`) are counted
    again; every agent's when everything is refreshed."""
    reader = ContestedReader(store)
    change = Change()
    kept_order = _order(store)
    everything = (propositions is None and contradictions is None) or kept_order is None
    if everything:
        if store.query(f"ASK {{ GRAPH <{LISTINGS_GRAPH}> {{ ?s ?p ?o }} }}"):
            change.clear.append(LISTINGS_GRAPH)  # rebuild and retract cleared it already
        prop_rows = [
            proposition_row(prop, reader.claims.pop(prop.iri))
            for chunk in reader.pages(_PAGE)
            for prop in reader.describe(chunk)
        ]
        entries = reader.contradictions()
        order = []
    else:
        props = sorted(set(propositions or ()))
        xs = sorted(set(contradictions or ()))
        change.remove(LISTINGS_GRAPH, _stored(store, [LISTINGS_GRAPH, *props, *xs]))
        statuses = stored_statuses(store, props)
        contested = [p for p in props if statuses.get(p) == CG.Contested]
        prop_rows = [
            proposition_row(prop, reader.claims.pop(prop.iri))
            for chunk in reader.pages_of(contested, _PAGE)
            for prop in reader.describe(chunk)
        ]
        entries = reader.contradictions(xs) if xs else []
        refreshed = set(props)
        order = [entry for entry in kept_order or [] if entry[-1] not in refreshed]
    order.extend(order_entry(row) for row in prop_rows)
    order.sort()
    lines = [_row_triple(row["iri"], CG.propositionRow, row) for row in prop_rows]
    lines += [_row_triple(entry["iri"], CG.contradictionRow, entry) for entry in entries]
    lines.append(_row_triple(LISTINGS_GRAPH, CG.listingOrder, order))
    change.add(LISTINGS_GRAPH, lines)
    quote_languages_change(store, None if everything else (agents or ()), change)
    return change, len(lines) - 1


def _row_triple(node: str, predicate: str, row: Any) -> str:
    """``<node> <predicate> "row as JSON"^^rdf:JSON`` in N-Triples.

    JSON's own string syntax is N-Triples' (every escape it writes is one N-Triples
    reads, and it leaves no raw line break), so the JSON text is quoted by ``json.dumps``
    again: C speed, where kg.rdf.terms' escaping, one call per quote, took 3.6 s of a
    dense 100k-claim ingest.
    """
    text = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
    return f"<{node}> <{predicate}> {json.dumps(text, ensure_ascii=False)}^^<{RDF.JSON}>"


def _stored(store: Store, nodes: list[str]) -> list[str]:
    """The kept row triples of ``nodes`` now in the store (N-Triples, to delete)."""
    out: list[str] = []
    for part in in_chunks(f"<{n}>" for n in nodes):
        query = (
            f"SELECT ?x ?p ?row WHERE {{ {values_block('x', part)} "
            f"GRAPH <{LISTINGS_GRAPH}> {{ ?x ?p ?row }} }}"
        )
        out.extend(" ".join(cells) for cells in string_rows(store.query(query)))
    return out
