"""The benchmark suite runs at a tiny size, so it cannot rot. No test here asserts a time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def table_rows(*args: str) -> list[list[str]]:
    """Run a benchmark script (``args``: its name in benchmarks/, then its arguments) and
    give the body rows of the Markdown table it prints, each as its stripped cells."""
    script, *rest = args
    proc = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *rest],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = [line for line in proc.stdout.splitlines() if line.startswith("| ")]
    rows = [[cell.strip() for cell in line.split("|")[1:-1]] for line in lines]
    return rows[2:]  # after the header and its rule


def test_the_benchmark_prints_every_row_and_the_targets(tmp_path: Path) -> None:
    result = tmp_path / "results.json"
    proc = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "run.py"),
            "--claims",
            "300",
            "--repeat",
            "1",
            "--json",
            str(result),
            "--work",
            str(tmp_path / "work"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = proc.stdout
    for row in (
        "| ingest, json input, end to end |",
        "| ingest, jsonl input, end to end |",
        "part: parse + validate",
        "part: + mint",
        "part: + derive",
        "| kg contested (all, JSON) |",
        "| export turtle |",
        "| export nt |",
        "engine: one transaction",
        "engine: bulk load (not atomic)",
        "engine: one SPARQL query",
        "read from the graphs (a store without kept rows)",
        "engine: its own dump",
        "rdflib alone",
        "| target | measured | verdict |",
        "peak memory",
    ):
        assert row in out, row
    # Named queries and projections come from other parts of kg: each is run or its
    # absence is said.
    assert "| named query " in out or "No named queries" in out
    assert "| NetworkX projection " in out or "No NetworkX projections" in out
    assert "did not finish" not in out and "failed" not in out
    assert result.exists()
    assert not (tmp_path / "work").exists()  # the working directory is cleaned up


def test_the_remote_benchmark_compares_a_served_store_with_the_embedded_one() -> None:
    proc = subprocess.run(
        [sys.executable, str(BENCHMARKS / "remote.py"), "--claims", "60", "--only", "kg-serve"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    rows = {line.split()[0]: line for line in proc.stdout.splitlines() if line.strip()}
    assert "(baseline)" in rows["embedded"]
    assert rows["kg-serve"].endswith("yes"), proc.stdout


def test_the_small_writes_benchmark_times_each_step_against_an_empty_store() -> None:
    rows = table_rows("small_writes.py", "--claims", "60", "--retract")
    assert [row[0] for row in rows] == [
        "ingest the sheet",
        "ingest it again",
        "claims --about",
        "graph said-about --about",
        "viz --about (SVG)",
        "query --named said-about",
        "retract --source",
    ]
    # The reads answer the same on the bigger store as on the empty one.
    assert [row[4] for row in rows] == ["-", "-", "yes", "yes", "-", "yes", "-"]


def test_the_busy_node_benchmark_times_each_step_against_the_same_story_without_it() -> None:
    rows = table_rows("busy_node.py", "--claims", "300")
    assert [row[0] for row in rows] == [
        "viz --about (HTML)",
        "viz, whole store (HTML)",
        "graph said-about --about",
        "graph disagreement --about",
        "claims --about",
    ]
    # every step wrote something on both stores
    assert all(float(row[4].split()[0]) > 0 for row in rows[:2]), rows


def test_the_view_files_benchmark_writes_every_view_in_every_format() -> None:
    rows = table_rows("view_files.py", "--claims", "300")
    assert [(row[0], row[1]) for row in rows] == [
        (view, fmt)
        for view in ("said-about", "disagreement", "chains", "claims")
        for fmt in ("edges", "edges-parquet", "gexf")
    ]
    for row in rows:
        assert float(row[5].split()[0]) > 0, row  # a file was written
        if row[1] == "edges":
            assert row[3] == "1.00×" and row[6] == "1.000×"  # the baseline
        if row[1] == "edges-parquet":
            assert float(row[6].rstrip("×")) < 1, row  # smaller than the CSV
            assert row[7].endswith(" s"), row  # and read back


def test_stage_times_splits_an_ingest_and_a_view_export(tmp_path: Path) -> None:
    sheet = tmp_path / "claims.jsonl"
    subprocess.run(
        [sys.executable, str(BENCHMARKS / "generate.py"), "--claims", "300", "-o", str(sheet)],
        check=True,
    )
    store = str(tmp_path / "store")
    runs = [
        ["stage_times.py", "ingest", store, str(sheet)],
        ["stage_times.py", "view", store, "said-about", "gexf", str(tmp_path / "v.gexf")],
    ]
    stages = [[row[0] for row in table_rows(*args)] for args in runs]
    assert stages == [
        ["read", "derive", "write", "listings", "all"],
        ["claims", "view", "file", "all"],
    ]
    assert (tmp_path / "v.gexf").stat().st_size > 0
