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

import base64
import contextlib
import hashlib
import http.client
import itertools
import json
import os
import re
import secrets
import time
import urllib.parse
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any

import pyoxigraph as ox

from kg.errors import StoreError
from kg.namespace import GRAPH_NS, PREFIXES
from kg.sparql.lexer import Kind, shape_of, tokenize, variables
from kg.sparql.rewrite import for_endpoint
from kg.store.base import Change, Store

__all__ = ["BATCH_SIZE", "GSP_BATCH_SIZE", "RemoteStore", "RemoteTriples"]

#: Triples per INSERT DATA request: Virtuoso 7.2's SQL compiler refuses ~1,400 and more.
BATCH_SIZE = 1_000
#: Triples per Graph Store Protocol POST into a staging graph.
GSP_BATCH_SIZE = 50_000
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

_XSD = "http://www.w3.org/2001/XMLSchema#"
#: Predicates whose objects the vocabulary types xsd:decimal (kg/ontology/shapes.ttl).
DECIMAL_PREDICATES = frozenset(
    "https://schema.org/" + name for name in ("value", "minValue", "maxValue")
)
_INTEGER_DECIMAL = re.compile(r'"(-?[0-9]+)"\^\^<http://www\.w3\.org/2001/XMLSchema#decimal>')


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


def _env_number(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, "") or default)
    except ValueError:
        return default


def _timeout() -> float:
    return _env_number("KG_REMOTE_TIMEOUT", 300)


# --- text the server reads the same way whatever its charset handling ---------------------------


def ascii_safe(text: str) -> str:
    """``text`` with non-ASCII characters escaped in string literals, dropped in comments.

    Escapes (``\\uXXXX``, ``\\UXXXXXXXX``) are SPARQL's own, so the query means the same;
    IRIs and prefixed names keep their characters (Virtuoso refuses escapes in IRIs, and
    accepts them raw). Non-ASCII white space or stray characters are left for the engine
    to reject as it would have.
    """
    if text.isascii():
        return text
    out, last = [], 0
    for token in tokenize(text):
        out.append(_strip_non_ascii(text[last : token.start]))
        piece = text[token.start : token.end]
        if token.kind is Kind.STRING and not piece.isascii():
            piece = "".join(
                c
                if ord(c) < 128
                else (f"\\u{ord(c):04X}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08X}")
                for c in piece
            )
        out.append(piece)
        last = token.end
    out.append(_strip_non_ascii(text[last:]))
    return "".join(out)


def _strip_non_ascii(gap: str) -> str:
    """Comments and white space between tokens: non-ASCII characters in comments go."""
    if gap.isascii():
        return gap
    lines = []
    for line in gap.split("\n"):
        head, sep, comment = line.partition("#")
        lines.append(head + sep + "".join(c for c in comment if c.isascii()))
    return "\n".join(lines)


def exact_decimals(line: str) -> str:
    """An N-Triples line whose integer-looking decimals stay decimals on Virtuoso."""
    if "XMLSchema#decimal" not in line:
        return line
    return _INTEGER_DECIMAL.sub(rf'"\1.0"^^<{_XSD}decimal>', line)


def retype_decimal(predicate: Any, obj: Any) -> Any:
    """``obj`` as an xsd:decimal when the vocabulary says ``predicate``'s values are."""
    if (
        isinstance(obj, ox.Literal)
        and obj.datatype.value == _XSD + "integer"
        and getattr(predicate, "value", None) in DECIMAL_PREDICATES
    ):
        return ox.Literal(obj.value, datatype=ox.NamedNode(_XSD + "decimal"))
    return obj


# --- HTTP with Basic or Digest credentials ------------------------------------------------------


@dataclass
class _Target:
    """A URL split for http.client, credentials taken out of it."""

    scheme: str
    host: str
    port: int | None
    path: str  # path and query string
    user: str | None
    password: str | None

    @property
    def shown(self) -> str:
        """The URL without credentials (for messages)."""
        port = f":{self.port}" if self.port else ""
        return f"{self.scheme}://{self.host}{port}{self.path}"


def _target(url: str) -> _Target:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"not an http(s) URL: {url}")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    user = urllib.parse.unquote(parts.username) if parts.username is not None else None
    password = urllib.parse.unquote(parts.password) if parts.password is not None else None
    return _Target(parts.scheme, host, parts.port, path, user, password)


class _Http:
    """Requests to one server: credentials, a remembered Digest challenge, errors."""

    def __init__(self, user: str | None, password: str | None, token: str | None) -> None:
        self.user = user
        self.password = password
        self.token = token
        self.timeout = _timeout()
        self._challenge: dict[str, str] | None = None
        self._basic = False
        self._nc = 0
        #: the Server header of the last answer
        self.server = ""

    def request(
        self, method: str, target: _Target, body: bytes, headers: Mapping[str, str]
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        """The answer to one request (status, headers, body); 401 answered with credentials."""
        fresh_challenge = False
        while True:
            sent = dict(headers)
            sent.setdefault("User-Agent", "claimgraph")
            authorization = self._authorization(method, target)
            if authorization:
                sent["Authorization"] = authorization
            status, response, data = self._send(method, target, body, sent)
            if status != 401 or fresh_challenge:
                break
            # one retry after a fresh challenge (a remembered Digest nonce may have expired)
            if not self._learn(response.get("WWW-Authenticate", "")):
                break
            fresh_challenge = True
        if status == 401:
            if self.user is None:
                raise StoreError(
                    f"the SPARQL endpoint {target.shown} asks for credentials: put them in the "
                    "URL (http://user:password@host/…) or in $KG_STORE_USER and "
                    "$KG_STORE_PASSWORD"
                )
            raise StoreError(
                f"the SPARQL endpoint {target.shown} refused the credentials of user "
                f"{self.user!r} (HTTP 401): check the user name and password"
            )
        return status, response, data

    def _send(
        self, method: str, target: _Target, body: bytes, headers: Mapping[str, str]
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        kind = (
            http.client.HTTPSConnection if target.scheme == "https" else http.client.HTTPConnection
        )
        connection = kind(target.host.strip("[]"), target.port, timeout=self.timeout)
        try:
            connection.request(method, target.path, body=body, headers=dict(headers))
            response = connection.getresponse()
            data = response.read()
            self.server = response.headers.get("Server", "") or self.server
            return response.status, response.headers, data
        except (OSError, http.client.HTTPException) as exc:
            raise StoreError(f"cannot reach the SPARQL endpoint {target.shown}: {exc}") from None
        finally:
            connection.close()

    def _learn(self, challenge: str) -> bool:
        """Take a 401's challenge; True when a retry with credentials is worth it."""
        if self.user is None:
            return False
        scheme, _, params = challenge.strip().partition(" ")
        if scheme.lower() == "digest":
            self._challenge = {
                key: quoted or bare
                for key, quoted, bare in re.findall(r'(\w+)=(?:"([^"]*)"|([^\s,]*))', params)
            }
            self._nc = 0
            return True
        if scheme.lower() == "basic":
            self._basic = True
            return True
        return False

    def _authorization(self, method: str, target: _Target) -> str | None:
        if self.user is not None and self._challenge is not None:
            return self._digest(method, target.path)
        if self.user is not None and self._basic:
            pair = f"{self.user}:{self.password or ''}".encode()
            return "Basic " + base64.b64encode(pair).decode()
        if self.token:
            return f"Bearer {self.token}"
        return None

    def _digest(self, method: str, uri: str) -> str:
        c = self._challenge or {}
        algorithm = c.get("algorithm", "MD5")
        if algorithm.upper() not in ("MD5", "MD5-SESS", "SHA-256", "SHA-256-SESS"):
            raise StoreError(f"the SPARQL endpoint asks for Digest {algorithm}, not supported")
        hash_name = "sha256" if algorithm.upper().startswith("SHA-256") else "md5"

        def h(text: str) -> str:
            return hashlib.new(hash_name, text.encode()).hexdigest()

        self._nc += 1
        nc, cnonce = f"{self._nc:08x}", secrets.token_hex(8)
        realm, nonce = c.get("realm", ""), c.get("nonce", "")
        ha1 = h(f"{self.user}:{realm}:{self.password or ''}")
        if algorithm.upper().endswith("-SESS"):
            ha1 = h(f"{ha1}:{nonce}:{cnonce}")
        ha2 = h(f"{method}:{uri}")
        qops = [q.strip() for q in c.get("qop", "").split(",") if q.strip()]
        if "auth" in qops:
            response = h(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
            extra = f', qop=auth, nc={nc}, cnonce="{cnonce}"'
        else:
            response = h(f"{ha1}:{nonce}:{ha2}")
            extra = ""
        opaque = f', opaque="{c["opaque"]}"' if "opaque" in c else ""
        return (
            f'Digest username="{self.user}", realm="{realm}", nonce="{nonce}", uri="{uri}", '
            f'response="{response}", algorithm={algorithm}{extra}{opaque}'
        )


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
        query_target = _target(location)
        update_target = _target(update_url or location)
        self.location = query_target.shown
        self.update_url = update_target.shown
        self._query_target = query_target
        self._update_target = update_target
        self.writable = writable
        self.batch_size = batch_size or int(_env_number("KG_STORE_BATCH_SIZE", BATCH_SIZE))
        user = query_target.user or update_target.user or os.environ.get("KG_STORE_USER") or None
        password = (
            query_target.password
            if query_target.user
            else update_target.password
            if update_target.user
            else os.environ.get("KG_STORE_PASSWORD")
        )
        self._http = _Http(user, password, os.environ.get("KG_STORE_TOKEN") or None)
        env_rows = int(_env_number("KG_STORE_MAX_ROWS", 0)) or None
        #: the most rows or triples the server returns at once, once known
        self.max_rows = max_rows or env_rows
        self._gsp = self._gsp_target(gsp_url or os.environ.get("KG_STORE_GSP_URL") or None)
        self._swept = False

    def _gsp_target(self, gsp_url: str | None) -> _Target | None:
        if gsp_url == "none":
            return None
        if gsp_url:
            found = _target(gsp_url)
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
                return _Target(
                    t.scheme, t.host, t.port, path[: -len(end)] + replacement, None, None
                )
        return None

    # --- HTTP ---------------------------------------------------------------------------------

    def _post(
        self, target: _Target, body: bytes, content_type: str, accept: str
    ) -> tuple[str, http.client.HTTPMessage, bytes]:
        headers = {"Content-Type": content_type, "Accept": accept}
        status, response, data = self._http.request("POST", target, body, headers)
        if status >= 400:
            reason = http.client.responses.get(status, "")
            raise _EndpointError(target.shown, status, reason, _first_lines(data))
        return response.get("Content-Type", ""), response, data

    @property
    def _virtuoso(self) -> bool:
        return self._http.server.lower().startswith("virtuoso")

    def _cap(self) -> int | None:
        if self.max_rows:
            return self.max_rows
        return VIRTUOSO_MAX_ROWS if self._virtuoso else None

    # --- the Store interface ------------------------------------------------------------------

    def query(
        self, sparql: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None
    ) -> Any:
        rewritten = for_endpoint(sparql, bindings, PREFIXES, self.graphs)
        text = ascii_safe(rewritten.text)
        form = shape_of(text).form
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        try:
            media, headers, data = self._ask(text, graph_form)
        except _EndpointError as exc:
            if exc.status == 400:  # the protocol's answer to a malformed query
                raise SyntaxError(_map_position(exc.detail, rewritten)) from None
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
            if cap is not None and _row_count(data, results_format) >= cap:
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
        paging = _paging_query(text)
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
        if change.size <= self.batch_size:
            self.update(_decimals_in(change).as_update())  # one request: atomic on the server
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
        if self._gsp is not None:
            try:
                for start in range(0, len(triples), GSP_BATCH_SIZE):
                    self._gsp_post(staging, triples[start : start + GSP_BATCH_SIZE])
                return
            except _EndpointError as exc:
                if exc.status not in (404, 405, 406, 415, 501) or start:
                    raise
                self._gsp = None  # no Graph Store Protocol there: SPARQL Update from now on
        for start in range(0, len(triples), self.batch_size):
            batch = triples[start : start + self.batch_size]
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
        posted = _Target(target.scheme, target.host, target.port, path, None, None)
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
        solutions = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        quads = (ox.Quad(r["s"], r["p"], retype_decimal(r["p"], r["o"]), r["g"]) for r in solutions)
        ox.serialize(quads, out, fmt, prefixes=prefixes)


def _decimals_in(change: Change) -> Change:
    """``change`` with integer-looking decimals written so Virtuoso keeps them decimals."""
    return Change(
        insert={g: [exact_decimals(t) for t in ts] for g, ts in change.insert.items()},
        delete={g: [exact_decimals(t) for t in ts] for g, ts in change.delete.items()},
        clear=list(change.clear),
    )


def _row_count(data: bytes, results_format: Any) -> int:
    if results_format == ox.QueryResultsFormat.JSON:
        document = json.loads(data)
        return len(document.get("results", {}).get("bindings", []))
    parsed: Any = ox.parse_query_results(data, results_format)
    return len(list(parsed))


def _paging_query(text: str) -> str | None:
    """``text`` (a SELECT) as a sub-select in a fixed total order, ready for LIMIT/OFFSET.

    ``PREFIX… SELECT * FROM… WHERE { { SELECT … WHERE {…} … ORDER BY <its own> ?every
    ?variable } }``: ordering inside and slicing outside is the shape Virtuoso sorts past
    its cap (an outer ORDER BY with OFFSET beyond it fails with SR353). Ties left by the
    query's own ORDER BY are broken by every variable, so pages neither overlap nor skip.
    """
    shape = shape_of(text)
    tokens = shape.tokens
    if (
        shape.form != "SELECT"
        or shape.projection is None
        or shape.dataset_at is None
        or shape.where_open is None
        or shape.where_close is None
    ):
        return None
    form_at = next(i for i, t in enumerate(tokens) if t.is_word("SELECT"))
    select_clause = text[tokens[form_at].start : tokens[shape.dataset_at].start]
    dataset = " ".join(
        t.text for t in tokens[shape.dataset_at : shape.where_open] if not t.is_word("WHERE")
    )
    projected = shape.projected
    names = (
        sorted(projected)
        if projected is not None
        else sorted(variables(tokens[shape.where_open : shape.where_close + 1]))
    )
    if not names:
        return None
    tail = tokens[shape.where_close + 1 :]
    has_order = any(a.is_word("ORDER") and b.is_word("BY") for a, b in itertools.pairwise(tail))
    insert_at = len(text)
    depth = 0
    for token in tail:
        depth += token.is_punct("(") - token.is_punct(")")
        if depth == 0 and token.is_word("LIMIT", "OFFSET", "VALUES"):
            insert_at = token.start
            break
    keys = " ".join(f"?{name}" for name in names)
    order = f"\n{keys} " if has_order else f"\nORDER BY {keys} "
    body = text[tokens[shape.where_open].start : insert_at] + order + text[insert_at:]
    prologue = text[: tokens[form_at].start]
    return f"{prologue}SELECT * {dataset} WHERE {{ {{ {select_clause} WHERE {body}\n}} }}"


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
