"""What ``kg info`` shows: which store this is, and what it holds, as one plain dict.

>>> from kg.demo import example_store
>>> with example_store() as store:
...     info = store_info(store)
>>> info["kind"], info["claims"] > 0, sorted(info["contradictions"])[:2]
('memory', True, ['incompatible-value', 'opposite-stance'])
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from kg.report.claim_table import read_claim_table
from kg.report.kept import kept_listing
from kg.report.quote_languages import counts_kept
from kg.store import backend_name
from kg.store.base import PREFIX_HEADER, Store, rows
from kg.vocab import ASSERTED_GRAPH, DERIVED_GRAPH, KIND_TERMS, KIND_WORDS

__all__ = ["STORE_KINDS", "store_info"]

#: backend → what a person calls it
STORE_KINDS = {
    "disk": ("embedded", "Oxigraph on disk, no server"),
    "memory": ("memory", "Oxigraph in this process, gone when it ends"),
    "remote": ("remote", "a SPARQL 1.1 endpoint"),
}

#: what is counted → the pattern whose distinct ?x are counted, and in which graph
_COUNTS = {
    "claims": (ASSERTED_GRAPH, "?x a cg:Claim"),
    "agents": (ASSERTED_GRAPH, "?x a prov:Agent"),
    "sources": (ASSERTED_GRAPH, "?x a schema:CreativeWork"),
    "entities": (ASSERTED_GRAPH, "?x a cg:Entity"),
    "propositions": (ASSERTED_GRAPH, "?x a cg:Proposition"),
    "contested_propositions": (DERIVED_GRAPH, "?x cg:status cg:Contested"),
}


def _without_password(url: str) -> str:
    """A URL as it may be shown: credentials in it are replaced by ``***``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


def _count(store: Store, graph: str, pattern: str) -> int:
    query = f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH <{graph}> {{ {pattern} }} }}"
    return int(rows(store.query(PREFIX_HEADER + query))[0]["n"].value)


def store_info(store: Store) -> dict[str, Any]:
    """Where ``store`` is, what kind it is, and how many claims, agents, sources,
    propositions (and contested ones), contradictions per kind, corroborating pairs and
    triples (asserted, derived) it holds, and whether the rows kg contested prints are kept."""
    backend = backend_name(store.location)
    kind, description = STORE_KINDS[backend]
    info: dict[str, Any] = {
        "location": _without_password(store.location),
        "kind": kind,
        "description": description,
    }
    if backend == "disk":
        info["path"] = os.path.abspath(os.path.expanduser(store.location))
    update_url = getattr(store, "update_url", None)
    if backend == "remote" and update_url and update_url != store.location:
        info["update_url"] = _without_password(update_url)
    for name, (graph, pattern) in _COUNTS.items():
        info[name] = _count(store, graph, pattern)
    by_kind = {word: 0 for word in KIND_TERMS}
    query = (
        "SELECT ?k (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH <"
        + DERIVED_GRAPH
        + "> { ?x a cg:Contradiction ; cg:kind ?k } } GROUP BY ?k"
    )
    for row in rows(store.query(PREFIX_HEADER + query)):
        word = KIND_WORDS.get(row["k"].value, row["k"].value)
        by_kind[word] = int(row["n"].value)
    info["contradictions"] = {
        "total": _count(store, DERIVED_GRAPH, "?x a cg:Contradiction"),
        **by_kind,
    }
    # cg:corroborates is stated both ways: each pair is two triples. Counted as triples,
    # not as the distinct ?x of a STR(?x) < STR(?y) filter, which counted claims instead of
    # pairs and cost 58 s at a million claims (every IRI's text looked up).
    query = (
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ ?x cg:corroborates ?y }} }}"
    )
    info["corroborations"] = int(rows(store.query(PREFIX_HEADER + query))[0]["n"].value) // 2
    asserted, derived = store.count(ASSERTED_GRAPH), store.count(DERIVED_GRAPH)
    info["triples"] = {"total": asserted + derived, "asserted": asserted, "derived": derived}
    # Does kg contested read rows kept for it, or the graphs (docs/vocabulary.md)?
    info["listing_rows_kept"] = kept_listing(store) is not None
    # Do the views read the claim table, or the asserted graph a field at a time?
    info["claim_table_kept"] = read_claim_table(store) is not None
    # Does multilingual-agents read the quote counts kept for it (kg.report.quote_languages)?
    info["quote_counts_kept"] = counts_kept(store)
    return info
