"""Dates a sentence gives relative to the article's publication ("mercredi", "last month").

Only what the text fixes is resolved: a weekday is the latest such day on or before
publication, "le mois dernier" the month before it. A publication date of a month or a
year resolves only what it can (a weekday needs a day).
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["resolve_said_on"]

_WEEKDAYS = {
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
_LAST_MONTH = re.compile(r"\b(le mois dernier|le mois passé|last month)\b", re.I)
_LAST_YEAR = re.compile(r"\b(l['’]an dernier|l['’]année dernière|last year)\b", re.I)
_YESTERDAY = re.compile(r"\b(hier|yesterday)\b", re.I)
_TODAY = re.compile(r"\b(aujourd['’]hui|today|ce matin|this morning|tonight|ce soir)\b", re.I)
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.I)


def _parse(published: str | None) -> tuple[int | None, int | None, dt.date | None]:
    if not published:
        return None, None, None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?", published.strip())
    if not m:
        return None, None, None
    year, month, day = m.group(1), m.group(2), m.group(3)
    date = dt.date(int(year), int(month), int(day)) if day else None
    return int(year), int(month) if month else None, date


def resolve_said_on(text: str, published: str | None) -> str | None:
    """The date ``text`` says something was said on, as docs/sheet-format.md writes dates, or None.

    >>> resolve_said_on("Mercredi, un rapport de Bloomberg", "2025-07-11")
    '2025-07-09'
    >>> resolve_said_on("Le mois dernier, le patron d'OpenAI", "2025-07-11")
    '2025-06'
    >>> resolve_said_on("last month", "2025-01")
    '2024-12'
    """
    year, month, date = _parse(published)
    if year is None:
        return None
    if _LAST_MONTH.search(text) and month is not None:
        y, m = (year, month - 1) if month > 1 else (year - 1, 12)
        return f"{y:04d}-{m:02d}"
    if _LAST_YEAR.search(text):
        return f"{year - 1:04d}"
    if date is None:
        return None
    if _YESTERDAY.search(text):
        return (date - dt.timedelta(days=1)).isoformat()
    if _TODAY.search(text):
        return date.isoformat()
    weekday = _WEEKDAY.search(text)
    if weekday:
        back = (date.weekday() - _WEEKDAYS[weekday.group(1).lower()]) % 7
        return (date - dt.timedelta(days=back)).isoformat()
    return None
