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
from kg.report.claim_table import claim_count
from kg.report.contested import ranked_contradictions
from kg.report.contested_read import ContestedReader
from kg.rules.reasons import Labels, plural
from kg.store.base import PREFIX_HEADER, Store, rows, select_in
from kg.store.records import read_labels
from kg.viz import parts
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
    #: the agent every drawn claim of this speaker was made on behalf of (a spokesperson's
    #: company), by name; None when they spoke for themself or for several
    speaks_for: str | None = None


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
    #: None for a claim about claims (a blanket denial, an endorsement, a non-answer)
    proposition: str | None
    stance: str  # asserts, denies or declines
    amount: str | None
    during: str | None
    said_on: str | None
    medium: str | None
    quote: str | None
    lang: str | None
    source: str | None
    reported_by: tuple[str, ...] = ()
    hedged: bool = False
    #: name of the agent the speaker spoke for
    on_behalf_of: str | None = None
    #: keys of the drawn claims this claim answers
    responds_to: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """``~union-injuries-2023 · 300 people · 2023`` : id, amount, period, date.

        A hedged claim starts with "~"; a non-answer ends with "(no comment)".
        """
        said = self.said_on if self.said_on != self.during else None  # said that same day
        text = " · ".join(x for x in (self.id, self.amount, self.during, said) if x)
        if self.hedged:
            text = "~" + text
        if self.stance == "declines":
            text += " (no comment)"
        return text


@dataclass(frozen=True)
class Link:
    """A contradiction (with its kinds and reason) or a corroboration between two claims.

    One link per pair: a pair that meets several rules is one contradiction whose
    ``kinds`` lists them all (``kind`` is the first, in the rules' order).
    """

    kind: str  # opposite-stance, incompatible-value, rebuttal or corroborates
    a: str
    b: str
    reason: str = ""
    kinds: tuple[str, ...] = ()

    @property
    def is_contradiction(self) -> bool:
        return self.kind != "corroborates"

    @property
    def label(self) -> str:
        """The words drawn beside the link: ``opposite-stance + rebuttal``, ``corroborates``."""
        return " + ".join(self.kinds or (self.kind,))


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


#: Above this many claims in the store, a picture without ``--about`` reads only part of
#: it: the claims of the most contested propositions (or, with ``--focus``, those by or
#: about the focus), with the claims linked to them, as many as fit in this many claims
#: and links (:func:`kg.viz.parts.fill`).
#: A page holding every claim of a store of 100,000 took 50 s and weighed 52 MB; of a
#: million, no browser would open it.
WHOLE_PICTURE_CLAIMS = 20_000


#: The claims by or about a busy node are drawn within this many claims and links
#: (:func:`kg.viz.parts.fill`: a claim's contradictions and corroborations each bring a
#: link and perhaps a claim). An entity of 33,000 claims in 358,000 contradictions made a
#: 91 MB page in 96 s; its most contested part, 7 MB in 15 s.
NODE_PICTURE_BUDGET = 20_000


def build_picture(store: Store, *, about: str | None = None, focus: str | None = None) -> Picture:
    """Read the picture from ``store``.

    ``about`` keeps the claims whose subject or object is that agent or entity, plus the
    claims that contradict or corroborate them (a rebuttal is often about something else).
    ``focus`` names an agent, entity or claim id the picture starts from. A store of more
    than :data:`WHOLE_PICTURE_CLAIMS` claims is read in part (see there); the picture's
    scope says which part.
    """
    own: set[str] | None = None
    scope = ""
    if about:
        own = parts.claim_iris(store, about=about)
        scope = f"claims about {about!r} and the claims linked to them"
    elif (total := claim_count(store)) > WHOLE_PICTURE_CLAIMS:
        if focus:
            own = parts.claims_of_focus(store, focus)
            scope = f"read from a store of {total:,} claims"
        else:
            own, count = parts.most_contested_claims(store, WHOLE_PICTURE_CLAIMS)
            scope = (
                f"the claims of the {plural(count, 'most contested proposition')} and the claims "
                f"linked to them, of {total:,} claims in the store (--about draws another part)"
            )
    if own is not None and own:
        # A speaker or an entity with more claims and links than a page holds (a head of
        # state in a news archive): the most contested part of them, as for a big store.
        kept, count, total_own = parts.most_contested_of(store, own, NODE_PICTURE_BUDGET)
        if len(kept) < total_own:
            own = kept
            cut = (
                f"the {plural(len(own), 'claim')} of the "
                f"{plural(count, 'most contested proposition')} among its {total_own:,} "
                "claims, as many as a page holds"
            )
            scope = "; ".join(x for x in (scope, cut) if x)
    if own is not None:
        # Read from those claims, not from the whole store: the links of those claims only
        # (a whole store's corroborations took 58 s at a million claims).
        links = _links_of(store, own)
        wanted = sorted(own | _partners(own, links))
        details = list_claims(store, iris=wanted)
        contested_iris = _contested_among(store, wanted)
    else:
        conflicts = contested(store)
        links = _contradiction_links(conflicts) + _corroborations(store)
        details = list_claims(store)
        contested_iris = {p["iri"] for p in conflicts["propositions"]}
    picture = _assemble(store, details, links, contested_iris)
    picture.scope = scope
    if focus:
        focused = _apply_focus(store, picture, focus)
        picture.scope = "; ".join(part for part in (picture.scope, focused) if part)
    return picture


def _contradiction_links(conflicts: dict[str, list[dict[str, Any]]]) -> list[Link]:
    out = []
    for entry in conflicts["contradictions"]:
        claims = [c["iri"] for c in entry["claims"]]
        if len(claims) == 2:
            kinds = tuple(entry.get("kinds") or (entry["kind"],))
            out.append(Link(kinds[0], claims[0], claims[1], entry.get("reason", ""), kinds))
    return out


def _corroborations(store: Store) -> list[Link]:
    result = store.query(
        PREFIX_HEADER + f"SELECT ?a ?b WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ ?a cg:corroborates ?b }}"
        " FILTER(STR(?a) < STR(?b)) }"
    )
    return [Link("corroborates", r["a"].value, r["b"].value) for r in rows(result)]


def _links_of(store: Store, claims: set[str]) -> list[Link]:
    """The contradictions and corroborations that ``claims`` take part in: contradictions
    by their claims' ids (as the listing orders those of one proposition), then
    corroborations by their claims' IRIs."""
    terms = [f"<{c}>" for c in sorted(claims)]
    between = (
        f"SELECT DISTINCT ?x WHERE {{ {{values}} GRAPH <{DERIVED_GRAPH}> {{ ?x cg:between ?c }} }}"
    )
    xs = sorted({r["x"].value for r in select_in(store, "c", terms, between)})
    entries = ContestedReader(store).contradictions(xs) if xs else []
    links = _contradiction_links({"contradictions": ranked_contradictions(entries, {})})
    corroborates = (
        f"SELECT ?a ?b WHERE {{ {{values}} GRAPH <{DERIVED_GRAPH}> {{ ?a cg:corroborates ?b }} }}"
    )
    pairs = {
        (a, b) if a < b else (b, a)
        for a, b in (
            (r["a"].value, r["b"].value) for r in select_in(store, "a", terms, corroborates)
        )
    }
    return links + [Link("corroborates", a, b) for a, b in sorted(pairs)]


def _contested_among(store: Store, claims: list[str]) -> set[str]:
    """The contested propositions of ``claims``."""
    query = (
        "SELECT DISTINCT ?p WHERE { {values} "
        f"GRAPH <{ASSERTED_GRAPH}> {{ ?c cg:proposition ?p }} "
        f"GRAPH <{DERIVED_GRAPH}> {{ ?p cg:status cg:Contested }} }}"
    )
    return {r["p"].value for r in select_in(store, "c", [f"<{c}>" for c in claims], query)}


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
    speaks_for: dict[str, set[str | None]] = {}
    for d in details:
        speaks_for.setdefault(structure[d["iri"]]["claimant"], set()).add(d.get("on_behalf_of"))
    for iri, key in speaker_key.items():
        only = speaks_for.get(iri, set())
        picture.speakers[key] = Speaker(
            key,
            iri,
            labels.name(iri),
            kinds.get(iri, "Agent"),
            next(iter(only)) if len(only) == 1 else None,
        )
    for iri, key in entity_key.items():
        picture.entities[key] = DrawnEntity(key, iri, labels.name(iri))
    source_key = _read_sources(store, picture, {s["source"] for s in structure.values()})
    prop_key: dict[str, str] = {}
    claim_key = {d["iri"]: f"c{n}" for n, d in enumerate(details, 1)}
    for d in details:
        shape = structure[d["iri"]]
        if shape["prop"] is not None and shape["prop"] not in prop_key:
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
            proposition=prop_key.get(shape["prop"] or ""),
            stance=d["stance"],
            amount=d["amount"],
            during=d["during"],
            said_on=d["said_on"],
            medium=d["medium"],
            quote=d["quote"],
            lang=d["quote_lang"],
            source=source_key.get(shape["source"]),
            reported_by=tuple(labels.name(i) for i in shape["reported_by"]),
            hedged=bool(d.get("hedged")),
            on_behalf_of=d.get("on_behalf_of"),
            responds_to=tuple(claim_key[t] for t in shape["responds_to"] if t in claim_key),
        )
    picture.links = [
        Link(link.kind, claim_key[link.a], claim_key[link.b], link.reason, link.kinds)
        for link in links
        if link.a in claim_key and link.b in claim_key
    ]
    return picture


def _structure(store: Store, claim_terms: list[str]) -> dict[str, dict[str, Any]]:
    """Per claim IRI: claimant, proposition, subject and object IRIs (None for a claim
    about claims), source, reporters, the claims it answers."""
    out: dict[str, dict[str, Any]] = {}
    # Claimant and source, then the proposition apart: a claim about claims has none.
    structure = (
        "SELECT ?c ?a ?src WHERE { {values}"
        f" GRAPH <{ASSERTED_GRAPH}> {{ ?c cg:claimant ?a ; cg:source ?src }} }}"
    )
    for r in select_in(store, "c", claim_terms, structure):
        out[r["c"].value] = {
            "claimant": r["a"].value,
            "prop": None,
            "s": None,
            "o": None,
            "source": r["src"].value,
            "reported_by": [],
            "responds_to": [],
        }
    propositions = (
        "SELECT ?c ?prop ?s ?o WHERE { {values}"
        f" GRAPH <{ASSERTED_GRAPH}> {{ ?c cg:proposition ?prop ."
        " ?prop rdf:subject ?s ; rdf:object ?o } }"
    )
    for r in select_in(store, "c", claim_terms, propositions):
        out[r["c"].value].update(prop=r["prop"].value, s=_iri(r["s"]), o=_iri(r["o"]))
    reporters = (
        f"SELECT ?c ?r WHERE {{ {{values}} GRAPH <{ASSERTED_GRAPH}> {{ ?c cg:reportedBy ?r }} }}"
    )
    for r in select_in(store, "c", claim_terms, reporters):
        out[r["c"].value]["reported_by"].append(r["r"].value)
    answers = (
        f"SELECT ?c ?t WHERE {{ {{values}} GRAPH <{ASSERTED_GRAPH}> {{ ?c cg:respondsTo ?t }} }}"
    )
    for r in select_in(store, "c", claim_terms, answers):
        out[r["c"].value]["responds_to"].append(r["t"].value)
    for info in out.values():
        info["reported_by"].sort()
        info["responds_to"].sort()
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
            or (
                c.proposition is not None
                and (
                    picture.propositions[c.proposition].subject in entities
                    or picture.propositions[c.proposition].object in entities
                )
            )
        }
        # A speaker is drawn as a node; an entity only appears inside proposition labels.
        picture.focus = next(iter(sorted(speakers) or sorted(entities)), None)
        words = f"claims by or about {needle!r} and the claims linked to them"
    linked = keys | _partners(keys, picture.links)
    picture.focus_claims = [k for k in picture.claims if k in linked]
    return words
