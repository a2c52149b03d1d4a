"""``kg serve``: the store as a SPARQL 1.1 Protocol endpoint at ``http://HOST:PORT/sparql``.

* **Read-only unless a write token is given.** With ``--token T``, SPARQL Update requests
  carrying ``Authorization: Bearer T`` are applied; every other update gets 403.
* **Loopback by default** (127.0.0.1).
* **Queries are checked** as in ``kg query``: SERVICE, LOAD and FROM get 400 and reach
  nothing.
* **Limits:** a query timeout (queries run in worker processes that are killed at the
  deadline, see :mod:`kg.serve.pool`), a cap on result rows (422 beyond it, never a
  silently cut answer), and a cap on request size (413).
* **Fresh data:** on disk, workers hold the store's shared lock only while answering, so
  ``kg ingest`` can run while the server does; the next query sees what it wrote.

>>> config = ServeConfig("memory:")
>>> config.host, config.timeout, config.max_results
('127.0.0.1', 30.0, 10000)
"""

from __future__ import annotations

from kg.serve.server import ServeConfig, SparqlServer

__all__ = ["ServeConfig", "SparqlServer", "make_server"]


def make_server(config: ServeConfig) -> SparqlServer:
    """Start the workers and bind the socket; call ``serve_forever()`` on the result.

    Raises :class:`~kg.errors.KgError` when the store cannot be opened, and
    :class:`OSError` when the address is taken.
    """
    return SparqlServer(config)
