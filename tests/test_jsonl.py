"""JSON Lines claim streams: the same rules and messages as sheets, a line for every problem."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from bad_sheets import CASES, GOOD, BadCase
from conftest import EXAMPLES

from kg.errors import InputError, SheetError
from kg.ingest import ingest
from kg.inputs.documents import RawInt, SheetLoader
from kg.inputs.jsonl import read_jsonl
from kg.inputs.sheets import MAX_PROBLEMS, load_sheet
from kg.store import open_store

SECTIONS = (("agents", "agent"), ("entities", "entity"), ("predicates", "predicate"))


def to_jsonl(doc: dict[str, Any]) -> str:
    """A parsed sheet as a stream: header, declarations, sources, then claims."""
    header = {"kind": "sheet", **{k: doc[k] for k in ("sheet", "base") if k in doc}}
    lines = [header]
    for section, kind in (*SECTIONS, ("sources", "source"), ("claims", "claim")):
        lines.extend({"kind": kind, **item} for item in doc.get(section) or [])
    return "".join(json.dumps(line, default=_plain) + "\n" for line in lines)


def _plain(value: object) -> object:
    if isinstance(value, RawInt):
        return int(value)
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(value)


def write(tmp_path: Path, text: str, name: str = "claims.jsonl") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_stream_holds_what_the_same_sheet_holds(tmp_path: Path) -> None:
    sheet = EXAMPLES / "meta-talent-war.yaml"
    doc = yaml.load(sheet.read_text(encoding="utf-8"), Loader=SheetLoader)
    assert read_jsonl(write(tmp_path, to_jsonl(doc))) == load_sheet(sheet)


def _convertible(case: BadCase) -> dict[str, Any] | None:
    try:
        doc = yaml.load(case.text, Loader=SheetLoader)
    except yaml.YAMLError:
        return None
    sections = ("agents", "entities", "predicates", "sources", "claims")
    if not isinstance(doc, dict) or not all(isinstance(doc.get(s, []), list) for s in sections):
        return None
    return doc


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_every_bad_sheet_case_is_refused_in_a_stream_with_the_same_messages(
    tmp_path: Path, case: BadCase
) -> None:
    doc = _convertible(case)
    if doc is None:
        pytest.skip("a YAML-level mistake with no JSON Lines form")
    with pytest.raises(SheetError) as from_sheet:
        load_sheet(write(tmp_path, case.text, "sheet.yaml"))
    path = write(tmp_path, to_jsonl(doc))
    with pytest.raises(SheetError) as from_stream:
        read_jsonl(path)
    messages = sorted(p.message for p in from_stream.value.problems)
    assert messages == sorted(p.message for p in from_sheet.value.problems)
    assert case.message in str(from_stream.value)
    for problem in from_stream.value.problems:
        assert problem.file == str(path)
        if case.name != "missing-sheet-version":
            assert problem.line is not None, problem


HEADER = '{"kind": "sheet", "sheet": 1, "base": "https://example.org/s/"}\n'
AGENT = '{"kind": "agent", "id": "a", "name": "A"}\n'
SOURCE = '{"kind": "source", "id": "s", "title": "T"}\n'


def claim(local: str, **extra: object) -> str:
    record = {"kind": "claim", "id": local, "claimant": "a", "stance": "asserts"}
    record.update(statement=["a", "likes", {"value": 1}], source="s", **extra)
    return json.dumps(record) + "\n"


def test_a_claim_may_answer_a_claim_further_down(tmp_path: Path) -> None:
    text = HEADER + AGENT + SOURCE + claim("c1", stance="denies", responds_to=["c2"]) + claim("c2")
    claims = read_jsonl(write(tmp_path, text)).claims
    assert claims["https://example.org/s/claim/c1"].responds_to == (
        "https://example.org/s/claim/c2",
    )


def test_an_unknown_answer_is_refused_at_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + AGENT + SOURCE + claim("c1", responds_to=["c9"]))
    with pytest.raises(
        SheetError, match=rf"{path}:4: claim 'c1', field 'responds_to': unknown claim id 'c9'"
    ):
        read_jsonl(path)


def test_agents_may_be_named_before_their_record_but_not_what_a_statement_is_about(
    tmp_path: Path,
) -> None:
    other = '{"kind": "agent", "id": "b", "name": "B", "member_of": ["a"]}\n'
    text = (
        HEADER
        + other
        + AGENT
        + SOURCE
        + claim("c1", reported_by=["z"])
        + '{"kind": "agent", "id": "z", "name": "Z"}\n'
    )
    assert len(read_jsonl(write(tmp_path, text))) == 1  # member_of and reported_by point ahead
    path = write(tmp_path, HEADER + SOURCE + claim("c1") + AGENT)
    with pytest.raises(SheetError) as info:
        read_jsonl(path)
    message = f"{path}:3: claim 'c1', field 'statement': unknown agent or entity id 'a'"
    assert message in str(info.value)
    assert "declared further down" in str(info.value)


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        (AGENT + SOURCE, "the first line must be the header", 1),
        (HEADER + AGENT + "{not json\n" + SOURCE, "invalid JSON", 3),
        (HEADER + '["a", "list"]\n', "each line must be a JSON object", 2),
        (HEADER + '{"kind": "speech", "id": "x"}\n', "unknown record kind 'speech'", 2),
        (HEADER + HEADER, "a stream has one header", 2),
        (
            HEADER + '{"kind": "agent", "id": "a", "name": "A", "name": "B"}\n',
            "duplicate key 'name'",
            2,
        ),
        (HEADER + AGENT + AGENT, "duplicate id 'a'", 3),
        ("", "empty stream", None),
    ],
)
def test_stream_level_mistakes_name_their_line(
    tmp_path: Path, text: str, message: str, line: int | None
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SheetError) as info:
        read_jsonl(path)
    assert message in str(info.value)
    if line is not None:
        assert f"{path}:{line}:" in str(info.value)


def test_problems_past_the_limit_are_counted_not_listed(tmp_path: Path) -> None:
    bad = "".join(claim(f"c{i}", stance="claims") for i in range(MAX_PROBLEMS + 5))
    with pytest.raises(SheetError) as info:
        read_jsonl(write(tmp_path, HEADER + AGENT + SOURCE + bad))
    assert len(info.value.problems) == MAX_PROBLEMS + 1
    assert info.value.problems[-1].message == "and 5 more problems"


def test_ingesting_a_stream_equals_ingesting_the_sheet(tmp_path: Path) -> None:
    sheet = EXAMPLES / "meta-talent-war.yaml"
    doc = yaml.load(sheet.read_text(encoding="utf-8"), Loader=SheetLoader)
    stream = write(tmp_path, to_jsonl(doc))
    dumps = []
    for source in (sheet, stream):
        with open_store(str(tmp_path / source.suffix.strip(".")), writable=True) as store:
            ingest(store, [source])
            dumps.append(sorted(str(q) for q in store.engine.quads_for_pattern(None, None, None)))
    assert dumps[0] == dumps[1]


def test_a_bad_stream_next_to_a_good_sheet_writes_nothing(tmp_path: Path) -> None:
    location = str(tmp_path / "store")
    path = write(tmp_path, HEADER + AGENT + SOURCE + claim("c1", stance="claims"))
    with open_store(location, writable=True) as store, pytest.raises(InputError):
        ingest(store, [EXAMPLES / "meta-talent-war.yaml", path])
    with open_store(location) as store:
        assert store.count() == 0


def test_good_sheet_text_is_valid(tmp_path: Path) -> None:
    """The fixture the bad cases start from is itself valid in both forms."""
    doc = yaml.load(GOOD, Loader=SheetLoader)
    assert len(read_jsonl(write(tmp_path, to_jsonl(doc)))) == 1
