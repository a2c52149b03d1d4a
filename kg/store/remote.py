"""A store that is any SPARQL 1.1 endpoint: ``kg --store http(s)://…/query [--update-url …]``.

Only the standard protocols are used (SPARQL 1.1 Protocol for queries and updates), so
the same code drives Oxigraph server (what the tests start), and should drive Fuseki,
Virtuoso, GraphDB, Stardog or Neptune; see docs/sparql.md for what was tested.

**Default graph.** The embedded store answers queries over the union of its ``asserted``
and ``derived`` graphs. Here every query gets ``FROM <asserted> FROM <derived>`` (the
default graph is their merge) and ``FROM NAMED`` for both (so ``GRAPH <…>`` still finds
each), added to its text by :func:`kg.sparql.rewrite.for_endpoint`. That is standard
SPARQL, needs no server option (Oxigraph's ``--union-default-graph`` is not required),
and hides anything else the endpoint holds, staging graphs included.

**Bindings** go in as a ``VALUES`` block of terms serialised by pyoxigraph, never by
formatting a user's string into the query (the reasons are in ``for_endpoint``).

**All or nothing.** A change small enough for one request is sent as one SPARQL Update
request, which SPARQL 1.1 Update asks servers to apply atomically (Oxigraph, Fuseki,
GraphDB, Stardog and Neptune run a request in one transaction). A larger change is first
written, in batches of ``INSERT DATA``, into fresh staging graphs that no claimgraph query
sees; one final request then clears, deletes and ``ADD``s the staged triples into place
and drops the staging graphs. If anything fails, the staging graphs are dropped and the
store is as it was.

Results come back as pyoxigraph objects, as from the embedded store: SELECT and ASK
results are parsed by :func:`pyoxigraph.parse_query_results`; CONSTRUCT and DESCRIBE give
:class:`RemoteTriples`, an iterable of :class:`pyoxigraph.Triple` with the same
``serialize`` method as ``pyoxigraph.QueryTriples``.
"""

from __future__ import annotations

import contextlib
import os
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator, Mapping
from typing import IO, Any

import pyoxigraph as ox

from kg.errors import StoreError
from kg.sparql.rewrite import for_endpoint
from kg.store.base import Change, Store
from kg.vocab import GRAPH_NS, PREFIXES

__all__ = ["RemoteStore", "RemoteTriples"]

#: Triples per INSERT DATA request when a change is staged (about 2–4 MB of text).
BATCH_SIZE = 20_000
_ACCEPT_QUERY = (
    "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, "
    "application/sparql-results+xml;q=0.7, text/tab-separated-values;q=0.6"
)
#: Media types an answer may come in: those asked for, and the usual aliases of them.
_ANSWER_TYPES = {
    "application/sparql-results+json",
    "application/json",
    "application/sparql-results+xml",
    "text/tab-separated-values",
    "application/n-triples",
    "text/turtle",
    "application/x-turtle",
}


class RemoteTriples:
    """CONSTRUCT / DESCRIBE results: iterate the triples, or write them with ``serialize``."""

    def __init__(self, triples: list[ox.Triple]) -> None:
        self._triples = triples

    def __iter__(self) -> Iterator[ox.Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def serialize(
        self, output: IO[bytes] | None = None, format: ox.RdfFormat | None = None
    ) -> bytes | None:
        """Write the triples (N-Triples unless ``format`` says otherwise), like QueryTriples."""
        return ox.serialize(self._triples, output, format or ox.RdfFormat.N_TRIPLES)


class _EndpointError(StoreError):
    """The endpoint answered with an HTTP error status."""

    def __init__(self, url: str, status: int, reason: str, detail: str) -> None:
        super().__init__(f"the SPARQL endpoint {url} answered {status} {reason}: {detail}")
        self.status = status
        self.detail = detail


def _timeout() -> float:
    try:
        return float(os.environ.get("KG_REMOTE_TIMEOUT", "300"))
    except ValueError:
        return 300.0


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint used as the store (see the module doc).

    ``location`` is the query URL; ``update_url`` the update URL (default: the same).
    ``$KG_STORE_TOKEN``, when set, is sent as ``Authorization: Bearer …`` (``kg serve
    --token`` expects it). ``$KG_REMOTE_TIMEOUT`` bounds each request (seconds, 300).
    """

    def __init__(
        self,
        location: str,
        *,
        update_url: str | None = None,
        writable: bool = False,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self.location = location
        self.update_url = update_url or location
        self.writable = writable
        self.batch_size = batch_size
        self._token = os.environ.get("KG_STORE_TOKEN") or None
        self._timeout = _timeout()

    # --- HTTP ---------------------------------------------------------------------------------

    def _post(self, url: str, body: bytes, content_type: str, accept: str) -> tuple[str, bytes]:
        headers = {"Content-Type": content_type, "Accept": accept, "User-Agent": "claimgraph"}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                return response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as exc:
            raise _EndpointError(url, exc.code, str(exc.reason), _first_lines(exc.read())) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {reason}") from None

    # --- the Store interface ------------------------------------------------------------------

    def query(
        self, sparql: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None
    ) -> Any:
        rewritten = for_endpoint(sparql, bindings, PREFIXES, self.graphs)
        body = urllib.parse.urlencode({"query": rewritten.text}).encode()
        try:
            content_type, data = self._post(
                self.location, body, "application/x-www-form-urlencoded", _ACCEPT_QUERY
            )
        except _EndpointError as exc:
            if exc.status == 400:  # the protocol's answer to a malformed query
                raise SyntaxError(_map_position(exc.detail, rewritten)) from None
            raise
        media = content_type.split(";")[0].strip().lower()
        if media not in _ANSWER_TYPES:
            # Only what _ACCEPT_QUERY asks for. RDF/XML above all: Oxigraph's parser expands
            # nested entities, so a billion-laughs answer took 26 s and 3 GB here.
            raise StoreError(
                f"the SPARQL endpoint {self.location} answered in {media or 'no type'}, "
                f"which kg did not ask for ({_ACCEPT_QUERY})"
            )
        if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:4096]:
            raise StoreError(
                f"the SPARQL endpoint {self.location} answered with an XML DTD, "
                "which SPARQL results never need (refused: entity expansion)"
            )
        results_format = ox.QueryResultsFormat.from_media_type(media)
        if results_format is not None:
            return ox.parse_query_results(data, results_format)
        rdf_format = ox.RdfFormat.from_media_type(media)
        assert rdf_format is not None  # every graph type in _ANSWER_TYPES has a format
        return RemoteTriples([quad.triple for quad in ox.parse(data, rdf_format)])

    def update(self, sparql: str) -> None:
        if not self.writable:
            raise StoreError(f"the store at {self.location} was opened read-only")
        self._post(self.update_url, sparql.encode(), "application/sparql-update", "*/*")

    def apply(self, change: Change) -> None:
        if not self.writable:
            raise StoreError(f"the store at {self.location} was opened read-only")
        if change.is_empty():
            return
        if change.size <= self.batch_size:
            self.update(change.as_update())  # one request: atomic on the server
            return
        self._apply_staged(change)

    def _apply_staged(self, change: Change) -> None:
        stage = f"{GRAPH_NS}staging/{uuid.uuid4().hex}/"
        staged: list[str] = []
        final: list[str] = [f"CLEAR SILENT GRAPH <{graph}>" for graph in change.clear]
        try:
            for kind, by_graph in (("delete", change.delete), ("insert", change.insert)):
                for index, (graph, triples) in enumerate(by_graph.items()):
                    if not triples:
                        continue
                    staging = f"{stage}{kind}/{index}"
                    staged.append(staging)
                    for start in range(0, len(triples), self.batch_size):
                        batch = triples[start : start + self.batch_size]
                        self.update(
                            f"INSERT DATA {{ GRAPH <{staging}> {{\n"
                            + " .\n".join(batch)
                            + " .\n} }"
                        )
                    if kind == "delete":
                        final.append(
                            f"DELETE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} "
                            f"WHERE {{ GRAPH <{staging}> {{ ?s ?p ?o }} }}"
                        )
                    else:
                        final.append(f"ADD SILENT GRAPH <{staging}> TO GRAPH <{graph}>")
            final += [f"DROP SILENT GRAPH <{staging}>" for staging in staged]
            self.update(" ;\n".join(final))
        except BaseException:
            with contextlib.suppress(StoreError):
                if staged:
                    self.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in staged))
            raise

    def dump(self, out: IO[bytes], fmt: ox.RdfFormat, graph: str | None = None) -> None:
        prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
        if graph is not None or not fmt.supports_datasets:
            where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
            triples = self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}")
            ox.serialize(iter(triples), out, fmt, prefixes=prefixes)
            return
        solutions = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        quads = (ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in solutions)
        ox.serialize(quads, out, fmt, prefixes=prefixes)


def _first_lines(body: bytes, limit: int = 400) -> str:
    text = " ".join(body.decode("utf-8", errors="replace").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _map_position(message: str, rewritten: Any) -> str:
    """An Oxigraph-style 'error at L:C: …' moved back to the caller's text."""
    head, sep, rest = message.partition(": ")
    if not head.startswith("error at ") or not sep:
        return message
    try:
        line, column = (int(n) for n in head.removeprefix("error at ").split(":"))
    except ValueError:
        return message
    line, column = rewritten.original_position(line, column)
    return f"error at {line}:{column}: {rest}"
