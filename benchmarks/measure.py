"""Run one benchmark stage in a child process and measure it: wall time, CPU, peak memory.

Each stage runs in its own process so peak memory figures never mix (``ru_maxrss`` of a
process only grows). The child is this directory's ``stages.py`` run as a script; it may
print ``READY`` on a line of its own when its setup is done (loading data into rdflib,
say), and the time limit then counts from that line, so a limit of 120 s means 120 s of
the work being measured; the setup before it has its own, separate ``setup_limit``. (One
clock for both once made rdflib's N-Triples export "not finish in 120 s" at 100k claims
when it was still loading the data.) Its last line of output is a JSON object of its own
figures.

A child that runs past its time limit, or whose resident memory passes the cap, is killed
and reported as not finished, with the reason.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Outcome", "load_average", "machine", "run_stage"]

STAGES = Path(__file__).resolve().parent / "stages.py"


@dataclass
class Outcome:
    """What one run of a stage gave."""

    name: str
    wall: float = 0.0
    cpu: float = 0.0
    peak_mb: float = 0.0
    finished: bool = True
    #: why it did not finish ("did not finish in 120 s", "passed 8 GiB", an error)
    reason: str = ""
    #: the stage's own figures (rows, time to the first rows, …)
    extra: dict[str, Any] = field(default_factory=dict)


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_stage(
    name: str,
    args: list[str],
    *,
    limit: float | None = None,
    setup_limit: float | None = None,
    memory_cap_mb: float | None = None,
    cwd: Path | None = None,
) -> Outcome:
    """Run ``stages.py NAME ARGS…`` and measure it (see the module docstring)."""
    command = [sys.executable, str(STAGES), name, *args]
    started = time.perf_counter()
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd
    )
    outcome = Outcome(name)
    lines: list[str] = []
    ready = threading.Event()
    clock = {"start": started}

    def read_output() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.strip() == "READY":
                clock["start"] = time.perf_counter()
                ready.set()
            else:
                lines.append(line)

    reader = threading.Thread(target=read_output, daemon=True)
    reader.start()
    errors: list[str] = []
    err_reader = threading.Thread(target=lambda: errors.extend(proc.stderr or []), daemon=True)
    err_reader.start()
    killed = ""
    while True:
        try:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        except ChildProcessError:
            break
        if pid:
            break
        now = time.perf_counter()
        if setup_limit is not None and not ready.is_set():
            if now - started > setup_limit:
                killed = f"did not finish loading its data in {setup_limit:.0f} s"
        elif limit is not None and now - clock["start"] > limit:
            killed = f"did not finish in {limit:.0f} s"
        elif memory_cap_mb is not None and _rss_mb(proc.pid) > memory_cap_mb:
            killed = f"passed {memory_cap_mb / 1024:.0f} GiB of memory"
        if killed:
            os.kill(proc.pid, signal.SIGKILL)
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.05)
    ended = time.perf_counter()
    reader.join(timeout=5)
    err_reader.join(timeout=5)
    proc.returncode = os.waitstatus_to_exitcode(status)
    outcome.wall = ended - clock["start"]
    outcome.cpu = usage.ru_utime + usage.ru_stime
    outcome.peak_mb = (
        usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 2**20
    )
    if killed:
        outcome.finished, outcome.reason = False, killed
        return outcome
    if proc.returncode != 0:
        outcome.finished = False
        tail = "".join(errors).strip().splitlines()[-3:]
        outcome.reason = f"failed (exit {proc.returncode}): " + " | ".join(tail)
        return outcome
    for line in reversed(lines):
        if line.strip().startswith("{"):
            outcome.extra = json.loads(line)
            break
    # A stage may time its own core (excluding process start-up and imports).
    if "seconds" in outcome.extra:
        outcome.wall = float(outcome.extra["seconds"])
    return outcome


def machine() -> dict[str, Any]:
    """The facts a figure needs beside it: cores, memory, CPU, versions, load."""
    import platform

    import pyoxigraph
    import rdflib

    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "pyoxigraph": pyoxigraph.__version__,
        "rdflib": rdflib.__version__,
        "platform": platform.platform(),
    }
    try:
        with open("/proc/meminfo") as meminfo:
            total = next(line for line in meminfo if line.startswith("MemTotal:"))
        info["ram_gib"] = round(int(total.split()[1]) / 2**20, 1)
    except (OSError, StopIteration):
        pass
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            info["cpu"] = next(
                line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    return info


def load_average() -> float:
    """The 1-minute load average (what else runs on the machine)."""
    return os.getloadavg()[0]
