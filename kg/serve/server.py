"""The HTTP side of ``kg serve``: the SPARQL 1.1 Protocol at ``/sparql``.

Queries: ``GET /sparql?query=…``, ``POST`` with ``application/x-www-form-urlencoded``
(``query=…``) or ``application/sparql-query``; ``HEAD`` answers as ``GET`` without the
body. Updates (only with a write token): ``POST`` with ``update=…`` or
``application/sparql-update`` and ``Authorization: Bearer TOKEN``.

``GET /sparql`` without a query answers a browser (Accept: text/html) with the query page
(:mod:`kg.serve.page`) and any other client with the SPARQL 1.1 Service Description
(:mod:`kg.serve.description`), in Turtle unless it asks for another RDF syntax.

Datasets: ``FROM`` / ``FROM NAMED`` and the protocol's ``default-graph-uri`` /
``named-graph-uri`` choose among the store's own graphs; naming any other is 400, and
nothing is ever fetched (:mod:`kg.sparql.dataset`). ``using-graph-uri`` /
``using-named-graph-uri`` are refused, as ``USING`` is.

CORS: queries answer any origin (``Access-Control-Allow-Origin: *``; an ``OPTIONS``
preflight gets the methods and headers a query needs). Updates carry the CORS header only
when their token was right, and the preflight allows ``Authorization`` only when the
server has a token.

Status codes: 400 malformed or refused query, 403 update not allowed, 404 other paths,
406 no acceptable format, 411/413/414 request without length or too large, 415 unknown
content type, 422 result larger than ``--max-results`` (with the header
``X-SPARQL-MaxRows: N``: page with ``LIMIT N OFFSET k``), 503 timeout or busy.

Each request is logged as one line: method, path, status, milliseconds, rows.
"""

from __future__ import annotations

import hmac
import re
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from kg.errors import KgError, QueryError, StoreLocked
from kg.serve.formats import GRAPH_TYPES, negotiate
from kg.serve.pool import MAX_ROWS_HEADER, Job, Reply, WorkerPool
from kg.sparql.dataset import Dataset, check_dataset, dataset_of, with_dataset
from kg.sparql.guard import refuse_outside_access
from kg.sparql.lexer import shape_of, tokenize

__all__ = ["ServeConfig", "SparqlServer"]

ENDPOINT = "/sparql"
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
#: Protocol parameters that name an update's dataset: refused, as USING is.
_USING_PARAMS = ("using-graph-uri", "using-named-graph-uri")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
#: A Host header that can go into an IRI as it is.
_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$")
_METHODS = "GET, HEAD, POST, OPTIONS"


@dataclass(frozen=True)
class ServeConfig:
    """What ``kg serve`` was started with."""

    location: str
    update_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 7879
    #: write token; None: read-only
    token: str | None = None
    #: seconds a query may run (waiting for a free worker included)
    timeout: float = 30.0
    #: most rows (SELECT) or triples (CONSTRUCT) a response holds
    max_results: int = 10_000
    #: largest request body or query string accepted, in bytes
    max_request_bytes: int = 1 << 20
    workers: int = 2
    quiet: bool = False


class SparqlServer(ThreadingHTTPServer):
    """A threading HTTP server whose queries run in a :class:`WorkerPool`."""

    daemon_threads = True
    #: Connections the kernel queues before the server accepts them. socketserver's 5 made
    #: the 8th of a burst of new connections wait a second for a SYN retry; every request
    #: is a new connection here (HTTP/1.0), so a few busy clients met that all the time.
    request_queue_size = 128

    def __init__(self, config: ServeConfig) -> None:
        if config.location == "memory:":
            raise KgError(
                "kg serve needs a store on disk or a SPARQL endpoint; memory: would be empty"
            )
        self.config = config
        self.pool = WorkerPool(
            config.location, config.update_url, size=config.workers, max_results=config.max_results
        )
        self.update_lock = threading.Lock()
        try:
            super().__init__((config.host, config.port), SparqlHandler)
        except OSError:
            self.pool.close()
            raise

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}{ENDPOINT}"

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()

    def run_update(self, text: str) -> Reply:
        """Apply an update to the store (the caller has checked the token)."""
        from kg.store import open_store

        with (
            self.update_lock,
            open_store(
                self.config.location, update_url=self.config.update_url, writable=True
            ) as store,
        ):
            store.update(text)
        return Reply(HTTPStatus.NO_CONTENT, "text/plain; charset=utf-8", b"")


class SparqlHandler(BaseHTTPRequestHandler):
    """One HTTP request: parse it, check it, hand queries to the pool."""

    server: SparqlServer
    server_version = "claimgraph"
    _started = 0.0

    # --- plumbing ---------------------------------------------------------------------------

    def parse_request(self) -> bool:
        self._started = time.monotonic()
        return super().parse_request()

    def _send(self, reply: Reply, *, cors: bool = True) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Vary", "Accept")
        self.send_header("X-Content-Type-Options", "nosniff")
        if cors:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Expose-Headers", MAX_ROWS_HEADER)
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)
        self._log(reply.status, reply.rows, reply.body if reply.status >= 400 else b"")

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own errors (bad request line, unsupported method…), in plain text.

        The stock answer is an HTML page quoting the request, and a status line repeating
        the method verbatim; an endpoint that only speaks SPARQL has no HTML to send.
        """
        self.close_connection = True
        try:
            phrase = HTTPStatus(code).phrase
        except ValueError:
            phrase = "Error"
        body = f"{code} {phrase}: this endpoint answers {_METHODS} at {ENDPOINT}\n".encode()
        self.send_response(code, phrase)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and code >= 200 and code not in (204, 304):
            self.wfile.write(body)
        self._log(code, None, (message or phrase).encode())

    def version_string(self) -> str:
        """``claimgraph``: the Server header names the program, not the Python it runs on."""
        return self.server_version

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Nothing: :meth:`_log` writes one line per request once it is answered."""

    def _log(self, status: int, rows: int | None, problem: bytes) -> None:
        """``kg serve: GET /sparql 200 12 ms 40 rows``; errors add the first line of why."""
        if self.server.config.quiet:
            return
        elapsed = (time.monotonic() - self._started) * 1000 if self._started else 0.0
        method = getattr(self, "command", None) or "-"
        path = (getattr(self, "path", None) or "-").partition("?")[0]
        line = f"{method} {path[:200]} {status} {elapsed:.0f} ms"
        if rows is not None:
            line += f" {rows} row" + ("" if rows == 1 else "s")
        if problem:
            reason = problem.decode("utf-8", "replace").strip().split("\n", 1)[0]
            line += ": " + (reason if len(reason) <= 120 else reason[:119] + "…")
        # The path and reasons hold the client's text: escape control characters, as
        # http.server's own log does, so a request cannot write escape sequences (or fake
        # log lines) to the terminal running the server.
        line = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", line)
        sys.stderr.write(f"kg serve: {line}\n")

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.config.quiet:
            line = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", format % args)
            sys.stderr.write(f"kg serve: {self.address_string()} {line}\n")

    # --- HTTP methods -----------------------------------------------------------------------

    def do_GET(self) -> None:
        path, _, query_string = self.path.partition("?")
        if path != ENDPOINT:
            self._send(Reply.error(404, f"not found: the SPARQL endpoint is {ENDPOINT}"))
            return
        if len(query_string) > self.server.config.max_request_bytes:
            self._send(Reply.error(414, "the query string is too long"))
            return
        params = urllib.parse.parse_qs(query_string, keep_blank_values=True)
        if "update" in params:
            self._send(Reply.error(405, "updates must be sent with POST"))
            return
        if not params:
            self._describe()
            return
        self._send(self._dispatch(params))

    do_HEAD = do_GET

    def do_OPTIONS(self) -> None:
        """A CORS preflight (or a plain OPTIONS): which methods and headers are allowed."""
        if self.path.partition("?")[0] not in (ENDPOINT, "*"):
            self._send(Reply.error(404, f"not found: the SPARQL endpoint is {ENDPOINT}"))
            return
        headers = "Accept, Content-Type" + (", Authorization" if self.server.config.token else "")
        reply = Reply(
            204,
            "text/plain; charset=utf-8",
            b"",
            headers=(
                ("Allow", _METHODS),
                ("Access-Control-Allow-Methods", _METHODS),
                ("Access-Control-Allow-Headers", headers),
                ("Access-Control-Max-Age", "600"),
            ),
        )
        self._send(reply)

    def do_POST(self) -> None:
        body = self._read_body()  # read first: a client still sending must get the answer
        if self.path.partition("?")[0] != ENDPOINT:
            self._send(Reply.error(404, f"not found: the SPARQL endpoint is {ENDPOINT}"))
            return
        if isinstance(body, Reply):
            self._send(body)
            return
        content_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        url_params = urllib.parse.parse_qs(self.path.partition("?")[2], keep_blank_values=True)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            self._send(Reply.error(400, "the request body is not UTF-8"))
            return
        if content_type == "application/x-www-form-urlencoded":
            params = urllib.parse.parse_qs(text, keep_blank_values=True)
        elif content_type == "application/sparql-query":
            params = {**url_params, "query": [text]}
        elif content_type == "application/sparql-update":
            params = {**url_params, "update": [text]}
        else:
            self._send(
                Reply.error(
                    415,
                    "send application/sparql-query, application/sparql-update or "
                    "application/x-www-form-urlencoded",
                )
            )
            return
        # CORS lets another origin read the answer: for an update, only with the token.
        self._send(self._dispatch(params), cors="update" not in params or self._token_ok())

    def _read_body(self) -> bytes | Reply:
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            return Reply.error(411, "a POST needs a Content-Length")
        try:
            length = int(length_header)
        except ValueError:
            return Reply.error(400, "bad Content-Length")
        if length < 0:  # rfile.read(-1) would wait for the client to close the connection
            self.close_connection = True
            return Reply.error(400, "bad Content-Length")
        if length > self.server.config.max_request_bytes:
            self.close_connection = True  # do not read the oversized body
            return Reply.error(
                413, f"the request is larger than {self.server.config.max_request_bytes} bytes"
            )
        return self.rfile.read(length)

    # --- the endpoint itself: page and service description ----------------------------------

    def _describe(self) -> None:
        """``GET /sparql`` without a query: the page for browsers, else the description."""
        from kg.serve.description import service_description
        from kg.serve.page import query_page

        offered = [*GRAPH_TYPES, *_HTML_TYPES]
        media_type = negotiate(self.headers.get("Accept"), offered=offered)
        updates = self.server.config.token is not None
        if media_type in _HTML_TYPES:
            page = query_page(updates=updates, endpoint=ENDPOINT)
            reply = Reply(
                200,
                "text/html; charset=utf-8",
                page.body,
                headers=(
                    ("Content-Security-Policy", page.csp),
                    ("Referrer-Policy", "no-referrer"),
                    ("Cache-Control", "no-cache"),
                ),
            )
            self._send(reply, cors=False)
            return
        if media_type is None:
            self._send(
                Reply.error(
                    406,
                    "without a query, /sparql answers text/html (the query page) or an RDF "
                    "syntax (the service description): " + ", ".join(GRAPH_TYPES),
                )
            )
            return
        iri = self._endpoint_iri()
        body = service_description(iri, updates=updates, fmt=GRAPH_TYPES[media_type])
        self._send(Reply(200, media_type, body))

    def _endpoint_iri(self) -> str:
        """This endpoint's URL as the client reached it (its Host header, when well-formed)."""
        host = self.headers.get("Host", "")
        if _HOST.match(host):
            return f"http://{host}{ENDPOINT}"
        return self.server.url

    # --- SPARQL -----------------------------------------------------------------------------

    def _dispatch(self, params: dict[str, list[str]]) -> Reply:
        refused = [name for name in _USING_PARAMS if name in params]
        if refused:
            return Reply.error(
                400, f"{refused[0]} is refused: updates read this store only (use GRAPH <…>)"
            )
        queries, updates = params.get("query", []), params.get("update", [])
        if len(queries) + len(updates) != 1:
            return Reply.error(400, "send exactly one query= or update= parameter")
        # Empty values are what many clients send for "no dataset" (Virtuoso's own form).
        dataset = Dataset(
            tuple(v for v in params.get("default-graph-uri", []) if v),
            tuple(v for v in params.get("named-graph-uri", []) if v),
        )
        if updates:
            if dataset:
                return Reply.error(
                    400, "default-graph-uri and named-graph-uri are for queries, not updates"
                )
            return self._update(updates[0])
        return self._query(queries[0], dataset)

    def _query(self, text: str, dataset: Dataset) -> Reply:
        tokens = list(tokenize(text))
        try:
            refuse_outside_access(text, tokens=tokens)
            if dataset:
                check_dataset(dataset, keywords=("default-graph-uri", "named-graph-uri"))
        except QueryError as exc:
            return Reply.error(400, str(exc))
        form = shape_of(tokens).form
        if form is None:
            return Reply.error(400, "not a SPARQL query (updates go in update=, with POST)")
        media_type = negotiate(self.headers.get("Accept"), graph=form in ("CONSTRUCT", "DESCRIBE"))
        if media_type is None:
            return Reply.error(406, f"cannot answer a {form} query in {self.headers.get('Accept')}")
        own_dataset = bool(dataset) or bool(dataset_of(text, tokens))
        if dataset:  # the protocol's dataset overrides the query's (SPARQL 1.1 Protocol)
            text = with_dataset(text, dataset).text
        return self.server.pool.run(Job(text, media_type, own_dataset), self.server.config.timeout)

    def _token_ok(self) -> bool:
        token = self.server.config.token
        if token is None:
            return False
        given = self.headers.get("Authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())

    def _update(self, text: str) -> Reply:
        if self.server.config.token is None:
            return Reply.error(403, "this endpoint is read-only (kg serve --token enables updates)")
        if not self._token_ok():
            return Reply.error(403, "updates need the header Authorization: Bearer <token>")
        try:
            refuse_outside_access(text)
        except QueryError as exc:
            return Reply.error(400, str(exc))
        try:
            return self.server.run_update(text)
        except SyntaxError as exc:
            from kg.sparql.run import describe_syntax_error

            return Reply.error(400, describe_syntax_error(str(exc)))
        except StoreLocked as exc:
            return Reply.error(503, str(exc))
        except KgError as exc:
            return Reply.error(500, str(exc))
        except (RuntimeError, ValueError, OSError) as exc:
            return Reply.error(400, f"the update failed: {exc}")
