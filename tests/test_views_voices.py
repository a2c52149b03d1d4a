"""Real news in the NetworkX views and analyses: docs/sheet-format.md (Spokespeople, Hedges, Claims about
claims) and §3 (one contradiction per pair), one test per sentence.

Most tests use ``examples/harbour-strike.yaml``, which uses every new construct: Tom Becker
speaks for Meridian Terminals, Ana Ruiz for the union; Becker's blanket denial rebuts two
union claims; the pilots endorse the same two; the ministry and Becker decline to comment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import conflict_sheets

from kg.analysis import fact_graph, signed_camps
from kg.analysis.report import camps_report, credibility_report
from kg.demo import example_path
from kg.ingest import ingest, ingest_claimset
from kg.inputs.sheets import sheet_to_claimset
from kg.report.kept import kept_listing
from kg.store import Store
from kg.store import records as store_records
from kg.store.embedded import EmbeddedStore
from kg.views import chains_graph, claims_graph, disagreement_graph, records, said_about_graph
from kg.views.records import read_claim_data

HS = "https://example.org/harbour-strike/"


def agent(name: str) -> str:
    return f"{HS}agent/{name}"


def claim(name: str) -> str:
    return f"{HS}claim/{name}"


@pytest.fixture
def harbour(empty_store: Store) -> Store:
    ingest(empty_store, [example_path("harbour-strike.yaml")])
    return empty_store


def evidence(D: Any, u: str, v: str) -> dict[tuple[str, str], dict[str, Any]]:
    """The edge's evidence by its (sorted) pair of claim ids."""
    return {tuple(sorted(e["claims"])): e for e in D.edges[u, v]["evidence"]}


# --- reading the new model ------------------------------------------------------------------


def test_the_records_hold_stance_hedge_spokesperson_period_unit_and_replies(
    harbour: Store,
) -> None:
    data = read_claim_data(harbour)
    no_comment = data.claims[claim("terminals-no-comment")]
    assert no_comment.stance == "declines"  # not "asserts": a non-answer is its own stance
    assert no_comment.on_behalf_of == agent("terminals")
    assert no_comment.claimant == agent("becker")
    hedged = data.claims[claim("union-injuries-2023")]
    assert hedged.hedged and not data.claims[claim("operator-injuries-2023")].hedged
    assert data.during_text(hedged) == "2023"
    assert hedged.amount is not None and hedged.amount.unit == "people"
    # A claim about claims is read although it has no proposition.
    blanket = data.claims[claim("terminals-fabrication")]
    assert blanket.about_claims and blanket.proposition is None and blanket.subject is None
    assert blanket.stance == "denies"
    assert blanket.responds_to == (claim("union-1200"), claim("union-60pct"))
    assert data.statement(blanket) == "about claims union-1200, union-60pct"
    assert data.claims[claim("ministry-no-comment")].stance == "declines"


def test_a_pair_meeting_two_rules_is_one_contradiction_with_both_kinds(
    two_rules_store: Store,
) -> None:
    [x] = read_claim_data(two_rules_store).contradictions
    assert x.kinds == ("opposite-stance", "rebuttal") and x.kind == "opposite-stance"
    C = claims_graph(two_rules_store)
    [(_, _, link)] = C.edges(data=True)
    assert link["kinds"] == ["opposite-stance", "rebuttal"]
    D = disagreement_graph(two_rules_store)
    [(_, _, edge)] = D.edges(data=True)
    assert edge["contradictions"] == 1 and edge["weight"] == -1


def test_about_reads_from_the_nodes_in_chunks(
    harbour: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    nodes = [f"{HS}entity/strike", f"{HS}entity/port"]
    whole = read_claim_data(harbour, about=nodes)
    seen: list[str] = []
    query = harbour.query

    def recording(text: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(text)
        return query(text, *args, **kwargs)

    monkeypatch.setattr(harbour, "query", recording)
    monkeypatch.setattr(store_records, "_ABOUT_CHUNK", 1)
    chunked = read_claim_data(harbour, about=nodes)
    assert sorted(chunked.claims) == sorted(whole.claims)
    assert claim("union-1200") in chunked.claims and claim("union-60pct") in chunked.claims
    # Virtuoso answers `{ VALUES ?s … } UNION { VALUES ?o … }` with no rows: not that shape.
    # The propositions are found from the nodes, one query per chunk of nodes.
    about_queries = [q for q in seen if "rdf:subject <" in q]
    assert len(about_queries) == 2
    assert not any("UNION { VALUES" in q for q in seen)


# --- Spokespeople: one voice ------------------------------------------------------------------


def test_a_spokesperson_and_the_company_they_speak_for_are_one_voice_in_the_disagreement_graph(
    harbour: Store,
) -> None:
    D = disagreement_graph(harbour)
    assert agent("becker") not in D and agent("ruiz") not in D
    terminals = D.nodes[agent("terminals")]
    assert terminals["members"] == ["Meridian Terminals", "Tom Becker"]
    assert "Ana Ruiz" in D.nodes[agent("union")]["members"]
    # Becker's 12 % (for the terminals) against Ruiz's 60 % (for the union), his blanket
    # denial of two union claims, and the terminals' own injury figure that agrees with the
    # union's: one pair of speakers, three contradictions and one corroboration.
    edge = D.edges[agent("terminals"), agent("union")]
    assert (edge["contradictions"], edge["corroborations"], edge["weight"]) == (3, 1, -2)
    found = evidence(D, agent("terminals"), agent("union"))
    assert found["operator-12pct", "union-60pct"]["claimants"] == [agent("becker"), agent("ruiz")]
    assert found["operator-12pct", "union-60pct"]["on_behalf_of"] == [
        agent("terminals"),
        agent("union"),
    ]


def test_the_company_and_its_spokesperson_share_one_camp_and_one_trust(harbour: Store) -> None:
    D = disagreement_graph(harbour)
    camps = [sorted(c) for c in signed_camps(D)]
    assert [agent("pilots"), agent("union")] in camps and [agent("terminals")] in camps
    report = camps_report(harbour)
    assert all("Tom Becker" not in camp["speakers"] for camp in report["camps"])
    speakers = {row["speaker"] for row in credibility_report(harbour)["speakers"]}
    assert "Meridian Terminals" in speakers and "Tom Becker" not in speakers
    assert "Ana Ruiz" not in speakers


def test_said_about_keeps_the_actual_speaker_and_whom_they_spoke_for(harbour: Store) -> None:
    G = said_about_graph(harbour)
    edge = G.edges[agent("becker"), f"{HS}entity/dockers", claim("operator-12pct")]
    assert edge["on_behalf_of"] == agent("terminals")
    assert edge["amount"] == "12%" and edge["unit"] == "percent"
    assert edge["during"] == "2025-03-13"
    # Claims about claims are about no agent or entity: no said-about edge.
    assert not any(k == claim("terminals-fabrication") for *_, k in G.edges(keys=True))


def same_as_sheet(tmp_path: Path, agents: str = "", claims: str = "") -> Path:
    """Acme Corp and Acme Inc. name one Wikidata IRI (one voice); a critic denies what Acme
    asserts. ``agents`` and ``claims`` add YAML list items."""
    sheet = tmp_path / "same-as.yaml"
    sheet.write_text(
        "sheet: 1\nbase: https://example.org/same/\n"
        "sources: [{id: s, title: S}]\n"
        "agents:\n"
        "  - {id: acme, name: Acme Corp, same_as: ['http://www.wikidata.org/entity/Q1']}\n"
        "  - {id: acme-inc, name: Acme Inc., same_as: ['http://www.wikidata.org/entity/Q1']}\n"
        "  - {id: critic, name: Critic}\n"
        "  - {id: m, name: M}\n" + agents + "claims:\n"
        "  - {id: a1, claimant: acme, stance: asserts, statement: [m, paid, critic], source: s}\n"
        "  - {id: d, claimant: critic, stance: denies, statement: [m, paid, critic], source: s}\n"
        + claims,
        encoding="utf-8",
    )
    return sheet


def test_agents_naming_the_same_same_as_iri_are_one_speaker(
    empty_store: Store, tmp_path: Path
) -> None:
    second = (
        "  - {id: a2, claimant: acme-inc, stance: asserts, statement: [m, paid, critic],"
        " source: s}\n"
    )
    ingest(empty_store, [same_as_sheet(tmp_path, claims=second)])
    D = disagreement_graph(empty_store)
    acme, acme_inc = (
        "https://example.org/same/agent/acme",
        "https://example.org/same/agent/acme-inc",
    )
    assert acme in D and acme_inc not in D  # the smallest IRI stands for both
    assert D.nodes[acme]["members"] == ["Acme Corp", "Acme Inc."]
    assert D.nodes[acme]["claims"] == 2
    [(_, _, edge)] = D.edges(data=True)
    assert edge["contradictions"] == 2  # a1 × d and a2 × d; a1 ~ a2 is no self-loop
    B = fact_graph(claims_graph(empty_store))
    speakers = [n for n, side in B.nodes(data="bipartite") if side == 0]
    assert sorted(speakers) == [acme, "https://example.org/same/agent/critic"]


# --- Claims about claims ------------------------------------------------------------------


def test_a_blanket_denials_rebuttals_are_edges_of_the_disagreement_graph(harbour: Store) -> None:
    found = evidence(disagreement_graph(harbour), agent("terminals"), agent("union"))
    for answered in ("union-60pct", "union-1200"):
        rebuttal = found[tuple(sorted(("terminals-fabrication", answered)))]
        assert rebuttal["relation"] == "contradicts" and rebuttal["kinds"] == ["rebuttal"]
    C = claims_graph(harbour)
    assert C.edges[claim("terminals-fabrication"), claim("union-60pct")]["kind"] == "rebuttal"
    assert C.nodes[claim("terminals-fabrication")]["about_claims"] is True


def test_a_blanket_denial_is_read_with_about_though_it_is_about_no_entity(
    harbour: Store,
) -> None:
    D = disagreement_graph(harbour, about="the dock strike")
    found = evidence(D, agent("terminals"), agent("union"))
    assert ("terminals-fabrication", "union-1200") in found


def test_an_endorsement_corroborates_each_claim_it_lists(harbour: Store) -> None:
    D = disagreement_graph(harbour)
    edge = D.edges[agent("pilots"), agent("union")]
    assert (edge["corroborations"], edge["contradictions"]) == (2, 0)
    C = claims_graph(harbour)
    link = C.edges[claim("pilots-about-right"), claim("union-1200")]
    assert link["relation"] == "corroborates"
    assert link["reason"].startswith("Harbour Pilots' Association endorses")


def test_in_credibility_a_claim_about_claims_supports_the_facts_it_answers(
    harbour: Store,
) -> None:
    B = fact_graph(claims_graph(harbour))
    by_label = {
        attrs["label"]: node for node, attrs in B.nodes(data=True) if attrs["bipartite"] == 1
    }
    strike = by_label["asserts: Port Meridian dockers joined the dock strike"]
    denied = by_label["denies: Port Meridian dockers joined the dock strike"]
    assert B.has_edge(agent("pilots"), strike)  # the endorsement
    assert B.has_edge(agent("terminals"), denied)  # the blanket denial
    assert B.edges[strike, denied]["kinds"] == ["rebuttal"]


# --- Declines and hedges --------------------------------------------------------------------


def test_a_non_answer_takes_part_in_no_analysis(harbour: Store) -> None:
    D = disagreement_graph(harbour)
    assert agent("ministry") not in D  # it only declined to comment
    every_claim = {c for _, _, d in D.edges(data=True) for e in d["evidence"] for c in e["claims"]}
    assert not {"ministry-no-comment", "terminals-no-comment"} & every_claim
    assert (
        D.nodes[agent("terminals")]["claims"] == 3
    )  # 12 %, the denial, injuries; not the "no comment"
    B = fact_graph(claims_graph(harbour))
    assert agent("ministry") not in B
    assert all(
        attrs["stance"] != "declines" for _, attrs in B.nodes(data=True) if "stance" in attrs
    )
    report = camps_report(harbour)
    assert "Transport ministry" not in report["unaligned"]


def test_a_hedged_claim_is_marked_and_weighs_the_same(harbour: Store) -> None:
    D = disagreement_graph(harbour)
    edge = D.edges[agent("terminals"), agent("union")]
    injuries = evidence(D, agent("terminals"), agent("union"))[
        "operator-injuries-2023", "union-injuries-2023"
    ]
    assert injuries["relation"] == "corroborates" and True in injuries["hedged"]
    assert edge["hedged"] is True
    assert edge["corroborations"] == 1  # counted once, like any other
    assert claims_graph(harbour).nodes[claim("union-injuries-2023")]["hedged"] is True


def test_about_views_read_only_their_nodes_and_name_them_as_the_whole_store_does(
    empty_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # --about reads the names of the nodes its claims use, and of every agent that may share
    # a voice with one of them (same_as); the views must come out as from every node.
    # Acme SA names Acme Inc.'s IRI, which shares Acme Corp's Wikidata IRI: one voice of three.
    sheet = same_as_sheet(
        tmp_path,
        agents="  - {id: acme-sa, name: Acme SA,"
        " same_as: ['https://example.org/same/agent/acme-inc']}\n"
        "  - {id: n, name: N}\n",
        claims="  - {id: a2, claimant: acme-sa, stance: asserts, statement: [n, paid, critic],"
        " source: s}\n",
    )
    ingest(empty_store, [example_path("harbour-strike.yaml"), example_path(), sheet])
    names = [
        "m",
        "n",
        "critic",
        "acme",
        "meta",
        "port",
        "strike",
        "Ana Ruiz",
        "openai-trio",
        "pang",
    ]
    views = (said_about_graph, disagreement_graph, claims_graph, chains_graph)

    def seen(about: str) -> list[Any]:
        return [
            (
                sorted((n, repr(sorted(d.items()))) for n, d in G.nodes(data=True)),
                sorted(repr((u, v, sorted(d.items()))) for u, v, d in G.edges(data=True)),
            )
            for G in (view(empty_store, about=about) for view in views)
        ]

    restricted = {about: seen(about) for about in names}
    monkeypatch.setattr(records, "voice_closure", lambda store, iris: None)  # every node
    for about in names:
        assert restricted[about] == seen(about), about


def test_about_views_read_their_contradictions_from_the_kept_rows_as_from_the_graph(
    empty_store: Store,
) -> None:
    # --about reads the contradictions of its claims from the rows kg contested keeps (one
    # value each), where the store keeps them; the same contradictions as the graph gives.
    ingest(empty_store, [example_path("harbour-strike.yaml"), example_path()])
    assert kept_listing(empty_store) is not None
    compared = 0
    for about in ("meta", "port", "strike", "pang", "openai-trio", "Ana Ruiz", "beyer"):
        nodes = records.resolve_about(empty_store, about)
        kept = read_claim_data(empty_store, about=nodes).contradictions
        assert kept == read_claim_data(empty_store, about=nodes, kept=False).contradictions
        compared += len(kept)
    assert compared == 5  # every contradiction of the two stories, one of them twice


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheet=conflict_sheets())
def test_about_contradictions_from_kept_rows_hold_kinds_and_reasons_alike(
    sheet: dict[str, Any],
) -> None:
    with EmbeddedStore(None, writable=True) as store:
        ingest_claimset(store, sheet_to_claimset(sheet))
        for about in ("e0", "e1", "e2", "a0"):
            nodes = records.resolve_about(store, about)
            kept = read_claim_data(store, about=nodes, links="contradictions").contradictions
            graph = read_claim_data(store, about=nodes, links="contradictions", kept=False)
            assert kept == graph.contradictions, about
