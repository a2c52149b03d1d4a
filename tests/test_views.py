"""The NetworkX views built from a store: what an analyst sees in Python and in Gephi."""

from __future__ import annotations

import doctest
import io
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

import networkx as nx
import pyoxigraph as ox
import pytest
from lxml import etree

import kg.views
from kg.demo import example_path
from kg.errors import InputError
from kg.ingest import ingest
from kg.store import Store
from kg.views import (
    VIEWS,
    build_view,
    chains,
    chains_graph,
    claims,
    claims_graph,
    disagreement,
    disagreement_graph,
    exportable,
    formats,
    records,
    said_about,
    said_about_graph,
    write_gexf,
    write_view,
)

DATA = Path(__file__).resolve().parent / "data"
EX = "https://example.org/talent-war/"


def agent(name: str) -> str:
    return f"{EX}agent/{name}"


def claim(name: str) -> str:
    return f"{EX}claim/{name}"


# --- said-about ---------------------------------------------------------------------------


def test_said_about_has_one_edge_per_claim_and_role(example_store: Store) -> None:
    G = said_about_graph(example_store)
    assert isinstance(G, nx.MultiDiGraph)
    altman_100m = G.edges[agent("altman"), agent("meta"), claim("altman-100m")]
    assert altman_100m["stance"] == "asserts"
    assert altman_100m["predicate"] == "offered a signing bonus to"
    assert altman_100m["amount"] == "≥ $100M"
    assert altman_100m["amount_min"] == 100_000_000 and altman_100m["amount_max"] is None
    assert altman_100m["currency"] == "USD"
    assert altman_100m["said_on"] == "2025-06"
    assert altman_100m["source"].startswith("Apple perd son génie")
    assert altman_100m["contradicted"] is True
    assert altman_100m["proposition"].startswith("https://w3id.org/claimgraph/id/proposition/")
    # The object (an agent) gets its own edge, keyed apart from the subject edge.
    to_staff = G.edges[agent("altman"), agent("openai-staff"), claim("altman-100m") + "#object"]
    assert to_staff["role"] == "object" and to_staff["claim"] == claim("altman-100m")
    assert G.nodes[agent("altman")]["label"] == "Sam Altman"
    assert G.nodes[agent("altman")]["claims_made"] == 2
    assert G.nodes[f"{EX}entity/superintelligence-team"]["kind"] == "entity"
    # 12 claims: each has an agent or entity subject, and 12 of them an agent/entity object.
    assert G.number_of_edges() == 24


def test_said_about_restricted_to_a_node(example_store: Store) -> None:
    G = said_about_graph(example_store, about="Ruoming Pang")
    claims_seen = {d["claim_id"] for *_, d in G.edges(data=True)}
    assert claims_seen == {"pang-200m", "pang-joined-meta", "pang-left-apple", "pang-supervised"}


def test_unknown_about_is_an_input_error(example_store: Store) -> None:
    with pytest.raises(InputError, match="nobody-here"):
        said_about_graph(example_store, about="nobody-here")


# --- disagreement --------------------------------------------------------------------------


def test_beyer_against_altman_from_the_rebuttal(example_store: Store) -> None:
    D = disagreement_graph(example_store)
    edge = D.edges[agent("altman"), agent("beyer")]
    assert edge["weight"] == -1 and edge["sign"] == -1
    assert edge["contradictions"] == 1 and edge["corroborations"] == 0
    [evidence] = edge["evidence"]
    assert evidence["relation"] == "contradicts"
    assert evidence["kinds"] == ["rebuttal"]
    assert sorted(evidence["claims"]) == ["altman-100m", "beyer-denial"]
    assert "answering Sam Altman's claim" in edge["reasons"][0]


def test_corroboration_is_a_positive_edge(example_store: Store) -> None:
    D = disagreement_graph(example_store)
    edge = D.edges[agent("beyer"), agent("numerama")]
    assert edge["weight"] == 1 and edge["corroborations"] == 1
    assert edge["claims"] == "beyer-joining ~ trio-joined-meta"
    # Speakers with no link are still there, for camps and centrality.
    assert agent("bloomberg-sources") in D and D.degree(agent("bloomberg-sources")) == 0


def test_a_pair_meeting_two_rules_counts_once(two_rules_store: Store) -> None:
    D = disagreement_graph(two_rules_store)
    [(_, _, edge)] = D.edges(data=True)
    assert edge["weight"] == -1
    assert edge["evidence"][0]["kinds"] == ["opposite-stance", "rebuttal"]
    C = claims_graph(two_rules_store)
    [(_, _, link)] = C.edges(data=True)
    # One cg:Contradiction per pair (docs/rules.md), its kinds in the rules' order.
    assert link["kind"] == "opposite-stance, rebuttal" and len(link["contradictions"]) == 1


def test_functional_conflict_in_the_board_example(empty_store: Store) -> None:
    ingest(empty_store, [example_path("openai-board-2023.json")])
    D = disagreement_graph(empty_store)
    labels = {
        frozenset((D.nodes[u]["label"], D.nodes[v]["label"])): d for u, v, d in D.edges(data=True)
    }
    assert labels[frozenset(("Satya Nadella", "OpenAI"))]["weight"] == -1
    kinds = labels[frozenset(("Satya Nadella", "OpenAI"))]["evidence"][0]["kinds"]
    assert kinds == ["incompatible-value"]
    # Claims over different periods never corroborate (docs/rules.md): the board's "employer to
    # 2023-11-17" and OpenAI's "employer from 2023-11-22" are not an agreement.
    assert frozenset(("OpenAI", "OpenAI board of directors")) not in labels


# --- chains ----------------------------------------------------------------------------------


def test_anonymous_sources_to_bloomberg_to_the_article(example_store: Store) -> None:
    R = chains_graph(example_store)
    article = f"{EX}source/numerama-fr"
    first = R.edges[agent("bloomberg-sources"), agent("bloomberg"), claim("pang-200m")]
    second = R.edges[agent("bloomberg"), article, claim("pang-200m")]
    assert (first["step"], first["relation"]) == (1, "relayed to")
    assert (second["step"], second["relation"], second["hops"]) == (2, "recorded in", 2)
    assert R.nodes[agent("bloomberg-sources")]["type"] == "AnonymousSource"
    assert R.nodes[article]["kind"] == "source"
    assert R.nodes[article]["published"] == "2025-07-11"
    assert R.nodes[article]["publisher"] == "Numerama"
    # A claim made in the article itself is one hop.
    assert R.edges[agent("altman"), article, claim("altman-100m")]["hops"] == 1


# --- claims graph --------------------------------------------------------------------------


def test_claims_graph_attributes(example_store: Store) -> None:
    C = claims_graph(example_store)
    assert C.number_of_nodes() == 12
    node = C.nodes[claim("pang-200m")]
    assert node["id"] == node["label"] == "pang-200m"
    assert node["claimant"] == agent("bloomberg-sources")
    assert node["claimant_name"] == "Sources proches du dossier"
    assert node["claimant_type"] == "AnonymousSource"
    assert (node["subject"], node["predicate"], node["object"]) == (
        "Meta",
        "offered a pay package to",
        "Ruoming Pang",
    )
    assert node["object_iri"] == agent("pang")
    assert node["amount"] == "≥ $200M"
    assert node["quote_lang"] == "fr" and node["quote"].startswith("Meta avait offert")
    assert node["reported_by"] == ["Bloomberg"]
    assert node["contested"] is False
    link = C.edges[claim("altman-100m"), claim("beyer-denial")]
    assert link["relation"] == "contradicts" and link["kind"] == "rebuttal"
    assert link["reason"].startswith("Lucas Beyer denies")
    agree = C.edges[claim("beyer-joining"), claim("trio-joined-meta")]
    assert agree["relation"] == "corroborates"


def test_claims_graph_about_keeps_the_other_side(example_store: Store) -> None:
    C = claims_graph(example_store, about="openai-staff")
    # Beyer's denial is about the trio, not the staff, but it answers Altman's claim.
    assert claim("beyer-denial") in C
    assert C.has_edge(claim("altman-100m"), claim("beyer-denial"))


# --- one store interface -------------------------------------------------------------------


class QueryOnlyStore(Store):
    """A store that answers SPARQL and nothing else, as a remote endpoint would."""

    location = "query-only"
    writable = False

    def __init__(self, inner: Store) -> None:
        self.inner = inner

    def query(
        self, sparql: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None
    ) -> Any:
        return self.inner.query(sparql, bindings)

    def apply(self, change: Any) -> None:
        raise AssertionError("views must not write")

    def dump(self, out: IO[bytes], fmt: ox.RdfFormat, graph: str | None = None) -> None:
        raise AssertionError("views must not dump the store")


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_views_need_only_query(example_store: Store, name: str) -> None:
    direct = build_view(example_store, name)
    through_query = build_view(QueryOnlyStore(example_store), name)
    assert nx.utils.graphs_equal(direct, through_query)


def test_unknown_view(example_store: Store) -> None:
    with pytest.raises(InputError, match="unknown view"):
        build_view(example_store, "gossip")


# --- GraphML and GEXF ----------------------------------------------------------------------


def _edge_set(G: nx.Graph) -> list[tuple[Any, ...]]:
    """Edges with their attributes, keys included for multigraphs."""
    if G.is_multigraph():
        return sorted((u, v, k, sorted(d.items())) for u, v, k, d in G.edges(keys=True, data=True))
    if G.is_directed():
        return sorted((u, v, sorted(d.items())) for u, v, d in G.edges(data=True))
    return sorted((*sorted((u, v)), sorted(d.items())) for u, v, d in G.edges(data=True))


@pytest.mark.parametrize("name", sorted(VIEWS))
@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_reads_back_with_networkx(example_store: Store, name: str, fmt: str) -> None:
    out = io.BytesIO()
    write_view(example_store, out, fmt, name)
    out.seek(0)
    read = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    expected = exportable(build_view(example_store, name))
    assert dict(read.nodes(data=True)) == dict(expected.nodes(data=True))
    assert _edge_set(read) == _edge_set(expected)
    assert read.is_directed() == expected.is_directed()
    # Labels and edge attributes survive: a said-about edge still says who claimed what.
    assert all("label" in attrs for _, attrs in read.nodes(data=True))


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_gexf_is_valid_against_the_published_1_3_grammar(example_store: Store, name: str) -> None:
    grammar = etree.RelaxNG(etree.parse(str(DATA / "gexf-1.3" / "gexf.rng")))
    out = io.BytesIO()
    write_view(example_store, out, "gexf", name)
    document = etree.fromstring(out.getvalue())
    assert grammar.validate(document), grammar.error_log


def test_the_grammar_rejects_what_it_should() -> None:
    """The shipped grammar is not a rubber stamp: a node without an id fails."""
    grammar = etree.RelaxNG(etree.parse(str(DATA / "gexf-1.3" / "gexf.rng")))
    bad = (
        b'<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph>'
        b'<nodes><node label="x"/></nodes><edges/></graph></gexf>'
    )
    assert not grammar.validate(etree.fromstring(bad))


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_exports_are_the_same_bytes_every_time(example_store: Store, fmt: str) -> None:
    first, second = io.BytesIO(), io.BytesIO()
    write_view(example_store, first, fmt, "claims")
    write_view(example_store, second, fmt, "claims")
    assert first.getvalue() == second.getvalue()


def test_flattening_rules() -> None:
    G = nx.MultiDiGraph()
    G.add_node("a", label="A", tags=["x", "y"], missing=None, n=1)
    G.add_node("b", label="B", tags=[], n=2.5, info={"k": [1, 2]})
    G.add_edge("a", "b", key="same", evidence=[{"claims": ["c1", "c2"]}], flag=True)
    G.add_edge("b", "a", key="same", evidence=[], flag=False)
    H = exportable(G)
    assert H.nodes["a"] == {"label": "A", "tags": "x; y", "n": 1.0}
    assert H.nodes["b"] == {"label": "B", "tags": "", "n": 2.5, "info": '{"k":[1,2]}'}
    assert sorted(k for *_, k in H.edges(keys=True)) == ["e0", "e1"]
    assert H.edges["a", "b", "e0"]["evidence"] == '[{"claims":["c1","c2"]}]'
    assert H.edges["a", "b", "e0"]["edge_key"] == "same"


@pytest.mark.parametrize("cls", [nx.MultiDiGraph, nx.MultiGraph, nx.DiGraph, nx.Graph])
def test_gexf_streams_what_the_flattened_copy_holds(cls: type[nx.Graph]) -> None:
    """write_gexf flattens edges as it writes them, with no copy of the graph: what it
    writes must still be what :func:`exportable` gives, mixed types and all."""
    G = nx.MultiDiGraph()
    G.add_node("a", label="A", tags=["x", "y"], missing=None, n=1)
    G.add_node("b", label='B "quoted" & <tagged>', n=2.5, info={"k": [1, 2]})
    G.add_edge("a", "b", key="k1", evidence=[{"claims": ["c1"]}], flag=True, w=1, label="it's")
    G.add_edge("b", "a", key="k1", evidence=[], flag=False, w=2.5, weight=2, label=3)
    G.add_edge("b", "a", key="k2", flag=1, weight=2.5, note="two\nlines\t")
    H = cls(G)
    out = io.BytesIO()
    write_gexf(H, out)
    out.seek(0)
    read = nx.read_gexf(out)
    expected = exportable(H)
    assert dict(read.nodes(data=True)) == dict(expected.nodes(data=True))

    def edges(graph: nx.Graph) -> list[tuple[Any, ...]]:  # read_gexf may drop the keys
        ends = (e[:2] if graph.is_directed() else sorted(e[:2]) for e in graph.edges)
        return sorted(
            (*uv, sorted(d.items()))
            for uv, (*_, d) in zip(ends, graph.edges(data=True), strict=True)
        )

    assert edges(read) == edges(expected)
    assert etree.RelaxNG(etree.parse(str(DATA / "gexf-1.3" / "gexf.rng"))).validate(
        etree.fromstring(out.getvalue())
    )


# --- package hygiene -----------------------------------------------------------------------


def test_public_api_is_complete() -> None:
    public = {name for name in dir(kg.views) if not name.startswith("_")}
    modules = {
        "chains",
        "claim_columns",
        "claims",
        "disagreement",
        "formats",
        "gexf",
        "gexf_templates",
        "node_reads",
        "parquet",
        "projection",
        "records",
        "said_about",
        "table_rows",
        "tables",
    }
    typing_names = {"annotations", "Any", "Callable", "IO", "InputError", "Progress", "Store", "nx"}
    assert sorted(public - modules - typing_names) == sorted(kg.views.__all__)


def test_importing_kg_does_not_import_networkx() -> None:
    code = "import sys, kg, kg.store, kg.export; print('networkx' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("module", [said_about, disagreement, chains, claims, formats, records])
def test_docstring_examples_run(module: Any) -> None:
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failures == 0
