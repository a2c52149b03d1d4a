"""What query and update text other engines need: ASCII-safe literals, exact decimals,
and the paged form of a SELECT that a result cap would cut (see :mod:`kg.store.remote`)."""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import pyoxigraph as ox

from kg.sparql.lexer import Kind, shape_of, tokenize, variables
from kg.store.base import Change

__all__ = [
    "DECIMAL_PREDICATES",
    "ascii_safe",
    "decimals_in",
    "exact_decimals",
    "paging_query",
    "retype_decimal",
    "row_count",
]


_XSD = "http://www.w3.org/2001/XMLSchema#"


#: Predicates whose objects the vocabulary types xsd:decimal (kg/ontology/shapes.ttl).
DECIMAL_PREDICATES = frozenset(
    "https://schema.org/" + name for name in ("value", "minValue", "maxValue")
)


_INTEGER_DECIMAL = re.compile(r'"(-?[0-9]+)"\^\^<http://www\.w3\.org/2001/XMLSchema#decimal>')


def ascii_safe(text: str) -> str:
    """``text`` with non-ASCII characters escaped in string literals, dropped in comments.

    Escapes (``\\uXXXX``, ``\\UXXXXXXXX``) are SPARQL's own, so the query means the same;
    IRIs and prefixed names keep their characters (Virtuoso refuses escapes in IRIs, and
    accepts them raw). Non-ASCII white space or stray characters are left for the engine
    to reject as it would have.
    """
    if text.isascii():
        return text
    out, last = [], 0
    for token in tokenize(text):
        out.append(_strip_non_ascii(text[last : token.start]))
        piece = text[token.start : token.end]
        if token.kind is Kind.STRING and not piece.isascii():
            piece = "".join(
                c
                if ord(c) < 128
                else (f"\\u{ord(c):04X}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08X}")
                for c in piece
            )
        out.append(piece)
        last = token.end
    out.append(_strip_non_ascii(text[last:]))
    return "".join(out)


def _strip_non_ascii(gap: str) -> str:
    """Comments and white space between tokens: non-ASCII characters in comments go."""
    if gap.isascii():
        return gap
    lines = []
    for line in gap.split("\n"):
        head, sep, comment = line.partition("#")
        lines.append(head + sep + "".join(c for c in comment if c.isascii()))
    return "\n".join(lines)


def exact_decimals(line: str) -> str:
    """An N-Triples line whose integer-looking decimals stay decimals on Virtuoso."""
    if "XMLSchema#decimal" not in line:
        return line
    return _INTEGER_DECIMAL.sub(rf'"\1.0"^^<{_XSD}decimal>', line)


def retype_decimal(predicate: Any, obj: Any) -> Any:
    """``obj`` as an xsd:decimal when the vocabulary says ``predicate``'s values are."""
    if (
        isinstance(obj, ox.Literal)
        and obj.datatype.value == _XSD + "integer"
        and getattr(predicate, "value", None) in DECIMAL_PREDICATES
    ):
        return ox.Literal(obj.value, datatype=ox.NamedNode(_XSD + "decimal"))
    return obj


def decimals_in(change: Change) -> Change:
    """``change`` with integer-looking decimals written so Virtuoso keeps them decimals."""
    return Change(
        insert={g: [exact_decimals(t) for t in ts] for g, ts in change.insert.items()},
        delete={g: [exact_decimals(t) for t in ts] for g, ts in change.delete.items()},
        clear=list(change.clear),
    )


def row_count(data: bytes, results_format: Any) -> int:
    if results_format == ox.QueryResultsFormat.JSON:
        document = json.loads(data)
        return len(document.get("results", {}).get("bindings", []))
    parsed: Any = ox.parse_query_results(data, results_format)
    return len(list(parsed))


def paging_query(text: str) -> str | None:
    """``text`` (a SELECT) as a sub-select in a fixed total order, ready for LIMIT/OFFSET.

    ``PREFIX… SELECT * FROM… WHERE { { SELECT … WHERE {…} … ORDER BY <its own> ?every
    ?variable } }``: ordering inside and slicing outside is the shape Virtuoso sorts past
    its cap (an outer ORDER BY with OFFSET beyond it fails with SR353). Ties left by the
    query's own ORDER BY are broken by every variable, so pages neither overlap nor skip.
    """
    shape = shape_of(text)
    tokens = shape.tokens
    if (
        shape.form != "SELECT"
        or shape.projection is None
        or shape.dataset_at is None
        or shape.where_open is None
        or shape.where_close is None
    ):
        return None
    form_at = next(i for i, t in enumerate(tokens) if t.is_word("SELECT"))
    select_clause = text[tokens[form_at].start : tokens[shape.dataset_at].start]
    dataset = " ".join(
        t.text for t in tokens[shape.dataset_at : shape.where_open] if not t.is_word("WHERE")
    )
    projected = shape.projected
    names = (
        sorted(projected)
        if projected is not None
        else sorted(variables(tokens[shape.where_open : shape.where_close + 1]))
    )
    if not names:
        return None
    tail = tokens[shape.where_close + 1 :]
    has_order = any(a.is_word("ORDER") and b.is_word("BY") for a, b in itertools.pairwise(tail))
    insert_at = len(text)
    depth = 0
    for token in tail:
        depth += token.is_punct("(") - token.is_punct(")")
        if depth == 0 and token.is_word("LIMIT", "OFFSET", "VALUES"):
            insert_at = token.start
            break
    keys = " ".join(f"?{name}" for name in names)
    order = f"\n{keys} " if has_order else f"\nORDER BY {keys} "
    body = text[tokens[shape.where_open].start : insert_at] + order + text[insert_at:]
    prologue = text[: tokens[form_at].start]
    # The outer SELECT keeps the query's own column order: callers read columns by position.
    outer = "*"
    if projected is not None:
        in_order = re.findall(r"[?$]([A-Za-z_0-9\u00b7\u00c0-\ufffd]+)", select_clause)
        outer = " ".join(f"?{n}" for n in dict.fromkeys(in_order) if n in projected) or "*"
    return f"{prologue}SELECT {outer} {dataset} WHERE {{ {{ {select_clause} WHERE {body}\n}} }}"
