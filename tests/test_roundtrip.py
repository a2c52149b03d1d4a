"""Sheet → RDF → Turtle → RDF, term for term; deterministic exports; other parsers agree."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from conftest import EXAMPLES, require_program
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import sheet_families, sheets

from kg.export import export
from kg.ingest import ingest, ingest_claimset
from kg.inputs.dispatch import read_input
from kg.inputs.sheets import sheet_to_claimset
from kg.store import Store, open_store


def dump(store: Store, fmt: str) -> bytes:
    out = io.BytesIO()
    export(store, out, fmt)
    return out.getvalue()


def sorted_lines(data: bytes) -> list[str]:
    return sorted(line for line in data.decode("utf-8").splitlines() if line.strip())


def roundtrip(
    doc: dict[str, Any], tmp_path: Path, fmt: str, suffix: str
) -> tuple[list[str], list[str]]:
    with open_store("memory:", writable=True) as first:
        ingest_claimset(first, sheet_to_claimset(doc))
        original = sorted_lines(dump(first, "nt"))
        exported = tmp_path / f"export{suffix}"
        exported.write_bytes(dump(first, fmt))
    with open_store("memory:", writable=True) as second:
        ingest_claimset(second, read_input(exported))
        again = sorted_lines(dump(second, "nt"))
    return original, again


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(doc=sheets())
def test_turtle_export_reingests_to_the_same_triples(doc: dict[str, Any], tmp_path: Path) -> None:
    original, again = roundtrip(doc, tmp_path, "turtle", ".ttl")
    assert again == original


@pytest.mark.parametrize(
    ("fmt", "suffix"), [("trig", ".trig"), ("nt", ".nt"), ("nquads", ".nq"), ("jsonld", ".jsonld")]
)
def test_every_rdf_export_reingests_to_the_same_triples(
    tmp_path: Path, fmt: str, suffix: str
) -> None:
    import yaml

    doc = yaml.safe_load((EXAMPLES / "meta-talent-war.yaml").read_text(encoding="utf-8"))
    doc["sources"][0]["published"] = "2025-07-11"
    original, again = roundtrip(doc, tmp_path, fmt, suffix)
    assert again == original
    assert any("offered_signing_bonus" in line for line in again)


@pytest.mark.parametrize("kind", ["memory", "disk"])
def test_the_same_data_exports_byte_identical_whatever_the_ingest_order(
    tmp_path: Path, kind: str
) -> None:
    files = [EXAMPLES / "meta-talent-war.yaml", EXAMPLES / "openai-board-2023.json"]
    outputs = set()
    for number, order in enumerate((files, files[::-1])):
        location = "memory:" if kind == "memory" else str(tmp_path / f"disk{number}")
        with open_store(location, writable=True) as store:
            for path in order:
                ingest(store, [path])
            outputs.add(tuple(dump(store, fmt) for fmt in ("nt", "nquads", "turtle", "trig")))
    assert len(outputs) == 1


def test_memory_and_disk_stores_hold_the_same_triples(tmp_path: Path) -> None:
    dumps = []
    for location in ("memory:", str(tmp_path / "disk")):
        with open_store(location, writable=True) as store:
            ingest(store, [EXAMPLES / "meta-talent-war.yaml", EXAMPLES / "openai-board-2023.json"])
            dumps.append(sorted_lines(dump(store, "nquads")))
    assert dumps[0] == dumps[1]


def test_no_blank_nodes_in_exports(example_store: Store) -> None:
    assert "_:" not in dump(example_store, "nt").decode()


def test_the_graph_never_asserts_a_proposition_as_fact(example_store: Store) -> None:
    ask = "ASK { ?s <https://example.org/talent-war/predicate/offered_signing_bonus> ?o }"
    assert not bool(example_store.query(ask))


def test_demo_turtle_parses_with_rapper_and_pyoxigraph(tmp_path: Path) -> None:
    rapper = require_program("rapper")
    from kg.demo import run_demo

    result = run_demo(tmp_path / "demo")
    turtle = result.files["turtle"]
    count = len(list(ox.parse(path=str(turtle), format=ox.RdfFormat.TURTLE)))
    proc = subprocess.run(
        [rapper, "-i", "turtle", "-o", "ntriples", str(turtle)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert len([line for line in proc.stdout.splitlines() if line.strip()]) == count


@settings(max_examples=40, deadline=None)
@given(family=sheet_families(), order=st.randoms(use_true_random=False))
def test_one_ingest_of_several_sheets_is_one_ingest_per_sheet_in_any_order(
    family: list[dict[str, Any]], order: Any
) -> None:
    """What sheets declare accumulates: every alias, same_as and member_of of every
    declaration of an agent is kept, however the sheets are grouped into ingests."""
    with open_store("memory:", writable=True) as together:
        merged = sheet_to_claimset(family[0])
        for doc in family[1:]:
            merged.merge(sheet_to_claimset(doc))
        ingest_claimset(together, merged)
        expected = sorted_lines(dump(together, "nt"))
    shuffled = list(family)
    order.shuffle(shuffled)
    with open_store("memory:", writable=True) as apart:
        for doc in shuffled:
            ingest_claimset(apart, sheet_to_claimset(doc))
        assert sorted_lines(dump(apart, "nt")) == expected


def test_three_sheets_in_one_command_give_the_graph_of_two_commands(tmp_path: Path) -> None:
    """The case that lost 7 triples: two sheets declare the same agent with other aliases."""
    files = [
        EXAMPLES / "meta-talent-war.yaml",
        EXAMPLES / "openai-board-2023.json",
        Path(__file__).parent / "data" / "altman-podcast-en.yaml",
    ]
    with open_store(str(tmp_path / "one"), writable=True) as one:
        ingest(one, files)
        expected = dump(one, "nt")
    with open_store(str(tmp_path / "two"), writable=True) as two:
        ingest(two, files[:1])
        ingest(two, files[1:])
        assert dump(two, "nt") == expected
