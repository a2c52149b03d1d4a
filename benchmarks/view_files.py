"""Write each view as a file, every format, and load it back as a reader would.

    python benchmarks/view_files.py --claims 100000
    python benchmarks/view_files.py --store /tmp/big/s1m      # a store you already have

For each view, ``kg export --view V --format F -o FILE`` runs in a fresh process (start-up
included) for the CSV edge list (``edges``, the baseline: the cheapest file before
Parquet), its Parquet twin (``edges-parquet``) and GEXF; the table gives the time, the
child's peak memory, the file's size, the ratio of time and size to the CSV's, and how long
reading the file back takes in Python: the CSV with the ``csv`` module into lists, the
Parquet file with pyarrow into a table (what pandas and polars call underneath), GEXF not
read (Gephi's job). Generated stores are made by ``generate.ingested_store``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # run as a script or imported: the sibling generate.py

from generate import ingested_store  # noqa: E402

VIEWS = ("said-about", "disagreement", "chains", "claims")
#: (format, file suffix); the first is the baseline
FORMATS = (("edges", "csv"), ("edges-parquet", "parquet"), ("gexf", "gexf"))


def export(store: Path, view: str, fmt: str, target: Path) -> tuple[float, float]:
    """Seconds and the child's peak memory (MiB) of one ``kg export`` in a fresh process."""
    errors = target.with_name("stderr.txt")
    args = ["--store", str(store), "export", "--no-progress", "--view", view]
    args += ["--format", fmt, "-o", str(target)]
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child becomes the kg process, so its rusage is the export's alone
        fd = os.open(errors, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(fd, 2)
        os.execv(sys.executable, [sys.executable, "-m", "kg", *args])
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"kg {' '.join(args)} failed: {errors.read_text()[-500:]}")
    return seconds, usage.ru_maxrss / 1024


def read_back(fmt: str, path: Path) -> float | None:
    """Seconds to load the file as a reader would, in this process; None: not read."""
    started = time.perf_counter()
    if fmt == "edges":
        with path.open(newline="", encoding="utf-8") as f:
            rows = sum(1 for _ in csv.reader(f))
    elif fmt == "edges-parquet":
        import pyarrow.parquet as pq

        rows = pq.read_table(path).num_rows + 1
    else:
        return None
    assert rows >= 1
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=30000, help="claims to generate")
    parser.add_argument("--store", type=Path, help="use this store instead of generating one")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="kg-view-files-"))
    figures = []
    try:
        if args.store is None:
            started = time.perf_counter()
            store = ingested_store(args.claims, workdir / "store")
            print(
                f"{args.claims:,} generated claims, ingested in {time.perf_counter() - started:.1f} s"
            )
        else:
            store = args.store
            print(f"store {store}")
        load = os.getloadavg()[0]
        print(f"1-minute load before: {load:.2f}; each export a fresh process\n")
        print("| view | format | export | ratio | peak | file | ratio | read back |")
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for view in VIEWS:
            base: tuple[float, int] | None = None
            for fmt, suffix in FORMATS:
                target = workdir / f"{view}.{suffix}"
                seconds, peak = export(store, view, fmt, target)
                size = target.stat().st_size
                read = read_back(fmt, target)
                target.unlink()
                base = base or (seconds, size)
                print(
                    f"| {view} | {fmt} | {seconds:.2f} s | {seconds / base[0]:.2f}× | {peak:,.0f} MiB "
                    f"| {size / 1e6:,.2f} MB | {size / base[1]:.3f}× "
                    f"| {'—' if read is None else f'{read:.2f} s'} |"
                )
                figures.append(
                    {
                        "view": view,
                        "format": fmt,
                        "seconds": seconds,
                        "peak_mib": peak,
                        "bytes": size,
                        "read_back_s": read,
                    }
                )
        print(f"\n1-minute load after: {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
