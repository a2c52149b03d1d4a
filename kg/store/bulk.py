"""The embedded on-disk store's big writes: bulk-loaded into a copy, switched in at once.

:class:`CopyWriter` is the embedded store's :class:`~kg.store.change.StoreWriter`: small
writes still become one transaction, but once a write passes ``BULK_THRESHOLD`` triples it
goes into a RocksDB checkpoint copy of the database through Oxigraph's bulk loader, and
commit switches the store to the copy with one atomic rename (see :mod:`kg.store.embedded`).
"""

from __future__ import annotations

import contextlib
import io
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from typing import IO, TYPE_CHECKING, Any, cast

import pyoxigraph as ox

from kg.errors import StoreError
from kg.store.change import Change, StoreWriter, T
from kg.store.engine_reader import EngineReader

if TYPE_CHECKING:
    from kg.store.base import Store
    from kg.store.embedded import EmbeddedStore

__all__ = [
    "COMPACT_AFTER",
    "CopyWriter",
    "bulk_load_sections",
    "line_chunks",
    "rebuild_into",
]

#: Lines joined into one write: large enough to amortise the call, small enough to stream.
_LINES_PER_CHUNK = 4096
#: A copy that received this many bulk-loaded triples is compacted before it becomes current.
COMPACT_AFTER = 4_000_000


class CopyWriter(StoreWriter):
    """The embedded on-disk store's writer: a transaction when small, a bulk-loaded copy when big.

    Inserts are buffered in memory up to ``threshold`` triples; if a write ends below it,
    :meth:`commit` applies it as one transaction. The first insert that goes past it opens
    a checkpoint copy of the database and streams the buffer and the rest of that insert
    straight into the copy, as one bulk load, so memory stays flat whatever the size of
    the write. Every insert after that is one more bulk load into the copy.
    """

    def __init__(self, store: EmbeddedStore, threshold: int) -> None:
        super().__init__(store)
        self.embedded = store
        self.threshold = threshold
        self._copy: tuple[str, ox.Store] | None = None
        self._loaded = 0

    def insert(self, graph: str, triples: Iterable[str]) -> int:
        return self.insert_sections([(graph, triples)])

    def insert_sections(self, sections: Iterable[tuple[str, Iterable[str]]]) -> int:
        if self._copy is not None:
            return self._stream(sections)
        remaining = iter(sections)
        room = max(self.threshold - self.change.size, 0)
        buffered: list[tuple[str, list[str]]] = []
        for graph, triples in remaining:
            lines = iter(triples)
            part = list(islice(lines, room))
            room -= len(part)
            following = next(lines, None) if room <= 0 else None
            if following is None:
                buffered.append((graph, part))
                continue
            self._open_copy()
            # One bulk load for the whole write, every graph in it: each load adds its own
            # set of files to the database, and within one load the engine builds the files
            # of one batch of quads while it parses the next (benchmarks/README.md).
            head: list[tuple[str, Iterable[str]]] = [
                *buffered,
                (graph, chain(part, [following], lines)),
            ]
            return self._stream(chain(head, remaining))
        count = 0
        for graph, part in buffered:
            self.change.add(graph, part)
            count += len(part)
        self.size += count
        return count

    def delete(self, graph: str, triples: Iterable[str]) -> None:
        super().delete(graph, triples)
        if self._copy is not None:
            self._apply_removals()

    def clear(self, graph: str) -> None:
        super().clear(graph)
        if self._copy is not None:
            self._apply_removals()

    def _open_copy(self) -> None:
        """Checkpoint the database, apply pending removals, bulk-load what was buffered."""
        self._copy = self.embedded.begin_copy()
        try:
            self._apply_removals()
            buffered, self.change.insert = self.change.insert, {}
            if buffered:
                bulk_load_sections(self._copy[1], buffered.items())
        except BaseException:
            self.abort()
            raise

    def _apply_removals(self) -> None:
        assert self._copy is not None
        removal = Change(delete=self.change.delete, clear=self.change.clear)
        if not removal.is_empty():
            self._copy[1].update(removal.as_update())
        self.change.delete, self.change.clear = {}, []

    def _stream(self, sections: Iterable[tuple[str, Iterable[str]]]) -> int:
        assert self._copy is not None
        counted: list[_Counted] = []

        def counting() -> Iterator[tuple[str, Iterable[str]]]:
            for graph, lines in sections:
                counted.append(_Counted(lines))
                yield graph, counted[-1]

        try:
            bulk_load_sections(self._copy[1], counting())
        except BaseException:
            self.abort()
            raise
        count = sum(c.count for c in counted)
        self.size += count
        self._loaded += count
        return count

    def commit(self, alongside: Callable[[Store], T] | None = None) -> T | None:
        """Make the copy current; ``alongside`` reads the copy first (see
        :meth:`StoreWriter.commit`), while the engine compacts it on another thread.

        The bulk loader adds one set of sorted files per million quads, side by side; until
        they are merged every lookup visits each set. Compacting pays for itself past a few
        sets and not below (benchmarks/README.md). It runs in the engine, which lets go of
        Python meanwhile: an ingest works out the rows ``kg contested`` keeps during it (at
        a million claims, 22 s of reading beside 35 s of compaction, where they ran one
        after the other).
        """
        if self._copy is None:
            return super().commit(alongside)  # small: one transaction
        self._finished = True
        name, copy = self._copy
        self._copy = None
        result = None
        reader = EngineReader(copy, self.embedded.location)
        compaction = _Compaction(copy) if self._loaded >= COMPACT_AFTER else None
        try:
            try:
                if alongside is not None:
                    result = alongside(reader)
            finally:
                if compaction is not None:
                    compaction.finish()
        except BaseException:
            # Every handle on the copy goes before its files: an open database (a reader
            # or the compaction thread keeping it) would write them again.
            reader.engine = None  # type: ignore[assignment]
            if compaction is not None:
                compaction.engine = None  # type: ignore[assignment]
            del copy, reader, compaction
            self.embedded.drop_copy(name)
            raise
        del reader, compaction
        self.embedded.switch_to(name, copy)
        return result

    def abort(self) -> None:
        super().abort()
        if self._copy is not None:
            name, copy = self._copy
            self._copy = None
            del copy
            self.embedded.drop_copy(name)


class _Compaction(threading.Thread):
    """``engine.optimize()`` on a thread of its own, started at once."""

    def __init__(self, engine: ox.Store) -> None:
        super().__init__(name="kg-compaction", daemon=True)
        self.engine = engine
        self.error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            self.engine.optimize()
        except BaseException as exc:  # raised again by finish(), on the caller's thread
            self.error = exc

    def finish(self) -> None:
        """Wait for the compaction; raise what it raised."""
        self.join()
        if self.error is not None:
            raise self.error


class _Counted:
    """Iterates ``lines`` and counts them."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = iter(lines)
        self.count = 0

    def __iter__(self) -> Iterator[str]:
        for line in self._lines:
            self.count += 1
            yield line


def line_chunks(lines: Iterable[str], suffix: str = " .\n") -> Iterator[bytes]:
    """N-Triples (or N-Quads) lines without their ending, as UTF-8 chunks of whole lines."""
    iterator = iter(lines)
    while batch := list(islice(iterator, _LINES_PER_CHUNK)):
        yield (suffix.join(batch) + suffix).encode("utf-8")


def bulk_load_sections(engine: ox.Store, sections: Iterable[tuple[str, Iterable[str]]]) -> None:
    """Bulk-load each section's N-Triples lines (no final `` .``) into its graph, streaming.

    All the sections go into one bulk load, as N-Quads. pyoxigraph reads a Python stream
    2 KiB per call, with the GIL, in the thread that parses; through a pipe, Oxigraph
    reads in Rust (parsing in a worker thread, building its sorted files in its own
    threads) while this thread keeps producing lines: on two cores the validation and
    minting of an ingest run beside the engine's work instead of before it. If producing
    the lines raises, the loader sees the end of its input, the worker is joined, and the
    exception goes on; the caller drops what was loaded.
    """

    def produce(out: IO[bytes]) -> None:
        for graph, lines in sections:
            for chunk in line_chunks(lines, f" <{graph}> .\n"):
                out.write(chunk)

    _bulk_load(engine, produce)


def rebuild_into(
    source: ox.Store,
    target: ox.Store,
    keep: Iterable[str | None],
    sections: Iterable[tuple[str, Iterable[str]]],
) -> int:
    """Fill the empty ``target`` with ``source``'s graphs ``keep`` (None: the default graph)
    and then ``sections``' lines, in one bulk load; returns how many quads it loaded.

    The kept graphs go from the engine's dump to its loader without a Python object per
    triple: N-Triples chunks become N-Quads by naming the graph before each line's final
    `` .`` (a raw newline only ever ends a line). ``kg rebuild`` uses it to replace the
    derived graph without deleting the old one quad by quad (benchmarks/README.md).
    """
    counted: list[_Counted] = []
    kept = [0]

    def produce(out: IO[bytes]) -> None:
        for graph in keep:
            named = ox.NamedNode(graph) if graph is not None else ox.DefaultGraph()
            writer = _GraphNamer(out, graph)
            source.dump(cast("IO[bytes]", writer), ox.RdfFormat.N_TRIPLES, from_graph=named)
            writer.finish()
            kept[0] += writer.lines
        for graph, lines in sections:
            counted.append(_Counted(lines))
            for chunk in line_chunks(counted[-1], f" <{graph}> .\n"):
                out.write(chunk)

    _bulk_load(target, produce)
    return kept[0] + sum(c.count for c in counted)


class _GraphNamer(io.RawIOBase):
    """A binary sink that turns N-Triples into N-Quads of ``graph`` on their way to ``out``."""

    def __init__(self, out: IO[bytes], graph: str | None) -> None:
        self.out = out
        self.end = f" <{graph}> .\n".encode() if graph is not None else b" .\n"
        self.rest = b""
        self.lines = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        data = bytes(data)
        cut = data.rfind(b"\n")
        if cut < 0:
            self.rest += data
            return len(data)
        whole, self.rest = self.rest + data[: cut + 1], data[cut + 1 :]
        self.lines += whole.count(b"\n")
        self.out.write(whole.replace(b" .\n", self.end))
        return len(data)

    def finish(self) -> None:
        if self.rest:
            raise StoreError("the engine's dump ended in the middle of a line")


def _bulk_load(engine: ox.Store, produce: Callable[[IO[bytes]], None]) -> None:
    """Run the engine's bulk loader on a pipe that ``produce`` writes N-Quads into."""
    read_fd, write_fd = os.pipe()
    failure: list[BaseException] = []

    def load() -> None:
        try:
            engine.bulk_load(path=f"/dev/fd/{read_fd}", format=ox.RdfFormat.N_QUADS)
        except BaseException as exc:  # reported in the producing thread below
            failure.append(exc)
        finally:
            os.close(read_fd)  # a producer still writing now gets BrokenPipeError

    worker = threading.Thread(target=load, name="kg-bulk-load", daemon=True)
    worker.start()
    out = open(write_fd, "wb")  # noqa: SIM115 (closed below, whatever happens)
    try:
        produce(out)
        out.flush()
    except BrokenPipeError:
        pass  # the loader stopped reading; its own error says why
    finally:
        with contextlib.suppress(OSError):
            out.close()  # end of input for the loader (the descriptor closes even on error)
        worker.join()
    if failure:
        raise StoreError(f"the bulk load failed: {failure[0]}") from failure[0]
