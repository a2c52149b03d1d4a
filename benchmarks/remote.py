"""The remote stores beside the embedded one: the same generated sheet into each, the same
answers out, and the time each takes, with the embedded store as the in-run baseline.

    python benchmarks/remote.py --claims 20000            # embedded, Oxigraph server, kg serve, Virtuoso
    python benchmarks/remote.py --claims 2000 --only oxigraph

Every store gets the same sheet (benchmarks/generate.py, seeded). For each it prints the
ingest time and its ratio to the embedded store's, then checks, term for term, that
`kg export --format nt`, `kg claims --format json` and `kg contested --format json` give
what the embedded store gives, and so do named queries (items inside a GROUP_CONCAT compared
as a set) and a graph analysis. A server that is not installed is skipped with a note
(Virtuoso: Debian's virtuoso-opensource; Oxigraph: the `oxigraph` package of the test
extra). Servers listen on 127.0.0.1 only and are stopped at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from generate import generate_sheet  # noqa: E402

KG = [sys.executable, "-m", "kg"]


def kg(store: str, *args: str, env: dict[str, str] | None = None) -> bytes:
    """Run ``kg --store STORE ARGS…``; its standard output (a failure stops the run)."""
    done = subprocess.run(
        [*KG, "--store", store, *args], capture_output=True, env={**os.environ, **(env or {})}
    )
    if done.returncode != 0:
        raise SystemExit(f"kg {' '.join(args)} on {store} failed: {done.stderr.decode()[-500:]}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def oxigraph_server(folder: Path) -> Iterator[str]:
    program = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(program).exists():
        raise FileNotFoundError("the oxigraph server (pip install oxigraph)")
    port = free_port()
    process = subprocess.Popen(
        [program, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/query", f"http://127.0.0.1:{port}/update"
    finally:
        process.terminate()
        process.wait(30)


@contextlib.contextmanager
def kg_serve(folder: Path, token: str) -> Iterator[str]:
    from servers.kg_serve import serving

    from kg.serve import ServeConfig
    from kg.store import open_store

    with open_store(str(folder), writable=True):
        pass
    # A store for big writes and whole exports: no 10,000-row cap, room for long queries.
    config = ServeConfig(
        str(folder), port=0, token=token, quiet=True, max_results=10**8, timeout=900.0
    )
    with serving(config) as server:
        yield server.url


@contextlib.contextmanager
def virtuoso(folder: Path) -> Iterator[str]:
    from servers.virtuoso import find_virtuoso, start_virtuoso

    if find_virtuoso() is None:
        raise FileNotFoundError("virtuoso-t (apt-get install virtuoso-opensource)")
    with start_virtuoso(folder) as running:
        yield running.url_with_credentials()


def answers(store: str, env: dict[str, str] | None = None) -> dict[str, bytes]:
    """What a user reads: the export, the listings, a filtered listing, named queries and a
    graph analysis (each compared byte for byte with the embedded store's)."""
    export = kg(store, "export", "--format", "nt", env=env)
    found = {
        "export nt": b"\n".join(sorted(export.splitlines())),
        "claims json": kg(store, "claims", "--format", "json", env=env),
        "claims --about": kg(store, "claims", "--about", "agent-1", "--format", "json", env=env),
        "contested json": kg(store, "contested", "--format", "json", env=env),
    }
    for name, params in NAMED_QUERIES.items():
        table = kg(store, "query", "--named", name, *params, "--format", "csv", env=env)
        found[f"query {name}"] = lists_in_order(table)
    for analysis in GRAPH_ANALYSES:
        found[f"graph {analysis}"] = kg(store, "graph", analysis, "--format", "json", env=env)
    return found


NAMED_QUERIES = {
    "claims-by": ("--param", "agent=agent-0"),
    "claims-over-time": (),
    "contested": (),
    "contradictions-between": ("--param", "a=agent-0", "--param", "b=agent-1"),
    "corroborated-uncontested": (),
    "multilingual-agents": (),
    "said-about": ("--param", "entity=agent-1"),
    "second-hand": (),
}
GRAPH_ANALYSES = ("disagreement", "contested", "centrality", "credibility", "camps")


def lists_in_order(table: bytes) -> bytes:
    """The CSV with the items of each GROUP_CONCAT cell sorted.

    SPARQL leaves the order inside GROUP_CONCAT to the store (Virtuoso and Oxigraph join
    the same names in different orders), so only the set of items is compared. Generated
    names hold no "," or ";", so splitting on the separators is safe here.
    """
    rows = csv.reader(io.StringIO(table.decode()))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        cells = []
        for cell in row:
            separator = "; " if "; " in cell else ", "
            cells.append(separator.join(sorted(cell.split(separator))))
        writer.writerow(cells)
    return out.getvalue().encode()


def show_first_difference(key: str, expected: bytes, got: bytes) -> None:
    """Print the first line where a store's answer parts from the embedded one."""
    pairs = zip(expected.splitlines(), got.splitlines(), strict=False)
    for number, (want, have) in enumerate(pairs, 1):
        if want != have:
            print(
                f"    {key}, line {number}:\n      embedded: {want[:150]!r}\n"
                f"      this store: {have[:150]!r}"
            )
            return
    print(f"    {key}: {len(expected.splitlines())} lines embedded, {len(got.splitlines())} here")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--only", choices=("oxigraph", "kg-serve", "virtuoso"), action="append", default=None
    )
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="kg-remote-bench-"))
    try:
        sheet = work / "sheet.json"
        sheet.write_text(
            __import__("json").dumps(generate_sheet(args.claims, seed=args.seed)),
            encoding="utf-8",
        )
        start = time.perf_counter()
        kg(str(work / "embedded"), "ingest", "--no-progress", str(sheet))
        baseline = time.perf_counter() - start
        expected = answers(str(work / "embedded"))
        print(f"{args.claims:,} claims, {len(expected['export nt'].splitlines()):,} triples")
        print(f"{'store':<16}{'ingest s':>10}{'× embedded':>12}  same answers")
        print(f"{'embedded':<16}{baseline:>10.2f}{1.0:>12.2f}  (baseline)")
        servers = {
            "oxigraph": lambda: oxigraph_server(work / "oxigraph"),
            "kg-serve": lambda: kg_serve(work / "served", "bench-token"),
            "virtuoso": lambda: virtuoso(work / "virtuoso"),
        }
        for name, start_server in servers.items():
            if args.only and name not in args.only:
                continue
            env = {"KG_STORE_TOKEN": "bench-token"} if name == "kg-serve" else {}
            try:
                with start_server() as urls:
                    query_url, update_url = urls if isinstance(urls, tuple) else (urls, urls)
                    store_args = [query_url]
                    env = {**env, "KG_UPDATE_URL": update_url}
                    start = time.perf_counter()
                    kg(store_args[0], "ingest", "--no-progress", str(sheet), env=env)
                    took = time.perf_counter() - start
                    got = answers(store_args[0], env)
                    differ = [k for k in expected if got[k] != expected[k]]
                    verdict = "yes" if not differ else f"NO: {', '.join(differ)} differ"
                    print(f"{name:<16}{took:>10.2f}{took / baseline:>12.2f}  {verdict}")
                    for key in differ:
                        show_first_difference(key, expected[key], got[key])
            except FileNotFoundError as missing:
                print(f"{name:<16}{'—':>10}{'—':>12}  skipped: no {missing}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
