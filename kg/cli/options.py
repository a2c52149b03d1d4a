"""What every command shares: the store options the ``kg`` group collects, ``--format``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import click

from kg.cli.output import FORMATS
from kg.errors import StoreError
from kg.store import Store, missing_store_message, open_store, store_exists

__all__ = ["StoreOptions", "format_option"]


def format_option(
    choices: Sequence[str] = FORMATS, help: str = "Output format."
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--format``: ``table|json|csv`` on every listing (docs/cli.md), more for queries."""
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default="table", show_default=True, help=help
    )


@dataclass
class StoreOptions:
    """The global options every command may need to open the store."""

    location: str
    update_url: str | None

    def open(self, *, writable: bool = False, create: bool = False) -> Store:
        """Open the store; unless ``create`` (``kg ingest``), a location without one is an
        error that says how to make one, instead of an empty store that shows nothing."""
        if not create:
            self.require_store()
        return open_store(self.location, update_url=self.update_url, writable=writable)

    def require_store(self) -> None:
        """Raise :class:`~kg.errors.StoreError` when the location holds no store."""
        if not store_exists(self.location):
            raise StoreError(missing_store_message(self.location))
