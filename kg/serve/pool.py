"""Worker processes that answer queries, so that a query past its time can be killed.

pyoxigraph offers no way to cancel a running query, and a thread stuck inside Oxigraph
cannot be stopped: abandoning it would leave it holding a CPU core, the store's shared
lock and its memory. So ``kg serve`` runs each query in one of a few worker *processes*.
A worker that has not answered by the deadline is killed (SIGKILL; it only ever reads, so
nothing is left half-written, and the kernel releases its lock) and a fresh one is
started in the background; the other workers go on answering meanwhile. Measured here: a
request past its deadline gets its 503 within about 10 ms of the deadline, and a
replacement worker is ready about 0.2 s later (Python start-up plus imports).

Each worker keeps its own read-only handle on the store. On disk, it holds the shared lock
only while it answers a request (``EmbeddedStore.pause``/``resume``), so ``kg ingest`` can
write between requests, and it reopens its handle when the store changed, so the next
request sees the ingest.
"""

from __future__ import annotations

import contextlib
import io
import queue
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from kg.errors import KgError, StoreLocked
from kg.sparql.results import CapExceeded, write_graph, write_solutions

__all__ = ["MAX_ROWS_HEADER", "Job", "Reply", "WorkerPool"]


#: Header of a 422 answer: the most rows (or triples) one answer holds; page below it.
MAX_ROWS_HEADER = "X-SPARQL-MaxRows"


@dataclass(frozen=True)
class Job:
    """One query for a worker: its text and the media type to answer in.

    ``own_dataset``: the text names its dataset with FROM / FROM NAMED (already checked
    against the store's graphs), so it runs over that dataset, not the union of graphs.
    """

    text: str
    media_type: str
    own_dataset: bool = False


@dataclass(frozen=True)
class Reply:
    """An answer: an HTTP status, a content type, the body, and what the log line says."""

    status: int
    content_type: str
    body: bytes
    #: rows (SELECT) or triples (CONSTRUCT, DESCRIBE) in the body, when it holds results
    rows: int | None = None
    #: extra response headers
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def error(cls, status: int, message: str, headers: tuple[tuple[str, str], ...] = ()) -> Reply:
        return cls(status, "text/plain; charset=utf-8", (message + "\n").encode(), None, headers)


def _answer(store: Any, job: Job, max_results: int) -> Reply:
    from kg.serve.formats import GRAPH_TYPES, RESULT_TYPES
    from kg.sparql.dataset import query_in_dataset

    out = io.BytesIO()
    try:
        result = query_in_dataset(store, job.text) if job.own_dataset else store.query(job.text)
        if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
            rows = write_solutions(result, out, RESULT_TYPES[job.media_type], cap=max_results)
        else:
            rows = write_graph(result, out, GRAPH_TYPES[job.media_type], cap=max_results)
    except SyntaxError as exc:
        from kg.sparql.run import describe_syntax_error

        return Reply.error(400, describe_syntax_error(str(exc)))
    except CapExceeded as exc:
        return Reply.error(
            422,
            f"{exc}, more than this endpoint returns (kg serve --max-results); "
            f"add LIMIT and OFFSET to page through it ({max_results:,} at a time), "
            "or count with COUNT(*)",
            ((MAX_ROWS_HEADER, str(max_results)),),
        )
    except StoreLocked as exc:
        return Reply.error(503, str(exc))
    except KgError as exc:
        return Reply.error(500, str(exc))
    except (RuntimeError, ValueError, TypeError, OSError) as exc:
        return Reply.error(400, f"the query failed: {exc}")
    return Reply(200, job.media_type, out.getvalue(), rows)


def worker_main(conn: Connection, location: str, update_url: str | None, max_results: int) -> None:
    """Body of a worker process: open the store, then answer jobs until told to stop."""
    import signal

    from kg.store import open_store

    # Ctrl-C reaches the whole process group; the server, not its workers, handles it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    try:
        store = open_store(location, update_url=update_url)
    except KgError as exc:
        conn.send(Reply.error(500, str(exc)))
        return
    pause = getattr(store, "pause", None)
    resume = getattr(store, "resume", None)
    if pause:
        pause()
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            break
        if job is None:
            break
        try:
            if resume:
                resume()
            reply = _answer(store, job, max_results)
        except StoreLocked as exc:
            reply = Reply.error(503, str(exc))
        except KgError as exc:
            reply = Reply.error(500, str(exc))
        finally:
            if pause:
                pause()
        conn.send(reply)
    store.close()


class _Worker:
    """One worker: a fresh Python running :mod:`kg.serve.worker`, and a socket to it.

    A new interpreter rather than multiprocessing's fork or spawn: a fork would copy the
    server's threads' locks and open RocksDB handles, and spawn re-runs the caller's main
    script, which breaks any script that starts a server without a ``__main__`` guard.
    """

    def __init__(self, location: str, update_url: str | None, max_results: int) -> None:
        ours, theirs = socket.socketpair()
        with theirs:
            fd = theirs.fileno()
            command = [sys.executable, "-m", "kg.serve.worker", str(fd), location,
                       update_url or "", str(max_results)]  # fmt: skip
            self.process = subprocess.Popen(command, pass_fds=(fd,), stdin=subprocess.DEVNULL)
        self.conn = Connection(ours.detach())

    def wait_ready(self, timeout: float) -> Reply | None:
        """None when the worker is ready, else the reason it is not."""
        if not self.conn.poll(timeout):
            return Reply.error(500, f"a query worker did not start within {timeout:.0f} s")
        try:
            message = self.conn.recv()
        except EOFError:
            return Reply.error(500, "a query worker stopped while starting")
        return None if message == "ready" else message

    def stop(self, *, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            with contextlib.suppress(OSError):
                self.conn.send(None)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.conn.close()


class WorkerPool:
    """A fixed number of query workers; :meth:`run` answers a job or gives up at a deadline."""

    def __init__(
        self, location: str, update_url: str | None, *, size: int = 2, max_results: int = 10_000
    ) -> None:
        self._args = (location, update_url, max_results)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self._lock = threading.Lock()
        self._all: set[_Worker] = set()
        self._replacing: list[threading.Thread] = []
        workers = [self._spawn() for _ in range(size)]
        for worker in workers:
            problem = worker.wait_ready(60)
            if problem is not None:
                self.close()
                raise KgError(problem.body.decode().strip())
            self._idle.put(worker)

    def _spawn(self) -> _Worker:
        worker = _Worker(*self._args)
        with self._lock:
            self._all.add(worker)
        return worker

    def _retire(self, worker: _Worker, *, kill: bool) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.stop(kill=kill)

    def _replace_later(self) -> None:
        def start() -> None:
            worker = self._spawn()
            if worker.wait_ready(60) is None and not self._closed:
                self._idle.put(worker)
            else:
                self._retire(worker, kill=True)

        thread = threading.Thread(target=start, name="kg-serve-respawn", daemon=True)
        self._replacing.append(thread)
        thread.start()

    @property
    def idle(self) -> int:
        """How many workers wait for a job right now."""
        return self._idle.qsize()

    def run(self, job: Job, timeout: float) -> Reply:
        """Answer ``job`` within ``timeout`` seconds (waiting for a free worker included)."""
        deadline = time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            return Reply.error(503, "every query worker is busy; try again shortly")
        worker.conn.send(job)
        if worker.conn.poll(max(deadline - time.monotonic(), 0)):
            try:
                reply: Reply = worker.conn.recv()
            except EOFError:
                self._retire(worker, kill=True)
                self._replace_later()
                return Reply.error(500, "the query worker stopped unexpectedly")
            self._idle.put(worker)
            return reply
        self._retire(worker, kill=True)  # the only way to stop a running Oxigraph query
        self._replace_later()
        return Reply.error(
            503, f"the query ran out of time ({timeout:g} s, kg serve --timeout) and was stopped"
        )

    def close(self) -> None:
        """Stop every worker (running queries are killed)."""
        self._closed = True
        for thread in self._replacing:
            thread.join(timeout=60)
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            busy = True
            with contextlib.suppress(ValueError):
                busy = worker not in self._idle.queue
            self._retire(worker, kill=busy)
