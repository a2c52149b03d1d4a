"""Query results as text: W3C formats for programs, an aligned table for people.

SELECT and ASK results are written in the W3C SPARQL 1.1 Query Results formats (JSON, XML,
CSV, TSV) by pyoxigraph's own serializers; CONSTRUCT and DESCRIBE results as Turtle or
N-Triples. When some columns must be left out (variables claimgraph added to bind a
parameter, see :mod:`kg.sparql.rewrite`) or the number of rows is capped (``kg serve``), the
rows are first written as W3C JSON here, which is a few lines of exact mapping, and
pyoxigraph re-reads that to write the other formats, so escaping rules stay its business.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import IO, Any

import pyoxigraph as ox

from kg.vocab import PREFIXES

__all__ = [
    "GRAPH_FORMATS",
    "SOLUTION_FORMATS",
    "CapExceeded",
    "compact",
    "solutions_json",
    "table_rows",
    "term_json",
    "write_graph",
    "write_solutions",
]

#: format names of the CLI → pyoxigraph formats
SOLUTION_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


class CapExceeded(Exception):
    """A result has more rows (or triples) than the caller allows."""

    def __init__(self, cap: int) -> None:
        super().__init__(f"the result has more than {cap:,} rows")
        self.cap = cap


def term_json(term: Any) -> dict[str, Any]:
    """One RDF term in the W3C SPARQL 1.1 Query Results JSON format (§3.2.2)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": term_json(term.subject),
                "predicate": term_json(term.predicate),
                "object": term_json(term.object),
            },
        }
    raise TypeError(f"not an RDF term: {term!r}")


def _names(result: Any) -> list[str]:
    return [v.value for v in result.variables]


def _collect(result: Iterable[Any], cap: int | None) -> list[Any]:
    rows: list[Any] = []
    for row in result:
        if cap is not None and len(rows) >= cap:
            raise CapExceeded(cap)
        rows.append(row)
    return rows


def solutions_json(names: Sequence[str], solutions: Iterable[Any]) -> bytes:
    """W3C JSON results for ``solutions``, keeping only the variables in ``names``."""
    bindings = [
        {name: term_json(term) for name in names if (term := solution[name]) is not None}
        for solution in solutions
    ]
    document = {"head": {"vars": list(names)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def write_solutions(
    result: Any,
    out: IO[bytes],
    fmt: ox.QueryResultsFormat,
    *,
    cap: int | None = None,
) -> int | None:
    """Write SELECT solutions or an ASK boolean in a W3C results format.

    With ``cap``, more rows than that raise :class:`CapExceeded` before anything is
    written, and the number of rows written is returned (None without ``cap``, or for ASK).
    """
    if isinstance(result, ox.QueryBoolean) or cap is None:
        result.serialize(out, fmt)
        return None
    rows = _collect(result, cap)
    document = solutions_json(_names(result), rows)
    if fmt == ox.QueryResultsFormat.JSON:
        out.write(document)
    else:
        ox.parse_query_results(document, ox.QueryResultsFormat.JSON).serialize(out, fmt)
    return len(rows)


def write_graph(
    triples: Iterable[ox.Triple], out: IO[bytes], fmt: ox.RdfFormat, *, cap: int | None = None
) -> int | None:
    """Write CONSTRUCT / DESCRIBE triples in an RDF syntax, with the usual prefixes.

    With ``cap``, more triples than that raise :class:`CapExceeded` before anything is
    written, and the number of triples written is returned (None without ``cap``).
    """
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    if cap is None:
        ox.serialize(triples, out, fmt, prefixes=prefixes)
        return None
    collected = _collect(triples, cap)
    ox.serialize(collected, out, fmt, prefixes=prefixes)
    return len(collected)


_COMPACT = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def compact(term: Any) -> str:
    """A term as a person reads it: ``cg:Asserts``, ``Sam Altman``, ``<https://…>``."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in _COMPACT:
            local = term.value[len(namespace) :]
            if term.value.startswith(namespace) and local.replace("_", "").isalnum():
                return f"{prefix}:{local}"
        return term.value
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def table_rows(
    result: Any, *, iri_width: int | None = None
) -> tuple[list[str], list[dict[str, str]]]:
    """Column names and rows of plain text, for :func:`kg.cli.output.render_table`.

    With ``iri_width``, longer IRIs keep their end (``…/claim/beyer-denial``), the part
    that tells them apart; a table cuts cells at the end otherwise.
    """
    names = _names(result)
    rows = []
    for solution in result:
        row = {}
        for name in names:
            term = solution[name]
            text = compact(term)
            if iri_width and isinstance(term, ox.NamedNode) and len(text) > iri_width:
                tail = text[len(text) - iri_width + 1 :]
                tail = tail[max(tail.find("/"), 0) :]
                if tail.startswith("//"):  # not the scheme's slashes: the next path segment
                    tail = tail[max(tail.find("/", 2), 0) :]
                text = "…" + tail
            row[name] = text
        rows.append(row)
    return names, rows
