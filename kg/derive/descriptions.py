"""One description per thing: agents, entities and sources must not get a second name.

Sheets that share a ``base`` and declare the same id mean the same thing
(docs/sheet-format.md), so a later sheet may repeat an agent, add aliases or links. What it
may not do is give the same IRI another name, type or title: the store would then hold two
``schema:name`` values for one agent, which its own SHACL shapes forbid and every listing
would have to guess between.
"""

from __future__ import annotations

from collections.abc import Iterator

from kg.errors import Problem, StoreConflict
from kg.model import AgentType, ClaimSet
from kg.store.base import Store, select_in
from kg.vocab import AGENT_TYPE_WORDS, ASSERTED_GRAPH

__all__ = ["check_descriptions", "merge_problems"]


def _single_values(claims: ClaimSet) -> Iterator[tuple[str, str, str, str]]:
    """(IRI, what, predicate CURIE, value) for every single-valued field of the input."""
    for agent in claims.agents.values():
        yield agent.iri, f"agent {agent.id!r}", "schema:name", agent.name
    for entity in claims.entities.values():
        yield entity.iri, f"entity {entity.id!r}", "schema:name", entity.name
    for source in claims.sources.values():
        yield source.iri, f"source {source.id!r}", "schema:headline", source.title


def check_descriptions(store: Store, claims: ClaimSet) -> None:
    """Raise :class:`StoreConflict` if the input renames something the store already names."""
    wanted = {
        (iri, predicate): (what, value) for iri, what, predicate, value in _single_values(claims)
    }
    if not wanted:
        return
    conflicts = []
    by_predicate: dict[str, list[str]] = {}
    for iri, predicate in wanted:
        by_predicate.setdefault(predicate, []).append(f"<{iri}>")
    for predicate, iris in by_predicate.items():
        query = (
            f"SELECT ?x ?v WHERE {{ {{values}} GRAPH <{ASSERTED_GRAPH}> {{ ?x {predicate} ?v }} }}"
        )
        for row in select_in(store, "x", iris, query):
            what, value = wanted[(row["x"].value, predicate)]
            if row["v"].value != value:
                field = predicate.split(":")[1]
                conflicts.append(
                    f"{what} ({row['x'].value}) already has the {field} {row['v'].value!r} "
                    f"in the store, not {value!r}"
                )
    conflicts.extend(_type_conflicts(store, claims))
    if conflicts:
        more = f" (and {len(conflicts) - 5} more)" if len(conflicts) > 5 else ""
        raise StoreConflict("; ".join(conflicts[:5]) + more)


def _type_conflicts(store: Store, claims: ClaimSet) -> list[str]:
    typed = {a.iri: a for a in claims.agents.values() if a.type is not AgentType.AGENT}
    if not typed:
        return []
    kinds = {iri: AgentType(word) for iri, word in AGENT_TYPE_WORDS.items()}
    out = []
    query = f"SELECT ?x ?t WHERE {{ {{values}} GRAPH <{ASSERTED_GRAPH}> {{ ?x a ?t }} }}"
    for row in select_in(store, "x", (f"<{i}>" for i in typed), query):
        stored = kinds.get(row["t"].value)
        agent = typed[row["x"].value]
        if stored is not None and stored is not agent.type:
            out.append(
                f"agent {agent.id!r} ({agent.iri}) is a {stored.value} in the store, "
                f"not a {agent.type.value}"
            )
    return out


def merge_problems(merged: ClaimSet, incoming: ClaimSet, file: str) -> list[Problem]:
    """Problems with merging ``incoming`` (from ``file``) into the inputs read so far."""
    problems = []
    current = {(iri, p): v for iri, _, p, v in _single_values(merged)}
    for iri, what, predicate, value in _single_values(incoming):
        before = current.get((iri, predicate))
        if before is not None and before != value:
            field = predicate.split(":")[1]
            problems.append(
                Problem(
                    f"{what} is declared with another {field} ({before!r}) in an earlier file",
                    file=file,
                    where=what,
                )
            )
    return problems
