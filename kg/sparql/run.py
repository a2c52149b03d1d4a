"""Run a user's SPARQL query against a store: check it, bind its parameters, explain errors.

>>> from kg.store import open_store
>>> with open_store("memory:", writable=True) as store:
...     outcome = run_query(store, "SELECT ?who WHERE { ?c cg:claimant ?who }")
...     outcome.kind, len(list(outcome.result))
('solutions', 0)
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError
from kg.rdf.terms import is_valid_iri
from kg.sparql.dataset import dataset_of, query_in_dataset
from kg.sparql.guard import refuse_outside_access
from kg.sparql.lexer import Kind, Token, position, shape_of, tokenize, variables
from kg.sparql.rewrite import Rewritten, values_insertion
from kg.store.base import Store
from kg.vocab import PREFIXES

__all__ = [
    "Outcome",
    "check_prefixes",
    "describe_syntax_error",
    "param_term",
    "parse_params",
    "query_form",
    "run_query",
]

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
    query_form(text, tokens)
    check_prefixes(text, tokens)
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


#: The words an update request starts with (after its prologue).
_UPDATE_WORDS = ("INSERT", "DELETE", "CLEAR", "DROP", "CREATE", "COPY", "MOVE", "ADD", "WITH")


def query_form(text: str, tokens: list[Token] | None = None) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; :class:`~kg.errors.QueryError` for anything else.

    An update gets its own message: ``kg query`` only reads, and says where writes go.

    >>> query_form("PREFIX x: <urn:x:> ASK { ?s ?p ?o }")
    'ASK'
    >>> query_form("INSERT DATA { <urn:a> <urn:b> <urn:c> }")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: not a SPARQL query but an update (INSERT): kg query only reads. ...
    """
    tokens = list(tokenize(text)) if tokens is None else tokens
    shape = shape_of(tokens)
    if shape.form is not None:
        return shape.form
    first = next(
        (t for t in tokens if t.kind is Kind.WORD and not t.is_word("PREFIX", "BASE")), None
    )
    if first is not None and first.is_word(*_UPDATE_WORDS):
        raise QueryError(
            f"not a SPARQL query but an update ({first.text.upper()}): kg query only reads. "
            "Add claims with "
            "`kg ingest FILE`, take them back with `kg retract ID`, or send updates to "
            "`kg serve --token T` (SPARQL 1.1 Update over HTTP)"
        )
    raise QueryError(
        "not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE "
        "(after any PREFIX and BASE declarations)"
    )


def check_prefixes(text: str, tokens: list[Token] | None = None) -> None:
    """Refuse a prefixed name whose prefix is neither declared nor predeclared, naming it.

    The engine only says "Prefix not found" somewhere after the name; this says which.

    >>> check_prefixes("SELECT * WHERE { ?s foo:bar ?o }")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: line 1, column 21: unknown prefix 'foo:'; predeclared: cg, schema, ...
    """
    tokens = list(tokenize(text)) if tokens is None else tokens
    declared = set(PREFIXES)
    for index, token in enumerate(tokens):
        if token.is_word("PREFIX") and index + 1 < len(tokens):
            declared.add(tokens[index + 1].text.partition(":")[0])
    for index, token in enumerate(tokens):
        if token.kind is not Kind.PNAME or (index > 0 and tokens[index - 1].is_word("PREFIX")):
            continue
        prefix = token.text.partition(":")[0]
        if prefix not in declared:
            line, column = position(text, token.start)
            raise QueryError(
                f"line {line}, column {column}: unknown prefix '{prefix}:'; predeclared: "
                + ", ".join(PREFIXES)
                + f" (or declare it: PREFIX {prefix}: <…>)"
            )


_POSITION = re.compile(r"^error at (\d+):(\d+): (.*)$", re.S)
_ITEM = re.compile(r'\[[^\]]*\]|"(?:[^"\\]|\\.)*"|[^,]+')

#: Words the engine lists as possible next tokens that mean nothing to a reader: Oxigraph's
#: own extension (LATERAL) and RDF-star annotation syntax ({| ~).
_ENGINE_ONLY = {"LATERAL", '"{|"', '"~"', "[_]"}
#: SPARQL 1.1 keywords (and the query forms' words), to recognise a misspelt one.
_KEYWORDS = (  # noqa: SIM905 (a list of words reads best as words)
    "SELECT DISTINCT REDUCED AS WHERE FROM NAMED CONSTRUCT DESCRIBE ASK PREFIX BASE OPTIONAL "
    "FILTER UNION MINUS GRAPH SERVICE SILENT BIND VALUES UNDEF GROUP BY HAVING ORDER ASC DESC "
    "LIMIT OFFSET NOT IN EXISTS A TRUE FALSE"
).split()
_PAIRS = {"{": "}", "(": ")", "[": "]"}


def _structure_problem(text: str, tokens: list[Token]) -> str | None:
    """A reader's account of a query the engine refused, when a simple check finds one:
    an unclosed or unopened bracket, a misspelt keyword, a triple pattern missing a term."""
    stack: list[Token] = []
    for token in tokens:
        if token.kind is not Kind.PUNCT:
            continue
        if token.text in _PAIRS:
            stack.append(token)
        elif token.text in _PAIRS.values():
            if not stack or _PAIRS[stack[-1].text] != token.text:
                line, column = position(text, token.start)
                return f"line {line}, column {column}: '{token.text}' closes nothing"
            stack.pop()
    if stack:
        line, column = position(text, stack[-1].start)
        end_line, end_column = position(text, len(text.rstrip()))
        return (
            f"line {end_line}, column {end_column}: the query ends, but '{stack[-1].text}' "
            f"opened at line {line}, column {column} is never closed"
        )
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if (
            token.kind is Kind.WORD
            and token.text.upper() not in _KEYWORDS
            and not (following is not None and following.is_punct("("))
        ):
            guess = difflib.get_close_matches(token.text.upper(), _KEYWORDS, n=1, cutoff=0.7)
            if guess and len(token.text) >= 3:
                line, column = position(text, token.start)
                return (
                    f"line {line}, column {column}: unknown word '{token.text}' "
                    f"(did you mean {guess[0]}?)"
                )
    run: list[Token] = []
    for token in tokens:
        if token.kind in (Kind.VAR, Kind.IRI, Kind.PNAME, Kind.STRING, Kind.NUMBER) or (
            token.is_word("A")
        ):
            run.append(token)
            continue
        if (token.is_punct("}") or token.is_punct(".")) and len(run) == 2:
            line, column = position(text, run[0].start)
            written = " ".join(t.text for t in run)
            return (
                f"line {line}, column {column}: the triple pattern '{written}' has two terms; "
                "it needs a subject, a predicate and an object"
            )
        run = []
    return None


def describe_syntax_error(message: str, rewritten: Rewritten | None = None) -> str:
    """Oxigraph's syntax error as one line a reader can act on, with line and column.

    Oxigraph reports the furthest place its grammar reached and every token it could take
    there, character classes and its own extensions included. When a simple check of the
    query's structure finds the mistake (a bracket, a misspelt keyword, a missing term),
    that is said instead; otherwise the position, the grammar's own sentences when it has
    one ("SELECT * is not authorized with GROUP BY"), else a few expected words, and the
    text just before the position.
    """
    text = rewritten.original if rewritten else ""
    if text:
        found = _structure_problem(text, list(tokenize(text)))
        if found is not None:
            return "syntax error at " + found
    match = _POSITION.match(message.strip())
    if match is None:
        return "syntax error: " + " ".join(message.split())
    line, column = int(match.group(1)), int(match.group(2))
    if rewritten is not None:
        line, column = rewritten.original_position(line, column)
    expected = match.group(3).removeprefix("expected one of ")
    items = [item.strip().removeprefix("expected ").strip() for item in _ITEM.findall(expected)]
    items = [item for item in items if item and item not in _ENGINE_ONLY]
    items = ["expected a valid IRI" if item == "IRI parsing failed" else item for item in items]
    sentences = [i for i in items if " " in i and not i.startswith(("[", '"', "'"))]
    words = [i for i in items if not i.startswith("[") and i not in sentences]
    if sentences:
        reason = "; ".join(sentences)
    elif {'"?"', '"$"'} <= set(words):
        reason = "expected a variable or an expression"
    elif {"STR", "IRI"} <= set(words):
        reason = "expected an expression"
    elif words:
        reason = "expected " + ", ".join(words[:6]) + (", …" if len(words) > 6 else "")
    else:
        reason = "the query cannot continue here"
    near = ""
    lines = text.splitlines()
    if 0 < line <= len(lines):
        before = " ".join(lines[line - 1][: max(column - 1, 0)].split()[-3:])
        near = f' (after "{before}")' if before else " (at the start of the line)"
    return f"syntax error at line {line}, column {column}: {reason}{near}"
