"""Human words for graph things: names for IRIs, amounts, periods, and contradiction reasons.

Reasons are written once, when a contradiction is derived, and stored as its
``rdfs:comment``; they must read the same whatever order claims arrived in.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from kg.model import Amount, ClaimSet, During
from kg.rules.contradictions import ClaimFacts, Contradiction
from kg.vocab import PREFIXES

__all__ = [
    "Labels",
    "describe",
    "format_amount",
    "format_during",
    "plural",
    "short_name",
]

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
_SCALES = (
    (Decimal(10**12), "T"),
    (Decimal(10**9), "B"),
    (Decimal(10**6), "M"),
    (Decimal(10**3), "k"),
)


def plural(count: int, noun: str) -> str:
    """``1 claim``, ``1,204 claims``.

    >>> plural(1, "claim"), plural(1204, "claim")
    ('1 claim', '1,204 claims')
    """
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def short_name(iri: str) -> str:
    """A readable stand-in for an IRI with no label: a CURIE, or its last segment.

    >>> short_name("https://schema.org/worksFor"), short_name("https://ex.org/agent/altman")
    ('schema:worksFor', 'altman')
    """
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or iri


class Labels:
    """Display names for IRIs: agents' and entities' names, predicates' labels or ids."""

    def __init__(self, names: dict[str, str] | None = None) -> None:
        self._names: dict[str, str] = dict(names or {})

    @classmethod
    def from_claimset(cls, claims: ClaimSet) -> Labels:
        names = dict(claims.labels())
        for pred in claims.predicates.values():
            names[pred.iri] = pred.label or pred.id
        for iri, local in claims.implicit_predicates.items():
            names.setdefault(iri, local)
        return cls(names)

    def missing(self, iris: Iterable[str]) -> set[str]:
        """Those of ``iris`` this object has no name for yet."""
        return {i for i in iris if i not in self._names}

    def update(self, names: dict[str, str]) -> Labels:
        """Learn more names (from :func:`kg.store.records.read_labels`); returns ``self``."""
        self._names.update(names)
        return self

    def name(self, iri: str) -> str:
        return self._names.get(iri) or short_name(iri)

    def term(self, term: str) -> str:
        """Name of a node given in N-Triples form (an IRI or a literal)."""
        if term.startswith("<"):
            return self.name(term[1:-1])
        return _literal_text(term)


def _literal_text(term: str) -> str:
    body = term[1 : term.rindex('"')]
    return body.replace('\\"', '"').replace("\\\\", "\\")


def _number(value: Decimal, currency: str | None) -> str:
    symbol = _SYMBOLS.get(currency or "")
    magnitude = abs(value)
    text = None
    for scale, suffix in _SCALES[:-1]:
        if magnitude >= scale and (value / scale) == (value / scale).quantize(Decimal("0.1")):
            text = f"{(value / scale).normalize():f}{suffix}"
            break
    if text is None:
        text = f"{value:,f}" if value == value.to_integral() else f"{value:f}"
    if symbol:
        return f"{'-' if value < 0 else ''}{symbol}{text.lstrip('-')}"
    return f"{text} {currency}" if currency else text


def format_amount(amount: Amount | None) -> str:
    """An amount as people write it.

    >>> format_amount(Amount(min=Decimal(100_000_000), currency="USD"))
    '≥ $100M'
    >>> format_amount(Amount(value=Decimal("2.5E9"), currency="EUR"))
    '€2.5B'
    >>> format_amount(Amount(value=Decimal("7.5"), unit="percent"))
    '7.5%'
    >>> format_amount(Amount(min=Decimal(40), unit="people"))
    '≥ 40 people'
    """
    if amount is None:
        return "any amount"
    if amount.value is not None:
        text = _number(amount.value, amount.currency)
    elif amount.min is not None and amount.max is not None:
        text = f"{_number(amount.min, amount.currency)}–{_number(amount.max, amount.currency)}"
    elif amount.min is not None:
        text = f"≥ {_number(amount.min, amount.currency)}"
    else:
        assert amount.max is not None
        text = f"≤ {_number(amount.max, amount.currency)}"
    if amount.unit == "percent":
        return text + "%"
    return f"{text} {amount.unit}" if amount.unit else text


def format_during(during: During | None) -> str:
    """``from 2025-07``, ``to 2025-06``, ``2023-11-17 – 2023-11-22`` or ``all time``."""
    if during is None:
        return "all time"
    if during.start and during.end:
        if during.start.text == during.end.text:
            return during.start.text
        return f"{during.start.text} – {during.end.text}"
    if during.start:
        return f"from {during.start.text}"
    assert during.end is not None
    return f"to {during.end.text}"


def _extras(record: ClaimFacts, *, with_amount: bool = True, with_period: bool = True) -> str:
    """`` (≥ $100M, 2025-06)``: a claim's amount and period, where it has them."""
    extras = []
    if with_amount and record.amount is not None:
        extras.append(format_amount(record.amount))
    if with_period and record.during is not None:
        extras.append(format_during(record.during))
    return f" ({', '.join(extras)})" if extras else ""


def _statement(
    record: ClaimFacts, labels: Labels, *, with_amount: bool = True, with_period: bool = True
) -> str:
    """What a claim says, in words, with its amount and period."""
    if record.subject is None or record.predicate is None or record.object is None:
        return "…"  # a claim about claims says nothing of its own
    subject, predicate = labels.name(record.subject), labels.name(record.predicate)
    text = f"{subject} {predicate} {labels.term(record.object)}"
    return text + _extras(record, with_amount=with_amount, with_period=with_period)


def describe(contradiction: Contradiction, records: dict[str, ClaimFacts], labels: Labels) -> str:
    """The one-line reason stored with a contradiction: both claimants, and each claim's
    amount and period where it has them.

    It depends on the two claims alone (every kind the pair meets is known from them), so
    every derivation of the pair writes the same sentence.
    """
    first, second = records[contradiction.first], records[contradiction.second]
    who1, who2 = labels.name(first.claimant), labels.name(second.claimant)
    if "rebuttal" in contradiction.kinds:
        answered = f"{who2}'s claim that {_statement(second, labels)}"
        if second.proposition is None:
            answered = f"{who2}'s claim about other claims"
        if first.proposition is None:
            return f"{who1} denies {answered}"
        return f"{who1} denies that {_statement(first, labels)}, answering {answered}"
    if "opposite-stance" in contradiction.kinds:
        own = _extras(first)
        denied = f" (the denial: {own[2:-1]})" if own else ""
        return f"{who1} denies what {who2} asserts: {_statement(second, labels)}{denied}"
    if first.functional and first.object != second.object:
        subject = labels.name(first.subject or "")
        predicate = labels.name(first.predicate or "")
        return (
            f"{who1} and {who2} give {subject} two values of '{predicate}' at once: "
            f"{labels.term(first.object or '')} ({format_during(first.during)}) vs "
            f"{labels.term(second.object or '')} ({format_during(second.during)})"
        )
    return (
        f"{who1} and {who2} give amounts that cannot both hold for "
        f"{_statement(first, labels, with_amount=False, with_period=False)}: "
        f"{format_amount(first.amount)}{_period(first)} vs "
        f"{format_amount(second.amount)}{_period(second)}"
    )


def _period(record: ClaimFacts) -> str:
    return f" ({format_during(record.during)})" if record.during is not None else ""
