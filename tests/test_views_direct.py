"""GEXF and CSV written from a view's projection are the bytes written from its graph.

``kg export --view V --format gexf|edges|nodes`` writes each view without building its
NetworkX graph (:mod:`kg.views.projection`); the file a user gets must not change: these
tests compare it, byte for byte, with what the graph writers
(:func:`~kg.views.formats.write_gexf`, :func:`~kg.views.tables.write_edges_csv`,
:func:`~kg.views.tables.write_nodes_csv`) write from the graph of the same projection.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import IO, Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from strategies import conflict_sheets, sheets

from kg.ingest import ingest_claimset
from kg.inputs.sheets import sheet_to_claimset
from kg.store import Store
from kg.store.embedded import EmbeddedStore
from kg.views import (
    VIEWS,
    Projection,
    build_view,
    project_view,
    write_edges_csv,
    write_gexf,
    write_nodes_csv,
    write_projection_edges_csv,
    write_projection_gexf,
    write_projection_nodes_csv,
    write_view,
)
from kg.views.disagreement import Evidence
from kg.views.formats import flat_value
from kg.views.projection import EMPTY, Deferred, Edge
from kg.views.records import ClaimInfo, Contradiction

FORMATS: dict[str, tuple[Callable[..., None], Callable[..., None]]] = {
    "gexf": (write_gexf, write_projection_gexf),
    "edges": (write_edges_csv, write_projection_edges_csv),
    "nodes": (write_nodes_csv, write_projection_nodes_csv),
}


def written(write: Callable[[Any, IO[bytes]], None], what: Any) -> bytes:
    out = io.BytesIO()
    write(what, out)
    return out.getvalue()


def assert_same_files(p: Projection) -> None:
    """Every format, from the projection and from its graph: the same bytes."""
    G = p.graph()
    for fmt, (from_graph, from_projection) in FORMATS.items():
        assert written(from_projection, p) == written(from_graph, G), fmt


def assert_same_views(store: Store) -> None:
    for name in VIEWS:
        p = project_view(store, name)
        assert nx.utils.graphs_equal(p.graph(), build_view(store, name))
        assert_same_files(p)


def test_the_example_exports_are_the_graphs_bytes(example_store: Store) -> None:
    assert_same_views(example_store)
    for name in VIEWS:
        assert_same_files(project_view(example_store, name, about="meta"))


@pytest.mark.parametrize("name", sorted(VIEWS))
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_write_view_writes_the_graphs_bytes(example_store: Store, name: str, fmt: str) -> None:
    """What ``kg export --view`` writes is what the graph writer writes (with the view's
    description in GEXF)."""
    G = build_view(example_store, name)
    expected = io.BytesIO()
    if fmt == "gexf":
        write_gexf(G, expected, description=_description(example_store, name))
    else:
        FORMATS[fmt][0](G, expected)
    out = io.BytesIO()
    write_view(example_store, out, fmt, name)
    assert out.getvalue() == expected.getvalue()


def _description(store: Store, name: str) -> str:
    out = io.BytesIO()
    write_view(store, out, "graphml", name)
    graph = nx.read_graphml(io.BytesIO(out.getvalue()))
    return str(graph.graph["description"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheet=sheets(max_claims=8))
def test_odd_values_are_written_alike(sheet: dict[str, Any]) -> None:
    """Quotes, ampersands, newlines, tabs, emoji, numbers of every size: escaped and
    typed the same way by both paths, in every view."""
    with EmbeddedStore(None, writable=True) as store:
        ingest_claimset(store, sheet_to_claimset(sheet))
        assert_same_views(store)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheet=conflict_sheets())
def test_contradictions_and_corroborations_are_written_alike(sheet: dict[str, Any]) -> None:
    """Many links between few speakers: disagreement edges with several pairs of
    evidence, claims about claims, spokespeople, self-contradictions."""
    with EmbeddedStore(None, writable=True) as store:
        ingest_claimset(store, sheet_to_claimset(sheet))
        assert_same_views(store)


class Later(Deferred):
    __slots__ = ("items",)

    def __init__(self, *items: Any) -> None:
        self.items = items

    def value(self) -> list[Any]:
        return list(self.items)


@pytest.mark.parametrize("directed", [True, False])
def test_mixed_types_and_specials_are_written_alike(directed: bool) -> None:
    """Attributes mixing ints and floats, text and numbers, missing on some elements,
    deferred, shared, with XML specials in values, ids and keys."""
    p = Projection("mixed", directed=directed, multigraph=directed, deferred=("later",))
    p.nodes = {
        "b": {"label": 'B "quoted" & <tagged>', "n": 2.5, "info": {"k": [1, 2]}},
        "a": {"label": 7, "tags": ["x", "y"], "missing": None, "n": 1},
        "c&d": {"n": True, "flag": False},
        "e": {},
    }
    shared = {"note": None, "w": 1, "text": 'two\nlines\t, "quoted"\r', "later": Later("p", "q")}
    keyed = directed  # keys in the multigraph; an undirected graph's pairs are unique
    p.edges = [
        Edge("b", "a", "k1" if keyed else None, {"note": "it's, a,b", "weight": 2}, shared),
        Edge("e", "b", "k&2" if keyed else None, {"w": 2.5, "label": 3}, shared),
        Edge("c&d", "a", "k3" if keyed else None, {"weight": 2.5, "label": "x"}),
        Edge("e", "e", "k4" if keyed else None, {"later": Later({"j": None}), "flag": 1}),
        Edge("c&d", "b", "k5" if keyed else None, {"weight": "heavy", "x": None}, shared),
    ]
    if directed:
        p.edges.append(Edge("b", "a", "k0", {"w": None}, {"w": 3}))
        p.edges.append(Edge("a", "b", "k1", {"w": 4}, shared))
    assert_same_files(p)


def test_a_projection_with_nothing_is_written_alike() -> None:
    for directed in (True, False):
        assert_same_files(Projection("empty", directed=directed, multigraph=directed))


def test_evidence_json_is_what_the_graph_writers_make_of_its_dicts() -> None:
    """The disagreement evidence is written from its pairs without making its dicts:
    quotes, backslashes, non-Latin text, missing spokespeople and hedges included."""

    def claim(name: str, **fields: Any) -> ClaimInfo:
        return ClaimInfo(
            iri=f"https://example.org/claim/{name}",
            id=name,
            claimant=f"https://example.org/agent/{name}",
            stance="asserts",
            proposition=None,
            subject=None,
            predicate=None,
            object=None,
            object_is_iri=False,
            source="https://example.org/source/s",
            **fields,
        )

    a = claim('q"uote\\d', hedged=True)
    b = claim("مرحبا😀", on_behalf_of="https://example.org/agent/boss")
    found = Contradiction("x", "rebuttal", 'B says "no"\n', (a.iri, b.iri), ("rebuttal",))
    bare = Contradiction("y", "opposite-stance", "", (a.iri, b.iri))
    evidence = Evidence()
    evidence.pairs += [
        ("contradicts", found, a, b),
        ("contradicts", bare, b, a),
        ("corroborates", None, a, b),
    ]
    assert evidence.flat() == flat_value(evidence.value())
    assert Evidence().flat() == flat_value(Evidence().value()) == ""


def test_deferred_values_are_made_in_the_graph() -> None:
    """The graph holds the values, never the deferred stand-ins, and no two edges share
    a list a user could append to."""
    p = Projection("fresh", directed=False, multigraph=False, deferred=("tags",))
    p.nodes = {"a": {}, "b": {}, "c": {}}
    shared = {"tags": EMPTY, "n": 1}
    p.edges = [Edge("a", "b", None, {}, shared), Edge("b", "c", None, {}, shared)]
    G = p.graph()
    first, second = G.edges["a", "b"]["tags"], G.edges["b", "c"]["tags"]
    assert first == second == [] and first is not second
    assert_same_files(p)
