"""``FROM`` / ``FROM NAMED``: choose among the graphs the store holds, never fetch one.

SPARQL lets a query name its dataset (``FROM <g>`` for the default graph, ``FROM NAMED
<g>`` for the graphs ``GRAPH`` can see), and the protocol lets a request do the same
(``default-graph-uri`` / ``named-graph-uri``). Some engines load a dataset IRI they do not
hold from the web. Here a dataset IRI must be one of the store's own graphs
(``…/graph/asserted``, ``…/graph/derived``); any other is refused before the query runs,
so nothing is fetched and a typo is an error rather than an empty answer.

>>> dataset_of("SELECT * FROM <https://w3id.org/claimgraph/graph/asserted> { ?s ?p ?o }")
Dataset(default=('https://w3id.org/claimgraph/graph/asserted',), named=())
>>> check_dataset(Dataset(("http://example.org/elsewhere",), ()))
Traceback (most recent call last):
...
kg.errors.QueryError: FROM <http://example.org/elsewhere> is refused: the store holds no such ...
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kg.errors import QueryError
from kg.sparql.lexer import Kind, Token, position, shape_of, tokenize
from kg.sparql.rewrite import Rewritten
from kg.vocab import ASSERTED_GRAPH, CLAIM_TABLE_GRAPH, DERIVED_GRAPH, LISTINGS_GRAPH, PREFIXES

__all__ = [
    "STORE_GRAPHS",
    "Dataset",
    "check_dataset",
    "dataset_of",
    "query_in_dataset",
    "refuse_foreign_graphs",
    "with_dataset",
]

#: The graphs every claimgraph store holds: what FROM / FROM NAMED may name (the last two
#: hold the rows kg contested keeps and the claim table; kg's remote store names them with
#: FROM NAMED only).
STORE_GRAPHS = (ASSERTED_GRAPH, DERIVED_GRAPH, LISTINGS_GRAPH, CLAIM_TABLE_GRAPH)

_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_PLX_ESCAPE = re.compile(r"\\(.)")


@dataclass(frozen=True)
class Dataset:
    """The graphs a query reads: its default graph (their merge) and its named graphs."""

    default: tuple[str, ...]
    named: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.default or self.named)


@dataclass(frozen=True)
class _Clause:
    named: bool
    iri: str
    #: token indexes of FROM … <iri>
    first: int
    last: int


def _unescape_iri(text: str) -> str:
    return _UCHAR.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def _prologue(tokens: list[Token]) -> tuple[dict[str, str], str | None]:
    """PREFIX declarations (over the predeclared ones) and the last BASE of the prologue."""
    prefixes = dict(PREFIXES)
    base = None
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.is_word("BASE") and index + 1 < len(tokens):
            base = _resolve(_unescape_iri(tokens[index + 1].text[1:-1]), base)
            index += 2
        elif token.is_word("PREFIX") and index + 2 < len(tokens):
            name = tokens[index + 1].text[:-1]
            prefixes[name] = _resolve(_unescape_iri(tokens[index + 2].text[1:-1]), base)
            index += 3
        else:
            break
    return prefixes, base


def _resolve(iri: str, base: str | None) -> str:
    if urllib.parse.urlsplit(iri).scheme or base is None:
        return iri
    return urllib.parse.urljoin(base, iri)


def _clauses(text: str, tokens: list[Token]) -> list[_Clause]:
    prefixes, base = _prologue(tokens)
    found = []
    for index, token in enumerate(tokens):
        if not token.is_word("FROM"):
            continue
        named = index + 1 < len(tokens) and tokens[index + 1].is_word("NAMED")
        at = index + 2 if named else index + 1
        keyword = "FROM NAMED" if named else "FROM"
        line, column = position(text, token.start)
        where = f"line {line}, column {column}: {keyword}"
        if at >= len(tokens):
            raise QueryError(f"{where} needs a graph IRI")
        term = tokens[at]
        if term.kind is Kind.IRI:
            iri = _resolve(_unescape_iri(term.text[1:-1]), base)
        elif term.kind is Kind.PNAME:
            prefix, _, local = term.text.partition(":")
            if prefix not in prefixes:
                raise QueryError(f"{where} {term.text}: the prefix {prefix}: is not declared")
            iri = prefixes[prefix] + _PLX_ESCAPE.sub(r"\1", local)
        else:
            raise QueryError(f"{where} needs a graph IRI, not {term.text!r}")
        if not urllib.parse.urlsplit(iri).scheme:
            raise QueryError(f"{where} <{iri}>: write the graph's full IRI")
        found.append(_Clause(named, iri, index, at))
    return found


def dataset_of(text: str, tokens: list[Token] | None = None) -> Dataset:
    """The dataset a query names with FROM / FROM NAMED (empty when it names none)."""
    clauses = _clauses(text, tokens if tokens is not None else list(tokenize(text)))
    return Dataset(
        tuple(c.iri for c in clauses if not c.named), tuple(c.iri for c in clauses if c.named)
    )


def check_dataset(
    dataset: Dataset,
    held: Sequence[str] = STORE_GRAPHS,
    *,
    keywords: tuple[str, str] = ("FROM", "FROM NAMED"),
) -> None:
    """Refuse a dataset naming a graph the store does not hold (nothing is ever fetched).

    ``keywords`` name the two parts in the message: ``FROM``/``FROM NAMED`` for a query's
    own clauses, ``default-graph-uri``/``named-graph-uri`` for the protocol's parameters.
    """
    for iris, keyword in ((dataset.default, keywords[0]), (dataset.named, keywords[1])):
        for iri in iris:
            if iri not in held:
                raise QueryError(_foreign(keyword, iri, held))


def refuse_foreign_graphs(
    text: str, tokens: list[Token] | None = None, held: Sequence[str] = STORE_GRAPHS
) -> None:
    """Refuse FROM / FROM NAMED clauses naming a graph outside ``held``, with the position."""
    tokens = tokens if tokens is not None else list(tokenize(text))
    for clause in _clauses(text, tokens):
        if clause.iri not in held:
            line, column = position(text, tokens[clause.first].start)
            keyword = "FROM NAMED" if clause.named else "FROM"
            raise QueryError(f"line {line}, column {column}: {_foreign(keyword, clause.iri, held)}")


def _foreign(keyword: str, iri: str, held: Sequence[str]) -> str:
    names = [f"<{g}>" for g in held]
    choices = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return (
        f"{keyword} <{iri}> is refused: the store holds no such graph, and a query never "
        f"fetches one; FROM and FROM NAMED choose among {choices} "
        f"(or use GRAPH <{held[0]}> {{ … }} in the WHERE clause)"
    )


def with_dataset(text: str, dataset: Dataset) -> Rewritten:
    """``text`` reading ``dataset``: its own FROM clauses blanked, the dataset's inserted.

    The protocol's ``default-graph-uri`` / ``named-graph-uri`` override a query's own
    FROM clauses (SPARQL 1.1 Protocol §2.1.4). Blanking keeps every other character where
    it was, so an engine's error position still points into the user's text.
    """
    tokens = list(tokenize(text))
    shape = shape_of(tokens)
    if shape.form is None or shape.dataset_at is None:
        raise QueryError("default-graph-uri and named-graph-uri need a SPARQL query")
    chars = list(text)
    for clause in _clauses(text, tokens):
        for offset in range(tokens[clause.first].start, tokens[clause.last].end):
            if chars[offset] not in "\r\n":
                chars[offset] = " "
    blanked = "".join(chars)
    at = tokens[shape.dataset_at].start if shape.dataset_at < len(tokens) else len(text)
    inserted = "".join(f" FROM <{g}>" for g in dataset.default)
    inserted += "".join(f" FROM NAMED <{g}>" for g in dataset.named)
    rewritten = Rewritten(blanked)
    rewritten.insertions.append((at, inserted + " "))
    return rewritten


def query_in_dataset(store: Any, text: str) -> Any:
    """Run ``text``, which names its dataset with FROM clauses, on ``store``.

    The embedded store answers over the union of its graphs
    (``use_default_graph_as_union``), which in Oxigraph overrides a query's FROM; so a
    query with its own dataset runs on the engine without that flag, where Oxigraph reads
    FROM / FROM NAMED from the store's graphs (it never fetches them). A remote store
    passes FROM clauses to its endpoint unchanged (:func:`kg.sparql.rewrite.for_endpoint`).
    """
    from kg.store.embedded import EmbeddedStore

    if isinstance(store, EmbeddedStore):
        return store.engine.query(text, prefixes=PREFIXES)
    return store.query(text)
