"""Time what a reader does with a busy node: an entity a third of the claims are about.

    python benchmarks/busy_node.py --claims 100000

A news archive has a few nodes most claims are about (a head of state, a company in the
news), and on those a proposition may gather hundreds of claims, asserted and denied, so
thousands of contradictions. The generated story (``generate.py --contested 0.6``) is
ingested twice: with every third claim about ``entity-1`` (``--hub 3``), and as it is (the
baseline, same run, same size), where ``entity-1`` is one node among many. Each step runs
as the user runs it (``python -m kg …`` in a fresh process, start-up included) on both
stores; the table gives both times, their ratio and the size of what each step wrote.

Steps: ``kg viz --about entity-1`` and ``kg viz`` of the whole store to HTML (both drawn
within a budget of claims and links: kg.viz.parts), ``kg graph said-about`` and
``disagreement --about entity-1``, ``kg claims --about entity-1`` (JSON).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # run as a script or imported: the sibling generate.py

from generate import ingested_store  # noqa: E402

NODE = "entity-1"


def steps(out: Path) -> list[tuple[str, list[str], Path | None]]:
    """(name, kg arguments, the file it writes or None for standard output)."""
    return [
        (
            "viz --about (HTML)",
            ["viz", "--about", NODE, "-o", str(out / "about.html")],
            out / "about.html",
        ),
        ("viz, whole store (HTML)", ["viz", "-o", str(out / "whole.html")], out / "whole.html"),
        (
            "graph said-about --about",
            ["graph", "said-about", "--about", NODE, "--format", "json"],
            None,
        ),
        (
            "graph disagreement --about",
            ["graph", "disagreement", "--about", NODE, "--format", "json"],
            None,
        ),
        ("claims --about", ["claims", "--about", NODE, "--format", "json"], None),
    ]


def run_steps(store: Path, out: Path) -> dict[str, tuple[float, int]]:
    """Seconds and bytes written per step, each a fresh ``python -m kg`` process."""
    out.mkdir(parents=True, exist_ok=True)
    figures = {}
    for name, args, written in steps(out):
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "kg", "--store", str(store), *args],
            capture_output=True,
            check=False,
        )
        seconds = time.perf_counter() - started
        if proc.returncode != 0:
            message = proc.stderr.decode("utf-8", "replace").strip()[-500:]
            raise SystemExit(f"kg {' '.join(args)} failed: {message}")
        size = written.stat().st_size if written is not None else len(proc.stdout)
        figures[name] = (seconds, size)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=30000, help="claims in each store")
    parser.add_argument("--hub", type=int, default=3, help="every Nth claim about the node [3]")
    parser.add_argument("--workdir", type=Path, help="where the stores go [default: a temp dir]")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="kg-busy-node-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        busy = ingested_store(args.claims, workdir / "busy", contested=0.6, hub=args.hub)
        busy_ingest = time.perf_counter() - started
        started = time.perf_counter()
        plain = ingested_store(args.claims, workdir / "plain", contested=0.6)
        plain_ingest = time.perf_counter() - started
        print(
            f"{args.claims:,} generated claims (--contested 0.6), ingested in {busy_ingest:.1f} s "
            f"with one claim in {args.hub} about {NODE}, in {plain_ingest:.1f} s without (baseline);"
            " each step a fresh process\n"
        )
        on_busy = run_steps(busy, workdir / "busy-out")
        on_plain = run_steps(plain, workdir / "plain-out")
        print("| step | busy node | baseline | ratio | written, busy | written, baseline |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for name, _, _ in steps(workdir):
            (b, b_size), (p, p_size) = on_busy[name], on_plain[name]
            print(
                f"| {name} | {b:.2f} s | {p:.2f} s | {b / p:.1f}× "
                f"| {b_size / 1e6:.1f} MB | {p_size / 1e6:.1f} MB |"
            )
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        figures = [
            {
                "step": name,
                "busy_s": on_busy[name][0],
                "baseline_s": on_plain[name][0],
                "busy_bytes": on_busy[name][1],
                "baseline_bytes": on_plain[name][1],
            }
            for name, _, _ in steps(workdir)
        ]
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
