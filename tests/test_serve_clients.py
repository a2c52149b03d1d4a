"""``kg serve`` as other programs use it: kg itself, rdflib's SPARQLStore, SPARQLWrapper, browsers.

A real server on a free loopback port over the bundled example (``kg demo``'s data); the
clients are real: kg's own CLI with ``--store http://…/sparql``, rdflib, SPARQLWrapper, and
raw HTTP for what browsers send (CORS preflights, HEAD, Accept: text/html).
"""

from __future__ import annotations

import json
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from conftest import KgRunner
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from servers.kg_serve import start, stop
from SPARQLWrapper import JSON, SPARQLWrapper
from test_serve import TOKEN, http, make_store

from kg.serve import ServeConfig, SparqlServer
from kg.vocab import ASSERTED_GRAPH, CLAIM_TABLE_GRAPH, DERIVED_GRAPH, LISTINGS_GRAPH

CLAIM_COUNT = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a cg:Claim }"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_store(tmp_path_factory.mktemp("clients") / "store")


@pytest.fixture(scope="module")
def server(store_dir: Path) -> Iterator[SparqlServer]:
    running, thread = start(ServeConfig(str(store_dir), port=0, quiet=True))
    yield running
    stop(running, thread)


@pytest.fixture
def logged_server(store_dir: Path) -> Iterator[SparqlServer]:
    """A server that logs (to this process's stderr)."""
    running, thread = start(ServeConfig(str(store_dir), port=0, token=TOKEN))
    yield running
    stop(running, thread)


def count(server: SparqlServer, query: str, **params: str) -> int:
    fields = {"query": query, **params}
    status, _, body = http(server.url + "?" + urllib.parse.urlencode(fields))
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


# --- kg reading through its own kg serve ---------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ("claims", "--format", "json"),
        ("contested", "--format", "json"),
        ("export", "--format", "nt"),
        ("query", "--named", "said-about", "--param", "entity=meta", "--format", "json"),
    ],
    ids=lambda c: c[0],
)
def test_kg_through_kg_serve_equals_the_embedded_store(
    server: SparqlServer, store_dir: Path, command: tuple[str, ...]
) -> None:
    embedded = KgRunner(store_dir)(*command)
    remote = KgRunner(server.url)(*command)
    assert embedded.exit_code == 0, embedded.stderr
    assert remote.exit_code == 0, remote.stderr
    assert remote.stdout == embedded.stdout
    assert len(embedded.stdout) > 200  # the example is there, not two empty answers


# --- FROM, FROM NAMED and the protocol's dataset parameters --------------------------------------


def test_from_chooses_among_the_stores_graphs(server: SparqlServer) -> None:
    everything = count(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    asserted = count(
        server, f"SELECT (COUNT(*) AS ?n) FROM <{ASSERTED_GRAPH}> WHERE {{ ?s ?p ?o }}"
    )
    derived = count(server, f"SELECT (COUNT(*) AS ?n) FROM <{DERIVED_GRAPH}> WHERE {{ ?s ?p ?o }}")
    # the kept graphs: the rows kg contested keeps, the claim table (docs/vocabulary.md)
    kept = count(server, f"SELECT (COUNT(*) AS ?n) FROM <{LISTINGS_GRAPH}> WHERE {{ ?s ?p ?o }}")
    table = count(
        server, f"SELECT (COUNT(*) AS ?n) FROM <{CLAIM_TABLE_GRAPH}> WHERE {{ ?s ?p ?o }}"
    )
    assert asserted > 0 and derived > 0 and kept > 0 and table > 0
    assert asserted + derived + kept + table == everything
    named = count(
        server,
        f"SELECT (COUNT(*) AS ?n) FROM NAMED <{DERIVED_GRAPH}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    )
    assert named == derived
    # FROM without FROM NAMED: no named graphs (SPARQL 1.1 §13.2)
    none = count(
        server,
        f"SELECT (COUNT(*) AS ?n) FROM <{ASSERTED_GRAPH}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    )
    assert none == 0


def test_protocol_dataset_parameters_override_the_query(server: SparqlServer) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    derived = count(server, query, **{"default-graph-uri": DERIVED_GRAPH})
    assert derived == count(
        server, f"SELECT (COUNT(*) AS ?n) FROM <{DERIVED_GRAPH}> {{ ?s ?p ?o }}"
    )
    overridden = f"SELECT (COUNT(*) AS ?n) FROM <{ASSERTED_GRAPH}> WHERE {{ ?s ?p ?o }}"
    assert count(server, overridden, **{"default-graph-uri": DERIVED_GRAPH}) == derived
    assert count(server, query, **{"default-graph-uri": ""}) == count(server, query)


@pytest.mark.parametrize(
    "fields",
    [
        {"query": "SELECT * FROM <http://127.0.0.1:{port}/x.ttl> WHERE { ?s ?p ?o }"},
        {"query": "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }"},
        {"query": "ASK { ?s ?p ?o }", "default-graph-uri": "http://127.0.0.1:{port}/x.ttl"},
        {"query": "ASK { ?s ?p ?o }", "named-graph-uri": "http://127.0.0.1:{port}/x.ttl"},
    ],
)
def test_a_graph_the_store_does_not_hold_is_400_and_fetches_nothing(
    server: SparqlServer, connection_recorder: Any, fields: dict[str, str]
) -> None:
    port = str(connection_recorder.port)
    filled = {k: v.replace("{port}", port) for k, v in fields.items()}
    status, _, body = http(server.url + "?" + urllib.parse.urlencode(filled))
    assert status == 400
    assert b"is refused: the store holds no such graph" in body and ASSERTED_GRAPH.encode() in body
    assert connection_recorder.connections == []


# --- other clients -------------------------------------------------------------------------------


def test_rdflib_sparqlstore_with_a_graph_identifier(server: SparqlServer) -> None:
    """rdflib sends the graph's identifier as default-graph-uri."""
    store = SPARQLStore(server.url, returnFormat="json")
    asserted = Graph(store, identifier=URIRef(ASSERTED_GRAPH))
    derived = Graph(store, identifier=URIRef(DERIVED_GRAPH))
    cg = "https://w3id.org/claimgraph/ns#"
    claims = set(asserted.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                   URIRef(cg + "Claim")))  # fmt: skip
    assert len(claims) == 12
    assert not set(derived.subjects(None, URIRef(cg + "Claim")))
    rows = list(asserted.query("SELECT ?name WHERE { ?a <https://schema.org/name> ?name }"))
    assert any(str(row[0]) == "Lucas Beyer" for row in rows)
    store.close()


def test_rdflib_sparqlstore_without_identifier(server: SparqlServer) -> None:
    store = SPARQLStore(server.url, returnFormat="json")
    rows = list(Graph(store).query(CLAIM_COUNT))  # sent as written: cg: is predeclared
    assert int(rows[0][0]) == 12
    store.close()


def test_sparqlwrapper_with_a_default_graph(server: SparqlServer) -> None:
    sparql = SPARQLWrapper(server.url)
    sparql.addDefaultGraph(ASSERTED_GRAPH)
    sparql.setQuery(CLAIM_COUNT)
    sparql.setReturnFormat(JSON)
    result: Any = sparql.query().convert()
    assert result["results"]["bindings"][0]["n"]["value"] == "12"


# --- what browsers send ----------------------------------------------------------------------------


def test_cors_preflight_and_headers(server: SparqlServer, writable_url: str) -> None:
    preflight = {
        "Origin": "https://example.org",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    status, headers = raw(server.url, "OPTIONS", preflight)
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in headers["Access-Control-Allow-Headers"]
    assert "Authorization" not in headers["Access-Control-Allow-Headers"]  # read-only
    query = urllib.parse.urlencode({"query": CLAIM_COUNT})
    status, headers = raw(f"{server.url}?{query}", "GET", {"Origin": "https://example.org"})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
    # With a token, a preflight may carry Authorization; an update's answer is readable
    # cross-origin only when its token was right.
    status, headers = raw(writable_url, "OPTIONS", preflight)
    assert "Authorization" in headers["Access-Control-Allow-Headers"]
    insert = b'INSERT DATA { GRAPH <https://w3id.org/claimgraph/graph/asserted> { <http://a.example/> <http://b.example/> "c" } }'
    update = {"Origin": "https://example.org", "Content-Type": "application/sparql-update"}
    status, headers = raw(writable_url, "POST", update, insert)
    assert status == 403 and "Access-Control-Allow-Origin" not in headers
    status, headers = raw(
        writable_url, "POST", {**update, "Authorization": f"Bearer {TOKEN}"}, insert
    )
    assert status == 204 and headers["Access-Control-Allow-Origin"] == "*"


def test_head_answers_like_get_without_a_body(server: SparqlServer) -> None:
    query = urllib.parse.urlencode({"query": CLAIM_COUNT})
    status, headers = raw(f"{server.url}?{query}", "HEAD", {})
    assert status == 200 and int(headers["Content-Length"]) > 0
    assert headers["Content-Type"] == "application/sparql-results+json"
    assert raw(server.url, "HEAD", {"Accept": "text/html"})[0] == 200


def test_service_description(server: SparqlServer) -> None:
    status, content_type, body = http(server.url, headers={"Accept": "text/turtle"})
    assert (status, content_type) == (200, "text/turtle")
    graph = Graph().parse(data=body.decode(), format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    [endpoint] = graph.objects(None, URIRef(sd + "endpoint"))
    assert str(endpoint) == server.url
    names = {str(n) for n in graph.objects(None, URIRef(sd + "name"))}
    assert names == {ASSERTED_GRAPH, DERIVED_GRAPH, LISTINGS_GRAPH, CLAIM_TABLE_GRAPH}
    assert URIRef(sd + "SPARQL11Update") not in set(
        graph.objects(None, URIRef(sd + "supportedLanguage"))
    )
    status, content_type, body = http(server.url, headers={"Accept": "application/n-triples"})
    assert status == 200 and list(ox.parse(body, ox.RdfFormat.N_TRIPLES))
    assert http(server.url)[1] == "text/turtle"  # no Accept: the description, in Turtle


def test_a_browser_gets_the_query_page(server: SparqlServer) -> None:
    browser_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    status, content_type, body = http(server.url, headers={"Accept": browser_accept})
    assert (status, content_type) == (200, "text/html; charset=utf-8")
    assert b"PREFIX cg: \\u003chttps://w3id.org/claimgraph/ns#\\u003e" in body  # JSON-escaped
    assert b'"said-about"' in body
    _, headers = raw(server.url, "GET", {"Accept": browser_accept})
    assert headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert "connect-src 'self'" in headers["Content-Security-Policy"]


def test_one_short_log_line_per_request(
    logged_server: SparqlServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server = logged_server
    capsys.readouterr()
    count(server, CLAIM_COUNT)
    http(server.url + "?" + urllib.parse.urlencode({"query": "SELECT * WHERE {"}))
    raw(server.url, "OPTIONS", {})
    log = ""
    for _ in range(50):  # the server logs after it answers: give its thread a moment
        log += capsys.readouterr().err
        lines = [line for line in log.splitlines() if line.startswith("kg serve: ")]
        if len(lines) >= 3:
            break
        time.sleep(0.05)
    assert len(lines) == 3, lines
    assert lines[0].startswith("kg serve: GET /sparql 200 ") and lines[0].endswith(" ms 1 row")
    assert lines[1].startswith("kg serve: GET /sparql 400 ") and "syntax error" in lines[1]
    assert lines[2].startswith("kg serve: OPTIONS /sparql 204 ")
    assert all(len(line) < 200 and "PREFIX" not in line for line in lines)


# --- results past --max-results: the server refuses, says the cap, and pages work --------------


def page_through(url: str, query: str) -> list[dict[str, Any]]:
    """How a client pages: ask; on 422, re-ask in pages of X-SPARQL-MaxRows rows."""
    status, headers, body = fetch(url, query)
    if status == 200:
        return list(json.loads(body)["results"]["bindings"])
    assert status == 422
    size = int(headers["X-SPARQL-MaxRows"])
    rows: list[dict[str, Any]] = []
    while True:
        paged = f"SELECT * WHERE {{ {query} }} LIMIT {size} OFFSET {len(rows)}"
        status, _, body = fetch(url, paged)
        assert status == 200, body
        page = json.loads(body)["results"]["bindings"]
        rows += page
        if len(page) < size:
            return rows


def test_past_the_cap_a_client_pages_with_limit_and_offset(store_dir: Path) -> None:
    running, thread = start(ServeConfig(str(store_dir), port=0, max_results=40, quiet=True))
    try:
        query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
        status, headers, _ = fetch(running.url, query)
        assert status == 422 and headers["X-SPARQL-MaxRows"] == "40"
        paged = page_through(running.url, query)
        everything = count(running, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert len(paged) == everything > 40
        key = [(r["s"]["value"], r["p"]["value"], r["o"]["value"]) for r in paged]
        assert len(set(key)) == len(key)
    finally:
        stop(running, thread)


def test_kg_pages_past_the_cap_of_kg_serve(store_dir: Path) -> None:
    running, thread = start(ServeConfig(str(store_dir), port=0, max_results=5, quiet=True))
    try:
        remote = KgRunner(running.url)("claims", "--format", "json")
        assert remote.exit_code == 0, remote.stderr
        assert remote.stdout == KgRunner(store_dir)("claims", "--format", "json").stdout
    finally:
        stop(running, thread)


# --- helpers ----------------------------------------------------------------------------------------


@pytest.fixture
def writable_url(tmp_path: Path) -> Iterator[str]:
    running, thread = start(
        ServeConfig(str(make_store(tmp_path / "w")), port=0, token=TOKEN, quiet=True)
    )
    yield running.url
    stop(running, thread)


def raw(
    url: str, method: str, headers: dict[str, str], data: bytes | None = None
) -> tuple[int, dict[str, str]]:
    """(status, headers) of one request, with any method."""
    import http.client

    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, target, body=data, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, dict(response.headers)
    finally:
        connection.close()


def fetch(url: str, query: str) -> tuple[int, dict[str, str], bytes]:
    import http.client

    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        body = urllib.parse.urlencode({"query": query})
        connection.request(
            "POST", parts.path, body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )  # fmt: skip
        response = connection.getresponse()
        return response.status, dict(response.headers), response.read()
    finally:
        connection.close()
