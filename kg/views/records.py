"""Claims, their links and the names of everything they mention, read with a few SPARQL queries.

Every view in :mod:`kg.views` is built from one :class:`ClaimData`. Reading it costs a fixed
number of whole-store queries (claims, amounts, reporters, contradictions, corroborations,
names), not one per claim: seconds at 100k claims embedded, a handful of requests remote.
Only :meth:`Store.query` is used, so every backend works the same way. All the claims come
from the kept claim table when the store has a complete one (:mod:`kg.report.claim_table`):
a few hundred values instead of a scan per field, which on disk costs the engine about
13 µs a solution (130 s for a million claims).

With ``about``, only claims whose subject or object is that agent or entity are read, plus
the claims they contradict or corroborate (a disagreement has two sides).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kg.report import resolve_node
from kg.report.claim_pairs import read_corroborations as kept_corroborations
from kg.report.claim_pairs import sorted_pairs
from kg.report.claim_table import ClaimInfo, read_claim_table
from kg.report.kept import kept_listing
from kg.rules.reasons import format_amount, format_during, short_name
from kg.runtime.gc_pause import without_gc
from kg.store.base import (
    Store,
    cell_language,
    in_chunks,
    values_block,
)
from kg.store.base import cell_text as _v
from kg.store.records import propositions_about
from kg.views.claim_columns import (
    column,
    core_columns,
    per_claim,
    read_amounts,
    read_durings,
    read_links,
    read_propositions,
    tuples,
)
from kg.views.node_reads import NodeInfo, read_nodes, read_sources, voice_closure
from kg.vocab import (
    ASSERTED_GRAPH,
    DERIVED_GRAPH,
    KIND_TERMS,
    KIND_WORDS,
    STANCE_WORDS,
)

__all__ = [
    "DETAILS",
    "KIND_ORDER",
    "ClaimData",
    "ClaimInfo",
    "Contradiction",
    "NodeInfo",
    "read_claim_data",
    "read_claims",
    "read_corroborations",
    "resolve_about",
]


#: The order in which the kinds of one contradiction are listed: the rules' order.
KIND_ORDER: tuple[str, ...] = tuple(KIND_TERMS)


@dataclass(frozen=True, slots=True)
class Contradiction:
    """A ``cg:Contradiction``: the one contradiction of a pair of claims.

    ``kinds`` lists every docs/rules.md rule the pair meets, in :data:`KIND_ORDER`
    (opposite-stance, incompatible-value, rebuttal); ``kind`` is the first of them.
    """

    iri: str
    kind: str
    reason: str
    claims: tuple[str, str]
    kinds: tuple[str, ...] = ()


@dataclass
class ClaimData:
    """Everything the views are built from."""

    claims: dict[str, ClaimInfo] = field(default_factory=dict)
    nodes: dict[str, NodeInfo] = field(default_factory=dict)
    contradictions: list[Contradiction] = field(default_factory=list)
    #: pairs of claim IRIs, each pair once, in sorted order
    corroborations: list[tuple[str, str]] = field(default_factory=list)
    # Texts many claims share, made once: a proposition's statement, an amount's words
    # (a million claims, a fifth as many propositions; their strings shared, not copied).
    _statements: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    _amounts: dict[int, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def label(self, iri: str) -> str:
        """The display name of an IRI: its label, else a CURIE or its last segment."""
        node = self.nodes.get(iri)
        return node.label if node else short_name(iri)

    def kind(self, iri: str) -> str:
        node = self.nodes.get(iri)
        return node.kind if node else "other"

    def object_text(self, claim: ClaimInfo) -> str | None:
        if claim.object is None:
            return None
        return self.label(claim.object) if claim.object_is_iri else claim.object

    def claim_id(self, iri: str) -> str:
        """A claim's id in its sheet, also for a claim that was not read."""
        claim = self.claims.get(iri)
        return claim.id if claim is not None else iri.rstrip("/").rsplit("/", 1)[-1]

    def statement(self, claim: ClaimInfo) -> str:
        """``Meta offered a signing bonus to OpenAI staff`` (amount not included).

        A claim about claims reads ``about claims union-60pct, union-1200``.
        """
        if claim.subject is None or claim.predicate is None:
            return "about claims " + ", ".join(self.claim_id(t) for t in claim.responds_to)
        text = self._statements.get(claim.proposition)  # type: ignore[arg-type]
        if text is None:
            text = (
                f"{self.label(claim.subject)} {self.label(claim.predicate)} "
                f"{self.object_text(claim)}"
            )
            if claim.proposition is not None:
                self._statements[claim.proposition] = text
        return text

    def amount_text(self, claim: ClaimInfo) -> str | None:
        amount = claim.amount
        if amount is None:
            return None
        # by identity: equal amounts may be written apart (100 and 1E+2)
        text = self._amounts.get(id(amount))
        if text is None:
            text = self._amounts[id(amount)] = format_amount(amount)
        return text

    def during_text(self, claim: ClaimInfo) -> str | None:
        """The claim's period in words (``2023``, ``from 2025-07``), None without one."""
        return format_during(claim.during) if claim.during is not None else None

    def voices(self) -> dict[str, str]:
        """Each agent → the speaker it is one voice with (docs/sheet-format.md Spokespeople).

        Agents that name the same ``same_as`` IRI (or name each other) are one speaker,
        represented by the smallest IRI among them; every other agent is its own voice.
        """
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            while parent.get(x, x) != x:
                x = parent[x]
            return x

        def union(a: str, b: str) -> None:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)

        agents = [iri for iri, node in self.nodes.items() if node.kind == "agent"]
        holder: dict[str, str] = {}
        for iri in sorted(agents):
            for same in self.nodes[iri].same_as:
                if same in self.nodes and self.nodes[same].kind == "agent":
                    union(iri, same)  # an agent naming another agent's IRI
                if same in holder:
                    union(iri, holder[same])
                else:
                    holder[same] = iri
        return {iri: find(iri) for iri in agents}

    def voice_of(self, claim: ClaimInfo, voices: dict[str, str] | None = None) -> str:
        """The speaker a claim counts as in the analyses: whom it speaks for, as one voice."""
        who = claim.speaks_for
        table = self.voices() if voices is None else voices
        return table.get(who, who)

    def contradicted(self) -> set[str]:
        """IRIs of claims that take part in at least one contradiction."""
        return {c for x in self.contradictions for c in x.claims}


#: Optional claim fields :func:`read_claim_data` can read; each costs one query.
#: (Stance, ``hedged``, ``on_behalf_of`` and ``responds_to`` are always read.)
DETAILS = frozenset({"said_on", "medium", "quote", "amount", "reported_by", "during"})


@without_gc
def read_claim_data(
    store: Store,
    *,
    about: Iterable[str] | None = None,
    links: bool | str = True,
    details: Iterable[str] = DETAILS,
    kept: bool = True,
) -> ClaimData:
    """Read claims (all, or those about the nodes ``about``), their links and node names.

    ``about`` holds IRIs of agents or entities (see :func:`kg.report.resolve_node`).
    ``links``: True reads contradictions and corroborations, "contradictions" only those,
    False neither. ``details`` names the optional claim fields to read (see
    :data:`DETAILS`); a view asks only for what it shows, since each is one more query.
    ``kept=False`` reads the graphs even where the store keeps the claim table and the
    listing's contradiction rows (the benchmarks' baseline; the same data).
    """
    wanted = frozenset(details)
    if wanted - DETAILS:
        raise ValueError(f"unknown claim details: {sorted(wanted - DETAILS)}")
    data = ClaimData()
    if about is None:
        table = read_claim_table(store) if kept else None
        if table is not None:
            data.claims = table.claims(wanted)
        else:
            data.claims = read_claims(store, "", wanted)
        selected: list[str] | None = None
    else:
        # Claims about claims are about no node: they come in below, as partners.
        for chunk in in_chunks(propositions_about(store, about)):
            data.claims.update(read_claims(store, values_block("prop", chunk) + " ", wanted))
        selected = sorted(data.claims)
    if links:
        data.contradictions = _read_contradictions(store, selected, kept=kept)
        if links is True:
            data.corroborations = _same_strings(
                read_corroborations(store, selected, kept=kept), data.claims
            )
        partners = {c for x in data.contradictions for c in x.claims}
        partners.update(c for pair in data.corroborations for c in pair)
        missing = sorted(partners - set(data.claims))
        for chunk in in_chunks([f"<{i}>" for i in missing]):
            data.claims.update(read_claims(store, values_block("c", chunk) + " ", wanted))
    if about is None:
        data.nodes = read_nodes(store)
        data.nodes.update(read_sources(store))
        return data
    # Only the nodes of the claims read, when they are a few: at a million claims the
    # 50,000 sources take 4 s to read and the agents and entities 1 s, for a view of a
    # dozen claims. An agent's voice may hang on agents no claim names (ClaimData.voices):
    # those come along, through the closure of their same_as links.
    sources = read_sources(store, {claim.source for claim in data.claims.values()})
    named = {node.publisher for node in sources.values() if node.publisher}
    for claim in data.claims.values():
        named.update((claim.claimant, *claim.reported_by))
        named.update(x for x in (claim.on_behalf_of, claim.subject, claim.predicate) if x)
        if claim.object_is_iri and claim.object:
            named.add(claim.object)
    data.nodes = read_nodes(store, voice_closure(store, named))
    data.nodes.update(sources)
    return data


def read_claims(store: Store, where: str, details: frozenset[str]) -> dict[str, ClaimInfo]:
    """The claims matching ``where`` (a VALUES block of claims ``?c`` or of propositions
    ``?prop``; \"\" for all) read from the asserted graph, with the ``details`` named (see
    :data:`DETAILS`)."""
    # Claims and propositions are read apart and joined here: one star pattern per query
    # keeps Oxigraph's evaluation flat, where a single big join with OPTIONALs did not.
    about = where.startswith("VALUES ?prop")
    prop_patterns = "?prop rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . " if about else ""
    if where:
        core: list[tuple[Any, ...]] = list(
            tuples(
                store,
                "SELECT ?c ?claimant ?stance ?prop ?source WHERE { "
                f"GRAPH <{ASSERTED_GRAPH}> {{ {where}?c cg:claimant ?claimant ; "
                f"cg:stance ?stance ; cg:proposition ?prop ; cg:source ?source . "
                f"{prop_patterns}}} }}",
            )
        )
    else:
        core = core_columns(store)
    if not about:
        # Claims about claims: cg:respondsTo and no proposition (docs/sheet-format.md).
        core += [
            (c, claimant, stance, "", source)
            for c, claimant, stance, source in tuples(
                store,
                "SELECT ?c ?claimant ?stance ?source WHERE { "
                f"GRAPH <{ASSERTED_GRAPH}> {{ {where}?c cg:respondsTo [] ; "
                "cg:claimant ?claimant ; cg:stance ?stance ; cg:source ?source "
                "FILTER NOT EXISTS { ?c cg:proposition [] } } }",
            )
        ]
    if not core:
        return {}
    restrict = None if not where else sorted({row[0][1:-1] for row in core})
    prop_iris = sorted({row[3][1:-1] for row in core if row[3]})
    props = read_propositions(store, None if not where else prop_iris)
    ids = column(store, "schema:identifier", restrict)
    said = column(store, "cg:saidOn", restrict) if "said_on" in details else {}
    medium = column(store, "cg:medium", restrict) if "medium" in details else {}
    quotes = column(store, "cg:quote", restrict) if "quote" in details else {}
    hedged = column(store, "cg:hedged", restrict)
    speaks_for = column(store, "cg:onBehalfOf", restrict)
    amounts = read_amounts(store, restrict) if "amount" in details else {}
    durings = read_durings(store, restrict) if "during" in details else {}
    reporters = read_links(store, "cg:reportedBy", restrict) if "reported_by" in details else {}
    answers = read_links(store, "cg:respondsTo", restrict)
    out: dict[str, ClaimInfo] = {}
    for c, claimant, stance, prop, source in core:
        iri = c[1:-1]
        if iri in out:
            continue
        subject = predicate = obj = ""
        if prop:
            subject, predicate, obj = props[prop[1:-1]]
        ident, date, how = ids.get(iri, ""), said.get(iri, ""), medium.get(iri, "")
        quote, hedge, agent = quotes.get(iri, ""), hedged.get(iri, ""), speaks_for.get(iri, "")
        out[iri] = ClaimInfo(
            iri=iri,
            id=_v(ident) or short_name(iri),
            claimant=_v(claimant) or "",
            stance=STANCE_WORDS.get(_v(stance) or "", short_name(_v(stance) or "")),
            proposition=_v(prop),
            subject=_v(subject),
            predicate=_v(predicate),
            object=_v(obj),
            object_is_iri=obj[:1] == "<",
            source=_v(source) or "",
            said_on=_v(date),
            medium=_v(how),
            quote=_v(quote),
            quote_lang=cell_language(quote) if quote else None,
            amount=amounts.get(iri),
            reported_by=tuple(sorted(reporters.get(iri, ()))),
            hedged=_v(hedge) in ("true", "1"),
            on_behalf_of=_v(agent),
            responds_to=tuple(sorted(answers.get(iri, ()))),
            during=durings.get(iri),
        )
    return out


def _same_strings(
    pairs: list[tuple[str, str]], claims: dict[str, ClaimInfo]
) -> list[tuple[str, str]]:
    """``pairs`` holding the claims' own IRI strings, not copies: two million pairs at a
    million claims, their four million strings half a gigabyte otherwise."""
    iris = {iri: iri for iri in claims}
    get = iris.get
    return [(get(a, a), get(b, b)) for a, b in pairs]


def _read_contradictions(
    store: Store, claims: list[str] | None, *, kept: bool = True
) -> list[Contradiction]:
    """Contradictions touching ``claims`` (or all of them), each with both its claims."""
    wanted: list[str] | None = None
    if claims is not None:
        # First the contradictions that touch a selected claim, then all their claims.
        touching = per_claim(store, "?x", f"GRAPH <{DERIVED_GRAPH}> {{ ?x cg:between ?c }}", claims)
        wanted = sorted({x[1:-1] for (x,) in touching if x[:1] == "<"})
        if not wanted:
            return []
    listing = kept_listing(store) if kept else None
    if listing is None:
        return _by_pair(_found_in_graph(store, None if wanted is None else _terms(wanted)))
    # The rows kg contested keeps hold them (kg.report.kept), one value each, where the
    # graph takes four patterns: 2 s against 13 s for all of them at 1M claims.
    rows = listing.contradictions() if wanted is None else listing.contradictions_of(wanted)
    found: _Found = {}
    for row in rows:
        found[row["iri"]] = (
            set(row["kinds"]),
            {row["reason"]} if row["reason"] else set(),
            {claim["iri"] for claim in row["claims"]},
        )
    return _by_pair(found)


def _terms(iris: list[str]) -> list[str]:
    return [f"<{iri}>" for iri in iris]


#: contradiction IRI → (kinds, reasons, the claims it is between)
_Found = dict[str, tuple[set[str], set[str], set[str]]]


def _found_in_graph(store: Store, wanted: list[str] | None) -> _Found:
    """The contradictions ``wanted`` (or all), as the derived graph holds them."""
    pattern = (
        "?x a cg:Contradiction ; cg:kind ?kind ; cg:between ?c . "
        "OPTIONAL { ?x rdfs:comment ?reason }"
    )
    found: _Found = {}
    chunks: Iterable[list[str] | None] = [None] if wanted is None else in_chunks(wanted)
    for chunk in chunks:
        # The VALUES block inside the GRAPH block (kg.store.base.values_block).
        block = "" if chunk is None else values_block("x", chunk)
        where = f"GRAPH <{DERIVED_GRAPH}> {{ {block} {pattern} }}"
        for x, kind, c, reason in tuples(store, f"SELECT ?x ?kind ?c ?reason WHERE {{ {where} }}"):
            kinds, reasons, between = found.setdefault(_v(x) or "", (set(), set(), set()))
            kind_iri = _v(kind) or ""
            kinds.add(KIND_WORDS.get(kind_iri, short_name(kind_iri)))
            if reason:
                reasons.add(_v(reason) or "")
            between.add(_v(c) or "")
    return found


def _by_pair(found: _Found) -> list[Contradiction]:
    """One :class:`Contradiction` per pair of claims, sorted by pair."""
    # One contradiction per pair (docs/rules.md); should a store still hold two for one pair
    # (written before that rule), they are read as one carrying the kinds of both.
    by_pair: dict[tuple[str, str], tuple[str, set[str], set[str]]] = {}
    for iri, (kinds, reasons, between) in sorted(found.items()):
        ends = sorted(between)
        if len(ends) != 2:
            continue
        entry = by_pair.setdefault((ends[0], ends[1]), (iri, set(), set()))
        entry[1].update(kinds)
        entry[2].update(reasons)
    out = []
    for pair, (iri, kinds, reasons) in sorted(by_pair.items()):
        ordered = tuple(sorted(kinds, key=_kind_rank))
        out.append(Contradiction(iri, ordered[0], " / ".join(sorted(reasons)), pair, ordered))
    return out


def _kind_rank(kind: str) -> tuple[int, str]:
    return (KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER), kind)


def read_corroborations(
    store: Store, claims: list[str] | None, *, kept: bool = True
) -> list[tuple[str, str]]:
    """Corroborating pairs of claims, each once as (smaller IRI, larger), sorted: those
    touching ``claims``, or all of them, from the claim table when it keeps them all."""
    if claims is None and kept:
        listed = kept_corroborations(store)
        if listed is not None:
            return listed
    if claims is None:
        # Each pair is stored both ways: keep one direction in the query, not in Python.
        pattern = f"GRAPH <{DERIVED_GRAPH}> {{ ?c cg:corroborates ?d FILTER(STR(?c) < STR(?d)) }}"
    else:
        pattern = f"GRAPH <{DERIVED_GRAPH}> {{ ?c cg:corroborates ?d }}"
    pairs = set()
    for c, d in per_claim(store, "?c ?d", pattern, claims):
        a, b = _v(c) or "", _v(d) or ""
        if a != b:
            pairs.add((a, b) if a < b else (b, a))
    return sorted_pairs(pairs)


def resolve_about(store: Store, about: str | None) -> list[str] | None:
    """IRIs of the agents or entities ``about`` names (id, name, alias or IRI), or None.

    Raises :class:`~kg.errors.InputError` when nothing matches.
    """
    if about is None:
        return None
    return resolve_node(store, about)
