"""ontology/claimgraph.ttl and ontology/shapes.ttl: in step with kg.namespace, documented,
and readable by three independent Turtle parsers (rdflib, Oxigraph, raptor)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import require_program
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

from kg.namespace import CG, SDO
from kg.vocab import CG_NS as CG_IRI

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
ONTOLOGY = ONTOLOGY_DIR / "claimgraph.ttl"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"
EXAMPLES = sorted((ONTOLOGY_DIR / "examples").glob("*/*.ttl"))

ONTOLOGY_IRI = URIRef("https://w3id.org/claimgraph/ns")
SHAPES_IRI = URIRef("https://w3id.org/claimgraph/shapes")
CGSH = Namespace("https://w3id.org/claimgraph/shapes#")


def _parse(path: Path) -> Graph:
    return Graph().parse(data=path.read_text(encoding="utf-8"), format="turtle")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return _parse(ONTOLOGY)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return _parse(SHAPES)


def _cg_terms() -> set[URIRef]:
    """Every term of the CG DefinedNamespace.

    ``dir(CG)`` lists the annotated attributes as IRIs; terms that are not Python
    identifiers (``from``) live in ``_extras`` and must be added by hand.
    """
    return {URIRef(t) for t in dir(CG)} | {CG[name] for name in CG._extras}


def _cg_iris_in(graph: Graph) -> set[URIRef]:
    return {
        term
        for triple in graph
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(CG_IRI)
    }


CG_TERMS = sorted(_cg_terms())


# --- (a) the ontology and kg.namespace define the same terms ----------------------------


def test_cg_lists_from_as_an_extra() -> None:
    # Guards the helper above: if rdflib ever lists extras in dir(), nothing breaks, but if
    # CG loses `from` the ontology test would no longer notice.
    assert CG["from"] in _cg_terms()
    assert len(CG_TERMS) == len(CG.__annotations__) + len(CG._extras)


def test_every_cg_term_is_defined_in_the_ontology(ontology: Graph) -> None:
    defined = {s for s in ontology.subjects(RDFS.isDefinedBy, ONTOLOGY_IRI)}
    missing = sorted(str(t) for t in set(CG_TERMS) - defined)
    assert not missing, f"in kg/namespace.py but not defined in claimgraph.ttl: {missing}"


def test_the_ontology_uses_no_cg_term_missing_from_namespace_py(ontology: Graph) -> None:
    extra = sorted(str(t) for t in _cg_iris_in(ontology) - set(CG_TERMS))
    assert not extra, f"in claimgraph.ttl but not in kg/namespace.py: {extra}"


def test_the_shapes_use_only_cg_terms_of_the_ontology(shapes: Graph) -> None:
    extra = sorted(str(t) for t in _cg_iris_in(shapes) - set(CG_TERMS))
    assert not extra, f"shapes.ttl uses undefined cg: terms: {extra}"


# --- (b) every term is typed and documented ---------------------------------------------

_KINDS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual}


@pytest.mark.parametrize("term", CG_TERMS, ids=lambda t: t.removeprefix(CG_IRI))
def test_every_term_has_label_definition_and_is_defined_by(ontology: Graph, term: URIRef) -> None:
    for prop in (RDFS.label, SKOS.definition):
        values = list(ontology.objects(term, prop))
        assert len(values) == 1, f"{term} needs exactly one {prop}"
        value = values[0]
        assert isinstance(value, Literal) and value.language == "en", f"{term} {prop} is not @en"
        assert str(value).strip()
    assert list(ontology.objects(term, RDFS.isDefinedBy)) == [ONTOLOGY_IRI]
    kinds = set(ontology.objects(term, RDF.type)) & _KINDS
    assert len(kinds) == 1, f"{term} must be exactly one of class, property, individual"
    if OWL.NamedIndividual in kinds:
        classes = set(ontology.objects(term, RDF.type)) - {OWL.NamedIndividual}
        assert classes and all(c in set(CG_TERMS) for c in classes), f"{term} has no cg: class"


def test_enumerations_list_their_individuals(ontology: Graph) -> None:
    for cls in (CG.Stance, CG.ContradictionKind, CG.PropositionStatus):
        members = list(Collection(ontology, ontology.value(cls, OWL.oneOf)))
        assert members and set(members) == set(ontology.subjects(RDF.type, cls))


def test_alignment_with_prov_and_schema_org(ontology: Graph) -> None:
    """The alignments docs/vocabulary.md promises SPARQL users."""
    assert (CG.claimant, RDFS.subPropertyOf, PROV.wasAttributedTo) in ontology
    assert (CG.Claim, RDFS.subClassOf, PROV.Entity) in ontology
    assert (CG.Proposition, RDFS.subClassOf, RDF.Statement) in ontology
    assert (CG.AnonymousSource, RDFS.subClassOf, PROV.Agent) in ontology
    assert (CG.Entity, RDFS.subClassOf, SDO.Thing) in ontology
    assert (CG.amount, RDFS.range, SDO.MonetaryAmount) in ontology
    for prop in (CG.contradicts, CG.corroborates):
        assert (prop, RDF.type, OWL.SymmetricProperty) in ontology


def test_functional_predicate_is_not_owl_functional(ontology: Graph) -> None:
    # The predicates of propositions are reported, never asserted (see the comment in the
    # ontology): nothing may make them OWL functional properties.
    assert (CG.FunctionalPredicate, RDFS.subClassOf, OWL.FunctionalProperty) not in ontology
    assert (CG.FunctionalPredicate, OWL.equivalentClass, OWL.FunctionalProperty) not in ontology
    assert "owl:FunctionalProperty" in str(ontology.value(CG.FunctionalPredicate, RDFS.comment))


# --- (c) headers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "iri"), [("claimgraph.ttl", ONTOLOGY_IRI), ("shapes.ttl", SHAPES_IRI)]
)
def test_header(name: str, iri: URIRef) -> None:
    graph = _parse(ONTOLOGY_DIR / name)
    assert list(graph.subjects(RDF.type, OWL.Ontology)) == [iri]
    assert graph.value(iri, DCTERMS.title) is not None
    assert str(graph.value(iri, OWL.versionInfo)) == "0.1.0"
    assert graph.value(iri, OWL.versionIRI) is not None
    created = graph.value(iri, DCTERMS.created)
    modified = graph.value(iri, DCTERMS.modified)
    assert isinstance(created, Literal) and created.datatype == XSD.date
    assert isinstance(modified, Literal) and modified.datatype == XSD.date
    assert modified.toPython() >= created.toPython()


def test_ontology_header_names_its_prefix_and_license(ontology: Graph) -> None:
    vann = Namespace("http://purl.org/vocab/vann/")
    assert str(ontology.value(ONTOLOGY_IRI, vann.preferredNamespacePrefix)) == "cg"
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.license) is not None
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.description) is not None


# --- (d) every shape has a stable IRI and a message -------------------------------------


def _all_shapes(shapes: Graph) -> set:
    found = set(shapes.subjects(RDF.type, SH.NodeShape))
    found |= set(shapes.subjects(RDF.type, SH.PropertyShape))
    found |= set(shapes.objects(None, SH.property))
    found |= set(shapes.subjects(SH.path, None))
    for logical in (SH["or"], SH["and"], SH.xone):
        for head in shapes.objects(None, logical):
            found |= set(Collection(shapes, head))
    found |= set(shapes.objects(None, SH["not"]))
    return found


def test_every_shape_has_an_iri_in_the_shapes_namespace_and_a_message(shapes: Graph) -> None:
    all_shapes = _all_shapes(shapes)
    assert len(all_shapes) > 50
    for shape in all_shapes:
        assert isinstance(shape, URIRef) and shape.startswith(str(CGSH)), f"{shape!r}"
        messages = list(shapes.objects(shape, SH.message))
        assert len(messages) == 1, f"{shape} needs exactly one sh:message"
        assert isinstance(messages[0], Literal) and str(messages[0]).strip()


def test_node_shapes_with_targets(shapes: Graph) -> None:
    targeted = {s for s in shapes.subjects(SH.targetClass, None)}
    assert targeted == {
        CGSH[name]
        for name in (
            "ClaimShape",
            "ClaimAboutSomethingShape",
            "PropositionShape",
            "MonetaryAmountShape",
            "QuantitativeValueShape",
            "IntervalShape",
            "ContradictionShape",
            "AgentShape",
            "EntityShape",
            "PredicateShape",
            "SourceShape",
        )
    }
    for shape in targeted:
        assert (shape, RDF.type, SH.NodeShape) in shapes


# --- (e), (f) three parsers accept the files --------------------------------------------

TURTLE_FILES = [ONTOLOGY, SHAPES, *EXAMPLES]


def _rel(path: Path) -> str:
    return str(path.relative_to(ONTOLOGY_DIR))


@pytest.mark.parametrize("path", TURTLE_FILES, ids=_rel)
def test_parses_with_rdflib_and_oxigraph(path: Path) -> None:
    with_rdflib = _parse(path)
    with_oxigraph = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    assert len(with_rdflib) > 0
    assert len(with_oxigraph) == len(with_rdflib)


@pytest.mark.parametrize("path", TURTLE_FILES, ids=_rel)
def test_rapper_accepts(path: Path) -> None:
    rapper = require_program("rapper")
    proc = subprocess.run(
        [rapper, "-q", "-i", "turtle", "-c", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr


def test_kg_vocab_spells_the_same_cg_terms_as_kg_namespace() -> None:
    """The code's plain-string vocabulary (kg.vocab) and the rdflib one name the same terms."""
    from kg import vocab

    plain = {str(getattr(vocab.CG, name)) for name in vocab.CG.__annotations__}
    assert plain == {str(term) for term in CG_TERMS}
