"""Views as two CSV tables, an edge list and a node list, for tools that load tables.

Gephi's spreadsheet import, pandas, igraph, graph-tool and most databases read a CSV edge
list directly. ``kg export`` writes the tables from the view's projection
(:func:`write_projection_edges_csv`, :func:`write_projection_nodes_csv`), with no NetworkX
graph; :func:`write_edges_csv` and :func:`write_nodes_csv` write a graph's, the same bytes
(the rows in the order the graph lists its edges and nodes). The column names are Gephi's:

- edges: ``Source``, ``Target``, ``Type`` (``Directed`` or ``Undirected``), in a
  multigraph ``Key`` (the view's own edge key, such as the claim), then every edge
  attribute the view has, in name order;
- nodes: ``Id``, ``Label`` (the node's ``label``), then every other node attribute.

Values are flattened as in GraphML and GEXF (a list of scalars joined by ``"; "``, other
lists and dicts as compact JSON, no value as an empty cell).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import IO, Any

import networkx as nx

from kg.views._gc import without_gc
from kg.views.formats import flat_value
from kg.views.projection import Deferred, EdgeDicts, Projection, values_getter

__all__ = [
    "write_edges_csv",
    "write_nodes_csv",
    "write_projection_edges_csv",
    "write_projection_nodes_csv",
]


def write_edges_csv(G: nx.Graph, out: IO[bytes]) -> None:
    """Write ``G``'s edges as a CSV edge list (module docstring), one row an edge."""
    kind = "Directed" if G.is_directed() else "Undirected"
    multi = G.is_multigraph()
    edges: Iterable[tuple[Any, ...]] = (
        G.edges(keys=True, data=True) if multi else G.edges(data=True)
    )
    names = _attribute_names(data for *_, data in edges)
    head = ["Source", "Target", "Type", *(["Key"] if multi else []), *names]

    def rows() -> Iterator[list[Any]]:
        for edge in edges:
            u, v, data = edge[0], edge[1], edge[-1]
            key = [flat_value(edge[2])] if multi else []
            yield [u, v, kind, *key, *(_cell(data.get(name)) for name in names)]

    _write(out, head, rows())


def write_nodes_csv(G: nx.Graph, out: IO[bytes]) -> None:
    """Write ``G``'s nodes as a CSV node list (module docstring), one row a node."""
    names = [n for n in _attribute_names(data for _, data in G.nodes(data=True)) if n != "label"]
    head = ["Id", "Label", *names]
    rows = (
        [node, _cell(data.get("label", node)), *(_cell(data.get(name)) for name in names)]
        for node, data in G.nodes(data=True)
    )
    _write(out, head, rows)


def _attribute_names(records: Iterable[dict[str, Any]]) -> list[str]:
    names: set[str] = set()
    for attrs in records:
        names.update(attrs)
    return sorted(names)


def _cell(value: Any) -> Any:
    flat = flat_value(value)
    if flat is None:
        return ""
    if isinstance(flat, bool):
        return "true" if flat else "false"
    return flat


def _write(out: IO[bytes], head: list[str], rows: Iterable[list[Any]]) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=False)
    try:
        writer = csv.writer(text)
        writer.writerow(head)
        writer.writerows(rows)
        text.flush()
    finally:
        text.detach()  # the caller owns ``out``


@without_gc
def write_projection_edges_csv(p: Projection, out: IO[bytes]) -> None:
    """Write ``p``'s edges as :func:`write_edges_csv` writes ``p.graph()``'s, without it:
    the cells of a shared dict made once for all the edges holding it."""
    kind = "Directed" if p.directed else "Undirected"
    dicts = EdgeDicts.of(p.edges)
    own, shared = dicts.names()
    names = sorted(own | shared)
    from_own = [name for name in names if name in own]
    from_shared = [name for name in names if name not in own]
    own_values, shared_values = values_getter(from_own), values_getter(from_shared)
    arrival = {name: i for i, name in enumerate([*from_own, *from_shared])}
    ordered = values_getter([arrival[name] for name in names])
    cells = _Cells()
    multi = p.multigraph
    left = dicts.uses
    made: dict[int, tuple[Any, ...] | None] = {}

    def shared_cells(shared: dict[str, Any] | None) -> tuple[Any, ...] | None:
        sid = id(shared)
        found = made.get(sid, made)
        if found is made:
            try:
                found = made[sid] = cells(shared_values(shared))
            except (KeyError, TypeError):
                found = made[sid] = None
        count = left[sid] - 1
        if count:
            left[sid] = count
        else:
            del made[sid]
        return found  # type: ignore[return-value]

    def rows() -> Iterator[list[Any]]:
        for edge in p.networkx_order():
            key = [flat_value(edge.key)] if multi else []
            common = shared_cells(edge.shared)
            try:
                values = None if common is None else ordered(cells(own_values(edge.own)) + common)
            except KeyError:
                values = None
            if values is None:  # dicts not holding the names where expected: one by one
                attrs = {**edge.shared, **edge.own} if edge.shared is not None else edge.own
                values = cells(tuple(attrs.get(name) for name in names))
            yield [edge.source, edge.target, kind, *key, *values]

    _write(out, ["Source", "Target", "Type", *(["Key"] if multi else []), *names], rows())


@without_gc
def write_projection_nodes_csv(p: Projection, out: IO[bytes]) -> None:
    """Write ``p``'s nodes as :func:`write_nodes_csv` writes ``p.graph()``'s, without it."""
    names = [n for n in _attribute_names(p.nodes.values()) if n != "label"]
    get = values_getter(names)
    cells = _Cells()

    def rows() -> Iterator[list[Any]]:
        for node, data in p.nodes.items():
            try:
                values = get(data)
            except KeyError:
                values = tuple(data.get(name) for name in names)
            yield [node, _cell(data.get("label", node)), *cells(values)]

    _write(out, ["Id", "Label", *names], rows())


class _Cells:
    """Rows of values as CSV cells (:func:`_cell`): text and numbers pass as they are;
    the positions needing a change are found once for each combination of types."""

    def __init__(self) -> None:
        self.changed: dict[tuple[type, ...], list[int]] = {}

    def __call__(self, values: tuple[Any, ...]) -> tuple[Any, ...]:
        kinds = tuple(map(type, values))
        changed = self.changed.get(kinds)
        if changed is None:
            changed = self.changed[kinds] = [
                i for i, kind in enumerate(kinds) if kind not in _AS_THEY_ARE
            ]
        if not changed:
            return values
        listed = list(values)
        for i in changed:
            value = listed[i]
            listed[i] = value.flat() if isinstance(value, Deferred) else _cell(value)
        return tuple(listed)


_AS_THEY_ARE = frozenset({str, int, float})
