"""What ``kg claims`` and ``kg contested`` show: plain dicts built from a few SPARQL queries.

Each function returns data, not text; :mod:`kg.cli` renders it as a table, JSON or CSV.
User-typed filters (an agent's id or name) are bound as RDF terms, never pasted into a
query.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

import pyoxigraph as ox

from kg.derive import read_amounts, read_durings
from kg.describe import Labels, format_amount, format_during
from kg.errors import InputError
from kg.namespace import ASSERTED_GRAPH, CG_IRI, DERIVED_GRAPH
from kg.rdfterms import is_valid_iri
from kg.store.base import PREFIX_HEADER, Store, rows, values_block

__all__ = ["contested", "iter_contested", "list_claims", "resolve_node", "write_contested_json"]

_KIND_NAMES = {
    CG_IRI + "OppositeStance": "opposite-stance",
    CG_IRI + "IncompatibleValue": "incompatible-value",
    CG_IRI + "Rebuttal": "rebuttal",
}
_STANCES = {CG_IRI + "Asserts": "asserts", CG_IRI + "Denies": "denies"}


def resolve_node(store: Store, needle: str, *, agents_only: bool = False) -> list[str]:
    """IRIs of agents (and entities) whose IRI, id, name or alias is ``needle``.

    Exact matches on id win; otherwise names and aliases match case-insensitively.
    Raises :class:`~kg.errors.InputError` when nothing matches.
    """
    kind = "prov:Agent" if agents_only else "?type"
    restrict = "" if agents_only else " FILTER(?type IN (prov:Agent, cg:Entity))"
    if needle.startswith("<") and needle.endswith(">"):
        needle = needle[1:-1]
    found: list[str] = []
    if is_valid_iri(needle):
        by_iri = PREFIX_HEADER + "SELECT ?x WHERE { ?x a " + kind + " ." + restrict + " }"
        found = _iris(store.query(by_iri, {"x": ox.NamedNode(needle)}))
    exact = PREFIX_HEADER + (
        "SELECT DISTINCT ?x ?needle WHERE { ?x schema:identifier ?needle ; a "
        + kind
        + " ."
        + restrict
        + " }"
    )
    found = found or _iris(store.query(exact, {"needle": ox.Literal(needle)}))
    if not found:
        loose = PREFIX_HEADER + (
            "SELECT DISTINCT ?x ?needle WHERE { ?x a " + kind + " . { ?x schema:name ?n } UNION "
            "{ ?x schema:alternateName ?n } UNION { ?x schema:identifier ?n }"
            " FILTER(LCASE(STR(?n)) = LCASE(?needle))" + restrict + " }"
        )
        found = _iris(store.query(loose, {"needle": ox.Literal(needle)}))
    if not found:
        what = "agent" if agents_only else "agent or entity"
        raise InputError(f"no {what} has the id, name or alias {needle!r}")
    return found


def _iris(result: Any) -> list[str]:
    return sorted({r["x"].value for r in rows(result) if isinstance(r.get("x"), ox.NamedNode)})


def list_claims(
    store: Store,
    *,
    by: str | None = None,
    about: str | None = None,
    stance: str | None = None,
    iris: list[str] | None = None,
) -> list[dict[str, Any]]:
    """Claims, optionally filtered by claimant, by a node they are about, and by stance.

    Each row carries the claim's id, claimant, stance, statement (names), amount, period,
    date, source, quote, and the ids of the claims it contradicts and corroborates.
    ``iris`` restricts the listing to those claims.
    """
    filters = []
    if iris is not None:
        if not iris:
            return []
        filters.append(values_block("c", [f"<{i}>" for i in iris if is_valid_iri(i)]))
    if by:
        claimants = resolve_node(store, by, agents_only=True)
        filters.append(values_block("claimant", [f"<{i}>" for i in claimants]))
    if about:
        nodes = [f"<{i}>" for i in resolve_node(store, about)]
        filters.append(
            "{ " + values_block("s", nodes) + " } UNION { " + values_block("o", nodes) + " }"
        )
    if stance:
        if stance not in ("asserts", "denies"):
            raise InputError(f"unknown stance {stance!r} (expected asserts or denies)")
        filters.append(f"VALUES ?stance {{ cg:{stance.capitalize()} }}")
    query = PREFIX_HEADER + (
        "SELECT ?c ?claimant ?stance ?prop ?s ?p ?o ?source ?id ?said ?quote ?medium WHERE { "
        f"GRAPH <{ASSERTED_GRAPH}> {{ "
        "?c cg:claimant ?claimant ; cg:stance ?stance ; cg:proposition ?prop ; cg:source ?source . "
        "?prop rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . "
        + " ".join(filters)
        + " OPTIONAL { ?c schema:identifier ?id } OPTIONAL { ?c cg:saidOn ?said } "
        "OPTIONAL { ?c cg:quote ?quote } OPTIONAL { ?c cg:medium ?medium } } }"
    )
    core = rows(store.query(query))
    if not core:
        return []
    claim_terms = sorted({str(r["c"]) for r in core})
    amounts = read_amounts(store, claim_terms)
    durings = read_durings(store, claim_terms)
    links = _links(store, claim_terms)
    ids = {r["c"].value: (r["id"].value if "id" in r else _tail(r["c"].value)) for r in core}
    ids.update(_claim_ids(store, {t for targets in links.values() for t in targets[1]} - set(ids)))
    nodes = {
        v.value
        for r in core
        for k in ("claimant", "s", "p", "o", "source")
        if isinstance(v := r[k], ox.NamedNode)
    }
    labels = Labels.from_store(store, nodes)
    out = []
    # Dated claims in date order, then undated ones; ids break ties.
    for r in sorted(
        core,
        key=lambda r: ("said" not in r, r["said"].value if "said" in r else "", ids[r["c"].value]),
    ):
        iri = r["c"].value
        kinds, targets = links.get(iri, ({}, set()))
        out.append(
            {
                "id": ids[iri],
                "claimant": labels.name(r["claimant"].value),
                "stance": _STANCES.get(r["stance"].value, r["stance"].value),
                "subject": labels.name(r["s"].value),
                "predicate": labels.name(r["p"].value),
                "object": _node_text(r["o"], labels),
                "amount": format_amount(amounts[iri]) if iri in amounts else None,
                "during": format_during(durings[iri]) if iri in durings else None,
                "said_on": r["said"].value if "said" in r else None,
                "source": labels.name(r["source"].value),
                "medium": r["medium"].value if "medium" in r else None,
                "quote": r["quote"].value if "quote" in r else None,
                "quote_lang": r["quote"].language if "quote" in r else None,
                "contradicts": sorted(ids.get(t, _tail(t)) for t in kinds.get("contradicts", ())),
                "corroborates": sorted(ids.get(t, _tail(t)) for t in kinds.get("corroborates", ())),
                "iri": iri,
            }
        )
    return out


def _tail(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _node_text(term: Any, labels: Labels) -> str:
    if isinstance(term, ox.NamedNode):
        return labels.name(term.value)
    return str(term.value)


def _links(store: Store, claim_terms: list[str]) -> dict[str, tuple[dict[str, set[str]], set[str]]]:
    """For each claim: which claims it contradicts and corroborates."""
    out: dict[str, tuple[dict[str, set[str]], set[str]]] = {}
    for start in range(0, len(claim_terms), 2000):
        chunk = claim_terms[start : start + 2000]
        result = store.query(
            PREFIX_HEADER
            + "SELECT ?c ?rel ?t WHERE { "
            + values_block("c", chunk)
            + f" VALUES ?rel {{ cg:contradicts cg:corroborates }} GRAPH <{DERIVED_GRAPH}> {{ ?c ?rel ?t }} }}"
        )
        for r in rows(result):
            kinds, targets = out.setdefault(r["c"].value, (defaultdict(set), set()))
            kinds[r["rel"].value.rsplit("#", 1)[-1]].add(r["t"].value)
            targets.add(r["t"].value)
    return out


def _claim_ids(store: Store, iris: set[str]) -> dict[str, str]:
    if not iris:
        return {}
    result = store.query(
        PREFIX_HEADER
        + "SELECT ?c ?id WHERE { "
        + values_block("c", [f"<{i}>" for i in sorted(iris)])
        + " ?c schema:identifier ?id }"
    )
    return {r["c"].value: r["id"].value for r in rows(result)}


def contested(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Contested propositions with their claims, and every contradiction (SPEC §5 JSON).

    Propositions come in the order of their statements' words (subject, predicate,
    object); contradictions in the order of the first proposition they contest, then by
    their claims' ids. :func:`iter_contested` gives the same rows one at a time.
    """
    out: dict[str, list[dict[str, Any]]] = {"propositions": [], "contradictions": []}
    for section, row in iter_contested(store):
        out[section].append(row)
    return out


def write_contested_json(store: Store, out: IO[str]) -> None:
    """Write :func:`contested` as JSON, one row a line, as the rows are found.

    The first rows of a million-claim store are out in well under a second, and memory
    holds one page of rows, not the whole answer.
    """
    section = None
    first = True
    for name, row in iter_contested(store):
        if name != section:
            out.write("{" if section is None else "\n],\n")
            out.write(json.dumps(name) + ": [")
            section, first = name, True
        out.write(("\n" if first else ",\n") + json.dumps(row, ensure_ascii=False))
        first = False
    if section is None:
        out.write('{"propositions": [')
    if section != "contradictions":
        out.write('\n],\n"contradictions": [')
    out.write("\n]}\n")


def iter_contested(store: Store, page: int = 500) -> Iterator[tuple[str, dict[str, Any]]]:
    """``("propositions", row)`` for each contested proposition, then ``("contradictions", row)``.

    Order: by subject name; within a subject, by predicate, the propositions somebody
    asserts before those only denied, then by object. Only the subjects are read for the
    whole store; everything else is read one page of about ``page`` propositions (whole
    subjects) at a time, so the first rows come out before the last are looked for. Every
    query is a join of required patterns (in Oxigraph an OPTIONAL after a VALUES block is
    evaluated over the whole store, which made the old listing slow).
    """
    listing = _ContestedListing(store)
    pages = listing.pages(page)
    order: list[_Proposition] = []
    for chunk in pages:
        props = listing.describe(chunk)
        order.extend(props)
        for prop in props:
            yield (
                "propositions",
                {
                    "iri": prop.iri,
                    "subject": prop.subject,
                    "predicate": prop.predicate,
                    "object": prop.object,
                    "claims": listing.claims[prop.iri],
                },
            )
    emitted: set[str] = set()
    position = {prop.iri: index for index, prop in enumerate(order)}
    for start in range(0, len(order), page):
        chunk = order[start : start + page]
        for row in listing.contradictions(chunk, position, emitted):
            yield "contradictions", row
    yield from (("contradictions", row) for row in listing.unreached(emitted))


@dataclass(frozen=True)
class _Proposition:
    iri: str
    subject: str
    predicate: str
    object: str
    asserted: bool


class _ContestedListing:
    """The queries behind :func:`iter_contested`, with what they have learnt so far."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.claims: dict[str, list[str]] = {}
        self._agent_names: dict[str, str | None] = {}
        self._names: dict[str, str] = {}
        self._labels = Labels()
        self._named: set[str] = set()
        self._pred_ids: dict[str, str] = {}

    def pages(self, size: int) -> list[list[tuple[str, str]]]:
        """(proposition, subject) pairs in subject order, cut into pages of whole subjects."""
        found = rows(
            self.store.query(
                PREFIX_HEADER + "SELECT ?prop ?s WHERE { "
                f"GRAPH <{DERIVED_GRAPH}> {{ ?prop cg:status cg:Contested }} "
                f"GRAPH <{ASSERTED_GRAPH}> {{ ?prop rdf:subject ?s }} }}"
            )
        )
        pairs = sorted({(r["prop"].value, r["s"].value) for r in found})
        self._learn_names({s for _, s in pairs})
        pairs.sort(key=lambda pair: (self._labels.name(pair[1]), pair[1]))
        pages: list[list[tuple[str, str]]] = [[]]
        for index, pair in enumerate(pairs):
            if len(pages[-1]) >= size and pair[1] != pairs[index - 1][1]:
                pages.append([])
            pages[-1].append(pair)
        return [page for page in pages if page]

    def describe(self, chunk: list[tuple[str, str]]) -> list[_Proposition]:
        """The page's propositions in words, with their claims, in listing order."""
        block = values_block("prop", [f"<{prop}>" for prop, _ in chunk])
        statements = rows(
            self.store.query(
                PREFIX_HEADER + f"SELECT ?prop ?p ?o WHERE {{ {block} GRAPH <{ASSERTED_GRAPH}> "
                "{ ?prop rdf:predicate ?p ; rdf:object ?o } }"
            )
        )
        asserted: set[str] = set()
        for prop, _ in chunk:
            self.claims[prop] = []
        for r in rows(
            self.store.query(
                PREFIX_HEADER + f"SELECT ?prop ?c ?stance WHERE {{ {block} "
                f"GRAPH <{ASSERTED_GRAPH}> {{ ?c cg:proposition ?prop ; cg:stance ?stance }} }}"
            )
        ):
            self.claims[r["prop"].value].append(r["c"].value)
            if r["stance"].value == CG_IRI + "Asserts":
                asserted.add(r["prop"].value)
        for prop, _ in chunk:
            self.claims[prop].sort()
        nodes = {
            t.value for r in statements for t in (r["p"], r["o"]) if isinstance(t, ox.NamedNode)
        }
        self._learn_names(nodes)
        self._pred_ids.update(
            _predicate_ids(self.store, {r["p"].value for r in statements} - set(self._pred_ids))
        )
        subjects = dict(chunk)
        props = [
            _Proposition(
                r["prop"].value,
                self._labels.name(subjects[r["prop"].value]),
                self._pred_ids.get(r["p"].value) or self._labels.name(r["p"].value),
                _node_text(r["o"], self._labels),
                r["prop"].value in asserted,
            )
            for r in statements
        ]
        props.sort(
            key=lambda p: (p.subject, subjects[p.iri], p.predicate, not p.asserted, p.object, p.iri)
        )
        return props

    def _learn_names(self, iris: set[str]) -> None:
        missing = iris - self._named
        if missing:
            self._named |= missing
            self._names.update(_names(self.store, missing))
            self._labels = Labels(self._names)

    def contradictions(
        self, chunk: list[_Proposition], position: dict[str, int], emitted: set[str]
    ) -> Iterator[dict[str, Any]]:
        """The contradictions first met at this page of propositions, in listing order."""
        claims = sorted({f"<{c}>" for p in chunk for c in self.claims[p.iri]})
        found: set[str] = set()
        for part in _chunks(claims):
            result = self.store.query(
                PREFIX_HEADER
                + "SELECT DISTINCT ?x WHERE { "
                + values_block("c", part)
                + f" GRAPH <{DERIVED_GRAPH}> {{ ?x cg:between ?c }} }}"
            )
            found.update(r["x"].value for r in rows(result))
        fresh = sorted(found - emitted)
        emitted.update(fresh)
        entries = self._describe(fresh)
        for entry in entries:
            entry["_rank"] = min(
                (position.get(c.get("proposition", ""), len(position)) for c in entry["claims"]),
                default=len(position),
            )
        entries.sort(key=lambda e: (e["_rank"], [c.get("id", "") for c in e["claims"]], e["kind"]))
        for entry in entries:
            del entry["_rank"]
            for claim in entry["claims"]:
                claim.pop("proposition", None)
            yield entry

    def unreached(self, emitted: set[str]) -> Iterator[dict[str, Any]]:
        """Contradictions no contested proposition leads to (only in inconsistent data)."""
        total = self.store.query(
            PREFIX_HEADER + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH <{DERIVED_GRAPH}> "
            "{ ?x a cg:Contradiction } }"
        )
        if int(next(iter(total))["n"].value) <= len(emitted):
            return
        result = self.store.query(
            PREFIX_HEADER
            + f"SELECT DISTINCT ?x WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ ?x a cg:Contradiction }} }}"
        )
        missing = sorted({r["x"].value for r in rows(result)} - emitted)
        entries = self._describe(missing)
        entries.sort(key=lambda e: ([c.get("id", "") for c in e["claims"]], e["kind"]))
        for entry in entries:
            for claim in entry["claims"]:
                claim.pop("proposition", None)
            yield entry

    def _describe(self, iris: list[str]) -> list[dict[str, Any]]:
        """Kind, reason and claims of these contradictions."""
        entries: dict[str, dict[str, Any]] = {}
        members: dict[str, list[str]] = {}
        for part in _chunks([f"<{x}>" for x in iris]):
            block = values_block("x", part)
            for r in rows(
                self.store.query(
                    PREFIX_HEADER + f"SELECT ?x ?kind ?c WHERE {{ {block} GRAPH <{DERIVED_GRAPH}> "
                    "{ ?x cg:kind ?kind ; cg:between ?c } }"
                )
            ):
                x = r["x"].value
                entries.setdefault(
                    x,
                    {
                        "kind": _KIND_NAMES.get(r["kind"].value, r["kind"].value),
                        "reason": "",
                        "claims": [],
                        "iri": x,
                    },
                )
                if r["c"].value not in members.setdefault(x, []):
                    members[x].append(r["c"].value)
            for r in rows(
                self.store.query(
                    PREFIX_HEADER + f"SELECT ?x ?reason WHERE {{ {block} GRAPH <{DERIVED_GRAPH}> "
                    "{ ?x rdfs:comment ?reason } }"
                )
            ):
                if r["x"].value in entries:
                    entries[r["x"].value]["reason"] = r["reason"].value
        info = self._summaries(sorted({f"<{c}>" for cs in members.values() for c in cs}))
        for x, entry in entries.items():
            entry["claims"] = [dict(info.get(c, {"iri": c})) for c in members[x]]
            entry["claims"].sort(key=lambda c: (c.get("stance") != "asserts", c.get("id", "")))
        return list(entries.values())

    def _summaries(self, claim_terms: list[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        claimants: dict[str, str] = {}
        for part in _chunks(claim_terms):
            block = values_block("c", part)
            for r in rows(
                self.store.query(
                    PREFIX_HEADER + f"SELECT ?c ?a ?stance ?prop WHERE {{ {block} "
                    f"GRAPH <{ASSERTED_GRAPH}> {{ ?c cg:claimant ?a ; cg:stance ?stance ; "
                    "cg:proposition ?prop } }"
                )
            ):
                iri = r["c"].value
                claimants[iri] = r["a"].value
                out[iri] = {
                    "iri": iri,
                    "id": _tail(iri),
                    "claimant": None,
                    "stance": _STANCES.get(r["stance"].value),
                    "proposition": r["prop"].value,
                }
            for r in rows(
                self.store.query(
                    PREFIX_HEADER + f"SELECT ?c ?id WHERE {{ {block} "
                    f"GRAPH <{ASSERTED_GRAPH}> {{ ?c schema:identifier ?id }} }}"
                )
            ):
                if r["c"].value in out:
                    out[r["c"].value]["id"] = r["id"].value
        self._learn_agent_names(set(claimants.values()))
        for iri, agent in claimants.items():
            out[iri]["claimant"] = self._agent_names.get(agent)
        return out

    def _learn_agent_names(self, agents: set[str]) -> None:
        missing = sorted(a for a in agents if a not in self._agent_names)
        for part in _chunks([f"<{a}>" for a in missing]):
            names: dict[str, str] = {}
            for r in rows(
                self.store.query(
                    PREFIX_HEADER
                    + "SELECT ?a ?name WHERE { "
                    + values_block("a", part)
                    + f" GRAPH <{ASSERTED_GRAPH}> {{ ?a schema:name ?name }} }}"
                )
            ):
                name = r["name"].value
                names[r["a"].value] = min(name, names.get(r["a"].value, name))
            for term in part:
                self._agent_names[term[1:-1]] = names.get(term[1:-1])


def _chunks(items: list[str], size: int = 2000) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _names(store: Store, iris: set[str]) -> dict[str, str]:
    """Display names as :class:`Labels` finds them (the least label, else the least
    identifier), with two required-pattern queries per chunk instead of OPTIONALs."""
    labels: dict[str, str] = {}
    idents: dict[str, str] = {}
    for part in _chunks(sorted(f"<{i}>" for i in iris)):
        block = values_block("x", part)
        for target, predicate in ((labels, "rdfs:label"), (idents, "schema:identifier")):
            result = store.query(
                PREFIX_HEADER + f"SELECT ?x ?v WHERE {{ {block} ?x {predicate} ?v }}"
            )
            for r in rows(result):
                value = r["v"].value
                target[r["x"].value] = min(value, target.get(r["x"].value, value))
    return {**idents, **labels}


def _predicate_ids(store: Store, iris: set[str]) -> dict[str, str]:
    if not iris:
        return {}
    result = store.query(
        PREFIX_HEADER
        + "SELECT ?p ?id WHERE { "
        + values_block("p", [f"<{i}>" for i in sorted(iris)])
        + " ?p schema:identifier ?id }"
    )
    return {r["p"].value: r["id"].value for r in rows(result)}
