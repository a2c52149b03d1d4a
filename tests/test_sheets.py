"""Claim sheets: what they become, and how every bad case is refused (library level)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from bad_sheets import CASES, GOOD, BadCase

from kg.errors import SheetError, UnknownReference
from kg.inputs.sheets import load_sheet
from kg.model import AgentType, Stance
from kg.rdf.terms import Literal
from kg.vocab import XSD


def write(tmp_path: Path, text: str, name: str = "sheet.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_good_sheet_becomes_the_model(tmp_path: Path) -> None:
    claims = load_sheet(write(tmp_path, GOOD))
    claim = claims.claims["https://example.org/t/claim/c1"]
    assert claim.stance is Stance.ASSERTS
    assert claim.claimant == "https://example.org/t/agent/altman"
    assert claim.proposition.object == "https://example.org/t/entity/staff"
    assert claim.proposition.predicate == "https://example.org/t/predicate/offered_signing_bonus"
    assert claim.amount is not None and claim.amount.min == Decimal(100_000_000)
    assert claim.said_on is not None and claim.said_on.datatype == XSD.gYearMonth
    # A plain-string quote takes the language of its source.
    assert claim.quote is not None and claim.quote.lang == "fr"
    assert claims.agents["https://example.org/t/agent/meta"].type is AgentType.ORGANIZATION


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bad_sheet_is_refused_with_file_and_place(tmp_path: Path, case: BadCase) -> None:
    path = write(tmp_path, case.text)
    with pytest.raises(SheetError) as info:
        load_sheet(path)
    message = str(info.value)
    assert case.message in message
    assert str(path) in message
    if case.line is not None:
        assert f"{path}:{case.line}:" in message, message


def test_every_problem_is_listed_not_just_the_first(tmp_path: Path) -> None:
    text = GOOD.replace("stance: asserts", "stance: claims").replace(
        "claimant: altman", "claimant: nobody"
    )
    with pytest.raises(SheetError) as info:
        load_sheet(write(tmp_path, text))
    assert len(info.value.problems) == 2
    assert "claim 'c1', field 'stance'" in str(info.value)
    assert "claim 'c1', field 'claimant'" in str(info.value)


def test_unknown_ids_raise_unknown_reference(tmp_path: Path) -> None:
    with pytest.raises(UnknownReference):
        load_sheet(write(tmp_path, GOOD.replace("claimant: altman", "claimant: nobody")))


def test_json_sheets_are_read_like_yaml_with_lines(tmp_path: Path) -> None:
    import yaml

    doc = yaml.safe_load(GOOD)
    doc["sources"][0]["published"] = "2025-07-11"
    good = write(tmp_path, json.dumps(doc, indent=2), "sheet.json")
    assert len(load_sheet(good)) == 1
    doc["claims"][0]["stance"] = "maybe"
    bad = write(tmp_path, json.dumps(doc, indent=2), "bad.json")
    with pytest.raises(
        SheetError, match=r"bad\.json:\d+: claim 'c1', field 'stance': unknown stance"
    ):
        load_sheet(bad)


def test_broken_json_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, '{"sheet": 1,\n "claims": [}\n', "broken.json")
    with pytest.raises(SheetError, match=r"broken\.json:2: invalid JSON"):
        load_sheet(path)


def test_lone_surrogates_from_json_escapes_are_refused(tmp_path: Path) -> None:
    import yaml

    doc = yaml.safe_load(GOOD)
    doc["sources"][0]["published"] = "2025-07-11"
    text = json.dumps(doc).replace("Sam Altman", "Sam \\ud800Altman")
    with pytest.raises(SheetError, match="lone UTF-16 surrogate"):
        load_sheet(write(tmp_path, text, "s.json"))


def test_yaml_one_one_surprises_are_avoided(tmp_path: Path) -> None:
    text = GOOD.replace("language: fr", "language: no").replace("  - id: altman", "  - id: 007")
    text = text.replace("claimant: altman", "claimant: 007")
    claims = load_sheet(write(tmp_path, text))
    source = next(iter(claims.sources.values()))
    assert source.language == "no"  # Norwegian, not False
    assert "https://example.org/t/agent/007" in claims.agents  # not agent/7


def test_literal_objects(tmp_path: Path) -> None:
    text = GOOD.replace(
        "[meta, offered_signing_bonus, staff]",
        "[meta, founded_on, {value: 2004-02-04, datatype: date}]",
    )
    claim = next(iter(load_sheet(write(tmp_path, text)).claims.values()))
    assert claim.proposition.object == Literal("2004-02-04", XSD.date)
    text = GOOD.replace(
        "[meta, offered_signing_bonus, staff]", '[meta, motto, {text: "Move fast", lang: en}]'
    )
    claim = next(iter(load_sheet(write(tmp_path, text)).claims.values()))
    assert claim.proposition.object == Literal("Move fast", lang="en")


def test_curie_and_iri_predicates(tmp_path: Path) -> None:
    text = GOOD.replace("[meta, offered_signing_bonus, staff]", "[altman, schema:worksFor, meta]")
    claim = next(iter(load_sheet(write(tmp_path, text)).claims.values()))
    assert claim.proposition.predicate == "https://schema.org/worksFor"
    text = GOOD.replace(
        "[meta, offered_signing_bonus, staff]", "[altman, 'http://example.org/p#x', meta]"
    )
    claim = next(iter(load_sheet(write(tmp_path, text)).claims.values()))
    assert claim.proposition.predicate == "http://example.org/p#x"


def test_sheet_without_base_uses_the_documented_default(tmp_path: Path) -> None:
    text = GOOD.replace("base: https://example.org/t/\n", "")
    claims = load_sheet(write(tmp_path, text))
    assert "https://w3id.org/claimgraph/id/claim/c1" in claims.claims


def test_missing_file_and_directory(tmp_path: Path) -> None:
    from kg.inputs.dispatch import read_input

    with pytest.raises(SheetError, match="no such file"):
        read_input(tmp_path / "nope.yaml")
    with pytest.raises(SheetError, match="is a directory"):
        read_input(tmp_path)
    other = write(tmp_path, "x", "notes.txt")
    with pytest.raises(SheetError, match="unknown file type"):
        read_input(other)
