"""Refuse queries that would reach outside the store: ``SERVICE``, ``LOAD``, ``FROM``, ``USING``.

Oxigraph (embedded and server alike) answers ``SERVICE <http://…>`` by opening an HTTP
connection, and ``LOAD`` reads a document from wherever its IRI points. A claimgraph query
reads the store and nothing else, so these keywords are refused before the query reaches
any engine: nothing is fetched, no connection is opened, no file is read.

``FROM`` and ``FROM NAMED`` (and their update twins ``USING`` / ``USING NAMED``) are
refused too: some engines fetch a dataset IRI they do not hold, and with claimgraph's own
graphs ``GRAPH <…> { … }`` does the same job without that risk.

The check works on tokens (:mod:`kg.sparql.lexer`), so ``"SERVICE"`` in a string, a comment,
an IRI, a prefixed name or a variable is not refused, and ``service`` in lower case is.

>>> refuse_outside_access('SELECT * WHERE { ?s ?p "SERVICE" }')
>>> refuse_outside_access('SELECT * WHERE { service <http://127.0.0.1:9/> { ?s ?p ?o } }')
Traceback (most recent call last):
...
kg.errors.QueryError: line 1, column 18: SERVICE is refused: a query may not reach another endpoint
"""

from __future__ import annotations

from kg.errors import QueryError
from kg.sparql.lexer import Kind, Token, position, tokenize

__all__ = ["REFUSED_KEYWORDS", "refuse_outside_access"]

#: keyword → why it is refused
REFUSED_KEYWORDS = {
    "SERVICE": "a query may not reach another endpoint",
    "LOAD": "an update may not read documents from the network or the disk",
    "FROM": "queries read this store only; to read one of its graphs, "
    "use GRAPH <https://w3id.org/claimgraph/graph/asserted> { … } (or …/derived)",
    "USING": "updates read this store only; use GRAPH <…> { … } in the WHERE clause",
}


def refuse_outside_access(
    text: str, *, allow_remote: bool = False, tokens: list[Token] | None = None, hint: str = ""
) -> None:
    """Raise :class:`~kg.errors.QueryError` if ``text`` uses a refused keyword.

    ``allow_remote`` lifts the check (``kg query --allow-remote``; never in ``kg serve``).
    ``hint`` is appended to the message (the CLI names its flag there).
    """
    if allow_remote:
        return
    for token in tokens if tokens is not None else tokenize(text):
        if token.kind is Kind.WORD and token.text.upper() in REFUSED_KEYWORDS:
            keyword = token.text.upper()
            line, column = position(text, token.start)
            raise QueryError(
                f"line {line}, column {column}: {keyword} is refused: "
                f"{REFUSED_KEYWORDS[keyword]}{hint}"
            )
