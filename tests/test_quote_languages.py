"""multilingual-agents answered from kept counts says what its shipped text says.

Every write counts again the quotes of the agents it touched (kg.report.quote_languages);
``kg query --named multilingual-agents`` then reads those counts. Whatever the writes —
a fresh ingest, one more story, the same story again, retractions, a rebuild, on the
transactional and the bulk path — the answer must be the shipped query's, row for row.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, KgRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import sheets

from kg.derive.retract import retract
from kg.ingest import ingest, ingest_claimset
from kg.inputs.sheets import sheet_to_claimset
from kg.report import quote_languages
from kg.report.info import store_info
from kg.report.quote_languages import answer_text, kept_quote_languages
from kg.sparql import get_named_query, named, run_named, run_query
from kg.store import Store, bulk, embedded, open_store
from kg.store.base import string_rows
from kg.store.change import Change
from kg.store.embedded import EmbeddedStore
from kg.views.table_rows import rebuild_store
from kg.vocab import ASSERTED_GRAPH, CG, LISTINGS_GRAPH

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from generate import generate_sheet


def shipped(store: Store) -> list[tuple[str, ...]]:
    return string_rows(run_query(store, get_named_query("multilingual-agents").text).result)


def from_kept(store: Store) -> list[tuple[str, ...]]:
    kept = kept_quote_languages(store)
    assert kept is not None, "the store keeps no counts that add up"
    return string_rows(run_query(store, answer_text(kept)).result)


def sheet(tmp_path: Path, claims: int, seed: int, prefix: str = "", keep: int = 0) -> Path:
    """A generated story; ``prefix`` renames its claims (the same agents, new claims),
    ``keep`` keeps that many first claims of it."""
    document = generate_sheet(claims, seed)
    if keep:
        document["claims"] = document["claims"][:keep]
    for claim in document["claims"]:
        claim["id"] = prefix + claim["id"]
        if "responds_to" in claim:
            claim["responds_to"] = [prefix + target for target in claim["responds_to"]]
    path = tmp_path / f"generated-{claims}-{seed}{prefix}.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.parametrize("path", ["transaction", "bulk"])
def test_kept_counts_answer_as_the_shipped_text_through_every_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    if path == "bulk":  # every write into a compacted copy, the counts read beside it
        monkeypatch.setattr(embedded, "BULK_THRESHOLD", 1)
        monkeypatch.setattr(bulk, "COMPACT_AFTER", 1)
    first, second = sheet(tmp_path, 400, 1), sheet(tmp_path, 400, 1, prefix="b-", keep=250)
    with open_store(str(tmp_path / "store"), writable=True) as store:
        steps: list[tuple[str, Any]] = [
            ("fresh", lambda: ingest(store, [first])),
            ("another story", lambda: ingest(store, [second])),
            ("the same again", lambda: ingest(store, [first])),
            ("the examples", lambda: ingest(store, [EXAMPLES / "meta-talent-war.yaml"])),
            ("retract claims", lambda: retract(store, ["claim-1", "claim-7", "claim-30"])),
            ("retract a source", lambda: retract(store, sources=["source-3"])),
            ("rebuild", lambda: rebuild_store(store)),
        ]
        recounted: list[int | None] = []
        recount = quote_languages._recount

        def spied(store: Store, agents: list[str] | None) -> Any:
            recounted.append(None if agents is None else len(agents))
            return recount(store, agents)

        monkeypatch.setattr(quote_languages, "_recount", spied)
        for step, write in steps:
            recounted.clear()
            write()
            answer = shipped(store)
            assert answer, step  # generated agents are quoted in several languages
            assert from_kept(store) == answer, step
            if step == "retract claims":  # only the claimants of three claims counted again
                assert recounted and all(n is not None and n <= 3 for n in recounted)
            if step in ("fresh", "rebuild"):
                assert recounted == [None]


def test_counts_that_do_not_add_up_are_not_used_until_a_rebuild(tmp_path: Path) -> None:
    with open_store("memory:", writable=True) as store:
        ingest(store, [sheet(tmp_path, 200, 3)])
        agent = shipped(store)[0][3][1:-1]
        # A quote added behind kg's back (SPARQL Update): the kept counts are one short.
        sneaked = Change()
        sneaked.add(
            ASSERTED_GRAPH,
            [
                f"<https://example.org/sneaked> <{CG.claimant}> <{agent}>",
                f'<https://example.org/sneaked> <{CG.quote}> "ciao"@it',
            ],
        )
        store.apply(sneaked)
        assert kept_quote_languages(store) is None
        # A write that does not touch that agent leaves the counts short: still not used,
        # and the named query still answers from the graphs.
        ingest(store, [EXAMPLES / "harbour-strike.yaml"])
        assert kept_quote_languages(store) is None
        rebuild_store(store)
        assert from_kept(store) == shipped(store)


def test_a_store_written_before_the_counts_gets_them_at_its_next_write(tmp_path: Path) -> None:
    with open_store("memory:", writable=True) as store:
        ingest(store, [sheet(tmp_path, 200, 4)])
        forgotten = Change()
        query = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{LISTINGS_GRAPH}> {{ ?s ?p ?o }} }}"
        forgotten.remove(
            LISTINGS_GRAPH,
            [
                " ".join(row)
                for row in string_rows(store.query(query))
                if row[1] in (f"<{CG.quoteLanguages}>", f"<{CG.quotesCounted}>")
            ],
        )
        store.apply(forgotten)
        assert kept_quote_languages(store) is None
        assert store_info(store)["quote_counts_kept"] is False
        retract(store, ["claim-2"])  # a small write, touching one agent only
        assert from_kept(store) == shipped(store)
        assert store_info(store)["quote_counts_kept"] is True


def test_kg_query_named_prints_the_shipped_texts_answer(kg: KgRunner, tmp_path: Path) -> None:
    assert kg("ingest", str(sheet(tmp_path, 300, 5))).exit_code == 0
    text = tmp_path / "multilingual-agents.rq"
    text.write_text(get_named_query("multilingual-agents").text, encoding="utf-8")
    for fmt in ("json", "csv", "table"):
        named = kg("query", "--named", "multilingual-agents", "--format", fmt)
        written = kg("query", str(text), "--format", fmt)
        assert named.exit_code == written.exit_code == 0
        assert named.stdout == written.stdout, fmt
    rows = json.loads(named_json(kg))["results"]["bindings"]
    assert rows and all(", " in row["languages"]["value"] for row in rows)


def test_run_named_reads_the_kept_counts_and_says_what_the_text_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store("memory:", writable=True) as store:
        ingest(store, [sheet(tmp_path, 300, 6)])
        texts: list[str] = []
        run = named.run_query

        def recorded(store: Store, text: str, *args: Any, **kwargs: Any) -> Any:
            texts.append(text)
            return run(store, text, *args, **kwargs)

        monkeypatch.setattr(named, "run_query", recorded)
        answer = string_rows(run_named(store, "multilingual-agents").result)
        assert texts and "VALUES (?agent ?languages ?quoted_claims)" in texts[-1]
        assert answer == shipped(store)
        # a query that keeps nothing runs its text
        run_named(store, "claims-over-time")
        assert texts[-1] == get_named_query("claims-over-time").text


def named_json(kg: KgRunner) -> str:
    return kg("query", "--named", "multilingual-agents", "--format", "json").stdout


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=sheets(max_claims=8), data=st.data())
def test_odd_sheets_and_retractions_keep_counts_that_answer_as_the_text(
    document: dict[str, Any], data: st.DataObject
) -> None:
    """Quotes with and without a language, odd texts and ids, claims about claims: after
    the ingest and after retracting any of its claims, the kept counts answer as the text."""
    with EmbeddedStore(None, writable=True) as store:
        ingest_claimset(store, sheet_to_claimset(document))
        assert from_kept(store) == shipped(store)
        ids = [claim["id"] for claim in document["claims"]]
        gone = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True))
        retract(store, gone)
        assert from_kept(store) == shipped(store)
