"""What every command shares: the store options the ``kg`` group collects, ``--format``."""

from __future__ import annotations

from dataclasses import dataclass

import click

from kg.cli.output import FORMATS
from kg.store import Store, open_store

__all__ = ["StoreOptions", "format_option"]

#: ``--format table|json|csv``: every listing command takes it (docs/cli.md).
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output format.",
)


@dataclass
class StoreOptions:
    """The global options every command may need to open the store."""

    location: str
    update_url: str | None

    def open(self, *, writable: bool = False) -> Store:
        return open_store(self.location, update_url=self.update_url, writable=writable)
