"""What ``kg claims`` shows: one row per claim, with what contradicts and corroborates it.

Each function returns data, not text; :mod:`kg.cli` renders it as a table, JSON or CSV.
User-typed filters (an agent's id or name) are bound as RDF terms, never pasted into a
query.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyoxigraph as ox

from kg.errors import InputError
from kg.rdf.terms import is_valid_iri
from kg.report.labels import node_text, tail
from kg.rules.reasons import Labels, format_amount, format_during
from kg.store.base import PREFIX_HEADER, Store, rows, select_in, values_block
from kg.store.records import read_amounts, read_durings, read_labels, read_responses
from kg.vocab import ASSERTED_GRAPH, DERIVED_GRAPH, STANCE_TERMS, STANCE_WORDS

__all__ = ["list_claims", "one_voice", "resolve_node"]


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
    about_filter = ""
    if about:
        # FILTER … IN, not VALUES inside a UNION: some engines (Virtuoso) answer that
        # shape with no rows.
        about_nodes = ", ".join(f"<{i}>" for i in resolve_node(store, about))
        about_filter = f" FILTER(?s IN ({about_nodes}) || ?o IN ({about_nodes}))"
    shared = (
        " OPTIONAL { ?c schema:identifier ?id } OPTIONAL { ?c cg:saidOn ?said } "
        "OPTIONAL { ?c cg:quote ?quote } OPTIONAL { ?c cg:medium ?medium } "
        "OPTIONAL { ?c cg:onBehalfOf ?for } OPTIONAL { ?c cg:hedged ?hedged } } }"
    )
    select = (
        "SELECT ?c ?claimant ?stance ?prop ?s ?p ?o ?source ?id ?said ?quote ?medium ?for ?hedged"
    )
    query = PREFIX_HEADER + (
        f"{select} WHERE {{ GRAPH <{ASSERTED_GRAPH}> {{ "
        "?c cg:claimant ?claimant ; cg:stance ?stance ; cg:proposition ?prop ; cg:source ?source . "
        "?prop rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . "
        + " ".join(filters)
        + about_filter
        + shared
    )
    core = rows(store.query(query))
    if not about:  # claims about claims have no subject or object to be about
        query = PREFIX_HEADER + (
            f"{select} WHERE {{ GRAPH <{ASSERTED_GRAPH}> {{ "
            "?c cg:claimant ?claimant ; cg:stance ?stance ; cg:source ?source ; cg:respondsTo [] "
            "FILTER NOT EXISTS { ?c cg:proposition [] } " + " ".join(filters) + shared
        )
        seen = {r["c"] for r in core}
        for row in rows(store.query(query)):
            if row["c"] not in seen:
                seen.add(row["c"])
                core.append(row)
    if not core:
        return []
    claim_terms = sorted({str(r["c"]) for r in core})
    amounts = read_amounts(store, claim_terms)
    durings = read_durings(store, claim_terms)
    replies = read_responses(store, claim_terms)
    links = _links(store, claim_terms)
    ids = {r["c"].value: (r["id"].value if "id" in r else tail(r["c"].value)) for r in core}
    linked = {t for targets in links.values() for t in targets[1]}
    linked |= {t for targets in replies.values() for t in targets}
    ids.update(_claim_ids(store, linked - set(ids)))
    nodes = {
        v.value
        for r in core
        for k in ("claimant", "s", "p", "o", "source", "for")
        if isinstance(v := r.get(k), ox.NamedNode)
    }
    labels = Labels(read_labels(store, nodes))
    out = []
    # Dated claims in date order, then undated ones; ids break ties.
    for r in sorted(
        core,
        key=lambda r: ("said" not in r, r["said"].value if "said" in r else "", ids[r["c"].value]),
    ):
        iri = r["c"].value
        kinds, _targets = links.get(iri, ({}, set()))
        out.append(
            {
                "id": ids[iri],
                "claimant": labels.name(r["claimant"].value),
                "on_behalf_of": labels.name(r["for"].value) if "for" in r else None,
                "stance": STANCE_WORDS.get(r["stance"].value, r["stance"].value),
                "hedged": "hedged" in r and r["hedged"].value == "true",
                "subject": labels.name(r["s"].value) if "s" in r else None,
                "predicate": labels.name(r["p"].value) if "p" in r else None,
                "object": node_text(r["o"], labels) if "o" in r else None,
                "responds_to": sorted(ids.get(t, tail(t)) for t in replies.get(iri, ())),
                "amount": format_amount(amounts[iri]) if iri in amounts else None,
                "during": format_during(durings[iri]) if iri in durings else None,
                "said_on": r["said"].value if "said" in r else None,
                "source": labels.name(r["source"].value),
                "medium": r["medium"].value if "medium" in r else None,
                "quote": r["quote"].value if "quote" in r else None,
                "quote_lang": r["quote"].language if "quote" in r else None,
                "contradicts": sorted(ids.get(t, tail(t)) for t in kinds.get("contradicts", ())),
                "corroborates": sorted(ids.get(t, tail(t)) for t in kinds.get("corroborates", ())),
                "iri": iri,
            }
        )
    return out


def _links(store: Store, claim_terms: list[str]) -> dict[str, tuple[dict[str, set[str]], set[str]]]:
    """For each claim: which claims it contradicts and corroborates."""
    out: dict[str, tuple[dict[str, set[str]], set[str]]] = {}
    # Two bound predicates in a UNION, not a VALUES ?rel join: Oxigraph answers the UNION
    # from its indexes and scanned for the join (figures: benchmarks/README.md).
    query = (
        f"SELECT ?c ?rel ?t WHERE {{ {{values}} GRAPH <{DERIVED_GRAPH}> {{"
        " { ?c cg:contradicts ?t BIND(cg:contradicts AS ?rel) } UNION"
        " { ?c cg:corroborates ?t BIND(cg:corroborates AS ?rel) } } }"
    )
    for r in select_in(store, "c", claim_terms, query):
        kinds, targets = out.setdefault(r["c"].value, (defaultdict(set), set()))
        kinds[r["rel"].value.rsplit("#", 1)[-1]].add(r["t"].value)
        targets.add(r["t"].value)
    return out


def _claim_ids(store: Store, iris: set[str]) -> dict[str, str]:
    query = "SELECT ?c ?id WHERE { {values} ?c schema:identifier ?id }"
    return {
        r["c"].value: r["id"].value for r in select_in(store, "c", (f"<{i}>" for i in iris), query)
    }
