"""Refuse queries that reach outside the store: ``SERVICE``, ``LOAD``, ``USING``, foreign ``FROM``.

Oxigraph (embedded and server alike) answers ``SERVICE <http://…>`` by opening an HTTP
connection, and ``LOAD`` reads a document from wherever its IRI points. A claimgraph query
reads the store and nothing else, so these keywords are refused before the query reaches
any engine: nothing is fetched, no connection is opened, no file is read.

``FROM`` and ``FROM NAMED`` only choose among the store's own graphs (``asserted``,
``derived`` and the kept ``listings`` and ``claim-table``; :mod:`kg.sparql.dataset`):
some engines fetch a dataset IRI they do not hold, so any other IRI is refused. Their
update twins ``USING`` / ``USING NAMED`` are refused:
``GRAPH <…> { … }`` in the WHERE clause does their job without that risk.

The check works on tokens (:mod:`kg.sparql.lexer`), so ``"SERVICE"`` in a string, a comment,
an IRI, a prefixed name or a variable is not refused, and ``service`` in lower case is.

>>> refuse_outside_access('SELECT * WHERE { ?s ?p "SERVICE" }')
>>> refuse_outside_access('SELECT * WHERE { service <http://127.0.0.1:9/> { ?s ?p ?o } }')
Traceback (most recent call last):
...
kg.errors.QueryError: line 1, column 18: SERVICE is refused: a query may not reach another endpoint
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.errors import QueryError
from kg.sparql.dataset import STORE_GRAPHS, refuse_foreign_graphs
from kg.sparql.lexer import Kind, Token, position, tokenize

__all__ = ["REFUSED_KEYWORDS", "refuse_outside_access"]

#: keyword → why it is refused
REFUSED_KEYWORDS = {
    "SERVICE": "a query may not reach another endpoint",
    "LOAD": "an update may not read documents from the network or the disk",
    "USING": "updates read this store only; use GRAPH <…> { … } in the WHERE clause",
}


def refuse_outside_access(
    text: str,
    *,
    allow_remote: bool = False,
    tokens: list[Token] | None = None,
    hint: str = "",
    graphs: Sequence[str] = STORE_GRAPHS,
) -> None:
    """Raise :class:`~kg.errors.QueryError` if ``text`` uses a refused keyword.

    ``FROM`` / ``FROM NAMED`` pass when they name one of ``graphs`` (the store's own).
    ``allow_remote`` lifts the check (``kg query --allow-remote``; never in ``kg serve``).
    ``hint`` is appended to the message (the CLI names its flag there).
    """
    if allow_remote:
        return
    tokens = tokens if tokens is not None else list(tokenize(text))
    for token in tokens:
        if token.kind is Kind.WORD and token.text.upper() in REFUSED_KEYWORDS:
            keyword = token.text.upper()
            line, column = position(text, token.start)
            raise QueryError(
                f"line {line}, column {column}: {keyword} is refused: "
                f"{REFUSED_KEYWORDS[keyword]}{hint}"
            )
    try:
        refuse_foreign_graphs(text, tokens, graphs)
    except QueryError as exc:
        raise QueryError(f"{exc}{hint}") from None
