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

from kg.errors import StoreError
from kg.store.base import Change, Store

__all__ = ["DEFAULT_LOCATION", "Change", "Store", "default_location", "open_store"]

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
