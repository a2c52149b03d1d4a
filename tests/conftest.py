"""Shared fixtures: stores (empty, with the example), the CLI runner, system programs."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kg.cli import cli
from kg.demo import example_path
from kg.ingest import ingest
from kg.store import Store, open_store

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def empty_store() -> Iterator[Store]:
    """A fresh in-memory store."""
    with open_store("memory:", writable=True) as store:
        yield store


@pytest.fixture
def example_store(empty_store: Store) -> Store:
    """An in-memory store holding the bundled Meta talent-war example."""
    ingest(empty_store, [example_path()])
    return empty_store


@pytest.fixture
def two_rules_store(empty_store: Store, tmp_path: Path) -> Store:
    """A store where one pair of claims meets two rules: B denies what A asserts, in a reply."""
    sheet = tmp_path / "two-rules.yaml"
    sheet.write_text(
        "sheet: 1\nbase: https://example.org/two/\n"
        "sources: [{id: s, title: S}]\n"
        "agents: [{id: a, name: A}, {id: b, name: B}, {id: m, name: M}]\n"
        "claims:\n"
        "  - {id: yes, claimant: a, stance: asserts, statement: [m, paid, b], source: s}\n"
        "  - {id: no, claimant: b, stance: denies, statement: [m, paid, b], source: s,"
        " responds_to: [yes]}\n",
        encoding="utf-8",
    )
    ingest(empty_store, [sheet])
    return empty_store


def later_sheet(directory: Path, claim: str, speaker: tuple[str, str], stance: str) -> Path:
    """A later article's sheet with one claim about the example's contested proposition
    (Meta offered a signing bonus to OpenAI staff), said by ``speaker`` (id, name)."""
    sheet = directory / "later.yaml"
    sheet.write_text(
        "sheet: 1\nbase: https://example.org/talent-war/\n"
        'sources: [{id: later, title: "A later article"}]\n'
        "agents:\n"
        "  - {id: meta, name: Meta, type: Organization}\n"
        "  - {id: openai-staff, name: OpenAI staff, type: Group}\n"
        f"  - {{id: {speaker[0]}, name: {speaker[1]}, type: Person}}\n"
        "predicates: [{id: offered_signing_bonus, label: offered a signing bonus to}]\n"
        "claims:\n"
        f"  - {{id: {claim}, claimant: {speaker[0]}, stance: {stance},"
        " statement: [meta, offered_signing_bonus, openai-staff], source: later}\n",
        encoding="utf-8",
    )
    return sheet


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    """Where an on-disk store may be created (it does not exist yet)."""
    return tmp_path / "store"


@pytest.fixture
def kg(store_dir: Path) -> KgRunner:
    """Run `kg` in-process against an on-disk store in a temporary directory."""
    return KgRunner(store_dir)


class KgRunner:
    """Calls the real CLI with CliRunner; stdout and stderr kept apart."""

    def __init__(self, store: Path | str) -> None:
        self.store = str(store)

    def __call__(self, *args: str, store: bool = True, input: str | None = None) -> Result:
        argv = (["--store", self.store] if store else []) + list(args)
        return CliRunner().invoke(cli, argv, input=input, catch_exceptions=False)


def require_program(name: str) -> str:
    """The path of a system program; skip without it, but fail when CI=true."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (Debian package needed; .ci/run installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


# --- SPARQL: a real Oxigraph server, stores on both backends, a connection recorder ---------
# (issue 4: kg query, kg serve and the remote store run the same tests on every backend)


def oxigraph_program() -> str:
    """The ``oxigraph`` server binary (from the PyPI package, in the test extra).

    Looked up beside this Python first, so an unactivated virtualenv still finds it; skips
    without it, but fails when CI=true.
    """
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        message = "the oxigraph server is not installed (pip install 'claimgraph[test]')"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_http(url: str, seconds: float = 30) -> None:
    """Poll ``url`` until it answers at all (any HTTP status), or fail."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            if time.monotonic() > deadline:
                pytest.fail(f"{url} did not answer within {seconds} s")
            time.sleep(0.1)


@dataclass
class OxigraphServer:
    """A running ``oxigraph serve`` on loopback."""

    base: str

    @property
    def query_url(self) -> str:
        return self.base + "/query"

    @property
    def update_url(self) -> str:
        return self.base + "/update"

    def clear(self) -> None:
        request = urllib.request.Request(
            self.update_url,
            data=b"DROP SILENT ALL",
            headers={"Content-Type": "application/sparql-update"},
        )
        with urllib.request.urlopen(request, timeout=30):
            pass


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """One Oxigraph server for the test session (tests clear it before use)."""
    program = oxigraph_program()
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    log = (location.parent / "oxigraph-server.log").open("wb")
    process = subprocess.Popen(
        [program, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(base + "/query?query=ASK%7B%7D")
        yield OxigraphServer(base)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture
def remote_store(oxigraph_server: OxigraphServer) -> Iterator[Store]:
    """An empty store on the Oxigraph server."""
    oxigraph_server.clear()
    with open_store(
        oxigraph_server.query_url, update_url=oxigraph_server.update_url, writable=True
    ) as store:
        yield store


@pytest.fixture(params=["embedded", "oxigraph-server"])
def any_store(request: pytest.FixtureRequest) -> Store:
    """An empty writable store: embedded in memory, then a real Oxigraph server."""
    if request.param == "embedded":
        return request.getfixturevalue("empty_store")
    return request.getfixturevalue("remote_store")


@pytest.fixture
def any_example_store(any_store: Store) -> Store:
    """The example on each backend, with Altman's English podcast quote added."""
    ingest(any_store, [example_path(), DATA / "altman-podcast-en.yaml"])
    return any_store


class ConnectionRecorder:
    """A listening socket on loopback that records every connection made to it."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.listener.settimeout(0.1)
        self.port = int(self.listener.getsockname()[1])
        self.connections: list[tuple[str, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, peer = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections.append(peer)
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.listener.close()


@pytest.fixture
def connection_recorder() -> Iterator[ConnectionRecorder]:
    recorder = ConnectionRecorder()
    yield recorder
    recorder.close()
