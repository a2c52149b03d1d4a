"""Records grouped by key into partitions that spill to disk: bounded memory for big ingests.

Deriving contradictions needs every claim of a bucket together, but a million claims do not
fit comfortably in memory as objects. :class:`Partitions` hashes each record's key to one
of a fixed number of partitions and keeps records as plain tuples; past a budget it writes
the buffered tuples to one temporary file per partition (``marshal``, the fastest
serialisation of tuples of strings CPython has). Reading back yields one partition at a
time, so memory holds one partition's records, never all of them (a classic hash
partitioning, as in a Grace hash join).

>>> with Partitions(count=4, budget=2) as parts:
...     for key, value in [("a", 1), ("b", 2), ("a", 3)]:
...         parts.add(key, (key, value))
...     sorted(r for chunk in parts for r in chunk)
[('a', 1), ('a', 3), ('b', 2)]
"""

from __future__ import annotations

import marshal
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any

__all__ = ["Partitions"]


class Partitions:
    """``count`` partitions of records; at most ``budget`` records are held in memory.

    Records are tuples of ``str``, ``int``, ``bool``, ``None`` and nested tuples (what
    ``marshal`` writes). ``directory`` is where spill files go (default: the system's).
    """

    def __init__(
        self, count: int = 64, budget: int = 200_000, directory: str | None = None
    ) -> None:
        self.count = count
        self.budget = budget
        self._directory = directory
        self._buffers: list[list[tuple[Any, ...]]] = [[] for _ in range(count)]
        self._buffered = 0
        self._files: list[IO[bytes] | None] = [None] * count
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self.records = 0

    def add(self, key: str, record: tuple[Any, ...]) -> None:
        """Put ``record`` in the partition of ``key`` (a stable hash, not Python's salted one)."""
        self._buffers[zlib.crc32(key.encode("utf-8")) % self.count].append(record)
        self.records += 1
        self._buffered += 1
        if self._buffered >= self.budget:
            self._spill()

    def _spill(self) -> None:
        if self._tmp is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="kg-spill-", dir=self._directory)
        for index, buffer in enumerate(self._buffers):
            if not buffer:
                continue
            handle = self._files[index]
            if handle is None:
                path = Path(self._tmp.name) / f"part-{index:04d}"
                handle = self._files[index] = open(path, "w+b")  # noqa: SIM115 (closed in close())
            marshal.dump(buffer, handle)
            self._buffers[index] = []
        self._buffered = 0

    def __iter__(self) -> Iterator[list[tuple[Any, ...]]]:
        """Each partition's records, one partition at a time (empty ones skipped)."""
        for index in range(self.count):
            records: list[tuple[Any, ...]] = []
            handle = self._files[index]
            if handle is not None:
                handle.flush()
                handle.seek(0)
                while True:
                    try:
                        records.extend(marshal.load(handle))
                    except EOFError:
                        break
            records.extend(self._buffers[index])
            if records:
                yield records

    def close(self) -> None:
        """Delete the spill files."""
        for handle in self._files:
            if handle is not None:
                handle.close()
        self._files = [None] * self.count
        self._buffers = [[] for _ in range(self.count)]
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> Partitions:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: TracebackType | None) -> None:
        self.close()
