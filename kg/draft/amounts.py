"""Amounts in a statement's words: money with its currency, counts with their unit.

"100 millions de dollars" → value, "plus de 200 millions" → min, "jusqu'à 3 milliards" →
max, "between 5 and 10 percent" → min and max, "$24-billion", "dix militaires" → people.
The first amount of money in the span wins, else the first count: a claim carries one.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["Amount", "find_amount"]


@dataclass(frozen=True)
class Amount:
    """What a span says about quantity (docs/sheet-format.md amount), and whether it hedged it."""

    value: Decimal | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    currency: str | None = None
    unit: str | None = None
    hedged: bool = False

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for key in ("value", "min", "max"):
            number = getattr(self, key)
            if number is not None:
                out[key] = int(number) if number == number.to_integral_value() else float(number)
        if self.currency:
            out["currency"] = self.currency
        if self.unit:
            out["unit"] = self.unit
        return out


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WORD_NUMBERS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "vingt": 20, "cent": 100,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six_": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "hundred": 100,
}  # fmt: skip
_SCALES = {
    "thousand": 10**3, "mille": 10**3, "k": 10**3,
    "million": 10**6, "millions": 10**6, "m": 10**6, "mn": 10**6,
    "billion": 10**9, "billions": 10**9, "milliard": 10**9, "milliards": 10**9, "bn": 10**9,
    "md": 10**9, "mds": 10**9, "mrd": 10**9, "b": 10**9, "trillion": 10**12,
}  # fmt: skip
_CURRENCY_WORDS = {
    "$": "USD", "dollar": "USD", "dollars": "USD", "us$": "USD",
    "€": "EUR", "euro": "EUR", "euros": "EUR", "eur": "EUR",
    "£": "GBP", "livre": "GBP", "livres": "GBP", "pound": "GBP", "pounds": "GBP",
    "yen": "JPY", "yuan": "CNY", "rs": "INR", "rupees": "INR", "roupies": "INR",
}  # fmt: skip
# Plural nouns of people counted: "dix militaires" → unit people.
_PEOPLE = _words(
    "militaires soldats personnes morts victimes blessés salariés employés ingénieurs "
    "chercheurs habitants civils enfants people persons soldiers dead victims workers "
    "employees staff engineers researchers civilians children users utilisateurs"
)
_PERCENT = {"%", "percent", "per cent", "pour cent", "pourcent", "points"}

_NUM = r"(?:\d{1,3}(?:[  .,]\d{3})+|\d+(?:[.,]\d+)?)"
_WORDNUM = "|".join(
    sorted((w for w in _WORD_NUMBERS if not w.endswith("_")), key=len, reverse=True)
)
_SCALE = "|".join(sorted(_SCALES, key=len, reverse=True))
_CUR = r"\$|€|£|us\$"
_AMOUNT = re.compile(
    rf"(?P<pre>{_CUR})?\s?(?P<num>{_NUM}|\b(?:{_WORDNUM})\b)"
    rf"(?:\s?-?\s?(?P<scale>\b(?:{_SCALE})\b|(?<=\d)(?:{_SCALE})\b))?"
    r"(?:\s?(?P<post>%|\$|€|£|percent\b|per cent\b|pour cent\b"
    r"|(?:d['’]\s?|de\s)?(?:dollars?|euros?|livres|pounds|yen|yuan|roupies|rupees)\b))?"
    rf"(?:\s(?P<noun>[a-zéèêàç]+))?",
    re.IGNORECASE,
)
_MIN_BEFORE = re.compile(
    r"(plus de|au moins|au-delà de|more than|over|at least|upwards of|in excess of|above)\s*$", re.I
)
_MAX_BEFORE = re.compile(
    r"(jusqu['’]à|pouvant atteindre|moins de|up to|less than|under|at most|as much as"
    r"|no more than)\s*$",
    re.I,
)
_ABOUT_BEFORE = re.compile(
    r"(environ|près de|quelque|autour de|about|around|nearly|roughly|approximately|close to"
    r"|some|an estimated|estimated)\s*$",
    re.I,
)
_MIN_AFTER = re.compile(r"^\s*,?\s*(voire plus|ou plus|or more|and more|et plus|au moins)", re.I)
_BETWEEN = re.compile(
    rf"(?:between|entre)\s+(?P<a>{_NUM})\s+(?:and|et)\s+(?P<b>{_NUM})"
    r"\s*(?P<post>%|percent|per cent|pour cent)?",
    re.I,
)


def _number(text: str) -> Decimal | None:
    low = text.lower()
    if low in _WORD_NUMBERS:
        return Decimal(_WORD_NUMBERS[low])
    digits = text.replace(" ", "").replace(" ", "")
    # "150.000" and "1,701" group thousands; "7.5" and "2,4" are decimals.
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", digits):
        digits = re.sub(r"[.,]", "", digits)
    digits = digits.replace(",", ".")
    try:
        return Decimal(digits)
    except ArithmeticError:
        return None


def _currency(pre: str | None, post: str | None) -> str | None:
    for word in (pre, post):
        if word:
            key = re.sub(r"^(d['’]\s?|de\s)", "", word.strip().lower())
            if key in _CURRENCY_WORDS:
                return _CURRENCY_WORDS[key]
    return None


_NOT_COUNTED = _words(
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre "
    "january february march april may june july august september october november "
    "december ans an années years year jours days mois months heures hours minutes h "
    "percent pour de des of the le la les in on at to et and"
)


def _counted(match: re.Match[str], number: Decimal) -> bool:
    noun = (match.group("noun") or "").lower()
    if not noun or noun in _NOT_COUNTED or not noun.endswith(("s", "x")) or len(noun) < 4:
        return False
    return not (1900 <= number <= 2100 and number == number.to_integral_value())


_RANGE_JOIN = re.compile(r"^\s*(?:to|à|-|–)\s*$", re.I)


def _range(text: str, default_currency: str | None) -> Amount | None:
    """ "$13.35 to $15.49 per share", "8 à 11 milliards d'euros", "15 per cent to 20 per cent":
    a range is min and max, the scale, currency or percent written once serving both ends.
    Only when the range is the first figure of the span, as the span's amount would be."""
    matches = [m for m in _AMOUNT.finditer(text) if _number(m.group("num")) is not None]
    for first, second in itertools.pairwise(matches):
        figure_end = max(first.end(g) for g in ("num", "scale", "post") if first.group(g))
        gap = text[figure_end : second.start()]
        if not _RANGE_JOIN.match(gap):
            if _currency(first.group("pre"), first.group("post")) or first.group("scale"):
                return None  # a sum of its own comes first (a percentage does not count)
            continue
        low, high = _number(first.group("num")), _number(second.group("num"))
        percents = [(m.group("post") or "").lower().strip() in _PERCENT for m in (first, second)]
        if percents[0] and not percents[1]:
            return None  # "rose 5% to $12 billion": a percentage, then a sum
        scale = (second.group("scale") or first.group("scale") or "").lower()
        currency = _currency(first.group("pre"), first.group("post")) or _currency(
            second.group("pre"), second.group("post")
        )
        if currency is None:
            tail = text[second.end() : second.end() + 14].lower()
            currency = _currency(None, next(iter(re.findall(r"dollars?|euros?", tail)), None))
        if currency is None and scale:
            currency = default_currency
        if low is None or high is None:
            return None
        if currency is None:
            # "a 15 per cent to 20 per cent stake", "10 à 20 %": a range of percentages
            if scale or not percents[1] or (first.group("post") and not percents[0]):
                return None
            return Amount(min=low, max=high, unit="percent") if low < high else None
        factor = _SCALES[scale] if scale else 1
        low_scale = (first.group("scale") or "").lower()
        low = low * (_SCALES[low_scale] if low_scale else factor)
        if low >= high * factor:
            return None
        return Amount(min=low, max=high * factor, currency=currency)
    return None


def find_amount(text: str, default_currency: str | None = None) -> Amount | None:
    """The amount a span states, or None.

    ``default_currency`` is given to sums in millions or more that name no currency.

    >>> find_amount("un package d'une valeur de plus de 200 millions de dollars").as_dict()
    {'min': 200000000, 'currency': 'USD'}
    >>> find_amount("a $24-billion preliminary agreement").as_dict()
    {'value': 24000000000, 'currency': 'USD'}
    >>> find_amount("between 5 and 10 percent of the shares").as_dict()
    {'min': 5, 'max': 10, 'unit': 'percent'}
    >>> find_amount("dix militaires ont été tués").as_dict()
    {'value': 10, 'unit': 'people'}
    """
    ranged = _range(text, default_currency)
    if ranged is not None:
        return ranged
    between = _BETWEEN.search(text)
    found: list[tuple[int, Amount]] = []
    if between and between.group("post"):
        a, b = _number(between.group("a")), _number(between.group("b"))
        if a is not None and b is not None:
            found.append((between.start(), Amount(min=a, max=b, unit="percent")))
    for match in _AMOUNT.finditer(text):
        number = _number(match.group("num"))
        if number is None:
            continue
        scale = (match.group("scale") or "").lower()
        post = match.group("post") or ""
        noun = (match.group("noun") or "").lower()
        currency = _currency(match.group("pre"), post)
        if currency is None and noun and not post:
            currency = _currency(None, noun)
        unit = None
        if post.lower().strip() in _PERCENT:
            unit = "percent"
        elif currency is None and noun in _PEOPLE:
            unit = "people"
        if (
            currency is None
            and unit is None
            and not scale
            and _counted(match, number)
            and re.fullmatch(r"[a-z][a-z-]*", noun)
        ):
            # "500 postes", "24 countries": counted things, the noun as unit (a sheet's
            # unit is plain ASCII: "hypothèses" stays out rather than fail validation)
            unit = noun
        if currency is None and unit is None:
            # "plus de 200 millions" without a currency word: take the article's money only
            # when a currency follows within a few words ("200 millions de dollars").
            tail = text[match.end() : match.end() + 14].lower()
            currency = _currency(None, next(iter(re.findall(r"dollars?|euros?", tail)), None))
            # "100 millions de signatures" in an article about dollars: the article's
            # currency, for a person to check (the caller marks it).
            if currency is None and scale and default_currency:
                currency = default_currency
            if currency is None:
                continue
        if scale:
            number *= _SCALES[scale]
        before = text[: match.start()]
        after = text[match.end() :]
        hedged = bool(_ABOUT_BEFORE.search(before))
        if _MIN_BEFORE.search(before) or _MIN_AFTER.search(after):
            amount = Amount(min=number, currency=currency, unit=unit, hedged=hedged)
        elif _MAX_BEFORE.search(before):
            amount = Amount(max=number, currency=currency, unit=unit, hedged=hedged)
        else:
            amount = Amount(value=number, currency=currency, unit=unit, hedged=hedged)
        found.append((match.start(), amount))
    if not found:
        return None
    found.sort(key=lambda item: item[0])
    money = [amount for _, amount in found if amount.currency]
    return money[0] if money else found[0][1]
