"""The SPEC §3 rules: which claims contradict, which corroborate. Pure functions, no store.

Claims are compared only inside buckets: claims about the same proposition, and — for
functional predicates — claims with the same subject and predicate. Detection is therefore
linear in the number of claims plus the pairs inside each bucket, never all pairs.

>>> from decimal import Decimal
>>> altman = ClaimFacts("c:altman", True, "p:1", "s:meta", "p:bonus", "<o:staff>",
...                     amount=Interval(Decimal(100_000_000), None), currency="USD")
>>> beyer = ClaimFacts("c:beyer", False, "p:2", "s:meta", "p:bonus", "<o:trio>",
...                    amount=Interval(Decimal(100_000_000), Decimal(100_000_000)),
...                    currency="USD", responds_to=("c:altman",))
>>> [(f.kind, f.first, f.second) for f in detect([altman, beyer]).contradictions]
[('rebuttal', 'c:beyer', 'c:altman')]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import combinations

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
    """What the rules need to know about one claim.

    ``object`` is the object's N-Triples form, so IRIs and literals compare exactly.
    ``amount`` ``None`` means "no amount" (every amount, every currency); ``during``
    ``None`` means all time.
    """

    iri: str
    asserts: bool
    proposition: str
    subject: str
    predicate: str
    object: str
    amount: Interval | None = None
    currency: str | None = None
    during: Interval | None = None
    responds_to: tuple[str, ...] = ()
    functional: bool = False


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


def _amounts_comparable(a: ClaimFacts, b: ClaimFacts) -> bool:
    return a.amount is not None and b.amount is not None and a.currency == b.currency


def opposes(asserting: ClaimFacts, denying: ClaimFacts) -> bool:
    """Rule 1 for one pair about the same proposition.

    The asserted amount must lie inside the denied one (a denial without amount covers
    every amount), and when the denial has a ``during``, so must the assertion's.
    """
    if denying.amount is not None:
        if asserting.amount is None or asserting.currency != denying.currency:
            return False
        if not asserting.amount.inside(denying.amount):
            return False
    if denying.during is not None:
        return (asserting.during or EVERYTHING).inside(denying.during)
    return True


def corroborate(a: ClaimFacts, b: ClaimFacts) -> bool:
    """Both assert the same proposition and their amounts overlap (no amount covers all)."""
    if not (a.asserts and b.asserts and a.proposition == b.proposition):
        return False
    if a.amount is None or b.amount is None:
        return True
    return a.currency == b.currency and a.amount.overlaps(b.amount)


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
    with_amounts = sorted((c for c in bucket if c.asserts and c.amount is not None), key=_iri)
    for a, b in combinations(with_amounts, 2):
        if a.amount is None or b.amount is None or a.currency != b.currency:
            continue
        if not a.amount.overlaps(b.amount):
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
        if a.object != b.object and (a.during or EVERYTHING).overlaps(b.during or EVERYTHING):
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


def detect(
    claims: Iterable[ClaimFacts], rebuttal_targets: dict[str, ClaimFacts] | None = None
) -> Findings:
    """Apply every rule to ``claims``.

    ``rebuttal_targets`` adds claims that denials may answer without being compared
    otherwise (the incremental engine passes claims from untouched buckets this way).
    """
    claims = list(claims)
    findings = bucket_findings(claims)
    found = set(findings.contradictions)
    known = {c.iri: c for c in claims}
    if rebuttal_targets:
        known = {**rebuttal_targets, **known}
    found.update(find_rebuttals(claims, known))
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
