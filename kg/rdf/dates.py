"""Dates of varying precision: a year, a year-month, a day, or a full ISO datetime.

News gives dates as precisely as it knows them ("last month", "on Wednesday"). A
:class:`PartialDate` keeps that precision in RDF (``xsd:gYear``, ``xsd:gYearMonth``,
``xsd:date``, ``xsd:dateTime``) and, for contradiction rules, covers its whole period:
``2025-06`` runs from the first to the last instant of June 2025.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from kg.vocab import XSD

__all__ = ["PartialDate", "cached_date", "parse_partial_date"]

_YEAR = re.compile(r"^(-?\d{4})$")
_YEAR_MONTH = re.compile(r"^(-?\d{4})-(\d{2})$")
_DAY = re.compile(r"^(-?\d{4})-(\d{2})-(\d{2})$")

_DATATYPES: dict[str, str] = {
    "year": XSD.gYear,
    "month": XSD.gYearMonth,
    "day": XSD.date,
    "instant": XSD.dateTime,
}
_PRECISIONS = {v: k for k, v in _DATATYPES.items()}


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A date known to a year, a month, a day or an instant.

    Ordering and interval logic use :attr:`start` and :attr:`end`, both UTC datetimes.

    >>> d = parse_partial_date("2025-06")
    >>> d.text, d.datatype.rsplit("#", 1)[1], d.start.day, d.end.day
    ('2025-06', 'gYearMonth', 1, 30)
    """

    start: dt.datetime
    end: dt.datetime
    text: str
    precision: str

    @property
    def datatype(self) -> str:
        """The XSD datatype IRI that keeps this date's precision."""
        return _DATATYPES[self.precision]


def parse_partial_date(value: object) -> PartialDate:
    """Parse a year, year-month, date or ISO datetime; raise ``ValueError`` otherwise.

    Accepts strings, ints (a bare ``2025`` in YAML) and ``datetime.date`` objects.
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a date")
    if isinstance(value, dt.datetime):
        return _instant(value)
    if isinstance(value, dt.date):
        return _day(value.year, value.month, value.day)
    if isinstance(value, int):
        value = f"{value:04d}"
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a date")
    text = value.strip()
    if m := _YEAR.match(text):
        year = int(m.group(1))
        _check_year(year, text)
        return PartialDate(_utc(year, 1, 1), _utc(year, 12, 31, end=True), _year_text(year), "year")
    if m := _YEAR_MONTH.match(text):
        year, month = int(m.group(1)), int(m.group(2))
        _check_year(year, text)
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r} is not a valid year-month")
        last = calendar.monthrange(year, month)[1]
        return PartialDate(
            _utc(year, month, 1),
            _utc(year, month, last, end=True),
            f"{_year_text(year)}-{month:02d}",
            "month",
        )
    if m := _DAY.match(text):
        try:
            return _day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            raise ValueError(f"{text!r} is not a valid date") from None
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"{text!r} is not a date (expected YYYY, YYYY-MM, YYYY-MM-DD or an ISO datetime)"
        ) from None
    if "T" not in text and " " not in text:
        raise ValueError(f"{text!r} is not a date")
    return _instant(parsed)


def from_rdf(lexical: str, datatype: str) -> PartialDate:
    """Rebuild a :class:`PartialDate` from a literal written by :mod:`kg.rdf.to_triples`."""
    precision = _PRECISIONS.get(datatype)
    if precision is None:
        raise ValueError(f"{datatype} is not a date datatype")
    parsed = parse_partial_date(lexical)
    if parsed.precision != precision:
        raise ValueError(f"{lexical!r} does not match its datatype {datatype}")
    return parsed


def _check_year(year: int, text: str) -> None:
    if not 1 <= year <= 9999:
        raise ValueError(f"{text!r}: years must lie between 0001 and 9999")


def _year_text(year: int) -> str:
    return f"{year:04d}"


def _utc(year: int, month: int, day: int, *, end: bool = False) -> dt.datetime:
    if end:
        return dt.datetime(year, month, day, 23, 59, 59, 999999, tzinfo=dt.UTC)
    return dt.datetime(year, month, day, tzinfo=dt.UTC)


def _day(year: int, month: int, day: int) -> PartialDate:
    _check_year(year, f"{year}")
    date = dt.date(year, month, day)
    return PartialDate(
        _utc(year, month, day), _utc(year, month, day, end=True), date.isoformat(), "day"
    )


def _instant(value: dt.datetime) -> PartialDate:
    # A datetime without offset is read as UTC: the store must not depend on the machine's
    # time zone (docs/sheet-format.md: same sheets, same graph, wherever they are ingested).
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    try:
        utc = value.astimezone(dt.UTC)
    except OverflowError:  # 9999-12-31T23:59:59-14:00 is in year 10000 in UTC
        raise ValueError(f"{value.isoformat()!r}: years must lie between 0001 and 9999") from None
    _check_year(utc.year, value.isoformat())
    text = utc.strftime("%Y-%m-%dT%H:%M:%S")
    if utc.microsecond:
        text += f".{utc.microsecond:06d}".rstrip("0")
    return PartialDate(utc, utc, text + "Z", "instant")


def cached_date(value: Any) -> PartialDate:
    """:func:`~kg.rdf.dates.parse_partial_date`, remembering dates written as text.

    Claims repeat the same few hundred dates (``2025-06``); parsing one costs microseconds
    that a million claims would pay a million times. Only ``str`` values are cached, so a
    ``True`` can never meet the cached ``1`` it compares equal to.
    """
    if type(value) is str:
        return _date_text(value)
    return parse_partial_date(value)


_date_text = functools.lru_cache(maxsize=65536)(parse_partial_date)
