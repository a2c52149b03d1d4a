"""Where a long ingest or view export spends its time: each stage's wall time and CPU.

    python benchmarks/stage_times.py ingest STORE INPUT…
    python benchmarks/stage_times.py view STORE VIEW FORMAT OUTPUT

Both run the library calls behind ``kg ingest`` and ``kg export --view`` in this process
and listen to their progress calls (kg.runtime.progress): a stage starts when it is first
named; opening the store and the imports before the first stage count in "all" only.
Each line gives the stage's wall time and the process's CPU time (user + system,
every thread) spent in it: on two cores, CPU above wall time means both were busy. No
baseline here: this splits one figure that the other scripts compare.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path


class StageClock:
    """A progress function that records when each stage starts, in wall and CPU time."""

    def __init__(self) -> None:
        self.marks: list[tuple[str, float, float]] = [("start", time.perf_counter(), _cpu())]

    def __call__(self, stage: str, done: int, total: int) -> None:
        if all(stage != name for name, _, _ in self.marks):
            self.marks.append((stage, time.perf_counter(), _cpu()))

    def report(self) -> list[tuple[str, float, float]]:
        """(stage, wall seconds, CPU seconds) for every stage, then the whole."""
        marks = self.marks + [("end", time.perf_counter(), _cpu())]
        rows = [
            (name, after[1] - at, after[2] - cpu)
            for (name, at, cpu), after in itertools.pairwise(marks[1:])
        ]
        rows.append(("all", marks[-1][1] - marks[0][1], marks[-1][2] - marks[0][2]))
        return rows


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_ingest(store: str, inputs: list[str], clock: StageClock) -> str:
    from kg.ingest import ingest
    from kg.store import open_store

    with open_store(store, writable=True) as opened:
        return ingest(opened, inputs, progress=clock).summary()


def run_view(store: str, view: str, fmt: str, output: str, clock: StageClock) -> str:
    from kg.store import open_store
    from kg.views import write_view

    with open_store(store) as opened, Path(output).open("wb") as out:
        write_view(opened, out, fmt, view, progress=clock)
    return f"wrote {output} ({Path(output).stat().st_size:,} bytes)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    ingest = commands.add_parser("ingest", help="kg ingest INPUT… into STORE")
    ingest.add_argument("store")
    ingest.add_argument("inputs", nargs="+")
    view = commands.add_parser("view", help="kg export --view VIEW --format FORMAT")
    view.add_argument("store")
    view.add_argument("view")
    view.add_argument("format")
    view.add_argument("output")
    args = parser.parse_args(argv)
    clock = StageClock()
    work: Callable[[], str]
    if args.command == "ingest":
        work = lambda: run_ingest(args.store, args.inputs, clock)  # noqa: E731
    else:
        work = lambda: run_view(args.store, args.view, args.format, args.output, clock)  # noqa: E731
    said = work()
    print(said)
    print("| stage | wall | CPU |")
    print("| --- | ---: | ---: |")
    for name, wall, cpu in clock.report():
        print(f"| {name} | {wall:.2f} s | {cpu:.2f} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
