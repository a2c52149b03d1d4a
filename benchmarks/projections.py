"""How long each NetworkX view takes to build from a store, and how big it is.

    python benchmarks/projections.py [--claims 100000] [--runs 3] [--seed 42] [--store DIR]

Generates a seeded sheet (``benchmarks/generate.py``: shared agents and sources, several
claims per proposition, both stances, amounts, dates, reported_by chains, about a tenth of
propositions contested), ingests it into an in-memory store (or an on-disk one with
``--store``; a store that already holds claims is reused as it is), then builds each view ``--runs`` times and prints the median seconds, split
into reading the store (the kept claim table and rows, kg.report.claim_table) and building
the graph, with node and edge counts, beside the baseline measured in the same run: the
same read from the graphs, a scan per field. The target is under 5 s per view at 100k claims; this prints the figures, it does
not assert them. ``--analyses`` also times the analyses on the built graphs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate_sheet  # a sibling script, not a package

from kg.analysis import (
    claim_hops,
    conflict_centre,
    fact_graph,
    most_contested_entities,
    most_contested_propositions,
    signed_camps,
    sums,
    truthfinder,
)
from kg.ingest import ingest
from kg.store import Store, open_store
from kg.store.records import store_has_claims
from kg.views import (
    build_chains,
    build_claims,
    build_disagreement,
    build_said_about,
    chains,
    claims,
    disagreement,
    said_about,
)
from kg.views.records import read_claim_data

VIEWS: dict[str, tuple[dict[str, Any], Callable[[Any], Any]]] = {
    # name: (what the view reads, builder)
    "said-about": (said_about.READS, build_said_about),
    "disagreement": (disagreement.READS, build_disagreement),
    "chains": (chains.READS, build_chains),
    "claims": (claims.READS, build_claims),
}


def time_views(store: Store, runs: int) -> dict[str, Any]:
    """Median read, build and total seconds per view, with the last graph built, and the
    baseline: the same read from the graphs, without the kept claim table and rows."""
    out: dict[str, Any] = {}
    for name, (needs, build) in VIEWS.items():
        reads, builds, totals, graph_reads = [], [], [], []
        graph = None
        for _ in range(runs):
            started = time.perf_counter()
            data = read_claim_data(store, **needs)
            read_done = time.perf_counter()
            graph = build(data)
            done = time.perf_counter()
            reads.append(read_done - started)
            builds.append(done - read_done)
            totals.append(done - started)
            del data
            started = time.perf_counter()
            from_graphs = read_claim_data(store, **needs, kept=False)
            graph_reads.append(time.perf_counter() - started)
            del from_graphs
        out[name] = {
            "graph read": statistics.median(graph_reads),
            "read": statistics.median(reads),
            "build": statistics.median(builds),
            "total": statistics.median(totals),
            "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges(),
            "graph": graph,
        }
    return out


def time_analyses(views: dict[str, Any]) -> dict[str, float]:
    C, D, R = views["claims"]["graph"], views["disagreement"]["graph"], views["chains"]["graph"]
    steps: dict[str, Callable[[], Any]] = {
        "most contested propositions": lambda: most_contested_propositions(C, 20),
        "most contested entities": lambda: most_contested_entities(C, 20),
        "centre of conflicts": lambda: conflict_centre(D, 20),
        "camps": lambda: signed_camps(D),
        "claim hops": lambda: claim_hops(R),
        "fact graph": lambda: fact_graph(C),
    }
    out = {}
    B = None
    for name, step in steps.items():
        started = time.perf_counter()
        result = step()
        out[name] = time.perf_counter() - started
        if name == "fact graph":
            B = result
    for name, method in (("sums", sums), ("truthfinder", truthfinder)):
        started = time.perf_counter()
        method(B)  # type: ignore[arg-type]
        out[name] = time.perf_counter() - started
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--store", type=Path, help="on-disk store directory (default: in memory)")
    parser.add_argument("--analyses", action="store_true", help="also time the analyses")
    args = parser.parse_args(argv)
    location = str(args.store) if args.store else "memory:"
    with open_store(location, writable=True) as store:
        if args.store is not None and store_has_claims(store):
            # A store from an earlier run: time its views, do not ingest again.
            print(f"store {location} already holds claims ({store.count():,} triples): reused")
        else:
            with tempfile.TemporaryDirectory() as tmp:
                sheet = Path(tmp) / "sheet.json"
                claims = generate_sheet(args.claims, args.seed)
                sheet.write_text(json.dumps(claims), encoding="utf-8")
                started = time.perf_counter()
                ingest(store, [sheet])
            print(
                f"{args.claims:,} claims ingested in {time.perf_counter() - started:.1f} s "
                f"({store.count():,} triples, store: {location})"
            )
        views = time_views(store, args.runs)
    print(
        f"\nview           read s  build s  total s    nodes     edges  "
        f"baseline: read from the graphs s  ratio   (median of {args.runs})"
    )
    for name, row in views.items():
        print(
            f"{name:<13} {row['read']:7.2f} {row['build']:8.2f} {row['total']:8.2f} "
            f"{row['nodes']:8,} {row['edges']:9,}  {row['graph read']:32.2f} "
            f"{row['read'] / max(row['graph read'], 1e-9):6.2f}x"
        )
    if args.analyses:
        print("\nanalysis                        seconds")
        for name, seconds in time_analyses(views).items():
            print(f"{name:<30} {seconds:8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
