"""A view's Parquet tables hold its CSV tables' rows, typed.

``kg export --view V --format edges-parquet|nodes-parquet`` writes the edge and node lists
of :mod:`kg.views.tables` as Parquet (:mod:`kg.views.parquet`). Read back with pyarrow,
every row and column must say what the CSV says, cell for cell, in the same order; what
changes is that numbers and booleans keep their types and no value is null.
"""

from __future__ import annotations

import csv
import io
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import KgRunner
from hypothesis import HealthCheck, given, settings
from strategies import conflict_sheets, sheets
from test_views_direct import Later

from kg.demo import example_path
from kg.ingest import ingest_claimset
from kg.inputs.sheets import sheet_to_claimset
from kg.store import Store
from kg.store.embedded import EmbeddedStore
from kg.views import (
    VIEWS,
    Projection,
    project_view,
    write_projection_edges_csv,
    write_projection_edges_parquet,
    write_projection_nodes_csv,
    write_projection_nodes_parquet,
)
from kg.views.projection import Edge

TABLES: dict[str, tuple[Callable[..., None], Callable[..., None]]] = {
    "edges": (write_projection_edges_csv, write_projection_edges_parquet),
    "nodes": (write_projection_nodes_csv, write_projection_nodes_parquet),
}


def parquet_table(write: Callable[..., None], p: Projection) -> pa.Table:
    out = io.BytesIO()
    write(p, out)
    return pq.read_table(io.BytesIO(out.getvalue()))


def csv_rows(write: Callable[..., None], p: Projection) -> list[list[str]]:
    out = io.BytesIO()
    write(p, out)
    return list(csv.reader(io.StringIO(out.getvalue().decode("utf-8"), newline="")))


def assert_tables_match(p: Projection) -> None:
    """Both tables of ``p``: the CSV's header, then its rows, cell for cell."""
    for name, (to_csv, to_parquet) in TABLES.items():
        rows = csv_rows(to_csv, p)
        table = parquet_table(to_parquet, p)
        assert table.column_names == rows[0], name
        assert table.num_rows == len(rows) - 1, name
        types = {field.name: field.type for field in table.schema}
        for row, record in zip(rows[1:], table.to_pylist(), strict=True):
            for column, cell in zip(rows[0], row, strict=True):
                assert same_cell(cell, record[column], types[column]), (name, column, cell)


def same_cell(cell: str, value: Any, kind: pa.DataType) -> bool:
    """Whether a Parquet value says what a CSV cell says."""
    if value is None:
        return cell == ""
    if pa.types.is_boolean(kind):
        return cell == ("true" if value else "false")
    if pa.types.is_floating(kind):
        return float(cell) == value  # an int in a column mixing ints and decimals: 1 → 1.0
    if pa.types.is_integer(kind):
        return int(cell) == value
    return bool(cell == value)


def test_the_example_views_as_parquet(example_store: Store) -> None:
    for name in VIEWS:
        assert_tables_match(project_view(example_store, name))
        assert_tables_match(project_view(example_store, name, about="meta"))


def test_columns_keep_their_types(example_store: Store) -> None:
    """What a dataframe user gets: numbers as numbers, flags as booleans, the view named."""
    edges = parquet_table(write_projection_edges_parquet, project_view(example_store, "said-about"))
    schema = edges.schema
    assert schema.field("amount_min").type == pa.float64()
    assert schema.field("contradicted").type == pa.bool_()
    assert schema.field("claim_id").type == pa.string()
    assert schema.metadata == {b"claimgraph.view": b"said-about", b"claimgraph.directed": b"true"}
    altman = [row for row in edges.to_pylist() if row["claim_id"] == "altman-100m"]
    assert {row["amount_min"] for row in altman} == {100_000_000.0}
    assert {row["contradicted"] for row in altman} == {True}
    nodes = parquet_table(
        write_projection_nodes_parquet, project_view(example_store, "disagreement")
    )
    assert nodes.schema.metadata[b"claimgraph.directed"] == b"false"
    assert "Sam Altman" in nodes.column("Label").to_pylist()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheet=sheets(max_claims=8))
def test_odd_values_as_parquet(sheet: dict[str, Any]) -> None:
    with EmbeddedStore(None, writable=True) as store:
        ingest_claimset(store, sheet_to_claimset(sheet))
        for name in VIEWS:
            assert_tables_match(project_view(store, name))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheet=conflict_sheets())
def test_links_as_parquet(sheet: dict[str, Any]) -> None:
    with EmbeddedStore(None, writable=True) as store:
        ingest_claimset(store, sheet_to_claimset(sheet))
        for name in VIEWS:
            assert_tables_match(project_view(store, name))


@pytest.mark.parametrize("directed", [True, False])
def test_mixed_types_and_missing_values(directed: bool) -> None:
    """Ints mixed with floats become doubles, text mixed with numbers text, a value no
    element has a column of nulls, lists and deferred values their flat text."""
    p = Projection("mixed", directed=directed, multigraph=directed, deferred=("later",))
    p.nodes = {
        "b": {"label": 'B "quoted"', "n": 2.5, "info": {"k": [1, 2]}},
        "a": {"label": 7, "tags": ["x", "y"], "missing": None, "n": 1},
        "c": {"n": True, "flag": False},
        "e": {},
    }
    shared = {"note": None, "w": 1, "text": "two\nlines, quoted", "later": Later("p", "q")}
    keyed = directed
    p.edges = [
        Edge("b", "a", "k1" if keyed else None, {"note": "a,b", "weight": 2}, shared),
        Edge("e", "b", "k2" if keyed else None, {"w": 2.5, "label": 3}, shared),
        Edge("c", "a", "k3" if keyed else None, {"weight": 2.5, "label": "x"}),
        Edge("e", "e", "k4" if keyed else None, {"later": Later({"j": None}), "flag": 1}),
        Edge("c", "b", "k5" if keyed else None, {"weight": "heavy", "x": None}, shared),
    ]
    assert_tables_match(p)
    edges = parquet_table(write_projection_edges_parquet, p)
    assert edges.schema.field("w").type == pa.float64()
    assert edges.schema.field("weight").type == pa.string()
    assert edges.column("x").null_count == len(p.edges)


def test_an_empty_view_is_a_table_with_its_columns() -> None:
    for directed in (True, False):
        p = Projection("empty", directed=directed, multigraph=directed)
        edges = parquet_table(write_projection_edges_parquet, p)
        assert edges.num_rows == 0
        assert edges.column_names[:3] == ["Source", "Target", "Type"]


def test_row_groups_bound_what_is_converted_at_once(
    example_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.views.parquet

    monkeypatch.setattr(kg.views.parquet, "ROW_GROUP", 5)
    p = project_view(example_store, "said-about")
    out = io.BytesIO()
    write_projection_edges_parquet(p, out)
    data = pq.ParquetFile(io.BytesIO(out.getvalue()))
    assert data.metadata.num_row_groups == -(-len(p.edges) // 5)
    assert_tables_match(p)


def test_kg_export_writes_parquet(kg: KgRunner, tmp_path: Path) -> None:
    assert kg("ingest", str(example_path())).exit_code == 0
    target = tmp_path / "edges.parquet"
    result = kg("export", "--view", "disagreement", "--format", "edges-parquet", "-o", str(target))
    assert result.exit_code == 0, result.output
    table = pq.read_table(target)
    assert table.schema.metadata[b"claimgraph.view"] == b"disagreement"
    pairs = {frozenset((row["Source"], row["Target"])) for row in table.to_pylist()}
    assert any(any("altman" in end for end in pair) for pair in pairs)
    nodes = tmp_path / "nodes.parquet"
    assert (
        kg(
            "export", "--view", "disagreement", "--format", "nodes-parquet", "-o", str(nodes)
        ).exit_code
        == 0
    )
    assert set(pq.read_table(nodes).column("Id").to_pylist()) >= set().union(*pairs)


def test_without_pyarrow_the_export_says_what_to_install(
    kg: KgRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert kg("ingest", str(example_path())).exit_code == 0
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow raises ImportError
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    target = tmp_path / "edges.parquet"
    result = kg("export", "--view", "said-about", "--format", "edges-parquet", "-o", str(target))
    assert result.exit_code == 1
    assert "pip install 'claimgraph[parquet]'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not target.exists()
    assert not list(tmp_path.glob(".*partial"))  # nothing half-written


def test_parquet_goes_to_standard_output_only_when_it_is_not_a_terminal(
    kg: KgRunner, store_dir: Path
) -> None:
    assert kg("ingest", str(example_path())).exit_code == 0
    piped = kg("export", "--view", "chains", "--format", "nodes-parquet")
    assert piped.exit_code == 0
    assert pq.read_table(io.BytesIO(piped.stdout_bytes)).num_rows > 0
    # on a terminal: a usage error, not a screenful of binary
    import pty
    import subprocess

    leader, follower = pty.openpty()
    argv = [sys.executable, "-m", "kg", "--store", str(store_dir), "export", "--view", "chains"]
    try:
        proc = subprocess.run(
            [*argv, "--format", "edges-parquet"],
            stdout=follower,
            stderr=subprocess.PIPE,
            timeout=120,
            check=False,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert proc.returncode == 2
    assert b"edges-parquet is a binary file: give -o FILE, or redirect the output" in proc.stderr


def test_a_parquet_file_name_asks_which_table(kg: KgRunner, tmp_path: Path) -> None:
    assert kg("ingest", str(example_path())).exit_code == 0
    target = tmp_path / "said.parquet"
    result = kg("export", "--view", "said-about", "-o", str(target))
    assert result.exit_code == 2
    assert "give --format edges-parquet or --format nodes-parquet" in result.stderr
    assert not target.exists()
