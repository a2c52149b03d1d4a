"""The remote store against a real Oxigraph server, and the same claimgraph behaviour on both
backends: ingest, idempotence, contradictions across ingests, all-or-nothing, exports."""

from __future__ import annotations

import io
import socket
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg.demo import example_path
from kg.derive.rebuild import rebuild
from kg.errors import InputError, StoreError
from kg.export import export
from kg.ingest import ingest
from kg.namespace import ASSERTED_GRAPH, DERIVED_GRAPH, GRAPH_NS
from kg.report import contested, list_claims
from kg.store import Change, Store, open_store
from kg.store.remote import RemoteStore
from kg.vocab import CLAIM_TABLE_GRAPH, LISTINGS_GRAPH

BOARD = example_path("openai-board-2023.json")
DATA = Path(__file__).resolve().parent / "data"


def nt_lines(store: Store) -> list[str]:
    out = io.BytesIO()
    export(store, out, "nt")
    return sorted(out.getvalue().decode().splitlines())


def graphs_on_server(server: Any) -> set[str]:
    """Every named graph the server holds, hidden staging graphs included."""
    query = urllib.parse.urlencode({"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"})
    request = urllib.request.Request(
        f"{server.query_url}?{query}", headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        results = ox.parse_query_results(response.read(), ox.QueryResultsFormat.JSON)
    return {row["g"].value for row in results}


# --- the same behaviour on both backends ------------------------------------------------------


def test_ingest_then_contested(any_store: Store) -> None:
    report = ingest(any_store, [example_path()])
    assert (report.claims, report.new_claims, report.contradictions) == (12, 12, 1)
    assert report.contested_propositions == 2
    data = contested(any_store)
    assert [p["object"] for p in data["propositions"]] == [
        "OpenAI staff",
        "Lucas Beyer and two OpenAI colleagues",
    ]
    [entry] = data["contradictions"]
    assert entry["kind"] == "rebuttal"
    assert [(c["id"], c["claimant"], c["stance"]) for c in entry["claims"]] == [
        ("altman-100m", "Sam Altman", "asserts"),
        ("beyer-denial", "Lucas Beyer", "denies"),
    ]


def test_reingest_changes_nothing(any_store: Store) -> None:
    ingest(any_store, [example_path()])
    before = nt_lines(any_store)
    again = ingest(any_store, [example_path()])
    assert (again.new_claims, again.contradictions) == (0, 0)
    assert nt_lines(any_store) == before


def test_both_backends_hold_the_same_graph(remote_store: Store, empty_store: Store) -> None:
    for store in (remote_store, empty_store):
        ingest(store, [example_path(), BOARD, DATA / "altman-podcast-en.yaml"])
    assert nt_lines(remote_store) == nt_lines(empty_store)
    assert contested(remote_store) == contested(empty_store)
    assert list_claims(remote_store, by="altman") == list_claims(empty_store, by="altman")
    assert remote_store.count(ASSERTED_GRAPH) == empty_store.count(ASSERTED_GRAPH)


def test_contradiction_across_ingests(any_store: Store, tmp_path: Path) -> None:
    ingest(any_store, [example_path()])
    later = tmp_path / "later.yaml"
    later.write_text(
        "sheet: 1\nbase: https://example.org/talent-war/\n"
        "sources: [{id: later, title: Later, language: en, published: 2025-08-01}]\n"
        "agents:\n  - {id: zuckerberg, name: Mark Zuckerberg, type: Person}\n"
        "  - {id: meta, name: Meta, type: Organization}\n"
        "  - {id: openai-staff, name: OpenAI staff, type: Group}\n"
        "predicates: [{id: offered_signing_bonus, label: offered a signing bonus to}]\n"
        "claims:\n  - {id: zuck-denies, claimant: zuckerberg, stance: denies, source: later,\n"
        "     statement: [meta, offered_signing_bonus, openai-staff]}\n"
    )
    report = ingest(any_store, [later])
    assert report.contradictions == 1
    found = contested(any_store)["contradictions"]
    kinds = {(e["kind"], tuple(c["id"] for c in e["claims"])) for e in found}
    assert ("opposite-stance", ("altman-100m", "zuck-denies")) in kinds


def test_failed_ingest_writes_nothing(any_store: Store, tmp_path: Path) -> None:
    ingest(any_store, [example_path()])
    before = nt_lines(any_store)
    broken = tmp_path / "broken.yaml"
    broken.write_text("sheet: 1\nsources: []\nclaims:\n  - {id: x, claimant: nobody}\n")
    with pytest.raises(InputError):
        ingest(any_store, [BOARD, broken])
    assert nt_lines(any_store) == before


def test_rebuild_agrees_with_incremental(any_store: Store) -> None:
    ingest(any_store, [example_path()])
    ingest(any_store, [DATA / "altman-podcast-en.yaml"])
    before = nt_lines(any_store)
    any_store.apply(rebuild(any_store))
    assert nt_lines(any_store) == before


def test_bound_values_stay_values(any_store: Store) -> None:
    ingest(any_store, [example_path()])
    nasty = 'x" } } ; DROP ALL ; INSERT DATA { <http://a/> <http://b/> "c" } #'
    result = any_store.query(
        "SELECT ?v WHERE { BIND(?v AS ?w) }", {"v": ox.Literal(nasty, language="fr")}
    )
    assert [(r["v"].value, r["v"].language) for r in result] == [(nasty, "fr")]
    assert any_store.count() > 300


# --- the remote store itself ------------------------------------------------------------------


def test_staged_change_moves_into_place(
    oxigraph_server: Any, remote_store: Store, empty_store: Store
) -> None:
    small_batches = RemoteStore(
        oxigraph_server.query_url, update_url=oxigraph_server.update_url, writable=True,
        batch_size=50,
    )  # fmt: skip
    report = ingest(small_batches, [example_path()])  # ~300 triples: seven INSERT DATA batches
    assert report.triples > 300
    ingest(empty_store, [example_path()])
    assert nt_lines(remote_store) == nt_lines(empty_store)
    assert graphs_on_server(oxigraph_server) == {
        ASSERTED_GRAPH,
        DERIVED_GRAPH,
        LISTINGS_GRAPH,
        CLAIM_TABLE_GRAPH,
    }


def test_failed_staged_change_leaves_store_and_server_clean(
    oxigraph_server: Any, remote_store: Store
) -> None:
    ingest(remote_store, [example_path()])
    before = nt_lines(remote_store)
    store = RemoteStore(
        oxigraph_server.query_url, update_url=oxigraph_server.update_url, writable=True,
        batch_size=2,
    )  # fmt: skip
    change = Change()
    good = [f"<http://x.org/s{i}> <http://x.org/p> <http://x.org/o>" for i in range(5)]
    change.add(ASSERTED_GRAPH, [*good, "<http://x.org/broken> <http://x.org/p> <not an iri>"])
    change.remove(DERIVED_GRAPH, ["<http://x.org/a> <http://x.org/b> <http://x.org/c>"])
    with pytest.raises(StoreError, match="answered 400"):
        store.apply(change)
    assert nt_lines(remote_store) == before
    assert graphs_on_server(oxigraph_server) == {
        ASSERTED_GRAPH,
        DERIVED_GRAPH,
        LISTINGS_GRAPH,
        CLAIM_TABLE_GRAPH,
    }
    assert not any(g.startswith(GRAPH_NS + "staging/") for g in graphs_on_server(oxigraph_server))


def test_queries_do_not_see_other_graphs_on_the_server(
    oxigraph_server: Any, remote_store: Store
) -> None:
    ingest(remote_store, [example_path()])
    count = remote_store.count()
    remote_store.update('INSERT DATA { GRAPH <http://x.org/g> { <http://a/> <http://b/> "c" } }')
    remote_store.update('INSERT DATA { <http://a/> <http://b/> "in the default graph" }')
    assert remote_store.count() == count
    assert not bool(remote_store.query("ASK { ?s ?p 'c' }"))


def test_read_only_remote_store_refuses_writes(oxigraph_server: Any) -> None:
    store = open_store(oxigraph_server.query_url, update_url=oxigraph_server.update_url)
    with store, pytest.raises(StoreError, match="read-only"):
        store.apply(Change(insert={ASSERTED_GRAPH: ["<http://a/> <http://b/> <http://c/>"]}))


def test_unreachable_endpoint_is_a_store_error() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    store = open_store(f"http://127.0.0.1:{port}/query")
    with store, pytest.raises(StoreError, match="cannot reach the SPARQL endpoint"):
        store.count()


def test_syntax_error_comes_back_as_syntax_error_at_the_users_position(remote_store: Store) -> None:
    with pytest.raises(SyntaxError, match=r"^error at 1:2[0-9]"):
        remote_store.query("SELECT * WHERE { ?s ?p")


def test_dump_trig_keeps_graphs(remote_store: Store, empty_store: Store) -> None:
    for store in (remote_store, empty_store):
        ingest(store, [example_path()])
    dumps = []
    for store in (remote_store, empty_store):
        out = io.BytesIO()
        store.dump(out, ox.RdfFormat.N_QUADS)
        dumps.append(sorted(out.getvalue().decode().splitlines()))
    assert dumps[0] == dumps[1]
    assert any(line.endswith(f"<{DERIVED_GRAPH}> .") for line in dumps[0])
