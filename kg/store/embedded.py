"""The embedded store: Oxigraph (RocksDB) on disk, or Oxigraph in memory. No server.

On disk, a store is a directory::

    .kg/
      claimgraph.json   marker: format, version, and which database is current
      kg.lock           advisory lock: one writer, or any number of readers
      kg.writer         turnstile: a waiting writer holds it, so new readers queue behind it
      db-000001/        the current RocksDB database

Locking. RocksDB refuses a second read-write open, and Oxigraph warns that a read-only
open during a write is undefined behaviour. So writers take ``kg.lock`` exclusively and
readers share it; a reader waits for a running write to finish (up to
``$KG_LOCK_TIMEOUT`` seconds, 10 by default) and so sees the state before or after it,
never half of it. Whoever cannot get the lock in time gets :class:`~kg.errors.StoreLocked`.
A writer waiting for readers to finish holds ``kg.writer``, which readers pass on their way
in, so a steady stream of readers (a busy ``kg serve``) cannot keep a writer out.

Atomic writes, two ways (measured in benchmarks/README.md):

* small changes go through one Oxigraph transaction: ``load`` for inserts only, one SPARQL
  Update when something must also be deleted;
* large changes (``BULK_THRESHOLD`` triples and up) are written into a copy: RocksDB
  checkpoints the current database with hard links (cheap), Oxigraph's bulk loader fills
  the copy several times faster than a transaction can, and the marker file is then
  switched to the copy with an atomic rename. A crash before the rename leaves the old
  database current; the stray copy is removed at the next write.

:meth:`EmbeddedStore.writer` gives the same two ways to writes too big to hold as one
:class:`~kg.store.base.Change`: an ingest streams its triples into it while it validates,
and whether they end in a transaction or in a copy is decided by how many there turn out
to be (:class:`kg.store.bulk.CopyWriter`).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import itertools
import json
import os
import shutil
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any, cast

import pyoxigraph as ox

from kg.errors import StoreError, StoreLocked
from kg.store.base import Change, Store
from kg.store.bulk import COMPACT_AFTER, CopyWriter, line_chunks, rebuild_into
from kg.store.change import StoreWriter
from kg.store.engine_reader import engine_query
from kg.vocab import PREFIXES

__all__ = ["BULK_THRESHOLD", "EmbeddedStore", "holds_store"]

MARKER = "claimgraph.json"
STORE_FORMAT = "claimgraph-store"
STORE_VERSION = 1
#: From this many triples on, a change is bulk-loaded into a checkpoint copy.
BULK_THRESHOLD = 50_000


def holds_store(path: str | Path) -> bool:
    """Whether ``path`` is a directory holding an embedded claimgraph store (its marker)."""
    return (Path(path) / MARKER).is_file()


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
        self._ox: ox.Store | None = None
        self._paused = False
        self._opened: tuple[object, ...] = ()
        #: this handle created the store, and nothing has been written to it yet
        self._fresh = False
        if self.path is None:
            self._ox = ox.Store()
            return
        if writable:
            self._prepare_directory()
        elif not (self.path / MARKER).exists():
            # Reading a store that does not exist yet: an empty store, and no files created.
            self._ox = ox.Store()
            return
        self._acquire_lock(exclusive=writable)
        try:
            self._info = self._read_marker()
            if writable:
                self._remove_strays()
            self._ox = self._open_db(self._info["data"], writable)
            # What a reader saw, to know on resume whether a writer came; a writer needs none.
            self._opened = () if writable else self._database_state()
        except BaseException:
            self._release_lock()
            raise

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
            if not (self.path / MARKER).exists():
                self._fresh = not any(self.path.iterdir())
                self._write_marker(
                    {"format": STORE_FORMAT, "version": STORE_VERSION, "data": "db-000001"}
                )
        except OSError as exc:
            raise StoreError(
                f"cannot create the store at {self.location}: {exc.strerror}"
            ) from None

    def _write_marker(self, info: dict[str, Any]) -> None:
        """Replace the marker atomically and durably: this rename is a commit point."""
        assert self.path is not None
        tmp = self.path / (MARKER + ".tmp")
        with tmp.open("w") as handle:
            json.dump(info, handle)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(self.path / MARKER)
        directory = os.open(self.path, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)

    def _read_marker(self) -> dict[str, Any]:
        assert self.path is not None
        try:
            info = json.loads((self.path / MARKER).read_text())
        except (OSError, ValueError):
            raise StoreError(f"{self.location} is not a readable claimgraph store") from None
        if not isinstance(info, dict) or info.get("format") != STORE_FORMAT:
            raise StoreError(f"{self.location} is not a claimgraph store")
        if info.get("version") != STORE_VERSION:
            raise StoreError(
                f"{self.location} holds a store of version {info.get('version')!r}; "
                f"this kg reads version {STORE_VERSION}"
            )
        data = info.get("data")
        if not isinstance(data, str) or not data.startswith("db-") or "/" in data:
            raise StoreError(f"{self.location} has a damaged marker file ({MARKER})")
        return info

    def _remove_strays(self) -> None:
        """Delete database copies a crashed bulk write left behind."""
        assert self.path is not None
        for child in self.path.iterdir():
            if child.is_dir() and child.name.startswith("db-") and child.name != self._info["data"]:
                shutil.rmtree(child, ignore_errors=True)

    def _open_db(self, name: str, writable: bool) -> ox.Store:
        assert self.path is not None
        db = str(self.path / name)
        try:
            return ox.Store(db) if writable else ox.Store.read_only(db)
        except OSError as exc:
            raise StoreError(f"cannot open the store at {self.location}: {exc}") from None
        except RuntimeError as exc:  # RocksDB reports corruption as RuntimeError
            raise StoreError(f"the store at {self.location} is damaged: {exc}") from None

    def _acquire_lock(self, *, exclusive: bool) -> None:
        assert self.path is not None
        lock = _open_lock(self.path / "kg.lock", self.location, required=True)
        assert lock is not None  # required=True raises instead
        self._lock_file = lock
        # Writers first. A writer waiting for the store holds the turnstile, and readers
        # pass through it on their way in, so readers arriving after the writer queue
        # behind it instead of taking turns at the shared lock forever: two processes
        # reading in a loop kept every `kg ingest` out until its lock timeout.
        turnstile = _open_lock(self.path / "kg.writer", self.location, required=False)
        deadline = time.monotonic() + _lock_timeout()
        try:
            if turnstile is not None:
                self._wait_for(turnstile, exclusive=exclusive, deadline=deadline)
            self._wait_for(lock, exclusive=exclusive, deadline=deadline)
        except BaseException:
            self._release_lock()
            raise
        finally:
            if turnstile is not None:
                turnstile.close()  # closing releases its lock: the next one may pass

    def _wait_for(self, handle: IO[bytes], *, exclusive: bool, deadline: float) -> None:
        """Take ``handle``'s lock, polling until ``deadline``; raise StoreLocked after it."""
        flags = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
        while True:
            try:
                fcntl.flock(handle.fileno(), flags)
                return
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
            if time.monotonic() >= deadline:
                other = "using" if exclusive else "writing to"
                raise StoreLocked(
                    f"store in use: another process is {other} {self.location}; "
                    "try again when it has finished"
                )
            time.sleep(0.05)

    def _release_lock(self) -> None:
        if self._lock_file is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._lock_file.fileno(), fcntl.LOCK_UN)
            self._lock_file.close()
            self._lock_file = None

    # --- long-lived readers (kg serve) ---------------------------------------------------------

    def _database_state(self) -> tuple[object, ...]:
        """Which database is current, and its files' names, sizes and mtimes.

        Both change whenever a writer commits: a transaction grows the write-ahead log, a
        bulk write switches the marker to a new database. RocksDB's own LOG files and LOCK
        are left out (they say nothing about the data).
        """
        assert self.path is not None
        name = self._info["data"]
        entries = []
        with os.scandir(self.path / name) as found:
            for entry in found:
                if entry.name.startswith(("LOG", "LOCK")):
                    continue
                try:
                    info = entry.stat()
                except FileNotFoundError:
                    # RocksDB's background compaction, started by a writable open, deletes
                    # the files it merged while we list them: gone files say nothing.
                    continue
                entries.append((entry.name, info.st_size, info.st_mtime_ns))
        return (name, *sorted(entries))

    def pause(self) -> None:
        """Read-only on disk: let writers in by releasing the shared lock until :meth:`resume`.

        A server holds its store for hours; holding the shared lock all that time would
        keep every ``kg ingest`` out. Between requests it pauses; the handle is not read
        while paused.
        """
        if self.writable or self.path is None or self._paused:
            return
        # Close the read-only RocksDB handle before a writer may run: pyoxigraph documents
        # a read-only open while another process writes as undefined behaviour. Reopening
        # on resume costs a few milliseconds (7–25 ms measured at 20k claims).
        self._ox = None
        self._release_lock()
        self._paused = True

    def resume(self) -> bool:
        """Take the shared lock again and reopen the handle (see :meth:`pause`).

        Returns True when a writer changed the store meanwhile (the next queries see it).
        Raises :class:`~kg.errors.StoreLocked` when a write does not finish in time.
        """
        if not self._paused:
            return False
        assert self.path is not None
        if not (self.path / MARKER).exists():
            self._paused = False  # still no store on disk: keep the empty one
            return False
        self._acquire_lock(exclusive=False)
        try:
            self._info = self._read_marker()
            self._ox = self._open_db(self._info["data"], False)
            state = self._database_state()
            reopened, self._opened = state != self._opened, state
        except BaseException:
            self._release_lock()
            raise
        self._paused = False
        return reopened

    # --- the Store interface ------------------------------------------------------------------

    @property
    def engine(self) -> ox.Store:
        """The pyoxigraph store underneath (for benchmarks and bulk tools)."""
        if self._ox is None:
            raise StoreError(f"the store at {self.location} is closed")
        if self._paused:
            raise StoreError(f"the store at {self.location} is paused; resume() it first")
        return self._ox

    def query(
        self, sparql: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None
    ) -> Any:
        return engine_query(self.engine, sparql, bindings)  # bindings as VALUES: see there

    def apply(self, change: Change) -> None:
        self._require_writable()
        if change.is_empty():
            return
        self._fresh = False
        if self.path is not None and change.size >= BULK_THRESHOLD:
            if change.clear and not any(change.delete.values()):
                self._rebuild(change)
            else:
                self._copy_write(change)
        elif change.clear or any(change.delete.values()):
            self.engine.update(change.as_update())
        else:
            reader = _ChunkReader.over(line_chunks(change.nquads(), ""))
            self.engine.load(reader, ox.RdfFormat.N_QUADS)

    def _copy_write(self, change: Change) -> None:
        with self.writer() as writer:
            for graph in change.clear:
                writer.clear(graph)
            for graph, triples in change.delete.items():
                writer.delete(graph, triples)
            for graph, triples in change.insert.items():
                writer.insert(graph, triples)
            writer.commit()

    def _rebuild(self, change: Change) -> None:
        """Apply a big change that empties graphs (``kg rebuild``) into a new database.

        The graphs it keeps are streamed from the current database into a fresh one with
        the change's inserts, in one bulk load, and the marker switches to it: the old
        graph is never deleted quad by quad (a ``CLEAR GRAPH`` of the derived graph of a
        100k-claim store was 20 s of a 36 s rebuild; benchmarks/README.md).
        """
        engine = self.engine
        cleared = set(change.clear)
        graphs = list(engine.named_graphs())
        if not all(isinstance(g, ox.NamedNode) for g in graphs):
            return self._copy_write(change)
        keep: list[str | None] = [*sorted(g.value for g in graphs if g.value not in cleared)]
        if next(iter(engine.quads_for_pattern(None, None, None, ox.DefaultGraph())), None):
            keep.insert(0, None)
        name, target = self.begin_empty()
        try:
            loaded = rebuild_into(engine, target, keep, change.insert.items())
            if loaded >= COMPACT_AFTER:
                target.optimize()
        except BaseException:
            del target
            self.drop_copy(name)
            raise
        self.switch_to(name, target)

    def writer(self) -> StoreWriter:
        """A staged write; on disk, big ones are bulk-loaded into a copy (module docstring)."""
        self._require_writable()
        if self.path is None:
            return StoreWriter(self)
        return CopyWriter(self, BULK_THRESHOLD)

    def scratch_directory(self) -> str | None:
        return str(self.path) if self.path is not None else None

    # --- the checkpoint copy behind CopyWriter -------------------------------------------------

    def begin_copy(self) -> tuple[str, ox.Store]:
        """Checkpoint the current database into the next ``db-NNNNNN`` and open it."""
        name, target = self._next_database()
        engine = self.engine
        engine.flush()
        engine.backup(str(target))
        return name, ox.Store(str(target))

    def begin_empty(self) -> tuple[str, ox.Store]:
        """A new, empty database beside the current one, as the next ``db-NNNNNN``."""
        name, target = self._next_database()
        return name, ox.Store(str(target))

    def _next_database(self) -> tuple[str, Path]:
        """The next ``db-NNNNNN`` name and its (cleared) directory."""
        assert self.path is not None
        name = f"db-{int(self._info['data'].split('-')[1]) + 1:06d}"
        target = self.path / name
        shutil.rmtree(target, ignore_errors=True)
        return name, target

    def switch_to(self, name: str, copy: ox.Store) -> None:
        """Make the filled copy current: the marker's atomic rename is the commit point."""
        assert self.path is not None
        self._fresh = False
        try:
            copy.flush()
        except BaseException:
            del copy
            self.drop_copy(name)
            raise
        current = self._info["data"]
        self._ox = None  # close the old database before deleting it
        self._write_marker({**self._info, "data": name})  # the commit point
        self._info = {**self._info, "data": name}
        self._ox = copy
        shutil.rmtree(self.path / current, ignore_errors=True)

    def drop_copy(self, name: str) -> None:
        assert self.path is not None
        shutil.rmtree(self.path / name, ignore_errors=True)

    def update(self, sparql: str) -> None:
        self._require_writable()
        self._fresh = False
        self.engine.update(sparql, prefixes=PREFIXES)

    def _require_writable(self) -> None:
        if not self.writable:
            raise StoreError(f"the store at {self.location} was opened read-only")

    def dump(self, out: IO[bytes], fmt: ox.RdfFormat, graph: str | None = None) -> None:
        """Serialise ``graph``, or the store's graphs (:attr:`graphs`), in a canonical
        order, so the same data gives the same bytes.

        On disk, Oxigraph dumps in RocksDB key order, which depends only on the data. In
        memory, the order follows insertion, so the quads are sorted first (memory stores
        are small by nature; the sort costs what the store already holds).
        """
        from_graph = ox.NamedNode(graph) if graph else None
        prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
        if graph is None:
            # The store's graphs only: never the kept listing rows (as fast as the
            # engine's own dump of everything: 21.3 s against 22.0 s for 1.9M quads).
            quads = itertools.chain.from_iterable(
                self.engine.quads_for_pattern(None, None, None, ox.NamedNode(g))
                for g in self.graphs
            )
            if self.path is not None:
                ox.serialize(quads, out, fmt, prefixes=prefixes)
                return
            line_format = ox.RdfFormat.N_QUADS
            data = ox.serialize(quads, format=line_format)
        else:
            if self.path is not None:
                self.engine.dump(out, fmt, from_graph=from_graph, prefixes=prefixes)
                return
            line_format = ox.RdfFormat.N_TRIPLES
            data = self.engine.dump(format=line_format, from_graph=from_graph)
        assert data is not None  # dump() returns the bytes when given no output
        lines = data.splitlines(keepends=True)
        lines.sort()
        if fmt == line_format:
            out.writelines(lines)
            return
        ox.serialize(ox.parse(b"".join(lines), line_format), out, fmt, prefixes=prefixes)

    def discard_if_new(self) -> None:
        """Close, and remove the store's directory if this handle created it and wrote nothing.

        A refused ``kg ingest`` into a new location then leaves no empty store behind.
        """
        fresh, path = self._fresh, self.path
        self.close()
        if fresh and path is not None:
            shutil.rmtree(path, ignore_errors=True)

    def close(self) -> None:
        # pyoxigraph has no close(): dropping the last reference closes RocksDB.
        self._ox = None
        self._release_lock()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()


def _open_lock(path: Path, location: str, *, required: bool) -> IO[bytes] | None:
    """Open (creating it if allowed) a lock file; a read-only directory still lets readers
    lock an existing one. None when ``required`` is false and it cannot be opened."""
    try:
        return open(path, "ab")
    except OSError:
        try:
            return open(path, "rb")
        except OSError as exc:
            if not required:
                return None
            raise StoreError(f"cannot open the lock of {location}: {exc.strerror}") from None


class _ChunkReader:
    """A binary stream over chunks of bytes, for ``Store.load`` (which reads 2 KiB at a time).

    Each read copies at most what it returns, never the whole buffer.
    """

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buffer = b""
        self._position = 0

    @classmethod
    def over(cls, chunks: Iterator[bytes]) -> IO[bytes]:
        """The reader, typed as the binary stream pyoxigraph accepts."""
        return cast(IO[bytes], cls(chunks))

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            data = self._buffer[self._position :] + b"".join(self._chunks)
            self._buffer, self._position = b"", 0
            return data
        if self._position >= len(self._buffer):
            self._buffer, self._position = next(self._chunks, b""), 0
        data = self._buffer[self._position : self._position + size]
        self._position += len(data)
        return data

    def readable(self) -> bool:
        return True
