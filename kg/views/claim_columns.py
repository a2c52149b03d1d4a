"""The claims' fields, read a column at a time: one single-pattern query a field.

Oxigraph answers a single pattern in a few microseconds a solution, and a star of the same
patterns in several times that (4.3 s against about 1.5 s for four fields of 100k claims),
so :mod:`kg.views.records` reads each field on its own and joins them in Python. With a
list of claims, each query runs over VALUES blocks of them instead of the whole store.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from kg.model import Amount, During
from kg.rdf.dates import from_rdf
from kg.store.base import (
    PREFIX_HEADER,
    Store,
    cell_datatype,
    in_chunks,
    string_rows,
    values_block,
)
from kg.store.base import cell_text as _v
from kg.vocab import ASSERTED_GRAPH

__all__ = [
    "column",
    "core_columns",
    "per_claim",
    "read_amounts",
    "read_durings",
    "read_links",
    "read_propositions",
    "tuples",
]


def tuples(store: Store, query: str) -> Iterator[tuple[str, ...]]:
    """Solutions as tuples of cells in SELECT order (``""`` when unbound): the engine's
    TSV, split (:func:`kg.store.base.string_rows`), no term object per value."""
    yield from string_rows(store.query(PREFIX_HEADER + query))


def per_claim(
    store: Store, select: str, pattern: str, claims: list[str] | None
) -> Iterator[tuple[Any, ...]]:
    """Solutions of ``pattern`` (which binds ?c) for every claim, or for ``claims`` in chunks."""
    if claims is None:
        yield from tuples(store, f"SELECT {select} WHERE {{ {pattern} }}")
        return
    for chunk in in_chunks([f"<{c}>" for c in claims]):
        yield from tuples(
            store, f"SELECT {select} WHERE {{ {values_block('c', chunk)} {pattern} }}"
        )


def column(store: Store, predicate: str, claims: list[str] | None) -> dict[str, Any]:
    """``predicate``'s value for each claim that has one: one single-pattern query."""
    pattern = f"GRAPH <{ASSERTED_GRAPH}> {{ ?c {predicate} ?v }}"
    return {c[1:-1]: v for c, v in per_claim(store, "?c ?v", pattern, claims)}


def core_columns(store: Store) -> list[tuple[Any, ...]]:
    """(claim, claimant, stance, proposition, source) cells of every claim with a
    proposition, from one single-pattern scan a column, joined here.

    The same four as one star pattern cost the engine 4.3 s at 100k claims (43 µs a
    claim); four scans cost about 0.4 s each (benchmarks/README.md), a third of it.
    """
    columns = [
        column(store, predicate, None)
        for predicate in ("cg:claimant", "cg:stance", "cg:source", "cg:proposition")
    ]
    claimant, stance, source, prop = columns
    return [
        (f"<{c}>", claimant[c], stance[c], p, source[c])
        for c, p in sorted(prop.items())
        if c in claimant and c in stance and c in source
    ]


def read_propositions(store: Store, props: list[str] | None) -> dict[str, tuple[str, str, str]]:
    pattern = f"GRAPH <{ASSERTED_GRAPH}> {{ ?c rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }}"
    return {c[1:-1]: (s, p, o) for c, s, p, o in per_claim(store, "?c ?s ?p ?o", pattern, props)}


def read_amounts(store: Store, claims: list[str] | None) -> dict[str, Amount]:
    pattern = (
        f"GRAPH <{ASSERTED_GRAPH}> {{ ?c cg:amount ?a . OPTIONAL {{ ?a schema:value ?v }} "
        "OPTIONAL { ?a schema:minValue ?min } OPTIONAL { ?a schema:maxValue ?max } "
        "OPTIONAL { ?a schema:currency ?cur } OPTIONAL { ?a schema:unitText ?unit } }"
    )
    out = {}
    select = "?c ?v ?min ?max ?cur ?unit"
    for c, v, low, high, currency, unit in per_claim(store, select, pattern, claims):
        out[c[1:-1]] = Amount(
            decimal_of(v), decimal_of(low), decimal_of(high), _v(currency), _v(unit)
        )
    return out


def read_durings(store: Store, claims: list[str] | None) -> dict[str, During]:
    pattern = (
        f"GRAPH <{ASSERTED_GRAPH}> {{ ?c cg:during ?d . OPTIONAL {{ ?d cg:from ?from }} "
        "OPTIONAL { ?d cg:to ?to } }"
    )
    out = {}
    for c, start, end in per_claim(store, "?c ?from ?to", pattern, claims):
        out[c[1:-1]] = During(date_of(start), date_of(end))
    return out


def decimal_of(cell: str) -> Decimal | None:
    value = _v(cell)
    return Decimal(value) if value is not None else None


def date_of(cell: str) -> Any:
    value = _v(cell)
    return from_rdf(value, cell_datatype(cell) or "") if value is not None else None


def read_links(store: Store, predicate: str, claims: list[str] | None) -> dict[str, set[str]]:
    """Every value of ``predicate`` (reporters, answered claims) of each claim."""
    pattern = f"GRAPH <{ASSERTED_GRAPH}> {{ ?c {predicate} ?r }}"
    out: dict[str, set[str]] = {}
    for c, reporter in per_claim(store, "?c ?r", pattern, claims):
        out.setdefault(c[1:-1], set()).add(_v(reporter) or "")
    return out
