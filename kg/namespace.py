"""The claimgraph vocabulary (``cg:``) as an rdflib ``DefinedNamespace``, for library users.

The code itself uses :mod:`kg.vocab` (plain strings, no rdflib import); the graph IRIs and
prefixes are re-exported from there for code written against earlier versions.

``CG`` mirrors ``ontology/claimgraph.ttl`` term for term; ``tests/test_ontology.py`` keeps
the two in step. ``_fail = True`` makes a typo such as ``CG.Cliam`` an error instead of a
silently minted IRI.
"""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

from kg.vocab import (
    ASSERTED_GRAPH,
    CG_NS,
    DEFAULT_BASE,
    DERIVED_GRAPH,
    GRAPH_NS,
    ID_NS,
    PREFIXES,
)

__all__ = [
    "ASSERTED_GRAPH",
    "CG",
    "CG_NS",
    "DEFAULT_BASE",
    "DERIVED_GRAPH",
    "GRAPH_NS",
    "ID_NS",
    "PREFIXES",
    "SDO",
]


class CG(DefinedNamespace):
    """Terms of the claimgraph ontology."""

    _NS = Namespace(CG_NS)
    _fail = True
    # ``from`` is a Python keyword: reach it as CG["from"].
    _extras = ["from"]  # noqa: RUF012 (rdflib reads this class attribute as declared)

    # Classes
    Claim: URIRef  # an attributed speech act: someone asserted or denied a proposition
    Proposition: URIRef  # a reified (subject, predicate, object), never asserted as fact
    Contradiction: URIRef  # two claims that cannot both be true, with kind and reason
    Stance: URIRef  # the class of cg:Asserts and cg:Denies
    ContradictionKind: URIRef  # the class of the three contradiction rules
    PropositionStatus: URIRef  # the class of cg:Contested and cg:Uncontested
    Interval: URIRef  # a time span with cg:from and/or cg:to (partial dates allowed)
    Entity: URIRef  # a thing spoken about that is not an agent (a deal, a team, a sum)
    AnonymousSource: URIRef  # an unnamed agent ("sources close to the matter")
    FunctionalPredicate: URIRef  # a predicate with one object per subject at a time

    # Individuals
    Asserts: URIRef  # stance: the claimant says the proposition is true
    Denies: URIRef  # stance: the claimant says the proposition is false
    Declines: URIRef  # stance: asked, the claimant would not confirm or deny
    OppositeStance: URIRef  # kind: one asserts what the other denies
    IncompatibleValue: URIRef  # kind: both assert, with values that cannot both hold
    Rebuttal: URIRef  # kind: a denial that explicitly answers another claim
    Contested: URIRef  # status: a claim about the proposition is in a contradiction
    Uncontested: URIRef  # status: no claim about the proposition is contradicted

    # Properties of claims
    claimant: URIRef  # who made the claim (sub-property of prov:wasAttributedTo)
    stance: URIRef  # cg:Asserts or cg:Denies
    proposition: URIRef  # what the claim is about
    source: URIRef  # the creative work in which the claim is recorded
    saidOn: URIRef  # when the claimant said it (xsd:date, gYearMonth, gYear or dateTime)
    medium: URIRef  # how it was said: podcast, interview, social-media, report...
    quote: URIRef  # the claimant's words, a language-tagged literal
    reportedBy: URIRef  # an agent through whom the claim reached the source
    respondsTo: URIRef  # a claim this claim answers
    amount: URIRef  # the quantity the claimant gave, a schema:MonetaryAmount
    during: URIRef  # when the proposition holds according to the claimant, a cg:Interval
    hedged: URIRef  # true when the claimant hedged ("reportedly", "about", a conditional)
    onBehalfOf: URIRef  # the agent the claimant speaks for (a spokesperson's company)
    # cg:from (see _extras) and cg:to bound an interval
    to: URIRef  # end of an interval (inclusive; a partial date covers its whole period)

    # Derived properties
    status: URIRef  # cg:Contested or cg:Uncontested, on a proposition
    between: URIRef  # the two claims of a contradiction
    kind: URIRef  # the rule a contradiction comes from
    contradicts: URIRef  # symmetric: the two claims cannot both be true
    corroborates: URIRef  # symmetric: both assert the proposition with compatible values
    # Kept listing rows (graph …/graph/listings)
    propositionRow: URIRef  # rdf:JSON: what `kg contested` prints of a contested proposition
    contradictionRow: URIRef  # rdf:JSON: what `kg contested` prints of a contradiction
    listingOrder: URIRef  # rdf:JSON: the order of `kg contested`'s propositions, kept as one value
    quoteLanguages: URIRef  # rdf:JSON: an agent's quotes per language (multilingual-agents)
    quotesCounted: URIRef  # the sum of every quoteLanguages count, on the listings graph
    # Kept claim table (graph …/graph/claim-table)
    claimRows: URIRef  # rdf:JSON: a page of claims, each with every field the views read
    corroborationRows: URIRef  # rdf:JSON: a page of corroborating pairs of claims


SDO = Namespace(PREFIXES["schema"])
