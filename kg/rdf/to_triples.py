"""Deterministic IRIs, and the model turned into triples: the one place that knows the mapping.

Agents, entities, sources, claims and declared predicates are minted from the sheet's
``base`` + kind + id (``https://example.org/talent-war/claim/altman-100m``); a claim's
amount and interval hang under the claim's IRI (``…/altman-100m/amount``). Propositions and
contradictions belong to no sheet: their IRIs are hashes of what they are, so the same
statement from any sheet is the same proposition, and there are no blank nodes anywhere.

The reverse mapping (triples back to the model, for RDF input) lives in
:mod:`kg.rdf.from_triples`; both spell every term through :mod:`kg.vocab`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from kg.model import Agent, AgentType, Claim, ClaimSet, Entity, Predicate, Proposition, Source
from kg.rdf.terms import Literal, canonical_decimal, canonical_literal, literal_term
from kg.vocab import AGENT_TYPE_CLASSES, CG, ID_NS, OWL, PROV, RDF, RDFS, SCHEMA, STANCE_TERMS, XSD

__all__ = [
    "claimset_triples",
    "contradiction_iri",
    "mint_iri",
    "object_term",
    "proposition_iri",
]


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


def contradiction_iri(claim_a: str, claim_b: str) -> str:
    """The hash IRI of the contradiction between two claims (order-free): one per pair,
    whichever rules the pair meets."""
    first, second = sorted((claim_a, claim_b))
    return f"{ID_NS}contradiction/" + _digest(first, second)


def _string(value: str) -> str:
    return literal_term(value)


def agent_triples(agent: Agent) -> Iterator[str]:
    s = f"<{agent.iri}>"
    yield f"{s} {RDF.type.nt} {PROV.Agent.nt}"
    if agent.type is not AgentType.AGENT:
        yield f"{s} {RDF.type.nt} {AGENT_TYPE_CLASSES[agent.type].nt}"
    yield from _named_thing(s, agent.id, agent.name, agent.aliases, agent.same_as)
    if agent.description:
        yield f"{s} {SCHEMA.description.nt} {_string(agent.description)}"
    for group in agent.member_of:
        yield f"{s} {SCHEMA.memberOf.nt} <{group}>"


def entity_triples(entity: Entity) -> Iterator[str]:
    s = f"<{entity.iri}>"
    yield f"{s} {RDF.type.nt} {CG.Entity.nt}"
    yield from _named_thing(s, entity.id, entity.name, entity.aliases, entity.same_as)
    if entity.description:
        yield f"{s} {SCHEMA.description.nt} {_string(entity.description)}"


def _named_thing(
    s: str, local_id: str, name: str, aliases: Iterable[str], same_as: Iterable[str]
) -> Iterator[str]:
    yield f"{s} {SCHEMA.identifier.nt} {_string(local_id)}"
    yield f"{s} {SCHEMA.name.nt} {_string(name)}"
    yield f"{s} {RDFS.label.nt} {_string(name)}"
    for alias in aliases:
        yield f"{s} {SCHEMA.alternateName.nt} {_string(alias)}"
    for other in same_as:
        yield f"{s} {OWL.sameAs.nt} <{other}>"


def predicate_triples(pred: Predicate) -> Iterator[str]:
    s = f"<{pred.iri}>"
    yield f"{s} {RDF.type.nt} {RDF.Property.nt}"
    yield f"{s} {SCHEMA.identifier.nt} {_string(pred.id)}"
    if pred.label:
        yield f"{s} {RDFS.label.nt} {_string(pred.label)}"
    if pred.functional:
        yield f"{s} {RDF.type.nt} {CG.FunctionalPredicate.nt}"


def implicit_predicate_triples(iri: str, local_id: str) -> Iterator[str]:
    """An undeclared snake_case predicate: typed and identified, but given no label."""
    yield f"<{iri}> {RDF.type.nt} {RDF.Property.nt}"
    yield f"<{iri}> {SCHEMA.identifier.nt} {_string(local_id)}"


def source_triples(source: Source) -> Iterator[str]:
    s = f"<{source.iri}>"
    yield f"{s} {RDF.type.nt} {SCHEMA.CreativeWork.nt}"
    if source.type != "CreativeWork":
        yield f"{s} {RDF.type.nt} <{SCHEMA.NS}{source.type}>"
    yield f"{s} {SCHEMA.identifier.nt} {_string(source.id)}"
    yield f"{s} {SCHEMA.headline.nt} {_string(source.title)}"
    if source.language:
        yield f"{s} {SCHEMA.inLanguage.nt} {_string(source.language)}"
    if source.published:
        d = source.published
        yield f"{s} {SCHEMA.datePublished.nt} {literal_term(d.text, d.datatype)}"
    if source.url:
        yield f"{s} {SCHEMA.url.nt} <{source.url}>"
    if source.publisher:
        yield f"{s} {SCHEMA.publisher.nt} <{source.publisher}>"


def proposition_triples(iri: str, prop: Proposition) -> Iterator[str]:
    s = f"<{iri}>"
    yield f"{s} {RDF.type.nt} {CG.Proposition.nt}"
    yield f"{s} {RDF.type.nt} {RDF.Statement.nt}"
    yield f"{s} {RDF.subject.nt} <{prop.subject}>"
    yield f"{s} {RDF.predicate.nt} <{prop.predicate}>"
    yield f"{s} {RDF.object.nt} {object_term(prop.object)}"


_TRUE = literal_term("true", XSD.boolean)


def claim_triples(claim: Claim, prop_iri: str | None) -> Iterator[str]:
    """A claim's triples; ``prop_iri`` is None for a claim about claims (no statement)."""
    s = f"<{claim.iri}>"
    yield f"{s} {RDF.type.nt} {CG.Claim.nt}"
    yield f"{s} {SCHEMA.identifier.nt} {_string(claim.id)}"
    yield f"{s} {CG.claimant.nt} <{claim.claimant}>"
    yield f"{s} {CG.stance.nt} {STANCE_TERMS[claim.stance].nt}"
    if prop_iri is not None:
        yield f"{s} {CG.proposition.nt} <{prop_iri}>"
    yield f"{s} {CG.source.nt} <{claim.source}>"
    if claim.on_behalf_of:
        yield f"{s} {CG.onBehalfOf.nt} <{claim.on_behalf_of}>"
    if claim.hedged:
        yield f"{s} {CG.hedged.nt} {_TRUE}"
    if claim.said_on:
        yield f"{s} {CG.saidOn.nt} {literal_term(claim.said_on.text, claim.said_on.datatype)}"
    if claim.medium:
        yield f"{s} {CG.medium.nt} {_string(claim.medium)}"
    if claim.quote:
        yield f"{s} {CG.quote.nt} {literal_term(claim.quote.text, lang=claim.quote.lang)}"
    for agent in claim.reported_by:
        yield f"{s} {CG.reportedBy.nt} <{agent}>"
    for other in claim.responds_to:
        yield f"{s} {CG.respondsTo.nt} <{other}>"
    if claim.amount:
        a = claim.amount
        node = f"<{claim.iri}/amount>"
        yield f"{s} {CG.amount.nt} {node}"
        # Money is a schema:MonetaryAmount; what is counted (or a plain number) a
        # schema:QuantitativeValue, with its unit in words and, for percent, UN/CEFACT's P1.
        kind = SCHEMA.MonetaryAmount if a.currency else SCHEMA.QuantitativeValue
        yield f"{node} {RDF.type.nt} {kind.nt}"
        for term, number in (
            (SCHEMA.value.nt, a.value),
            (SCHEMA.minValue.nt, a.min),
            (SCHEMA.maxValue.nt, a.max),
        ):
            if number is not None:
                yield f"{node} {term} {literal_term(canonical_decimal(number), XSD.decimal)}"
        if a.currency:
            yield f"{node} {SCHEMA.currency.nt} {_string(a.currency)}"
        if a.unit:
            yield f"{node} {SCHEMA.unitText.nt} {_string(a.unit)}"
            if a.unit == "percent":
                yield f"{node} {SCHEMA.unitCode.nt} {_string('P1')}"
    if claim.during:
        node = f"<{claim.iri}/during>"
        yield f"{s} {CG.during.nt} {node}"
        yield f"{node} {RDF.type.nt} {CG.Interval.nt}"
        if claim.during.start:
            d = claim.during.start
            yield f"{node} {CG.from_.nt} {literal_term(d.text, d.datatype)}"
        if claim.during.end:
            d = claim.during.end
            yield f"{node} {CG.to.nt} {literal_term(d.text, d.datatype)}"


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
        prop_iri = None
        if claim.proposition is not None:
            prop_iri = proposition_iri(claim.proposition)
            if prop_iri not in seen:
                seen.add(prop_iri)
                yield from proposition_triples(prop_iri, claim.proposition)
        yield from claim_triples(claim, prop_iri)
