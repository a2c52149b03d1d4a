"""Validating what a claim says: its statement (subject, predicate, object), literals,
amounts, periods and quote, each turned into the model's values or reported as a problem.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from kg.inputs.documents import PathKey
from kg.inputs.sheet_context import (
    KNOWN_PREFIXES,
    SheetContext,
    check_keys,
    closest,
    is_encodable,
    kind_of,
    read_date,
    read_text,
    suggest,
)
from kg.model import (
    Amount,
    ClaimSet,
    During,
    Proposition,
    Quote,
    Term,
)
from kg.rdf.dates import parse_partial_date
from kg.rdf.terms import (
    Literal,
    canonical_decimal,
    is_valid_iri,
    is_valid_language,
    parse_decimal,
)
from kg.rdf.to_triples import mint_iri
from kg.vocab import XSD

__all__ = [
    "anchor_form",
    "check_anchored",
    "read_amount",
    "read_during",
    "read_quote",
    "read_source_text",
    "read_statement",
]

_SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
#: what is counted: ``percent``, or a lowercase word (``people``, ``barrels``, ``shares``)
_UNIT = re.compile(r"^[a-z][a-z-]*$")
#: typographic quote marks and apostrophes, and what they count as when a quote is anchored
_PLAIN_QUOTES = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4\u2039\u203a", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    }
)
#: ``datatype`` words a literal may name: the XSD type of the same name.
_LITERAL_TYPES = {
    name: getattr(XSD, name)
    for name in (
        "string",
        "integer",
        "decimal",
        "boolean",
        "date",
        "dateTime",
        "gYear",
        "gYearMonth",
        "anyURI",
    )
}
_DATE_PRECISION = {"date": "day", "dateTime": "instant", "gYear": "year", "gYearMonth": "month"}


def read_statement(
    ctx: SheetContext, item: dict[str, Any], path: PathKey, where: str, result: ClaimSet
) -> Proposition | None:
    value = item.get("statement")
    spath, swhere = path + ("statement",), f"{where}, field 'statement'"
    if value is None:
        ctx.fail(path, where, "missing required field 'statement'")
        return None
    if not isinstance(value, list) or len(value) != 3:
        ctx.fail(spath, swhere, "must be a list of three: [subject, predicate, object]")
        return None
    subject_text = read_text(value[0])
    subject = None
    if subject_text is None:
        ctx.fail(spath + (0,), swhere, "the subject must be an agent or entity id")
    elif subject_text in ctx.claim_ids and subject_text not in ctx.agent_ids:
        ctx.fail(
            spath + (0,),
            swhere,
            f"{subject_text!r} is a claim: a claim cannot be the subject of a statement; "
            "to deny or endorse it, give its id in responds_to (the statement may then go)",
        )
    else:
        subject = _node(ctx, subject_text, spath + (0,), swhere)
    predicate = _predicate_iri(ctx, value[1], spath + (1,), swhere, result)
    obj = _object(ctx, value[2], spath + (2,), swhere)
    if subject is None or predicate is None or obj is None:
        return None
    return Proposition(subject, predicate, obj)


def _node(ctx: SheetContext, local: str, path: PathKey, where: str) -> str | None:
    kind = ctx.agent_ids.get(local)
    if kind is None:
        hint = suggest(ctx, local, "node")
        ctx.unknown(path, where, f"unknown agent or entity id {local!r}{hint}", local)
        return None
    return mint_iri(ctx.base, kind, local)


def _predicate_iri(
    ctx: SheetContext, value: Any, path: PathKey, where: str, result: ClaimSet
) -> str | None:
    text = read_text(value)
    if text is None:
        ctx.fail(path, where, "the predicate must be an id, a snake_case word or an IRI")
        return None
    if text in ctx.predicates:
        return ctx.predicates[text].iri
    if _SNAKE.match(text) and ctx.predicates:
        # A sheet that declares predicates declares all it uses: a typo must not split a
        # proposition in two.
        hint = closest(text, ctx.predicates)
        extra = f" (did you mean '{hint}'?)" if hint else ""
        ctx.fail(
            path,
            where,
            f"undeclared predicate {text!r}{extra}: this sheet declares its predicates, "
            "so it must declare every one it uses",
        )
        return None
    if _SNAKE.match(text):
        iri = mint_iri(ctx.base, "predicate", text)
        result.implicit_predicates.setdefault(iri, text)
        return iri
    prefix, sep, rest = text.partition(":")
    if sep and prefix in KNOWN_PREFIXES and not rest.startswith("//"):
        iri = KNOWN_PREFIXES[prefix] + rest
        if is_valid_iri(iri) and rest:
            return iri
    elif sep and is_valid_iri(text) and prefix.lower() in ("http", "https", "urn"):
        return text
    known = ", ".join(sorted(KNOWN_PREFIXES))
    ctx.fail(
        path,
        where,
        f"predicate {text!r} is not declared, not a snake_case word and not an IRI or CURIE "
        f"with a known prefix ({known})",
    )
    return None


def _object(ctx: SheetContext, value: Any, path: PathKey, where: str) -> Term | None:
    if isinstance(value, dict):
        return _literal(ctx, value, path, where)
    text = read_text(value)
    if text is not None and text in ctx.agent_ids:
        return mint_iri(ctx.base, ctx.agent_ids[text], text)
    if text is not None:
        hint = suggest(ctx, text, "node")
        ctx.unknown(
            path,
            where,
            f"unknown agent or entity id {text!r}{hint}; write a literal as "
            "{value: ...} or {text: ..., lang: ...}",
            text,
        )
    else:
        ctx.fail(
            path, where, f"the object must be an id or a literal mapping, not {kind_of(value)}"
        )
    return None


def _literal(ctx: SheetContext, value: dict[str, Any], path: PathKey, where: str) -> Term | None:
    if "iri" in value:
        iri = value["iri"]
        if set(value) != {"iri"} or not isinstance(iri, str) or not is_valid_iri(iri):
            ctx.fail(path, where, "{iri: ...} takes one valid absolute IRI and nothing else")
            return None
        return iri
    if "text" in value:
        check_keys(ctx, value, {"text", "lang"}, path, where)
        text, lang = read_text(value["text"]), value.get("lang")
        if text is None or not is_encodable(text):
            ctx.fail(path, where, "'text' must be a string")
            return None
        if lang is not None and (not isinstance(lang, str) or not is_valid_language(lang)):
            ctx.fail(path, where, f"{lang!r} is not a BCP 47 language tag")
            return None
        return Literal(text, lang=lang.lower()) if lang else Literal(text)
    if "value" not in value:
        ctx.fail(path, where, "a literal is {value: ..., datatype: ...} or {text: ..., lang: ...}")
        return None
    check_keys(ctx, value, {"value", "datatype"}, path, where)
    return _typed_literal(ctx, value["value"], value.get("datatype"), path, where)


def _typed_literal(
    ctx: SheetContext, raw: Any, dtype: Any, path: PathKey, where: str
) -> Term | None:
    if dtype is None:
        if isinstance(raw, bool):
            return Literal("true" if raw else "false", XSD.boolean)
        if isinstance(raw, int):
            return Literal(str(int(raw)), XSD.integer)
        if isinstance(raw, Decimal):  # checked like {datatype: decimal}: 1e999999999 is refused
            return _typed_literal(ctx, raw, "decimal", path, where)
        if isinstance(raw, str) and is_encodable(raw):
            return Literal(raw)
        ctx.fail(path, where, f"{kind_of(raw)} is not a literal value")
        return None
    if not isinstance(dtype, str):
        ctx.fail(path, where, "'datatype' must be a name such as date or decimal")
        return None
    name = dtype.removeprefix("xsd:")
    datatype = _LITERAL_TYPES.get(name)
    if datatype is None:
        if is_valid_iri(dtype) and dtype.lower().startswith(("http://", "https://")):
            text = read_text(raw)
            if text is None or not is_encodable(text):
                ctx.fail(path, where, f"{kind_of(raw)} is not a value of datatype <{dtype}>")
                return None
            return Literal(text, dtype)
        ctx.fail(path, where, f"unknown datatype {dtype!r} ({', '.join(_LITERAL_TYPES)})")
        return None
    try:
        return Literal(_lexical(name, raw), datatype)
    except ValueError as exc:
        ctx.fail(path, where, f"{raw!r} is not a valid {name}: {exc}")
        return None


def _lexical(name: str, raw: Any) -> str:
    if name in _DATE_PRECISION:
        parsed = parse_partial_date(raw)
        if parsed.precision != _DATE_PRECISION[name]:
            raise ValueError("wrong precision for this datatype")
        return parsed.text
    text = read_text(raw) if not isinstance(raw, bool) else ("true" if raw else "false")
    if text is None or not is_encodable(text):
        raise ValueError("not a scalar")
    if name == "integer":
        return str(int(text.strip()))
    if name == "decimal":
        return str(parse_decimal(text))
    if name == "boolean":
        if text not in ("true", "false"):
            raise ValueError("expected true or false")
        return text
    if name == "anyURI" and not is_valid_iri(text):
        raise ValueError("not an absolute IRI")
    return text


def subfield(where: str, key: str) -> str:
    """``claim 'c', field 'amount'`` → ``claim 'c', field 'amount.min'``."""
    return where[:-1] + f".{key}'" if where.endswith("'") else f"{where}.{key}"


def _number(ctx: SheetContext, value: Any, path: PathKey, where: str) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        ctx.fail(path, where, f"{kind_of(value)} is not a number")
        return None
    try:
        number = parse_decimal(value if isinstance(value, str) else str(value))
        # Trailing zeros are not part of the value: 0.94030 and 0.9403 are one amount, and
        # the store keeps the canonical form, so the model does too.
        return Decimal(canonical_decimal(number))
    except ValueError as exc:
        hint = ""
        if isinstance(value, str) and any(c.isdigit() for c in value):
            hint = (
                " (write the number alone, e.g. 24e9 or 24000000000 for $24bn,"
                " with the currency or unit beside it)"
            )
        ctx.fail(path, where, f"{exc}{hint}")
        return None


def read_amount(ctx: SheetContext, value: Any, path: PathKey, where: str) -> Amount | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            ctx.fail(path, where, "write an amount as {value: N, currency: USD} (or min / max)")
        else:
            ctx.fail(path, where, "must be a mapping with value, min or max, and currency or unit")
        return None
    check_keys(ctx, value, {"value", "min", "max", "currency", "unit"}, path, where)
    numbers: dict[str, Decimal | None] = {}
    for key in ("value", "min", "max"):
        numbers[key] = None
        if value.get(key) is not None:
            numbers[key] = _number(ctx, value[key], path + (key,), subfield(where, key))
    if all(key not in value for key in ("value", "min", "max")):
        ctx.fail(path, where, "an amount needs a value, a min or a max")
        return None
    if "value" in value and ("min" in value or "max" in value):
        ctx.fail(path, where, "give either a value, or a min and/or a max, not both")
        return None
    low, high = numbers["min"], numbers["max"]
    if low is not None and high is not None and low > high:
        ctx.fail(path, where, f"min {low} is greater than max {high}")
        return None
    currency, unit = value.get("currency"), value.get("unit")
    if currency is not None and unit is not None:
        ctx.fail(path, where, "give a currency (money) or a unit (what is counted), not both")
        return None
    if currency is not None:
        if not isinstance(currency, str) or not _CURRENCY.match(currency.upper()):
            hint = (
                " (a percentage is written {value: 7.5, unit: percent})"
                if currency in ("%", "percent", "pct")
                else " (an ISO 4217 code such as USD, EUR, GBP; for what is counted, use unit)"
            )
            ctx.fail(
                path + ("currency",),
                subfield(where, "currency"),
                f"{currency!r} is not a currency code{hint}",
            )
            return None
        currency = currency.upper()
    if unit is not None:
        unit = "percent" if unit == "%" else unit
        if not isinstance(unit, str) or not _UNIT.match(unit):
            ctx.fail(
                path + ("unit",),
                subfield(where, "unit"),
                f"{unit!r} is not a unit: write percent, or a lowercase word such as people",
            )
            return None
    return Amount(numbers["value"], low, high, currency, unit)


def read_during(ctx: SheetContext, value: Any, path: PathKey, where: str) -> During | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        ctx.fail(path, where, "must be a mapping with 'from' and/or 'to'")
        return None
    check_keys(ctx, value, {"from", "to"}, path, where)
    if value.get("from") is None and value.get("to") is None:
        ctx.fail(path, where, "needs 'from' and/or 'to'")
        return None
    start = end = None
    if value.get("from") is not None:
        start = read_date(ctx, value["from"], path + ("from",), subfield(where, "from"))
    if value.get("to") is not None:
        end = read_date(ctx, value["to"], path + ("to",), subfield(where, "to"))
    if start and end and start.start > end.end:
        ctx.fail(path, where, f"'from' {start.text} is after 'to' {end.text}")
        return None
    return During(start, end)


def read_quote(
    ctx: SheetContext, value: Any, language: str | None, path: PathKey, where: str
) -> Quote | None:
    if value is None:
        return None
    if isinstance(value, str):
        if not value.strip() or not is_encodable(value):
            ctx.fail(path, where, "must be non-empty text")
            return None
        return Quote(value, language)
    if not isinstance(value, dict):
        ctx.fail(path, where, "must be text or {text: ..., lang: ...}")
        return None
    check_keys(ctx, value, {"text", "lang"}, path, where)
    text = value.get("text")
    if not isinstance(text, str) or not text.strip() or not is_encodable(text):
        ctx.fail(path, where, "'text' must be non-empty text")
        return None
    lang = value.get("lang", language)
    if lang is not None and (not isinstance(lang, str) or not is_valid_language(lang)):
        ctx.fail(
            path + ("lang",), subfield(where, "lang"), f"{lang!r} is not a BCP 47 language tag"
        )
        return None
    return Quote(text, lang.lower() if lang else None)


def anchor_form(text: str) -> str:
    """``text`` as quotes are compared with their article: white space folded, typographic
    quote marks and apostrophes made plain."""
    return " ".join(text.translate(_PLAIN_QUOTES).split())


def read_source_text(ctx: SheetContext, value: Any, path: PathKey, where: str) -> str | None:
    """A source's ``text``: a local copy of the article, relative to the sheet; its
    :func:`anchor_form`, against which the claims' quotes are checked."""
    if not isinstance(value, str) or not value.strip():
        ctx.fail(path, where, "must be the path of a text file, relative to the sheet")
        return None
    base = Path(ctx.file).parent if not ctx.file.startswith("<") else Path()
    target = base / value
    try:
        return anchor_form(target.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        ctx.fail(path, where, f"{value!r} is not UTF-8 text")
    except OSError as exc:
        ctx.fail(path, where, f"cannot read {value!r}: {exc.strerror or exc}")
    return None


def check_anchored(ctx: SheetContext, quote: str, text: str, path: PathKey, where: str) -> None:
    """Refuse a quote that does not stand in its source's text (a misquote)."""
    if anchor_form(quote) not in text:
        ctx.fail(
            path,
            f"{where}, field 'quote'",
            "the quote is not in the source's text word for word (white space and "
            "typographic quote marks aside): a quote must be the exact words",
        )
