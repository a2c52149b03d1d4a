"""Time every shipped named query on a generated claim store (embedded, on disk).

    python benchmarks/named_queries.py                  # 1,000 claims, quick
    python benchmarks/named_queries.py --claims 100000  # the figure docs/sparql.md quotes

The store is generated with ``benchmarks/generate.py`` and ingested once into
``--store`` (default: a directory under the system's temporary directory named after the
size and seed, reused by later runs). Each query runs ``--runs`` times through
:func:`kg.sparql.run_query`, every row read; the median, the fastest run and the row count
are printed. Parameters are chosen from the data: the most-mentioned agent and entity, and
two agents that really contradict each other.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate_sheet

from kg.ingest import ingest
from kg.sparql import named_queries, run_query
from kg.store import Store, open_store
from kg.store.base import PREFIX_HEADER, rows


def build_store(directory: Path, claims: int, seed: int) -> float | None:
    """Ingest a generated sheet into ``directory`` unless it is already there."""
    done = directory / "benchmark.json"
    if done.exists() and json.loads(done.read_text()) == {"claims": claims, "seed": seed}:
        return None
    if directory.exists():
        raise SystemExit(f"{directory} exists and holds something else; pass another --store")
    sheet = directory.parent / f"{directory.name}-sheet.json"
    directory.parent.mkdir(parents=True, exist_ok=True)
    sheet.write_text(json.dumps(generate_sheet(claims, seed)), encoding="utf-8")
    started = time.perf_counter()
    with open_store(str(directory), writable=True) as store:
        ingest(store, [sheet])
    elapsed = time.perf_counter() - started
    sheet.unlink()
    done.write_text(json.dumps({"claims": claims, "seed": seed}))
    return elapsed


def first(store: Store, query: str) -> dict[str, str]:
    found = rows(store.query(PREFIX_HEADER + query))
    if not found:
        raise SystemExit(f"the generated store has no answer to: {query}")
    return {k: v.value for k, v in found[0].items()}


def choose_params(store: Store) -> dict[str, dict[str, str]]:
    """Realistic parameters: busy nodes, and a pair of agents in a contradiction."""
    busiest = (
        "SELECT ?id (COUNT(*) AS ?n) WHERE {{ ?prop rdf:{0} ?x . ?x a {1} ; "
        "schema:identifier ?id }} GROUP BY ?id ORDER BY DESC(?n) LIMIT 1"
    )
    entity = first(store, busiest.format("object", "cg:Entity"))["id"]
    agent = first(
        store,
        "SELECT ?id (COUNT(*) AS ?n) WHERE { ?c cg:claimant ?x . ?x schema:identifier ?id } "
        "GROUP BY ?id ORDER BY DESC(?n) LIMIT 1",
    )["id"]
    pair = first(
        store,
        "SELECT ?a ?b WHERE { ?x cg:between ?c1 , ?c2 . ?c1 cg:claimant ?w1 . "
        "?c2 cg:claimant ?w2 . FILTER(?w1 != ?w2) ?w1 schema:identifier ?a . "
        "?w2 schema:identifier ?b } LIMIT 1",
    )
    return {
        "said-about": {"entity": entity},
        "claims-by": {"agent": agent},
        "contradictions-between": {"a": pair["a"], "b": pair["b"]},
    }


def time_queries(store: Store, runs: int) -> list[tuple[str, float, float, int]]:
    params = choose_params(store)
    results = []
    for query in named_queries():
        given = params.get(query.name, {})
        durations = []
        count = 0
        for _ in range(runs):
            started = time.perf_counter()
            outcome = run_query(store, query.text, given)
            count = sum(1 for _ in outcome.result)
            durations.append(time.perf_counter() - started)
        results.append((query.name, statistics.median(durations), min(durations), count))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--store", type=Path, help="store directory to build or reuse")
    args = parser.parse_args(argv)
    directory = args.store or Path(tempfile.gettempdir()) / (f"kg-bench-{args.claims}-{args.seed}")
    built = build_store(directory, args.claims, args.seed)
    if built is not None:
        print(f"ingested {args.claims:,} generated claims into {directory} in {built:.1f} s")
    else:
        print(f"reusing {directory} ({args.claims:,} claims)")
    with open_store(str(directory)) as store:
        triples = store.count()
        print(f"{triples:,} triples; each query run {args.runs} times, every row read\n")
        print(f"{'named query':<26} {'median':>9} {'fastest':>9} {'rows':>8}")
        for name, median, fastest, count in time_queries(store, args.runs):
            print(f"{name:<26} {median * 1000:>7.1f} ms {fastest * 1000:>6.1f} ms {count:>8,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
