"""Every RDF term claimgraph reads or writes, as plain strings: the one vocabulary table.

The claimgraph namespace IRI is written here and nowhere else. Each term is an
:class:`Iri`, a ``str`` that also carries its N-Triples form (``.nt``), so code that builds
N-Triples lines and code that compares query results use the same constant. Nothing here
imports rdflib: the CLI starts without it. (:mod:`kg.namespace` offers the same ``cg:``
terms as an rdflib ``DefinedNamespace`` for library users.)

>>> CG.Claim
'https://w3id.org/claimgraph/ns#Claim'
>>> CG.Claim.nt
'<https://w3id.org/claimgraph/ns#Claim>'
>>> STANCE_WORDS[CG.Denies], KIND_TERMS["rebuttal"].nt.endswith("Rebuttal>")
('denies', True)
"""

from __future__ import annotations

__all__ = [
    "AGENT_TYPE_CLASSES",
    "AGENT_TYPE_WORDS",
    "ASSERTED_GRAPH",
    "CG",
    "CG_NS",
    "DEFAULT_BASE",
    "DERIVED_GRAPH",
    "FOAF",
    "GRAPH_NS",
    "ID_NS",
    "KIND_TERMS",
    "KIND_WORDS",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SOURCE_TYPES",
    "STANCE_TERMS",
    "STANCE_WORDS",
    "XSD",
    "Iri",
]


class Iri(str):
    """An IRI that is a plain string, with its N-Triples form precomputed in :attr:`nt`."""

    nt: str

    def __new__(cls, value: str) -> Iri:
        self = super().__new__(cls, value)
        self.nt = f"<{value}>"
        return self


#: The claimgraph ontology's namespace (``cg:``).
CG_NS = "https://w3id.org/claimgraph/ns#"
_SCHEMA_NS = "https://schema.org/"
_RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
_XSD_NS = "http://www.w3.org/2001/XMLSchema#"
_OWL_NS = "http://www.w3.org/2002/07/owl#"
_PROV_NS = "http://www.w3.org/ns/prov#"
_FOAF_NS = "http://xmlns.com/foaf/0.1/"

#: Prefixes predeclared in ``kg query`` and used in exports.
PREFIXES: dict[str, str] = {
    "cg": CG_NS,
    "schema": _SCHEMA_NS,
    "rdf": _RDF_NS,
    "rdfs": _RDFS_NS,
    "xsd": _XSD_NS,
    "owl": _OWL_NS,
    "prov": _PROV_NS,
    "foaf": _FOAF_NS,
}

#: Where identifiers of sheets without ``base`` are minted.
DEFAULT_BASE = "https://w3id.org/claimgraph/id/"
#: Where propositions and contradictions are minted (they belong to no one sheet).
ID_NS = "https://w3id.org/claimgraph/id/"
GRAPH_NS = "https://w3id.org/claimgraph/graph/"
#: What the sheets said.
ASSERTED_GRAPH = GRAPH_NS + "asserted"
#: What claimgraph computed from them (contradictions, corroborations, statuses).
DERIVED_GRAPH = GRAPH_NS + "derived"


class CG:
    """``cg:`` terms; ``ontology/claimgraph.ttl`` defines each (a test keeps them in step)."""

    # classes
    Claim = Iri(CG_NS + "Claim")
    Proposition = Iri(CG_NS + "Proposition")
    Contradiction = Iri(CG_NS + "Contradiction")
    Stance = Iri(CG_NS + "Stance")
    ContradictionKind = Iri(CG_NS + "ContradictionKind")
    PropositionStatus = Iri(CG_NS + "PropositionStatus")
    Interval = Iri(CG_NS + "Interval")
    Entity = Iri(CG_NS + "Entity")
    AnonymousSource = Iri(CG_NS + "AnonymousSource")
    FunctionalPredicate = Iri(CG_NS + "FunctionalPredicate")
    # individuals
    Asserts = Iri(CG_NS + "Asserts")
    Denies = Iri(CG_NS + "Denies")
    OppositeStance = Iri(CG_NS + "OppositeStance")
    IncompatibleValue = Iri(CG_NS + "IncompatibleValue")
    Rebuttal = Iri(CG_NS + "Rebuttal")
    Contested = Iri(CG_NS + "Contested")
    Uncontested = Iri(CG_NS + "Uncontested")
    # properties of claims
    claimant = Iri(CG_NS + "claimant")
    stance = Iri(CG_NS + "stance")
    proposition = Iri(CG_NS + "proposition")
    source = Iri(CG_NS + "source")
    saidOn = Iri(CG_NS + "saidOn")
    medium = Iri(CG_NS + "medium")
    quote = Iri(CG_NS + "quote")
    reportedBy = Iri(CG_NS + "reportedBy")
    respondsTo = Iri(CG_NS + "respondsTo")
    amount = Iri(CG_NS + "amount")
    during = Iri(CG_NS + "during")
    from_ = Iri(CG_NS + "from")
    to = Iri(CG_NS + "to")
    # derived properties
    status = Iri(CG_NS + "status")
    between = Iri(CG_NS + "between")
    kind = Iri(CG_NS + "kind")
    contradicts = Iri(CG_NS + "contradicts")
    corroborates = Iri(CG_NS + "corroborates")


class SCHEMA:
    """The schema.org terms claimgraph uses."""

    NS = _SCHEMA_NS
    #: older data writes schema.org over http; importers accept it
    OLD_NS = "http://schema.org/"
    name = Iri(_SCHEMA_NS + "name")
    identifier = Iri(_SCHEMA_NS + "identifier")
    alternateName = Iri(_SCHEMA_NS + "alternateName")
    description = Iri(_SCHEMA_NS + "description")
    memberOf = Iri(_SCHEMA_NS + "memberOf")
    headline = Iri(_SCHEMA_NS + "headline")
    inLanguage = Iri(_SCHEMA_NS + "inLanguage")
    datePublished = Iri(_SCHEMA_NS + "datePublished")
    url = Iri(_SCHEMA_NS + "url")
    publisher = Iri(_SCHEMA_NS + "publisher")
    CreativeWork = Iri(_SCHEMA_NS + "CreativeWork")
    Person = Iri(_SCHEMA_NS + "Person")
    Organization = Iri(_SCHEMA_NS + "Organization")
    MonetaryAmount = Iri(_SCHEMA_NS + "MonetaryAmount")
    value = Iri(_SCHEMA_NS + "value")
    minValue = Iri(_SCHEMA_NS + "minValue")
    maxValue = Iri(_SCHEMA_NS + "maxValue")
    currency = Iri(_SCHEMA_NS + "currency")


class RDF:
    NS = _RDF_NS
    type = Iri(_RDF_NS + "type")
    subject = Iri(_RDF_NS + "subject")
    predicate = Iri(_RDF_NS + "predicate")
    object = Iri(_RDF_NS + "object")
    Statement = Iri(_RDF_NS + "Statement")
    Property = Iri(_RDF_NS + "Property")


class RDFS:
    NS = _RDFS_NS
    label = Iri(_RDFS_NS + "label")
    comment = Iri(_RDFS_NS + "comment")


class XSD:
    NS = _XSD_NS
    string = Iri(_XSD_NS + "string")
    decimal = Iri(_XSD_NS + "decimal")
    integer = Iri(_XSD_NS + "integer")
    boolean = Iri(_XSD_NS + "boolean")
    date = Iri(_XSD_NS + "date")
    dateTime = Iri(_XSD_NS + "dateTime")
    gYearMonth = Iri(_XSD_NS + "gYearMonth")
    gYear = Iri(_XSD_NS + "gYear")
    anyURI = Iri(_XSD_NS + "anyURI")


class OWL:
    NS = _OWL_NS
    sameAs = Iri(_OWL_NS + "sameAs")


class PROV:
    NS = _PROV_NS
    Agent = Iri(_PROV_NS + "Agent")


class FOAF:
    NS = _FOAF_NS
    Group = Iri(_FOAF_NS + "Group")


#: stance word of a sheet → its term, and back
STANCE_TERMS: dict[str, Iri] = {"asserts": CG.Asserts, "denies": CG.Denies}
STANCE_WORDS: dict[str, str] = {term: word for word, term in STANCE_TERMS.items()}

#: contradiction kind, as JSON and listings spell it → its term, and back
KIND_TERMS: dict[str, Iri] = {
    "opposite-stance": CG.OppositeStance,
    "incompatible-value": CG.IncompatibleValue,
    "rebuttal": CG.Rebuttal,
}
KIND_WORDS: dict[str, str] = {term: word for word, term in KIND_TERMS.items()}

#: agent ``type`` word → the RDF class an agent of that type gets besides prov:Agent
AGENT_TYPE_CLASSES: dict[str, Iri] = {
    "Person": SCHEMA.Person,
    "Organization": SCHEMA.Organization,
    "Group": FOAF.Group,
    "AnonymousSource": CG.AnonymousSource,
    "Agent": PROV.Agent,
}

#: the class of a typed agent → its ``type`` word (prov:Agent alone says nothing more)
AGENT_TYPE_WORDS: dict[str, str] = {
    term: word for word, term in AGENT_TYPE_CLASSES.items() if word != "Agent"
}

#: Source ``type`` words a sheet may use: schema.org subclasses of CreativeWork.
SOURCE_TYPES = (
    "CreativeWork",
    "Article",
    "NewsArticle",
    "Report",
    "BlogPosting",
    "SocialMediaPosting",
    "PodcastEpisode",
    "VideoObject",
    "WebPage",
    "Book",
    "Interview",
)
