"""docs/rules.md, sentence by sentence, on the pure rules (no store)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kg.model import Amount, During
from kg.rdf.dates import parse_partial_date
from kg.rdf.intervals import Interval
from kg.rules.contradictions import ClaimFacts, detect

M = Decimal(1_000_000)


def claim(
    iri: str,
    *,
    asserts: bool = True,
    stance: str | None = None,
    unit: str | None = None,
    prop: str | None = "p1",
    subject: str = "meta",
    predicate: str = "offered",
    obj: str = "<staff>",
    value: int | None = None,
    minimum: int | None = None,
    maximum: int | None = None,
    currency: str | None = "USD",
    during: tuple[str | None, str | None] | None = None,
    responds_to: tuple[str, ...] = (),
    functional: bool = False,
) -> ClaimFacts:
    amount = None
    if value is not None or minimum is not None or maximum is not None:
        amount = Amount(
            Decimal(value) * M if value is not None else None,
            Decimal(minimum) * M if minimum is not None else None,
            Decimal(maximum) * M if maximum is not None else None,
            None if unit else currency,
            unit,
        )
    period = None
    if during is not None:
        start, end = during
        period = During(
            parse_partial_date(start) if start else None, parse_partial_date(end) if end else None
        )
    about_claims = prop is None
    return ClaimFacts(
        iri=iri,
        stance=stance or ("asserts" if asserts else "denies"),
        proposition=prop,
        subject=None if about_claims else subject,
        predicate=None if about_claims else predicate,
        object=None if about_claims else obj,
        amount=amount,
        during=period,
        responds_to=responds_to,
        functional=functional,
    )


def kinds(*claims: ClaimFacts) -> set[tuple[str, str, str]]:
    """(kind, first, second) of every kind of every contradiction found."""
    return {(k, c.first, c.second) for c in detect(claims).contradictions for k in c.kinds}


def pairs(*claims: ClaimFacts) -> list[tuple[tuple[str, ...], str, str]]:
    """(kinds, first, second) of every contradiction: one per pair."""
    return [(c.kinds, c.first, c.second) for c in detect(claims).contradictions]


def corroborations(*claims: ClaimFacts) -> list[tuple[str, str]]:
    return detect(claims).corroborations


# --- rule 1: opposite stance -----------------------------------------------------------------


def test_denial_without_amount_contradicts_every_assertion_of_the_proposition() -> None:
    denial = claim("d", asserts=False, currency=None)
    for assertion in (claim("a"), claim("a", value=50), claim("a", minimum=100, currency="EUR")):
        assert kinds(assertion, denial) == {("opposite-stance", "d", "a")}


def test_denies_at_least_100m_contradicts_asserts_150m() -> None:
    assert kinds(claim("a", value=150), claim("d", asserts=False, minimum=100)) == {
        ("opposite-stance", "d", "a")
    }


def test_denies_at_least_100m_does_not_contradict_asserts_50m() -> None:
    assert kinds(claim("a", value=50), claim("d", asserts=False, minimum=100)) == set()


def test_denies_100m_does_not_contradict_an_assertion_without_amount() -> None:
    assert kinds(claim("a", currency=None), claim("d", asserts=False, value=100)) == set()


def test_asserted_range_must_lie_inside_the_denied_one() -> None:
    denial = claim("d", asserts=False, minimum=100, maximum=200)
    assert kinds(claim("a", minimum=120, maximum=180), denial) == {("opposite-stance", "d", "a")}
    assert kinds(claim("a", minimum=150), denial) == set()  # [150, ∞) is not inside [100, 200]
    assert kinds(claim("a", maximum=150), denial) == set()


def test_amounts_in_two_currencies_are_never_compared() -> None:
    assert (
        kinds(claim("a", value=150, currency="EUR"), claim("d", asserts=False, minimum=100))
        == set()
    )
    assert kinds(claim("a", value=100), claim("b", value=300, currency="EUR")) == set()
    assert corroborations(claim("a", value=100), claim("b", value=100, currency="EUR")) == []


def test_denial_with_during_needs_the_assertion_period_inside_it() -> None:
    denial = claim("d", asserts=False, currency=None, during=("2025-01", "2025-12"))
    inside = claim("a", during=("2025-03", "2025-04"))
    outside = claim("b", during=("2024-06", "2025-04"))
    forever = claim("c")  # no during: all time, which is not inside 2025
    assert kinds(inside, outside, forever, denial) == {("opposite-stance", "d", "a")}


def test_opposite_stance_needs_the_same_proposition() -> None:
    assert kinds(claim("a", prop="p1"), claim("d", asserts=False, prop="p2")) == set()


def test_two_denials_do_not_contradict() -> None:
    assert kinds(claim("d1", asserts=False), claim("d2", asserts=False)) == set()


# --- rule 2: incompatible values ---------------------------------------------------------------


def test_two_assertions_with_disjoint_amounts_are_incompatible() -> None:
    assert kinds(claim("b", value=100), claim("a", minimum=200)) == {
        ("incompatible-value", "a", "b")
    }


def test_two_assertions_with_overlapping_amounts_corroborate() -> None:
    a, b = claim("a", value=150), claim("b", minimum=100)
    assert kinds(a, b) == set()
    assert corroborations(a, b) == [("a", "b")]


def test_an_assertion_without_amount_corroborates_any_amount() -> None:
    a, b = claim("a", currency=None), claim("b", value=5)
    assert kinds(a, b) == set()
    assert corroborations(a, b) == [("a", "b")]


def test_functional_predicate_with_other_objects_over_overlapping_periods() -> None:
    apple = claim("apple", prop="pa", obj="<apple>", functional=True, during=(None, "2025-07"))
    meta = claim("meta", prop="pm", obj="<meta>", functional=True, during=("2025-07", None))
    # A partial date covers its whole month: both claims hold in July 2025.
    assert kinds(apple, meta) == {("incompatible-value", "apple", "meta")}


def test_functional_predicate_periods_that_do_not_overlap_are_fine() -> None:
    apple = claim("apple", prop="pa", obj="<apple>", functional=True, during=(None, "2025-06"))
    meta = claim("meta", prop="pm", obj="<meta>", functional=True, during=("2025-07", None))
    assert kinds(apple, meta) == set()


def test_functional_predicate_without_periods_conflicts_forever() -> None:
    a = claim("a", prop="pa", obj="<apple>", functional=True)
    b = claim("b", prop="pm", obj="<meta>", functional=True)
    assert kinds(a, b) == {("incompatible-value", "a", "b")}


def test_non_functional_predicate_allows_several_objects() -> None:
    assert kinds(claim("a", prop="pa", obj="<apple>"), claim("b", prop="pm", obj="<meta>")) == set()


def test_functional_conflict_needs_two_assertions() -> None:
    a = claim("a", prop="pa", obj="<apple>", functional=True)
    d = claim("d", asserts=False, prop="pm", obj="<meta>", functional=True)
    assert kinds(a, d) == set()


# --- rule 3: rebuttal --------------------------------------------------------------------------


def test_a_denial_answering_another_claim_is_a_rebuttal_even_about_another_proposition() -> None:
    altman = claim("altman", prop="staff", minimum=100)
    beyer = claim("beyer", asserts=False, prop="trio", value=100, responds_to=("altman",))
    assert kinds(altman, beyer) == {("rebuttal", "beyer", "altman")}


def test_responds_to_on_an_asserting_claim_is_not_a_rebuttal() -> None:
    first = claim("first", prop="p1")
    answer = claim("answer", prop="p2", responds_to=("first",))
    assert kinds(first, answer) == set()


def test_two_claims_contradict_at_most_once_carrying_every_kind_they_meet() -> None:
    altman = claim("altman", currency=None)
    beyer = claim("beyer", asserts=False, currency=None, responds_to=("altman",))
    assert pairs(altman, beyer) == [(("opposite-stance", "rebuttal"), "beyer", "altman")]


def test_a_denial_answering_an_unknown_claim_is_not_a_contradiction() -> None:
    assert kinds(claim("d", asserts=False, responds_to=("nowhere",))) == set()


# --- general properties ------------------------------------------------------------------------


def test_contested_claims_are_those_in_a_contradiction() -> None:
    findings = detect(
        [claim("a"), claim("d", asserts=False, currency=None), claim("x", prop="other")]
    )
    assert findings.contested_claims() == {"a", "d"}


@pytest.mark.parametrize(
    ("inner", "outer", "inside", "overlaps"),
    [
        ((150, 150), (100, None), True, True),
        ((None, None), (100, None), False, True),
        ((50, 60), (100, 200), False, False),
        ((100, 200), (None, None), True, True),
    ],
)
def test_interval_arithmetic(
    inner: tuple[int | None, int | None],
    outer: tuple[int | None, int | None],
    inside: bool,
    overlaps: bool,
) -> None:
    a = Interval(*(Decimal(x) if x is not None else None for x in inner))
    b = Interval(*(Decimal(x) if x is not None else None for x in outer))
    assert a.inside(b) is inside
    assert a.overlaps(b) is overlaps and b.overlaps(a) is overlaps


def test_partial_dates_cover_their_whole_period() -> None:
    june = parse_partial_date("2025-06")
    assert june.start == dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
    assert june.end.date() == dt.date(2025, 6, 30)
    year = parse_partial_date(2025)
    assert (year.start.month, year.end.month, year.end.day) == (1, 12, 31)


# --- periods: figures for different periods never conflict -------------------------------------


def test_figures_for_different_periods_never_conflict() -> None:
    # "36 dead, Oct 2015–Dec 2016" and "≥ 40 dead, 2017" are both allowed.
    a = claim("a", value=36, unit="people", during=("2015-10", "2016-12"))
    b = claim("b", minimum=40, unit="people", during=("2017", "2017"))
    assert kinds(a, b) == set()
    assert corroborations(a, b) == []


def test_figures_for_the_same_period_conflict_when_they_cannot_both_hold() -> None:
    a = claim("a", value=23, unit="people", during=("2015", "2016"))
    b = claim("b", value=10, unit="people", during=("2015-01-01", "2016-12-31"))
    # A partial date covers its whole year: the two periods are the same.
    assert kinds(a, b) == {("incompatible-value", "a", "b")}


def test_a_figure_without_a_period_is_compared_with_any_period() -> None:
    a = claim("a", value=23, unit="people", during=("2015", "2016"))
    b = claim("b", value=10, unit="people")
    assert kinds(a, b) == {("incompatible-value", "a", "b")}


def test_overlapping_but_different_periods_are_not_the_same_period() -> None:
    a = claim("a", value=23, unit="people", during=("2015", "2016"))
    b = claim("b", value=10, unit="people", during=("2016", "2016"))
    assert kinds(a, b) == set()


# --- units: amounts compare only like with like ------------------------------------------------


def test_a_percentage_never_compares_with_a_head_count() -> None:
    percent = claim("a", value=49, unit="percent")
    deaths = claim("b", value=49, unit="people")
    other = claim("c", value=60, unit="people")
    assert kinds(percent, deaths) == set()
    assert corroborations(percent, deaths) == []
    assert kinds(deaths, other) == {("incompatible-value", "b", "c")}


def test_a_plain_number_compares_only_with_plain_numbers() -> None:
    plain = claim("a", value=5, currency=None)
    money = claim("b", value=9)
    plain_too = claim("c", value=9, currency=None)
    assert kinds(plain, money) == set()
    assert kinds(plain, plain_too) == {("incompatible-value", "a", "c")}


def test_a_denial_of_a_percentage_does_not_reach_an_assertion_in_money() -> None:
    denial = claim("d", asserts=False, minimum=40, unit="percent")
    assert kinds(claim("a", value=50), denial) == set()
    assert kinds(claim("a", value=50, unit="percent"), denial) == {("opposite-stance", "d", "a")}


# --- declines: a non-answer takes part in nothing -----------------------------------------------


def test_a_non_answer_never_contradicts_or_corroborates() -> None:
    asserted = claim("a", currency=None)
    declined = claim("n", stance="declines", currency=None, responds_to=("a",))
    denial = claim("d", asserts=False, currency=None, responds_to=("n",))
    assert kinds(asserted, declined, denial) == {("opposite-stance", "d", "a")}
    assert corroborations(asserted, declined) == []


# --- claims about claims ----------------------------------------------------------------------


def test_a_blanket_denial_rebuts_each_claim_it_lists() -> None:
    report = [claim(f"r{i}", prop=f"p{i}", value=10 * i) for i in (1, 2, 3)]
    lie = claim("army", asserts=False, prop=None, currency=None, responds_to=("r1", "r3"))
    assert pairs(*report, lie) == [
        (("rebuttal",), "army", "r1"),
        (("rebuttal",), "army", "r3"),
    ]
    assert detect([*report, lie]).contested_claims() == {"army", "r1", "r3"}


def test_an_endorsement_corroborates_each_claim_it_lists_and_contradicts_nothing() -> None:
    report = [claim("r1", prop="p1"), claim("r2", prop="p2")]
    right = claim("ok", prop=None, currency=None, responds_to=("r1", "r2"))
    assert kinds(*report, right) == set()
    assert corroborations(*report, right) == [("ok", "r1"), ("ok", "r2")]


def test_a_reply_to_a_non_answer_is_neither_rebuttal_nor_endorsement() -> None:
    declined = claim("n", stance="declines", prop=None, currency=None, responds_to=("x",))
    lie = claim("d", asserts=False, prop=None, currency=None, responds_to=("n",))
    yes = claim("y", prop=None, currency=None, responds_to=("n",))
    assert kinds(declined, lie, yes) == set()
    assert corroborations(declined, lie, yes) == []
