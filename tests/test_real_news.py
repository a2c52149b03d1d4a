"""What real news needed, through a store: docs/sheet-format.md and docs/rules.md, sentence by
sentence (periods, units, non-answers, claims about claims, spokespeople, hedges, one
contradiction per pair, quotes anchored to the article)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import EXAMPLES

from kg.errors import InputError
from kg.export import export
from kg.ingest import ingest
from kg.inputs.dispatch import read_input
from kg.report import contested, list_claims
from kg.store import Store, open_store

HARBOUR = EXAMPLES / "harbour-strike.yaml"


def nt(store: Store) -> list[str]:
    out = io.BytesIO()
    export(store, out, "nt")
    return sorted(out.getvalue().decode().splitlines())


@pytest.fixture
def harbour() -> Store:
    store = open_store("memory:", writable=True)
    ingest(store, [HARBOUR])
    return store


def pairs_of(store: Store) -> dict[frozenset[str], list[str]]:
    return {
        frozenset(c["id"] for c in entry["claims"]): entry["kinds"]
        for entry in contested(store)["contradictions"]
    }


def test_the_harbour_story_gives_exactly_what_the_rules_predict(harbour: Store) -> None:
    assert pairs_of(harbour) == {
        frozenset({"operator-12pct", "union-60pct"}): ["incompatible-value"],
        frozenset({"terminals-fabrication", "union-60pct"}): ["rebuttal"],
        frozenset({"terminals-fabrication", "union-1200"}): ["rebuttal"],
    }
    assert len(contested(harbour)["propositions"]) == 2
    rows = {row["id"]: row for row in list_claims(harbour)}
    assert rows["pilots-about-right"]["corroborates"] == ["union-1200", "union-60pct"]
    assert rows["union-injuries-2023"]["corroborates"] == ["operator-injuries-2023"]
    # Figures for 2022 and 2023 are never compared.
    assert rows["union-injuries-2022"]["contradicts"] == []
    assert rows["union-injuries-2022"]["corroborates"] == []


def test_non_answers_take_part_in_nothing_and_are_listed(harbour: Store) -> None:
    rows = {row["id"]: row for row in list_claims(harbour, stance="declines")}
    assert set(rows) == {"ministry-no-comment", "terminals-no-comment"}
    assert all(not r["contradicts"] and not r["corroborates"] for r in rows.values())
    assert rows["ministry-no-comment"]["responds_to"] == ["operator-12pct", "union-60pct"]


def test_listings_show_hedges_spokespeople_and_periods(harbour: Store) -> None:
    rows = {row["id"]: row for row in list_claims(harbour)}
    assert rows["union-injuries-2023"]["hedged"] is True
    assert rows["union-injuries-2022"]["hedged"] is False
    assert rows["operator-12pct"]["claimant"] == "Tom Becker"
    assert rows["operator-12pct"]["on_behalf_of"] == "Meridian Terminals"
    assert rows["union-injuries-2022"]["during"] == "2022"
    assert rows["union-60pct"]["amount"] == "60%"
    assert rows["union-1200"]["amount"] == "1,200 people"


def test_a_spokesperson_claim_is_found_by_the_company_and_by_the_person(harbour: Store) -> None:
    by_company = {row["id"] for row in list_claims(harbour, by="terminals")}
    assert {"operator-12pct", "terminals-fabrication", "operator-injuries-2023"} <= by_company
    by_person = {row["id"] for row in list_claims(harbour, by="becker")}
    assert "operator-injuries-2023" not in by_person
    assert "operator-12pct" in by_person


def test_agents_naming_the_same_same_as_are_found_by_either(tmp_path: Path) -> None:
    sheet = tmp_path / "two-sheets-one-person.yaml"
    sheet.write_text(
        """\
sheet: 1
base: https://example.org/same/
sources: [{id: s, title: T}]
agents:
  - {id: altman, name: Sam Altman, type: Person, same_as: [http://www.wikidata.org/entity/Q7407093]}
  - {id: sam, name: Sam A., type: Person, same_as: [http://www.wikidata.org/entity/Q7407093]}
  - {id: meta, name: Meta, type: Organization}
claims:
  - {id: c1, claimant: altman, stance: asserts, statement: [meta, hires, sam], source: s}
  - {id: c2, claimant: sam, stance: asserts, statement: [meta, pays, altman], source: s}
""",
        encoding="utf-8",
    )
    with open_store("memory:", writable=True) as store:
        ingest(store, [sheet])
        assert {row["id"] for row in list_claims(store, by="altman")} == {"c1", "c2"}


def test_a_pair_meeting_two_rules_is_one_contradiction_with_both_kinds(tmp_path: Path) -> None:
    sheet = tmp_path / "both.yaml"
    sheet.write_text(
        """\
sheet: 1
base: https://example.org/both/
sources: [{id: s, title: T}]
agents:
  - {id: altman, name: Sam Altman, type: Person}
  - {id: beyer, name: Lucas Beyer, type: Person}
  - {id: meta, name: Meta, type: Organization}
entities: [{id: staff, name: OpenAI staff}]
claims:
  - {id: a, claimant: altman, stance: asserts, statement: [meta, offered, staff], source: s}
  - {id: d, claimant: beyer, stance: denies, statement: [meta, offered, staff], source: s,
     responds_to: [a]}
""",
        encoding="utf-8",
    )
    with open_store("memory:", writable=True) as store:
        ingest(store, [sheet])
        entries = contested(store)["contradictions"]
        assert len(entries) == 1
        assert entries[0]["kinds"] == ["opposite-stance", "rebuttal"]
        assert entries[0]["kind"] == "opposite-stance"
        nodes = [line for line in nt(store) if "#Contradiction>" in line]
        assert len(nodes) == 1
        assert sum("claimgraph/ns#kind>" in line for line in nt(store)) == 2


def test_the_new_constructs_export_as_the_vocabulary_says(harbour: Store) -> None:
    lines = "\n".join(nt(harbour))
    assert "<https://w3id.org/claimgraph/ns#Declines>" in lines
    assert '<https://w3id.org/claimgraph/ns#hedged> "true"^^' in lines
    assert (
        "<https://example.org/harbour-strike/claim/operator-12pct> "
        "<https://w3id.org/claimgraph/ns#onBehalfOf> "
        "<https://example.org/harbour-strike/agent/terminals>"
    ) in lines
    share = "<https://example.org/harbour-strike/claim/union-60pct/amount>"
    assert (
        f"{share} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/QuantitativeValue>"
        in lines
    )
    assert f'{share} <https://schema.org/unitText> "percent"' in lines
    assert f'{share} <https://schema.org/unitCode> "P1"' in lines
    fabrication = "<https://example.org/harbour-strike/claim/terminals-fabrication>"
    assert not any(line.startswith(fabrication) and "#proposition>" in line for line in nt(harbour))
    assert "texts/harbour-strike.txt" not in lines  # the article's path is not in the graph


@pytest.mark.parametrize(("fmt", "suffix"), [("turtle", ".ttl"), ("jsonld", ".jsonld")])
def test_the_new_constructs_round_trip_through_rdf(
    harbour: Store, tmp_path: Path, fmt: str, suffix: str
) -> None:
    exported = tmp_path / f"harbour{suffix}"
    with exported.open("wb") as out:
        export(harbour, out, fmt)
    with open_store("memory:", writable=True) as again:
        ingest(again, [exported])
        assert nt(again) == nt(harbour)
    assert read_input(exported).claims  # the RDF reader builds the model too


def _anchored_sheet(tmp_path: Path, quote: str) -> Path:
    (tmp_path / "article.txt").write_text(
        "Lucas Beyer wrote: \u201cno, we did not get $100M\u2019s,   that\u2019s fake news\u201d.",
        encoding="utf-8",
    )
    sheet = tmp_path / "quoted.yaml"
    sheet.write_text(
        f"""\
sheet: 1
base: https://example.org/q/
sources: [{{id: s, title: T, language: en, text: article.txt}}]
agents: [{{id: beyer, name: Lucas Beyer, type: Person}}, {{id: meta, name: Meta, type: Organization}}]
claims:
  - id: beyer-denial
    claimant: beyer
    stance: denies
    statement: [meta, offered_bonus_to, beyer]
    source: s
    quote: {quote!r}
""",
        encoding="utf-8",
    )
    return sheet


def test_a_quote_that_stands_in_the_article_passes_typography_and_spaces_aside(
    tmp_path: Path,
) -> None:
    sheet = _anchored_sheet(tmp_path, "we did not get $100M's, that's fake news")
    with open_store("memory:", writable=True) as store:
        assert ingest(store, [sheet]).claims == 1


def test_a_misquote_is_refused_naming_the_claim_and_nothing_is_written(tmp_path: Path) -> None:
    sheet = _anchored_sheet(tmp_path, "we did not get $100 million, that's fake news")
    with open_store("memory:", writable=True) as store:
        with pytest.raises(InputError) as info:
            ingest(store, [sheet])
        assert store.count() == 0
    assert "claim 'beyer-denial', field 'quote'" in str(info.value)
    assert "quoted.yaml:11" in str(info.value)


def test_a_missing_article_file_is_bad_input_naming_the_source(tmp_path: Path) -> None:
    sheet = _anchored_sheet(tmp_path, "fake news")
    (tmp_path / "article.txt").unlink()
    with pytest.raises(InputError) as info, open_store("memory:", writable=True) as store:
        ingest(store, [sheet])
    assert "source 's', field 'text'" in str(info.value)
    assert "cannot read 'article.txt'" in str(info.value)


# --- real wire stories, written up as a fact-checker would (tests/data/README.md) -----------

NEWS = Path(__file__).parent / "data" / "news"


def _pairs_of_sheet(sheet: Path) -> dict[frozenset[str], list[str]]:
    with open_store("memory:", writable=True) as store:
        ingest(store, [sheet])
        return pairs_of(store)


def test_a_denied_merger_report_is_one_rebuttal_that_is_also_an_opposite_stance() -> None:
    assert _pairs_of_sheet(NEWS / "twc-cox-2015.yaml") == {
        frozenset({"wsj-approach", "twc-denial"}): ["opposite-stance", "rebuttal"],
    }


def test_disputed_casualty_figures_for_one_month_give_one_contradiction_per_pair() -> None:
    assert _pairs_of_sheet(NEWS / "irak-juillet-2010.yaml") == {
        frozenset({"iraq-535", "us-refutes-535"}): ["opposite-stance", "rebuttal"],
        frozenset({"iraq-deadliest", "us-not-deadliest"}): ["opposite-stance", "rebuttal"],
        frozenset({"iraq-535", "us-222"}): ["incompatible-value"],
        frozenset({"iraq-396-civilians", "us-161-civilians"}): ["incompatible-value"],
        frozenset({"iraq-1043-wounded", "us-782-wounded"}): ["incompatible-value"],
    }


def test_every_claim_read_by_whole_store_columns_equals_the_filtered_listing(
    harbour: Store,
) -> None:
    """Unfiltered, kg claims joins whole-store columns in Python; restricted to the same
    claims, it reads them with OPTIONALs: the rows are the same, duplicates included."""
    everything = list_claims(harbour)
    assert everything == list_claims(harbour, iris=[row["iri"] for row in everything])
    # A claim with two quotes gives a row per quote, as the OPTIONAL join does.
    first = everything[0]["iri"]
    harbour.update(  # type: ignore[attr-defined]
        f"INSERT DATA {{ GRAPH <https://w3id.org/claimgraph/graph/asserted> "
        f"{{ <{first}> <https://w3id.org/claimgraph/ns#quote> 'a second quote'@en }} }}"
    )
    doubled = list_claims(harbour)
    assert len(doubled) == len(everything) + 1
    assert sorted(map(repr, doubled)) == sorted(
        map(repr, list_claims(harbour, iris=[row["iri"] for row in everything]))
    )
