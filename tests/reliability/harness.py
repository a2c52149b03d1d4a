"""Shared machinery of the reliability suite: run sizes, figures, real `kg` processes.

``KG_RELIABILITY_FULL=1`` selects the full run (the sizes RELIABILITY.md quotes); without
it every test runs a fast version of itself. ``KG_RELIABILITY_SEED`` fixes the random
choices (hypothesis inputs, kill moments); the default run uses seed 0 so CI is stable,
the full run a fresh seed that its figures print, so the command RELIABILITY.md gives
reproduces the same inputs.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import select
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

__all__ = [
    "FIGURES",
    "FULL",
    "SEED",
    "Figure",
    "FuzzWorker",
    "Response",
    "http",
    "kg_env",
    "load_average",
    "nquads",
    "run_kg",
    "scale",
    "serve_process",
    "start_serve",
    "stop_serve",
]

FULL = os.environ.get("KG_RELIABILITY_FULL") == "1"
SEED = int(
    os.environ.get("KG_RELIABILITY_SEED") or (random.SystemRandom().randrange(10**6) if FULL else 0)
)
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def scale(fast: int, full: int) -> int:
    """``full`` in the full run, ``fast`` otherwise."""
    return full if FULL else fast


def load_average() -> str:
    """The 1-minute load of the machine, printed beside timings (2 shared cores here)."""
    return f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


@dataclass
class Figure:
    """The figure one test prints: lines shown in the run's summary."""

    test: str
    lines: list[str] = field(default_factory=list)

    def add(self, line: str) -> None:
        self.lines.append(line)
        print(line)
        report = os.environ.get("KG_RELIABILITY_REPORT")
        if report:
            with open(report, "a", encoding="utf-8") as out:
                out.write(json.dumps({"test": self.test, "line": line, "full": FULL}) + "\n")


FIGURES: list[Figure] = []


# --- real kg processes ------------------------------------------------------------------------------


def kg_env(**extra: str) -> dict[str, str]:
    """The environment for a `kg` child: this one, without a store chosen by the caller."""
    env = {k: v for k, v in os.environ.items() if k not in ("KG_STORE", "KG_UPDATE_URL")}
    env.update(extra)
    return env


def kg_command(*args: str) -> list[str]:
    """`kg ARGS` as this Python runs it (works in an unactivated virtualenv too)."""
    return [sys.executable, "-m", "kg", *args]


def run_kg(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 600,
    input: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the real `kg` in a child process and wait for it."""
    return subprocess.run(
        kg_command(*args),
        cwd=cwd,
        env=env or kg_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        input=input,
        check=False,
    )


def nquads(location: str | Path) -> bytes:
    """The whole store as N-Quads, read through a read-only handle (what `kg export` sees)."""
    from kg.store import open_store

    out = io.BytesIO()
    with open_store(str(location)) as store:
        store.dump(out, ox.RdfFormat.N_QUADS)
    return out.getvalue()


def user_facing_problem(result: subprocess.CompletedProcess[str] | Any) -> str | None:
    """What is wrong with how a `kg` run ended, from the user's side; None when nothing.

    A run may succeed (0) or refuse with one ``Error: …`` message (1, or 2 for a usage
    error); a traceback or an "internal error" is a defect.
    """
    stderr = result.stderr or ""
    if "Traceback" in stderr or "internal error" in stderr:
        return f"exit {result.returncode}: {stderr[-2000:]}"
    if result.returncode not in (0, 1, 2):
        return f"exit {result.returncode} (killed by a signal?): {stderr[-2000:]}"
    if result.returncode == 1 and not stderr.startswith("Error: "):
        return f"exit 1 without an 'Error: ' message: {stderr[-2000:]}"
    return None


# --- the fuzz worker ----------------------------------------------------------------------------------


@dataclass
class Verdict:
    """What one hostile input did to the worker."""

    outcome: str  # accepted | refused | bug | lost | hang | crash
    changed: bool = False
    detail: str = ""
    seconds: float = 0.0


class FuzzWorker:
    """A `fuzz_worker.py` process: feed it files, get verdicts, kill it when it hangs."""

    def __init__(self, baseline: list[Path], limit: float) -> None:
        self.baseline = [str(p) for p in baseline]
        self.limit = limit
        self.restarts = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._start()

    def _start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(HERE / "fuzz_worker.py"), *self.baseline],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        line = self._read_line(120)
        if line is None or not json.loads(line).get("ready"):
            raise RuntimeError("the fuzz worker did not start")

    def _read_line(self, timeout: float) -> bytes | None:
        assert self.process is not None and self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            return None
        line = self.process.stdout.readline()
        return line or None

    def _restart(self) -> None:
        self.stop()
        self.restarts += 1
        self._start()

    def run(self, path: Path) -> Verdict:
        """Ingest ``path`` in the worker; a hang past the limit kills and restarts it."""
        assert self.process is not None and self.process.stdin is not None
        started = time.perf_counter()
        self.process.stdin.write(json.dumps({"path": str(path)}).encode() + b"\n")
        self.process.stdin.flush()
        line = self._read_line(self.limit)
        waited = time.perf_counter() - started
        if line is None:
            alive = self.process.poll() is None
            code = self.process.poll()
            self._restart()
            if alive:
                return Verdict("hang", detail=f"no answer within {self.limit:g} s", seconds=waited)
            return Verdict("crash", detail=f"the worker died (exit {code})", seconds=waited)
        reply = json.loads(line)
        return Verdict(reply["outcome"], reply["changed"], reply["detail"], reply["seconds"])

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()
        self.process = None


# --- a real `kg serve` ---------------------------------------------------------------------------


def serve_process(
    command: list[str], stderr: Path, env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``command`` (a `kg serve`), wait for the URL it prints; its output goes to a file."""
    with stderr.open("wb") as sink:
        process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=sink,
            env=env or kg_env(),
            start_new_session=True,
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        match = re.search(r"(http://[\d.:]+/sparql)", stderr.read_text(errors="replace"))
        if match:
            return process, match.group(1)
        if process.poll() is not None:
            break
        time.sleep(0.05)
    stop_serve(process)
    pytest.fail(f"kg serve did not start: {stderr.read_text(errors='replace')}")


def start_serve(store: Path, log: Path, *extra: str) -> tuple[subprocess.Popen[bytes], str]:
    """`kg --store STORE serve --port 0 EXTRA…` in its own process; its URL."""
    command = kg_command("--store", str(store), "serve", "--port", "0", "--quiet", *extra)
    return serve_process(command, log)


def stop_serve(process: subprocess.Popen[bytes]) -> None:
    """Stop a `kg serve` as Ctrl-C would (it stops its workers), or kill it."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@dataclass
class Response:
    """An HTTP answer: status, headers (lower-case names) and body."""

    status: int
    headers: dict[str, str]
    body: bytes


def http(
    url: str,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
    timeout: float = 60,
) -> Response:
    """One HTTP request; error statuses are answers too."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Response(
                int(response.status),
                {k.lower(): v for k, v in response.headers.items()},
                response.read(),
            )
    except urllib.error.HTTPError as exc:
        body = exc.read()
        found = {k.lower(): v for k, v in exc.headers.items()}
        exc.close()
        return Response(int(exc.code), found, body)
