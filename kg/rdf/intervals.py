"""Closed intervals over amounts and time, the arithmetic behind docs/rules.md.

An open end is ``None`` (minus or plus infinity). A claim without an amount or without a
``during`` stands for the whole line: it covers every amount in every currency and all time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

__all__ = ["EVERYTHING", "Interval", "amount_interval", "during_interval"]

T = TypeVar("T", Decimal, dt.datetime)


@dataclass(frozen=True, slots=True)
class Interval(Generic[T]):
    """``[low, high]``; ``None`` is an unbounded end.

    >>> a, b = Interval(Decimal(100), None), Interval(Decimal(150), Decimal(150))
    >>> b.inside(a), a.inside(b), a.overlaps(b)
    (True, False, True)
    """

    low: T | None = None
    high: T | None = None

    def inside(self, other: Interval[T]) -> bool:
        """True when every point of ``self`` lies in ``other``."""
        low_ok = other.low is None or (self.low is not None and other.low <= self.low)
        high_ok = other.high is None or (self.high is not None and self.high <= other.high)
        return low_ok and high_ok

    def overlaps(self, other: Interval[T]) -> bool:
        """True when the two intervals share at least one point."""
        if self.low is not None and other.high is not None and other.high < self.low:
            return False
        return not (self.high is not None and other.low is not None and self.high < other.low)

    @property
    def is_everything(self) -> bool:
        return self.low is None and self.high is None


EVERYTHING: Interval = Interval()


def amount_interval(
    value: Decimal | None, minimum: Decimal | None, maximum: Decimal | None
) -> Interval[Decimal]:
    """The interval an amount stands for: a value is a point, min/max bound a range."""
    if value is not None:
        return Interval(value, value)
    return Interval(minimum, maximum)


def during_interval(start: dt.datetime | None, end: dt.datetime | None) -> Interval[dt.datetime]:
    """The time a ``during`` covers; partial dates have already been widened to instants."""
    return Interval(start, end)
