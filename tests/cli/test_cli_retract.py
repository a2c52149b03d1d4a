"""kg retract: the store ends as if the retracted claims had never been ingested."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from conftest import EXAMPLES, KgRunner

from kg.derive.rebuild import rebuild
from kg.derive.retract import retract
from kg.export import export
from kg.ingest import ingest
from kg.report import contested
from kg.report.info import store_info
from kg.report.kept import kept_listing
from kg.report.quote_languages import answer_text, kept_quote_languages
from kg.sparql import get_named_query, run_query
from kg.store import Store, open_store
from kg.store.base import string_rows
from kg.vocab import DERIVED_GRAPH

META = EXAMPLES / "meta-talent-war.yaml"
BOARD = EXAMPLES / "openai-board-2023.json"


def _without_claims(sheet: Path, target: Path, drop: set[str] | None = None) -> Path:
    """``sheet`` with the claims in ``drop`` (all of them when None) taken out."""
    data = yaml.safe_load(sheet.read_text(encoding="utf-8"))  # JSON is YAML too
    data["claims"] = [c for c in data["claims"] if drop is not None and c["id"] not in drop]
    target = target.with_suffix(".yaml")
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def _nt(kg: KgRunner) -> str:
    result = kg("export", "--format", "nt")
    assert result.exit_code == 0, result.stderr
    return "".join(sorted(result.stdout.splitlines(keepends=True)))


def test_retracting_a_claim_equals_never_ingesting_it(tmp_path: Path) -> None:
    retracted, never = KgRunner(tmp_path / "a"), KgRunner(tmp_path / "b")
    assert retracted("ingest", str(META)).exit_code == 0
    result = retracted("retract", "beyer-denial")
    assert result.exit_code == 0, result.stderr
    assert "retracted 1 claim (beyer-denial)" in result.stdout
    assert "contradictions 1 → 0" in result.stdout
    sheet = _without_claims(META, tmp_path / "meta-without.json", {"beyer-denial"})
    assert never("ingest", str(sheet)).exit_code == 0
    assert _nt(retracted) == _nt(never)


def test_retracting_a_whole_source_equals_never_ingesting_its_claims(tmp_path: Path) -> None:
    # A + B, then B's claims taken back, is A + B's declarations (agents, sources) alone.
    retracted, never = KgRunner(tmp_path / "a"), KgRunner(tmp_path / "b")
    assert retracted("ingest", str(META), str(BOARD)).exit_code == 0
    sources = [s["id"] for s in json.loads(BOARD.read_text())["sources"]]
    args = [arg for source in sources for arg in ("--source", source)]
    result = retracted("retract", *args)
    assert result.exit_code == 0, result.stderr
    declarations = _without_claims(BOARD, tmp_path / "board-declarations.json")
    assert never("ingest", str(META), str(declarations)).exit_code == 0
    assert _nt(retracted) == _nt(never)


def test_a_claim_can_be_named_by_its_iri(kg: KgRunner) -> None:
    assert kg("ingest", str(META)).exit_code == 0
    iri = "https://example.org/talent-war/claim/beyer-denial"
    assert kg("retract", f"<{iri}>").exit_code == 0
    ids = [c["id"] for c in json.loads(kg("claims", "--format", "json").stdout)]
    assert "beyer-denial" not in ids and "altman-100m" in ids


def test_an_unknown_id_changes_nothing(kg: KgRunner) -> None:
    assert kg("ingest", str(META)).exit_code == 0
    before = _nt(kg)
    result = kg("retract", "beyer-denial", "no-such-claim", "--source", "no-such-source")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: nothing was retracted: ")
    assert "'no-such-claim'" in result.stderr and "'no-such-source'" in result.stderr
    assert _nt(kg) == before


def test_dry_run_changes_nothing_and_usage(kg: KgRunner) -> None:
    assert kg("ingest", str(META)).exit_code == 0
    before = _nt(kg)
    result = kg("retract", "--dry-run", "beyer-denial")
    assert result.exit_code == 0 and result.stdout.startswith("would retract 1 claim")
    assert _nt(kg) == before
    assert kg("retract").exit_code == 2


def test_retract_needs_an_existing_store(kg: KgRunner, store_dir: Path) -> None:
    result = kg("retract", "beyer-denial")
    assert result.exit_code == 1 and "no claimgraph store" in result.stderr
    assert not store_dir.exists()


def _dump(store: Store) -> bytes:
    import io

    out = io.BytesIO()
    export(store, out, "nt")
    return b"".join(sorted(out.getvalue().splitlines(keepends=True)))


@pytest.mark.parametrize("backend", ["memory", "disk"])
def test_library_retract_on_embedded_stores(tmp_path: Path, backend: str) -> None:
    where = "memory:" if backend == "memory" else str(tmp_path / "s")
    with open_store(where, writable=True) as store, open_store("memory:", writable=True) as ref:
        ingest(store, [META])
        report = retract(store, ["beyer-denial", "pang-200m"])
        assert report.claims == ["beyer-denial", "pang-200m"]
        ingest(ref, [_without_claims(META, tmp_path / "x.json", {"beyer-denial", "pang-200m"})])
        assert _dump(store) == _dump(ref)


def test_retract_through_a_remote_store(remote_store: Store, tmp_path: Path) -> None:
    ingest(remote_store, [META])
    retract(remote_store, ["beyer-denial"])
    with open_store("memory:", writable=True) as ref:
        ingest(ref, [_without_claims(META, tmp_path / "x.json", {"beyer-denial"})])
        assert _dump(remote_store) == _dump(ref)


def _derived_triples(store: Store) -> set[ox.Triple]:
    out = io.BytesIO()
    store.dump(out, ox.RdfFormat.N_TRIPLES, DERIVED_GRAPH)
    return set(ox.parse(out.getvalue(), format=ox.RdfFormat.N_TRIPLES))


@pytest.mark.parametrize("seed", range(16))
def test_a_retraction_leaves_the_derived_graph_a_rebuild_would_write(seed: int) -> None:
    # Retraction removes only the pairs of the retracted claims and works out the statuses
    # they touched; the whole derivation done again must find nothing to change, and the
    # kept listing must be what the graphs give. Three stories: pairs of every kind,
    # claims about claims, endorsements.
    rng = random.Random(seed)
    with open_store("memory:", writable=True) as store:
        ingest(store, [META, BOARD, EXAMPLES / "harbour-strike.yaml"])
        claims = sorted(r["c"].value for r in store.query("SELECT ?c WHERE { ?c a cg:Claim }"))
        for _ in range(1 + seed % 3):  # one, two or three retractions in a row
            chosen = rng.sample(claims, k=rng.randint(1, 5))
            claims = [c for c in claims if c not in chosen]
            report = retract(store, [f"<{c}>" for c in chosen])
            assert len(report.claims) == len(chosen)
            rebuilt = ox.parse(
                "".join(f"{line} .\n" for line in rebuild(store).insert[DERIVED_GRAPH]).encode(),
                format=ox.RdfFormat.N_TRIPLES,
            )
            assert _derived_triples(store) == set(rebuilt)
            assert kept_listing(store) is not None
            assert contested(store) == contested(store, from_graphs=True)
            kept = kept_quote_languages(store)  # recounted for the retracted claims' claimants
            assert kept is not None
            assert string_rows(run_query(store, answer_text(kept)).result) == string_rows(
                run_query(store, get_named_query("multilingual-agents").text).result
            )
            counts = store_info(store)
            assert report.contradictions_after == counts["contradictions"]["total"]
            assert report.contested_after == counts["contested_propositions"]
