"""Stores on real servers: Oxigraph server and Virtuoso (through /sparql-auth, digest)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from servers.fixtures import virtuoso_server  # noqa: F401 (a fixture)
from servers.kg_serve import serving

from kg.store import Store
from kg.store.remote import RemoteStore


@pytest.fixture
def kg_serve_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """``kg serve --token`` over an empty embedded store; kg's client sends the token."""
    from kg.serve import ServeConfig
    from kg.store import open_store

    location = tmp_path / "served"
    with open_store(str(location), writable=True):
        pass
    monkeypatch.setenv("KG_STORE_TOKEN", "remote-suite")
    with serving(ServeConfig(str(location), port=0, token="remote-suite", quiet=True)) as server:
        yield server.url


@pytest.fixture(params=["oxigraph-server", "virtuoso", "kg-serve"])
def server_store(request: pytest.FixtureRequest) -> Iterator[RemoteStore]:
    """An empty writable remote store on each server (Virtuoso with digest credentials,
    kg serve with its write token)."""
    if request.param == "kg-serve":
        store = RemoteStore(request.getfixturevalue("kg_serve_url"), writable=True)
    elif request.param == "oxigraph-server":
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
