"""Item 3: concurrent writers, readers during writes, and `kg serve` under load with ingests.

Every actor is a real process: `kg ingest` runs, reader processes
(:mod:`reliability.poller`) and a `kg serve` with its workers. The committed states of
the store — (asserted triples, derived triples, claims) after each ingest of a sequence —
are computed first on a copy; every count a reader sees must be one of them, never a mix.
The sequence adds claims in small steps (one Oxigraph transaction each) and then one big
step (past ``BULK_THRESHOLD``: bulk-loaded into a copy and switched in).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kg.demo import example_path
from kg.ingest import ingest
from kg.store import open_store
from reliability.corpus import EXAMPLES, generate_file, prefix_sheets
from reliability.harness import (
    HERE,
    SEED,
    Figure,
    http,
    kg_command,
    kg_env,
    load_average,
    nquads,
    run_kg,
    scale,
    start_serve,
    stop_serve,
)
from reliability.mutations import write_sheet
from reliability.poller import STATE_QUERY, state

CLAIMS = scale(4_000, 20_000)
FRACTIONS = (0.02, 0.04, 0.06, 0.08, 0.10, 1.0)
TRIALS = scale(2, 10)
SERVE_SECONDS = scale(8, 60)
CLIENTS = 8


@dataclass
class Scene:
    directory: Path
    base: Path  # a store holding the example
    steps: list[Path]  # sheets to ingest in order
    states: list[tuple[int, int, int]]  # committed state before step 0, after each step
    big: Path


def _state(location: Path) -> tuple[int, int, int]:
    with open_store(str(location)) as store:
        a, d, c = state(store)
    return (a, d, c)


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Scene:
    directory = tmp_path_factory.mktemp("concurrency")
    big = generate_file(directory / f"claims-{CLAIMS}.json", CLAIMS, seed=11)
    steps = prefix_sheets(big, [int(CLAIMS * f) for f in FRACTIONS], directory)
    base = directory / "base"
    with open_store(str(base), writable=True) as store:
        ingest(store, [example_path()])
    reference = directory / "reference"
    shutil.copytree(base, reference)
    states = [_state(reference)]
    for step in steps:
        assert run_kg("--store", str(reference), "ingest", str(step)).returncode == 0
        states.append(_state(reference))
    shutil.rmtree(reference)
    assert len(set(states)) == len(states)
    return Scene(directory, base, steps, states, big)


# --- two writers ----------------------------------------------------------------------------------


def _wait_for(log: Path, word: str, process: subprocess.Popen[bytes], seconds: float = 600) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if word in log.read_text(errors="replace"):
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.01)
    return False


def test_a_second_writer_is_refused_or_waits_never_corrupts(scene: Scene, figure: Figure) -> None:
    first_sheet = scene.steps[-1]
    refused_text = write_sheet(
        json.loads((EXAMPLES / "openai-board-2023.json").read_text(encoding="utf-8")), "yaml"
    )
    waiting_text = example_path().read_bytes()
    # What the store must hold at the end: the first writer's data, then the waiting one's.
    expected_store = scene.directory / "two-writers-expected"
    with open_store(str(expected_store), writable=True) as store:
        ingest(store, [first_sheet])
        ingest(store, [example_path()])
    expected = nquads(expected_store)
    shutil.rmtree(expected_store)

    refused = waited = identical = 0
    problems = []
    for trial in range(TRIALS):
        location = scene.directory / f"writers-{trial}"
        log = scene.directory / f"writers-{trial}.log"
        # The first writer reads its sheet from a FIFO: it takes the lock, says it is
        # reading, and then waits for data, so the other two are sure to find the lock
        # held, whatever the machine's start-up time. It is fed only once the impatient
        # one has given up.
        feed_path = scene.directory / f"first-{trial}{first_sheet.suffix}"
        os.mkfifo(feed_path)
        with log.open("wb") as sink:
            first = subprocess.Popen(
                kg_command("--store", str(location), "ingest", "--progress", str(feed_path)),
                stdout=subprocess.DEVNULL,
                stderr=sink,
                env=kg_env(),
            )
        assert _wait_for(log, "kg: reading", first), log.read_text()  # it holds the lock now
        refused_path = scene.directory / f"refused-{trial}.yaml"
        late_path = scene.directory / f"late-{trial}.yaml"
        refused_path.write_bytes(refused_text)
        late_path.write_bytes(waiting_text)
        impatient = subprocess.Popen(
            kg_command("--store", str(location), "ingest", str(refused_path)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=kg_env(KG_LOCK_TIMEOUT="0.1"),
            text=True,
        )
        patient = subprocess.Popen(
            kg_command("--store", str(location), "ingest", str(late_path)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=kg_env(KG_LOCK_TIMEOUT="600"),
            text=True,
        )
        impatient.wait(timeout=600)  # refused while the first holds the lock
        with feed_path.open("wb") as feed:  # opens once the first writer has it open
            feed.write(first_sheet.read_bytes())
        _, impatient_err = impatient.communicate(timeout=600)
        _, patient_err = patient.communicate(timeout=600)
        first.wait(timeout=600)
        if impatient.returncode == 1 and impatient_err.startswith("Error: store in use"):
            refused += 1
        else:
            problems.append(f"trial {trial}: second writer: {impatient.returncode} {impatient_err}")
        if patient.returncode == 0:
            waited += 1
        else:
            problems.append(f"trial {trial}: waiting writer: {patient_err}")
        if first.returncode != 0:
            problems.append(f"trial {trial}: first writer failed: {log.read_text()}")
        if nquads(location) == expected:
            identical += 1
        else:
            problems.append(f"trial {trial}: the store is not what the two ingests make")
        shutil.rmtree(location)
        for path in (feed_path, refused_path, late_path):
            path.unlink()
    figure.add(
        f"{TRIALS} trials, a second `kg ingest` started while the first ({len(json.loads(first_sheet.read_text())['claims']):,} "
        f"claims) held the store: refused with 'store in use' {refused}/{TRIALS} (lock timeout "
        f"0.1 s); a third waiting (lock timeout 600 s) then succeeded {waited}/{TRIALS}; final "
        f"store = the two ingests done in turn {identical}/{TRIALS}, 0 corrupt; {load_average()}"
    )
    assert not problems, "\n".join(problems)


# --- readers during writes ------------------------------------------------------------------------


def _ingest_steps(location: Path, steps: list[Path], pause: float = 0.0) -> list[str]:
    """Ingest each step with the real CLI; the errors, if any."""
    errors = []
    for step in steps:
        result = run_kg("--store", str(location), "ingest", str(step), timeout=1200)
        if result.returncode != 0:
            errors.append(f"{step.name}: {result.stderr.strip()}")
        time.sleep(pause)
    return errors


def test_readers_during_writes_see_before_or_after(scene: Scene, figure: Figure) -> None:
    location = scene.directory / "readers"
    shutil.copytree(scene.base, location)
    stop = scene.directory / "readers.stop"
    stop.unlink(missing_ok=True)
    pollers = [
        subprocess.Popen(
            [sys.executable, str(HERE / "poller.py"), str(location), str(stop)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=kg_env(KG_LOCK_TIMEOUT="600"),
            text=True,
        )
        for _ in range(2)
    ]
    time.sleep(0.5)
    started = time.monotonic()
    errors = _ingest_steps(location, scene.steps)
    writing = time.monotonic() - started
    time.sleep(0.5)
    stop.touch()
    index = {s: i for i, s in enumerate(scene.states)}
    polls = 0
    seen: set[int] = set()
    problems = list(errors)
    for poller in pollers:
        out, err = poller.communicate(timeout=600)
        last = -1
        for line in out.splitlines():
            record = json.loads(line)
            if "state" not in record:
                problems.append(f"a reader waited past its lock timeout: {record}")
                continue
            polls += 1
            found = index.get(tuple(record["state"]))
            if found is None:
                problems.append(f"a reader saw {record['state']}, which no committed state has")
                continue
            if found < last:
                problems.append(f"a reader went back from state {last} to {found}")
            last = found
            seen.add(found)
        if poller.returncode != 0:
            problems.append(f"a reader failed: {err[-2000:]}")
    shutil.rmtree(location)
    figure.add(
        f"{polls:,} reads from 2 reader processes while {len(scene.steps)} ingests committed "
        f"({len(scene.steps) - 1} in one transaction each, the last bulk-loaded; {writing:.1f} s "
        f"of writing): every read one of the {len(scene.states)} committed states ({len(seen)} "
        f"seen), 0 half-written, 0 going backwards; {len(scene.steps) - len(errors)}/"
        f"{len(scene.steps)} ingests got the lock; {load_average()}"
    )
    assert not problems, "\n".join(problems[:10])
    assert polls > 0


# --- kg serve under load --------------------------------------------------------------------------

QUERIES = {
    "state": STATE_QUERY,
    "join": (
        "SELECT ?c ?name ?stance WHERE { ?c cg:claimant ?a ; cg:stance ?stance . "
        "?a schema:name ?name } ORDER BY ?c LIMIT 200"
    ),
    "aggregate": (
        "SELECT ?stance (COUNT(?c) AS ?n) WHERE { ?c cg:stance ?stance } GROUP BY ?stance"
    ),
    "contested": (
        "SELECT ?p (COUNT(?c) AS ?n) WHERE { ?p cg:status cg:Contested . "
        "?c cg:proposition ?p } GROUP BY ?p ORDER BY DESC(?n) LIMIT 20"
    ),
    "ask": "ASK { ?c cg:respondsTo ?other }",
    "construct": "CONSTRUCT { ?c cg:contradicts ?d } WHERE { ?c cg:contradicts ?d } LIMIT 100",
}


@dataclass
class Client:
    """One of the concurrent clients: what it asked and what came back."""

    requests: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    states: list[int] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)


def test_kg_serve_under_concurrent_clients_with_ingests(scene: Scene, figure: Figure) -> None:
    location = scene.directory / "served"
    shutil.copytree(scene.base, location)
    process, endpoint = start_serve(location, scene.directory / "serve.log")
    index = {s: i for i, s in enumerate(scene.states)}
    stop = threading.Event()
    clients = [Client() for _ in range(CLIENTS)]

    def work(client: Client, seed: int) -> None:
        rng = random.Random(seed)
        while not stop.is_set():
            kind = rng.choice(list(QUERIES))
            if rng.random() < 0.5:
                kind = "state"  # half the requests check the state
            url = endpoint + "?" + urllib.parse.urlencode({"query": QUERIES[kind]})
            asked = time.monotonic()
            if rng.random() < 0.3:
                answer = http(
                    endpoint,
                    urllib.parse.urlencode({"query": QUERIES[kind]}).encode(),
                    {"Content-Type": "application/x-www-form-urlencoded"},
                )
            else:
                answer = http(url)
            client.requests[kind] += 1
            client.latencies.append(time.monotonic() - asked)
            if answer.status != 200:
                client.errors.append(f"{kind}: {answer.status} {answer.body[:300]!r}")
                continue
            if kind == "state":
                [row] = json.loads(answer.body)["results"]["bindings"]
                counts = tuple(int(row[n]["value"]) for n in ("asserted", "derived", "claims"))
                found = index.get(counts)
                if found is None:
                    client.errors.append(f"state {counts} is no committed state")
                elif client.states and found < client.states[-1]:
                    client.errors.append(f"went back from state {client.states[-1]} to {found}")
                else:
                    client.states.append(found)

    threads = [threading.Thread(target=work, args=(c, SEED + i)) for i, c in enumerate(clients)]
    try:
        started = time.monotonic()
        for thread in threads:
            thread.start()
        # Ingests happen while the clients run, spread over the run's first two thirds.
        time.sleep(SERVE_SECONDS / 10)
        ingest_errors = _ingest_steps(
            location, scene.steps, pause=SERVE_SECONDS * 0.6 / len(scene.steps)
        )
        remaining = SERVE_SECONDS - (time.monotonic() - started)
        if remaining > 0:
            time.sleep(remaining)
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
        elapsed = time.monotonic() - started
        final = http(endpoint + "?" + urllib.parse.urlencode({"query": STATE_QUERY}))
    finally:
        stop.set()
        stop_serve(process)
    [row] = json.loads(final.body)["results"]["bindings"]
    final_state = tuple(int(row[n]["value"]) for n in ("asserted", "derived", "claims"))
    requests = sum((c.requests for c in clients), Counter())
    errors = [e for c in clients for e in c.errors] + ingest_errors
    checks = sum(len(c.states) for c in clients)
    seen = {s for c in clients for s in c.states}
    latencies = sorted(t for c in clients for t in c.latencies)
    median, p99 = latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.99)]
    shutil.rmtree(location)
    figure.add(
        f"kg serve, {CLIENTS} concurrent clients for {elapsed:.0f} s while {len(scene.steps)} "
        f"ingests committed: {sum(requests.values()):,} requests ("
        + ", ".join(f"{n:,} {k}" for k, n in sorted(requests.items()))
        + f"), {len(errors)} errors; latency median {median * 1000:.0f} ms, 99th percentile "
        f"{p99 * 1000:.0f} ms, slowest {latencies[-1]:.2f} s; {checks:,} counts checked, each one of the "
        f"{len(scene.states)} committed states ({len(seen)} seen), 0 going backwards; "
        f"{load_average()}"
    )
    assert not errors, "\n".join(errors[:10])
    assert final_state == scene.states[-1]
