"""SPARQL at the level of tokens: enough to check and rewrite a query without executing it.

claimgraph never pastes a user's value into query text, but it does need to *read* a query
before it runs: to refuse ``SERVICE``, ``LOAD`` and ``FROM`` (:mod:`kg.sparql.guard`), to see
which variables a query uses, and to add a variable to a ``SELECT`` projection or a
``VALUES`` block to a ``WHERE`` clause (:mod:`kg.sparql.rewrite`).

Why tokens and not a regular expression over the text: a keyword inside a string, a
comment, an IRI, a prefixed name (``ex:service``) or a variable (``?from``) is not a keyword,
and SPARQL keywords are case-insensitive. The token rules below follow the SPARQL 1.1
grammar's terminals (§19.8). Codepoint escapes (``\\u0053``) are only honoured inside
strings and IRIs, as Oxigraph does (tests/test_query_guard.py checks this against it).

>>> [t.text for t in tokenize('SELECT ?s WHERE { ?s ?p "SERVICE" } # LOAD')]
['SELECT', '?s', 'WHERE', '{', '?s', '?p', '"SERVICE"', '}']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

__all__ = ["Kind", "QueryShape", "Token", "position", "shape_of", "tokenize", "variables"]


class Kind(Enum):
    """What a token is."""

    IRI = "iri"  # <http://…>
    PNAME = "pname"  # prefix:local or prefix:
    VAR = "var"  # ?x or $x
    STRING = "string"  # any of the four string forms
    NUMBER = "number"
    LANGTAG = "langtag"  # @fr
    BNODE = "bnode"  # _:b0
    WORD = "word"  # keywords, function names, a, true, false
    PUNCT = "punct"  # { } ( ) . ; , operators
    OTHER = "other"  # a character no SPARQL token starts with (the engine will say why)


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its kind, its text as written, and where it starts and ends in the query."""

    kind: Kind
    text: str
    start: int
    end: int

    def is_word(self, *words: str) -> bool:
        """True when this is a keyword-like word equal to one of ``words``, ignoring case."""
        return self.kind is Kind.WORD and self.text.upper() in words

    def is_punct(self, text: str) -> bool:
        return self.kind is Kind.PUNCT and self.text == text


# --- terminals (SPARQL 1.1 §19.8) -------------------------------------------------------------

_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = (
    f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
)
_VARNAME = f"[{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_ECHAR = r"""\\[tbnrf\\"']"""

# Order matters: the first pattern that matches at a position wins.
_TOKEN_PATTERNS: list[tuple[Kind | None, str]] = [
    (None, r"[ \t\r\n]+"),  # white space
    (None, r"#[^\r\n]*"),  # comment
    (Kind.STRING, f"'''(?:(?:'|'')?(?:[^'\\\\]|{_ECHAR}|{_UCHAR}))*'''"),
    (Kind.STRING, f'"""(?:(?:"|"")?(?:[^"\\\\]|{_ECHAR}|{_UCHAR}))*"""'),
    (Kind.STRING, f"'(?:[^'\\\\\\n\\r]|{_ECHAR}|{_UCHAR})*'"),
    (Kind.STRING, f'"(?:[^"\\\\\\n\\r]|{_ECHAR}|{_UCHAR})*"'),
    # An IRI only when the whole <…> matches; otherwise '<' is the less-than operator.
    (Kind.IRI, f'<(?:[^<>"{{}}|^`\\\\\\x00-\\x20]|{_UCHAR})*>'),
    (Kind.VAR, f"[?$]{_VARNAME}"),
    (Kind.BNODE, f"_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"),
    (Kind.PNAME, f"(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?"),
    (Kind.LANGTAG, r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*"),
    (
        Kind.NUMBER,
        r"[0-9]+\.[0-9]*[eE][+-]?[0-9]+|[0-9]*\.[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+(?:[eE][+-]?[0-9]+)?",
    ),
    (Kind.WORD, r"[A-Za-z_][A-Za-z0-9_]*"),
    (Kind.PUNCT, r"\^\^|&&|\|\||!=|<=|>=|[{}()\[\].,;*+\-/!=<>^|?$]"),
]
_TOKEN_RE = re.compile("|".join(f"({pattern})" for _, pattern in _TOKEN_PATTERNS))
_GROUP_KINDS = [kind for kind, _ in _TOKEN_PATTERNS]


def tokenize(text: str) -> Iterator[Token]:
    """The tokens of ``text``, comments and white space left out."""
    pos = 0
    while pos < len(text):
        match = _TOKEN_RE.match(text, pos)
        if match is None:
            yield Token(Kind.OTHER, text[pos], pos, pos + 1)
            pos += 1
            continue
        kind = _GROUP_KINDS[(match.lastindex or 1) - 1]
        if kind is not None:
            yield Token(kind, match.group(), match.start(), match.end())
        pos = match.end()


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


_VAR_IN_TEXT = re.compile(f"[?$]({_VARNAME})")


def variables(tokens: list[Token]) -> set[str]:
    """Names (without ``?``/``$``) of every variable the query mentions.

    SPARQL's grammar is ambiguous for a tokenizer: in ``FILTER(?a<3&&?b>2)`` the text
    ``<3&&?b>`` has the shape of an IRI. So names that appear inside IRI-shaped tokens
    count too: the set may hold a name too many, never one too few.
    """
    names = {t.text[1:] for t in tokens if t.kind is Kind.VAR}
    for token in tokens:
        if token.kind is Kind.IRI:
            names.update(_VAR_IN_TEXT.findall(token.text))
    return names


# --- the outline of a query ---------------------------------------------------------------------


@dataclass
class QueryShape:
    """Where the parts of the top-level query are, as token indexes.

    ``form`` is SELECT, CONSTRUCT, ASK or DESCRIBE (None when the text is no query we know,
    such as an update). ``projection`` is the token range of a SELECT's projection
    (``*`` included); ``where_open``/``where_close`` index the braces of the WHERE clause
    (None when DESCRIBE has none); ``dataset_at`` is the token index before which dataset
    clauses (FROM …) belong; ``group_by`` indexes the BY of a top-level GROUP BY.
    """

    tokens: list[Token]
    form: str | None = None
    projection: tuple[int, int] | None = None
    dataset_at: int | None = None
    where_open: int | None = None
    where_close: int | None = None
    group_by: int | None = None
    aggregates: bool = False

    @property
    def projected(self) -> set[str] | None:
        """Variables a SELECT projects; None for ``SELECT *`` and for other forms."""
        if self.projection is None:
            return None
        start, end = self.projection
        part = self.tokens[start:end]
        # In "(expr AS ?v)" only ?v is projected; bare variables at depth 0 are projected.
        names: set[str] = set()
        depth = 0
        for index, token in enumerate(part):
            if token.is_punct("("):
                depth += 1
            elif token.is_punct(")"):
                depth -= 1
            elif token.is_punct("*") and depth == 0:
                return None
            elif token.kind is Kind.VAR and (
                depth == 0 or (index > 0 and part[index - 1].is_word("AS"))
            ):
                names.add(token.text[1:])
        return names


_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
_AGGREGATES = ("COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT")
_MODIFIERS = ("GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES")


def _matching(tokens: list[Token], open_index: int) -> int | None:
    """Index of the brace closing the one at ``open_index``."""
    depth = 0
    for index in range(open_index, len(tokens)):
        if tokens[index].is_punct("{"):
            depth += 1
        elif tokens[index].is_punct("}"):
            depth -= 1
            if depth == 0:
                return index
    return None


def _skip_prologue(tokens: list[Token]) -> int:
    index = 0
    while index < len(tokens):
        if tokens[index].is_word("BASE"):
            index += 2
        elif tokens[index].is_word("PREFIX"):
            index += 3
        else:
            break
    return index


def shape_of(text_or_tokens: str | list[Token]) -> QueryShape:
    """Find the parts of a query's top level (see :class:`QueryShape`).

    The outline is what a well-formed query would have; for a malformed one the fields
    may be None, and the engine reports the syntax error when the query runs.
    """
    tokens = list(tokenize(text_or_tokens)) if isinstance(text_or_tokens, str) else text_or_tokens
    shape = QueryShape(tokens)
    index = _skip_prologue(tokens)
    if index >= len(tokens) or not tokens[index].is_word(*_FORMS):
        return shape
    shape.form = tokens[index].text.upper()
    index += 1
    if shape.form == "SELECT":
        start = index
        while index < len(tokens) and tokens[index].is_word("DISTINCT", "REDUCED"):
            index += 1
        start = index
        depth = 0
        while index < len(tokens):
            token = tokens[index]
            if depth == 0 and (token.is_punct("{") or token.is_word("WHERE", "FROM")):
                break
            depth += token.is_punct("(") - token.is_punct(")")
            index += 1
        shape.projection = (start, index)
        shape.aggregates = any(t.is_word(*_AGGREGATES) for t in tokens[start:index])
    elif shape.form == "CONSTRUCT" and index < len(tokens) and tokens[index].is_punct("{"):
        template_close = _matching(tokens, index)
        if template_close is None:
            return shape
        index = template_close + 1
    elif shape.form == "DESCRIBE":
        while index < len(tokens) and not (
            tokens[index].is_punct("{") or tokens[index].is_word("WHERE", "FROM", *_MODIFIERS)
        ):
            index += 1
    shape.dataset_at = index
    while index < len(tokens) and not tokens[index].is_punct("{"):
        if shape.form == "DESCRIBE" and tokens[index].is_word(*_MODIFIERS):
            return shape  # DESCRIBE without WHERE
        index += 1
    if index >= len(tokens):
        return shape
    shape.where_open = index
    shape.where_close = _matching(tokens, index)
    if shape.where_close is None:
        return shape
    for position in range(shape.where_close + 1, len(tokens) - 1):
        if tokens[position].is_word("GROUP") and tokens[position + 1].is_word("BY"):
            shape.group_by = position + 1
        if tokens[position].is_word("HAVING"):
            shape.aggregates = True
    return shape
