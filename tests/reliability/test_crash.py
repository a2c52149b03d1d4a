"""Item 2: kill -9 in the middle of a large ingest; the store opens and holds all or none of it.

A store holds the bundled example and the first tenth of a generated sheet. `kg ingest`
of the whole sheet (100,000 claims in the full run; 5,000 in the fast one, still far past
``BULK_THRESHOLD`` triples, so the bulk path is the one under test) is started, and killed
with SIGKILL at a random moment: half of the moments drawn over the whole run, half over
its last stages, deriving and committing (from a reference run's timings), where the
staged copy of the database is being finished and swapped in, so a half-written store
could appear. After each kill:

* the store opens (read-only, as the next reader would, then for writing, as the next
  writer would);
* its N-Quads are byte for byte the ones before the ingest or the ones after it;
* its derived graph equals what `kg rebuild` computes from its asserted graph (on a copy);
* and, for some kills, running the same ingest again finishes it.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import shutil
import signal
import subprocess
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.demo import example_path
from kg.ingest import ingest
from kg.namespace import DERIVED_GRAPH
from kg.store import embedded, open_store
from reliability.corpus import generate_file, prefix_sheets
from reliability.harness import (
    SEED,
    Figure,
    kg_command,
    kg_env,
    load_average,
    nquads,
    run_kg,
    scale,
)

CLAIMS = scale(5_000, 100_000)
KILLS = scale(3, 20)
RECOVERIES = scale(1, 3)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def derived_graph(location: Path) -> bytes:
    out = io.BytesIO()
    with open_store(str(location)) as store:
        store.dump(out, ox.RdfFormat.N_TRIPLES, DERIVED_GRAPH)
    return out.getvalue()


@dataclass
class Run:
    """One `kg ingest --progress` process: when each stage began, and how it ended."""

    stages: list[tuple[str, float]]
    returncode: int
    seconds: float


def start_ingest(store: Path, sheet: Path, log: Path) -> tuple[subprocess.Popen[bytes], float]:
    with log.open("wb") as sink:
        process = subprocess.Popen(
            kg_command("--store", str(store), "ingest", "--progress", str(sheet)),
            stdout=subprocess.DEVNULL,
            stderr=sink,
            env=kg_env(),
            start_new_session=True,
        )
    return process, time.monotonic()


def stages(log: Path) -> list[str]:
    """The stages a run reported so far ('kg: deriving contradictions… (2.1 s)' → 'deriving')."""
    lines = log.read_text(errors="replace").splitlines()
    return [line[4:].split()[0].rstrip(",…") for line in lines if line.startswith("kg: ")]


def watch(process: subprocess.Popen[bytes], log: Path, started: float) -> list[tuple[str, float]]:
    """Wait for ``process``, noting when (since its start) each stage line appeared."""
    seen: list[tuple[str, float]] = []
    while True:
        done = process.poll() is not None
        for stage in stages(log)[len(seen) :]:
            seen.append((stage, time.monotonic() - started))
        if done:
            return seen
        time.sleep(0.01)


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The pristine store, the sheet, and the reference run's outcome and timings."""
    directory = tmp_path_factory.mktemp("crash")
    sheet = generate_file(directory / f"claims-{CLAIMS}.json", CLAIMS)
    [prior] = prefix_sheets(sheet, [CLAIMS // 10], directory)
    pristine = directory / "pristine"
    with open_store(str(pristine), writable=True) as store:
        ingest(store, [example_path(), prior])
    before = nquads(pristine)

    reference = directory / "reference"
    shutil.copytree(pristine, reference)
    log = directory / "reference.log"
    process, started = start_ingest(reference, sheet, log)
    timings = watch(process, log, started)
    seconds = time.monotonic() - started
    assert process.returncode == 0, log.read_text()
    after = nquads(reference)
    triples = after.count(b"\n") - before.count(b"\n")
    assert after != before
    return {
        "directory": directory,
        "sheet": sheet,
        "pristine": pristine,
        "before": digest(before),
        "after": digest(after),
        "seconds": seconds,
        "timings": timings,
        "triples": triples,
        "reference": reference,
    }


def test_kill_9_during_a_large_ingest_leaves_all_or_nothing(
    scene: dict[str, object], figure: Figure
) -> None:
    directory: Path = scene["directory"]  # type: ignore[assignment]
    pristine: Path = scene["pristine"]  # type: ignore[assignment]
    sheet: Path = scene["sheet"]  # type: ignore[assignment]
    total: float = scene["seconds"]  # type: ignore[assignment]
    timings: list[tuple[str, float]] = scene["timings"]  # type: ignore[assignment]
    assert scene["triples"] >= embedded.BULK_THRESHOLD, "the change must take the bulk path"
    write_start = next((t for stage, t in timings if stage == "deriving"), total / 2)

    rng = random.Random(SEED)
    outcomes: Counter[str] = Counter()
    killed_in: Counter[str] = Counter()
    problems: list[str] = []
    rebuilds_agree = reopened = recovered = 0
    for number in range(KILLS):
        victim = directory / f"victim-{number}"
        shutil.copytree(pristine, victim)
        log = directory / f"victim-{number}.log"
        # Half the moments anywhere in the run, half while it derives and commits.
        low = 0.0 if number % 2 == 0 else write_start
        moment = rng.uniform(low, total * 1.05)
        process, started = start_ingest(victim, sheet, log)
        while process.poll() is None and time.monotonic() - started < moment:
            time.sleep(0.01)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        ran = stages(log)
        stage = "after it finished" if process.returncode == 0 else (ran[-1] if ran else "start-up")
        killed_in[stage] += 1

        try:
            state = digest(nquads(victim))  # a reader opens it
            with open_store(str(victim), writable=True):  # so does the next writer
                pass
            reopened += 1
        except Exception as exc:  # the store must open: anything else is the failure
            problems.append(f"kill {number} at {moment:.2f} s ({stage}): cannot open: {exc}")
            continue
        verdict = {scene["before"]: "none", scene["after"]: "all"}.get(state, "PARTIAL")
        outcomes[verdict] += 1
        if verdict == "PARTIAL":
            problems.append(f"kill {number} at {moment:.2f} s ({stage}): half an ingest")

        copy = directory / f"victim-{number}-rebuilt"
        shutil.copytree(victim, copy)
        result = run_kg("--store", str(copy), "rebuild", timeout=3600)
        if result.returncode == 0 and derived_graph(copy) == derived_graph(victim):
            rebuilds_agree += 1
        else:
            problems.append(
                f"kill {number}: the derived graph differs from a rebuild {result.stderr}"
            )
        shutil.rmtree(copy)

        if number >= KILLS - RECOVERIES:  # the same ingest again completes the store
            again = run_kg("--store", str(victim), "ingest", str(sheet), timeout=3600)
            if again.returncode == 0 and digest(nquads(victim)) == scene["after"]:
                recovered += 1
            else:
                problems.append(f"kill {number}: re-running the ingest failed: {again.stderr}")
        shutil.rmtree(victim)

    stages_seen = ", ".join(
        f"{n} {s}" if s.startswith("after") else f"{n} in {s}" for s, n in sorted(killed_in.items())
    )
    figure.add(
        f"{KILLS} kill -9 during `kg ingest` of {CLAIMS:,} claims ({scene['triples']:,} triples, "
        f"bulk path; a full run takes {total:.1f} s, deriving and committing from {write_start:.1f} s): killed "
        f"{stages_seen}; store opened {reopened}/{KILLS}; held none of it {outcomes['none']}, all "
        f"of it {outcomes['all']}, part of it {outcomes['PARTIAL']}; derived graph = rebuild "
        f"{rebuilds_agree}/{KILLS}; re-running the ingest completed it {recovered}/{RECOVERIES}; "
        f"seed {SEED}; {load_average()}"
    )
    assert not problems, "\n".join(problems)
    assert outcomes["none"] + outcomes["all"] == KILLS
