"""Stores on real servers: Oxigraph server and Virtuoso (through /sparql-auth, digest)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from servers.fixtures import virtuoso_server  # noqa: F401 (a fixture)

from kg.store import Store
from kg.store.remote import RemoteStore


@pytest.fixture(params=["oxigraph-server", "virtuoso"])
def server_store(request: pytest.FixtureRequest) -> Iterator[RemoteStore]:
    """An empty writable remote store on each server (Virtuoso with digest credentials)."""
    if request.param == "oxigraph-server":
        server: Any = request.getfixturevalue("oxigraph_server")
        server.clear()
        store = RemoteStore(server.query_url, update_url=server.update_url, writable=True)
    else:
        server = request.getfixturevalue("virtuoso_server")
        server.clear()
        store = RemoteStore(server.url_with_credentials(), writable=True)
    with store:
        yield store


@pytest.fixture
def embedded() -> Iterator[Store]:
    from kg.store import open_store

    with open_store("memory:", writable=True) as store:
        yield store
