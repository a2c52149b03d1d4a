"""The rows ``kg contested`` keeps in the store: written by every write, read instead of
the graphs, exact after retract and rebuild, never exported, and not trusted when missing."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import DATA, EXAMPLES, KgRunner, later_sheet

from kg.demo import example_path
from kg.derive.retract import retract
from kg.errors import StoreError
from kg.export import export
from kg.ingest import ingest
from kg.report import contested
from kg.report.kept import kept_listing
from kg.store import Store
from kg.store.base import Change
from kg.vocab import CG, LISTINGS_GRAPH


def test_every_contested_proposition_and_contradiction_has_its_row(
    any_example_store: Store,
) -> None:
    kept = kept_listing(any_example_store)
    assert kept is not None
    propositions, contradictions = list(kept.propositions()), kept.contradictions()
    listed = contested(any_example_store, from_graphs=True)
    assert sorted(p["iri"] for p in propositions) == sorted(
        p["iri"] for p in listed["propositions"]
    )
    assert sorted(x["iri"] for x in contradictions) == sorted(
        x["iri"] for x in listed["contradictions"]
    )
    assert contested(any_example_store) == listed


def test_the_listing_prints_the_kept_listing(example_store: Store) -> None:
    """The kept row is what is printed: change its reason and the listing shows it."""
    (row,) = [
        r
        for r in example_store.query(
            f"SELECT ?x ?row WHERE {{ GRAPH <{LISTINGS_GRAPH}> {{ ?x <{CG.contradictionRow}> ?row }} }}"
        )
    ]
    entry = json.loads(row["row"].value)
    edited = dict(entry, reason="edited in the listings graph")
    node, old = f"<{row['x'].value}>", f"<{CG.contradictionRow}> {row['row']}"
    change = Change()
    change.remove(LISTINGS_GRAPH, [f"{node} {old}"])
    change.add(
        LISTINGS_GRAPH,
        [
            f"{node} <{CG.contradictionRow}> {json.dumps(json.dumps(edited))}^^<{row['row'].datatype.value}>"
        ],
    )
    example_store.apply(change)
    assert contested(example_store)["contradictions"][0]["reason"] == "edited in the listings graph"
    assert contested(example_store, from_graphs=True)["contradictions"][0]["reason"] != (
        "edited in the listings graph"
    )


def test_a_store_without_its_rows_is_listed_from_the_graphs_until_rebuilt(
    kg: KgRunner, store_dir: Path
) -> None:
    assert kg("ingest", str(example_path()), str(DATA / "altman-podcast-en.yaml")).exit_code == 0
    before = kg("contested", "--format", "json").stdout
    from kg.store import open_store

    with open_store(str(store_dir), writable=True) as store:
        store.apply(Change(clear=[LISTINGS_GRAPH]))  # as an older kg left it
        assert kept_listing(store) is None
    assert kg("contested", "--format", "json").stdout == before
    assert kg("rebuild").exit_code == 0
    with open_store(str(store_dir)) as store:
        assert kept_listing(store) is not None
    assert kg("contested", "--format", "json").stdout == before


def test_retract_rewrites_the_rows(example_store: Store) -> None:
    retract(example_store, ["beyer-denial"])
    assert kept_listing(example_store) is not None
    assert contested(example_store) == contested(example_store, from_graphs=True)


def test_a_later_claim_about_a_contested_proposition_joins_its_row(
    example_store: Store, tmp_path: Path
) -> None:
    sheet = later_sheet(tmp_path, "recruiter-confirms", ("recruiter", "A recruiter"), "asserts")
    ingest(example_store, [sheet])
    rows = {p["object"]: p["claims"] for p in contested(example_store)["propositions"]}
    assert "https://example.org/talent-war/claim/recruiter-confirms" in rows["OpenAI staff"]
    assert contested(example_store) == contested(example_store, from_graphs=True)


def test_the_listings_graph_is_never_exported(example_store: Store) -> None:
    for fmt in ("trig", "nquads", "turtle"):
        out = io.BytesIO()
        export(example_store, out, fmt)
        assert b"propositionRow" not in out.getvalue()
        assert LISTINGS_GRAPH.encode() not in out.getvalue()


def test_rows_that_cannot_be_written_do_not_undo_the_ingest(
    kg: KgRunner, store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows are a second write: if it fails (a full disk, a server gone), the claims
    stay in, the summary says what happened, and kg contested reads the graphs."""
    import kg.ingest as ingest_module

    def fail(*args: object, **kwargs: object) -> int:
        raise StoreError("no space left on the device")

    monkeypatch.setattr(ingest_module, "listing_change", fail)
    result = kg("ingest", str(example_path()))
    assert result.exit_code == 0, result.stderr
    assert "the rows kg contested keeps were not written (no space left" in result.stdout
    monkeypatch.undo()
    listed = kg("contested", "--format", "json")
    assert listed.exit_code == 0 and "beyer-denial" in listed.stdout
    assert "listing rows    missing" in kg("info").stdout
    assert kg("rebuild").exit_code == 0
    assert "listing rows    kept" in kg("info").stdout
    assert kg("contested", "--format", "json").stdout == listed.stdout


def test_subjects_without_a_label_come_last_on_both_paths(empty_store: Store) -> None:
    """RDF input may leave a subject unlabelled: it is named by its identifier and listed
    after the labelled ones, whether the rows are kept or read from the graphs."""
    from kg.derive.rebuild import rebuild
    from kg.report.kept import refresh_listings
    from kg.vocab import ASSERTED_GRAPH, RDFS, SCHEMA

    ingest(empty_store, [example_path(), EXAMPLES / "harbour-strike.yaml"])
    before = [p["subject"] for p in contested(empty_store)["propositions"]]
    assert before[0] == "Meta" and before[-1] != "Meta"
    meta = "https://example.org/talent-war/agent/meta"
    labels = [
        f"<{meta}> {RDFS.label.nt} {row['v']}"
        for row in empty_store.query(f"SELECT ?v WHERE {{ <{meta}> {RDFS.label.nt} ?v }}")
    ]
    change = Change()
    change.remove(ASSERTED_GRAPH, labels)
    # an identifier that sorts before every name, so "last" is the rule, not the alphabet
    change.remove(ASSERTED_GRAPH, [f'<{meta}> {SCHEMA.identifier.nt} "meta"'])
    change.add(ASSERTED_GRAPH, [f'<{meta}> {SCHEMA.identifier.nt} "AAA-meta"'])
    empty_store.apply(change)
    empty_store.apply(rebuild(empty_store))
    refresh_listings(empty_store)
    listed = contested(empty_store)
    assert listed == contested(empty_store, from_graphs=True)
    after = [p["subject"] for p in listed["propositions"]]
    assert after[-1] == "AAA-meta" and after[0] != "AAA-meta"


def test_the_next_ingest_writes_every_row_of_a_store_an_older_kg_wrote(
    example_store: Store, tmp_path: Path
) -> None:
    example_store.apply(Change(clear=[LISTINGS_GRAPH]))  # as an older kg left it
    assert kept_listing(example_store) is None
    sheet = later_sheet(tmp_path, "recruiter-confirms", ("recruiter", "A recruiter"), "asserts")
    ingest(example_store, [sheet])
    assert kept_listing(example_store) is not None
    assert contested(example_store) == contested(example_store, from_graphs=True)
