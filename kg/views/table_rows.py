"""Claim table rows read from the asserted graph: for claims ingested again, and for ``kg
rebuild`` (:mod:`kg.report.claim_table` says why the table exists and how it is kept).

An ingest makes its new claims' rows from the claims themselves; these two cases need the
graph's own answer, so they read it with the views' reader (:func:`~kg.views.records.read_claims`).
"""

from __future__ import annotations

from kg.report.claim_table import (
    ClaimInfo,
    ClaimTable,
    TablePages,
    encode,
    next_sequence,
    page_lines,
    pair_page_lines,
)
from kg.store.base import Change, Store, in_chunks, values_block
from kg.views.records import DETAILS, read_claims, read_corroborations
from kg.vocab import CLAIM_TABLE_GRAPH

__all__ = ["rewrite_claim_table", "rows_for_known"]


def rows_for_known(store: Store, stated: dict[str, ClaimInfo]) -> int:
    """Bring the rows of claims ingested again up to date with the graph; ``stated`` holds
    each one's row as this ingest said it. Returns how many rows were written.

    Where the table already says what the ingest said, the ingest added nothing to the
    claim. Elsewhere the claim may now hold more (two quotes, as two ingests gave it), and
    its row becomes what reading the graph gives, in a page that sorts after the others.
    """
    rows = ClaimTable(store).rows
    changed = sorted(iri for iri, info in stated.items() if rows.get(iri) != encode(info))
    pages = TablePages(next_sequence(store))
    for chunk in in_chunks([f"<{iri}>" for iri in changed]):
        held = read_claims(store, values_block("c", chunk) + " ", DETAILS)
        for iri in sorted(held):
            if rows.get(iri) != encode(held[iri]):
                pages.add(held[iri])
    lines = pages.lines()
    if lines:
        store.apply(Change(insert={CLAIM_TABLE_GRAPH: lines}))
    return pages.rows


def rewrite_claim_table(store: Store) -> int:
    """Write the whole claim table again from the asserted graph, with the corroborating
    pairs of the derived graph (``kg rebuild``, after the derived graph), in place of
    whatever it held. Returns how many claims it holds (none on a store that does not
    keep the table, :attr:`~kg.store.base.Store.keeps_claim_table`)."""
    if not store.keeps_claim_table:
        store.apply(Change(clear=[CLAIM_TABLE_GRAPH]))
        return 0
    claims = read_claims(store, "", DETAILS)
    pages = page_lines(claims.values(), 1)  # the table starts again: write number 1
    pages += pair_page_lines(read_corroborations(store, None, kept=False), 1)
    store.apply(Change(insert={CLAIM_TABLE_GRAPH: pages}, clear=[CLAIM_TABLE_GRAPH]))
    return len(claims)
