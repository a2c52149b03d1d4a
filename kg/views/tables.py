"""Views as two CSV tables, an edge list and a node list, for tools that load tables.

Gephi's spreadsheet import, pandas, igraph, graph-tool and most databases read a CSV edge
list directly; at a million claims it is also the cheapest way out of kg, since the rows
stream straight from the view with no second copy of the graph (GraphML and GEXF flatten a
copy first, :func:`kg.views.formats.exportable`). The column names are Gephi's:

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

from kg.views.formats import flat_value

__all__ = ["write_edges_csv", "write_nodes_csv"]


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
