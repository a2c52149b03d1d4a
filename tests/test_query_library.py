"""The shipped named queries, each on the example graph, on both backends.

The example is the Meta talent war (kg/examples/meta-talent-war.yaml) plus Altman's own
English words from the podcast (tests/data/altman-podcast-en.yaml), so that one agent is
quoted in two languages.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import QueryError
from kg.sparql import get_named_query, named_queries, run_query
from kg.sparql.results import table_rows
from kg.store import Store

DOC = Path(__file__).resolve().parent.parent / "docs" / "sparql.md"


def run_named(store: Store, name: str, **params: str) -> list[dict[str, str]]:
    query = get_named_query(name)
    query.check_params(params)
    outcome = run_query(store, query.text, params)
    return table_rows(outcome.result)[1]


def test_the_library_has_the_eight_queries_with_headers() -> None:
    assert [q.name for q in named_queries()] == [
        "claims-by",
        "claims-over-time",
        "contested",
        "contradictions-between",
        "corroborated-uncontested",
        "multilingual-agents",
        "said-about",
        "second-hand",
    ]
    for query in named_queries():
        assert query.description and query.example.startswith("kg query --named " + query.name)
        assert all(f"?{p}" in query.text for p in query.params)


def test_every_named_query_is_shown_in_the_docs() -> None:
    doc = DOC.read_text(encoding="utf-8")
    for query in named_queries():
        assert f"--named {query.name}" in doc, query.name


def test_said_about_by_id_name_alias_and_iri(any_example_store: Store) -> None:
    by_id = run_named(any_example_store, "said-about", entity="openai-trio")
    assert [(r["claim"], r["claimant"], r["stance"]) for r in by_id] == [
        ("beyer-denial", "Lucas Beyer", "denies"),
        ("beyer-joining", "Lucas Beyer", "asserts"),
        ("trio-joined-meta", "Numerama", "asserts"),
        ("trio-left-openai", "Numerama", "asserts"),
    ]
    assert by_id[0]["quote"].startswith("non, nous n'avons pas obtenu 100 millions")
    by_alias = run_named(any_example_store, "said-about", entity="le trio")
    by_iri = run_named(
        any_example_store, "said-about", entity="<https://example.org/talent-war/agent/openai-trio>"
    )
    assert by_alias == by_id == by_iri
    assert run_named(any_example_store, "said-about", entity="nobody at all") == []


def test_claims_by_lists_assertions_and_denials_with_amounts(any_example_store: Store) -> None:
    rows = run_named(any_example_store, "claims-by", agent="Sam Altman")
    assert [(r["claim"], r["stance"], r["amount"], r["said_on"]) for r in rows] == [
        ("altman-100m", "asserts", ">= 100000000 USD", "2025-06"),
        ("altman-offers", "asserts", "", "2025-06"),
        ("altman-offers-en", "asserts", "", "2025-06-17"),
    ]
    beyer = run_named(any_example_store, "claims-by", agent="beyer")
    assert {(r["claim"], r["stance"], r["amount"]) for r in beyer} == {
        ("beyer-denial", "denies", "100000000 USD"),
        ("beyer-joining", "asserts", ""),
    }


def test_contested_shows_both_sides(any_example_store: Store) -> None:
    rows = run_named(any_example_store, "contested")
    sides = {r["object"]: (r["asserted_by"], r["denied_by"], r["contradicted_by"]) for r in rows}
    # Altman asserts the bonus to OpenAI staff; Beyer's denial (about the trio) answers it.
    assert sides == {
        "OpenAI staff": ("Sam Altman", "", "Lucas Beyer denies (beyer-denial)"),
        "Lucas Beyer and two OpenAI colleagues": (
            "",
            "Lucas Beyer",
            "Sam Altman asserts (altman-100m)",
        ),
    }
    assert {r["predicate"] for r in rows} == {"offered a signing bonus to"}


def test_contradictions_between_two_agents(any_example_store: Store) -> None:
    rows = run_named(any_example_store, "contradictions-between", a="beyer", b="altman")
    assert len(rows) == 1
    row = rows[0]
    assert (row["kind"], row["claim_a"], row["stance_a"], row["claim_b"], row["stance_b"]) == (
        "rebuttal",
        "beyer-denial",
        "denies",
        "altman-100m",
        "asserts",
    )
    assert "Lucas Beyer denies" in row["reason"] and "Sam Altman's claim" in row["reason"]
    swapped = run_named(any_example_store, "contradictions-between", a="Sam Altman", b="Beyer")
    assert (swapped[0]["claim_a"], swapped[0]["claim_b"]) == ("altman-100m", "beyer-denial")
    assert run_named(any_example_store, "contradictions-between", a="pang", b="altman") == []


def test_second_hand_claims_and_through_whom(any_example_store: Store) -> None:
    rows = run_named(any_example_store, "second-hand")
    assert len(rows) == 1
    row = rows[0]
    assert (row["claim"], row["claimant"], row["reported_by"], row["publisher"]) == (
        "pang-200m",
        "Sources proches du dossier",
        "Bloomberg",
        "Numerama",
    )
    assert row["source"].startswith("Apple perd son génie de l")
    assert (row["subject"], row["predicate"], row["object"]) == (
        "Meta",
        "offered a pay package to",
        "Ruoming Pang",
    )


def test_claims_over_time_by_month(any_example_store: Store) -> None:
    rows = run_named(any_example_store, "claims-over-time")
    assert rows == [
        # Altman (three claims, one in English) and Beyer (one denial, one assertion)
        {"month": "2025-06", "claims": "5", "asserts": "4", "denies": "1",
         "in_contradictions": "2", "speakers": "2"},
        # undated claims take the article's date, 2025-07-11
        {"month": "2025-07", "claims": "8", "asserts": "8", "denies": "0",
         "in_contradictions": "0", "speakers": "3"},
    ]  # fmt: skip


def test_corroborated_but_never_contested(any_example_store: Store) -> None:
    rows = run_named(any_example_store, "corroborated-uncontested")
    found = {(r["subject"], r["predicate"], r["object"]): r for r in rows}
    joined = found[("Lucas Beyer and two OpenAI colleagues", "joined", "Meta")]
    assert joined["claims"] == "2"
    assert sorted(joined["asserted_by"].split(", ")) == ["Lucas Beyer", "Numerama"]
    offers = found[("Meta", "made huge offers to", "OpenAI staff")]
    assert (offers["claims"], offers["asserted_by"]) == ("2", "Sam Altman")
    assert len(rows) == 2  # the contested bonus proposition is not here


def test_agents_quoted_in_more_than_one_language(any_example_store: Store) -> None:
    rows = run_named(any_example_store, "multilingual-agents")
    assert [(r["name"], r["languages"], r["quoted_claims"]) for r in rows] == [
        ("Sam Altman", "en, fr", "3")
    ]


def test_named_query_parameters_are_checked() -> None:
    query = get_named_query("contradictions-between")
    with pytest.raises(QueryError, match=r"needs --param a=…, --param b=…"):
        query.check_params({"a": "beyer"})
    with pytest.raises(QueryError, match="has no parameter 'c'"):
        query.check_params({"a": "x", "b": "y", "c": "z"})
    with pytest.raises(QueryError, match="no named query 'nope'; the named queries are: claims-by"):
        get_named_query("nope")


def test_contested_with_both_sides_on_one_proposition(
    any_example_store: Store, tmp_path: Path
) -> None:
    """One proposition asserted by one agent and denied by another: both columns filled."""
    from kg.ingest import ingest

    sheet = tmp_path / "zuckerberg.yaml"
    sheet.write_text(
        "sheet: 1\nbase: https://example.org/talent-war/\n"
        "sources: [{id: later, title: Later, language: en, published: 2025-08-01}]\n"
        "agents:\n  - {id: zuckerberg, name: Mark Zuckerberg, type: Person}\n"
        "  - {id: meta, name: Meta, type: Organization}\n"
        "  - {id: openai-staff, name: OpenAI staff, type: Group}\n"
        "predicates: [{id: offered_signing_bonus, label: offered a signing bonus to}]\n"
        "claims:\n  - {id: zuck-denies, claimant: zuckerberg, stance: denies, source: later,\n"
        "     statement: [meta, offered_signing_bonus, openai-staff]}\n"
    )
    ingest(any_example_store, [sheet])
    rows = {r["object"]: r for r in run_named(any_example_store, "contested")}
    staff = rows["OpenAI staff"]
    assert (staff["asserted_by"], staff["denied_by"]) == ("Sam Altman", "Mark Zuckerberg")
    assert sorted(staff["contradicted_by"].split("; ")) == [
        "Lucas Beyer denies (beyer-denial)",
        "Mark Zuckerberg denies (zuck-denies)",
        "Sam Altman asserts (altman-100m)",
    ]
