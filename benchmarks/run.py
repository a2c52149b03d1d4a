"""The claimgraph benchmark: every stage a user meets, beside the engine's limit and rdflib.

    python benchmarks/run.py --claims 100000 --repeat 3 --json results-100k.json

Data comes from benchmarks/generate.py (seed 42): a JSON claim sheet (up to
``--sheet-max`` claims) and the same claims as a JSON Lines stream. Each stage runs in a
child process of its own (benchmarks/stages.py) so peak memory figures never mix, is
repeated ``--repeat`` times, and is reported as the median (with min–max) beside its
baselines, measured in the same run on the same data:

* the engine's own limit: the same quads bulk-loaded (not atomic) and loaded in one
  transaction straight into an on-disk pyoxigraph store, the contested question as one
  SPARQL query, each named query's text, and Oxigraph's own Turtle / N-Triples dump;
* rdflib alone (Memory store, its SPARQL engine, its serializer), once, with a time limit
  (``--rdflib-limit``, 120 s); up to ``--rdflib-max-claims`` claims.

The last table checks the targets of issue 7. Results are kept in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import Outcome, load_average, machine, run_stage

__all__ = ["main"]


@dataclass
class Figure:
    """Several runs of one thing: claimgraph's or a baseline's."""

    label: str
    runs: list[Outcome] = field(default_factory=list)

    @property
    def finished(self) -> list[Outcome]:
        return [r for r in self.runs if r.finished]

    @property
    def median(self) -> float | None:
        done = self.finished
        return statistics.median(r.wall for r in done) if done else None

    @property
    def peak_mb(self) -> float:
        return max((r.peak_mb for r in self.runs), default=0.0)

    def extra(self, key: str) -> Any:
        values = [r.extra[key] for r in self.finished if r.extra.get(key) is not None]
        return statistics.median(values) if values else None

    def text(self) -> str:
        done = self.finished
        if not done:
            return self.runs[0].reason if self.runs else "not run"
        times = sorted(r.wall for r in done)
        spread = f" ({times[0]:.2f}–{times[-1]:.2f})" if len(times) > 1 else ""
        return f"{self.median:.2f} s{spread}"


@dataclass
class Row:
    """A stage, claimgraph's figure, and the baselines it is compared with."""

    stage: str
    ours: Figure
    baselines: list[Figure] = field(default_factory=list)
    note: str = ""


class Bench:
    """Runs the stages and keeps every figure."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.work = Path(args.work or tempfile.mkdtemp(prefix="kg-bench-"))
        if self.work.exists() and any(self.work.iterdir()):
            raise SystemExit(f"{self.work} is not empty: --work takes a new or empty directory")
        self.work.mkdir(parents=True, exist_ok=True)
        self.rows: list[Row] = []
        self.notes: list[str] = []
        self.store = str(self.work / "store")
        self.nquads = str(self.work / "data.nq")

    def run(self, name: str, args: list[str], repeat: int | None = None, **limits: Any) -> Figure:
        figure = Figure(name)
        for _ in range(repeat or self.args.repeat):
            outcome = run_stage(name, args, **limits)
            figure.runs.append(outcome)
            print(f"  {name} {' '.join(Path(a).name for a in args)}: {_short(outcome)}", flush=True)
            if not outcome.finished:
                break
        return figure

    def rdflib(self, name: str, args: list[str]) -> Figure | None:
        if self.args.claims > self.args.rdflib_max_claims:
            return None
        figure = self.run(
            name,
            args,
            repeat=1,
            limit=self.args.rdflib_limit,
            setup_limit=self.args.engine_limit,  # loading is not the work being timed
        )
        figure.label = f"rdflib alone ({name.removeprefix('rdflib-')}), 1 run"
        return figure

    # --- the stages ----------------------------------------------------------------------------

    def data(self) -> list[Path]:
        inputs = []
        if self.args.claims <= self.args.sheet_max:
            inputs.append(self.work / "claims.json")
        inputs.append(self.work / "claims.jsonl")
        for path in inputs:
            run_stage("generate", [str(self.args.claims), str(path)])
        return inputs

    def ingest(self, inputs: list[Path]) -> None:
        ingests = {}
        for path in inputs:
            figure = self.run("ingest", [str(path), self.store])
            figure.label = f"kg ingest {path.suffix.lstrip('.')}"
            ingests[path] = figure
            if not figure.finished:
                raise SystemExit(f"ingest failed: {figure.runs[-1].reason}")
        run_stage("dump-nquads", [self.store, self.nquads])
        bulk = self.run("engine-bulk", [self.nquads, str(self.work / "engine-bulk")])
        bulk.label = "engine: bulk load (not atomic)"
        transaction = self.run(
            "engine-transaction",
            [self.nquads, str(self.work / "engine-tx")],
            limit=self.args.engine_limit,
            memory_cap_mb=self.args.memory_cap_gib * 1024,
        )
        transaction.label = "engine: one transaction"
        rdflib = self.rdflib("rdflib-load", [self.nquads])
        for path, figure in ingests.items():
            baselines = [transaction, bulk] + ([rdflib] if rdflib else [])
            self.rows.append(
                Row(f"ingest, {path.suffix.lstrip('.')} input, end to end", figure, baselines)
            )
        primary = inputs[0]
        dry = self.run("dry-run", [str(primary)])
        minted = self.run("mint", [str(primary)])
        valid = self.run("validate", [str(primary)])
        parts = [
            ("  part: parse + validate", valid, None),
            ("  part: + mint", minted, valid),
            ("  part: + derive (dry run: nothing stored)", dry, minted),
        ]
        for name, figure, before in parts:
            note = ""
            if before is not None and figure.median is not None and before.median is not None:
                note = f"this part alone: {figure.median - before.median:.2f} s"
            self.rows.append(Row(f"{name} ({primary.suffix.lstrip('.')})", figure, [], note))
        ours = ingests[primary]
        if ours.median is not None and dry.median is not None:
            self.notes.append(
                f"Storing adds {ours.median - dry.median:.2f} s to the dry run "
                f"({primary.name}): the engine's bulk load runs beside Python's work."
            )

    def contested(self) -> None:
        ours = self.run("contested", [self.store])
        ours.label = "kg contested --format json"
        written = self.run("engine-contested-json", [self.store])
        written.label = "engine: one SPARQL query + its JSON writer"
        engine = self.run("engine-contested", [self.store])
        engine.label = "engine: one SPARQL query"
        graphs = self.run("contested-from-graphs", [self.store])
        graphs.label = "kg's listing read from the graphs (a store without kept rows)"
        baselines = [written, engine, graphs]
        if (rdflib := self.rdflib("rdflib-contested", [self.nquads])) is not None:
            rdflib.label = "rdflib alone (the same SPARQL query), 1 run"
            baselines.append(rdflib)
        listing = run_stage("named-list", []).extra.get("queries") or {}
        if "contested" in listing:
            named = self.rdflib("rdflib-named", ["contested", self.nquads])
            if named is not None:
                named.label = "rdflib alone (kg's named query 'contested'), 1 run"
                baselines.append(named)
        first = ours.extra("first_100_lines")
        note = f"first 100 lines after {first:.2f} s" if first is not None else ""
        self.rows.append(Row("kg contested (all, JSON)", ours, baselines, note))
        claims = self.run("claims", [self.store])
        claims.label = "kg claims --format json"
        written = self.run("engine-claims-json", [self.store])
        written.label = "engine: one SPARQL query + its JSON writer"
        self.rows.append(Row("kg claims (all, JSON)", claims, [written], ""))

    def named(self) -> None:
        listing = run_stage("named-list", []).extra.get("queries")
        if not listing:
            self.notes.append("No named queries in this checkout (kg.sparql / kg.query): skipped.")
            return
        for name in sorted(listing):
            ours = self.run("named", [name, self.store])
            ours.label = f"kg query --named {name}"
            engine = self.run("engine-named", [name, self.store])
            engine.label = "engine: the same query text"
            rows = ours.extra("rows")
            self.rows.append(Row(f"named query {name}", ours, [engine], f"{rows} rows"))

    def export(self) -> None:
        for fmt in ("turtle", "nt"):
            output = str(self.work / f"export.{fmt}")
            ours = self.run("export", [fmt, self.store, output])
            ours.label = f"kg export --format {fmt}"
            engine = self.run("engine-dump", [fmt, self.store, output])
            engine.label = "engine: its own dump"
            baselines = [engine]
            if (rdflib := self.rdflib("rdflib-export", [fmt, self.nquads, output])) is not None:
                baselines.append(rdflib)
            self.rows.append(Row(f"export {fmt}", ours, baselines, f"{ours.extra('mb')} MB"))
            Path(output).unlink(missing_ok=True)

    def views(self) -> None:
        listing = run_stage("view-list", []).extra.get("views")
        if not listing:
            self.notes.append("No NetworkX projections in this checkout (kg.views): skipped.")
            return
        rdflib = self.rdflib("rdflib-view", [self.nquads])
        for name in listing:
            ours = self.run("view", [name, self.store])
            ours.label = f"projection {name}"
            note = f"{ours.extra('nodes')} nodes, {ours.extra('edges')} edges"
            self.rows.append(
                Row(f"NetworkX projection {name}", ours, [rdflib] if rdflib else [], note)
            )

    def cleanup(self) -> None:
        if not self.args.keep:
            shutil.rmtree(self.work, ignore_errors=True)


def _short(outcome: Outcome) -> str:
    if not outcome.finished:
        return outcome.reason
    return f"{outcome.wall:.2f} s, peak {outcome.peak_mb:.0f} MB"


# --- report ------------------------------------------------------------------------------------


def _ratio(ours: Figure, base: Figure) -> str:
    if ours.median is None:
        return ""
    if base.median is None:
        return "baseline did not finish"
    if base.median == 0:
        return ""
    return f"{ours.median / base.median:.2f}×"


def results_table(rows: list[Row]) -> str:
    lines = [
        "| stage | claimgraph | peak MB | baseline | baseline time | ours ÷ baseline | note |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        bases = row.baselines or [None]
        for index, base in enumerate(bases):
            first = index == 0
            lines.append(
                "| "
                + " | ".join(
                    [
                        row.stage if first else "",
                        row.ours.text() if first else "",
                        f"{row.ours.peak_mb:.0f}" if first else "",
                        base.label if base else "—",
                        base.text() if base else "",
                        _ratio(row.ours, base) if base else "",
                        row.note if first else "",
                    ]
                )
                + " |"
            )
    return "\n".join(lines)


def targets_table(bench: Bench) -> str:
    """Issue 7's targets, each with the measured figure and met / missed."""
    claims = bench.args.claims
    big = claims >= 1_000_000
    rows = {r.stage: r for r in bench.rows}
    out = ["| target | measured | verdict |", "| --- | --- | --- |"]

    def add(target: str, measured: str, ok: bool | None) -> None:
        verdict = "n/a" if ok is None else ("met" if ok else "**missed**")
        out.append(f"| {target} | {measured} | {verdict} |")

    ingest = next((r for s, r in rows.items() if s.startswith("ingest, json")), None)
    ingest = ingest or next((r for s, r in rows.items() if s.startswith("ingest,")), None)
    if ingest and ingest.ours.median:
        rate = claims / ingest.ours.median
        add(f"ingest ≥ 5,000 claims/s ({ingest.stage})", f"{rate:,.0f} claims/s", rate >= 5000)
        for base, limit, what in (
            (ingest.baselines[0], 1.5, "≤ 1.5× the engine's transactional load"),
            (ingest.baselines[1], 1.5, "stretch: ≤ 1.5× the engine's bulk load"),
        ):
            if base.median is None:
                add(what, f"baseline: {base.text()}", True)
            else:
                ratio = ingest.ours.median / base.median
                add(what, f"{ratio:.2f}×", ratio <= limit)
    contested = rows.get("kg contested (all, JSON)")
    if contested and contested.ours.median is not None:
        limit = 30 if big else 3
        add(f"kg contested < {limit} s", contested.ours.text(), contested.ours.median < limit)
        first = contested.ours.extra("first_100_lines")
        if first is not None:
            add("kg contested: first 100 lines < 0.5 s", f"{first:.2f} s", first < 0.5)
        written = contested.baselines[0]
        if written.median:
            ratio = contested.ours.median / written.median
            add(
                "kg contested ≤ 2× the engine's query + JSON writer",
                f"{ratio:.2f}×",
                ratio <= 2,
            )
    for stage, row in rows.items():
        if stage.startswith("named query") and row.ours.median is not None:
            limit = 5 if big else 1
            add(f"{stage} < {limit} s", row.ours.text(), row.ours.median < limit)
    turtle = rows.get("export turtle")
    if turtle and turtle.ours.median and turtle.baselines[0].median:
        speed = turtle.baselines[0].median / turtle.ours.median
        add("export Turtle ≥ 0.5× the engine's own dump", f"{speed:.2f}× its speed", speed >= 0.5)
    for stage, row in rows.items():
        if stage.startswith("NetworkX") and row.ours.median is not None:
            limit = 60 if big else 5
            add(f"{stage} < {limit} s", row.ours.text(), row.ours.median < limit)
    ours_peak = max((r.ours.peak_mb for r in bench.rows), default=0.0)
    cap = 4096 if big else 2048
    add(
        f"peak memory < {cap // 1024} GiB (every claimgraph stage)",
        f"{ours_peak:,.0f} MB",
        ours_peak < cap,
    )
    if not big:
        for stage_name in (ingest.stage if ingest else "", "export turtle", "export nt"):
            row = rows.get(stage_name)
            rdflib = (
                next((b for b in row.baselines if b.label.startswith("rdflib")), None)
                if row
                else None
            )
            if row and rdflib and row.ours.median:
                if rdflib.median is None:
                    add(f"vs rdflib: {stage_name} ≥ 10× faster", f"rdflib: {rdflib.text()}", True)
                else:
                    speedup = rdflib.median / row.ours.median
                    add(f"vs rdflib: {stage_name} ≥ 10× faster", f"{speedup:.1f}×", speedup >= 10)
        if contested:
            for rdflib in (b for b in contested.baselines if b.label.startswith("rdflib")):
                answered = contested.ours.median is not None
                what = rdflib.label.removeprefix("rdflib alone ").removesuffix(", 1 run")
                add(
                    f"answers the contested question where rdflib does not finish in 120 s {what}",
                    f"kg: {contested.ours.text()}; rdflib: {rdflib.text()}",
                    None if rdflib.median is not None else answered,
                )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, required=True)
    parser.add_argument("--repeat", type=int, default=3, help="runs per stage [3]")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument(
        "--work", help="working directory, new or empty; removed at the end [a temporary one]"
    )
    parser.add_argument("--keep", action="store_true", help="keep the working directory")
    parser.add_argument("--sheet-max", type=int, default=200_000, help="largest JSON sheet")
    parser.add_argument("--rdflib-limit", type=float, default=120.0)
    parser.add_argument("--rdflib-max-claims", type=int, default=200_000)
    parser.add_argument("--engine-limit", type=float, default=1800.0)
    parser.add_argument("--memory-cap-gib", type=float, default=8.0, help="for baselines")
    args = parser.parse_args(argv)

    started, load_before = time.strftime("%Y-%m-%d %H:%M"), load_average()
    bench = Bench(args)
    command = "python benchmarks/run.py " + " ".join(sys.argv[1:] if argv is None else argv)
    print(f"{command}\nworking in {bench.work}", flush=True)
    try:
        inputs = bench.data()
        bench.ingest(inputs)
        bench.contested()
        bench.named()
        bench.export()
        bench.views()
    finally:
        bench.cleanup()
    load_after = load_average()
    info = machine()
    header = (
        f"## {args.claims:,} claims — {started}\n\n"
        f"`{command}`\n\n"
        f"{info.get('nproc')} cores ({info.get('cpu', '?')}), {info.get('ram_gib', '?')} GiB RAM, "
        f"Python {info['python']}, pyoxigraph {info['pyoxigraph']}, rdflib {info['rdflib']}; "
        f"1-minute load {load_before:.2f} before, {load_after:.2f} after; "
        f"median of {args.repeat} run(s) a stage (rdflib: 1 run, {args.rdflib_limit:.0f} s limit)."
    )
    report = "\n\n".join(
        [header, results_table(bench.rows), *[f"- {n}" for n in bench.notes], targets_table(bench)]
    )
    print("\n" + report)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "command": command,
                    "started": started,
                    "load": [load_before, load_after],
                    "machine": info,
                    "rows": [asdict(r) for r in bench.rows],
                    "notes": bench.notes,
                    "report": report,
                },
                indent=1,
                default=str,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
