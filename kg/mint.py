"""Deterministic IRIs, and the model turned into triples: the one place that knows the mapping.

Agents, entities, sources, claims and declared predicates are minted from the sheet's
``base`` + kind + id (``https://example.org/talent-war/claim/altman-100m``); a claim's
amount and interval hang under the claim's IRI (``…/altman-100m/amount``). Propositions and
contradictions belong to no sheet: their IRIs are hashes of what they are, so the same
statement from any sheet is the same proposition, and there are no blank nodes anywhere.

The reverse mapping (triples back to the model, for RDF input) lives in :mod:`kg.unmint`
and uses the same term table, :data:`P`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from kg.model import Agent, AgentType, Claim, ClaimSet, Entity, Predicate, Proposition, Source
from kg.namespace import CG_IRI, ID_NS, PREFIXES
from kg.rdfterms import XSD, Literal, canonical_decimal, canonical_literal, literal_term

__all__ = [
    "AGENT_TYPES",
    "SOURCE_TYPES",
    "claimset_triples",
    "contradiction_iri",
    "mint_iri",
    "object_term",
    "proposition_iri",
]

_RDF = PREFIXES["rdf"]
_RDFS = PREFIXES["rdfs"]
_SDO = PREFIXES["schema"]
_PROV = PREFIXES["prov"]
_OWL = PREFIXES["owl"]
_FOAF = PREFIXES["foaf"]


class P:
    """Every IRI the mapping writes, as ready-made N-Triples terms."""

    type = f"<{_RDF}type>"
    subject = f"<{_RDF}subject>"
    predicate = f"<{_RDF}predicate>"
    object = f"<{_RDF}object>"
    Statement = f"<{_RDF}Statement>"
    Property = f"<{_RDF}Property>"
    label = f"<{_RDFS}label>"
    comment = f"<{_RDFS}comment>"
    same_as = f"<{_OWL}sameAs>"
    prov_agent = f"<{_PROV}Agent>"
    name = f"<{_SDO}name>"
    identifier = f"<{_SDO}identifier>"
    alternate_name = f"<{_SDO}alternateName>"
    description = f"<{_SDO}description>"
    member_of = f"<{_SDO}memberOf>"
    headline = f"<{_SDO}headline>"
    in_language = f"<{_SDO}inLanguage>"
    date_published = f"<{_SDO}datePublished>"
    url = f"<{_SDO}url>"
    publisher = f"<{_SDO}publisher>"
    CreativeWork = f"<{_SDO}CreativeWork>"
    MonetaryAmount = f"<{_SDO}MonetaryAmount>"
    value = f"<{_SDO}value>"
    min_value = f"<{_SDO}minValue>"
    max_value = f"<{_SDO}maxValue>"
    currency = f"<{_SDO}currency>"
    # cg: terms
    Claim = f"<{CG_IRI}Claim>"
    Proposition = f"<{CG_IRI}Proposition>"
    Entity = f"<{CG_IRI}Entity>"
    Interval = f"<{CG_IRI}Interval>"
    FunctionalPredicate = f"<{CG_IRI}FunctionalPredicate>"
    Asserts = f"<{CG_IRI}Asserts>"
    Denies = f"<{CG_IRI}Denies>"
    claimant = f"<{CG_IRI}claimant>"
    stance = f"<{CG_IRI}stance>"
    proposition = f"<{CG_IRI}proposition>"
    source = f"<{CG_IRI}source>"
    said_on = f"<{CG_IRI}saidOn>"
    medium = f"<{CG_IRI}medium>"
    quote = f"<{CG_IRI}quote>"
    reported_by = f"<{CG_IRI}reportedBy>"
    responds_to = f"<{CG_IRI}respondsTo>"
    amount = f"<{CG_IRI}amount>"
    during = f"<{CG_IRI}during>"
    from_ = f"<{CG_IRI}from>"
    to = f"<{CG_IRI}to>"


#: Agent type → the RDF classes an agent of that type gets (besides prov:Agent).
AGENT_TYPES: dict[AgentType, str] = {
    AgentType.PERSON: f"<{_SDO}Person>",
    AgentType.ORGANIZATION: f"<{_SDO}Organization>",
    AgentType.GROUP: f"<{_FOAF}Group>",
    AgentType.ANONYMOUS_SOURCE: f"<{CG_IRI}AnonymousSource>",
    AgentType.AGENT: f"<{_PROV}Agent>",
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


def mint_iri(base: str, kind: str, local_id: str) -> str:
    """The IRI of a sheet object: ``base`` + kind + ``/`` + id.

    >>> mint_iri("https://example.org/talent-war/", "agent", "altman")
    'https://example.org/talent-war/agent/altman'
    """
    return f"{base}{kind}/{local_id}"


def object_term(obj: str | Literal) -> str:
    """A statement's object in N-Triples syntax (IRI or canonical literal)."""
    if isinstance(obj, Literal):
        return canonical_literal(obj).n3()
    return f"<{obj}>"


def _digest(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:32]


def proposition_iri(prop: Proposition) -> str:
    """The hash IRI of a proposition: the same triple from any sheet gives the same IRI."""
    return f"{ID_NS}proposition/" + _digest(
        f"<{prop.subject}>", f"<{prop.predicate}>", object_term(prop.object)
    )


def contradiction_iri(kind: str, claim_a: str, claim_b: str) -> str:
    """The hash IRI of a contradiction of ``kind`` between two claims (order-free)."""
    first, second = sorted((claim_a, claim_b))
    return f"{ID_NS}contradiction/" + _digest(kind, first, second)


def _string(value: str) -> str:
    return literal_term(value)


def agent_triples(agent: Agent) -> Iterator[str]:
    s = f"<{agent.iri}>"
    yield f"{s} {P.type} {P.prov_agent}"
    if agent.type is not AgentType.AGENT:
        yield f"{s} {P.type} {AGENT_TYPES[agent.type]}"
    yield from _named_thing(s, agent.id, agent.name, agent.aliases, agent.same_as)
    if agent.description:
        yield f"{s} {P.description} {_string(agent.description)}"
    for group in agent.member_of:
        yield f"{s} {P.member_of} <{group}>"


def entity_triples(entity: Entity) -> Iterator[str]:
    s = f"<{entity.iri}>"
    yield f"{s} {P.type} {P.Entity}"
    yield from _named_thing(s, entity.id, entity.name, entity.aliases, entity.same_as)
    if entity.description:
        yield f"{s} {P.description} {_string(entity.description)}"


def _named_thing(
    s: str, local_id: str, name: str, aliases: Iterable[str], same_as: Iterable[str]
) -> Iterator[str]:
    yield f"{s} {P.identifier} {_string(local_id)}"
    yield f"{s} {P.name} {_string(name)}"
    yield f"{s} {P.label} {_string(name)}"
    for alias in aliases:
        yield f"{s} {P.alternate_name} {_string(alias)}"
    for other in same_as:
        yield f"{s} {P.same_as} <{other}>"


def predicate_triples(pred: Predicate) -> Iterator[str]:
    s = f"<{pred.iri}>"
    yield f"{s} {P.type} {P.Property}"
    yield f"{s} {P.identifier} {_string(pred.id)}"
    if pred.label:
        yield f"{s} {P.label} {_string(pred.label)}"
    if pred.functional:
        yield f"{s} {P.type} {P.FunctionalPredicate}"


def implicit_predicate_triples(iri: str, local_id: str) -> Iterator[str]:
    """An undeclared snake_case predicate: typed and identified, but given no label."""
    yield f"<{iri}> {P.type} {P.Property}"
    yield f"<{iri}> {P.identifier} {_string(local_id)}"


def source_triples(source: Source) -> Iterator[str]:
    s = f"<{source.iri}>"
    yield f"{s} {P.type} {P.CreativeWork}"
    if source.type != "CreativeWork":
        yield f"{s} {P.type} <{_SDO}{source.type}>"
    yield f"{s} {P.identifier} {_string(source.id)}"
    yield f"{s} {P.headline} {_string(source.title)}"
    if source.language:
        yield f"{s} {P.in_language} {_string(source.language)}"
    if source.published:
        d = source.published
        yield f"{s} {P.date_published} {literal_term(d.text, d.datatype)}"
    if source.url:
        yield f"{s} {P.url} <{source.url}>"
    if source.publisher:
        yield f"{s} {P.publisher} <{source.publisher}>"


def proposition_triples(iri: str, prop: Proposition) -> Iterator[str]:
    s = f"<{iri}>"
    yield f"{s} {P.type} {P.Proposition}"
    yield f"{s} {P.type} {P.Statement}"
    yield f"{s} {P.subject} <{prop.subject}>"
    yield f"{s} {P.predicate} <{prop.predicate}>"
    yield f"{s} {P.object} {object_term(prop.object)}"


_DECIMAL = XSD + "decimal"


def claim_triples(claim: Claim, prop_iri: str) -> Iterator[str]:
    s = f"<{claim.iri}>"
    yield f"{s} {P.type} {P.Claim}"
    yield f"{s} {P.identifier} {_string(claim.id)}"
    yield f"{s} {P.claimant} <{claim.claimant}>"
    yield f"{s} {P.stance} {P.Asserts if claim.stance.value == 'asserts' else P.Denies}"
    yield f"{s} {P.proposition} <{prop_iri}>"
    yield f"{s} {P.source} <{claim.source}>"
    if claim.said_on:
        yield f"{s} {P.said_on} {literal_term(claim.said_on.text, claim.said_on.datatype)}"
    if claim.medium:
        yield f"{s} {P.medium} {_string(claim.medium)}"
    if claim.quote:
        yield f"{s} {P.quote} {literal_term(claim.quote.text, lang=claim.quote.lang)}"
    for agent in claim.reported_by:
        yield f"{s} {P.reported_by} <{agent}>"
    for other in claim.responds_to:
        yield f"{s} {P.responds_to} <{other}>"
    if claim.amount:
        a = claim.amount
        node = f"<{claim.iri}/amount>"
        yield f"{s} {P.amount} {node}"
        yield f"{node} {P.type} {P.MonetaryAmount}"
        for term, number in ((P.value, a.value), (P.min_value, a.min), (P.max_value, a.max)):
            if number is not None:
                yield f"{node} {term} {literal_term(canonical_decimal(number), _DECIMAL)}"
        if a.currency:
            yield f"{node} {P.currency} {_string(a.currency)}"
    if claim.during:
        node = f"<{claim.iri}/during>"
        yield f"{s} {P.during} {node}"
        yield f"{node} {P.type} {P.Interval}"
        if claim.during.start:
            d = claim.during.start
            yield f"{node} {P.from_} {literal_term(d.text, d.datatype)}"
        if claim.during.end:
            d = claim.during.end
            yield f"{node} {P.to} {literal_term(d.text, d.datatype)}"


def claimset_triples(claims: ClaimSet) -> Iterator[str]:
    """Every asserted-graph triple of ``claims``, as N-Triples lines without the final dot.

    Each proposition's triples come once, however many claims share it.
    """
    for agent in claims.agents.values():
        yield from agent_triples(agent)
    for entity in claims.entities.values():
        yield from entity_triples(entity)
    for pred in claims.predicates.values():
        yield from predicate_triples(pred)
    for iri, local_id in claims.implicit_predicates.items():
        yield from implicit_predicate_triples(iri, local_id)
    for source in claims.sources.values():
        yield from source_triples(source)
    seen: set[str] = set()
    for claim in claims.claims.values():
        prop_iri = proposition_iri(claim.proposition)
        if prop_iri not in seen:
            seen.add(prop_iri)
            yield from proposition_triples(prop_iri, claim.proposition)
        yield from claim_triples(claim, prop_iri)
