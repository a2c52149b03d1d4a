"""The HTTP side of ``kg serve``: the SPARQL 1.1 Protocol at ``/sparql``.

Queries: ``GET /sparql?query=…``, ``POST`` with ``application/x-www-form-urlencoded``
(``query=…``) or ``application/sparql-query``. Updates (only with a write token):
``POST`` with ``update=…`` or ``application/sparql-update`` and ``Authorization: Bearer
TOKEN``. Protocol dataset parameters (``default-graph-uri`` and the like) are refused, as
``FROM`` is: a query reads this store only.

Status codes: 400 malformed or refused query, 403 update not allowed, 404 other paths,
406 no acceptable format, 411/413/414 request without length or too large, 415 unknown
content type, 422 result larger than ``--max-results``, 503 timeout or busy.
"""

from __future__ import annotations

import hmac
import sys
import threading
import urllib.parse
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from kg.errors import KgError, QueryError, StoreLocked
from kg.serve.formats import negotiate
from kg.serve.pool import Job, Reply, WorkerPool
from kg.sparql.guard import refuse_outside_access
from kg.sparql.lexer import shape_of, tokenize

__all__ = ["ServeConfig", "SparqlServer"]

ENDPOINT = "/sparql"
_DATASET_PARAMS = (
    "default-graph-uri",
    "named-graph-uri",
    "using-graph-uri",
    "using-named-graph-uri",
)


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

    # --- plumbing ---------------------------------------------------------------------------

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Vary", "Accept")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.config.quiet:
            sys.stderr.write(f"kg serve: {self.address_string()} {format % args}\n")

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
        self._send(self._dispatch(params))

    def do_POST(self) -> None:
        if self.path.partition("?")[0] != ENDPOINT:
            self._send(Reply.error(404, f"not found: the SPARQL endpoint is {ENDPOINT}"))
            return
        body = self._read_body()
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
        self._send(self._dispatch(params))

    def _read_body(self) -> bytes | Reply:
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            return Reply.error(411, "a POST needs a Content-Length")
        try:
            length = int(length_header)
        except ValueError:
            return Reply.error(400, "bad Content-Length")
        if length > self.server.config.max_request_bytes:
            self.close_connection = True  # do not read the oversized body
            return Reply.error(
                413, f"the request is larger than {self.server.config.max_request_bytes} bytes"
            )
        return self.rfile.read(length)

    # --- SPARQL -----------------------------------------------------------------------------

    def _dispatch(self, params: dict[str, list[str]]) -> Reply:
        refused = [name for name in _DATASET_PARAMS if name in params]
        if refused:
            return Reply.error(
                400, f"{refused[0]} is refused: queries read this store only (use GRAPH <…>)"
            )
        queries, updates = params.get("query", []), params.get("update", [])
        if len(queries) + len(updates) != 1:
            return Reply.error(400, "send exactly one query= or update= parameter")
        if updates:
            return self._update(updates[0])
        return self._query(queries[0])

    def _query(self, text: str) -> Reply:
        tokens = list(tokenize(text))
        try:
            refuse_outside_access(text, tokens=tokens)
        except QueryError as exc:
            return Reply.error(400, str(exc))
        form = shape_of(tokens).form
        if form is None:
            return Reply.error(400, "not a SPARQL query (updates go in update=, with POST)")
        media_type = negotiate(self.headers.get("Accept"), graph=form in ("CONSTRUCT", "DESCRIBE"))
        if media_type is None:
            return Reply.error(406, f"cannot answer a {form} query in {self.headers.get('Accept')}")
        return self.server.pool.run(Job(text, media_type), self.server.config.timeout)

    def _update(self, text: str) -> Reply:
        token = self.server.config.token
        if token is None:
            return Reply.error(403, "this endpoint is read-only (kg serve --token enables updates)")
        given = self.headers.get("Authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
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
