"""The rules of docs/rules.md: which claims contradict, which corroborate. Pure functions.

Claims are compared only inside buckets: claims about the same proposition, and — for
functional predicates — claims with the same subject and predicate. Replies
(``responds_to``) are looked up by IRI. Detection is therefore linear in the number of
claims plus the pairs inside each bucket, never all pairs.

A pair of claims contradicts at most once: the ``find_…`` functions only propose pairs,
and :func:`contradiction_between` decides, for a pair, every rule it meets. So the same
two claims give the same :class:`Contradiction` (kinds, order) whichever rule found them
and whichever pass of an incremental derivation looked at them.

>>> from decimal import Decimal
>>> from kg.model import Amount
>>> altman = ClaimFacts("c:altman", "asserts", "p:1", "s:meta", "p:bonus", "<o:staff>",
...                     amount=Amount(min=Decimal(100_000_000), currency="USD"))
>>> beyer = ClaimFacts("c:beyer", "denies", "p:2", "s:meta", "p:bonus", "<o:trio>",
...                    amount=Amount(value=Decimal(100_000_000), currency="USD"),
...                    responds_to=("c:altman",))
>>> [(c.kinds, c.first, c.second) for c in detect([altman, beyer]).contradictions]
[(('rebuttal',), 'c:beyer', 'c:altman')]
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
    "Contradiction",
    "Findings",
    "Pair",
    "bucket_findings",
    "contradiction_between",
    "corroborate",
    "detect",
    "find_corroborations",
    "find_endorsements",
    "find_functional_conflicts",
    "find_incompatible_amounts",
    "find_opposite_stance",
    "find_rebuttals",
    "judge",
]

OPPOSITE_STANCE = "opposite-stance"
INCOMPATIBLE_VALUE = "incompatible-value"
REBUTTAL = "rebuttal"
#: every rule, in the order a contradiction lists the kinds it meets
KINDS = (OPPOSITE_STANCE, INCOMPATIBLE_VALUE, REBUTTAL)

ASSERTS, DENIES, DECLINES = "asserts", "denies", "declines"

Pair = tuple[str, str]


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    """One claim as the rules and the reason sentences see it: the one claim record that
    ingest, rebuild and the reads share.

    ``stance`` is ``asserts``, ``denies`` or ``declines``. ``proposition``, ``subject``,
    ``predicate`` and ``object`` are None for a claim about claims (``responds_to`` and no
    statement). ``object`` is the object's N-Triples form, so IRIs and literals compare
    exactly. ``amount`` None means "no amount" (every amount, every unit); ``during`` None
    means all time. The intervals the rules compare are worked out once, when the record
    is made.
    """

    iri: str
    stance: str
    proposition: str | None
    subject: str | None
    predicate: str | None
    object: str | None
    claimant: str = ""
    amount: Amount | None = None
    during: During | None = None
    responds_to: tuple[str, ...] = ()
    functional: bool = False
    amount_span: Interval | None = field(init=False, compare=False, repr=False)
    during_span: Interval | None = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        amount, during = self.amount, self.during
        object.__setattr__(self, "amount_span", amount.interval if amount else None)
        object.__setattr__(self, "during_span", during.interval if during else None)

    @property
    def asserts(self) -> bool:
        return self.stance == ASSERTS

    @property
    def denies(self) -> bool:
        return self.stance == DENIES

    @property
    def measure(self) -> tuple[str | None, str | None] | None:
        """(currency, unit) of the amount; None without one."""
        return self.amount.measure if self.amount is not None else None


@dataclass(frozen=True, slots=True, order=True)
class Contradiction:
    """Two claims that cannot both be true, and every rule (``kinds``) the pair meets.

    ``first`` answers or denies ``second`` when the pair is a rebuttal or an opposite
    stance; otherwise the two are sorted by IRI, so the order never depends on input order.
    """

    first: str
    second: str
    kinds: tuple[str, ...]

    @property
    def kind(self) -> str:
        """The first rule the pair meets (in the order of :data:`KINDS`)."""
        return self.kinds[0]

    @property
    def claims(self) -> tuple[str, str]:
        return (self.first, self.second)


@dataclass
class Findings:
    """Everything the rules found over a set of claims."""

    contradictions: list[Contradiction] = field(default_factory=list)
    #: pairs of claim IRIs, each sorted
    corroborations: list[Pair] = field(default_factory=list)

    def contested_claims(self) -> set[str]:
        return {iri for c in self.contradictions for iri in c.claims}


# --- the rules for one pair ------------------------------------------------------------------


def same_period(a: ClaimFacts, b: ClaimFacts) -> bool:
    """Figures are compared only over the same period, or where one claim gives none."""
    return a.during_span is None or b.during_span is None or a.during_span == b.during_span


def opposes(asserting: ClaimFacts, denying: ClaimFacts) -> bool:
    """Rule 1 for one pair about the same proposition.

    The asserted amount must lie inside the denied one (a denial without amount covers
    every amount; amounts of another currency or unit are never inside), and when the
    denial has a ``during``, so must the assertion's.
    """
    if denying.amount_span is not None:
        if asserting.amount_span is None or asserting.measure != denying.measure:
            return False
        if not asserting.amount_span.inside(denying.amount_span):
            return False
    if denying.during_span is not None:
        return (asserting.during_span or EVERYTHING).inside(denying.during_span)
    return True


def amounts_clash(a: ClaimFacts, b: ClaimFacts) -> bool:
    """Rule 2, amounts: two figures of one measure, for one period, that cannot both hold."""
    if a.amount_span is None or b.amount_span is None or a.measure != b.measure:
        return False
    return same_period(a, b) and not a.amount_span.overlaps(b.amount_span)


def functional_clash(a: ClaimFacts, b: ClaimFacts) -> bool:
    """Rule 2, functional predicates: same subject, another object, overlapping periods."""
    return (
        a.functional
        and b.functional
        and a.subject == b.subject
        and a.predicate == b.predicate
        and a.object != b.object
        and (a.during_span or EVERYTHING).overlaps(b.during_span or EVERYTHING)
    )


def answers(denial: ClaimFacts, other: ClaimFacts) -> bool:
    """Rule 3: a denial that lists ``other`` in ``responds_to``."""
    return denial.denies and other.iri in denial.responds_to and denial.iri != other.iri


def contradiction_between(a: ClaimFacts, b: ClaimFacts) -> Contradiction | None:
    """Every rule the pair (a, b) meets, as one :class:`Contradiction`, or None."""
    if DECLINES in (a.stance, b.stance) or a.iri == b.iri:
        return None
    kinds = []
    about_one = a.proposition is not None and a.proposition == b.proposition
    if about_one and a.asserts != b.asserts:
        asserting, denying = (a, b) if a.asserts else (b, a)
        if opposes(asserting, denying):
            kinds.append(OPPOSITE_STANCE)
    both_assert = a.asserts and b.asserts
    if both_assert and ((about_one and amounts_clash(a, b)) or functional_clash(a, b)):
        kinds.append(INCOMPATIBLE_VALUE)
    a_answers, b_answers = answers(a, b), answers(b, a)
    if a_answers or b_answers:
        kinds.append(REBUTTAL)
    if not kinds:
        return None
    if a_answers != b_answers:
        first, second = (a, b) if a_answers else (b, a)
    elif a.asserts != b.asserts and about_one:
        first, second = (b, a) if a.asserts else (a, b)
    else:
        first, second = sorted((a, b), key=_iri)
    return Contradiction(first.iri, second.iri, tuple(kinds))


def corroborate(a: ClaimFacts, b: ClaimFacts) -> bool:
    """Both assert the same proposition over the same period, and their amounts overlap
    (a missing amount covers every amount)."""
    if not (a.asserts and b.asserts and a.proposition and a.proposition == b.proposition):
        return False
    if not same_period(a, b):
        return False
    if a.amount_span is None or b.amount_span is None:
        return True
    return a.measure == b.measure and a.amount_span.overlaps(b.amount_span)


# --- proposing pairs inside buckets -----------------------------------------------------------


def find_opposite_stance(bucket: Iterable[ClaimFacts]) -> Iterator[Pair]:
    """Rule 1 over claims about one proposition."""
    claims = list(bucket)
    denials = [c for c in claims if c.denies]
    for asserting in (c for c in claims if c.asserts) if denials else ():
        for denying in denials:
            if opposes(asserting, denying):
                yield (denying.iri, asserting.iri)


def find_incompatible_amounts(bucket: Iterable[ClaimFacts]) -> Iterator[Pair]:
    """Rule 2, amounts: two assertions of one proposition whose figures cannot both hold."""
    with_amounts = sorted((c for c in bucket if c.asserts and c.amount is not None), key=_iri)
    for a, b in combinations(with_amounts, 2):
        if amounts_clash(a, b):
            yield (a.iri, b.iri)


def find_functional_conflicts(bucket: Iterable[ClaimFacts]) -> Iterator[Pair]:
    """Rule 2, functional predicates, over claims with one subject and one predicate."""
    asserting = sorted((c for c in bucket if c.asserts), key=_iri)
    if len({c.object for c in asserting}) < 2:
        return
    for a, b in combinations(asserting, 2):
        if functional_clash(a, b):
            yield (a.iri, b.iri)


def find_rebuttals(claims: Iterable[ClaimFacts], known: dict[str, ClaimFacts]) -> Iterator[Pair]:
    """Rule 3: a denial (blanket or not) and each known claim it lists in ``responds_to``."""
    for claim in claims:
        if not claim.denies:
            continue
        for target in claim.responds_to:
            other = known.get(target)
            if other is not None and target != claim.iri and other.stance != DECLINES:
                yield (claim.iri, target)


def find_endorsements(claims: Iterable[ClaimFacts], known: dict[str, ClaimFacts]) -> Iterator[Pair]:
    """An endorsement (an assertion about claims, with no statement) corroborates each
    known claim it lists."""
    for claim in claims:
        if not claim.asserts or claim.proposition is not None:
            continue
        for target in claim.responds_to:
            other = known.get(target)
            if other is not None and target != claim.iri and other.stance != DECLINES:
                yield tuple(sorted((claim.iri, target)))  # type: ignore[misc]


def find_corroborations(bucket: Iterable[ClaimFacts]) -> Iterator[Pair]:
    """Pairs of assertions of one proposition that agree (see :func:`corroborate`)."""
    asserting = sorted((c for c in bucket if c.asserts), key=_iri)
    for a, b in combinations(asserting, 2):
        if corroborate(a, b):
            yield (a.iri, b.iri)


def _iri(claim: ClaimFacts) -> str:
    return claim.iri


def buckets(claims: Iterable[ClaimFacts]) -> tuple[dict[str, list[ClaimFacts]], dict]:
    """Group claims by proposition, and functional claims by (subject, predicate).

    Non-answers (``declines``) and claims about claims are in no bucket.
    """
    by_prop: dict[str, list[ClaimFacts]] = defaultdict(list)
    by_subject_predicate: dict[tuple[str, str], list[ClaimFacts]] = defaultdict(list)
    for claim in claims:
        if claim.proposition is None or claim.stance == DECLINES:
            continue
        by_prop[claim.proposition].append(claim)
        if claim.functional:
            assert claim.subject is not None and claim.predicate is not None
            by_subject_predicate[(claim.subject, claim.predicate)].append(claim)
    return by_prop, by_subject_predicate


def judge(pairs: Iterable[Pair], known: dict[str, ClaimFacts]) -> list[Contradiction]:
    """One :class:`Contradiction` per distinct pair, with every kind it meets, sorted."""
    seen: set[frozenset[str]] = set()
    out = []
    for a, b in pairs:
        key = frozenset((a, b))
        if key in seen:
            continue
        seen.add(key)
        found = contradiction_between(known[a], known[b])
        if found is not None:
            out.append(found)
    return sorted(out)


def detect(claims: Iterable[ClaimFacts]) -> Findings:
    """Apply every rule to ``claims``."""
    claims = list(claims)
    known = {c.iri: c for c in claims}
    findings = bucket_findings(claims)
    pairs = [c.claims for c in findings.contradictions]
    pairs += find_rebuttals(claims, known)
    corroborations = set(findings.corroborations) | set(find_endorsements(claims, known))
    return Findings(judge(pairs, known), sorted(corroborations))


def bucket_findings(claims: Iterable[ClaimFacts]) -> Findings:
    """Rules 1 and 2 and corroboration, inside buckets only; replies (rebuttals and
    endorsements) are looked for apart, since a reply may answer a claim of any bucket.

    A pair found here is judged whole (:func:`contradiction_between`), so it carries the
    rebuttal kind too when one of its claims answers the other.
    """
    claims = list(claims)
    known = {c.iri: c for c in claims}
    by_prop, by_subject_predicate = buckets(claims)
    pairs: list[Pair] = []
    corroborations: set[Pair] = set()
    for bucket in by_prop.values():
        if len(bucket) < 2:
            continue
        pairs += find_opposite_stance(bucket)
        pairs += find_incompatible_amounts(bucket)
        corroborations.update(find_corroborations(bucket))
    for bucket in by_subject_predicate.values():
        if len(bucket) > 1:
            pairs += find_functional_conflicts(bucket)
    return Findings(judge(pairs, known), sorted(corroborations))
