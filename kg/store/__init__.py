"""Open a store by location: the one registry of store backends.

``open_store(LOCATION)`` picks the backend from the location's shape:

============================  ==========================================================
``memory:``                   a throw-away Oxigraph store in this process
``http://…`` / ``https://…``  a SPARQL 1.1 endpoint (query URL; ``update_url`` optional)
anything else                 a directory holding an embedded on-disk Oxigraph store
============================  ==========================================================

Backends are imported lazily, so ``import kg`` stays cheap.
"""

from __future__ import annotations

import os
import shlex

from kg.errors import StoreError
from kg.store.base import Change, Store

__all__ = [
    "DEFAULT_LOCATION",
    "Change",
    "Store",
    "default_location",
    "missing_store_message",
    "open_store",
    "store_exists",
]

DEFAULT_LOCATION = ".kg"


def default_location() -> str:
    """``$KG_STORE`` when set, else ``./.kg``."""
    return os.environ.get("KG_STORE") or DEFAULT_LOCATION


def _open_memory(location: str, update_url: str | None, writable: bool) -> Store:
    from kg.store.embedded import EmbeddedStore

    return EmbeddedStore(None, writable=True, location=location)


def _open_disk(location: str, update_url: str | None, writable: bool) -> Store:
    from kg.store.embedded import EmbeddedStore

    return EmbeddedStore(os.path.expanduser(location), writable=writable, location=location)


def _open_remote(location: str, update_url: str | None, writable: bool) -> Store:
    try:
        from kg.store.remote import RemoteStore
    except ImportError:  # pragma: no cover - the remote backend ships with kg
        raise StoreError("the remote SPARQL store backend is not available") from None
    return RemoteStore(location, update_url=update_url, writable=writable)


def backend_name(location: str) -> str:
    """Which backend serves ``location``."""
    if location == "memory:":
        return "memory"
    if location.startswith(("http://", "https://")):
        return "remote"
    return "disk"


def store_exists(location: str) -> bool:
    """Whether ``location`` holds a store: always for ``memory:`` and endpoints; for a
    directory, whether it holds an embedded store's marker. Opens and creates nothing.

    >>> store_exists("memory:"), store_exists("/nonexistent/kg")
    (True, False)
    """
    if backend_name(location) != "disk":
        return True
    from kg.store.embedded import holds_store

    return holds_store(os.path.expanduser(location))


#: Where ``kg demo`` puts its store, relative to the directory it ran in.
DEMO_STORE = os.path.join("kg-demo", "store")


def missing_store_message(location: str) -> str:
    """What to say when ``location`` holds no store: where, and how to get one.

    Points at a store that is near (the demo's ``kg-demo/store``, or ``LOCATION/store``)
    when there is one, since that is what a user who just ran ``kg demo`` meant.
    """
    from kg.store.embedded import holds_store

    shown = os.path.join(".", location) if location == DEFAULT_LOCATION else location
    path = os.path.expanduser(location)
    where = f"in {shown}" if os.path.isdir(path) else f"at {shown} (no such directory)"
    hints = ["create one with `kg ingest SHEET.yaml`"]
    nearby = [os.path.join(location, "store"), DEMO_STORE]
    found = next((n for n in nearby if holds_store(os.path.expanduser(n))), None)
    if found is not None:
        hints.append(f"or point at the one in {found}: `kg --store {shlex.quote(found)} …`")
    else:
        hints.append("or try `kg demo`, which makes one in kg-demo/store")
    return f"no claimgraph store {where}: " + ", ".join(hints)


def open_store(
    location: str | None = None, *, update_url: str | None = None, writable: bool = False
) -> Store:
    """Open the store at ``location`` (default: :func:`default_location`).

    Read-only opens of an embedded store share it with other readers; ``writable=True``
    takes it exclusively and raises :class:`~kg.errors.StoreLocked` if another process
    holds it.

    >>> with open_store("memory:", writable=True) as store:
    ...     store.count()
    0
    """
    location = location or default_location()
    update_url = update_url or os.environ.get("KG_UPDATE_URL") or None
    backend = backend_name(location)
    if backend == "memory":
        return _open_memory(location, update_url, writable)
    if backend == "remote":
        return _open_remote(location, update_url, writable)
    return _open_disk(location, update_url, writable)
