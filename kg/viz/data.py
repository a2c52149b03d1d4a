"""What a picture shows: speakers, propositions, claims, and the links between claims.

Built from the store with :func:`kg.report.list_claims`,
:func:`kg.report.contested` and a few queries for the IRIs behind the names, so
the HTML page, the static figure and the timeline all draw one and the same
:class:`Picture`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.errors import InputError
from kg.report import contested, list_claims, resolve_node
from kg.rules.reasons import Labels, plural
from kg.store.base import PREFIX_HEADER, Store, rows, select_in
from kg.store.records import read_labels
from kg.vocab import AGENT_TYPE_WORDS, ASSERTED_GRAPH, DERIVED_GRAPH

__all__ = [
    "DrawnClaim",
    "DrawnEntity",
    "DrawnProposition",
    "DrawnSource",
    "Link",
    "Picture",
    "Speaker",
    "build_picture",
]


@dataclass(frozen=True)
class Speaker:
    """An agent who made at least one claim in the picture."""

    key: str
    iri: str
    name: str
    kind: str  # Person, Organization, Group, AnonymousSource or Agent


@dataclass(frozen=True)
class DrawnEntity:
    """A subject or object of a proposition, offered in the page's "about" filter."""

    key: str
    iri: str
    name: str


@dataclass(frozen=True)
class DrawnSource:
    """Where claims were published."""

    key: str
    iri: str
    title: str
    url: str | None
    published: str | None
    publisher: str | None


@dataclass(frozen=True)
class DrawnProposition:
    """A (subject, predicate, object) triple that claims assert or deny."""

    key: str
    iri: str
    label: str
    subject: str | None  # entity key
    object: str | None  # entity key; None for a literal object
    contested: bool


@dataclass(frozen=True)
class DrawnClaim:
    """One attributed claim, with what a reader needs to judge it."""

    key: str
    id: str
    iri: str
    speaker: str
    proposition: str
    stance: str
    amount: str | None
    during: str | None
    said_on: str | None
    medium: str | None
    quote: str | None
    lang: str | None
    source: str | None
    reported_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    """A contradiction (with its kind and reason) or a corroboration between two claims."""

    kind: str  # opposite-stance, incompatible-value, rebuttal or corroborates
    a: str
    b: str
    reason: str = ""

    @property
    def is_contradiction(self) -> bool:
        return self.kind != "corroborates"


@dataclass
class Picture:
    """Everything drawn, keyed by short stable keys (``s1``, ``p1``, ``c1``…)."""

    speakers: dict[str, Speaker] = field(default_factory=dict)
    entities: dict[str, DrawnEntity] = field(default_factory=dict)
    sources: dict[str, DrawnSource] = field(default_factory=dict)
    propositions: dict[str, DrawnProposition] = field(default_factory=dict)
    claims: dict[str, DrawnClaim] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    #: claim keys the picture centres on (``--focus``), empty for the whole graph
    focus_claims: list[str] = field(default_factory=list)
    #: the node ``--focus`` named: a speaker or claim key, or an entity key
    focus: str | None = None
    #: why the picture is restricted, in words (``--about``, ``--focus``)
    scope: str = ""

    def contradictions(self) -> list[Link]:
        return [link for link in self.links if link.is_contradiction]

    def summary(self) -> str:
        """What the picture holds, in words: ``12 claims by 5 speakers, 1 contradiction…``."""
        contradictions = len(self.contradictions())
        return (
            f"{plural(len(self.claims), 'claim')} by {plural(len(self.speakers), 'speaker')}, "
            f"{plural(contradictions, 'contradiction')}, "
            f"{plural(len(self.links) - contradictions, 'corroboration')}"
        )


def build_picture(store: Store, *, about: str | None = None, focus: str | None = None) -> Picture:
    """Read the picture from ``store``.

    ``about`` keeps the claims whose subject or object is that agent or entity, plus the
    claims that contradict or corroborate them (a rebuttal is often about something else).
    ``focus`` names an agent, entity or claim id the picture starts from.
    """
    conflicts = contested(store)
    links = _contradiction_links(conflicts) + _corroborations(store)
    wanted: list[str] | None = None
    if about:
        own = {row["iri"] for row in list_claims(store, about=about)}
        wanted = sorted(own | _partners(own, links))
    details = list_claims(store, iris=wanted)
    picture = _assemble(store, details, links, {p["iri"] for p in conflicts["propositions"]})
    if about:
        picture.scope = f"claims about {about!r} and the claims linked to them"
    if focus:
        focused = _apply_focus(store, picture, focus)
        picture.scope = "; ".join(part for part in (picture.scope, focused) if part)
    return picture


def _contradiction_links(conflicts: dict[str, list[dict[str, Any]]]) -> list[Link]:
    out = []
    for entry in conflicts["contradictions"]:
        claims = [c["iri"] for c in entry["claims"]]
        if len(claims) == 2:
            out.append(Link(entry["kind"], claims[0], claims[1], entry.get("reason", "")))
    return out


def _corroborations(store: Store) -> list[Link]:
    result = store.query(
        PREFIX_HEADER + f"SELECT ?a ?b WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ ?a cg:corroborates ?b }}"
        " FILTER(STR(?a) < STR(?b)) }"
    )
    return [Link("corroborates", r["a"].value, r["b"].value) for r in rows(result)]


def _partners(claims: set[str], links: list[Link]) -> set[str]:
    out = set()
    for link in links:
        if link.a in claims:
            out.add(link.b)
        if link.b in claims:
            out.add(link.a)
    return out


def _assemble(
    store: Store, details: list[dict[str, Any]], links: list[Link], contested_iris: set[str]
) -> Picture:
    """Turn listing rows (IRIs as values) into a keyed :class:`Picture`."""
    structure = _structure(store, [f"<{d['iri']}>" for d in details])
    agents = sorted({s["claimant"] for s in structure.values()})
    things = sorted({t for s in structure.values() for t in (s["s"], s["o"]) if t})
    reporters = {r for s in structure.values() for r in s["reported_by"]}
    labels = Labels(read_labels(store, set(agents) | set(things) | reporters))
    kinds = _agent_kinds(store, agents)
    picture = Picture()
    speaker_key = {iri: f"s{n}" for n, iri in enumerate(agents, 1)}
    entity_key = {iri: f"e{n}" for n, iri in enumerate(things, 1)}
    for iri, key in speaker_key.items():
        picture.speakers[key] = Speaker(key, iri, labels.name(iri), kinds.get(iri, "Agent"))
    for iri, key in entity_key.items():
        picture.entities[key] = DrawnEntity(key, iri, labels.name(iri))
    source_key = _read_sources(store, picture, {s["source"] for s in structure.values()})
    prop_key: dict[str, str] = {}
    claim_key = {d["iri"]: f"c{n}" for n, d in enumerate(details, 1)}
    for d in details:
        shape = structure[d["iri"]]
        if shape["prop"] not in prop_key:
            key = prop_key[shape["prop"]] = f"p{len(prop_key) + 1}"
            picture.propositions[key] = DrawnProposition(
                key,
                shape["prop"],
                f"{d['subject']} · {d['predicate']} · {d['object']}",
                entity_key.get(shape["s"] or ""),
                entity_key.get(shape["o"] or ""),
                shape["prop"] in contested_iris,
            )
        picture.claims[claim_key[d["iri"]]] = DrawnClaim(
            key=claim_key[d["iri"]],
            id=d["id"],
            iri=d["iri"],
            speaker=speaker_key[shape["claimant"]],
            proposition=prop_key[shape["prop"]],
            stance=d["stance"],
            amount=d["amount"],
            during=d["during"],
            said_on=d["said_on"],
            medium=d["medium"],
            quote=d["quote"],
            lang=d["quote_lang"],
            source=source_key.get(shape["source"]),
            reported_by=tuple(labels.name(i) for i in shape["reported_by"]),
        )
    picture.links = [
        Link(link.kind, claim_key[link.a], claim_key[link.b], link.reason)
        for link in links
        if link.a in claim_key and link.b in claim_key
    ]
    return picture


def _structure(store: Store, claim_terms: list[str]) -> dict[str, dict[str, Any]]:
    """Per claim IRI: claimant, proposition, subject and object IRIs, source, reporters."""
    out: dict[str, dict[str, Any]] = {}
    structure = (
        "SELECT ?c ?a ?prop ?s ?o ?src WHERE { {values}"
        f" GRAPH <{ASSERTED_GRAPH}> {{ ?c cg:claimant ?a ; cg:proposition ?prop ;"
        " cg:source ?src . ?prop rdf:subject ?s ; rdf:object ?o } }"
    )
    for r in select_in(store, "c", claim_terms, structure):
        out[r["c"].value] = {
            "claimant": r["a"].value,
            "prop": r["prop"].value,
            "s": _iri(r["s"]),
            "o": _iri(r["o"]),
            "source": r["src"].value,
            "reported_by": [],
        }
    reporters = (
        f"SELECT ?c ?r WHERE {{ {{values}} GRAPH <{ASSERTED_GRAPH}> {{ ?c cg:reportedBy ?r }} }}"
    )
    for r in select_in(store, "c", claim_terms, reporters):
        out[r["c"].value]["reported_by"].append(r["r"].value)
    for info in out.values():
        info["reported_by"].sort()
    return out


def _iri(term: Any) -> str | None:
    return term.value if isinstance(term, ox.NamedNode) else None


def _agent_kinds(store: Store, agents: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for r in select_in(
        store, "a", (f"<{a}>" for a in agents), "SELECT ?a ?t WHERE { {values} ?a a ?t }"
    ):
        kind = AGENT_TYPE_WORDS.get(r["t"].value)
        if kind and (out.get(r["a"].value) != "AnonymousSource"):
            out[r["a"].value] = kind
    return out


def _read_sources(store: Store, picture: Picture, iris: set[str]) -> dict[str, str]:
    keys = {iri: f"src{n}" for n, iri in enumerate(sorted(iris), 1)}
    query = (
        "SELECT ?x (SAMPLE(?t) AS ?title) (SAMPLE(?u) AS ?url) (SAMPLE(?d) AS ?date)"
        " (SAMPLE(?pn) AS ?publisher) (SAMPLE(?id) AS ?ident) WHERE { {values}"
        " OPTIONAL { ?x schema:headline ?t } OPTIONAL { ?x schema:url ?u }"
        " OPTIONAL { ?x schema:datePublished ?d } OPTIONAL { ?x schema:identifier ?id }"
        " OPTIONAL { ?x schema:publisher/schema:name ?pn } } GROUP BY ?x"
    )
    found = {
        r["x"].value: {k: v.value for k, v in r.items()}
        for r in select_in(store, "x", (f"<{i}>" for i in iris), query)
    }
    for iri, key in keys.items():
        info = found.get(iri, {})
        title = info.get("title") or info.get("ident") or iri
        picture.sources[key] = DrawnSource(
            key, iri, title, info.get("url"), info.get("date"), info.get("publisher")
        )
    return keys


def _apply_focus(store: Store, picture: Picture, needle: str) -> str:
    """Centre the picture on a claim (by id) or on an agent or entity (id, name, alias).

    Returns the focus in words.
    """
    by_id = [c for c in picture.claims.values() if needle in (c.id, c.iri)]
    if by_id:
        keys = {c.key for c in by_id}
        picture.focus = by_id[0].key
        words = f"claim {needle!r} and the claims linked to it"
    else:
        try:
            iris = set(resolve_node(store, needle))
        except InputError:
            raise InputError(
                f"--focus {needle!r}: no claim, agent or entity has this id, name or alias"
            ) from None
        speakers = {s.key for s in picture.speakers.values() if s.iri in iris}
        entities = {e.key for e in picture.entities.values() if e.iri in iris}
        keys = {
            c.key
            for c in picture.claims.values()
            if c.speaker in speakers
            or picture.propositions[c.proposition].subject in entities
            or picture.propositions[c.proposition].object in entities
        }
        # A speaker is drawn as a node; an entity only appears inside proposition labels.
        picture.focus = next(iter(sorted(speakers) or sorted(entities)), None)
        words = f"claims by or about {needle!r} and the claims linked to them"
    linked = keys | _partners(keys, picture.links)
    picture.focus_claims = [k for k in picture.claims if k in linked]
    return words
