"""pytest fixtures around the server harnesses (to be imported by tests/conftest.py).

``virtuoso_server`` is session-scoped: one private Virtuoso for the whole run. Without the
Debian package the tests that use it skip, but fail when ``CI=true`` (.ci/virtuoso.sh
install provides it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from servers.virtuoso import VirtuosoServer, find_virtuoso, start_virtuoso

__all__ = ["virtuoso_server"]


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """Debian's Virtuoso, package defaults, private folder and ports, a SPARQL_UPDATE user."""
    programs = find_virtuoso()
    if programs is None:
        message = (
            "Virtuoso is not installed (Debian package virtuoso-opensource; "
            ".ci/virtuoso.sh install)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"), programs)
    try:
        yield server
    finally:
        server.stop()
