"""One canonical text for RDF terms, whoever parsed them (item 7).

Two parsers agree term for term when the same canonical lines come out of both. This
module reads N-Triples / N-Quads lines as written by any tool (``rapper`` escapes non-ASCII
as ``\\uXXXX``, Oxigraph writes UTF-8) with its own small reader, independent of the
parsers under test, and writes every term one way: IRIs bare, literals with their escapes
decoded and re-encoded minimally, the datatype always explicit, language tags lower-case
(RDF 1.1 compares them case-insensitively).

>>> canonical_lines(b'<http://a> <http://b> "caf\\\\u00E9"@FR .\\n')
['<http://a> <http://b> "café"@fr .']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

__all__ = ["Term", "canonical_line", "canonical_lines", "term_of"]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

#: (kind, value, datatype, language): kind is "iri", "bnode" or "literal"
Term = tuple[str, str, str, str]

_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_TOKEN = re.compile(
    r"""\s*(?:
      <(?P<iri>[^>]*)>
    | _:(?P<bnode>\S+)
    | "(?P<literal>(?:[^"\\]|\\.)*)"(?:@(?P<lang>[A-Za-z0-9-]+)|\^\^<(?P<datatype>[^>]*)>)?
    )""",
    re.VERBOSE | re.DOTALL,
)


def _unescape(text: str) -> str:
    out, index = [], 0
    while index < len(text):
        char = text[index]
        if char != "\\":
            out.append(char)
            index += 1
            continue
        match = _UCHAR.match(text, index)
        if match:
            out.append(chr(int(match.group(1) or match.group(2), 16)))
            index = match.end()
        else:
            out.append(_ECHAR[text[index + 1]])
            index += 2
    return "".join(out)


def _parse_line(line: str) -> list[Term]:
    terms: list[Term] = []
    position = 0
    while True:
        match = _TOKEN.match(line, position)
        if match is None:
            break
        position = match.end()
        if match.group("iri") is not None:
            terms.append(("iri", _unescape(match.group("iri")), "", ""))
        elif match.group("bnode") is not None:
            terms.append(("bnode", match.group("bnode"), "", ""))
        else:
            lang = (match.group("lang") or "").lower()
            datatype = LANG_STRING if lang else _unescape(match.group("datatype") or XSD_STRING)
            terms.append(("literal", _unescape(match.group("literal")), datatype, lang))
    rest = line[position:].strip()
    if rest != "." or len(terms) not in (3, 4):
        raise ValueError(f"not an N-Triples / N-Quads line: {line!r}")
    return terms


def _text(term: Term) -> str:
    kind, value, datatype, lang = term
    if kind == "iri":
        return f"<{value}>"
    if kind == "bnode":
        return f"_:{value}"
    body = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{body}"@{lang}' if lang else f'"{body}"^^<{datatype}>'


def canonical_line(terms: Iterable[Term]) -> str:
    """The canonical line of a triple or quad given as terms."""
    return " ".join(_text(t) for t in terms) + " ."


def canonical_lines(data: bytes, *, drop_graph: bool = False) -> list[str]:
    """Sorted canonical lines of an N-Triples or N-Quads document."""
    out = []
    for line in data.decode("utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        terms = _parse_line(line)
        if drop_graph:
            terms = terms[:3]
        out.append(canonical_line(terms))
    return sorted(out)


def term_of(term: Any) -> Term:
    """A pyoxigraph or rdflib term as a canonical :data:`Term`."""
    import pyoxigraph as ox
    import rdflib

    if isinstance(term, ox.NamedNode | rdflib.URIRef):
        return ("iri", str(term.value if isinstance(term, ox.NamedNode) else term), "", "")
    if isinstance(term, ox.BlankNode | rdflib.BNode):
        return ("bnode", str(term.value if isinstance(term, ox.BlankNode) else term), "", "")
    if isinstance(term, ox.Literal):
        lang = (term.language or "").lower()
        return ("literal", term.value, LANG_STRING if lang else term.datatype.value, lang)
    if isinstance(term, rdflib.Literal):
        lang = (term.language or "").lower()
        datatype = LANG_STRING if lang else str(term.datatype or XSD_STRING)
        return ("literal", str(term), datatype, lang)
    raise TypeError(f"not an RDF term: {term!r}")
