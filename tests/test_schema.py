"""The published JSON Schema agrees with the validator on what a sheet may look like."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from bad_sheets import CASES, BadCase
from conftest import EXAMPLES
from hypothesis import given, settings
from strategies import sheets

from kg.inputs.documents import SheetLoader

SCHEMA = json.loads(
    (resources.files("kg") / "schema" / "claim-sheet.schema.json").read_text(encoding="utf-8")
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
# Mistakes only the validator can see: references between ids, real calendar dates,
# IRI syntax beyond the character set, and keys repeated in the YAML text.
SEMANTIC = {
    "unknown-claimant",
    "unknown-subject",
    "object-typo-is-not-a-literal",
    "unknown-source",
    "unknown-responds-to",
    "unknown-reported-by",
    "entity-as-claimant",
    "bad-said-on",
    "bad-published",
    "bad-amount-min-gt-max",
    "duplicate-claim-id",
    "duplicate-agent-entity-id",
    "duplicate-source-id",
    "invalid-same-as",
    "bad-predicate",
    "unknown-curie",
    "literal-bad-datatype",
    "duplicate-yaml-key",
    "during-inverted",
    "broken-yaml",
    "tab-indent",
    # references between ids: only the sheet reader knows what a sheet declares
    "unknown-on-behalf-of",
    "undeclared-predicate-in-a-sheet-that-declares-predicates",
    "claim-as-statement-subject",
}


def load(text: str) -> Any:
    return yaml.load(text, Loader=SheetLoader)


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize(
    "path", sorted(EXAMPLES.glob("*.yaml")) + sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name
)
def test_examples_validate(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    doc = json.loads(text) if path.suffix == ".json" else load(text)
    assert list(VALIDATOR.iter_errors(doc)) == []


@settings(max_examples=50, deadline=None)
@given(doc=sheets())
def test_generated_valid_sheets_validate(doc: dict[str, Any]) -> None:
    assert list(VALIDATOR.iter_errors(json.loads(json.dumps(doc, default=str)))) == []


@pytest.mark.parametrize("case", [c for c in CASES if c.name not in SEMANTIC], ids=lambda c: c.name)
def test_structural_mistakes_are_caught_by_the_schema_too(case: BadCase) -> None:
    assert list(VALIDATOR.iter_errors(load(case.text))), case.name
