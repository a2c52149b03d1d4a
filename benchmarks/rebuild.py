"""Time a full rebuild of the derived graph, to show detection stays near-linear.

    python benchmarks/rebuild.py --claims 100000 --claims 1000000

For each size: generate the seeded sheet (benchmarks/generate.py), ingest it into a fresh
on-disk store (not timed here; benchmarks/run.py times ingest), then time ``kg.rebuild``
— read every claim back, apply the docs/rules.md rules bucket by bucket, write the derived graph
in one atomic change — as the median of ``--repeat`` runs. With two or more sizes it
prints the time ratio against the claims ratio: near 10× for 10× the claims is linear,
100× would be quadratic.
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # run as a script or imported: the sibling generate.py

from generate import ingested_store  # noqa: E402


def _measure_in_child(store: Path, repeat: int) -> dict[str, float]:
    """Rebuild in a fresh process, so the peak memory is the rebuild's own."""
    code = f"""
import json, resource, statistics, time
from kg.derive.rebuild import rebuild
from kg.store import open_store
times, plans = [], []
for _ in range({repeat}):
    with open_store({str(store)!r}, writable=True) as store:
        started = time.perf_counter()
        change = rebuild(store)
        planned = time.perf_counter()
        store.apply(change)
        times.append(time.perf_counter() - started)
        plans.append(planned - started)
        triples = change.size
print(json.dumps({{"median_s": statistics.median(times), "plan_s": statistics.median(plans),
                  "derived_triples": triples,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, action="append", help="size(s) to measure")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, help="where stores go [default: a temp dir]")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    sizes = sorted(args.claims or [1000, 10000])
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="kg-rebuild-"))
    results = []
    try:
        for claims in sizes:
            store = ingested_store(claims, workdir / f"store-{claims}")
            figures = _measure_in_child(store, args.repeat)
            figures["claims"] = claims
            results.append(figures)
            print(
                f"{claims:>9,} claims: rebuild {figures['median_s']:7.2f} s median of {args.repeat} "
                f"(rules and reads {figures['plan_s']:.2f} s), {figures['derived_triples']:,} derived "
                f"triples, peak {figures['peak_mib']:,.0f} MiB, "
                f"{claims / figures['median_s']:,.0f} claims/s",
                flush=True,
            )
            shutil.rmtree(store, ignore_errors=True)
        for small, large in itertools.pairwise(results):
            print(
                f"{large['claims'] / small['claims']:.0f}× the claims took "
                f"{large['median_s'] / small['median_s']:.1f}× the time"
            )
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
