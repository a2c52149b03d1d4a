"""Views as Parquet tables: the CSV edge and node lists, typed, compressed, column by column.

At a million claims the said-about edge list is two million rows of 25 cells: a gigabyte
of CSV that pandas, polars, DuckDB or igraph must parse again, every cell as text. Parquet
holds the same table with each column's type (booleans, integers, decimals as doubles,
text) and repeated values (IRIs, stances, sources) stored once per row group, so the file
is a fraction of the size and loads without parsing.

The tables are those of :mod:`kg.views.tables`, in the same row order: ``Source``,
``Target``, ``Type``, in a multigraph ``Key``, then the edge attributes in name order; the
node list ``Id``, ``Label``, then the node attributes. A column's type is the one GEXF
declares for it (:func:`kg.views.formats.typed_columns`: integers mixed with decimals
become doubles, any other mix text); lists and dicts are flattened as in the CSV ("; "
between scalars, else compact JSON); no value is null. The file's metadata names the view
and whether its edges are directed (``claimgraph.view``, ``claimgraph.directed``).

pyarrow writes the file; it is an optional dependency (``pip install 'claimgraph[parquet]'``),
imported only here. Rows are converted :data:`ROW_GROUP` at a time, so memory holds one
row group of columns beside the projection, not a copy of the table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import IO, Any

from kg.errors import InputError
from kg.runtime.gc_pause import without_gc
from kg.views.formats import _text, flat_value, typed_columns
from kg.views.gexf import record_signatures, signature_kinds
from kg.views.projection import Deferred, EdgeDicts, Projection, Signature

__all__ = ["ROW_GROUP", "write_projection_edges_parquet", "write_projection_nodes_parquet"]

#: Rows converted and written at a time (one Parquet row group).
ROW_GROUP = 100_000

#: The Arrow type of each GEXF column type.
_ARROW_TYPES = {"boolean": "bool_", "long": "int64", "double": "float64", "string": "string"}

_PLAIN = frozenset({str, int, float, bool, type(None)})
_TEXT = frozenset({str, type(None)})


def _pyarrow() -> Any:
    try:
        import pyarrow as pa
        import pyarrow.parquet  # the writer lives in the submodule
    except ImportError:
        raise InputError(
            "the Parquet exports need pyarrow: pip install 'claimgraph[parquet]'"
        ) from None
    return pa


@without_gc
def write_projection_edges_parquet(p: Projection, out: IO[bytes]) -> None:
    """Write ``p``'s edge list as Parquet: the rows and columns of
    :func:`kg.views.tables.write_projection_edges_csv`, typed."""
    pa = _pyarrow()
    dicts = EdgeDicts.of(p.edges)
    signatures = dicts.own | dicts.shared
    raw = _raw_types(signatures)
    columns, casts = _columns(signature_kinds(signatures), raw)
    kind = "Directed" if p.directed else "Undirected"
    head = [("Source", "string"), ("Target", "string"), ("Type", "string")]
    if p.multigraph:
        head.append(("Key", "string"))
    schema = _schema(pa, head + columns, p)
    names = [name for name, _ in columns]
    convert = [_converter(raw.get(name, set()), casts.get(name)) for name in names]

    def batches() -> Iterator[Any]:
        edges = p.networkx_order()
        while chunk := list(islice(edges, ROW_GROUP)):
            merged = [e.own if e.shared is None else {**e.shared, **e.own} for e in chunk]
            arrays: list[list[Any]] = [
                [e.source for e in chunk],
                [e.target for e in chunk],
                [kind] * len(chunk),
            ]
            if p.multigraph:
                arrays.append([_key_text(e.key) for e in chunk])
            for name, fix in zip(names, convert, strict=True):
                values = [attrs.get(name) for attrs in merged]
                arrays.append(values if fix is None else list(map(fix, values)))
            yield pa.record_batch(arrays, schema=schema)

    _write(pa, out, schema, batches())


@without_gc
def write_projection_nodes_parquet(p: Projection, out: IO[bytes]) -> None:
    """Write ``p``'s node list as Parquet: the rows and columns of
    :func:`kg.views.tables.write_projection_nodes_csv`, typed."""
    pa = _pyarrow()
    signatures = record_signatures(p.nodes.values())
    raw = _raw_types(signatures)
    columns, casts = _columns(signature_kinds(signatures), raw, skip="label")
    schema = _schema(pa, [("Id", "string"), ("Label", "string"), *columns], p)
    names = [name for name, _ in columns]
    convert = [_converter(raw.get(name, set()), casts.get(name)) for name in names]
    label = _converter(raw.get("label", set()) | {str}, _text)

    def batches() -> Iterator[Any]:
        nodes = iter(p.nodes.items())
        while chunk := list(islice(nodes, ROW_GROUP)):
            labels = [attrs.get("label", node) for node, attrs in chunk]
            arrays: list[list[Any]] = [
                [node for node, _ in chunk],
                labels if label is None else list(map(label, labels)),
            ]
            for name, fix in zip(names, convert, strict=True):
                values = [attrs.get(name) for _, attrs in chunk]
                arrays.append(values if fix is None else list(map(fix, values)))
            yield pa.record_batch(arrays, schema=schema)

    _write(pa, out, schema, batches())


def _columns(
    kinds: dict[str, set[type]], raw: dict[str, set[type]], skip: str | None = None
) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    """The columns (name, GEXF type) in name order, with the casts of those mixing types:
    every attribute the CSV has, one that never holds a value as (null) text."""
    typed, casts = typed_columns(kinds, skip=(skip,) if skip else ())
    found = dict(typed)
    names = sorted(name for name in raw if name != skip)
    return [(name, found.get(name, "string")) for name in names], casts


def _raw_types(signatures: Iterable[Signature]) -> dict[str, set[type]]:
    """Each attribute name → the types its values have before flattening."""
    raw: dict[str, set[type]] = {}
    for names, types in signatures:
        for name, kind in zip(names, types, strict=True):
            raw.setdefault(name, set()).add(kind)
    return raw


def _converter(raw: set[type], cast: Any) -> Callable[[Any], Any] | None:
    """What makes a column's values what its Arrow type holds, or None when they already
    are (text, numbers and booleans of one type, or no value): the common case, where a
    row group's column goes to pyarrow as it was read."""
    if (cast is None and raw <= _PLAIN) or (cast is _text and raw <= _TEXT):
        return None

    def fixed(value: Any) -> Any:
        if value is None:
            return None
        flat = value.flat() if isinstance(value, Deferred) else flat_value(value)
        return flat if cast is None or flat is None else cast(flat)

    return fixed


def _key_text(key: Any) -> str:
    flat = flat_value(key)
    return flat if type(flat) is str else _text(flat)


def _schema(pa: Any, columns: list[tuple[str, str]], p: Projection) -> Any:
    fields = [pa.field(name, getattr(pa, _ARROW_TYPES[kind])()) for name, kind in columns]
    return pa.schema(
        fields,
        metadata={
            "claimgraph.view": p.name,
            "claimgraph.directed": "true" if p.directed else "false",
        },
    )


def _write(pa: Any, out: IO[bytes], schema: Any, batches: Iterable[Any]) -> None:
    """The batches to ``out`` as one Parquet file, zstd-compressed, a row group each."""
    sink = pa.PythonFile(out, mode="w")
    with pa.parquet.ParquetWriter(sink, schema, compression="zstd") as writer:
        wrote = False
        for batch in batches:
            writer.write_batch(batch)
            wrote = True
        if not wrote:  # an empty view is still a table with its columns
            writer.write_table(schema.empty_table())
