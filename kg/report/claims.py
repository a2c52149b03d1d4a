"""What ``kg claims`` shows: one row per claim, with what contradicts and corroborates it.

Each function returns data, not text; :mod:`kg.cli` renders it as a table, JSON or CSV.
User-typed filters (an agent's id or name) are bound as RDF terms, never pasted into a
query.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import product
from typing import Any

import pyoxigraph as ox

from kg.errors import InputError
from kg.rdf.terms import is_valid_iri
from kg.report.labels import tail
from kg.rules.reasons import Labels, format_amount, format_during
from kg.store.base import (
    PREFIX_HEADER,
    Store,
    cell_language,
    cell_value,
    in_chunks,
    rows,
    select_cells_in,
    select_in,
    string_rows,
    values_block,
)
from kg.store.records import (
    propositions_about,
    read_amounts,
    read_durings,
    read_labels,
    read_responses,
)
from kg.vocab import ASSERTED_GRAPH, DERIVED_GRAPH, STANCE_TERMS, STANCE_WORDS

__all__ = ["list_claims", "one_voice", "resolve_named", "resolve_node"]


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


def _needle_term(needle: str) -> tuple[str, ox.NamedNode | ox.Literal]:
    """``<iri>`` or an absolute IRI → the IRI; anything else → the id as a literal."""
    bare = needle[1:-1] if needle.startswith("<") and needle.endswith(">") else needle
    if is_valid_iri(bare) and ":" in bare:
        return "iri", ox.NamedNode(bare)
    return "id", ox.Literal(needle)


def resolve_named(store: Store, needle: str, cls: str) -> list[str]:
    """IRIs of things of class ``cls`` (``cg:Claim``, ``schema:CreativeWork``…) in the
    asserted graph whose IRI (``<…>`` or bare) or id is ``needle``; exact, unlike
    :func:`resolve_node`'s names."""
    how, term = _needle_term(needle)
    if how == "iri":
        query = f"SELECT ?x WHERE {{ GRAPH <{ASSERTED_GRAPH}> {{ ?x a {cls} }} }}"
        found = rows(store.query(PREFIX_HEADER + query, {"x": term}))
        return [term.value] if found else []
    query = (
        f"SELECT DISTINCT ?x ?needle WHERE {{ GRAPH <{ASSERTED_GRAPH}> "
        f"{{ ?x a {cls} ; schema:identifier ?needle }} }}"
    )
    return sorted(r["x"].value for r in rows(store.query(PREFIX_HEADER + query, {"needle": term})))


def one_voice(store: Store, agents: list[str]) -> list[str]:
    """``agents`` and every agent that names one of their ``same_as`` IRIs (or is one):
    the agents kg counts as one speaker."""
    query = (
        "SELECT DISTINCT ?x WHERE { {values} { ?a owl:sameAs ?same . ?x owl:sameAs ?same }"
        " UNION { ?a owl:sameAs ?x } UNION { ?x owl:sameAs ?a } }"
    )
    found = {r["x"].value for r in select_in(store, "a", (f"<{a}>" for a in agents), query)}
    return sorted(found | set(agents))


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
        # One voice: a spokesperson's claims are also their company's, and agents that
        # name the same same_as IRI are one speaker.
        speakers = one_voice(store, resolve_node(store, by, agents_only=True))
        filters.append(
            values_block("who", [f"<{i}>" for i in speakers])
            + " { ?c cg:claimant ?who } UNION { ?c cg:onBehalfOf ?who }"
        )
    if stance:
        if stance not in STANCE_TERMS:
            raise InputError(f"unknown stance {stance!r} (expected asserts, denies or declines)")
        filters.append(f"VALUES ?stance {{ {STANCE_TERMS[stance].nt} }}")
    about_props = None if not about else propositions_about(store, resolve_node(store, about))
    scan = not filters and about_props is None  # every claim: whole-store reads
    core = _core_rows(store, " ".join(filters), about_props, scan)
    if not about:  # claims about claims have no subject or object to be about
        # cg:respondsTo first: Oxigraph then starts from the few replies (0.07 s at 100k
        # claims), not from every claim's star (1.27 s; benchmarks/README.md).
        query = PREFIX_HEADER + (
            f"{_SELECT} WHERE {{ GRAPH <{ASSERTED_GRAPH}> {{ "
            "?c cg:respondsTo [] ; cg:claimant ?claimant ; cg:stance ?stance ; cg:source ?source "
            "FILTER NOT EXISTS { ?c cg:proposition [] } " + " ".join(filters) + _OPTIONALS
        )
        seen = {r[0] for r in core}
        for row in string_rows(store.query(query)):
            if row[0] not in seen:
                seen.add(row[0])
                core.append(row)
    if not core:
        return []
    claim_terms = sorted({r[0] for r in core})
    amounts = read_amounts(store, claim_terms, scan=scan)
    durings = read_durings(store, claim_terms, scan=scan)
    replies = read_responses(store, claim_terms, scan=scan)
    links = _links(store, claim_terms, scan=scan)
    ids = {r[0][1:-1]: (cell_value(r[8]) or tail(r[0][1:-1])) for r in core}
    linked = {t for targets in links.values() for t in targets[1]}
    linked |= {t for targets in replies.values() for t in targets}
    ids.update(_claim_ids(store, linked - set(ids)))
    nodes = {
        v[1:-1]
        for r in core
        for v in (r[1], r[4], r[5], r[6], r[7], r[12])  # claimant, s, p, o, source, for
        if v[:1] == "<"
    }
    labels = Labels(read_labels(store, nodes))
    out = []
    # Dated claims in date order, then undated ones; ids break ties.
    for r in sorted(core, key=lambda r: (not r[9], cell_value(r[9]) or "", ids[r[0][1:-1]])):
        (
            c,
            claimant,
            stance,
            _prop,
            s,
            p,
            o,
            source,
            _id,
            said,
            quote,
            medium,
            speaks_for,
            hedged,
        ) = r
        iri = c[1:-1]
        kinds, _targets = links.get(iri, ({}, set()))
        stance_iri = cell_value(stance) or ""
        out.append(
            {
                "id": ids[iri],
                "claimant": labels.name(_value(claimant)),
                "on_behalf_of": labels.name(_value(speaks_for)) if speaks_for else None,
                "stance": STANCE_WORDS.get(stance_iri, stance_iri),
                # xsd:boolean's other spelling too: Virtuoso gives back "1".
                "hedged": cell_value(hedged) in ("true", "1"),
                "subject": labels.name(_value(s)) if s else None,
                "predicate": labels.name(_value(p)) if p else None,
                "object": (labels.name(o[1:-1]) if o[:1] == "<" else _value(o)) if o else None,
                "responds_to": sorted(ids.get(t, tail(t)) for t in replies.get(iri, ())),
                "amount": format_amount(amounts[iri]) if iri in amounts else None,
                "during": format_during(durings[iri]) if iri in durings else None,
                "said_on": cell_value(said),
                "source": labels.name(_value(source)),
                "medium": cell_value(medium),
                "quote": cell_value(quote),
                "quote_lang": cell_language(quote) if quote else None,
                "contradicts": sorted(ids.get(t, tail(t)) for t in kinds.get("contradicts", ())),
                "corroborates": sorted(ids.get(t, tail(t)) for t in kinds.get("corroborates", ())),
                "iri": iri,
            }
        )
    return out


#: The columns of a claim row, in this order (cells of :func:`kg.store.base.string_rows`).
_SELECT = "SELECT ?c ?claimant ?stance ?prop ?s ?p ?o ?source ?id ?said ?quote ?medium ?for ?hedged"
#: The optional fields, read with the core when it is filtered …
_OPTIONALS = (
    " OPTIONAL { ?c schema:identifier ?id } OPTIONAL { ?c cg:saidOn ?said } "
    "OPTIONAL { ?c cg:quote ?quote } OPTIONAL { ?c cg:medium ?medium } "
    "OPTIONAL { ?c cg:onBehalfOf ?for } OPTIONAL { ?c cg:hedged ?hedged } } }"
)
#: … and one whole-store query each when every claim is listed.
_COLUMNS = (
    "schema:identifier",
    "cg:saidOn",
    "cg:quote",
    "cg:medium",
    "cg:onBehalfOf",
    "cg:hedged",
)
_CORE = (
    "?c cg:claimant ?claimant ; cg:stance ?stance ; cg:proposition ?prop ; cg:source ?source . "
    "?prop rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . "
)


def _core_rows(
    store: Store, filters: str, about_props: list[str] | None, scan: bool
) -> list[tuple[str, ...]]:
    """The claims with a proposition, one row per solution of the listing's query.

    Filtered, that is one query with the optional fields as OPTIONALs (a query per chunk
    of ``about_props``, the propositions the listing is restricted to). Unfiltered (every
    claim), the required star is one query and each optional field one single-pattern
    query, joined here: the same rows (a claim with two values of a field gives a row per
    combination, as the OPTIONALs did), without the engine evaluating six OPTIONALs per
    claim (benchmarks/README.md).
    """
    if not scan:
        chunks = (
            [""]
            if about_props is None
            else [values_block("prop", part) for part in in_chunks(about_props)]
        )
        return [
            row
            for chunk in chunks
            for row in string_rows(
                store.query(
                    PREFIX_HEADER
                    # The VALUES block inside the GRAPH block (kg.store.base.values_block)
                    + f"{_SELECT} WHERE {{ GRAPH <{ASSERTED_GRAPH}> {{ {chunk} "
                    + _CORE
                    + filters
                    + _OPTIONALS
                )
            )
        ]
    required = string_rows(
        store.query(
            PREFIX_HEADER + "SELECT ?c ?claimant ?stance ?prop ?s ?p ?o ?source "
            f"WHERE {{ GRAPH <{ASSERTED_GRAPH}> {{ {_CORE}}} }}"
        )
    )
    columns: list[dict[str, list[str]]] = []
    for predicate in _COLUMNS:
        values: dict[str, list[str]] = {}
        query = f"SELECT ?c ?v WHERE {{ GRAPH <{ASSERTED_GRAPH}> {{ ?c {predicate} ?v }} }}"
        for c, v in string_rows(store.query(PREFIX_HEADER + query)):
            values.setdefault(c, []).append(v)
        columns.append(values)
    none = [""]
    out: list[tuple[str, ...]] = []
    for row in required:
        c = row[0]
        found = [column.get(c, none) for column in columns]
        if all(len(values) == 1 for values in found):
            out.append((*row, *(values[0] for values in found)))
        else:
            out.extend((*row, *combination) for combination in product(*found))
    return out


def _value(cell: str) -> str:
    """A bound cell's value (an IRI without brackets; a blank node's id without ``_:``)."""
    if cell[:1] == "<":
        return cell[1:-1]
    value = cell_value(cell) or ""
    return value[2:] if value.startswith("_:") else value


def _links(
    store: Store, claim_terms: list[str], *, scan: bool = False
) -> dict[str, tuple[dict[str, set[str]], set[str]]]:
    """For each claim: which claims it contradicts and corroborates (``scan``: all claims,
    one whole-store query)."""
    out: dict[str, tuple[dict[str, set[str]], set[str]]] = {}
    # Two bound predicates in a UNION, not a VALUES ?rel join: Oxigraph answers the UNION
    # from its indexes and scanned for the join (figures: benchmarks/README.md).
    query = (
        f"SELECT ?c ?rel ?t WHERE {{ {{values}} GRAPH <{DERIVED_GRAPH}> {{"
        " { ?c cg:contradicts ?t BIND(cg:contradicts AS ?rel) } UNION"
        " { ?c cg:corroborates ?t BIND(cg:corroborates AS ?rel) } } }"
    )
    for c, rel, t in select_cells_in(store, "c", claim_terms, query, scan=scan):
        kinds, targets = out.setdefault(c[1:-1], (defaultdict(set), set()))
        target = _value(t)
        kinds[_value(rel).rsplit("#", 1)[-1]].add(target)
        targets.add(target)
    return out


def _claim_ids(store: Store, iris: set[str]) -> dict[str, str]:
    query = "SELECT ?c ?id WHERE { {values} ?c schema:identifier ?id }"
    return {
        r["c"].value: r["id"].value for r in select_in(store, "c", (f"<{i}>" for i in iris), query)
    }
