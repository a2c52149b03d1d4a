"""The claim table the views read: the same claims the asserted graph gives, after every
ingest, re-ingest, retract and rebuild, on every backend; not trusted when incomplete."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import networkx as nx
import pytest
from conftest import DATA, KgRunner
from hypothesis import HealthCheck, given, settings
from strategies import conflict_sheets, sheets

from kg.demo import example_path
from kg.derive.retract import retract
from kg.export import export
from kg.ingest import ingest, ingest_claimset
from kg.inputs.sheets import sheet_to_claimset
from kg.report.claim_pairs import read_corroborations
from kg.report.claim_table import (
    ClaimTable,
    encode,
    page_text,
    page_triple,
    read_claim_table,
)
from kg.store import Store, open_store
from kg.store.base import Change
from kg.store.embedded import EmbeddedStore
from kg.views import build_view, write_view
from kg.views.records import DETAILS, read_claims
from kg.views.records import read_corroborations as graph_corroborations
from kg.views.table_rows import rebuild_store
from kg.vocab import CLAIM_TABLE_GRAPH


def from_graph(store: Store) -> dict[str, Any]:
    return read_claims(store, "", DETAILS)


def from_table(store: Store) -> dict[str, Any]:
    table = read_claim_table(store)
    assert table is not None, "the claim table is incomplete"
    return table.claims()


def test_the_table_holds_what_the_graph_gives(any_example_store: Store) -> None:
    assert from_table(any_example_store) == from_graph(any_example_store)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheet=sheets(max_claims=8))
def test_odd_values_come_back_as_the_engine_gives_them(sheet: dict[str, Any]) -> None:
    """Decimals in any notation, typed objects, dates of every precision, language tags:
    the row made from the claim is the row read back from the graph."""
    with EmbeddedStore(None, writable=True) as store:
        ingest_claimset(store, sheet_to_claimset(sheet))
        assert from_table(store) == from_graph(store)


def test_instants_and_language_tags_are_kept_in_the_engines_form(tmp_path: Path) -> None:
    sheet = _sheet(
        tmp_path / "instants.yaml",
        "i",
        "  - {id: c1, claimant: a, stance: asserts, statement: [a, knows, b], source: s,\n"
        "     said_on: '2025-06-01T10:00:00+00:00', quote: {text: Hi, lang: EN-GB},\n"
        "     during: {from: '2025-06-01T08:00:00.50+02:00'}}\n"
        "  - {id: c2, claimant: b, stance: denies, statement: [a, knows, b], source: s,\n"
        "     said_on: '2025-06-02T00:00:00.000Z', amount: {value: '0100.50', unit: people}}\n",
    )
    with EmbeddedStore(None, writable=True) as store:
        ingest(store, [sheet])
        table = from_table(store)
        assert table == from_graph(store)
    c1 = table["https://example.org/i/claim/c1"]
    assert (c1.said_on, c1.quote_lang) == ("2025-06-01T10:00:00Z", "en-gb")


def test_a_claim_ingested_again_with_more_gets_the_graphs_row(tmp_path: Path) -> None:
    first, again = tmp_path / "first.yaml", tmp_path / "again.yaml"
    head = (
        "sheet: 1\nbase: https://example.org/r/\n"
        "sources: [{id: s, title: Wire}]\n"
        "agents: [{id: a, name: A}, {id: b, name: B}]\n"
        "claims:\n"
    )
    claim = "  - {id: c1, claimant: a, stance: asserts, statement: [a, knows, b], source: s"
    first.write_text(head + claim + ", quote: First words}\n", encoding="utf-8")
    again.write_text(head + claim + ", medium: radio}\n", encoding="utf-8")
    with EmbeddedStore(None, writable=True) as store:
        ingest(store, [first])
        ingest(store, [again])  # known claim, one more field
        table = from_table(store)
        assert table == from_graph(store)
        c1 = table["https://example.org/r/claim/c1"]
        assert (c1.quote, c1.medium) == ("First words", "radio")
        pages = len(ClaimTable(store).pages)
        ingest(store, [again])  # nothing new: no page written
        assert len(ClaimTable(store).pages) == pages


@pytest.mark.parametrize("claims", [3, 25])  # searched for by text, or every page parsed
def test_claims_ingested_again_with_more_get_the_graphs_rows(tmp_path: Path, claims: int) -> None:
    def sheet(name: str, extra: str, prefix: str = "c") -> Path:
        path = tmp_path / f"{name}.yaml"
        path.write_text(
            "sheet: 1\nbase: https://example.org/r/\nsources: [{id: s, title: Wire}]\n"
            "agents: [{id: a, name: A}, {id: b, name: B}]\nclaims:\n"
            + "".join(
                f"  - {{id: {prefix}{n}, claimant: a, stance: asserts, statement: [a, knows, b], "
                f"source: s, amount: {{value: {n}, unit: people}}{extra}}}\n"
                for n in range(claims)
            ),
            encoding="utf-8",
        )
        return path

    with EmbeddedStore(None, writable=True) as store:
        ingest(store, [sheet("first", ", quote: Words")])
        ingest(store, [sheet("other", "", "d")])  # other claims, in pages after the first
        ingest(store, [sheet("again", ", medium: radio")])
        table = from_table(store)
        assert table == from_graph(store)
        assert {(c.quote, c.medium) for c in table.values() if c.id[0] == "c"} == {
            ("Words", "radio")
        }
        pages = len(ClaimTable(store).pages)
        ingest(store, [sheet("again", ", medium: radio")])  # nothing new: no page written
        assert len(ClaimTable(store).pages) == pages


def test_retract_takes_the_rows_out(tmp_path: Path) -> None:
    with EmbeddedStore(None, writable=True) as store:
        ingest(store, [example_path(), DATA / "altman-podcast-en.yaml"])
        before = from_table(store)
        report = retract(store, ["beyer-denial"])
        assert report.claims
        after = from_table(store)
        assert after == from_graph(store)
        assert len(after) == len(before) - 1
        assert not [c for c in after.values() if c.id == "beyer-denial"]


def test_views_are_the_same_from_the_table_and_from_the_graph(example_store: Store) -> None:
    with_table = {}
    for name in ("said-about", "chains", "claims", "disagreement"):
        out = io.BytesIO()
        write_view(example_store, out, "gexf", name)
        with_table[name] = out.getvalue()
    said_about_from_table = build_view(example_store, "said-about")
    example_store.apply(Change(clear=[CLAIM_TABLE_GRAPH]))
    assert read_claim_table(example_store) is None
    for name, expected in with_table.items():
        out = io.BytesIO()
        write_view(example_store, out, "gexf", name)
        assert out.getvalue() == expected, name
    # the NetworkX graph itself, attributes and all (None values included, which the
    # GEXF file drops), is the same from the table and from the graph
    assert nx.utils.graphs_equal(said_about_from_table, build_view(example_store, "said-about"))


def test_an_incomplete_table_is_not_used_until_rebuild(kg: KgRunner, store_dir: Path) -> None:
    assert kg("ingest", str(example_path())).exit_code == 0
    before = kg("export", "--view", "said-about", "--format", "edges").stdout
    with open_store(str(store_dir), writable=True) as store:
        table = ClaimTable(store)
        page, claims = next(iter(table.pages.items()))
        rows = [table.rows[iri] for iri in claims]
        # As a store edited by hand, or written by an older kg, might be: one row short.
        store.apply(Change(clear=[CLAIM_TABLE_GRAPH]))
        store.apply(
            Change(insert={CLAIM_TABLE_GRAPH: _page(page, rows[1:])}),
        )
        assert read_claim_table(store) is None
    assert "claim table     not used" in kg("info").stdout
    assert kg("export", "--view", "said-about", "--format", "edges").stdout == before
    rebuilt = kg("rebuild")
    assert rebuilt.exit_code == 0 and "rewrote the claim table: 12 claims" in rebuilt.stdout
    assert "claim table     kept" in kg("info").stdout
    assert kg("export", "--view", "said-about", "--format", "edges").stdout == before
    with open_store(str(store_dir)) as store:
        # the pairs went in the rebuild's own write, from its new derived graph
        pairs = read_corroborations(store)
        assert pairs and pairs == sorted(graph_corroborations(store, None, kept=False))
        assert ClaimTable(store).rows == {
            iri: encode(info) for iri, info in from_graph(store).items()
        }


def test_a_dry_run_writes_no_row(tmp_path: Path) -> None:
    with EmbeddedStore(None, writable=True) as store:
        ingest(store, [example_path()], dry_run=True)
        assert not ClaimTable(store).pages


def test_the_table_is_never_exported(example_store: Store) -> None:
    out = io.BytesIO()
    export(example_store, out, "nquads")
    assert b"claim-table" not in out.getvalue()
    assert rebuild_store(example_store)[1] == len(from_graph(example_store))


def _page(page: str, rows: list[list[Any]]) -> list[str]:
    return [page_triple(page, page_text(rows))]


def test_contradictions_read_from_the_kept_rows_are_the_graphs(any_example_store: Store) -> None:
    """The views take every contradiction from the rows kg contested keeps: the same
    contradictions, kinds and reasons the derived graph gives."""
    from kg.views.records import _by_pair, _found_in_graph, _read_contradictions

    kept = _read_contradictions(any_example_store, None)
    assert kept and kept == _by_pair(_found_in_graph(any_example_store, None))


def test_retracting_a_whole_source_takes_all_its_rows_out(tmp_path: Path) -> None:
    sheet = tmp_path / "many.yaml"
    sheet.write_text(
        "sheet: 1\nbase: https://example.org/many/\n"
        "sources: [{id: s, title: Wire}, {id: t, title: Other}]\n"
        "agents: [{id: a, name: A}, {id: b, name: B}]\n"
        "claims:\n"
        + "".join(
            f"  - {{id: c{n}, claimant: a, stance: asserts, statement: [a, knows, b],"
            f" source: {'s' if n < 20 else 't'}, amount: {{value: {n}, unit: people}}}}\n"
            for n in range(25)
        ),
        encoding="utf-8",
    )
    with EmbeddedStore(None, writable=True) as store:
        ingest(store, [sheet])
        retract(store, sources=["s"])  # more claims than the page is searched for by text
        after = from_table(store)
        assert sorted(c.id for c in after.values()) == [f"c{n}" for n in range(20, 25)]
        assert after == from_graph(store)


def _pairs_both_ways(store: Store) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    from kg.report.claim_pairs import read_corroborations as kept_pairs
    from kg.views.records import read_corroborations

    kept = kept_pairs(store)
    assert kept is not None, "the kept pairs are incomplete"
    return kept, read_corroborations(store, None, kept=False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=conflict_sheets(), cut=st.integers(0, 30))
def test_kept_pairs_are_the_derived_graphs_over_any_split(doc: dict[str, Any], cut: int) -> None:
    """Corroborating pairs kept by ingest (in one go or two), then after a retract: the
    pairs the derived graph states, each once."""
    claims = doc["claims"]
    first = dict(doc, claims=claims[: cut % (len(claims) + 1)])
    with EmbeddedStore(None, writable=True) as store:
        ingest_claimset(store, sheet_to_claimset(first))
        ingest_claimset(store, sheet_to_claimset(doc))
        kept, graph = _pairs_both_ways(store)
        assert kept == graph
        if claims:
            retract(store, [claims[0]["id"]])
            kept, graph = _pairs_both_ways(store)
            assert kept == graph


def test_views_read_the_kept_pairs(example_store: Store) -> None:
    kept, graph = _pairs_both_ways(example_store)
    assert kept and kept == graph
    example_store.apply(Change(clear=[CLAIM_TABLE_GRAPH]))
    from kg.report.claim_pairs import read_corroborations as kept_pairs

    assert kept_pairs(example_store) is None  # none kept: the views read the graph
    assert rebuild_store(example_store)[1] == len(from_graph(example_store))
    assert _pairs_both_ways(example_store)[0] == graph


def test_kept_pairs_order_iris_as_text_not_as_n_triples(tmp_path: Path) -> None:
    """c1 < c10 as IRIs, though "<…c1>" > "<…c10>" with its brackets: a pair is kept in
    the order the graph reader gives it, which the views rely on."""
    sheet = _sheet(
        tmp_path / "prefix.yaml",
        "p",
        "  - {id: c10, claimant: a, stance: asserts, statement: [a, knows, b], source: s}\n"
        "  - {id: c1, claimant: b, stance: asserts, statement: [a, knows, b], source: s}\n",
    )
    with EmbeddedStore(None, writable=True) as store:
        ingest(store, [sheet])
        kept, graph = _pairs_both_ways(store)
    assert kept == graph == [("https://example.org/p/claim/c1", "https://example.org/p/claim/c10")]


def _sheet(path: Path, base: str, claims: str) -> Path:
    """A sheet at ``path``: agents a and b, source s, under https://example.org/BASE/."""
    path.write_text(
        f"sheet: 1\nbase: https://example.org/{base}/\n"
        "sources: [{id: s, title: Wire}]\n"
        "agents: [{id: a, name: A}, {id: b, name: B}]\n"
        "claims:\n" + claims,
        encoding="utf-8",
    )
    return path
