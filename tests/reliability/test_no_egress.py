"""Item 4: no egress. User SPARQL and JSON-LD input reach no network and no file.

Every target a hostile query names is watched three ways:

* ``http://`` and ``https://`` URLs point at a listening socket on loopback that records
  every connection (:class:`conftest.ConnectionRecorder`);
* ``file://`` URLs point at a Turtle file whose access time is set in the past (the disk is
  mounted ``relatime``, so reading it would move the time), and at a FIFO, which a reader
  opening it would block on;
* when ``strace`` is installed, the processes under test run inside it and every
  ``connect`` and ``open`` they make is checked.

`kg query` runs the queries in one process (:mod:`reliability.cli_batch`); `kg serve` runs
as its own process with a write token, so refused updates (LOAD) are tried with it.
XML entity bombs go to every place XML could be read: `kg ingest` (which reads no RDF/XML)
and the remote store, whose endpoint here is a real HTTP server answering bombs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import ConnectionRecorder

from kg.demo import example_path
from kg.ingest import ingest
from kg.store import open_store
from reliability.harness import HERE, Figure, http, kg_command, kg_env, serve_process, stop_serve

TOKEN = "egress-test-token"


@dataclass
class Targets:
    """What a hostile query points at, and how each is watched."""

    recorder: ConnectionRecorder
    secret: Path
    fifo: Path
    secret_atime: int

    @property
    def port(self) -> int:
        return self.recorder.port

    def urls(self) -> list[str]:
        port = self.port
        return [
            f"http://127.0.0.1:{port}/data.ttl",
            f"https://127.0.0.1:{port}/data.ttl",
            f"HTTP://127.0.0.1:{port}/x",
            f"http://localhost:{port}/",
            f"file://{self.secret}",
            f"FILE://{self.secret}",
            f"file://{self.fifo}",
        ]

    def untouched(self) -> list[str]:
        """What went wrong, from the watchers' side (empty: nothing)."""
        problems = []
        if self.recorder.connections:
            problems.append(f"{len(self.recorder.connections)} connections to the recorder")
        if self.secret.stat().st_atime_ns != self.secret_atime:
            problems.append(f"{self.secret} was read (its access time moved)")
        return problems


@pytest.fixture
def targets(tmp_path: Path, connection_recorder: ConnectionRecorder) -> Iterator[Targets]:
    secret = tmp_path / "secret.ttl"
    secret.write_text("<http://example.org/s> <http://example.org/p> 'secret' .\n")
    past = time.time_ns() - 86_400 * 10**9
    os.utime(secret, ns=(past, time.time_ns()))  # atime < mtime: a read must update it
    fifo = tmp_path / "fifo.ttl"
    os.mkfifo(fifo)
    yield Targets(connection_recorder, secret, fifo, secret.stat().st_atime_ns)


def _escaped(url: str) -> str:
    """``url`` with a few characters written as SPARQL codepoint escapes."""
    return url.replace("h", "\\u0068", 1).replace(":", "\\u003A", 1)


def hostile_queries(url: str) -> list[tuple[str, bool]]:
    """(query, refused?) pairs that name ``url`` in every way SPARQL allows."""
    head, _, tail = url.rpartition("/")
    return [
        (f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", True),
        (f"SELECT * WHERE {{ service silent <{url}> {{ ?s ?p ?o }} }}", True),
        (f"SELECT * WHERE {{ SeRvIcE # a comment\n <{url}> {{ ?s ?p ?o }} }}", True),
        (f"PREFIX r: <{head}/> SELECT * WHERE {{ SERVICE r:{tail or 'x'} {{ ?s ?p ?o }} }}", True),
        (f"SELECT * WHERE {{ SERVICE <{_escaped(url)}> {{ ?s ?p ?o }} }}", True),
        (f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}", True),
        (f"SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}", True),
        (f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}", True),
        (f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}", True),
        (f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", True),
        (f"select * from named <{_escaped(url)}> {{ graph ?g {{ ?s ?p ?o }} }}", True),
        (f"BASE <{head}/> SELECT * FROM <{tail or 'x'}> WHERE {{ ?s ?p ?o }}", True),
        (f"ASK FROM <{url}> {{ ?s ?p ?o }}", True),
        (f"CONSTRUCT {{ ?s ?p ?o }} FROM <{url}> WHERE {{ ?s ?p ?o }}", True),
        (f"LOAD <{url}>", True),
        (f"load silent <{url}> INTO GRAPH <http://example.org/g>", True),
        (f"DESCRIBE <{url}>", False),
        (f"SELECT * WHERE {{ ?s ?p <{url}> }} # SERVICE <{url}>", False),
    ]


def _strace() -> str | None:
    return shutil.which("strace")


def traced(command: list[str], log: Path) -> list[str]:
    """``command`` under strace, recording connects and opens, when strace is installed."""
    strace = _strace()
    if strace is None:
        return command
    return [
        strace,
        "-f",
        "-qq",
        "-e",
        "trace=connect,open,openat,openat2",
        "-o",
        str(log),
        *command,
    ]


def strace_problems(log: Path, targets: Targets, allowed_ports: tuple[int, ...] = ()) -> list[str]:
    """Connects and opens in an strace log that reach a target (or any other TCP port)."""
    if not log.exists():
        return []
    problems = []
    for line in log.read_text(errors="replace").splitlines():
        port = re.search(r"sin6?_port=htons\((\d+)\)", line)
        if "connect(" in line and port and int(port.group(1)) not in allowed_ports:
            problems.append(line.strip())
        if "open" in line and (str(targets.secret) in line or str(targets.fifo) in line):
            problems.append(line.strip())
    return problems


def run_batch(
    commands: list[list[str]], log: Path, timeout: float = 300
) -> tuple[list[dict[str, object]], str]:
    """Run `kg` command lines in one traced process; hanging (on the FIFO) fails the test."""
    stdin = "".join(json.dumps(c) + "\n" for c in commands)
    process = subprocess.run(
        traced([sys.executable, str(HERE / "cli_batch.py")], log),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=kg_env(),
        check=False,
    )
    results = [json.loads(line) for line in process.stdout.splitlines()]
    assert len(results) == len(commands), process.stderr[-3000:]
    return results, process.stderr


@pytest.fixture
def store(tmp_path: Path) -> Path:
    location = tmp_path / "store"
    with open_store(str(location), writable=True) as opened:
        ingest(opened, [example_path()])
    return location


def test_kg_query_reaches_nothing(
    store: Path, targets: Targets, tmp_path: Path, figure: Figure
) -> None:
    cases = [(q, refused) for url in targets.urls() for q, refused in hostile_queries(url)]
    commands = [["--store", str(store), "query", q] for q, _ in cases]
    started = time.monotonic()
    results, _ = run_batch(commands, tmp_path / "strace-query.log")
    wrong = []
    for (query, refused), result in zip(cases, results, strict=True):
        if result["crash"] or "internal error" in str(result["stderr"]):
            wrong.append(f"{query!r}: {result['crash'] or result['stderr']}")
        elif refused and not (
            result["exit"] == 1
            and re.search(r"is refused|syntax error|not a SPARQL query", str(result["stderr"]))
        ):
            wrong.append(f"{query!r} was not refused clearly: {result['exit']} {result['stderr']}")
        elif not refused and result["exit"] != 0:
            wrong.append(f"{query!r} failed: {result['stderr']}")
    problems = targets.untouched() + strace_problems(tmp_path / "strace-query.log", targets)
    refusals = sum(r for _, r in cases)
    figure.add(
        f"kg query: {len(cases)} queries naming http/https/file targets ({refusals} with SERVICE, "
        f"FROM, FROM NAMED or LOAD in case variants, comments, codepoint escapes, prefixed "
        f"names, BASE, VALUES, sub-queries): {refusals} refused with Error:, "
        f"{len(targets.recorder.connections)} connections, 0 files read "
        f"(atime, FIFO{', strace' if _strace() else ''}); {time.monotonic() - started:.1f} s"
    )
    assert not wrong, "\n".join(wrong[:10])
    assert not problems, "\n".join(problems[:10])


def start_traced_serve(store: Path, log: Path, *extra: str) -> tuple[subprocess.Popen[bytes], str]:
    """A real `kg serve` on a free port, under strace when installed; its URL."""
    command = kg_command("--store", str(store), "serve", "--port", "0", "--quiet", *extra)
    return serve_process(traced(command, log), log.with_suffix(".stderr"))


def status_of(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> int:
    return http(url, data, headers).status


def test_kg_serve_reaches_nothing(
    store: Path, targets: Targets, tmp_path: Path, figure: Figure
) -> None:
    log = tmp_path / "strace-serve.log"
    process, endpoint = start_traced_serve(store, log, "--token", TOKEN)
    wrong = []
    requests = 0
    try:
        for url in targets.urls():
            for query, refused in hostile_queries(url):
                is_update = query.lstrip().lower().startswith("load")
                attempts: list[tuple[str, bytes | None, dict[str, str]]]
                if is_update:  # with the write token: refused for what it does, not who asks
                    attempts = [
                        (
                            endpoint,
                            query.encode(),
                            {
                                "Content-Type": "application/sparql-update",
                                "Authorization": f"Bearer {TOKEN}",
                            },
                        ),
                        (endpoint + "?" + urllib.parse.urlencode({"query": query}), None, {}),
                    ]
                else:
                    attempts = [
                        (endpoint + "?" + urllib.parse.urlencode({"query": query}), None, {}),
                        (
                            endpoint,
                            urllib.parse.urlencode({"query": query}).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded"},
                        ),
                        (endpoint, query.encode(), {"Content-Type": "application/sparql-query"}),
                    ]
                for target, body, headers in attempts:
                    status = status_of(target, body, headers)
                    requests += 1
                    if (status == 400) != refused or status >= 500:
                        wrong.append(f"{status} for {query!r}")
            for name in ("default-graph-uri", "named-graph-uri"):
                params = {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", name: url}
                status = status_of(endpoint + "?" + urllib.parse.urlencode(params))
                requests += 1
                if status != 400:
                    wrong.append(f"{status} for {name}={url}")
    finally:
        stop_serve(process)
    problems = targets.untouched() + strace_problems(log, targets)
    figure.add(
        f"kg serve: {requests} requests (GET, POST form, POST sparql-query; LOAD as an update "
        f"carrying the write token; default-graph-uri / named-graph-uri) naming http/https/file "
        f"targets: every refused one got 400, {len(targets.recorder.connections)} connections, "
        f"0 files read (atime, FIFO{', strace -f over the server and its workers' if _strace() else ''})"
    )
    assert not wrong, "\n".join(wrong[:10])
    assert not problems, "\n".join(problems[:10])


def test_json_ld_with_a_remote_context_fetches_nothing(
    targets: Targets, tmp_path: Path, figure: Figure
) -> None:
    commands = []
    for url in targets.urls():
        node = '"@id": "https://example.org/s", "https://schema.org/name": "x"'
        for context in (
            json.dumps(url),
            json.dumps([url]),
            json.dumps({"@import": url}),
            json.dumps([{"@vocab": "https://schema.org/"}, url]),
        ):
            for suffix in (".jsonld", ".json"):
                path = tmp_path / f"context-{len(commands)}{suffix}"
                path.write_text(f'{{"@context": {context}, {node}}}')
                commands.append(["--store", str(tmp_path / "store"), "ingest", str(path)])
        nested = tmp_path / f"context-{len(commands)}.jsonld"
        nested.write_text(f'{{"@graph": [{{"@context": {json.dumps(url)}, {node}}}]}}')
        commands.append(["--store", str(tmp_path / "store"), "ingest", str(nested)])
    log = tmp_path / "strace-ingest.log"
    results, _ = run_batch(commands, log)
    wrong = [
        f"{r['args'][-1]}: {r['exit']} {r['stderr']}"
        for r in results
        if r["exit"] != 1 or "never fetches" not in str(r["stderr"]) or r["crash"]
    ]
    problems = targets.untouched() + strace_problems(log, targets)
    figure.add(
        f"kg ingest: {len(commands)} JSON-LD files (.jsonld and .json) with a remote @context "
        f"(string, list, @import, nested) at http/https/file targets: all refused with "
        f"'never fetches … write the context inline', {len(targets.recorder.connections)} "
        f"connections, 0 files read"
    )
    assert not wrong, "\n".join(wrong[:10])
    assert not problems, "\n".join(problems[:10])
    assert not (tmp_path / "store").exists()  # refused before the store was created


# --- XML entity bombs ----------------------------------------------------------------------------


def billion_laughs(root: str, body: str) -> bytes:
    """An XML document whose ``&lol9;`` expands to 10^9 "lol"s."""
    entities = ['<!ENTITY lol "lol">']
    previous = "lol"
    for level in range(1, 10):
        entities.append(f'<!ENTITY lol{level} "{("&" + previous + ";") * 10}">')
        previous = f"lol{level}"
    doctype = f"<!DOCTYPE {root} [{''.join(entities)}]>"
    return f'<?xml version="1.0"?>{doctype}{body}'.encode()


def external_entity(root: str, body: str, system: str) -> bytes:
    return f'<?xml version="1.0"?><!DOCTYPE {root} [<!ENTITY x SYSTEM "{system}">]>{body}'.encode()


RDF_XML = (
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/">'
    '<rdf:Description rdf:about="http://ex/a"><ex:p>{}</ex:p></rdf:Description></rdf:RDF>'
)
RESULTS_XML = (
    '<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="o"/></head>'
    '<results><result><binding name="o"><literal>{}</literal></binding></result></results></sparql>'
)


class _Hostile(BaseHTTPRequestHandler):
    """An 'endpoint' answering every request with the body and type it was given."""

    answer: tuple[str, bytes] = ("", b"")

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        media, body = self.server.answer  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_xml_entity_bombs_are_refused_at_once(
    targets: Targets, tmp_path: Path, figure: Figure
) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    endpoint = f"http://127.0.0.1:{server.server_address[1]}/query"
    secret_url = f"file://{targets.secret}"
    recorder_url = f"http://127.0.0.1:{targets.port}/entity"
    answers = {
        "CONSTRUCT answered in RDF/XML, billion laughs": (
            "application/rdf+xml",
            billion_laughs("rdf:RDF", RDF_XML.format("&lol9;")),
        ),
        "CONSTRUCT answered in RDF/XML, external file entity": (
            "application/rdf+xml",
            external_entity("rdf:RDF", RDF_XML.format("&x;"), secret_url),
        ),
        "SELECT answered in XML results, billion laughs": (
            "application/sparql-results+xml",
            billion_laughs("sparql", RESULTS_XML.format("&lol9;")),
        ),
        "SELECT answered in XML results, external file entity": (
            "application/sparql-results+xml",
            external_entity("sparql", RESULTS_XML.format("&x;"), secret_url),
        ),
        "SELECT answered in XML results, external http entity": (
            "application/sparql-results+xml",
            external_entity("sparql", RESULTS_XML.format("&x;"), recorder_url),
        ),
    }
    timings = {}
    wrong = []
    try:
        for name, answer in answers.items():
            server.answer = answer  # type: ignore[attr-defined]
            query = (
                "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
                if "CONSTRUCT" in name
                else ("SELECT ?o WHERE { ?s ?p ?o }")
            )
            fmt = "nt" if "CONSTRUCT" in name else "json"  # a format the query form prints
            results, _ = run_batch(
                [["--store", endpoint, "query", "--format", fmt, query]], tmp_path / "x.log"
            )
            started = time.monotonic()
            [result] = run_batch_inline(endpoint, query, fmt)
            timings[name] = time.monotonic() - started
            for got in (results[0], result):
                if got["exit"] != 1 or not str(got["stderr"]).startswith("Error: ") or got["crash"]:
                    wrong.append(f"{name}: {got['exit']} {got['stderr']} {got['crash']}")
    finally:
        server.shutdown()
        server.server_close()

    # kg ingest reads no RDF/XML at all: a bomb in any XML file name is refused unread.
    files = []
    for suffix in (".rdf", ".xml", ".owl", ".rdfxml"):
        path = tmp_path / f"bomb{suffix}"
        path.write_bytes(billion_laughs("rdf:RDF", RDF_XML.format("&lol9;")))
        files.append(["--store", str(tmp_path / "store"), "ingest", str(path)])
    started = time.monotonic()
    ingests, _ = run_batch(files, tmp_path / "ingest.log")
    ingest_seconds = time.monotonic() - started
    for got in ingests:
        if got["exit"] != 1 or "unknown file type" not in str(got["stderr"]):
            wrong.append(f"{got['args'][-1]}: {got['exit']} {got['stderr']}")

    slowest = max(timings.values())
    figure.add(
        f"XML entity bombs: {len(answers)} hostile remote-store answers (billion laughs and "
        f"external entities, RDF/XML and SPARQL XML results) refused with Error: in at most "
        f"{slowest * 1000:.0f} ms each; {len(files)} XML files given to kg ingest refused unread "
        f"(unknown file type); {len(targets.recorder.connections)} connections, secret file unread"
    )
    assert not wrong, "\n".join(wrong)
    assert slowest < 1.0, timings
    assert not targets.untouched()
    assert ingest_seconds < 60


def run_batch_inline(endpoint: str, query: str, fmt: str) -> list[dict[str, object]]:
    """The same command in this process, to time the refusal without interpreter start-up."""
    from click.testing import CliRunner

    from kg.cli import cli

    result = CliRunner().invoke(cli, ["--store", endpoint, "query", "--format", fmt, query])
    crash = None
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        crash = repr(result.exception)
    return [{"exit": result.exit_code, "stderr": result.stderr, "crash": crash}]
