"""Claim table rows read from the asserted graph: for claims ingested again, and for ``kg
rebuild`` (:mod:`kg.report.claim_table` says why the table exists and how it is kept).

An ingest makes its new claims' rows from the claims themselves; these two cases need the
graph's own answer, so they read it with the views' reader (:func:`~kg.views.records.read_claims`).
``kg rebuild`` as a whole (:func:`rebuild_store`) lives here too, because it writes the table
in the same change as the derived graph.
"""

from __future__ import annotations

from kg.report.claim_pairs import corroborating_pair, pair_page_lines
from kg.report.claim_table import (
    ClaimInfo,
    TablePages,
    encode,
    next_sequence,
    stored_rows,
)
from kg.runtime.progress import Progress, no_progress
from kg.store.base import Change, Store, in_chunks, values_block
from kg.views.records import DETAILS, read_claims
from kg.vocab import CLAIM_TABLE_GRAPH, DERIVED_GRAPH

__all__ = ["rebuild_store", "rows_for_known"]


def rows_for_known(store: Store, stated: dict[str, ClaimInfo]) -> int:
    """Bring the rows of claims ingested again up to date with the graph; ``stated`` holds
    each one's row as this ingest said it. Returns how many rows were written.

    Where the table already says what the ingest said, the ingest added nothing to the
    claim. Elsewhere the claim may now hold more (two quotes, as two ingests gave it), and
    its row becomes what reading the graph gives, in a page that sorts after the others.
    """
    rows = stored_rows(store, stated)
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


def _claim_pages(store: Store) -> tuple[list[str], int]:
    """Page lines holding every claim's row, read from the asserted graph and written as
    write number 1 (the table starts again), and how many claims they hold.

    The rows are turned into page text as soon as they are read, so what stays in memory
    is about 250 bytes of JSON a claim, not a million :class:`ClaimInfo` objects.
    """
    claims = read_claims(store, "", DETAILS)
    count = len(claims)
    pages = TablePages(1)
    for iri in list(claims):
        pages.add(claims.pop(iri))
    return pages.lines(), count


def rebuild_store(store: Store, progress: Progress = no_progress) -> tuple[int, int]:
    """What ``kg rebuild`` does: the derived graph computed again from the asserted one,
    the claim table written again with it in the same change (on disk, one new database),
    then the rows ``kg contested`` keeps. Returns the derived graph's size in triples and
    how many claims the table holds (0 on a store that keeps none).

    ``progress(stage, done, total)`` is told each stage as it starts and ends ("table",
    "derive", "write", "listings"): at a million claims a rebuild takes minutes.
    """
    from kg.derive.rebuild import rebuild
    from kg.report.kept import refresh_listings

    # The claim table's rows first, as page text: the rules' records come after.
    pages: list[str] = []
    claims = 0
    if store.keeps_claim_table:
        progress("table", 0, 1)
        pages, claims = _claim_pages(store)
        progress("table", 1, 1)
    progress("derive", 0, 1)
    change = rebuild(store)
    derived = change.size
    _rebuilt_table(store, change, pages)
    del pages
    progress("derive", 1, 1)
    progress("write", 0, 1)
    store.apply(change)
    del change  # millions of lines at a million claims: not kept for the listings
    progress("write", 1, 1)
    progress("listings", 0, 1)
    refresh_listings(store)
    progress("listings", 1, 1)
    return derived, claims


def _rebuilt_table(store: Store, change: Change, pages: list[str]) -> None:
    """Add to ``kg rebuild``'s ``change`` the claim table written again: ``pages`` (from
    :func:`_claim_pages`, read before the rules ran, so the rows and the rules' records are
    never in memory together) and the corroborating pairs of the change's new derived
    graph, in place of the table's old pages. A store that does not keep the table loses
    any it held."""
    change.clear.append(CLAIM_TABLE_GRAPH)
    if store.keeps_claim_table:
        derived = change.insert.get(DERIVED_GRAPH, [])
        pairs = (pair for line in derived if (pair := corroborating_pair(line)) is not None)
        change.add(CLAIM_TABLE_GRAPH, pages + pair_page_lines(pairs, 1))
