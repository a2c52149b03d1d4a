"""A view as plain nodes and edges: what its NetworkX graph holds, without building one.

Every view's builder fills a :class:`Projection`. The ``build_*`` functions turn it into
the NetworkX graph the Python API returns (:meth:`Projection.graph`); file exports write
it as it is (:mod:`kg.views.gexf`, :mod:`kg.views.tables`), because at a million claims
building the graph took longer than reading the claims (31 s for two million edges of 24
attributes, against 22 s).

Two things keep it light. An edge's attributes come in two dicts: ``shared``, what every
edge of one claim says alike, made once per claim, and ``own``, what is the edge's alone
(often one constant dict for all edges of a kind). And an attribute can be
:class:`Deferred`: worked out only when it is written or put in the graph.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple

import networkx as nx

from kg.runtime.gc_pause import without_gc
from kg.views.formats import flat_value

__all__ = [
    "EMPTY",
    "Deferred",
    "Edge",
    "EdgeDicts",
    "FreshList",
    "Projection",
    "values_getter",
]


class Deferred:
    """An attribute value made only when needed: :meth:`value` gives it.

    Its value must flatten to text (a list, a dict or a string: :func:`kg.views.formats.
    flat_value`), so that a file's column types can be known without making it.
    """

    __slots__ = ()

    #: the flat text of every value of this class, when it is always the same
    text: str | None = None

    def value(self) -> Any:
        raise NotImplementedError

    def flat(self) -> str:
        """The value as a file writes it; a subclass may make it without the value."""
        flat = flat_value(self.value())
        if not isinstance(flat, str):
            raise TypeError(f"{type(self).__name__} must flatten to text, not {flat!r}")
        return flat


class FreshList(Deferred):
    """A new empty list wherever the graph puts it, where the projection holds one
    object: the graph's elements must not share a list a user might append to."""

    __slots__ = ()
    text = ""

    def value(self) -> list[Any]:
        return []

    def flat(self) -> str:
        return ""


#: The one :class:`FreshList` the views use.
EMPTY = FreshList()


class Edge(NamedTuple):
    """One edge: its ends, its key (None outside multigraphs) and its attributes, which
    are ``{**shared, **own}``. A name in both must be None in ``shared``: it only holds
    the name's place, since the graph's attribute order is part of what GraphML writes."""

    source: str
    target: str
    key: Any
    own: dict[str, Any]
    shared: dict[str, Any] | None = None


@dataclass
class Projection:
    """A view's nodes (IRI → attributes, in the order the graph adds them) and edges.

    As in NetworkX, an edge is unique by its ends (and key, in a multigraph), and both its
    ends are nodes. Node ids are text.
    """

    name: str
    directed: bool
    multigraph: bool
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    #: edge attribute names that may hold :class:`Deferred` values
    deferred: tuple[str, ...] = ()
    #: node attribute names that may hold :class:`Deferred` values
    node_deferred: tuple[str, ...] = ()

    def attributes(self, edge: Edge) -> dict[str, Any]:
        """``edge``'s attributes as its graph holds them, deferred values made."""
        attrs = {**edge.shared, **edge.own} if edge.shared is not None else dict(edge.own)
        for name in self.deferred:
            value = attrs.get(name)
            if isinstance(value, Deferred):
                attrs[name] = value.value()
        return attrs

    @without_gc
    def graph(self) -> nx.Graph:
        """The NetworkX graph of this view, the same the view always returned (made with
        the cyclic collector paused, as the views always were: millions of dicts)."""
        kinds = {
            (True, True): nx.MultiDiGraph,
            (True, False): nx.DiGraph,
            (False, True): nx.MultiGraph,
            (False, False): nx.Graph,
        }
        G = kinds[self.directed, self.multigraph](name=self.name)
        G.add_nodes_from(self.nodes.items())
        for name in self.node_deferred:
            for _, attrs in G.nodes(data=True):
                value = attrs.get(name)
                if isinstance(value, Deferred):
                    attrs[name] = value.value()
        if self.multigraph:
            G.add_edges_from((e.source, e.target, e.key, self.attributes(e)) for e in self.edges)
        else:
            G.add_edges_from((e.source, e.target, self.attributes(e)) for e in self.edges)
        return G

    def networkx_order(self) -> Iterator[Edge]:
        """The edges in the order :meth:`graph`'s ``edges()`` lists them, ends as it gives
        them: by source in node order, then by target in the order first linked; an
        undirected edge from whichever end the graph added first."""
        if self.directed:
            by_source: dict[str, list[Edge]] = {}
            for edge in self.edges:
                by_source.setdefault(edge.source, []).append(edge)
            for node in self.nodes:
                group = by_source.pop(node, None)
                if group:
                    first: dict[str, int] = {}
                    for edge in group:
                        first.setdefault(edge.target, len(first))
                    group.sort(key=lambda e: first[e.target])
                    yield from group
            return
        if self.multigraph:
            raise NotImplementedError("no view is an undirected multigraph")
        rank = {node: n for n, node in enumerate(self.nodes)}
        oriented = [
            e if rank[e.source] <= rank[e.target] else e._replace(source=e.target, target=e.source)
            for e in self.edges
        ]
        oriented.sort(key=lambda e: rank[e.source])
        yield from oriented

    def sorted_order(self) -> list[Edge]:
        """The edges in the order, and with the ends, that the copy made by
        :func:`kg.views.formats.exportable` lists them (see ``_ordered_edges`` there)."""
        # Each node's place in text order: the ends are compared as numbers, not as long
        # IRIs that share their first thirty characters.
        place = {node: n for n, node in enumerate(sorted(self.nodes))}
        if self.directed:
            if not self.multigraph:
                return sorted(self.edges, key=lambda e: (place[e.source], place[e.target]))
            if set(map(type, map(itemgetter(2), self.edges))) <= {str}:
                return sorted(self.edges, key=lambda e: (place[e.source], place[e.target], e.key))
            return sorted(self.edges, key=lambda e: (place[e.source], place[e.target], str(e.key)))
        if self.multigraph:
            raise NotImplementedError("no view is an undirected multigraph")
        # The copy adds the edges sorted by their ends as the graph gives them (first-added
        # end first), then lists them from the smaller end, in the order they were added.
        rank = {node: n for n, node in enumerate(self.nodes)}

        def added(e: Edge) -> tuple[int, int, int]:
            if rank[e.source] <= rank[e.target]:
                return (place[e.source], place[e.source], place[e.target])
            return (place[e.source], place[e.target], place[e.source])

        listed = [
            e if e.source <= e.target else e._replace(source=e.target, target=e.source)
            for e in self.edges
        ]
        listed.sort(key=added)
        return listed


def values_getter(keys: Sequence[Any]) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving the values at ``keys`` of a dict or tuple, as a tuple, in one C
    call (KeyError when a dict lacks one)."""
    if not keys:
        return lambda container: ()
    if len(keys) == 1:
        key = keys[0]
        return lambda container: (container[key],)
    return itemgetter(*keys)


#: A dict's names and the types of its values, as two tuples.
Signature = tuple[tuple[str, ...], tuple[type, ...]]


@dataclass
class EdgeDicts:
    """What the file writers need to know of the edges' dicts before writing any edge,
    learnt in a few passes that run in C (at a million claims, Python loops over the two
    million edges took seven seconds): each dict's names and value types, how many edges
    hold each shared dict, how many distinct own dicts there are."""

    own: set[Signature]
    shared: set[Signature]
    #: id of a shared dict (or of None) → how many edges hold it
    uses: dict[int, int]
    distinct_own: int

    @classmethod
    def of(cls, edges: list[Edge]) -> EdgeDicts:
        owns = list(map(attrgetter("own"), edges))
        own = dict(zip(map(id, owns), owns, strict=True))  # each own dict once
        del owns
        shared = list(map(attrgetter("shared"), edges))
        uses = dict(Counter(map(id, shared)))
        distinct = dict(zip(map(id, shared), shared, strict=True))  # each shared dict once
        distinct.pop(id(None), None)
        return cls(_signatures(own.values()), _signatures(distinct.values()), uses, len(own))

    def names(self) -> tuple[set[str], set[str]]:
        """The names the edges' own dicts hold, and those their shared dicts hold."""
        own = set(chain.from_iterable(names for names, _ in self.own))
        return own, set(chain.from_iterable(names for names, _ in self.shared))


def _signatures(dicts: Iterable[dict[str, Any]]) -> set[Signature]:
    listed = list(dicts)
    types = map(tuple, map(map, repeat(type), map(dict.values, listed)))
    return set(zip(map(tuple, listed), types, strict=True))
