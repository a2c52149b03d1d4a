"""The claim model: plain frozen dataclasses between input formats and RDF.

Sheets (:mod:`kg.inputs.sheets`), JSON Lines streams (:mod:`kg.inputs.jsonl`) and RDF files
(:mod:`kg.rdf.from_triples`) all produce a :class:`ClaimSet`; :mod:`kg.rdf.to_triples` turns
one into triples. References between objects are IRIs, already
resolved, so nothing here knows about a sheet's ``base`` or local ids except to keep
them for display (``id``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
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
    #: asked, would not confirm or deny: a recorded non-answer that no rule compares
    DECLINES = "declines"


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
    """A quantity given by a claimant: a value, or a range with min and/or max.

    At most one of ``currency`` (an ISO 4217 code: money) and ``unit`` (what is counted:
    ``percent``, ``people``…); with neither it is a plain number. Amounts are compared
    only with amounts of the same :attr:`measure`.
    """

    value: Decimal | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    currency: str | None = None
    unit: str | None = None

    @property
    def measure(self) -> tuple[str | None, str | None]:
        """(currency, unit): two amounts compare only when these are equal."""
        return (self.currency, self.unit)

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
    """An attributed speech act: ``claimant`` ``stance`` ``proposition``, in ``source``.

    A claim about claims (``responds_to`` and no statement) has no ``proposition``: a
    blanket denial, an endorsement, or a non-answer about the claims it lists.
    """

    iri: str
    id: str
    claimant: str
    stance: Stance
    proposition: Proposition | None
    source: str
    amount: Amount | None = None
    during: During | None = None
    said_on: PartialDate | None = None
    medium: str | None = None
    quote: Quote | None = None
    reported_by: tuple[str, ...] = ()
    responds_to: tuple[str, ...] = ()
    #: the claimant hedged ("reportedly", "about", a conditional); changes no rule
    hedged: bool = False
    #: the agent the claimant speaks for (a spokesperson's company)
    on_behalf_of: str | None = None


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
        """Add ``other``'s objects; objects with the same IRI are the same thing, and what
        each declaration lists (aliases, ``same_as``, ``member_of``) adds up."""
        for agent in other.agents.values():
            self.add_agent(agent)
        for entity in other.entities.values():
            self.add_entity(entity)
        self.predicates.update(other.predicates)
        self.sources.update(other.sources)
        self.claims.update(other.claims)
        for iri, pid in other.implicit_predicates.items():
            self.implicit_predicates.setdefault(iri, pid)

    def add_agent(self, agent: Agent) -> Agent:
        """Declare ``agent``; a second declaration of its IRI adds its lists to the first."""
        known = self.agents.get(agent.iri)
        if known is not None:
            agent = replace(
                known,
                aliases=_union(known.aliases, agent.aliases),
                same_as=_union(known.same_as, agent.same_as),
                member_of=_union(known.member_of, agent.member_of),
            )
        self.agents[agent.iri] = agent
        return agent

    def add_entity(self, entity: Entity) -> Entity:
        """Declare ``entity``; a second declaration of its IRI adds its lists to the first."""
        known = self.entities.get(entity.iri)
        if known is not None:
            entity = replace(
                known,
                aliases=_union(known.aliases, entity.aliases),
                same_as=_union(known.same_as, entity.same_as),
            )
        self.entities[entity.iri] = entity
        return entity

    def labels(self) -> Iterator[tuple[str, str]]:
        """(IRI, display name) of every named thing, for reasons and listings."""
        for agent in self.agents.values():
            yield agent.iri, agent.name
        for entity in self.entities.values():
            yield entity.iri, entity.name


def _union(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    """``first`` then what ``second`` adds, each once, in order."""
    return tuple(dict.fromkeys((*first, *second)))
