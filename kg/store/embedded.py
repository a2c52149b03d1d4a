"""The embedded store: Oxigraph (RocksDB) on disk, or Oxigraph in memory. No server.

On disk, a store is a directory::

    .kg/
      claimgraph.json   marker: format and version, so kg never writes into a stranger's dir
      kg.lock           advisory lock: one writer, or any number of readers
      oxigraph/         the RocksDB database

Why a lock of our own: RocksDB refuses a second read-write open, and Oxigraph warns that a
read-only open during a write is undefined behaviour. So writers take the lock exclusively
and readers share it; a reader waits for a running write to finish (up to
``$KG_LOCK_TIMEOUT`` seconds, 10 by default) and so sees the state before or after it,
never half of it. A writer that cannot get the lock gets :class:`~kg.errors.StoreLocked`.

Why one SPARQL Update per change: Oxigraph runs an update request in one transaction, so
deleting stale derived triples and inserting the ingest's triples commit together. Measured
here, an ``INSERT DATA`` of a million triples costs about the same as a transactional
``load`` of the same N-Quads (benchmarks/README.md).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import time
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from kg.errors import StoreError, StoreLocked
from kg.namespace import PREFIXES
from kg.store.base import Change, Store

__all__ = ["EmbeddedStore"]

MARKER = "claimgraph.json"
STORE_FORMAT = "claimgraph-store"
STORE_VERSION = 1


def _lock_timeout() -> float:
    try:
        return float(os.environ.get("KG_LOCK_TIMEOUT", "10"))
    except ValueError:
        return 10.0


class EmbeddedStore(Store):
    """Oxigraph in this process: on disk when ``path`` is given, else in memory.

    >>> with EmbeddedStore(None, writable=True) as store:
    ...     store.count()
    0
    """

    def __init__(self, path: str | Path | None, *, writable: bool, location: str = "") -> None:
        self.location = location or (str(path) if path else "memory:")
        self.writable = writable
        self.path = Path(path) if path else None
        self._lock_file: IO[bytes] | None = None
        self._paused = False
        self._opened: tuple[tuple[str, int, int], ...] = ()
        if self.path is None:
            self._ox: ox.Store | None = ox.Store()
            return
        if writable:
            self._prepare_directory()
        elif not (self.path / MARKER).exists():
            # Reading a store that does not exist yet: an empty store, and no files created.
            self._ox = ox.Store()
            return
        self._check_marker()
        self._acquire_lock(exclusive=writable)
        try:
            db = str(self.path / "oxigraph")
            self._ox = ox.Store(db) if writable else ox.Store.read_only(db)
            self._opened = self._database_files()
        except OSError as exc:
            self._release_lock()
            raise StoreError(f"cannot open the store at {self.location}: {exc}") from None
        except RuntimeError as exc:  # RocksDB reports corruption as RuntimeError
            self._release_lock()
            raise StoreError(f"the store at {self.location} is damaged: {exc}") from None

    # --- directory, marker and lock -----------------------------------------------------------

    def _prepare_directory(self) -> None:
        assert self.path is not None
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.location} exists and is not a directory")
        if self.path.is_dir() and any(self.path.iterdir()) and not (self.path / MARKER).exists():
            raise StoreError(
                f"{self.location} is a non-empty directory that is not a claimgraph store; "
                "choose another --store location"
            )
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            marker = self.path / MARKER
            if not marker.exists():
                tmp = marker.with_suffix(".tmp")
                tmp.write_text(json.dumps({"format": STORE_FORMAT, "version": STORE_VERSION}))
                tmp.replace(marker)
        except OSError as exc:
            raise StoreError(f"cannot create the store at {self.location}: {exc.strerror}") from None

    def _check_marker(self) -> None:
        assert self.path is not None
        try:
            info = json.loads((self.path / MARKER).read_text())
        except (OSError, ValueError):
            raise StoreError(f"{self.location} is not a readable claimgraph store") from None
        if info.get("format") != STORE_FORMAT or info.get("version") != STORE_VERSION:
            raise StoreError(
                f"{self.location} holds a store of format {info.get('format')!r} version "
                f"{info.get('version')!r}; this kg reads version {STORE_VERSION}"
            )

    def _acquire_lock(self, *, exclusive: bool) -> None:
        assert self.path is not None
        mode = "ab" if exclusive else "rb"
        lock_path = self.path / "kg.lock"
        try:
            self._lock_file = open(lock_path, mode)  # noqa: SIM115 (held for the store's life)
        except FileNotFoundError:
            self._lock_file = open(lock_path, "ab")  # noqa: SIM115
        except OSError as exc:
            raise StoreError(f"cannot open the lock of {self.location}: {exc.strerror}") from None
        flags = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
        deadline = time.monotonic() + _lock_timeout()
        while True:
            try:
                fcntl.flock(self._lock_file.fileno(), flags)
                return
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
            if time.monotonic() >= deadline:
                self._release_lock()
                doing = "written to" if exclusive else "read"
                raise StoreLocked(
                    f"store in use: {self.location} is being {'used' if exclusive else 'written'} "
                    f"by another process and cannot be {doing} now; try again when it finishes"
                )
            time.sleep(0.05)

    def _release_lock(self) -> None:
        if self._lock_file is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._lock_file.fileno(), fcntl.LOCK_UN)
            self._lock_file.close()
            self._lock_file = None

    # --- long-lived readers (kg serve) ---------------------------------------------------------

    def _database_files(self) -> tuple[tuple[str, int, int], ...]:
        """Name, size and mtime of the RocksDB files: they change whenever a writer commits.

        RocksDB's own LOG files and LOCK are left out (they say nothing about the data).
        """
        assert self.path is not None
        entries = []
        with os.scandir(self.path / "oxigraph") as found:
            for entry in found:
                if not entry.name.startswith(("LOG", "LOCK")):
                    info = entry.stat()
                    entries.append((entry.name, info.st_size, info.st_mtime_ns))
        return tuple(sorted(entries))

    def pause(self) -> None:
        """Read-only on disk: let writers in by releasing the shared lock until :meth:`resume`.

        A server holds its store for hours; holding the shared lock all that time would
        keep every ``kg ingest`` out. Between requests it pauses; the handle is not read
        while paused.
        """
        if self.writable or self.path is None or self._paused:
            return
        self._release_lock()
        self._paused = True

    def resume(self) -> bool:
        """Take the shared lock again; reopen the handle if a writer changed the store.

        Returns True when the handle was reopened (the next queries see the new data).
        Raises :class:`~kg.errors.StoreLocked` when a write does not finish in time.
        """
        if not self._paused:
            return False
        assert self.path is not None
        if not (self.path / MARKER).exists():
            self._paused = False  # still no store on disk: keep the empty one
            return False
        self._check_marker()
        self._acquire_lock(exclusive=False)
        self._paused = False
        files = self._database_files()
        if files == self._opened:
            return False
        self._ox = None  # close the old RocksDB handle before opening the new one
        try:
            self._ox = ox.Store.read_only(str(self.path / "oxigraph"))
        except (OSError, RuntimeError) as exc:
            self._release_lock()
            raise StoreError(f"cannot reopen the store at {self.location}: {exc}") from None
        self._opened = files
        return True

    # --- the Store interface ------------------------------------------------------------------

    @property
    def engine(self) -> ox.Store:
        if self._ox is None:
            raise StoreError(f"the store at {self.location} is closed")
        if self._paused:
            raise StoreError(f"the store at {self.location} is paused; resume() it first")
        return self._ox

    def query(
        self, sparql: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None
    ) -> Any:
        substitutions = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        return self.engine.query(
            sparql,
            use_default_graph_as_union=True,
            prefixes=PREFIXES,
            substitutions=substitutions or None,
        )

    def apply(self, change: Change) -> None:
        if not self.writable:
            raise StoreError(f"the store at {self.location} was opened read-only")
        if change.is_empty():
            return
        self.engine.update(change.as_update())

    def update(self, sparql: str) -> None:
        if not self.writable:
            raise StoreError(f"the store at {self.location} was opened read-only")
        self.engine.update(sparql, prefixes=PREFIXES)

    def dump(self, out: IO[bytes], fmt: ox.RdfFormat, graph: str | None = None) -> None:
        from_graph = ox.NamedNode(graph) if graph else None
        prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
        self.engine.dump(out, fmt, from_graph=from_graph, prefixes=prefixes)

    def close(self) -> None:
        # pyoxigraph has no close(): dropping the last reference closes RocksDB.
        self._ox = None
        self._release_lock()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()
