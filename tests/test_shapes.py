"""The SHACL shapes accept what claimgraph writes and reject what it must not.

Each file in ontology/examples/valid conforms; each file in ontology/examples/invalid
breaks exactly the shape and constraint its leading comment names. Then the shapes are run
over the triples kg.rdf.to_triples and kg.derive.rebuild really produce for the bundled examples.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from conftest import EXAMPLES
from pyshacl import validate
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, SH

from kg.errors import Problem
from kg.export import export
from kg.ingest import ingest
from kg.inputs.sheets import load_sheet
from kg.namespace import CG
from kg.rdf.to_triples import claimset_triples
from kg.shapes import check_shapes, shapes_graph
from kg.store import Store

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
VALID = sorted((ONTOLOGY_DIR / "examples" / "valid").glob("*.ttl"))
INVALID = sorted((ONTOLOGY_DIR / "examples" / "invalid").glob("*.ttl"))
SHEETS = [EXAMPLES / "meta-talent-war.yaml", EXAMPLES / "openai-board-2023.json"]
CGSH = Namespace("https://w3id.org/claimgraph/shapes#")

ALTMAN_CLAIM = "https://example.org/talent-war/claim/altman-100m"


def _validate(path: Path) -> tuple[bool, Graph]:
    data = Graph().parse(data=path.read_text(encoding="utf-8"), format="turtle")
    conforms, report, _text = validate(
        data, shacl_graph=shapes_graph(), inference="none", allow_warnings=False
    )
    assert isinstance(report, Graph)
    return bool(conforms), report


def _broken(report: Graph) -> set[tuple[URIRef, URIRef]]:
    """(source shape, constraint component) of every result in a report."""
    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(result, SH.sourceShape)
        component = report.value(result, SH.sourceConstraintComponent)
        assert isinstance(shape, URIRef) and isinstance(component, URIRef)
        found.add((shape, component))
    return found


_HEADER = re.compile(r"^# (Shape|Property shape|Constraint): (\S+)$", re.MULTILINE)


def _expected(path: Path) -> dict[str, URIRef]:
    """The shape and constraint an invalid example says it breaks, from its first lines."""
    head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    fields = dict(_HEADER.findall(head))
    assert "Shape" in fields and "Constraint" in fields, f"{path.name} lacks its header"
    prefixes = {"cgsh:": str(CGSH), "sh:": str(SH)}

    def expand(curie: str) -> URIRef:
        for prefix, iri in prefixes.items():
            if curie.startswith(prefix):
                return URIRef(iri + curie.removeprefix(prefix))
        raise AssertionError(f"{path.name}: cannot expand {curie}")

    return {key: expand(value) for key, value in fields.items()}


# --- example files ----------------------------------------------------------------------


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_example_conforms(path: Path) -> None:
    conforms, report = _validate(path)
    assert conforms, report.serialize(format="turtle")


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_example_breaks_the_constraint_it_names(path: Path) -> None:
    expected = _expected(path)
    node_shape = expected["Shape"]
    shape = expected.get("Property shape", node_shape)
    shapes = shapes_graph()
    assert (node_shape, SH.targetClass, None) in shapes, f"{node_shape} is not a targeted shape"
    if shape != node_shape:
        assert (node_shape, SH.property, shape) in shapes, f"{shape} is not in {node_shape}"
    conforms, report = _validate(path)
    assert not conforms
    # Exactly the named constraint fails, so each file documents one rule.
    assert _broken(report) == {(shape, expected["Constraint"])}


def test_every_targeted_shape_has_valid_and_invalid_examples() -> None:
    shapes = shapes_graph()
    named = {_expected(path)["Shape"] for path in INVALID}
    covered_by_valid: set[URIRef] = set()
    for path in VALID:
        data = Graph().parse(data=path.read_text(encoding="utf-8"), format="turtle")
        types = set(data.objects(None, RDF.type))
        covered_by_valid |= {s for s, c in shapes.subject_objects(SH.targetClass) if c in types}
    targeted = set(shapes.subjects(SH.targetClass, None))
    assert targeted - named == set(), "targeted shapes without an invalid example"
    assert targeted - covered_by_valid == set(), "targeted shapes without a valid example"


# --- what the program writes ------------------------------------------------------------


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda p: p.name)
def test_minted_triples_of_example_sheets_conform(sheet: Path) -> None:
    triples = list(claimset_triples(load_sheet(str(sheet))))
    assert len(triples) > 50
    assert check_shapes(triples, file=str(sheet)) == []


def test_whole_store_after_ingest_conforms(empty_store: Store) -> None:
    """Asserted and derived graphs together, as `kg export --format nt` writes them."""
    ingest(empty_store, [str(sheet) for sheet in SHEETS])
    out = io.BytesIO()
    export(empty_store, out, "nt")
    lines = [line.removesuffix(" .") for line in out.getvalue().decode("utf-8").splitlines()]
    text = "\n".join(lines)
    # The dump holds the derived graph too, so the contradiction shapes are exercised.
    assert str(CG.Contradiction) in text and str(CG.status) in text
    assert check_shapes(lines) == []


def _example_triples() -> list[str]:
    return list(claimset_triples(load_sheet(str(SHEETS[0]))))


def test_claim_without_stance_is_reported_on_that_claim() -> None:
    stance = f"<{ALTMAN_CLAIM}> <{CG.stance}> "
    triples = [t for t in _example_triples() if not t.startswith(stance)]
    problems = check_shapes(triples, file="broken.yaml")
    assert problems == [
        Problem(
            "A claim has exactly one cg:stance, cg:Asserts, cg:Denies or cg:Declines.",
            file="broken.yaml",
            where=f"<{ALTMAN_CLAIM}> <{CG.stance}>",
        )
    ]


def test_problems_are_sorted_and_independent_of_triple_order() -> None:
    triples = [
        t
        for t in _example_triples()
        if not t.startswith(
            (f"<{ALTMAN_CLAIM}> <{CG.stance}> ", f"<{ALTMAN_CLAIM}> <{CG.source}> ")
        )
    ]
    triples.append(f'<{ALTMAN_CLAIM}> <{CG.saidOn}> "last June"')
    forward = check_shapes(triples)
    assert forward == check_shapes(list(reversed(triples)))
    assert [p.where for p in forward] == sorted(p.where or "" for p in forward)
    assert {p.where for p in forward} == {
        f"<{ALTMAN_CLAIM}> <{CG.saidOn}>",
        f"<{ALTMAN_CLAIM}> <{CG.source}>",
        f"<{ALTMAN_CLAIM}> <{CG.stance}>",
    }


def test_node_level_problem_has_no_path() -> None:
    amount = "<https://example.org/x/claim/c/amount>"
    problems = check_shapes(
        [
            f"{amount} <{RDF.type}> <https://schema.org/MonetaryAmount>",
            f'{amount} <https://schema.org/currency> "USD"',
        ]
    )
    assert [(p.where, p.message) for p in problems] == [
        (
            amount,
            "A monetary amount gives at least one of schema:value, schema:minValue and "
            "schema:maxValue.",
        )
    ]


def test_no_triples_no_problems() -> None:
    assert check_shapes([]) == []


def test_shapes_graph_is_loaded_once() -> None:
    assert shapes_graph() is shapes_graph()
    assert (CGSH.ClaimShape, RDF.type, SH.NodeShape) in shapes_graph()
