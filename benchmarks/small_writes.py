"""Time a day's work on a big store: add one article's sheet, read and draw what it touched.

    python benchmarks/small_writes.py --claims 100000          # generate, ingest, measure
    python benchmarks/small_writes.py --store /path/to/store   # measure on a copy of a store

A journalist's store grows one article at a time, and each step should cost what the
article costs, not what the store holds. Each step runs as the user runs it (``python -m
kg …`` in a fresh process, start-up included), first on the big store, then on an empty
one given the same sheet (the baseline, measured in the same run), and the ratio says what
the big store adds. The sheet is the bundled ``harbour-strike.yaml`` (11 claims, claims
about claims, three contradictions) moved to IRIs of its own, so it is new to any store.

Steps: ``kg ingest`` of the sheet, then again (every claim known already); ``kg claims
--about`` one of its entities; ``kg graph said-about --about`` it; ``kg viz --about`` it
to SVG; ``kg query --named said-about`` with it; with ``--retract``, ``kg retract
--source`` of the sheet. The given store is never written: the steps run on a copy.
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

EXAMPLES = HERE.parent / "kg" / "examples"
BASE = "https://example.org/bench-small-write/"
ENTITY = f"<{BASE}entity/port>"
SOURCE = f"<{BASE}source/wire>"


def write_sheet(workdir: Path) -> Path:
    """The harbour example under its own base IRI, with the text its source quotes."""
    text = (EXAMPLES / "harbour-strike.yaml").read_text(encoding="utf-8")
    old_base = "base: https://example.org/harbour-strike/"
    if old_base not in text:
        raise SystemExit(f"{EXAMPLES / 'harbour-strike.yaml'}: no line {old_base!r} to move")
    sheet = workdir / "harbour-strike.yaml"
    sheet.write_text(text.replace(old_base, f"base: {BASE}"), encoding="utf-8")
    shutil.copytree(EXAMPLES / "texts", workdir / "texts", dirs_exist_ok=True)
    return sheet


def steps(sheet: Path, workdir: Path, retract: bool) -> list[tuple[str, list[str]]]:
    out = [
        ("ingest the sheet", ["ingest", "--no-progress", str(sheet)]),
        # A reply is added to the sheet it answers, which is ingested again (docs/rules.md):
        # every claim is then known already.
        ("ingest it again", ["ingest", "--no-progress", str(sheet)]),
        ("claims --about", ["claims", "--about", ENTITY, "--format", "json"]),
        (
            "graph said-about --about",
            ["graph", "said-about", "--about", ENTITY, "--format", "json"],
        ),
        ("viz --about (SVG)", ["viz", "--about", ENTITY, "-o", str(workdir / "about.svg")]),
        (
            "query --named said-about",
            ["query", "--named", "said-about", "--param", f"entity={ENTITY}", "--format", "csv"],
        ),
    ]
    if retract:
        out.append(("retract --source", ["retract", "--source", SOURCE]))
    return out


def run_steps(
    store: Path, plan: list[tuple[str, list[str]]]
) -> tuple[dict[str, float], dict[str, str]]:
    """Seconds per step, each a fresh ``python -m kg`` process, and what each printed."""
    times, printed = {}, {}
    for name, args in plan:
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "kg", "--store", str(store), *args],
            capture_output=True,
            text=True,
            check=False,
        )
        times[name] = time.perf_counter() - started
        printed[name] = proc.stdout
        if proc.returncode != 0:
            raise SystemExit(f"kg {' '.join(args)} failed: {proc.stderr.strip()[-500:]}")
    return times, printed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--claims", type=int, default=10000, help="generate a store this big")
    source.add_argument("--store", type=Path, help="measure on a copy of this store instead")
    parser.add_argument("--retract", action="store_true", help="also time kg retract")
    parser.add_argument("--workdir", type=Path, help="where copies go [default: a temp dir]")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="kg-small-writes-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        sheet = write_sheet(workdir)
        plan = steps(sheet, workdir, args.retract)
        if args.store is not None:
            big = workdir / "big"
            shutil.copytree(args.store, big)
            what = f"a copy of {args.store}"
        else:
            big = ingested_store(args.claims, workdir / "big")
            what = f"{args.claims:,} generated claims"
        print(f"big store: {what}; baseline: an empty store; each step a fresh process\n")
        big_times, big_said = run_steps(big, plan)
        empty_times, empty_said = run_steps(workdir / "empty", plan)
        # The reads must give the big store's user the same answer (the sheet's IRIs are
        # its own); ingest and retract print counts of the store, viz writes a file.
        print("| step | big store | empty store (baseline) | ratio | same answer |")
        print("| --- | ---: | ---: | ---: | --- |")
        for name, step in plan:
            ratio = big_times[name] / empty_times[name]
            same = "yes" if big_said[name] == empty_said[name] else "NO"
            if step[0] in ("ingest", "retract", "viz"):
                same = "-"
            print(
                f"| {name} | {big_times[name]:.2f} s | {empty_times[name]:.2f} s "
                f"| {ratio:.1f}× | {same} |"
            )
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        figures = [{"step": n, "big_s": big_times[n], "empty_s": empty_times[n]} for n, _ in plan]
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
