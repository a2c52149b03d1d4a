"""Where each claim sits on the timeline: one lane per speaker, dates along the axis.

Shared by the HTML timeline and the static one, so both put every claim in the same place.
Partial dates (``2025-06``, ``2025``) sit at the start of their month or year; undated
claims go in a band of their own after the last date rather than being dropped. Claims of
one speaker on the same day are stacked, and their lane grows to hold them. A long stretch
with no claim is drawn short (a break on the axis), so two clusters of dates years apart do
not leave most of the picture empty.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from kg.viz.data import Picture

__all__ = ["TimelineLayout", "claim_day", "timeline_layout"]

_DATE = re.compile(r"^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_MAX_TICKS = 12
#: vertical distance between claims of one speaker on the same day, in lane units
_STACK = 0.3


@dataclass
class TimelineLayout:
    """Claim positions: ``x`` in days after the first date, ``y`` in lane units (0 = top).

    A lane is one unit high, or taller when many claims of one speaker share a day.
    """

    lanes: list[str] = field(default_factory=list)  # speaker keys, top to bottom
    lane_y: list[float] = field(default_factory=list)  # the middle of each lane
    x: dict[str, float] = field(default_factory=dict)
    y: dict[str, float] = field(default_factory=dict)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    #: where the "undated" band starts, when some claims have no date
    undated_from: float | None = None
    #: days from the first date to the end of the drawing (undated band included)
    span: float = 0.0
    #: the height of all lanes together
    height: float = 0.0
    #: x of each stretch of time drawn shorter than it is (the axis shows a break there)
    breaks: list[float] = field(default_factory=list)


def claim_day(said_on: str | None) -> date | None:
    """The day a claim was made, or the first day of its month or year.

    >>> claim_day("2025-06"), claim_day("2025-07-09T10:00:00Z"), claim_day(None)
    (datetime.date(2025, 6, 1), datetime.date(2025, 7, 9), None)
    """
    match = _DATE.match(said_on or "")
    if not match:
        return None
    year, month, day = match.groups()
    try:
        return date(int(year), int(month or 1), int(day or 1))
    except ValueError:  # year 0 or before 1: not on this axis
        return None


def timeline_layout(picture: Picture, claims: list[str] | None = None) -> TimelineLayout:
    """Lay out ``claims`` (default: all of the picture's) on the timeline."""
    keys = list(picture.claims) if claims is None else claims
    days = {k: claim_day(picture.claims[k].said_on) for k in keys}
    dated = sorted(d for d in days.values() if d is not None)
    first = dated[0] if dated else date(2000, 1, 1)
    last = dated[-1] if dated else first
    layout = TimelineLayout()
    place, layout.breaks = _compressed(sorted(set(dated)))
    width = int(place(last)) if dated else 0
    layout.lanes = _lanes(picture, keys, days)
    lane_of = {s: n for n, s in enumerate(layout.lanes)}
    undated_gap = max(width * 0.15, 7.0)
    layout.span = float(width)
    if any(d is None for d in days.values()):
        layout.undated_from = width + undated_gap / 2 if dated else 0.0
        layout.span = layout.undated_from + undated_gap
    undated_x = (layout.undated_from or 0.0) + undated_gap / 2
    spots: dict[tuple[str, float], list[str]] = defaultdict(list)
    for key in keys:
        d = days[key]
        x = place(d) if d is not None else undated_x
        spots[(picture.claims[key].speaker, x)].append(key)
    tallest: dict[str, int] = defaultdict(int)
    for (speaker, _), group in spots.items():
        tallest[speaker] = max(tallest[speaker], len(group))
    top = 0.0
    for speaker in layout.lanes:
        lane_height = max(1.0, _STACK * tallest[speaker] + 0.4)
        layout.lane_y.append(top + lane_height / 2)
        top += lane_height
    layout.height = top
    for (speaker, x), group in spots.items():
        middle = layout.lane_y[lane_of[speaker]]
        for n, key in enumerate(group):
            layout.x[key] = x
            layout.y[key] = middle + (n - (len(group) - 1) / 2) * _STACK
    layout.ticks = _ticks(first, last, place, layout.breaks) if dated else []
    return layout


def _compressed(days: list[date]) -> tuple[Callable[[date], float], list[float]]:
    """Days → x: days after the first date, except that a gap between two claim dates longer
    than a quarter of the whole (and than two months) is drawn short.

    Returns the mapping (exact at claim dates, linear between them) and the x of each
    shortened gap's middle.
    """
    if not days:
        return (lambda d: 0.0), []
    total = (days[-1] - days[0]).days
    # A gap is an empty stretch when it is more than a quarter of the whole and two months;
    # it is then drawn as a twentieth of the whole (at least a fortnight).
    empty = max(60.0, total / 4)
    drawn = max(14.0, total / 20)
    xs = [0.0]
    breaks = []
    for before, after in itertools.pairwise(days):
        gap = (after - before).days
        xs.append(xs[-1] + (drawn if gap > empty else gap))
        if gap > empty:
            breaks.append(xs[-2] + drawn / 2)
    ordinals = [d.toordinal() for d in days]

    def place(day: date) -> float:
        n = bisect.bisect_left(ordinals, day.toordinal())
        if n < len(days) and ordinals[n] == day.toordinal():
            return xs[n]
        if n == 0:
            return xs[0] - (ordinals[0] - day.toordinal())
        if n == len(days):
            return xs[-1] + (day.toordinal() - ordinals[-1])
        share = (day.toordinal() - ordinals[n - 1]) / (ordinals[n] - ordinals[n - 1])
        return xs[n - 1] + share * (xs[n] - xs[n - 1])

    return place, breaks


def _lanes(picture: Picture, keys: list[str], days: dict[str, date | None]) -> list[str]:
    """Speakers in the order they first spoke; those with only undated claims last."""
    earliest: dict[str, date] = {}
    for key in keys:
        speaker, d = picture.claims[key].speaker, days[key]
        if d is not None and (speaker not in earliest or d < earliest[speaker]):
            earliest[speaker] = d
    speakers = {picture.claims[k].speaker for k in keys}
    return sorted(
        speakers,
        key=lambda s: (s not in earliest, earliest.get(s, date.max), picture.speakers[s].name),
    )


def _ticks(
    first: date, last: date, place: Callable[[date], float], breaks: list[float]
) -> list[tuple[float, str]]:
    """Axis ticks: days for a few weeks, months for a few years, years beyond; none inside
    a shortened stretch, where they would crowd."""
    width = (last - first).days
    marks: list[date] = []
    if width <= 62:
        step = max(1, -(-width // _MAX_TICKS))  # ceiling division
        marks = [date.fromordinal(first.toordinal() + n) for n in range(0, width + 1, step)]
        label = "%Y-%m-%d"
    elif width <= 3 * 366:
        month = date(first.year, first.month, 1)
        while month <= last:
            marks.append(month)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        marks = marks[:: max(1, -(-len(marks) // _MAX_TICKS))]
        label = "%Y-%m"
    else:
        marks = [date(y, 1, 1) for y in range(first.year, last.year + 1)]
        marks = marks[:: max(1, -(-len(marks) // _MAX_TICKS))]
        label = "%Y"
    placed = [(place(m), m.strftime(label)) for m in marks]
    kept: list[tuple[float, str]] = []
    for x, text in placed:
        if any(abs(x - b) < 3 for b in breaks) or (kept and x - kept[-1][0] < 1e-9):
            continue
        kept.append((x, text))
    return kept
