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
import re
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
    flat = {}
    for name, value in attrs.items():
        kind = type(value)
        if kind is not str and kind is not int and kind is not float and kind is not bool:
            value = flat_value(value)  # the common scalars skip the call: millions of them
            if value is None:
                continue
        flat[name] = value
    return flat


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
    """Write ``G`` as GEXF 1.3, flattened as :func:`exportable` would (module docstring).

    Node ``label`` and edge ``label`` and ``weight`` become the GEXF attributes Gephi
    shows natively; every other attribute is declared once with its type and written as
    an ``attvalue``. A multigraph's keys go in the ``networkx_key`` attribute, which
    :func:`networkx.read_gexf` turns back into keys.

    The edges are flattened on the fly, in two passes over ``G`` (one to learn each
    attribute's type, one to write), never into a copy of the graph: at a million claims
    a flattened copy was a third of the memory. The file is written a batch of lines at a
    time, never held whole in memory. The bytes are those of a write from
    :func:`exportable`'s copy.
    """
    nodes = sorted(G, key=str)
    node_records = [_flat_attrs(G.nodes[n]) for n in nodes]
    _unify_types(node_records)
    node_columns = _columns(node_records, skip={"label"})
    edges = _ordered_edges(G)
    multi = G.is_multigraph()
    edge_columns, casts = _edge_columns(edges, multi)
    lines = _Lines(out)
    write_head(lines, description, G.is_directed(), node_columns, edge_columns)
    lines.append(f'    <nodes count="{len(nodes)}">')
    for node, attrs in zip(nodes, node_records, strict=True):
        label = attrs.get("label", str(node))
        lines.append(f"      <node id={_attr(str(node))} label={_attr(_text(label))}>")
        lines.extend(_attvalues(attrs, node_columns, "n"))
        lines.append("      </node>")
    lines.append("    </nodes>")
    lines.append(f'    <edges count="{len(edges)}">')
    # (title, attvalue prefix, formatter) for every attvalue column, in the declared order
    plan = [
        (title, f'\n          <attvalue for="e{n}" value=', _formatter(casts.get(title)))
        for n, (title, _) in enumerate(edge_columns)
    ]
    label_cast, weight_cast = casts.get("label"), casts.get("weight")
    for n, (u, v, key, data) in enumerate(edges):
        if multi:
            data = {**data, "edge_key": str(key), "networkx_key": f"e{n}"}
        extra = ""
        label = data.get("label")
        if label is not None:
            extra += f" label={_attr(_text(_cast(flat_value(label), label_cast)))}"
        weight = data.get("weight")
        if weight is not None:
            weight = _cast(flat_value(weight), weight_cast)
            if isinstance(weight, int | float) and not isinstance(weight, bool):
                extra += f' weight="{float(weight)!r}"'
        values = "".join(
            head + fmt(value) + "/>"
            for title, head, fmt in plan
            if (value := data.get(title)) is not None
        )
        edge = f"      <edge source={_attr(u)} target={_attr(v)}{extra}>"
        if values:
            edge += f"\n        <attvalues>{values}\n        </attvalues>"
        lines.append(edge + "\n      </edge>")
    lines.append("    </edges>")
    lines.append("  </graph>")
    lines.append("</gexf>")
    lines.flush()


def write_head(
    lines: _Lines,
    description: str | None,
    directed: bool,
    node_columns: list[tuple[str, str]],
    edge_columns: list[tuple[str, str]],
) -> None:
    """The GEXF file up to its nodes: the meta data and the declared attributes."""
    lines.append('<?xml version="1.0" encoding="UTF-8"?>')
    lines.append(f'<gexf xmlns="{GEXF_NAMESPACE}" version="1.3">')
    lines.append(f"  <meta><creator>claimgraph {kg.__version__}</creator>")
    if description:
        lines.append(f"    <description>{_escape(description)}</description>")
    lines.append("  </meta>")
    edge_type = "directed" if directed else "undirected"
    lines.append(f'  <graph defaultedgetype="{edge_type}" mode="static">')
    for cls, columns in (("node", node_columns), ("edge", edge_columns)):
        if columns:
            lines.append(f'    <attributes class="{cls}">')
            for n, (title, kind) in enumerate(columns):
                lines.append(
                    f'      <attribute id="{cls[0]}{n}" title={quoteattr(title)} type="{kind}"/>'
                )
            lines.append("    </attributes>")


#: An edge as written: source, target (both text), the graph's own key (None in a simple
#: graph) and its attributes, not yet flattened.
_Edge = tuple[str, str, Any, dict[str, Any]]


def _ordered_edges(G: nx.Graph) -> list[_Edge]:
    """``G``'s edges in the order, and with the ends, :func:`exportable`'s copy lists them.

    The copy adds edges sorted by text; a directed graph lists them back in that order, an
    undirected one by its nodes' order, each edge from the end seen first, so for those
    the order is read off a skeleton copy holding no attributes.
    """
    multi = G.is_multigraph()
    if multi:
        ends = sorted(G.edges(keys=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
    else:
        ends = sorted(((u, v, None) for u, v in G.edges()), key=lambda e: (str(e[0]), str(e[1])))
    if G.is_directed():
        return [(str(u), str(v), k, _data(G, u, v, k, multi)) for u, v, k in ends]
    skeleton = G.__class__()
    skeleton.add_nodes_from(sorted((str(n) for n in G), key=str))
    originals: dict[Any, tuple[Any, Any, Any]] = {}
    for place, (u, v, k) in enumerate(ends):
        # a multigraph's skeleton keys its edges by their place in ``ends``
        skeleton.add_edge(str(u), str(v), *([place] if multi else []))
        originals[place if multi else (str(u), str(v))] = (u, v, k)
        if not multi:
            originals[(str(v), str(u))] = (u, v, k)
    listed: Iterable[tuple[Any, ...]] = skeleton.edges(keys=True) if multi else skeleton.edges()
    out: list[_Edge] = []
    for u, v, *skeleton_key in listed:
        a, b, k = originals[skeleton_key[0] if multi else (u, v)]
        out.append((u, v, k, _data(G, a, b, k, multi)))
    return out


def _data(G: nx.Graph, u: Any, v: Any, key: Any, multi: bool) -> dict[str, Any]:
    return G.adj[u][v][key] if multi else G.adj[u][v]


def _edge_columns(edges: list[_Edge], multi: bool) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    """The edges' attribute columns with their GEXF types, and the cast each column whose
    values mix types needs (int and float → float, anything else → text), as
    :func:`_unify_types` would give them."""
    kinds: dict[str, set[type]] = defaultdict(set)
    keys = ("edge_key", "networkx_key") if multi else ()
    for _, _, _, data in edges:
        for name, value in data.items():
            if value is not None and name not in keys:
                kinds[name].add(_flat_type(value))
    if edges:
        for name in keys:
            kinds[name].add(str)  # the written keys replace any attribute of that name
    return typed_columns(kinds, skip=("label", "weight"))


def typed_columns(
    kinds: dict[str, set[type]], skip: Iterable[str] = ()
) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    """Columns (name, GEXF type) in name order for the flat types each attribute takes,
    and the cast each column mixing types needs (int and float → float, else text)."""
    casts: dict[str, Any] = {}
    types: dict[str, str] = {}
    for name, found in kinds.items():
        if len(found) > 1:
            cast: Any = float if found <= {int, float} else _text
            casts[name] = cast
            found = {float} if cast is float else {str}
        if name not in skip:
            types[name] = _GEXF_TYPES[next(iter(found))]
    return sorted(types.items()), casts


def _flat_type(value: Any) -> type:
    """The type of ``flat_value(value)``, without flattening it (``value`` not None)."""
    kind = type(value)
    if kind in _GEXF_TYPES:
        return kind
    return float if isinstance(value, Decimal) else str


def _formatter(cast: Any) -> Any:
    """The function writing a column's value as a quoted XML attribute value: flattened,
    cast when the column mixes types, as text. The common types skip the general path."""
    if cast is not None:
        return lambda value: _attr(_text(cast(flat_value(value))))

    def written(value: Any) -> str:
        kind = type(value)
        if kind is str:
            return _attr(value)
        if kind is bool:
            return '"true"' if value else '"false"'
        return _attr(_text(flat_value(value)))

    return written


def _cast(value: Any, cast: Any) -> Any:
    return value if cast is None or value is None else cast(value)


_PLAIN = re.compile(r'[&<>"\n\r\t]')


def _attr(text: str) -> str:
    """``text`` as a quoted XML attribute value, as :func:`quoteattr` writes it."""
    return f'"{text}"' if _PLAIN.search(text) is None else quoteattr(text)


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
        f'          <attvalue for="{prefix}{n}" value={_attr(_text(attrs[title]))}/>'
        for n, (title, _) in enumerate(columns)
        if title in attrs
    ]
    if not values:
        return []
    return ["        <attvalues>", *values, "        </attvalues>"]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
