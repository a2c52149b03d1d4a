"""The derived graph: incremental equals rebuild, order does not matter, sheets split freely."""

from __future__ import annotations

import io
import itertools
from typing import Any

from conftest import EXAMPLES, later_sheet
from hypothesis import event, given, settings
from hypothesis import strategies as st
from strategies import conflict_sheets

from kg.derive.rebuild import rebuild
from kg.ingest import ingest, ingest_claimset
from kg.inputs.sheets import sheet_to_claimset
from kg.report import contested
from kg.report.kept import kept_listing, refresh_listings
from kg.store import Store, open_store
from kg.vocab import CG_NS as CG_IRI
from kg.vocab import DERIVED_GRAPH


def derived(store: Store) -> list[str]:
    out = io.BytesIO()
    store.dump(out, __import__("pyoxigraph").RdfFormat.N_TRIPLES, DERIVED_GRAPH)
    return sorted(out.getvalue().decode().splitlines())


def split(doc: dict[str, Any], parts: list[int]) -> list[dict[str, Any]]:
    """Cut a sheet's claims into consecutive pieces (answers stay after what they answer)."""
    claims = doc["claims"]
    cuts = sorted({p % (len(claims) + 1) for p in parts} | {0, len(claims)})
    pieces = []
    for start, end in itertools.pairwise(cuts):
        if start == end:
            continue
        piece = dict(doc)
        wanted = claims[start:end]
        # A sheet must declare what it answers: carry the answered claims along, and what
        # they answer in turn.
        by_id = {c["id"]: c for c in claims}
        needed = {c["id"] for c in wanted}
        todo = [t for c in wanted for t in c.get("responds_to", ())]
        while todo:
            target = todo.pop()
            if target not in needed:
                needed.add(target)
                todo.extend(by_id[target].get("responds_to", ()))
        piece["claims"] = [c for c in claims if c["id"] in needed]
        pieces.append(piece)
    return pieces


@settings(max_examples=150, deadline=None)
@given(doc=conflict_sheets(), parts=st.lists(st.integers(0, 20), max_size=4), reverse=st.booleans())
def test_incremental_ingest_equals_one_ingest_equals_rebuild(
    doc: dict[str, Any], parts: list[int], reverse: bool
) -> None:
    with open_store("memory:", writable=True) as whole:
        ingest_claimset(whole, sheet_to_claimset(doc))
        expected = derived(whole)
        listed = contested(whole)
        assert listed == contested(whole, from_graphs=True)
        # rebuild from scratch gives the same derived graph, and the same kept rows
        whole.apply(rebuild(whole))
        assert derived(whole) == expected
        if listed["propositions"]:
            assert kept_listing(whole) is None  # until they are written again
        refresh_listings(whole)
        assert contested(whole) == listed
    pieces = split(doc, parts)
    if reverse:
        pieces.reverse()
    with open_store("memory:", writable=True) as step:
        for piece in pieces:
            ingest_claimset(step, sheet_to_claimset(piece))
        assert derived(step) == expected
        # the rows kg contested keeps, piece by piece, are those the graphs give
        assert kept_listing(step) is not None
        assert contested(step) == contested(step, from_graphs=True)

    contradicts = [line.split(" ") for line in expected if f"<{CG_IRI}contradicts>" in line]
    pairs = {(s, o) for s, _, o, *_ in contradicts}
    assert all((o, s) in pairs for s, o in pairs), "contradicts is symmetric"
    assert all(s != o for s, o in pairs), "no claim contradicts itself"
    corroborates = {
        (s, o)
        for s, p, o, *_ in (line.split(" ") for line in expected)
        if p == f"<{CG_IRI}corroborates>"
    }
    assert all((o, s) in corroborates for s, o in corroborates)
    # Corroboration needs two assertions with overlapping amounts; no rule lets such a pair
    # also contradict.
    assert not (corroborates & pairs)
    event(f"contradictions: {min(len(pairs) // 2, 5)}+")


def test_a_claim_today_contradicts_one_from_last_week(tmp_path: Any) -> None:
    location = str(tmp_path / "store")
    with open_store(location, writable=True) as store:
        ingest(store, [EXAMPLES / "meta-talent-war.yaml"])
    sheet = later_sheet(
        tmp_path, "meta-denies-bonuses", ("spokesperson", "A Meta spokesperson"), "denies"
    )
    with open_store(location, writable=True) as store:
        report = ingest(store, [sheet])
        assert report.contradictions == 1
        result = store.query(
            "SELECT ?reason WHERE { ?x cg:kind cg:OppositeStance ; rdfs:comment ?reason }"
        )
        reasons = [row["reason"].value for row in result]
    assert reasons == [
        "A Meta spokesperson denies what Sam Altman asserts: Meta offered a signing bonus to OpenAI staff (≥ $100M)"
    ]


def test_status_flips_from_uncontested_to_contested(tmp_path: Any) -> None:
    query = "SELECT ?status WHERE { ?p rdf:subject <https://example.org/t/agent/a> ; cg:status ?status }"
    base = {
        "sheet": 1,
        "base": "https://example.org/t/",
        "sources": [{"id": "s", "title": "S"}],
        "agents": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
        "claims": [
            {
                "id": "c1",
                "claimant": "a",
                "stance": "asserts",
                "statement": ["a", "likes", "b"],
                "source": "s",
            }
        ],
    }
    with open_store(str(tmp_path / "s"), writable=True) as store:
        ingest_claimset(store, sheet_to_claimset(base))
        assert [r["status"].value for r in store.query(query)] == [CG_IRI + "Uncontested"]
        base["claims"] = [
            {
                "id": "c2",
                "claimant": "b",
                "stance": "denies",
                "statement": ["a", "likes", "b"],
                "source": "s",
            }
        ]
        ingest_claimset(store, sheet_to_claimset(base))
        assert [r["status"].value for r in store.query(query)] == [CG_IRI + "Contested"]


def test_the_example_has_exactly_the_conflicts_the_article_supports(example_store: Store) -> None:
    result = example_store.query(
        "SELECT ?kind (COUNT(*) AS ?n) WHERE { ?x a cg:Contradiction ; cg:kind ?kind } GROUP BY ?kind"
    )
    assert {row["kind"].value: int(row["n"].value) for row in result} == {CG_IRI + "Rebuttal": 1}
    corroborations = example_store.query("SELECT (COUNT(*) AS ?n) WHERE { ?a cg:corroborates ?b }")
    assert (
        int(next(iter(corroborations))["n"].value) == 2
    )  # Beyer and Numerama: the trio joined Meta
