"""A store that is any SPARQL 1.1 endpoint: ``kg --store http(s)://…/query [--update-url …]``.

Only the standard protocols are used (SPARQL 1.1 Protocol for queries and updates, the
Graph Store HTTP Protocol for staging big writes when the server has it), so the same code
drives Oxigraph server, ``kg serve`` and OpenLink Virtuoso (all three tested), and should
drive Fuseki, GraphDB, Stardog or Neptune; see docs/sparql.md and docs/virtuoso.md.

**Default graph.** The embedded store answers queries over the union of its ``asserted``
and ``derived`` graphs. Here every query gets ``FROM <asserted> FROM <derived>`` (the
default graph is their merge) and ``FROM NAMED`` for both (so ``GRAPH <…>`` still finds
each), added to its text by :func:`kg.sparql.rewrite.for_endpoint`.

**Bindings** go in as a ``VALUES`` block of terms serialised by pyoxigraph, never by
formatting a user's string into the query (the reasons are in ``for_endpoint``).

**What servers do that the embedded store does not**, and what is done about it here
(measured against Debian's Virtuoso 7.2.5 with its default limits; docs/virtuoso.md):

* *Result caps.* Virtuoso returns at most ``ResultSetMaxRows`` (10,000) rows or triples and
  says so only in an ``X-SPARQL-MaxRows`` header (SELECT; nothing at all for CONSTRUCT).
  A SELECT that reaches the cap is run again in pages (the query as a sub-select ordered by
  its own ORDER BY plus every variable, ``LIMIT``/``OFFSET`` outside: the one shape
  Virtuoso sorts past 10,000 rows) and the pages are joined; a CONSTRUCT or DESCRIBE that
  reaches it raises :class:`~kg.errors.StoreError`. Never a silent cut. The cap is learnt
  from the header, assumed to be Virtuoso's default on a server that names itself
  Virtuoso, or set with ``$KG_STORE_MAX_ROWS``.
* *Accept.* SELECT and ASK ask for the W3C results formats, CONSTRUCT and DESCRIBE for
  N-Triples or Turtle (Virtuoso answers a CONSTRUCT in JSON results if asked first).
* *Request size.* Virtuoso's SQL compiler refuses an INSERT DATA of more than ~1,400
  triples; :data:`BATCH_SIZE` (1,000, ``$KG_STORE_BATCH_SIZE``) bounds every INSERT DATA.
* *ASCII-safe text.* Characters outside ASCII inside string literals are written as
  ``\\uXXXX`` escapes, and removed from comments, before a query or update is sent.
* *Decimals.* Virtuoso stores ``"5000000"^^xsd:decimal`` sent in SPARQL as an
  ``xsd:integer``; decimals with an integer lexical form are written ``"5000000.0"`` (the
  same value) and what the vocabulary says is an ``xsd:decimal`` (``schema:value``,
  ``schema:minValue``, ``schema:maxValue``) is read back as one in :meth:`dump`.
* *Credentials.* HTTP Basic or Digest (Virtuoso's ``/sparql-auth``), whichever the server
  asks for, from the URL (``http://user:password@host/…``) or ``$KG_STORE_USER`` /
  ``$KG_STORE_PASSWORD``; ``$KG_STORE_TOKEN`` is sent as a Bearer token (``kg serve``).

**All or nothing.** A change small enough for one request is sent as one SPARQL Update
request, which SPARQL 1.1 Update asks servers to apply atomically. A larger change is first
written into fresh staging graphs that no claimgraph query sees — through the Graph Store
HTTP Protocol where the server has it (Virtuoso: ~70× faster than INSERT DATA batches),
else in batches of ``INSERT DATA`` — and one final request clears, deletes and ``ADD``s the
staged triples into place and drops the staging graphs. If anything before that request
fails, the staging graphs are dropped and the store is as it was. Virtuoso does not roll
back a multi-operation request that fails half-way, so the final request holds only
operations that cannot fail on a well-formed store (``CLEAR SILENT``, ``DELETE … WHERE``,
``ADD SILENT``, ``DROP SILENT``); staging graphs a crashed ingest left behind are dropped
by the next write once they are an hour old.

Results come back as pyoxigraph objects, as from the embedded store: SELECT and ASK
results are parsed by :func:`pyoxigraph.parse_query_results`; CONSTRUCT and DESCRIBE give
:class:`RemoteTriples`, an iterable of :class:`pyoxigraph.Triple` with the same
``serialize`` method as ``pyoxigraph.QueryTriples``.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import time
import urllib.parse
import uuid
from collections.abc import Iterator, Mapping
from typing import IO, Any

import pyoxigraph as ox

from kg.errors import StoreError
from kg.sparql.lexer import shape_of
from kg.sparql.rewrite import for_endpoint
from kg.store.base import Change, Store
from kg.store.endpoint_text import (
    ascii_safe,
    decimals_in,
    exact_decimals,
    paging_query,
    retype_decimal,
    row_count,
)
from kg.store.http import (
    EndpointError,
    Http,
    Target,
    env_number,
    first_lines,
    parse_target,
)
from kg.vocab import GRAPH_NS, PREFIXES

__all__ = ["BATCH_BYTES", "BATCH_SIZE", "GSP_BATCH_SIZE", "RemoteStore", "RemoteTriples", "batches"]


#: Triples per INSERT DATA request: Virtuoso 7.2's SQL compiler refuses ~1,400 and more.
BATCH_SIZE = 1_000


#: Triples per Graph Store Protocol POST into a staging graph.
GSP_BATCH_SIZE = 50_000


#: Most bytes of triples in one write request, whatever the count: kg serve refuses
#: bodies over 1 MiB by default, and the claim table's pages are long literals.
BATCH_BYTES = 512 * 1024


#: The result cap Virtuoso ships with (``[SPARQL] ResultSetMaxRows``).
VIRTUOSO_MAX_ROWS = 10_000


#: Staging graphs older than this (seconds) are a crashed write's leftovers.
STALE_STAGING_SECONDS = 3600


STAGING_NS = f"{GRAPH_NS}staging/"


_ACCEPT_RESULTS = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.8, "
    "text/tab-separated-values;q=0.5"
)


_ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.9"


#: Media types an answer may come in, per query kind: those asked for and their aliases.
_RESULT_TYPES = {
    "application/sparql-results+json",
    "application/json",
    "application/sparql-results+xml",
    "text/tab-separated-values",
}


_GRAPH_TYPES = {"application/n-triples", "text/turtle", "application/x-turtle"}


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


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint used as the store (see the module doc).

    ``location`` is the query URL; ``update_url`` the update URL (default: the same);
    ``gsp_url`` the Graph Store Protocol URL for staging (default: guessed from the update
    URL for Virtuoso and Oxigraph, ``$KG_STORE_GSP_URL``, or ``"none"`` to never use it).
    Credentials come from the URLs or ``$KG_STORE_USER``/``$KG_STORE_PASSWORD``;
    ``$KG_STORE_TOKEN``, when set and no user is, is sent as ``Authorization: Bearer …``.
    ``$KG_REMOTE_TIMEOUT`` bounds each request (seconds, 300); ``$KG_STORE_BATCH_SIZE``
    the triples per INSERT DATA; ``$KG_STORE_MAX_ROWS`` declares the server's result cap.
    """

    def __init__(
        self,
        location: str,
        *,
        update_url: str | None = None,
        writable: bool = False,
        batch_size: int | None = None,
        gsp_url: str | None = None,
        max_rows: int | None = None,
    ) -> None:
        query_target = parse_target(location)
        update_target = parse_target(update_url or location)
        self.location = query_target.shown
        self.update_url = update_target.shown
        self._query_target = query_target
        self._update_target = update_target
        self.writable = writable
        self.batch_size = batch_size or int(env_number("KG_STORE_BATCH_SIZE", BATCH_SIZE))
        user = query_target.user or update_target.user or os.environ.get("KG_STORE_USER") or None
        password = (
            query_target.password
            if query_target.user
            else update_target.password
            if update_target.user
            else os.environ.get("KG_STORE_PASSWORD")
        )
        self._http = Http(user, password, os.environ.get("KG_STORE_TOKEN") or None)
        env_rows = int(env_number("KG_STORE_MAX_ROWS", 0)) or None
        #: the most rows or triples the server returns at once, once known
        self.max_rows = max_rows or env_rows
        configured = gsp_url or os.environ.get("KG_STORE_GSP_URL") or None
        self._gsp = self._gsp_target(configured)
        #: a Graph Store URL guessed from Virtuoso's naming is tried only on Virtuoso
        self._gsp_virtuoso_only = configured is None and self._update_target.path.split("?")[
            0
        ].endswith(("/sparql", "/sparql-auth"))
        self._swept = False

    def _gsp_target(self, gsp_url: str | None) -> Target | None:
        if gsp_url == "none":
            return None
        if gsp_url:
            found = parse_target(gsp_url)
            found.user = found.user or self._update_target.user
            return found
        path = urllib.parse.urlsplit(self._update_target.path).path
        for end, replacement in (
            ("/sparql-auth", "/sparql-graph-crud-auth"),  # Virtuoso, digest
            ("/sparql", "/sparql-graph-crud"),  # Virtuoso, anonymous
            ("/update", "/store"),  # Oxigraph server
        ):
            if path.endswith(end):
                t = self._update_target
                return Target(t.scheme, t.host, t.port, path[: -len(end)] + replacement, None, None)
        return None

    # --- HTTP ---------------------------------------------------------------------------------

    def _post(
        self, target: Target, body: bytes, content_type: str, accept: str
    ) -> tuple[str, http.client.HTTPMessage, bytes]:
        headers = {"Content-Type": content_type, "Accept": accept}
        status, response, data = self._http.request("POST", target, body, headers)
        if status >= 400:
            reason = http.client.responses.get(status, "")
            declared = (response.get("X-SPARQL-MaxRows") or "").strip()
            cap = int(declared) if declared.isdigit() else None
            raise EndpointError(target.shown, status, reason, first_lines(data), cap)
        return response.get("Content-Type", ""), response, data

    @property
    def _virtuoso(self) -> bool:
        return self._http.server.lower().startswith("virtuoso")

    @property
    def keeps_claim_table(self) -> bool:
        """Not on Virtuoso: its Graph Store Protocol takes a body that opens with a line of
        hundreds of kilobytes for plain text and refuses it (Debian's 7.2.5, measured), so
        the views read the graphs there."""
        if not self._http.server:
            self.query("ASK { }")  # the server names itself in its first answer
        return not self._virtuoso

    def _cap(self) -> int | None:
        if self.max_rows:
            return self.max_rows
        return VIRTUOSO_MAX_ROWS if self._virtuoso else None

    # --- the Store interface ------------------------------------------------------------------

    def query(
        self, sparql: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None
    ) -> Any:
        rewritten = for_endpoint(sparql, bindings, PREFIXES, self.graphs, self.named_only_graphs)
        text = ascii_safe(rewritten.text)
        form = shape_of(text).form
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        try:
            media, headers, data = self._ask(text, graph_form)
        except EndpointError as exc:
            if exc.status == 400:  # the protocol's answer to a malformed query
                raise SyntaxError(_map_position(exc.detail, rewritten)) from None
            if exc.max_rows and form == "SELECT":
                # kg serve refuses an answer past its cap (422) and says the cap: page.
                self.max_rows = exc.max_rows
                return self._paged(text, exc.max_rows)
            if exc.max_rows:
                raise StoreError(
                    f"the SPARQL endpoint {self.location} refused an answer past its result "
                    f"cap of {exc.max_rows:,}: rewrite the {form} as a SELECT (kg pages "
                    "those), or raise the server's cap"
                ) from None
            raise
        if graph_form:
            triples = RemoteTriples(
                [quad.triple for quad in ox.parse(data, ox.RdfFormat.from_media_type(media))]
            )
            cap = self._cap()
            if cap is not None and len(triples) >= cap:
                raise StoreError(
                    f"the SPARQL endpoint {self.location} returned {len(triples)} triples, its "
                    f"result cap (ResultSetMaxRows): the answer may be cut. Rewrite the "
                    "CONSTRUCT as a SELECT (kg pages those), or raise the server's cap"
                )
            return triples
        results_format = ox.QueryResultsFormat.from_media_type(media)
        assert results_format is not None
        declared = headers.get("X-SPARQL-MaxRows")
        if declared and declared.strip().isdigit():
            self.max_rows = int(declared)
        if form == "SELECT" and (declared or self._cap() is not None):
            cap = self._cap()
            if cap is not None and row_count(data, results_format) >= cap:
                return self._paged(text, cap)
        return ox.parse_query_results(data, results_format)

    def _ask(self, text: str, graph_form: bool) -> tuple[str, http.client.HTTPMessage, bytes]:
        """Send a query; the answer's media type (checked), headers and body."""
        accept = _ACCEPT_GRAPH if graph_form else _ACCEPT_RESULTS
        body = urllib.parse.urlencode({"query": text}).encode()
        content_type, headers, data = self._post(
            self._query_target, body, "application/x-www-form-urlencoded", accept
        )
        media = content_type.split(";")[0].strip().lower()
        if media not in (_GRAPH_TYPES if graph_form else _RESULT_TYPES):
            # Only what we asked for. RDF/XML above all: Oxigraph's parser expands nested
            # entities, so a billion-laughs answer took 26 s and 3 GB here.
            raise StoreError(
                f"the SPARQL endpoint {self.location} answered in {media or 'no type'}, "
                f"which kg did not ask for ({accept})"
            )
        if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:4096]:
            raise StoreError(
                f"the SPARQL endpoint {self.location} answered with an XML DTD, "
                "which SPARQL results never need (refused: entity expansion)"
            )
        return media, headers, data

    def _paged(self, text: str, page: int) -> Any:
        """All solutions of a SELECT that the server cut at ``page`` rows, page by page."""
        paging = paging_query(text)
        if paging is None:
            raise StoreError(
                f"the SPARQL endpoint {self.location} cut the answer at {page} rows "
                "(its result cap) and this query cannot be paged; raise the server's "
                "ResultSetMaxRows or narrow the query"
            )
        head: Any = None
        bindings: list[Any] = []
        offset = 0
        while True:
            media, _, data = self._ask(f"{paging} LIMIT {page} OFFSET {offset}", False)
            if media not in ("application/sparql-results+json", "application/json"):
                raise StoreError(
                    f"the SPARQL endpoint {self.location} cut the answer at {page} rows and "
                    f"answered the pages in {media}; kg pages JSON results only"
                )
            document = json.loads(data)
            head = head or document.get("head", {})
            rows = document.get("results", {}).get("bindings", [])
            bindings.extend(rows)
            if len(rows) < page:
                break
            offset += page
        joined = json.dumps({"head": head, "results": {"bindings": bindings}}).encode()
        return ox.parse_query_results(joined, ox.QueryResultsFormat.JSON)

    def update(self, sparql: str) -> None:
        if not self.writable:
            raise StoreError(f"the store at {self.location} was opened read-only")
        self._post(
            self._update_target, ascii_safe(sparql).encode(), "application/sparql-update", "*/*"
        )

    def apply(self, change: Change) -> None:
        if not self.writable:
            raise StoreError(f"the store at {self.location} was opened read-only")
        if change.is_empty():
            return
        if change.size <= self.batch_size and _size_in_bytes(change) <= BATCH_BYTES:
            self.update(decimals_in(change).as_update())  # one request: atomic on the server
            return
        self._apply_staged(change)

    def _apply_staged(self, change: Change) -> None:
        self._sweep_stale_staging()
        stage = f"{STAGING_NS}{int(time.time())}-{uuid.uuid4().hex}/"
        staged: list[str] = []
        final: list[str] = [f"CLEAR SILENT GRAPH <{graph}>" for graph in change.clear]
        try:
            for kind, by_graph in (("delete", change.delete), ("insert", change.insert)):
                for index, (graph, triples) in enumerate(by_graph.items()):
                    if not triples:
                        continue
                    staging = f"{stage}{kind}/{index}"
                    staged.append(staging)
                    self._stage(staging, triples)
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

    def _stage(self, staging: str, triples: list[str]) -> None:
        """Write ``triples`` into the (new) graph ``staging``: GSP if it works, else SPARQL."""
        if self._gsp is not None and (self._virtuoso or not self._gsp_virtuoso_only):
            posted = 0
            try:
                for batch in batches(triples, GSP_BATCH_SIZE, BATCH_BYTES):
                    self._gsp_post(staging, batch)
                    posted += 1
                return
            except EndpointError as exc:
                if exc.status not in (404, 405, 406, 415, 501) or posted:
                    raise
                self._gsp = None  # no Graph Store Protocol there: SPARQL Update from now on
        for batch in batches(triples, self.batch_size, BATCH_BYTES):
            self.update(
                f"INSERT DATA {{ GRAPH <{staging}> {{\n"
                + " .\n".join(map(exact_decimals, batch))
                + " .\n} }"
            )

    def _gsp_post(self, graph: str, triples: list[str]) -> None:
        assert self._gsp is not None
        target = self._gsp
        separator = "&" if "?" in target.path else "?"
        path = f"{target.path}{separator}graph={urllib.parse.quote(graph, safe='')}"
        posted = Target(target.scheme, target.host, target.port, path, None, None)
        body = ("".join(line + " .\n" for line in triples)).encode()
        self._post(posted, body, "application/n-triples", "*/*")

    def _sweep_stale_staging(self) -> None:
        """Drop staging graphs an interrupted write left behind (an hour old or more)."""
        if self._swept:
            return
        self._swept = True
        text = (
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER(STRSTARTS(STR(?g), "{STAGING_NS}")) }}'
        )
        try:
            _, _, data = self._ask(text, False)
            found: Any = ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
            graphs = [row["g"].value for row in found]
        except (StoreError, ValueError, SyntaxError):
            return  # best effort: never block a write on the sweep
        now = time.time()
        stale = []
        for graph in graphs:
            stamp = graph[len(STAGING_NS) :].split("-", 1)[0]
            if not stamp.isdigit() or now - int(stamp) > STALE_STAGING_SECONDS:
                stale.append(graph)
        if stale:
            self.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in stale))

    def dump(self, out: IO[bytes], fmt: ox.RdfFormat, graph: str | None = None) -> None:
        prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
        if graph is not None or not fmt.supports_datasets:
            # SELECT, not CONSTRUCT: a capped SELECT is paged, a capped CONSTRUCT cannot be
            where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
            solutions = self.query(f"SELECT DISTINCT ?s ?p ?o WHERE {{ {where} }}")
            triples = (ox.Triple(r["s"], r["p"], retype_decimal(r["p"], r["o"])) for r in solutions)
            ox.serialize(triples, out, fmt, prefixes=prefixes)
            return
        graphs = " ".join(f"<{g}>" for g in self.graphs)  # not the kept listing rows
        solutions = self.query(
            f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?g {{ {graphs} }} GRAPH ?g {{ ?s ?p ?o }} }}"
        )
        quads = (ox.Quad(r["s"], r["p"], retype_decimal(r["p"], r["o"]), r["g"]) for r in solutions)
        ox.serialize(quads, out, fmt, prefixes=prefixes)


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


def batches(triples: list[str], count: int, size: int) -> Iterator[list[str]]:
    """``triples`` cut into runs of at most ``count`` triples and ``size`` bytes (a triple
    longer than ``size`` goes alone)."""
    batch: list[str] = []
    held = 0
    for triple in triples:
        length = len(triple) + 3
        if batch and (len(batch) >= count or held + length > size):
            yield batch
            batch, held = [], 0
        batch.append(triple)
        held += length
    if batch:
        yield batch


def _size_in_bytes(change: Change) -> int:
    """About how many bytes ``change``'s triples take in a request (characters)."""
    return sum(
        len(t) + 3 for part in (change.insert, change.delete) for ts in part.values() for t in ts
    )
