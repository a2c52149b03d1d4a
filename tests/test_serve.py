"""``kg serve`` over HTTP: a real client (SPARQLWrapper), raw HTTP, limits, and the lock.

Servers run in this process on a free loopback port; their query workers are real
processes, so timeouts really kill queries.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from servers.kg_serve import start, stop
from SPARQLWrapper import CSV, JSON, POST, TURTLE, SPARQLWrapper

from kg.demo import example_path
from kg.ingest import ingest
from kg.serve import ServeConfig, SparqlServer, make_server
from kg.store import open_store

DATA = Path(__file__).resolve().parent / "data"
TOKEN = "s3cret-token"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def make_store(directory: Path) -> Path:
    with open_store(str(directory), writable=True) as store:
        ingest(store, [example_path()])
    return directory


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparqlServer]:
    """A read-only server over the example, with small limits so tests can reach them."""
    store = make_store(tmp_path_factory.mktemp("served") / "store")
    config = ServeConfig(
        str(store), port=0, timeout=3, max_results=50, max_request_bytes=4096, quiet=True
    )
    running, thread = start(config)
    yield running
    stop(running, thread)


@pytest.fixture
def writable_server(tmp_path: Path) -> Iterator[SparqlServer]:
    config = ServeConfig(str(make_store(tmp_path / "store")), port=0, token=TOKEN, quiet=True)
    running, thread = start(config)
    yield running
    stop(running, thread)


def http(
    url: str,
    *,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
) -> tuple[int, str, bytes]:
    """(status, content type, body) of one request; HTTP errors are answers too."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as exc:
        body = exc.read()
        content_type = exc.headers["Content-Type"]
        exc.close()
        return exc.code, content_type, body


def get(server: SparqlServer, query: str, accept: str | None = None) -> tuple[int, str, bytes]:
    headers = {"Accept": accept} if accept else {}
    return http(server.url + "?" + urllib.parse.urlencode({"query": query}), headers=headers)


def post_form(server: SparqlServer, **fields: str) -> tuple[int, str, bytes]:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    return http(server.url, data=urllib.parse.urlencode(fields).encode(), headers=headers)


def post_update(server: SparqlServer, update: str, token: str | None) -> tuple[int, str, bytes]:
    headers = {"Content-Type": "application/sparql-update"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return http(server.url, data=update.encode(), headers=headers)


# --- a real client -----------------------------------------------------------------------------


def client(server: SparqlServer, query: str, fmt: str) -> Any:
    sparql = SPARQLWrapper(server.url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql.query().convert()


DENIALS = (
    "SELECT ?claim ?name WHERE { ?claim cg:stance cg:Denies ; cg:claimant ?who . "
    "?who schema:name ?name }"
)


def test_sparqlwrapper_gets_json(server: SparqlServer) -> None:
    results = client(server, DENIALS, JSON)
    assert results["head"]["vars"] == ["claim", "name"]
    assert results["results"]["bindings"] == [
        {
            "claim": {"type": "uri", "value": "https://example.org/talent-war/claim/beyer-denial"},
            "name": {"type": "literal", "value": "Lucas Beyer"},
        }
    ]


def test_sparqlwrapper_gets_csv(server: SparqlServer) -> None:
    data = client(server, DENIALS, CSV)
    assert list(csv.reader(io.StringIO(data.decode()))) == [
        ["claim", "name"],
        ["https://example.org/talent-war/claim/beyer-denial", "Lucas Beyer"],
    ]


def test_sparqlwrapper_ask_and_construct(server: SparqlServer) -> None:
    assert client(server, "ASK { ?c cg:respondsTo ?other }", JSON)["boolean"] is True
    construct = "CONSTRUCT { ?c cg:respondsTo ?t } WHERE { ?c cg:respondsTo ?t }"
    turtle = client(server, construct, TURTLE)
    [triple] = list(ox.parse(turtle, ox.RdfFormat.TURTLE))
    assert triple.object.value == "https://example.org/talent-war/claim/altman-100m"


def test_sparqlwrapper_update_without_token_is_refused(server: SparqlServer) -> None:
    sparql = SPARQLWrapper(server.url)
    sparql.setMethod(POST)
    sparql.setQuery('INSERT DATA { <http://a.example/> <http://b.example/> "c" }')
    with pytest.raises(urllib.error.HTTPError) as caught:
        sparql.query()
    assert caught.value.code == 403
    caught.value.close()


# --- the protocol over raw HTTP ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.4, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("application/json", "application/json"),
    ],
)
def test_select_content_negotiation(
    server: SparqlServer, accept: str | None, media_type: str
) -> None:
    status, content_type, body = get(server, DENIALS, accept)
    assert (status, content_type) == (200, media_type)
    fmt = {"text/tab-separated-values": ox.QueryResultsFormat.TSV}.get(
        media_type,
        ox.QueryResultsFormat.XML if "xml" in media_type else ox.QueryResultsFormat.JSON,
    )
    [row] = list(ox.parse_query_results(body, fmt))
    assert row["name"].value == "Lucas Beyer"


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        (None, ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
        ("text/plain", ox.RdfFormat.N_TRIPLES),
    ],
)
def test_construct_content_negotiation(
    server: SparqlServer, accept: str | None, fmt: ox.RdfFormat
) -> None:
    status, _, body = get(
        server, "CONSTRUCT { ?a schema:name ?n } WHERE { ?a schema:name ?n }", accept
    )
    assert status == 200
    names = {t.object.value for t in ox.parse(body, fmt)}
    assert {"Sam Altman", "Lucas Beyer"} <= names


def test_unacceptable_format_is_406(server: SparqlServer) -> None:
    assert get(server, DENIALS, "image/png")[0] == 406


def test_post_form_and_post_direct(server: SparqlServer) -> None:
    status, _, body = post_form(server, query=DENIALS)
    assert status == 200 and b"Lucas Beyer" in body
    status, _, body = http(
        server.url, data=DENIALS.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert status == 200 and b"Lucas Beyer" in body


def test_malformed_query_is_400_with_position(server: SparqlServer) -> None:
    status, content_type, body = get(server, "SELECT * WHERE { ?s ?p ")
    assert status == 400 and content_type.startswith("text/plain")
    assert body.decode().startswith("syntax error at line 1, column")


@pytest.mark.parametrize(
    ("request_args", "status"),
    [
        ({"url_suffix": "/../other"}, 404),
        ({"data": b"query=x", "content_type": "text/plain"}, 415),
        ({"url_suffix": "?update=CLEAR%20ALL"}, 405),
        ({"url_suffix": "?format=json"}, 400),  # parameters, but no query
        ({"url_suffix": "?query=ASK%7B%7D&query=ASK%7B%7D"}, 400),
        ({"url_suffix": "?query=ASK%7B%7D&default-graph-uri=http%3A%2F%2Fx%2F"}, 400),  # not held
    ],
)
def test_protocol_errors(server: SparqlServer, request_args: dict[str, Any], status: int) -> None:
    url = server.url + request_args.get("url_suffix", "")
    headers = {}
    if "content_type" in request_args:
        headers["Content-Type"] = request_args["content_type"]
    assert http(url, data=request_args.get("data"), headers=headers)[0] == status


def test_request_size_limit(server: SparqlServer) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 5000
    assert post_form(server, query=big)[0] == 413
    assert get(server, big)[0] == 414


def test_result_cap_refuses_instead_of_cutting(server: SparqlServer) -> None:
    status, _, body = get(server, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 422
    assert "more than 50 rows" in body.decode() and "LIMIT" in body.decode()
    assert get(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 50")[0] == 200
    assert get(server, "CONSTRUCT WHERE { ?s ?p ?o }")[0] == 422


# --- safety ------------------------------------------------------------------------------------


def test_service_query_is_refused_and_opens_no_connection(
    server: SparqlServer, connection_recorder: Any
) -> None:
    target = f"http://127.0.0.1:{connection_recorder.port}/"
    for query in (
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{target}> WHERE {{ ?s ?p ?o }}",
    ):
        status, _, body = get(server, query)
        assert status == 400 and b"is refused" in body
    time.sleep(0.3)
    assert connection_recorder.connections == []


def test_update_needs_the_token(writable_server: SparqlServer) -> None:
    insert = (
        "INSERT DATA { GRAPH <https://w3id.org/claimgraph/graph/asserted> { "
        '<http://a.example/> <http://b.example/> "via http" } }'
    )
    assert post_update(writable_server, insert, None)[0] == 403
    assert post_update(writable_server, insert, "wrong")[0] == 403
    assert post_form(writable_server, update=insert)[0] == 403  # form, no header
    assert get(writable_server, 'ASK { ?s ?p "via http" }')[2] == b'{"head":{},"boolean":false}'
    assert post_update(writable_server, insert, TOKEN)[0] == 204
    assert json.loads(get(writable_server, 'ASK { ?s ?p "via http" }')[2])["boolean"] is True


def test_update_with_token_still_refuses_load(
    writable_server: SparqlServer, connection_recorder: Any
) -> None:
    load = f"LOAD <http://127.0.0.1:{connection_recorder.port}/data.ttl>"
    status, _, body = post_update(writable_server, load, TOKEN)
    assert status == 400 and b"LOAD is refused" in body
    time.sleep(0.3)
    assert connection_recorder.connections == []


# --- time limits and freshness -------------------------------------------------------------------


def test_timeout_stops_the_query_and_others_keep_being_answered(server: SparqlServer) -> None:
    answers: dict[str, tuple[int, float]] = {}

    def timed(name: str, query: str) -> None:
        started = time.monotonic()
        answers[name] = (get(server, query)[0], time.monotonic() - started)

    slow = threading.Thread(target=timed, args=("slow", SLOW))
    slow.start()
    time.sleep(0.5)
    timed("fast", DENIALS)  # the second worker answers while the first is busy
    slow.join()
    assert answers["fast"][0] == 200 and answers["fast"][1] < 2
    assert answers["slow"][0] == 503
    assert 2.5 < answers["slow"][1] < 6  # the 3 s timeout, not the query's hours

    # The killed worker is replaced in the background: both workers are back.
    deadline = time.monotonic() + 20
    while server.pool.idle < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.pool.idle == 2


def test_ingest_while_serving_is_seen_by_the_next_query(writable_server: SparqlServer) -> None:
    count = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a cg:Claim }"

    def claims() -> int:
        document = json.loads(get(writable_server, count)[2])
        return int(document["results"]["bindings"][0]["n"]["value"])

    assert claims() == 12
    started = time.monotonic()
    with open_store(writable_server.config.location, writable=True) as store:  # not locked out
        ingest(store, [DATA / "altman-podcast-en.yaml"])
    assert time.monotonic() - started < 5
    assert claims() == 13


def test_paused_reader_lets_a_writer_in_and_then_sees_its_data(tmp_path: Path) -> None:
    directory = make_store(tmp_path / "store")
    reader = open_store(str(directory))
    reader.pause()  # type: ignore[attr-defined]
    with open_store(str(directory), writable=True) as writer:
        ingest(writer, [DATA / "altman-podcast-en.yaml"])
    assert reader.resume() is True  # type: ignore[attr-defined]
    assert bool(reader.query("ASK { ?c schema:identifier 'altman-offers-en' }"))
    reader.pause()  # type: ignore[attr-defined]
    assert reader.resume() is False  # type: ignore[attr-defined]  (nothing changed)
    reader.close()


# --- the command ---------------------------------------------------------------------------------


def test_kg_serve_command_serves_and_stops(tmp_path: Path) -> None:
    directory = make_store(tmp_path / "store")
    process = subprocess.Popen(
        [sys.executable, "-c", "from kg.cli import main; main()", "--store", str(directory),
         "serve", "--port", "0", "--quiet"],
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        assert "SPARQL endpoint at http://127.0.0.1:" in line and "(read-only)" in line
        url = line.split(" at ", 1)[1].split(" ", 1)[0]
        status, _, body = http(url + "?" + urllib.parse.urlencode({"query": DENIALS}))
        assert status == 200 and b"Lucas Beyer" in body
    finally:
        process.terminate()
        process.wait(timeout=20)
        if process.stderr is not None:
            process.stderr.close()
    assert process.returncode == 0


def test_serving_memory_is_refused() -> None:
    from kg.errors import KgError

    with pytest.raises(KgError, match="memory: would be empty"):
        make_server(ServeConfig("memory:", port=0))
