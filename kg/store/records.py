"""Claims read back from a store as the rules see them, and the names behind IRIs.

Derivation (:mod:`kg.derive`), listings (:mod:`kg.report`) and views all read claims the same
way, through these functions: a required core pattern first, then amounts, periods and
replies for the claims found, a chunk of claims at a time (:func:`~kg.store.base.select_in`).
An OPTIONAL after a VALUES block is evaluated over the whole store by Oxigraph, so each
optional part is its own query over the claims already found.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from kg.model import Amount, During
from kg.rdf.dates import from_rdf
from kg.rules.contradictions import ClaimFacts
from kg.store.base import (
    PREFIX_HEADER,
    Store,
    cell_datatype,
    cell_term,
    cell_value,
    in_chunks,
    rows,
    select_cells_in,
    select_in,
    string_rows,
)
from kg.vocab import ASSERTED_GRAPH, CG, DERIVED_GRAPH, STANCE_WORDS

__all__ = [
    "count_unstored",
    "functional_predicates",
    "propositions_about",
    "read_amounts",
    "read_claims",
    "read_durings",
    "read_labels",
    "read_responses",
    "record_of",
    "store_has_claims",
    "stored_statuses",
]


def record_of(
    claim_iri: str,
    claimant: str,
    stance: str,
    prop_iri: str | None,
    subject: str | None,
    predicate: str | None,
    obj: str | None,
    amount: Amount | None,
    during: During | None,
    responds_to: tuple[str, ...],
    functional: bool,
) -> ClaimFacts:
    """Build a :class:`ClaimFacts`; ``stance`` is its word (``asserts``…), ``obj`` the
    object's N-Triples form; the proposition's parts are None for a claim about claims."""
    return ClaimFacts(
        iri=claim_iri,
        stance=stance,
        proposition=prop_iri,
        subject=subject,
        predicate=predicate,
        object=obj,
        claimant=claimant,
        amount=amount,
        during=during,
        responds_to=responds_to,
        functional=functional,
    )


def functional_predicates(store: Store) -> set[str]:
    result = store.query(PREFIX_HEADER + "SELECT ?p WHERE { ?p a cg:FunctionalPredicate }")
    return {row["p"].value for row in rows(result)}


_CLAIM_CORE = """
  ?c cg:proposition ?prop ; cg:stance ?stance ; cg:claimant ?claimant .
  ?prop rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
"""


_ABOUT_CLAIMS = """
  ?c cg:respondsTo [] ; cg:stance ?stance ; cg:claimant ?claimant .
  FILTER NOT EXISTS { ?c cg:proposition [] }
"""


def read_claims(
    store: Store, where: str, functional: set[str], *, about_claims: bool = False
) -> dict[str, ClaimFacts]:
    """Claims matching ``where`` (a pattern binding ?c / ?prop / ?s / ?p), with amounts etc.

    With ``about_claims`` (for a ``where`` that binds ?c only, or is empty), claims about
    claims (no proposition) that match are read too. An empty ``where`` reads every claim,
    and their amounts, periods and replies with one whole-store query each.
    """
    query = (
        PREFIX_HEADER
        + "SELECT ?c ?claimant ?stance ?prop ?s ?p ?o WHERE { GRAPH <"
        + ASSERTED_GRAPH
        + "> { "
        + where
        + _CLAIM_CORE
        + "} }"
    )
    core = string_rows(store.query(query))
    if about_claims:
        query = (
            PREFIX_HEADER
            + "SELECT DISTINCT ?c ?claimant ?stance WHERE { GRAPH <"
            + ASSERTED_GRAPH
            + "> { "
            + where
            + _ABOUT_CLAIMS
            + "} }"
        )
        core += [(*row, "", "", "", "") for row in string_rows(store.query(query))]
    if not core:
        return {}
    claim_terms = [row[0] for row in core]
    scan = not where.strip()
    amounts = read_amounts(store, claim_terms, scan=scan)
    durings = read_durings(store, claim_terms, scan=scan)
    responses = read_responses(store, claim_terms, scan=scan)
    out = {}
    for c, claimant, stance, prop, subject, predicate, obj in core:
        iri = c[1:-1]
        p = cell_value(predicate)
        out[iri] = record_of(
            iri,
            _iri(claimant),
            STANCE_WORDS[_iri(stance)],
            cell_value(prop),
            cell_value(subject),
            p,
            cell_term(obj),
            amounts.get(iri),
            durings.get(iri),
            tuple(sorted(responses.get(iri, ()))),
            p in functional,
        )
    return out


def _iri(cell: str) -> str:
    """A bound cell's value (an IRI's, without its brackets)."""
    return cell[1:-1] if cell[:1] == "<" else cell_value(cell) or ""


def read_all_claims(store: Store) -> dict[str, ClaimFacts]:
    """Every claim in the store, for a full rebuild."""
    return read_claims(store, "", functional_predicates(store), about_claims=True)


def read_amounts(
    store: Store, claim_terms: Iterable[str], *, scan: bool = False
) -> dict[str, Amount]:
    """The amount of each of these claims (N-Triples terms) that has one.

    ``scan``: ``claim_terms`` are most of the store's claims; read every amount in one
    query (:func:`~kg.store.base.select_cells_in`)."""
    query = (
        "SELECT ?c ?v ?min ?max ?cur ?unit WHERE { GRAPH <"
        + ASSERTED_GRAPH
        + "> { {values} ?c cg:amount ?a ."
        + " OPTIONAL { ?a schema:value ?v } OPTIONAL { ?a schema:minValue ?min }"
        + " OPTIONAL { ?a schema:maxValue ?max } OPTIONAL { ?a schema:currency ?cur }"
        + " OPTIONAL { ?a schema:unitText ?unit } } }"
    )
    return {
        c[1:-1]: Amount(
            _decimal(value), _decimal(low), _decimal(high), cell_value(cur), cell_value(unit)
        )
        for c, value, low, high, cur, unit in select_cells_in(
            store, "c", claim_terms, query, scan=scan
        )
    }


def _decimal(cell: str) -> Decimal | None:
    value = cell_value(cell)
    return Decimal(value) if value is not None else None


def read_durings(
    store: Store, claim_terms: Iterable[str], *, scan: bool = False
) -> dict[str, During]:
    """The period (``cg:during``) of each of these claims that has one (``scan``: as
    :func:`read_amounts`)."""
    query = (
        "SELECT ?c ?from ?to WHERE { GRAPH <"
        + ASSERTED_GRAPH
        + "> { {values} ?c cg:during ?d . OPTIONAL { ?d cg:from ?from } "
        + "OPTIONAL { ?d cg:to ?to } } }"
    )
    out: dict[str, During] = {}
    for c, start, end in select_cells_in(store, "c", claim_terms, query, scan=scan):
        out[c[1:-1]] = During(_date(start), _date(end))
    return out


def _date(cell: str) -> Any:
    value = cell_value(cell)
    if value is None:
        return None
    return from_rdf(value, cell_datatype(cell) or "")


def read_responses(
    store: Store, claim_terms: Iterable[str], *, scan: bool = False
) -> dict[str, set[str]]:
    """The claims each of these claims answers (``cg:respondsTo``; ``scan``: as
    :func:`read_amounts`)."""
    query = "SELECT ?c ?t WHERE { {values} GRAPH <" + ASSERTED_GRAPH + "> { ?c cg:respondsTo ?t } }"
    out: dict[str, set[str]] = {}
    for c, target in select_cells_in(store, "c", claim_terms, query, scan=scan):
        out.setdefault(c[1:-1], set()).add(_iri(target))
    return out


def read_labels(store: Store, iris: Iterable[str]) -> dict[str, str]:
    """A display name for each IRI that has one: its ``rdfs:label``, else its identifier."""
    query = (
        "SELECT ?x (MIN(?l) AS ?label) (MIN(?id) AS ?ident) WHERE { {values}"
        " OPTIONAL { ?x rdfs:label ?l } OPTIONAL { ?x schema:identifier ?id } } GROUP BY ?x"
    )
    out: dict[str, str] = {}
    for r in select_in(store, "x", (f"<{i}>" for i in iris), query):
        found = r.get("label") or r.get("ident")
        if found is not None:
            out[r["x"].value] = found.value
    return out


def count_unstored(store: Store, contradictions: list[str]) -> int:
    """How many of these contradiction IRIs the derived graph does not hold yet."""
    query = (
        "SELECT (COUNT(*) AS ?n) WHERE { {values}"
        f" GRAPH <{DERIVED_GRAPH}> {{ ?x a cg:Contradiction }} }}"
    )
    terms = (f"<{c}>" for c in contradictions)
    stored = sum(int(r["n"].value) for r in select_in(store, "x", terms, query))
    return len(contradictions) - stored


def store_has_claims(store: Store) -> bool:
    result = store.query(PREFIX_HEADER + "ASK { GRAPH <" + ASSERTED_GRAPH + "> { ?c a cg:Claim } }")
    return bool(result)


def stored_statuses(store: Store, props: Iterable[str]) -> dict[str, str]:
    """The ``cg:status`` the derived graph holds for each of ``props`` (Contested wins)."""
    query = (
        "SELECT ?prop ?st WHERE { {values} GRAPH <" + DERIVED_GRAPH + "> { ?prop cg:status ?st } }"
    )
    stored: dict[str, str] = {}
    for r in select_in(store, "prop", (f"<{p}>" for p in props), query):
        # Contested wins if both are somehow present.
        if stored.get(r["prop"].value) != CG.Contested:
            stored[r["prop"].value] = r["st"].value
    return stored


def propositions_about(store: Store, nodes: Iterable[str]) -> list[str]:
    """The propositions that have one of ``nodes`` (IRIs) as subject or object, as
    N-Triples IRIs, sorted.

    Read from the nodes, one pattern per node and role in a UNION, so the engine starts
    from them: a FILTER on the statement's subject and object, joined with the claims, read
    every claim (42 s at a million claims for an entity of a dozen claims; benchmarks/
    README.md, "Small writes at a million claims"). The IRIs are written into the patterns,
    not bound by a VALUES block inside the UNION, which some engines (Virtuoso) answer with
    no rows.
    """
    found: set[str] = set()
    for part in in_chunks(sorted(set(nodes)), _ABOUT_CHUNK):
        branches = " UNION ".join(
            f"{{ ?prop rdf:{role} <{node}> }}" for node in part for role in ("subject", "object")
        )
        query = f"SELECT DISTINCT ?prop WHERE {{ GRAPH <{ASSERTED_GRAPH}> {{ {branches} }} }}"
        found.update(cells[0] for cells in string_rows(store.query(PREFIX_HEADER + query)))
    return sorted(found)


#: Nodes per query in :func:`propositions_about` (two UNION branches each).
_ABOUT_CHUNK = 200
