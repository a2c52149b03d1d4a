"""RDF terms as N-Triples text: the one place where IRIs and literals are checked and escaped.

claimgraph builds triples as N-Triples strings rather than rdflib or pyoxigraph objects:
building Python term objects costs about 12 µs a triple, string formatting well under one,
and Oxigraph parses the text at over a million triples a second (benchmarks/README.md).
The same text is valid inside a SPARQL ``INSERT DATA`` block, so one encoding serves the
embedded store, a remote endpoint and every export.

Literals are put in the canonical form Oxigraph stores them in, so that a proposition's
hash (which includes its object) is the same whether it came from a sheet or from a
re-ingested export.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from kg.vocab import XSD

__all__ = [
    "Literal",
    "canonical_decimal",
    "check_iri",
    "invalid_text_char",
    "iri_term",
    "is_valid_iri",
    "is_valid_text",
    "literal_term",
]

RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# RFC 3987 is generous; this is the subset SPARQL and N-Triples both accept unescaped, with a
# scheme required so that relative references never reach the store.
_IRI = re.compile(r'^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>"{}|\\^`\x00-\x20\x7f]*$')
_LANG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Quotes, backslashes and every control character are escaped, so that no user string can
# end a literal early or smuggle a line break into N-Triples or SPARQL.
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')


@dataclass(frozen=True, slots=True)
class Literal:
    """An RDF literal: lexical form plus either a datatype IRI or a language tag."""

    value: str
    datatype: str = XSD.string
    lang: str | None = None

    def n3(self) -> str:
        """The literal in N-Triples syntax."""
        return literal_term(self.value, self.datatype, self.lang)


def is_valid_iri(text: str) -> bool:
    """True when ``text`` is an absolute IRI that N-Triples and SPARQL accept unescaped.

    >>> is_valid_iri("https://example.org/a"), is_valid_iri("not an iri")
    (True, False)
    """
    return bool(_IRI.match(text)) and _encodable(text) and _oxigraph_accepts(iri=text)


def check_iri(text: str) -> str:
    """Return ``text`` if it is a valid absolute IRI, else raise ``ValueError``."""
    if not is_valid_iri(text):
        raise ValueError(f"{text!r} is not a valid absolute IRI")
    return text


def is_valid_language(tag: str) -> bool:
    """True for a well-formed BCP 47 tag (``fr``, ``en-GB``, ``zh-Hant-TW``; not ``n``)."""
    return bool(_LANG.match(tag)) and _oxigraph_accepts(language=tag)


def _oxigraph_accepts(*, iri: str | None = None, language: str | None = None) -> bool:
    """Whether Oxigraph takes this IRI or language tag: RFC 3987 and BCP 47 in full.

    The regular expressions above are quick first checks; Oxigraph's parsers are stricter
    (``http://x/a]b`` has a bracket outside a host, ``n`` is no language), and whatever
    they refuse must be refused here, with the file and line, not when the store loads it.
    """
    try:
        if iri is not None:
            ox.NamedNode(iri)
        if language is not None:
            ox.Literal("", language=language)
    except ValueError:
        return False
    return True


def iri_term(iri: str) -> str:
    """``<iri>``; the caller has validated ``iri`` (all minted IRIs are)."""
    return f"<{iri}>"


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates, e.g. from a JSON "\ud800" escape
        return False
    return True


# XML 1.0's Char production, which is also the value space of xsd:string: no C0 control
# but tab and line breaks, no U+FFFE / U+FFFF, no lone surrogate. Text outside it makes
# invalid XML (kg query --format xml, kg serve's XML answers) and is cut short by C-based
# RDF tools (raptor stops at U+0000).
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def invalid_text_char(text: str) -> str | None:
    """The first character of ``text`` that an RDF string cannot hold, as ``U+0000``; or None.

    >>> invalid_text_char("tab\\tand newline\\n"), invalid_text_char("nul\\x00")
    (None, 'U+0000')
    """
    found = _NOT_TEXT.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def is_valid_text(text: str) -> bool:
    """True when ``text`` can be an RDF string's lexical form (see :func:`invalid_text_char`)."""
    return _NOT_TEXT.search(text) is None


def escape_string(text: str) -> str:
    """Escape a lexical form for N-Triples / SPARQL double-quoted strings."""
    if _NEEDS_ESCAPE.search(text):
        return _NEEDS_ESCAPE.sub(_escape_char, text)
    return text


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04X}"


def literal_term(value: str, datatype: str = XSD.string, lang: str | None = None) -> str:
    """A literal in N-Triples syntax; plain strings carry no datatype suffix.

    >>> literal_term('say "hi"', lang="en")
    '"say \\\\"hi\\\\""@en'
    >>> literal_term("1.5", XSD.decimal)
    '"1.5"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    """
    body = f'"{escape_string(value)}"'
    if lang:
        return f"{body}@{lang.lower()}"
    if datatype == XSD.string:
        return body
    return f"{body}^^<{datatype}>"


def canonical_decimal(value: Decimal) -> str:
    """The canonical xsd:decimal lexical form, as Oxigraph stores it.

    >>> canonical_decimal(Decimal("100000000.00")), canonical_decimal(Decimal("-0.0"))
    ('100000000', '0')
    >>> canonical_decimal(Decimal("1E+3"))
    '1000'
    """
    if value == 0:
        return "0"
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def parse_decimal(text: str) -> Decimal:
    """Parse a decimal written by a person (``100000000``, ``1.5e8``, ``2_000``).

    Raises ``ValueError`` for anything that is not a finite number.
    """
    try:
        value = Decimal(str(text).strip().replace("_", ""))
    except InvalidOperation:
        raise ValueError(f"{_short(text)} is not a number") from None
    if not value.is_finite():
        raise ValueError(f"{_short(text)} is not a finite number")
    if value and not -MAX_DECIMAL_EXPONENT <= value.adjusted() <= MAX_DECIMAL_EXPONENT:
        # 1e999999999 is finite, but written out (as xsd:decimal must be) it is a billion
        # digits: the canonical form alone would take minutes and gigabytes.
        raise ValueError(
            f"{_short(text)} is out of range: a decimal has at most "
            f"{MAX_DECIMAL_EXPONENT} digits before or after the point"
        )
    return value


#: Largest power of ten (positive or negative) a decimal may reach.
MAX_DECIMAL_EXPONENT = 1000


def _short(text: str) -> str:
    """``text`` for an error message, cut to a readable length."""
    return repr(text) if len(text) <= 60 else repr(text[:40]) + f"… ({len(text):,} characters)"


def canonical_literal(lit: Literal) -> Literal:
    """Normalise a literal the way the store will, for the types claimgraph writes.

    Decimals, integers and booleans get their canonical lexical forms; language tags are
    lower-cased (RDF 1.1 treats them case-insensitively, Oxigraph stores them lower-case).
    Other datatypes are kept as written.
    """
    if lit.lang:
        return Literal(lit.value, RDF_LANGSTRING, lit.lang.lower())
    dt = lit.datatype
    try:
        if dt == XSD.decimal:
            # Oxigraph canonicalises the decimals it can compute with (128 bits, 18
            # fraction digits) and keeps the others as written; writing every one in
            # canonical form makes -1E-27 and -1.0E-27 one value, hence one proposition.
            return Literal(canonical_decimal(parse_decimal(lit.value)), dt)
        if dt == XSD.integer:
            return Literal(str(int(lit.value.strip())), dt)
        if dt == XSD.boolean:
            return Literal({"1": "true", "0": "false"}.get(lit.value, lit.value), dt)
    except ValueError:
        return lit
    return lit
