"""``kg serve`` in a thread of the test (or benchmark) process, on a free loopback port."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from kg.serve import ServeConfig, SparqlServer, make_server

__all__ = ["serving", "start", "stop"]


def start(config: ServeConfig) -> tuple[SparqlServer, threading.Thread]:
    """Start a server for ``config``; give both to :func:`stop`."""
    server = make_server(config)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


def stop(server: SparqlServer, thread: threading.Thread) -> None:
    """Stop a server from :func:`start` and free its port."""
    server.shutdown()
    thread.join()
    server.server_close()


@contextlib.contextmanager
def serving(config: ServeConfig) -> Iterator[SparqlServer]:
    """A running server for the ``with`` block."""
    server, thread = start(config)
    try:
        yield server
    finally:
        stop(server, thread)
