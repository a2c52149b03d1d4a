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
    "CLAIM_TABLE_GRAPH",
    "DEFAULT_BASE",
    "DERIVED_GRAPH",
    "FOAF",
    "GRAPH_NS",
    "ID_NS",
    "KIND_TERMS",
    "KIND_WORDS",
    "LISTINGS_GRAPH",
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
#: What the listings print, kept from the other two so reads cost their answer
#: (kg.report.kept); never exported, rebuilt from the other graphs at will.
LISTINGS_GRAPH = GRAPH_NS + "listings"
#: Every claim's fields, kept in pages so the views read them without a scan per field
#: (kg.report.claim_table); never exported, rewritten from the asserted graph at will.
CLAIM_TABLE_GRAPH = GRAPH_NS + "claim-table"


class _Terms:
    """Turns each annotated name of a subclass into an :class:`Iri` in its namespace.

    A trailing underscore is dropped (``from_`` is ``from``, a Python keyword).
    """

    def __init_subclass__(cls, ns: str = "", **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        for name in cls.__annotations__:
            if name != "NS":
                setattr(cls, name, Iri(ns + name.rstrip("_")))


class CG(_Terms, ns=CG_NS):
    """``cg:`` terms; ``ontology/claimgraph.ttl`` defines each (a test keeps them in step)."""

    # classes
    Claim: Iri
    Proposition: Iri
    Contradiction: Iri
    Stance: Iri
    ContradictionKind: Iri
    PropositionStatus: Iri
    Interval: Iri
    Entity: Iri
    AnonymousSource: Iri
    FunctionalPredicate: Iri
    # individuals
    Asserts: Iri
    Denies: Iri
    Declines: Iri
    OppositeStance: Iri
    IncompatibleValue: Iri
    Rebuttal: Iri
    Contested: Iri
    Uncontested: Iri
    # properties of claims
    claimant: Iri
    stance: Iri
    proposition: Iri
    source: Iri
    saidOn: Iri
    medium: Iri
    quote: Iri
    reportedBy: Iri
    respondsTo: Iri
    amount: Iri
    during: Iri
    hedged: Iri
    onBehalfOf: Iri
    from_: Iri
    to: Iri
    # derived properties
    status: Iri
    between: Iri
    kind: Iri
    contradicts: Iri
    corroborates: Iri
    # kept listing rows (graph LISTINGS_GRAPH)
    propositionRow: Iri
    listingOrder: Iri
    contradictionRow: Iri
    quoteLanguages: Iri
    quotesCounted: Iri
    # kept claim table (graph CLAIM_TABLE_GRAPH)
    claimRows: Iri
    corroborationRows: Iri


class SCHEMA(_Terms, ns=_SCHEMA_NS):
    """The schema.org terms claimgraph uses."""

    NS = _SCHEMA_NS
    #: older data writes schema.org over http; importers accept it
    OLD_NS = "http://schema.org/"
    name: Iri
    identifier: Iri
    alternateName: Iri
    description: Iri
    memberOf: Iri
    headline: Iri
    inLanguage: Iri
    datePublished: Iri
    url: Iri
    publisher: Iri
    CreativeWork: Iri
    Person: Iri
    Organization: Iri
    MonetaryAmount: Iri
    QuantitativeValue: Iri
    unitText: Iri
    unitCode: Iri
    value: Iri
    minValue: Iri
    maxValue: Iri
    currency: Iri


class RDF(_Terms, ns=_RDF_NS):
    NS = _RDF_NS
    type: Iri
    subject: Iri
    predicate: Iri
    object: Iri
    Statement: Iri
    Property: Iri
    JSON: Iri


class RDFS(_Terms, ns=_RDFS_NS):
    NS = _RDFS_NS
    label: Iri
    comment: Iri


class XSD(_Terms, ns=_XSD_NS):
    NS = _XSD_NS
    string: Iri
    decimal: Iri
    integer: Iri
    boolean: Iri
    date: Iri
    dateTime: Iri
    gYearMonth: Iri
    gYear: Iri
    anyURI: Iri


class OWL(_Terms, ns=_OWL_NS):
    NS = _OWL_NS
    sameAs: Iri


class PROV(_Terms, ns=_PROV_NS):
    NS = _PROV_NS
    Agent: Iri


class FOAF(_Terms, ns=_FOAF_NS):
    NS = _FOAF_NS
    Group: Iri


#: stance word of a sheet → its term, and back
STANCE_TERMS: dict[str, Iri] = {
    "asserts": CG.Asserts,
    "denies": CG.Denies,
    "declines": CG.Declines,
}
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
