"""``kg demo``: the bundled Meta talent-war example, from sheet to contested claims to files.

The demo is the README's first command, so it must work on a fresh machine with nothing
but Python: an embedded store in a fresh directory, no server, no network.
"""

from __future__ import annotations

import shlex
import shutil
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from kg.errors import StoreError
from kg.export import export
from kg.ingest import IngestReport, ingest
from kg.report import contested, list_claims
from kg.store import Store, open_store

__all__ = ["EXAMPLE", "DemoResult", "example_path", "example_store", "run_demo"]

EXAMPLE = "meta-talent-war.yaml"


def example_path(name: str = EXAMPLE) -> Path:
    """Path of a bundled example sheet (installed with the package)."""
    path = Path(str(resources.files("kg") / "examples" / name))
    if not path.exists():
        raise StoreError(f"the bundled example {name} is missing from this installation")
    return path


def example_store() -> Store:
    """A throw-away in-memory store holding the bundled example: the examples' starting point.

    >>> with example_store() as store:
    ...     len(list_claims(store)) > 0
    True
    """
    store = open_store("memory:", writable=True)
    ingest(store, [example_path()])
    return store


@dataclass
class DemoResult:
    """What the demo produced."""

    directory: Path
    report: IngestReport
    claims: list[dict[str, Any]]
    contested: dict[str, list[dict[str, Any]]]
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def store(self) -> Path:
        """The demo's store directory (``DIR/store``)."""
        return self.directory / "store"

    @property
    def next_command(self) -> str:
        """The command to run next, exactly: the demo's store is not the default ``./.kg``."""
        return f"kg --store {shlex.quote(str(self.store))} contested"


def run_demo(directory: str | Path = "kg-demo") -> DemoResult:
    """Ingest the example into a fresh store in ``directory`` and write its exports.

    An existing demo directory is replaced; any other non-empty directory is refused.
    """
    directory = Path(directory)
    store_dir = directory / "store"
    if directory.exists() and any(directory.iterdir()):
        if not (store_dir / "claimgraph.json").exists():
            raise StoreError(
                f"{directory} is not empty and holds no earlier demo; choose another directory"
            )
        shutil.rmtree(store_dir)
    directory.mkdir(parents=True, exist_ok=True)
    with open_store(str(store_dir), writable=True) as store:
        report = ingest(store, [example_path()])
        claims = list_claims(store)
        conflicts = contested(store)
        files = {}
        turtle = directory / "meta-talent-war.ttl"
        with turtle.open("wb") as out:
            export(store, out, "turtle")
        files["turtle"] = turtle
        from kg.viz import write_picture  # matplotlib: loaded only when pictures are drawn

        files["html"] = write_picture(store, directory / "meta-talent-war.html")
        files["svg"] = write_picture(store, directory / "meta-talent-war.svg")
    return DemoResult(directory, report, claims, conflicts, files)
