"""Triples back into the model: RDF input in the docs/vocabulary.md vocabulary becomes a ClaimSet.

The inverse of :mod:`kg.rdf.to_triples`. An RDF file is read whole, every triple is matched to a
model field, and anything left over is refused rather than dropped: claimgraph must not
lose what a person wrote. Derived-graph terms (contradictions, statuses, corroborations)
are skipped, since the store recomputes them. Amount and interval nodes may be blank nodes
in hand-written files; they get minted IRIs like everything else.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox

from kg.errors import Problem, RdfInputError
from kg.model import (
    Agent,
    AgentType,
    Amount,
    Claim,
    ClaimSet,
    During,
    Entity,
    Predicate,
    Proposition,
    Quote,
    Source,
    Stance,
    Term,
)
from kg.rdf.dates import PartialDate, from_rdf
from kg.rdf.terms import (
    Literal,
    canonical_decimal,
    canonical_literal,
    invalid_text_char,
    parse_decimal,
)
from kg.vocab import AGENT_TYPE_WORDS, CG, PREFIXES, SOURCE_TYPES, STANCE_WORDS

__all__ = ["claimset_from_quads"]

RDF, RDFS, SDO = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["schema"]
OWL, PROV, FOAF = PREFIXES["owl"], PREFIXES["prov"], PREFIXES["foaf"]
TYPE = RDF + "type"
_OLD_SDO = "http://schema.org/"

_AGENT_CLASS = {iri: AgentType(word) for iri, word in AGENT_TYPE_WORDS.items()}
_SOURCE_CLASS = {SDO + t: t for t in SOURCE_TYPES}
_DERIVED_PREDICATES = {CG.status, CG.contradicts, CG.corroborates, CG.between, CG.kind}
_DERIVED_CLASSES = {CG.Contradiction}

Node = ox.NamedNode | ox.BlankNode
Obj = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass
class _Graph:
    """The input triples by subject, with bookkeeping of which ones were understood."""

    file: str
    by_subject: dict[Node, list[tuple[str, Obj]]] = field(default_factory=lambda: defaultdict(list))
    used: set[tuple[Node, str, Obj]] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)

    def values(self, subject: Node, predicate: str) -> list[Obj]:
        out = []
        for p, o in self.by_subject.get(subject, ()):
            if p == predicate:
                self.used.add((subject, p, o))
                out.append(o)
        return out

    def one(self, subject: Node, predicate: str, *, required: bool = False) -> Obj | None:
        found = self.values(subject, predicate)
        if len(found) > 1:
            self.fail(subject, f"has {len(found)} values for <{predicate}>, expected one")
        if not found:
            if required:
                self.fail(subject, f"lacks the required <{predicate}>")
            return None
        return found[0]

    def types(self, subject: Node) -> set[str]:
        return {o.value for o in self.values(subject, TYPE) if isinstance(o, ox.NamedNode)}

    def fail(self, subject: Node | str, message: str) -> None:
        where = subject if isinstance(subject, str) else str(subject)
        self.problems.append(Problem(message, file=self.file, where=where))

    def iri(self, subject: Node, predicate: str, *, required: bool = False) -> str | None:
        return self._value(subject, predicate, required, ox.NamedNode, "point to an IRI")

    def text(self, subject: Node, predicate: str, *, required: bool = False) -> str | None:
        return self._value(subject, predicate, required, ox.Literal, "be a literal")

    def _value(
        self, subject: Node, predicate: str, required: bool, kind: type, must: str
    ) -> str | None:
        value = self.one(subject, predicate, required=required)
        if value is None:
            return None
        if not isinstance(value, kind):
            self.fail(subject, f"<{predicate}> must {must}, not {value}")
            return None
        return str(value.value)

    def texts(self, subject: Node, predicate: str) -> list[str]:
        return sorted(o.value for o in self.values(subject, predicate) if isinstance(o, ox.Literal))

    def iris(self, subject: Node, predicate: str) -> list[str]:
        return sorted(
            o.value for o in self.values(subject, predicate) if isinstance(o, ox.NamedNode)
        )


def claimset_from_quads(
    quads: Iterable[ox.Quad], file: str, *, known: ClaimSet | None = None
) -> ClaimSet:
    """Rebuild a :class:`ClaimSet` from parsed quads; graph names are ignored.

    ``known`` holds agents, entities, predicates and sources read earlier from the same
    file: claims may refer to them (:mod:`kg.inputs.rdf` reads a big file in parts).
    """
    g = _Graph(file)
    for quad in quads:
        predicate = quad.predicate.value.replace(_OLD_SDO, SDO, 1)
        obj = quad.object
        if isinstance(obj, ox.NamedNode) and obj.value.startswith(_OLD_SDO):
            obj = ox.NamedNode(SDO + obj.value[len(_OLD_SDO) :])
        if isinstance(quad.subject, ox.Triple) or isinstance(obj, ox.Triple):
            g.fail("RDF-star", "quoted triples are not part of the claimgraph vocabulary")
            continue
        if isinstance(obj, ox.Literal) and (bad := invalid_text_char(obj.value)):
            g.fail(
                quad.subject, f"a literal of <{predicate}> holds {bad}, which RDF text cannot hold"
            )
            continue
        g.by_subject[quad.subject].append((predicate, obj))
    result = ClaimSet()
    if known is not None:
        result.merge(known)
        result.claims = {}
    typed: dict[str, list[Node]] = defaultdict(list)
    for subject, pairs in g.by_subject.items():
        for p, o in pairs:
            if p == TYPE and isinstance(o, ox.NamedNode):
                typed[o.value].append(subject)
    _skip_derived(g, typed)
    labels: dict[str, str] = {}
    for subject in _named(g, typed, *_AGENT_CLASS, PROV + "Agent"):
        if agent := _agent(g, subject):
            result.agents[agent.iri] = agent
    for subject in _named(g, typed, CG.Entity):
        if entity := _entity(g, subject):
            result.entities[entity.iri] = entity
    for subject in _named(g, typed, RDF + "Property"):
        pred = _predicate(g, subject)
        if pred:
            result.predicates[pred.iri] = pred
            labels[pred.iri] = pred.id
    for subject in _named(g, typed, SDO + "CreativeWork", *_SOURCE_CLASS):
        if source := _source(g, subject):
            result.sources[source.iri] = source
    _check_agent_links(g, result)
    claim_nodes = _named(g, typed, CG.Claim)
    claim_iris = {n.value for n in claim_nodes}
    for subject in claim_nodes:
        if claim := _claim(g, subject, result, claim_iris):
            result.claims[claim.iri] = claim
    for subject in typed.get(CG.Proposition, []):
        g.values(subject, TYPE)
    _report_leftovers(g)
    if g.problems:
        raise RdfInputError(g.problems[:50])
    return result


def _check_agent_links(g: _Graph, result: ClaimSet) -> None:
    """Publishers and groups must be agents described in the same file, as in a sheet."""
    for source in result.sources.values():
        if source.publisher and source.publisher not in result.agents:
            g.fail(
                source.iri,
                f"its publisher <{source.publisher}> is not an agent described in this file",
            )
    for agent in result.agents.values():
        for group in agent.member_of:
            if group not in result.agents:
                g.fail(agent.iri, f"memberOf <{group}> is not an agent described in this file")


def _named(g: _Graph, typed: dict[str, list[Node]], *classes: str) -> list[ox.NamedNode]:
    nodes: dict[str, ox.NamedNode] = {}
    for cls in classes:
        for node in typed.get(cls, []):
            if isinstance(node, ox.NamedNode):
                nodes[node.value] = node
            else:
                g.fail(node, f"a <{cls}> must have an IRI, not be a blank node")
    return [nodes[k] for k in sorted(nodes)]


def _skip_derived(g: _Graph, typed: dict[str, list[Node]]) -> None:
    for cls in _DERIVED_CLASSES:
        for node in typed.get(cls, []):
            for p, o in g.by_subject[node]:
                g.used.add((node, p, o))
    for subject, pairs in g.by_subject.items():
        for p, o in pairs:
            if p in _DERIVED_PREDICATES:
                g.used.add((subject, p, o))


def _report_leftovers(g: _Graph) -> None:
    leftovers = [
        (s, p, o) for s, pairs in g.by_subject.items() for p, o in pairs if (s, p, o) not in g.used
    ]
    for s, p, o in leftovers[:10]:
        g.fail(s, f"triple <{p}> {o} is not in the claimgraph vocabulary (docs/vocabulary.md)")
    if len(leftovers) > 10:
        g.fail("…", f"and {len(leftovers) - 10} more triples outside the vocabulary")


def _local_id(g: _Graph, node: ox.NamedNode) -> str:
    ident = g.text(node, SDO + "identifier")
    return ident or node.value.rstrip("/").rsplit("/", 1)[-1]


def _agent(g: _Graph, node: ox.NamedNode) -> Agent | None:
    types = g.types(node)
    kinds = [_AGENT_CLASS[t] for t in types if t in _AGENT_CLASS]
    name = g.text(node, SDO + "name") or g.text(node, RDFS + "label", required=True)
    g.values(node, RDFS + "label")
    if len(kinds) > 1:
        g.fail(node, "an agent has one type: Person, Organization, Group or AnonymousSource")
    if name is None:
        return None
    return Agent(
        iri=node.value,
        id=_local_id(g, node),
        name=name,
        type=kinds[0] if kinds else AgentType.AGENT,
        aliases=tuple(g.texts(node, SDO + "alternateName")),
        same_as=tuple(g.iris(node, OWL + "sameAs")),
        member_of=tuple(g.iris(node, SDO + "memberOf")),
        description=g.text(node, SDO + "description"),
    )


def _entity(g: _Graph, node: ox.NamedNode) -> Entity | None:
    g.types(node)
    name = g.text(node, SDO + "name") or g.text(node, RDFS + "label", required=True)
    g.values(node, RDFS + "label")
    if name is None:
        return None
    return Entity(
        iri=node.value,
        id=_local_id(g, node),
        name=name,
        aliases=tuple(g.texts(node, SDO + "alternateName")),
        same_as=tuple(g.iris(node, OWL + "sameAs")),
        description=g.text(node, SDO + "description"),
    )


def _predicate(g: _Graph, node: ox.NamedNode) -> Predicate | None:
    types = g.types(node)
    return Predicate(
        iri=node.value,
        id=_local_id(g, node),
        label=g.text(node, RDFS + "label"),
        functional=CG.FunctionalPredicate in types,
    )


def _source(g: _Graph, node: ox.NamedNode) -> Source | None:
    types = g.types(node)
    specific = sorted(
        _SOURCE_CLASS[t] for t in types if t in _SOURCE_CLASS and t != SDO + "CreativeWork"
    )
    title = g.text(node, SDO + "headline", required=True)
    published = _date(g, node, g.one(node, SDO + "datePublished"))
    if title is None:
        return None
    return Source(
        iri=node.value,
        id=_local_id(g, node),
        title=title,
        language=g.text(node, SDO + "inLanguage"),
        published=published,
        url=g.iri(node, SDO + "url"),
        publisher=g.iri(node, SDO + "publisher"),
        type=specific[0] if specific else "CreativeWork",
    )


def _date(g: _Graph, node: Node, value: Obj | None) -> PartialDate | None:
    if value is None:
        return None
    if not isinstance(value, ox.Literal):
        g.fail(node, f"{value} is not a date literal")
        return None
    try:
        return from_rdf(value.value, value.datatype.value)
    except ValueError as exc:
        g.fail(node, str(exc))
        return None


def _term(obj: Obj) -> Term:
    if isinstance(obj, ox.Literal):
        if obj.language:
            return canonical_literal(Literal(obj.value, lang=obj.language))
        return canonical_literal(Literal(obj.value, obj.datatype.value))
    return obj.value


def _claim(g: _Graph, node: ox.NamedNode, result: ClaimSet, claims: set[str]) -> Claim | None:
    g.types(node)
    before = len(g.problems)
    claimant = g.iri(node, CG.claimant, required=True)
    stance_iri = g.iri(node, CG.stance, required=True)
    word = STANCE_WORDS.get(stance_iri or "")
    stance = Stance(word) if word else None
    if stance_iri and stance is None:
        g.fail(node, f"unknown stance <{stance_iri}> (cg:Asserts, cg:Denies or cg:Declines)")
    # A claim about claims has cg:respondsTo instead of a proposition.
    about_claims = g.one(node, CG.proposition) is None and bool(g.iris(node, CG.respondsTo))
    prop = None if about_claims else _proposition(g, node, result)
    source = g.iri(node, CG.source, required=True)
    quote_term = g.one(node, CG.quote)
    quote = None
    if isinstance(quote_term, ox.Literal):
        quote = Quote(quote_term.value, quote_term.language)
    elif quote_term is not None:
        g.fail(node, "cg:quote must be a literal")
    for label, iri, pool in (
        ("claimant", claimant, result.agents),
        ("source", source, result.sources),
    ):
        if iri and iri not in pool:
            g.fail(node, f"its {label} <{iri}> is not described in this file")
    reported_by = g.iris(node, CG.reportedBy)
    responds_to = g.iris(node, CG.respondsTo)
    for agent in reported_by:
        if agent not in result.agents:
            g.fail(node, f"reportedBy <{agent}> is not an agent described in this file")
    on_behalf_of = g.iri(node, CG.onBehalfOf)
    if on_behalf_of and on_behalf_of not in result.agents:
        g.fail(node, f"onBehalfOf <{on_behalf_of}> is not an agent described in this file")
    hedged = g.text(node, CG.hedged)
    # xsd:boolean has two spellings for each value; Virtuoso gives back "1" and "0".
    if hedged not in (None, "true", "false", "1", "0"):
        g.fail(node, f"cg:hedged must be true or false, not {hedged!r}")
    amount = _amount(g, node)
    during = _during(g, node)
    if len(g.problems) > before or not (claimant and stance and source):
        return None
    if prop is None and not about_claims:
        return None
    return Claim(
        iri=node.value,
        id=_local_id(g, node),
        claimant=claimant,
        stance=stance,
        proposition=prop,
        source=source,
        amount=amount,
        during=during,
        said_on=_date(g, node, g.one(node, CG.saidOn)),
        medium=g.text(node, CG.medium),
        quote=quote,
        reported_by=tuple(reported_by),
        responds_to=tuple(responds_to),
        hedged=hedged in ("true", "1"),
        on_behalf_of=on_behalf_of,
    )


def _proposition(g: _Graph, claim: ox.NamedNode, result: ClaimSet) -> Proposition | None:
    node = g.one(claim, CG.proposition, required=True)
    if node is None or isinstance(node, ox.Literal):
        return None
    g.types(node)
    subject = g.iri(node, RDF + "subject", required=True)
    predicate = g.iri(node, RDF + "predicate", required=True)
    obj = g.one(node, RDF + "object", required=True)
    if subject is None or predicate is None or obj is None:
        return None
    known = set(result.agents) | set(result.entities)
    if subject not in known:
        g.fail(node, f"its subject <{subject}> is not an agent or entity described in this file")
        return None
    if isinstance(obj, ox.BlankNode):
        g.fail(node, "its object must be an IRI or a literal, not a blank node")
        return None
    return Proposition(subject, predicate, _term(obj))


def _decimal(g: _Graph, node: Node, predicate: str) -> Decimal | None:
    text = g.text(node, predicate)
    if text is None:
        return None
    try:
        value = parse_decimal(text)
    except ValueError as exc:
        g.fail(node, f"not a decimal: {exc}")
        return None
    return Decimal(canonical_decimal(value))


def _part(g: _Graph, claim: ox.NamedNode, predicate: str, what: str) -> Node | None:
    """The node a claim's ``cg:amount`` or ``cg:during`` points to (a literal is refused)."""
    node = g.one(claim, predicate)
    if node is None:
        return None
    if isinstance(node, ox.Literal):
        g.fail(claim, f"cg:{predicate.rsplit('#', 1)[-1]} must point to a {what} node")
        return None
    g.types(node)
    return node


def _amount(g: _Graph, claim: ox.NamedNode) -> Amount | None:
    node = _part(g, claim, CG.amount, "schema:MonetaryAmount or schema:QuantitativeValue")
    if node is None:
        return None
    unit = g.text(node, SDO + "unitText")
    code = g.text(node, SDO + "unitCode")
    if code is not None and (unit, code) != ("percent", "P1"):
        g.fail(node, f"schema:unitCode {code!r} goes only with unitText 'percent' (as 'P1')")
    amount = Amount(
        _decimal(g, node, SDO + "value"),
        _decimal(g, node, SDO + "minValue"),
        _decimal(g, node, SDO + "maxValue"),
        g.text(node, SDO + "currency"),
        unit,
    )
    if amount.currency and amount.unit:
        g.fail(node, "an amount has a schema:currency or a schema:unitText, not both")
    if amount.value is None and amount.min is None and amount.max is None:
        g.fail(node, "an amount needs schema:value, schema:minValue or schema:maxValue")
    if amount.min is not None and amount.max is not None and amount.min > amount.max:
        g.fail(node, "schema:minValue is greater than schema:maxValue")
    return amount


def _during(g: _Graph, claim: ox.NamedNode) -> During | None:
    node = _part(g, claim, CG.during, "cg:Interval")
    if node is None:
        return None
    start = _date(g, node, g.one(node, CG.from_))
    end = _date(g, node, g.one(node, CG.to))
    if start is None and end is None:
        g.fail(node, "an interval needs cg:from or cg:to")
        return None
    return During(start, end)
