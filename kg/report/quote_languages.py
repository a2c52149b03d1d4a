"""How many quotes each agent has in each language, kept so multilingual-agents costs its answer.

The named query ``multilingual-agents`` groups every quoted claim by claimant and quote
language: at a million claims the engine takes 14 s for it (benchmarks/README.md), however
the text is written, where its answer is a few thousand agents. Every write knows which
agents' quotes it changed (the claimants of the claims it ingests or retracts), so it
counts those agents' quotes again, language by language, and keeps the counts in the
listings graph (:data:`~kg.vocab.LISTINGS_GRAPH`): one ``<agent> cg:quoteLanguages
"[["en", 3], ["fr", 1]]"^^rdf:JSON`` per quoted agent, and ``cg:quotesCounted``, the sum
of them all, on the graph's own IRI.

Recounting the agents a write touched, not adding to their counts, keeps the counts exact
whatever the write did. The sum is the check: where it differs from the quotes the
asserted graph holds (changed by SPARQL Update behind kg's back), :func:`kept_quote_languages`
says None and the named query reads the graphs, until ``kg rebuild`` counts every agent
again. A store that keeps no counts (written by an older kg) gets them all at its next
write.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from kg.rdf.terms import literal_term
from kg.store.base import (
    PREFIX_HEADER,
    Change,
    Store,
    cell_value,
    in_chunks,
    select_in,
    string_rows,
    values_block,
)
from kg.vocab import ASSERTED_GRAPH, CG, LISTINGS_GRAPH, RDF, XSD

__all__ = [
    "answer_text",
    "claimants",
    "counts_kept",
    "kept_quote_languages",
    "quote_languages_change",
]

#: agent IRI → [[language, quotes], …] in language order
Counts = dict[str, list[list[Any]]]


def kept_quote_languages(store: Store) -> Counts | None:
    """The kept counts, or None when the store keeps none or they no longer add up to the
    quotes the asserted graph holds (module docstring)."""
    counted, _ = _total(store)
    if counted is None or counted != _quote_count(store):
        return None
    query = (
        f"SELECT ?agent ?counts WHERE {{ GRAPH <{LISTINGS_GRAPH}> "
        f"{{ ?agent <{CG.quoteLanguages}> ?counts }} }}"
    )
    kept: Counts = {}
    for agent, counts in _values(store.query(query)):
        kept[agent] = json.loads(counts)
    if sum(n for counts in kept.values() for _, n in counts) != counted:
        return None
    return kept


def counts_kept(store: Store) -> bool:
    """Whether the store keeps counts that add up (what ``kg info`` says), without reading
    them: two counts, 0.4 s at a million claims."""
    counted, _ = _total(store)
    return counted is not None and counted == _quote_count(store)


def quote_languages_change(store: Store, agents: Iterable[str] | None, change: Change) -> None:
    """Add to ``change`` the counts of ``agents`` (IRIs) read from ``store`` after a write,
    in place of those kept; every agent's when ``agents`` is None or the store keeps none.

    Kept counts made stale by a write that bypassed kg stay stale, except those of the
    agents a later write touches, until ``kg rebuild``: the total then no longer matches
    the store's quotes, and :func:`kept_quote_languages` says None. Checking that here
    would cost every small write a count of all the quotes (0.4 s at a million claims).
    """
    counted, total_lines = _total(store)
    if agents is not None and counted is not None:
        touched = sorted(set(agents))
        old = _kept_lines(store, touched)
        counts = _recount(store, touched) if touched else {}
        total = counted - sum(map(_line_total, old))
        total += sum(n for per_agent in counts.values() for _, n in per_agent)
        _write(change, old + total_lines, counts, total)
        return
    counts = _recount(store, None)
    total = sum(n for per_agent in counts.values() for _, n in per_agent)
    _write(change, _kept_lines(store, None) + total_lines, counts, total)


def _write(change: Change, old: list[str], counts: Counts, total: int) -> None:
    change.remove(LISTINGS_GRAPH, old)
    lines = [_row_line(agent, per_agent) for agent, per_agent in counts.items()]
    lines.append(f'<{LISTINGS_GRAPH}> <{CG.quotesCounted}> "{total}"^^<{XSD.integer}>')
    change.add(LISTINGS_GRAPH, lines)


def answer_text(kept: Counts) -> str:
    """multilingual-agents as one SELECT over the kept counts: the same columns, rows and
    order as the shipped query's text, the agents' names joined as they are now."""
    values = []
    for agent in sorted(kept):
        counts = kept[agent]
        if len(counts) < 2:
            continue
        languages = literal_term(", ".join(language for language, _ in counts))
        quotes = sum(n for _, n in counts)
        values.append(f"(<{agent}> {languages} {quotes})")
    return (
        PREFIX_HEADER
        + "SELECT ?name ?languages ?quoted_claims ?agent WHERE {\n"
        + "  VALUES (?agent ?languages ?quoted_claims) {\n    "
        + "\n    ".join(values)
        + "\n  }\n  OPTIONAL { ?agent rdfs:label ?name }\n}\nORDER BY ?name\n"
    )


def claimants(store: Store, claims: Iterable[str]) -> set[str]:
    """The claimants of ``claims`` (IRIs): the agents whose counts a retraction changes."""
    query = (
        f"SELECT DISTINCT ?agent WHERE {{ GRAPH <{ASSERTED_GRAPH}> {{ "
        f"{{values}} ?c <{CG.claimant}> ?agent }} }}"
    )
    return {row["agent"].value for row in select_in(store, "c", (f"<{c}>" for c in claims), query)}


def _blocks(var: str, agents: list[str] | None) -> Iterator[str]:
    """The VALUES blocks binding ``?var`` to ``agents``, a chunk each; one empty block (no
    binding: every agent) for None."""
    if agents is None:
        yield ""
        return
    for part in in_chunks(f"<{a}>" for a in agents):
        yield values_block(var, part)


def _recount(store: Store, agents: list[str] | None) -> Counts:
    """Each agent's quotes per language, read from the asserted graph (all agents: None)."""
    counts: Counts = {}
    for values in _blocks("agent", agents):
        query = (
            "SELECT ?agent ?language (COUNT(*) AS ?n) WHERE { "
            f"{{ SELECT ?agent ?language WHERE {{ GRAPH <{ASSERTED_GRAPH}> {{ {values} "
            f"?c <{CG.claimant}> ?agent . ?c <{CG.quote}> ?quote }} "
            "BIND(LANG(?quote) AS ?language) } } } GROUP BY ?agent ?language"
        )
        for agent, language, n in _values(store.query(query)):
            counts.setdefault(agent, []).append([language, int(n)])
    for per_agent in counts.values():
        per_agent.sort()
    return dict(sorted(counts.items()))


def _total(store: Store) -> tuple[int | None, list[str]]:
    """The kept sum (None without one, or not a number) and its triples, as N-Triples to
    delete."""
    query = (
        f"SELECT ?n WHERE {{ GRAPH <{LISTINGS_GRAPH}> "
        f"{{ <{LISTINGS_GRAPH}> <{CG.quotesCounted}> ?n }} }}"
    )
    cells = [n for (n,) in string_rows(store.query(query))]
    # TSV writes an integer bare; N-Triples needs it typed
    terms = [n if n.startswith('"') else f'"{n}"^^<{XSD.integer}>' for n in cells]
    lines = [f"<{LISTINGS_GRAPH}> <{CG.quotesCounted}> {term}" for term in terms]
    try:
        return (int(cell_value(cells[0]) or "") if cells else None), lines
    except ValueError:
        return None, lines


def _quote_count(store: Store) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ASSERTED_GRAPH}> {{ ?c <{CG.quote}> ?q }} }}"
    return int(next(iter(_values(store.query(query))))[0])


def _kept_lines(store: Store, agents: list[str] | None) -> list[str]:
    """The kept count triples of ``agents`` (all: None), as N-Triples to delete."""
    out: list[str] = []
    for values in _blocks("x", agents):
        query = (
            f"SELECT ?x ?row WHERE {{ GRAPH <{LISTINGS_GRAPH}> {{ {values} "
            f"?x <{CG.quoteLanguages}> ?row }} }}"
        )
        out.extend(f"{x} <{CG.quoteLanguages}> {row}" for x, row in string_rows(store.query(query)))
    return out


def _line_total(line: str) -> int:
    """The quotes a kept count triple (N-Triples) adds up to."""
    text = cell_value(line.split(f"<{CG.quoteLanguages}> ", 1)[1])
    return sum(n for _, n in json.loads(text or "[]"))


def _row_line(agent: str, counts: list[list[Any]]) -> str:
    text = json.dumps(counts, ensure_ascii=False, separators=(",", ":"))
    return f"<{agent}> <{CG.quoteLanguages}> {json.dumps(text, ensure_ascii=False)}^^<{RDF.JSON}>"


def _values(solutions: Any) -> list[tuple[str, ...]]:
    """Each solution's values as plain text (IRIs without brackets, literals' lexical
    forms, "" for none)."""
    return [tuple(cell_value(cell) or "" for cell in row) for row in string_rows(solutions)]
