"""GraphML and GEXF files of the views, for Gephi, yEd and Cytoscape.

Both formats take scalar attributes only (strings, numbers, booleans), so
:func:`exportable` flattens a view first, the same way every time:

- ``None`` drops the attribute (a missing value, not the text "None");
- a list of scalars becomes one string joined by ``"; "``; any other list or dict becomes
  compact JSON with sorted keys;
- an attribute with integers on some elements and floats on others becomes float
  everywhere, and one mixing text with numbers becomes text, so each column has one type;
- in a multigraph, edges are renumbered ``e0``, ``e1``… in sorted order, because both
  formats want edge ids unique in the whole file (a claim's key repeats along its chain);
  the view's own key is kept in the edge attribute ``edge_key``.

GraphML is written by NetworkX. GEXF is written here, in version 1.3, because NetworkX's
writer declares the XML Schema instance namespace wrongly, adds attributes the 1.3 grammar
does not allow and stamps the file with today's date: this writer's output is valid against
the published GEXF 1.3 grammar and the same bytes for the same graph.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import IO, Any
from xml.sax.saxutils import quoteattr

import networkx as nx

import kg

__all__ = ["GEXF_NAMESPACE", "exportable", "flat_value", "write_gexf", "write_graphml"]

GEXF_NAMESPACE = "http://gexf.net/1.3"
_SCALARS = (str, int, float, bool)
_GEXF_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


def flat_value(value: Any) -> Any:
    """``value`` as one scalar a table cell or XML attribute can hold (module docstring)."""
    if value is None or isinstance(value, _SCALARS):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else list(value)
        if all(isinstance(i, _SCALARS) for i in items):
            return "; ".join(_text(i) for i in items)
        return json.dumps(items, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return str(value)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _flat_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in ((k, flat_value(v)) for k, v in attrs.items()) if v is not None}


def _unify_types(records: Iterable[dict[str, Any]]) -> None:
    """Give each attribute one type across all elements (int+float → float, else text)."""
    records = list(records)
    kinds: dict[str, set[type]] = defaultdict(set)
    for attrs in records:
        for name, value in attrs.items():
            kinds[name].add(type(value))
    for name, found in kinds.items():
        if len(found) < 2:
            continue
        cast: Any = float if found <= {int, float} else _text
        for attrs in records:
            if name in attrs:
                attrs[name] = cast(attrs[name])


def exportable(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` with scalar attributes only, ready for GraphML or GEXF (see above)."""
    H = G.__class__()
    H.graph.update(_flat_attrs(G.graph))
    for node in sorted(G, key=str):
        H.add_node(str(node), **_flat_attrs(G.nodes[node]))
    if G.is_multigraph():
        edges = sorted(
            G.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))
        )
        for n, (u, v, key, data) in enumerate(edges):
            H.add_edge(str(u), str(v), f"e{n}")
            H.edges[str(u), str(v), f"e{n}"].update(_flat_attrs(data), edge_key=str(key))
    else:
        for u, v, data in sorted(G.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
            H.add_edge(str(u), str(v), **_flat_attrs(data))
    _unify_types(H.nodes[n] for n in H)
    _unify_types(d for *_, d in H.edges(data=True))
    return H


def write_graphml(G: nx.Graph, out: IO[bytes]) -> None:
    """Write ``G`` (flattened by :func:`exportable`) as GraphML."""
    nx.write_graphml(exportable(G), out, encoding="utf-8", infer_numeric_types=True)


def write_gexf(G: nx.Graph, out: IO[bytes], *, description: str | None = None) -> None:
    """Write ``G`` (flattened by :func:`exportable`) as GEXF 1.3.

    Node ``label`` and edge ``label`` and ``weight`` become the GEXF attributes Gephi
    shows natively; every other attribute is declared once with its type and written as
    an ``attvalue``. A multigraph's keys go in the ``networkx_key`` attribute, which
    :func:`networkx.read_gexf` turns back into keys. The file is written a batch of lines
    at a time, never held whole in memory.
    """
    H = exportable(G)
    node_columns = _columns((H.nodes[n] for n in H), skip={"label"})
    if H.is_multigraph():
        ends = [(u, v) for u, v, _ in H.edges(keys=True)]
        edge_records = [dict(d, networkx_key=k) for *_, k, d in H.edges(keys=True, data=True)]
    else:
        ends = list(H.edges())
        edge_records = [d for *_, d in H.edges(data=True)]
    edge_columns = _columns(edge_records, skip={"label", "weight"})
    lines = _Lines(out)
    lines.append('<?xml version="1.0" encoding="UTF-8"?>')
    lines.append(f'<gexf xmlns="{GEXF_NAMESPACE}" version="1.3">')
    lines.append(f"  <meta><creator>claimgraph {kg.__version__}</creator>")
    if description:
        lines.append(f"    <description>{_escape(description)}</description>")
    lines.append("  </meta>")
    edge_type = "directed" if H.is_directed() else "undirected"
    lines.append(f'  <graph defaultedgetype="{edge_type}" mode="static">')
    for cls, columns in (("node", node_columns), ("edge", edge_columns)):
        if columns:
            lines.append(f'    <attributes class="{cls}">')
            for n, (title, kind) in enumerate(columns):
                lines.append(
                    f'      <attribute id="{cls[0]}{n}" title={quoteattr(title)} type="{kind}"/>'
                )
            lines.append("    </attributes>")
    lines.append(f'    <nodes count="{H.number_of_nodes()}">')
    for node in H:
        attrs = H.nodes[node]
        label = attrs.get("label", node)
        lines.append(f"      <node id={quoteattr(node)} label={quoteattr(_text(label))}>")
        lines.extend(_attvalues(attrs, node_columns, "n"))
        lines.append("      </node>")
    lines.append("    </nodes>")
    lines.append(f'    <edges count="{H.number_of_edges()}">')
    for (u, v), record in zip(ends, edge_records, strict=True):
        extra = ""
        if "label" in record:
            extra += f" label={quoteattr(_text(record['label']))}"
        weight = record.get("weight")
        if isinstance(weight, int | float) and not isinstance(weight, bool):
            extra += f' weight="{float(weight)!r}"'
        lines.append(f"      <edge source={quoteattr(u)} target={quoteattr(v)}{extra}>")
        lines.extend(_attvalues(record, edge_columns, "e"))
        lines.append("      </edge>")
    lines.append("    </edges>")
    lines.append("  </graph>")
    lines.append("</gexf>")
    lines.flush()


class _Lines:
    """Lines of text written to ``out`` in UTF-8, a batch at a time."""

    BATCH = 10_000

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.batch: list[str] = []

    def append(self, line: str) -> None:
        self.batch.append(line)
        if len(self.batch) >= self.BATCH:
            self.flush()

    def extend(self, lines: Iterable[str]) -> None:
        self.batch.extend(lines)
        if len(self.batch) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if self.batch:
            self.out.write(("\n".join(self.batch) + "\n").encode("utf-8"))
            self.batch = []


def _columns(records: Iterable[dict[str, Any]], skip: set[str]) -> list[tuple[str, str]]:
    types: dict[str, str] = {}
    for attrs in records:
        for name, value in attrs.items():
            if name not in skip:
                types.setdefault(name, _GEXF_TYPES[type(value)])
    return sorted(types.items())


def _attvalues(attrs: dict[str, Any], columns: list[tuple[str, str]], prefix: str) -> list[str]:
    values = [
        f'          <attvalue for="{prefix}{n}" value={quoteattr(_text(attrs[title]))}/>'
        for n, (title, _) in enumerate(columns)
        if title in attrs
    ]
    if not values:
        return []
    return ["        <attvalues>", *values, "        </attvalues>"]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
