"""The claim model: plain frozen dataclasses between input formats and RDF.

Sheets (:mod:`kg.inputs.sheets`), JSON Lines streams (:mod:`kg.inputs.jsonl`) and RDF files
(:mod:`kg.rdf.from_triples`) all produce a :class:`ClaimSet`; :mod:`kg.rdf.to_triples` turns
one into triples. References between objects are IRIs, already
resolved, so nothing here knows about a sheet's ``base`` or local ids except to keep
them for display (``id``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from kg.rdf.dates import PartialDate
from kg.rdf.intervals import Interval, amount_interval, during_interval
from kg.rdf.terms import Literal

__all__ = [
    "Agent",
    "AgentType",
    "Amount",
    "Claim",
    "ClaimSet",
    "During",
    "Entity",
    "Predicate",
    "Proposition",
    "Quote",
    "Source",
    "Stance",
    "Term",
]

#: A node in a statement: an IRI (``str``) or a literal.
Term = str | Literal


class Stance(StrEnum):
    """What the claimant does with the proposition."""

    ASSERTS = "asserts"
    DENIES = "denies"


class AgentType(StrEnum):
    """The kinds of agents a sheet may declare (docs/sheet-format.md)."""

    PERSON = "Person"
    ORGANIZATION = "Organization"
    GROUP = "Group"
    ANONYMOUS_SOURCE = "AnonymousSource"
    #: no ``type`` given: typed prov:Agent only, rather than guessing Person
    AGENT = "Agent"


@dataclass(frozen=True, slots=True)
class Agent:
    """Someone who speaks or is spoken about."""

    iri: str
    id: str
    name: str
    type: AgentType
    aliases: tuple[str, ...] = ()
    same_as: tuple[str, ...] = ()
    member_of: tuple[str, ...] = ()
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    """Something spoken about that is not an agent: a team, a deal, a product."""

    iri: str
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    same_as: tuple[str, ...] = ()
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Predicate:
    """A declared predicate; ``functional`` means one object per subject at a time."""

    iri: str
    id: str
    label: str | None = None
    functional: bool = False


@dataclass(frozen=True, slots=True)
class Source:
    """The creative work (article, post, transcript) in which claims are recorded."""

    iri: str
    id: str
    title: str
    language: str | None = None
    published: PartialDate | None = None
    url: str | None = None
    publisher: str | None = None
    type: str = "CreativeWork"


@dataclass(frozen=True, slots=True)
class Proposition:
    """A (subject, predicate, object) statement, never asserted as a fact."""

    subject: str
    predicate: str
    object: Term


@dataclass(frozen=True, slots=True)
class Amount:
    """A quantity given by a claimant: a value, or a range with min and/or max."""

    value: Decimal | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    currency: str | None = None

    @property
    def interval(self) -> Interval[Decimal]:
        return amount_interval(self.value, self.min, self.max)


@dataclass(frozen=True, slots=True)
class During:
    """When the proposition holds according to the claimant; an open end is unbounded."""

    start: PartialDate | None = None
    end: PartialDate | None = None

    @property
    def interval(self) -> Interval:
        return during_interval(
            self.start.start if self.start else None, self.end.end if self.end else None
        )


@dataclass(frozen=True, slots=True)
class Quote:
    """The claimant's words, in their language."""

    text: str
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """An attributed speech act: ``claimant`` ``stance`` ``proposition``, in ``source``."""

    iri: str
    id: str
    claimant: str
    stance: Stance
    proposition: Proposition
    source: str
    amount: Amount | None = None
    during: During | None = None
    said_on: PartialDate | None = None
    medium: str | None = None
    quote: Quote | None = None
    reported_by: tuple[str, ...] = ()
    responds_to: tuple[str, ...] = ()


@dataclass
class ClaimSet:
    """Everything one input (a sheet, an RDF file, or several merged) declares."""

    agents: dict[str, Agent] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    predicates: dict[str, Predicate] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    #: predicates used by claims but not declared (plain snake_case ids): IRI -> id
    implicit_predicates: dict[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.claims)

    def merge(self, other: ClaimSet) -> None:
        """Add ``other``'s objects; objects with the same IRI are the same thing."""
        self.agents.update(other.agents)
        self.entities.update(other.entities)
        self.predicates.update(other.predicates)
        self.sources.update(other.sources)
        self.claims.update(other.claims)
        for iri, pid in other.implicit_predicates.items():
            self.implicit_predicates.setdefault(iri, pid)

    def labels(self) -> Iterator[tuple[str, str]]:
        """(IRI, display name) of every named thing, for reasons and listings."""
        for agent in self.agents.values():
            yield agent.iri, agent.name
        for entity in self.entities.values():
            yield entity.iri, entity.name
