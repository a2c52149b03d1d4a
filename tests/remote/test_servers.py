"""The remote store against real servers (Oxigraph server and Debian's Virtuoso with its
default limits, through digest-authenticated /sparql-auth): complete, exact, all or nothing."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg.demo import example_path
from kg.errors import StoreError
from kg.export import export
from kg.ingest import ingest
from kg.store import Change, Store
from kg.store.remote import RemoteStore
from kg.vocab import ASSERTED_GRAPH, DERIVED_GRAPH, GRAPH_NS

XSD = "http://www.w3.org/2001/XMLSchema#"
MANY = 12_345  # past Virtuoso's ResultSetMaxRows (10,000)


def nt_lines(store: Store) -> list[str]:
    out = io.BytesIO()
    export(store, out, "nt")
    return sorted(out.getvalue().decode().splitlines())


def dump(store: Store, fmt: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> list[str]:
    out = io.BytesIO()
    store.dump(out, fmt)
    return sorted(out.getvalue().decode().splitlines())


def many_triples(n: int = MANY) -> list[str]:
    return [f'<http://x.org/s{i}> <http://x.org/p> "value {i}"' for i in range(n)]


def staging_graphs(store: RemoteStore) -> list[str]:
    _, _, data = store._ask(  # the raw endpoint, no FROM clauses added
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER(STRSTARTS(STR(?g), "{GRAPH_NS}staging/")) }}',
        False,
    )
    return [row["g"].value for row in ox.parse_query_results(data, ox.QueryResultsFormat.JSON)]


# --- complete answers ---------------------------------------------------------------------------


def test_big_write_then_export_is_complete(server_store: RemoteStore) -> None:
    server_store.apply(Change(insert={ASSERTED_GRAPH: many_triples()}))
    assert server_store.count(ASSERTED_GRAPH) == MANY
    lines = dump(server_store)
    assert len(lines) == MANY
    assert len(set(lines)) == MANY
    assert len(nt_lines(server_store)) == MANY
    assert not staging_graphs(server_store)


def test_select_past_the_cap_is_paged_in_its_own_order(server_store: RemoteStore) -> None:
    server_store.apply(Change(insert={ASSERTED_GRAPH: many_triples()}))
    result = server_store.query("SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY DESC(?o)")
    values = [row["o"].value for row in result]
    assert len(values) == MANY
    assert values == sorted((f"value {i}" for i in range(MANY)), reverse=True)


def test_construct_past_the_cap_is_complete_or_fails_loudly(server_store: RemoteStore) -> None:
    server_store.apply(Change(insert={ASSERTED_GRAPH: many_triples()}))
    try:
        triples = server_store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    except StoreError as exc:
        assert "result cap" in str(exc)
    else:
        assert len(list(triples)) == MANY


def test_construct_answers_in_rdf(server_store: RemoteStore) -> None:
    server_store.apply(Change(insert={ASSERTED_GRAPH: many_triples(10)}))
    triples = list(server_store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"))
    assert len(triples) == 10
    assert all(isinstance(t, ox.Triple) for t in triples)


# --- exact terms --------------------------------------------------------------------------------


@pytest.mark.parametrize("size", ["one request", "staged"])
def test_decimals_stay_decimals(server_store: RemoteStore, embedded: Store, size: str) -> None:
    amounts = [
        f'<http://x.org/a{i}> <https://schema.org/value> "{v}"^^<{XSD}decimal>'
        for i, v in enumerate(["5000000", "100000000", "2.5", "-7", "0.125"])
    ]
    extra = many_triples(1_500) if size == "staged" else []
    for store in (server_store, embedded):
        store.apply(Change(insert={ASSERTED_GRAPH: amounts + extra}))
    assert dump(server_store) == dump(embedded)
    [row] = server_store.query(
        "SELECT (DATATYPE(?v) AS ?t) WHERE { <http://x.org/a0> <https://schema.org/value> ?v }"
    )
    assert row["t"].value == XSD + "decimal"


QUOTE = "« Nous n’avons pas offert 100 000 000 $ » — ≥ 5 M€, 東京, 𝄞"


@pytest.mark.parametrize("size", ["one request", "staged"])
def test_non_ascii_text_round_trips(server_store: RemoteStore, size: str) -> None:
    extra = many_triples(1_500) if size == "staged" else []
    quote = ox.Literal(QUOTE, language="fr")
    server_store.apply(
        Change(insert={ASSERTED_GRAPH: [f"<http://x.org/q> <http://x.org/says> {quote}", *extra]})
    )
    [row] = server_store.query("SELECT ?o WHERE { <http://x.org/q> ?p ?o }")
    assert row["o"] == quote
    # in the query text, and bound
    assert bool(server_store.query(f"ASK {{ ?s ?p {quote} }}"))
    assert bool(server_store.query("ASK { ?s ?p ?v }", {"v": quote}))
    [row] = server_store.query('SELECT (CONCAT("≥ ", "5 M€") AS ?x) WHERE {}')
    assert row["x"].value == "≥ 5 M€"


def test_same_graph_as_embedded_after_ingest(server_store: RemoteStore, embedded: Store) -> None:
    for store in (server_store, embedded):
        ingest(store, [example_path()])
    assert nt_lines(server_store) == nt_lines(embedded)
    assert dump(server_store) == dump(embedded)


def test_the_claim_table_holds_what_the_servers_graph_gives(
    server_store: RemoteStore, tmp_path: Path
) -> None:
    """Rows made from the claims at ingest match what this server gives back for them (its
    own literal forms), pages of hundreds of kilobytes included; Virtuoso, which refuses
    such pages, keeps none and the views read its graphs."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from generate import generate_sheet  # a sibling script, not a package

    from kg.report.claim_pairs import read_corroborations
    from kg.report.claim_table import ClaimTable, read_claim_table
    from kg.views.records import DETAILS, read_claims
    from kg.views.table_rows import rebuild_store

    sheet = tmp_path / "generated.json"
    sheet.write_text(json.dumps(generate_sheet(1200, 5)), encoding="utf-8")
    ingest(server_store, [example_path(), sheet])
    claims = read_claims(server_store, "", DETAILS)
    for step in ("ingest", "rebuild"):
        if step == "rebuild":  # kg rebuild writes the table again, in its own change
            assert rebuild_store(server_store)[1] == (
                len(claims) if server_store.keeps_claim_table else 0
            )
        table = read_claim_table(server_store)
        if not server_store.keeps_claim_table:
            assert table is None and not ClaimTable(server_store).pages
            assert "virtuoso" in server_store._http.server.lower()
            continue
        assert table is not None and len(ClaimTable(server_store).pages) > 2, step
        assert table.claims() == claims, step
        assert read_corroborations(server_store), step


def test_small_writes_and_about_reads_answer_as_the_embedded_store(
    server_store: RemoteStore, embedded: Store
) -> None:
    """The query shapes that keep small work small on a big store (OPTIONAL around a GRAPH
    block, propositions found from a node, retraction by pairs) give every server the
    embedded store's answers: a second sheet, a sheet again, --about reads, retractions."""
    from conftest import EXAMPLES

    from kg.derive.retract import retract
    from kg.report import contested, list_claims
    from kg.report.quote_languages import answer_text, kept_quote_languages
    from kg.sparql import get_named_query, run_query
    from kg.store.base import string_rows
    from kg.views import said_about_graph
    from kg.viz.data import build_picture

    harbour = EXAMPLES / "harbour-strike.yaml"
    boolean = f"^^<{XSD}boolean>"

    def triples(store: Store) -> list[str]:  # Virtuoso spells xsd:boolean true as "1"
        return [line.replace(f'"1"{boolean}', f'"true"{boolean}') for line in nt_lines(store)]

    answers = []
    for store in (server_store, embedded):
        ingest(store, [example_path()])
        ingest(store, [harbour])  # checked against the store, claims about claims
        ingest(store, [example_path()])  # every claim known already
        seen: dict[str, Any] = {"after ingest": triples(store)}
        for about in ("meta", "port", "Ana Ruiz"):
            seen[f"claims {about}"] = list_claims(store, about=about)
            graph = said_about_graph(store, about=about)
            seen[f"said-about {about}"] = sorted(
                repr((u, v, sorted(d.items()))) for u, v, d in graph.edges(data=True)
            )
            picture = build_picture(store, about=about)
            seen[f"viz {about}"] = sorted(
                (link.kind, picture.claims[link.a].id, picture.claims[link.b].id)
                for link in picture.links
            )
        retract(store, ["beyer-denial"])
        retract(store, sources=["wire"])
        seen["after retract"] = triples(store)
        seen["contested"] = contested(store)
        kept = kept_quote_languages(store)  # counted again by each write, on every server
        assert kept is not None
        seen["multilingual-agents"] = string_rows(run_query(store, answer_text(kept)).result)
        assert seen["multilingual-agents"] == string_rows(
            run_query(store, get_named_query("multilingual-agents").text).result
        )
        answers.append(seen)
    for key in answers[1]:
        assert answers[0][key] == answers[1][key], key


# --- all or nothing -----------------------------------------------------------------------------


def test_failed_staged_write_leaves_the_store_as_it_was(server_store: RemoteStore) -> None:
    ingest(server_store, [example_path()])
    before = dump(server_store)
    change = Change()
    change.add(
        ASSERTED_GRAPH,
        [*many_triples(2_500), "<http://x.org/broken> <http://x.org/p> <not an iri>"],
    )
    change.remove(DERIVED_GRAPH, ["<http://x.org/a> <http://x.org/b> <http://x.org/c>"])
    change.clear.append(DERIVED_GRAPH)
    with pytest.raises(StoreError):
        server_store.apply(change)
    assert dump(server_store) == before
    assert not staging_graphs(server_store)


def test_failed_one_request_write_leaves_the_store_as_it_was(server_store: RemoteStore) -> None:
    ingest(server_store, [example_path()])
    before = dump(server_store)
    change = Change(
        insert={
            ASSERTED_GRAPH: [*many_triples(5), "<http://x.org/b> <http://x.org/p> <not an iri>"]
        }
    )
    with pytest.raises(StoreError):
        server_store.apply(change)
    assert dump(server_store) == before


def test_leftover_staging_graphs_are_swept(server_store: RemoteStore) -> None:
    old = f"{GRAPH_NS}staging/1000-abc/insert/0"
    server_store.update(
        f"INSERT DATA {{ GRAPH <{old}> {{ <http://a/> <http://b/> <http://c/> }} }}"
    )
    server_store.apply(Change(insert={ASSERTED_GRAPH: many_triples(2_000)}))
    assert not staging_graphs(server_store)
    assert server_store.count(ASSERTED_GRAPH) == 2_000


# --- credentials (Virtuoso's /sparql-auth wants HTTP Digest) -------------------------------------


def test_digest_credentials_from_the_environment(
    virtuoso_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KG_STORE_USER", virtuoso_server.user)
    monkeypatch.setenv("KG_STORE_PASSWORD", virtuoso_server.password)
    store = RemoteStore(virtuoso_server.auth_url, writable=True)
    store.update('INSERT DATA { GRAPH <http://x.org/g> { <http://a/> <http://b/> "c" } }')
    assert bool(store.query("ASK {}"))


def test_bad_credentials_are_a_clear_error(virtuoso_server: Any) -> None:
    url = virtuoso_server.url_with_credentials().replace(virtuoso_server.password, "wrong")
    store = RemoteStore(url)
    with pytest.raises(StoreError, match=r"refused the credentials of user 'kg'"):
        store.count()
    assert "wrong" not in store.location


def test_missing_credentials_are_a_clear_error(
    virtuoso_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KG_STORE_USER", raising=False)
    store = RemoteStore(virtuoso_server.auth_url)
    with pytest.raises(StoreError, match=r"asks for credentials"):
        store.count()
