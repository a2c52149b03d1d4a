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
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

import networkx as nx

from kg.runtime.gc_pause import without_gc
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
    """Write ``p``'s edges as :func:`write_edges_csv` writes ``p.graph()``'s, without it.

    The text of a shared dict's cells is made once for all the edges holding it, so rows
    are written here as the csv module writes them (its default dialect: a cell holding a
    comma, a double quote or a line break quoted, its quotes doubled; CR LF after a row):
    at a million claims the module spent 18 s on two million rows of 25 cells.
    """
    kind = "Directed" if p.directed else "Undirected"
    dicts = EdgeDicts.of(p.edges)
    own, shared = dicts.names()
    names = sorted(own | shared)
    from_own = [name for name in names if name in own]
    # The columns from shared dicts, in runs between those from own dicts: each run's
    # cells are one text, made once per shared dict.
    runs: list[list[str]] = []
    places: list[int] = []  # each own column or run, in column order, as its place among
    for name in names:  # (own cells…, run texts…)
        if name in own:
            places.append(from_own.index(name))
        elif places and places[-1] >= len(from_own):
            runs[-1].append(name)
        else:
            runs.append([name])
            places.append(len(from_own) + len(runs) - 1)
    own_values = values_getter(from_own)
    run_values = [values_getter(run) for run in runs]
    ordered = values_getter(places)
    cells = _Cells()
    left = dicts.uses
    made: dict[int, Any] = {}
    own_kept: dict[int, Any] | None = {} if dicts.distinct_own <= 1024 else None

    def run_texts(shared: dict[str, Any] | None) -> tuple[str, ...] | None:
        try:
            return tuple(",".join(map(_csv_text, cells(get(shared)))) for get in run_values)
        except (KeyError, TypeError):
            return None  # the edge's dicts do not hold the names where expected

    def own_texts(own: dict[str, Any]) -> tuple[str, ...] | None:
        try:
            return tuple(map(_csv_text, cells(own_values(own))))
        except KeyError:
            return None

    def rows() -> Iterator[str]:
        for edge in p.networkx_order():
            head = f"{_csv_text(edge.source)},{_csv_text(edge.target)},{kind}"
            if p.multigraph:
                head += "," + _csv_text(flat_value(edge.key))
            sid = id(edge.shared)
            runs_of = made.get(sid, _UNSEEN)
            if runs_of is _UNSEEN:
                runs_of = made[sid] = run_texts(edge.shared)
            count = left[sid] - 1
            if count:
                left[sid] = count
            else:
                del made[sid]
            if own_kept is None:
                owns = own_texts(edge.own)
            else:
                owns = own_kept.get(id(edge.own), _UNSEEN)
                if owns is _UNSEEN:
                    owns = own_kept[id(edge.own)] = own_texts(edge.own)
            if runs_of is None or owns is None:
                attrs = {**edge.shared, **edge.own} if edge.shared is not None else edge.own
                texts = map(_csv_text, cells(tuple(attrs.get(name) for name in names)))
                columns = ",".join(texts)
            else:
                columns = ",".join(ordered(owns + runs_of))
            yield f"{head},{columns}\r\n" if names else head + "\r\n"

    head = ["Source", "Target", "Type", *(["Key"] if p.multigraph else []), *names]
    _write_rows(out, ",".join(map(_csv_text, head)) + "\r\n", rows())


_UNSEEN = object()


def _csv_text(cell: Any) -> str:
    """A cell (text or a number) as :func:`csv.writer` writes it, with its default dialect."""
    text = cell if type(cell) is str else str(cell)
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def _write_rows(out: IO[bytes], head: str, rows: Iterable[str]) -> None:
    """``head`` and ``rows`` to ``out`` in UTF-8, ten thousand rows at a time."""
    out.write(head.encode("utf-8"))
    batch: list[str] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= 10_000:
            out.write("".join(batch).encode("utf-8"))
            batch = []
    if batch:
        out.write("".join(batch).encode("utf-8"))


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
    """Rows of values as CSV cells (:func:`_cell`): text and numbers pass as they are,
    no value and booleans become their text by one pick among the values and those texts
    (made once for each combination of types and booleans), the rest one by one."""

    def __init__(self) -> None:
        self.plans: dict[tuple[type, ...], tuple[Any, list[int]]] = {}
        self.picks: dict[Any, Callable[[tuple[Any, ...]], tuple[Any, ...]]] = {}

    def __call__(self, values: tuple[Any, ...]) -> tuple[Any, ...]:
        kinds = tuple(map(type, values))
        plan = self.plans.get(kinds)
        if plan is None:
            plan = self.plans[kinds] = self._plan(kinds)
        truths, others = plan
        if others:
            listed = list(values)
            for i in others:
                value = listed[i]
                listed[i] = value.flat() if isinstance(value, Deferred) else _cell(value)
            values = tuple(listed)
        if truths is None:
            return values
        key = (kinds, truths(values))
        pick = self.picks.get(key)
        if pick is None:
            pick = self.picks[key] = self._pick(kinds, key[1])
        return pick((*values, "", "true", "false"))

    def _plan(self, kinds: tuple[type, ...]) -> tuple[Any, list[int]]:
        """How a row of these types is made cells: the booleans to look at (None when no
        cell is None or a boolean), and the positions worked out one by one."""
        others = [
            i for i, kind in enumerate(kinds) if kind not in _AS_THEY_ARE and kind not in _PICKED
        ]
        if not any(kind in _PICKED for kind in kinds):
            return None, others
        return values_getter([i for i, kind in enumerate(kinds) if kind is bool]), others

    def _pick(
        self, kinds: tuple[type, ...], truths: tuple[bool, ...]
    ) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
        n = len(kinds)  # the texts "", "true", "false" come after the values
        truth = iter(truths)
        places = []
        for i, kind in enumerate(kinds):
            if kind is _NONE:
                places.append(n)
            elif kind is bool:
                places.append(n + 1 if next(truth) else n + 2)
            else:
                places.append(i)
        return values_getter(places)


_NONE = type(None)
_PICKED = frozenset({_NONE, bool})
_AS_THEY_ARE = frozenset({str, int, float})
