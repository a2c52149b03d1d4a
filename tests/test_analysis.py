"""Analyses over the views, checked against small cases worked out by hand."""

from __future__ import annotations

import doctest
import math
from typing import Any

import networkx as nx
import pytest

from kg.analysis import (
    camps,
    claim_hops,
    conflict,
    conflict_centre,
    contested,
    credibility,
    fact_graph,
    frustration,
    hop_counts,
    most_contested_entities,
    most_contested_propositions,
    reach,
    reporting_paths,
    signed_camps,
    sums,
    top_relays,
    truthfinder,
)
from kg.analysis.report import camps_report, credibility_report
from kg.store import Store
from kg.views import chains_graph, claims_graph, disagreement_graph

# --- camps -----------------------------------------------------------------------------------


def _signed(edges: list[tuple[str, str, int]]) -> nx.Graph:
    D = nx.Graph()
    D.add_weighted_edges_from(edges)
    return D


def _as_sets(found: list[set[Any]]) -> set[frozenset[Any]]:
    return {frozenset(camp) for camp in found}


def test_two_balanced_camps_are_found() -> None:
    # Allies inside {a, b, c} and {d, e}; every cross edge negative: balanced, 2 camps.
    D = _signed(
        [
            ("a", "b", 1),
            ("b", "c", 2),
            ("a", "c", 1),
            ("d", "e", 1),
            ("a", "d", -1),
            ("c", "e", -3),
            ("b", "d", -1),
        ]
    )
    found = signed_camps(D)
    assert _as_sets(found) == {frozenset("abc"), frozenset("de")}
    assert frustration(D, found) == 0


def test_three_camps_when_two_cannot_hold_them() -> None:
    # Three mutually hostile pairs: weakly balanced with three camps, not with two.
    D = _signed(
        [
            ("a1", "a2", 1),
            ("b1", "b2", 1),
            ("c1", "c2", 1),
            ("a1", "b1", -1),
            ("b2", "c2", -1),
            ("a2", "c1", -1),
        ]
    )
    assert _as_sets(signed_camps(D)) == {
        frozenset({"a1", "a2"}),
        frozenset({"b1", "b2"}),
        frozenset({"c1", "c2"}),
    }
    two = signed_camps(D, max_camps=2)
    assert len(two) == 2
    # Best two-camp split leaves exactly one hostile pair together (frustration 1).
    assert frustration(D, two) == 1


def test_unbalanced_triangle_has_the_least_frustration() -> None:
    # + + −: no partition satisfies all three edges; the least frustration is 1.
    D = _signed([("x", "y", 1), ("y", "z", 1), ("x", "z", -1)])
    assert frustration(D, signed_camps(D)) == 1


def test_speakers_without_signed_edges_are_in_no_camp() -> None:
    D = _signed([("a", "b", -1)])
    D.add_node("lonely")
    D.add_edge("c", "d", weight=0)
    found = signed_camps(D)
    assert _as_sets(found) == {frozenset("a"), frozenset("b")}


def test_camps_are_repeatable_and_ordered() -> None:
    D = _signed([("a", "b", 1), ("b", "c", 1), ("c", "d", -1), ("d", "e", 1), ("a", "e", -1)])
    assert signed_camps(D, seed=3) == signed_camps(D, seed=3)
    sizes = [len(camp) for camp in signed_camps(D)]
    assert sizes == sorted(sizes, reverse=True)


def test_max_camps_must_be_positive() -> None:
    with pytest.raises(ValueError):
        signed_camps(_signed([("a", "b", 1)]), max_camps=0)


def test_frustration_counts_both_kinds_of_error() -> None:
    D = _signed([("a", "b", 2), ("b", "c", -3), ("a", "c", 1)])
    assert frustration(D, [{"a"}, {"b", "c"}]) == 2 + 3 + 1
    assert frustration(D, [{"a", "b"}, {"c"}]) == 1


def test_camps_on_the_example(example_store: Store) -> None:
    report = camps_report(example_store)
    assert report["frustration"] == 0
    assert [camp["speakers"] for camp in report["camps"]] == [
        ["Lucas Beyer", "Numerama"],
        ["Sam Altman"],
    ]
    assert report["unaligned"] == ["Bloomberg", "Sources proches du dossier"]


# --- centre of conflicts ---------------------------------------------------------------------


def test_the_broker_between_two_quarrels_is_central() -> None:
    # hub quarrels with x and y, who also quarrel with outsiders; hub lies on x–y paths.
    D = nx.Graph()
    for u, v in [("hub", "x"), ("hub", "y"), ("x", "x2"), ("y", "y2")]:
        D.add_edge(u, v, weight=-1, contradictions=1, corroborations=0)
    D.add_edge("x2", "y2", weight=3, contradictions=0, corroborations=3)
    rows = {r["speaker"]: r for r in conflict_centre(D)}
    # Conflict subgraph: path x2–x–hub–y–y2; betweenness of hub = 4 pairs / C(4,2)=6.
    assert rows["hub"]["betweenness"] == pytest.approx(4 / 6, abs=1e-6)
    assert rows["x"]["betweenness"] == pytest.approx(3 / 6, abs=1e-6)
    assert rows["x2"]["betweenness"] == 0
    assert rows["x2"]["allies"] == 1 and rows["x2"]["corroborations"] == 3
    assert conflict_centre(D, n=1)[0]["speaker"] == "hub"


def test_centre_on_the_example(example_store: Store) -> None:
    rows = conflict_centre(disagreement_graph(example_store))
    assert [r["name"] for r in rows] == ["Lucas Beyer", "Sam Altman"]
    assert rows[0]["allies"] == 1 and rows[1]["allies"] == 0


# --- most contested --------------------------------------------------------------------------


def test_most_contested_on_the_example(example_store: Store) -> None:
    C = claims_graph(example_store)
    props = most_contested_propositions(C)
    assert {p["statement"] for p in props} == {
        "Meta offered a signing bonus to OpenAI staff",
        "Meta offered a signing bonus to Lucas Beyer and two OpenAI colleagues",
    }
    assert all(p["speakers"] == ["Lucas Beyer", "Sam Altman"] for p in props)
    entities = most_contested_entities(C)
    assert entities[0]["name"] == "Meta"  # both sides of the rebuttal are about Meta
    assert entities[0]["claims"] == 7


def test_contested_ranking_by_hand() -> None:
    C = nx.Graph()
    for node, prop, who in [
        ("1", "p", "A"),
        ("2", "p", "B"),
        ("3", "q", "C"),
        ("4", "q", "D"),
        ("5", "q", "A"),
        ("6", "r", "E"),
    ]:
        C.add_node(
            node,
            proposition=prop,
            statement=prop.upper(),
            claimant_name=who,
            subject_iri=prop + "-s",
            subject=prop + "-s",
            object_iri=None,
            object="1",
        )
    C.add_edge("1", "2", relation="contradicts")
    C.add_edge("3", "4", relation="contradicts")
    C.add_edge("4", "5", relation="contradicts")
    C.add_edge("5", "6", relation="corroborates")  # not a conflict
    rows = most_contested_propositions(C)
    assert [(r["statement"], r["contradictions"], r["claims"]) for r in rows] == [
        ("Q", 2, 3),
        ("P", 1, 2),
    ]
    assert most_contested_propositions(C, n=1)[0]["statement"] == "Q"
    assert [r["name"] for r in most_contested_entities(C)] == ["q-s", "p-s"]


# --- reach -----------------------------------------------------------------------------------


def test_hops_on_the_example(example_store: Store) -> None:
    R = chains_graph(example_store)
    hops = claim_hops(R)
    assert hops["https://example.org/talent-war/claim/pang-200m"] == 2
    assert hop_counts(R) == {1: 11, 2: 1}
    assert [R.nodes[n]["label"] for n, _ in top_relays(R)] == ["Bloomberg"]
    [path] = reporting_paths(R)["https://example.org/talent-war/claim/pang-200m"]
    assert [R.nodes[n]["label"] for n in path][:2] == ["Sources proches du dossier", "Bloomberg"]


def test_parallel_reporters_are_two_paths_of_two_hops() -> None:
    R = nx.MultiDiGraph()
    for reporter in ("reuters", "bloomberg"):
        R.add_edge("sources", reporter, claim="c", step=1, relation="relayed to")
        R.add_edge(reporter, "article", claim="c", step=2, relation="recorded in")
    assert claim_hops(R) == {"c": 2}
    assert reporting_paths(R) == {
        "c": [["sources", "bloomberg", "article"], ["sources", "reuters", "article"]]
    }


# --- truth discovery -------------------------------------------------------------------------


def _bipartite(
    speakers: str, supports: list[tuple[str, str]], conflicts: list[tuple[str, str]]
) -> nx.Graph:
    B = nx.Graph()
    B.add_nodes_from(speakers, bipartite=0)
    B.add_nodes_from({f for _, f in supports}, bipartite=1)
    B.add_edges_from(supports, relation="supports")
    B.add_edges_from(conflicts, relation="conflicts")
    return B


def test_sums_converges_to_the_leading_eigenvector() -> None:
    # a, b say f1; c says f1 and f2. M·Mᵀ = [[1,1,1],[1,1,1],[1,1,2]]: leading eigenvector
    # (1, 1, √2), eigenvalue 2 + √2. Rescaled: trust (1/√2, 1/√2, 1), belief (1, √2 − 1).
    B = _bipartite("abc", [("a", "f1"), ("b", "f1"), ("c", "f1"), ("c", "f2")], [])
    trust, belief = sums(B)
    assert trust == pytest.approx({"a": 1 / math.sqrt(2), "b": 1 / math.sqrt(2), "c": 1.0})
    assert belief == pytest.approx({"f1": 1.0, "f2": math.sqrt(2) - 1})


def test_sums_ignores_conflicts_and_rescales_each_group() -> None:
    B = _bipartite("ab", [("a", "x"), ("b", "y")], [("x", "y")])
    trust, belief = sums(B)
    assert trust == {"a": 1.0, "b": 1.0} and belief == {"x": 1.0, "y": 1.0}


def test_truthfinder_one_iteration_by_hand() -> None:
    # a, b support x1; c supports x2, which conflicts with x1. With t0 = 0.9:
    # τ = −ln(0.1); σ(x1) = 2τ, σ(x2) = τ; σ*(x1) = 2τ − ρτ = 1.5τ, σ*(x2) = τ − 2ρτ = 0;
    # s(x1) = 1 / (1 + e^(−0.3 · 1.5τ)), s(x2) = 0.5; trust = mean confidence of own facts.
    B = _bipartite("abc", [("a", "x1"), ("b", "x1"), ("c", "x2")], [("x1", "x2")])
    trust, confidence = truthfinder(B, max_iter=1)
    tau = -math.log(0.1)
    expected = 1 / (1 + math.exp(-0.3 * 1.5 * tau))
    assert confidence == pytest.approx({"x1": expected, "x2": 0.5})
    assert trust == pytest.approx({"a": expected, "b": expected, "c": 0.5})
    assert expected == pytest.approx(0.738109, abs=1e-6)


def test_truthfinder_ranks_a_consistent_speaker_above_a_contrarian() -> None:
    # r1, r2, r3 agree on o1 and o2; L contradicts them on both, and on o3 L and M
    # (who says nothing else) outnumber r1. Known ranking: the reliable speakers first,
    # the contrarian last; on o1 and o2 the consensus beats L.
    B = _bipartite(
        ["r1", "r2", "r3", "L", "M"],
        [
            ("r1", "o1+"),
            ("r2", "o1+"),
            ("r3", "o1+"),
            ("L", "o1-"),
            ("r1", "o2+"),
            ("r2", "o2+"),
            ("L", "o2-"),
            ("r1", "o3x"),
            ("L", "o3y"),
            ("M", "o3y"),
        ],
        [("o1+", "o1-"), ("o2+", "o2-"), ("o3x", "o3y")],
    )
    trust, confidence = truthfinder(B)
    ranking = sorted(trust, key=trust.__getitem__, reverse=True)
    assert ranking == ["r3", "r2", "r1", "M", "L"]
    assert confidence["o1+"] > confidence["o1-"] and confidence["o2+"] > confidence["o2-"]
    # Sums, blind to conflicts, ranks L (three facts, one echoed) with the best.
    sums_trust, _ = sums(B)
    assert sums_trust["L"] == 1.0


def test_fact_graph_from_the_example(example_store: Store) -> None:
    B = fact_graph(claims_graph(example_store))
    speakers = [n for n, side in B.nodes(data="bipartite") if side == 0]
    assert len(speakers) == 5
    conflicts = [(u, v) for u, v, rel in B.edges(data="relation") if rel == "conflicts"]
    # The rebuttal links Altman's assertion and Beyer's denial across two propositions.
    assert len(conflicts) == 1
    assert {B.nodes[f]["stance"] for f in conflicts[0]} == {"asserts", "denies"}


def test_truthfinder_believes_beyer_over_altman_on_the_example(example_store: Store) -> None:
    report = credibility_report(example_store, method="truthfinder")
    trust = {r["speaker"]: r["truthfinder"] for r in report["speakers"]}
    # Beyer's other claim (the trio joined Meta) is corroborated by Numerama; Altman's
    # claims are corroborated by no one.
    assert trust["Lucas Beyer"] > trust["Sam Altman"]
    [method] = report["methods"]
    assert method["name"] == "truthfinder" and "Yin, Han & Yu" in method["reference"]
    assert any("independent" in line for line in method["assumptions"])


def test_bipartite_attribute_is_required() -> None:
    B = nx.Graph([("a", "f")])
    with pytest.raises(nx.NetworkXError, match="bipartite"):
        sums(B)


@pytest.mark.parametrize("module", [camps, conflict, contested, credibility, reach])
def test_docstring_examples_run(module: Any) -> None:
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failures == 0
