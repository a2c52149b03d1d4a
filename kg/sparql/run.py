"""Run a user's SPARQL query against a store: check it, bind its parameters, explain errors.

>>> from kg.store import open_store
>>> with open_store("memory:", writable=True) as store:
...     outcome = run_query(store, "SELECT ?who WHERE { ?c cg:claimant ?who }")
...     outcome.kind, len(list(outcome.result))
('solutions', 0)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError
from kg.rdf.terms import is_valid_iri
from kg.sparql.dataset import dataset_of, query_in_dataset
from kg.sparql.guard import refuse_outside_access
from kg.sparql.lexer import shape_of, tokenize, variables
from kg.sparql.rewrite import Rewritten, values_insertion
from kg.store.base import Store

__all__ = ["Outcome", "describe_syntax_error", "param_term", "parse_params", "run_query"]

_VARNAME = re.compile(r"^[A-Za-z_0-9][A-Za-z_0-9\u00b7\u00c0-\ufffd]*$")


@dataclass
class Outcome:
    """What a query returned."""

    #: pyoxigraph ``QuerySolutions``, ``QueryBoolean``, or an iterable of ``Triple``
    result: Any

    @property
    def kind(self) -> str:
        """``solutions``, ``boolean`` or ``graph``."""
        if isinstance(self.result, ox.QuerySolutions):
            return "solutions"
        if isinstance(self.result, ox.QueryBoolean):
            return "boolean"
        return "graph"


def param_term(value: str) -> ox.NamedNode | ox.Literal:
    """``<iri>`` → the IRI; anything else → the plain string literal, exactly as typed."""
    if value.startswith("<") and value.endswith(">"):
        iri = value[1:-1]
        if not is_valid_iri(iri):
            raise QueryError(f"{value} is not an absolute IRI")
        return ox.NamedNode(iri)
    return ox.Literal(value)


def parse_params(pairs: Iterable[str]) -> dict[str, str]:
    """``["name=value", …]`` → ``{"name": "value"}``; the value may hold any character."""
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not _VARNAME.match(name):
            raise QueryError(f"--param {pair!r}: write it as NAME=VALUE (NAME a variable name)")
        if name in params:
            raise QueryError(f"--param {name} is given twice")
        params[name] = value
    return params


def run_query(
    store: Store,
    text: str,
    params: Mapping[str, str] | None = None,
    *,
    allow_remote: bool = False,
    hint: str = "",
) -> Outcome:
    """Run the query ``text`` with ``params`` bound (name → value as typed by a user).

    Refuses SERVICE, LOAD, and FROM naming a graph the store does not hold, unless
    ``allow_remote`` (:mod:`kg.sparql.guard`); FROM / FROM NAMED naming the store's own
    graphs choose the dataset (:mod:`kg.sparql.dataset`).
    Raises :class:`~kg.errors.QueryError` for refused or malformed queries, with the
    position in ``text``.
    """
    tokens = list(tokenize(text))
    refuse_outside_access(text, allow_remote=allow_remote, tokens=tokens, hint=hint)
    params = dict(params or {})
    shape = shape_of(tokens)
    if shape.form is None:
        raise QueryError(
            "not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE "
            "(after any PREFIX and BASE declarations)"
        )
    unknown = sorted(set(params) - variables(tokens))
    if unknown:
        raise QueryError(
            "the query has no variable " + ", ".join(f"?{n}" for n in unknown) + " to bind"
        )
    bindings = {name: param_term(value) for name, value in params.items()}
    rewritten = Rewritten(text)
    if bindings:  # written in as VALUES, so the engine plans with them (kg.sparql.rewrite)
        rewritten.insertions.append(values_insertion(text, shape, bindings))
    own_dataset = not allow_remote and bool(dataset_of(text, tokens))
    try:
        if own_dataset:
            result = query_in_dataset(store, rewritten.text)
        else:
            result = store.query(rewritten.text)
    except SyntaxError as exc:
        raise QueryError(describe_syntax_error(str(exc), rewritten)) from None
    except (RuntimeError, ValueError, TypeError) as exc:
        raise QueryError(f"the query failed: {exc}") from None
    return Outcome(result)


_POSITION = re.compile(r"^error at (\d+):(\d+): (.*)$", re.S)
_ITEM = re.compile(r'\[[^\]]*\]|"(?:[^"\\]|\\.)*"|[^,]+')


def describe_syntax_error(message: str, rewritten: Rewritten | None = None) -> str:
    """Oxigraph's syntax error as one line: position, what was expected, the text there.

    Oxigraph lists every token its grammar could take next, character classes included;
    a reader needs the position, the grammar's own sentences when it has one ("SELECT *
    is not authorized with GROUP BY"), else a few expected words.
    """
    match = _POSITION.match(message.strip())
    if match is None:
        return "syntax error: " + " ".join(message.split())
    line, column = int(match.group(1)), int(match.group(2))
    text = rewritten.original if rewritten else ""
    if rewritten is not None:
        line, column = rewritten.original_position(line, column)
    expected = match.group(3).removeprefix("expected one of ")
    items = [item.strip().removeprefix("expected ").strip() for item in _ITEM.findall(expected)]
    items = [item for item in items if item]
    sentences = [i for i in items if " " in i and not i.startswith(("[", '"', "'"))]
    words = [i for i in items if not i.startswith("[") and i not in sentences]
    if sentences:
        reason = "; ".join(sentences)
    elif words:
        reason = "expected " + ", ".join(words[:6]) + (", …" if len(words) > 6 else "")
    else:
        reason = "unexpected text"
    near = ""
    lines = text.splitlines()
    if 0 < line <= len(lines):
        snippet = lines[line - 1][max(column - 1, 0) : column + 29].strip()
        near = f' (at "{snippet}")' if snippet else " (at the end of the line)"
    return f"syntax error at line {line}, column {column}: {reason}{near}"
