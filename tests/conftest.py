"""Shared fixtures: stores (empty, with the example), the CLI runner, system programs."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
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
