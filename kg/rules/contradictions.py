"""The docs/rules.md rules: which claims contradict, which corroborate. Pure functions, no store.

Claims are compared only inside buckets: claims about the same proposition, and — for
functional predicates — claims with the same subject and predicate. Detection is therefore
linear in the number of claims plus the pairs inside each bucket, never all pairs.

>>> from decimal import Decimal
>>> from kg.model import Amount
>>> altman = ClaimFacts("c:altman", True, "p:1", "s:meta", "p:bonus", "<o:staff>",
...                     amount=Amount(min=Decimal(100_000_000), currency="USD"))
>>> beyer = ClaimFacts("c:beyer", False, "p:2", "s:meta", "p:bonus", "<o:trio>",
...                    amount=Amount(value=Decimal(100_000_000), currency="USD"),
...                    responds_to=("c:altman",))
>>> [(f.kind, f.first, f.second) for f in detect([altman, beyer]).contradictions]
[('rebuttal', 'c:beyer', 'c:altman')]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import combinations

from kg.model import Amount, During
from kg.rdf.intervals import EVERYTHING, Interval

__all__ = [
    "KINDS",
    "ClaimFacts",
    "Finding",
    "Findings",
    "bucket_findings",
    "corroborate",
    "detect",
    "find_corroborations",
    "find_functional_conflicts",
    "find_incompatible_amounts",
    "find_opposite_stance",
    "find_rebuttals",
]

OPPOSITE_STANCE = "opposite-stance"
INCOMPATIBLE_VALUE = "incompatible-value"
REBUTTAL = "rebuttal"
KINDS = (OPPOSITE_STANCE, INCOMPATIBLE_VALUE, REBUTTAL)


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    """One claim as the rules and the reason sentences see it: the one claim record that
    ingest, rebuild and the reads share.

    ``object`` is the object's N-Triples form, so IRIs and literals compare exactly.
    ``amount`` ``None`` means "no amount" (every amount, every unit); ``during`` ``None``
    means all time. The intervals the rules compare (:attr:`amount_span`,
    :attr:`during_span`) are worked out once, when the record is made.
    """

    iri: str
    asserts: bool
    proposition: str
    subject: str
    predicate: str
    object: str
    claimant: str = ""
    amount: Amount | None = None
    during: During | None = None
    responds_to: tuple[str, ...] = ()
    functional: bool = False
    amount_span: Interval | None = field(init=False, compare=False, repr=False)
    currency: str | None = field(init=False, compare=False, repr=False)
    during_span: Interval | None = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        amount, during = self.amount, self.during
        object.__setattr__(self, "amount_span", amount.interval if amount else None)
        object.__setattr__(self, "currency", amount.currency if amount else None)
        object.__setattr__(self, "during_span", during.interval if during else None)


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One contradiction: ``first`` and ``second`` in a fixed order for the kind.

    For opposite-stance and rebuttal, ``first`` is the denial; for incompatible-value the
    two claims are sorted by IRI, so a finding never depends on input order.
    """

    kind: str
    first: str
    second: str
    #: for incompatible-value: "amount" or "functional"
    detail: str = ""

    @property
    def claims(self) -> tuple[str, str]:
        return (self.first, self.second)


@dataclass
class Findings:
    """Everything the rules found over a set of claims."""

    contradictions: list[Finding] = field(default_factory=list)
    #: pairs of claim IRIs, each sorted
    corroborations: list[tuple[str, str]] = field(default_factory=list)

    def contested_claims(self) -> set[str]:
        return {iri for f in self.contradictions for iri in f.claims}


def opposes(asserting: ClaimFacts, denying: ClaimFacts) -> bool:
    """Rule 1 for one pair about the same proposition.

    The asserted amount must lie inside the denied one (a denial without amount covers
    every amount), and when the denial has a ``during``, so must the assertion's.
    """
    if denying.amount_span is not None:
        if asserting.amount_span is None or asserting.currency != denying.currency:
            return False
        if not asserting.amount_span.inside(denying.amount_span):
            return False
    if denying.during_span is not None:
        return (asserting.during_span or EVERYTHING).inside(denying.during_span)
    return True


def corroborate(a: ClaimFacts, b: ClaimFacts) -> bool:
    """Both assert the same proposition and their amounts overlap (no amount covers all)."""
    if not (a.asserts and b.asserts and a.proposition == b.proposition):
        return False
    if a.amount_span is None or b.amount_span is None:
        return True
    return a.currency == b.currency and a.amount_span.overlaps(b.amount_span)


def find_opposite_stance(bucket: Iterable[ClaimFacts]) -> Iterator[Finding]:
    """Rule 1 over claims about one proposition."""
    claims = list(bucket)
    denials = [c for c in claims if not c.asserts]
    if not denials:
        return
    for asserting in (c for c in claims if c.asserts):
        for denying in denials:
            if opposes(asserting, denying):
                yield Finding(OPPOSITE_STANCE, denying.iri, asserting.iri)


def find_incompatible_amounts(bucket: Iterable[ClaimFacts]) -> Iterator[Finding]:
    """Rule 2, amounts: two assertions of one proposition whose amounts cannot both hold."""
    with_amounts = sorted((c for c in bucket if c.asserts and c.amount_span is not None), key=_iri)
    for a, b in combinations(with_amounts, 2):
        if a.amount_span is None or b.amount_span is None or a.currency != b.currency:
            continue
        if not a.amount_span.overlaps(b.amount_span):
            yield Finding(INCOMPATIBLE_VALUE, a.iri, b.iri, "amount")


def find_functional_conflicts(bucket: Iterable[ClaimFacts]) -> Iterator[Finding]:
    """Rule 2, functional predicates: same subject, other object, overlapping ``during``."""
    asserting = sorted((c for c in bucket if c.asserts), key=_iri)
    by_object: dict[str, list[ClaimFacts]] = defaultdict(list)
    for claim in asserting:
        by_object[claim.object].append(claim)
    if len(by_object) < 2:
        return
    for a, b in combinations(asserting, 2):
        if a.object != b.object and (a.during_span or EVERYTHING).overlaps(
            b.during_span or EVERYTHING
        ):
            yield Finding(INCOMPATIBLE_VALUE, a.iri, b.iri, "functional")


def find_rebuttals(claims: Iterable[ClaimFacts], known: dict[str, ClaimFacts]) -> Iterator[Finding]:
    """Rule 3: a denial that lists another known claim in ``responds_to``."""
    for claim in claims:
        if claim.asserts:
            continue
        for target in claim.responds_to:
            if target in known and target != claim.iri:
                yield Finding(REBUTTAL, claim.iri, target)


def find_corroborations(bucket: Iterable[ClaimFacts]) -> Iterator[tuple[str, str]]:
    """Pairs of assertions of one proposition with overlapping (or missing) amounts."""
    asserting = sorted((c for c in bucket if c.asserts), key=_iri)
    for a, b in combinations(asserting, 2):
        if corroborate(a, b):
            yield (a.iri, b.iri)


def _iri(claim: ClaimFacts) -> str:
    return claim.iri


def buckets(claims: Iterable[ClaimFacts]) -> tuple[dict[str, list[ClaimFacts]], dict]:
    """Group claims by proposition, and functional claims by (subject, predicate)."""
    by_prop: dict[str, list[ClaimFacts]] = defaultdict(list)
    by_subject_predicate: dict[tuple[str, str], list[ClaimFacts]] = defaultdict(list)
    for claim in claims:
        by_prop[claim.proposition].append(claim)
        if claim.functional:
            by_subject_predicate[(claim.subject, claim.predicate)].append(claim)
    return by_prop, by_subject_predicate


def detect(claims: Iterable[ClaimFacts]) -> Findings:
    """Apply every rule to ``claims``."""
    claims = list(claims)
    findings = bucket_findings(claims)
    found = set(findings.contradictions)
    found.update(find_rebuttals(claims, {c.iri: c for c in claims}))
    return Findings(sorted(found), findings.corroborations)


def bucket_findings(claims: Iterable[ClaimFacts]) -> Findings:
    """Rules 1 and 2 and corroboration, inside buckets only; rebuttals are looked for apart
    (:func:`find_rebuttals`), since a reply may answer a claim of any bucket."""
    by_prop, by_subject_predicate = buckets(claims)
    found: set[Finding] = set()
    corroborations: set[tuple[str, str]] = set()
    for bucket in by_prop.values():
        if len(bucket) < 2:
            continue
        found.update(find_opposite_stance(bucket))
        found.update(find_incompatible_amounts(bucket))
        corroborations.update(find_corroborations(bucket))
    for bucket in by_subject_predicate.values():
        if len(bucket) > 1:
            found.update(find_functional_conflicts(bucket))
    return Findings(sorted(found), sorted(corroborations))
