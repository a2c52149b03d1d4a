"""Names for what the listings show: identifiers of claims, predicates and other nodes."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from kg.rules.reasons import Labels
from kg.store.base import PREFIX_HEADER, Store, in_chunks, rows, values_block

__all__ = ["identifiers", "node_text", "predicate_ids", "tail"]


def tail(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def node_text(term: Any, labels: Labels) -> str:
    if isinstance(term, ox.NamedNode):
        return labels.name(term.value)
    return str(term.value)


def identifiers(store: Store, iris: set[str]) -> dict[str, str]:
    """The least ``schema:identifier`` of each IRI that has one."""
    found: dict[str, str] = {}
    for part in in_chunks(sorted(f"<{i}>" for i in iris)):
        block = values_block("x", part)
        result = store.query(
            PREFIX_HEADER + f"SELECT ?x ?v WHERE {{ {block} ?x schema:identifier ?v }}"
        )
        for r in rows(result):
            value = r["v"].value
            found[r["x"].value] = min(value, found.get(r["x"].value, value))
    return found


def predicate_ids(store: Store, iris: set[str]) -> dict[str, str]:
    if not iris:
        return {}
    result = store.query(
        PREFIX_HEADER
        + "SELECT ?p ?id WHERE { "
        + values_block("p", [f"<{i}>" for i in sorted(iris)])
        + " ?p schema:identifier ?id }"
    )
    return {r["p"].value: r["id"].value for r in rows(result)}
