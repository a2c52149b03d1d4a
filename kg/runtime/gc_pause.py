"""Pause Python's cyclic garbage collector while a reader allocates objects that all stay.

Building a view, or parsing the claim table, creates hundreds of thousands of dicts and
lists that all stay alive; each allocation burst triggers collections that re-scan every
one of them, which cost as much as the building itself at 100k claims (benchmarks/README.md,
"Decisions measured"), and 7.6 of 12.2 s when ``kg info`` parsed a million claims' rows.
Nothing here creates reference cycles, so pausing collection loses nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

__all__ = ["gc_paused", "without_gc"]

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable cyclic collection inside the block, restoring the previous state after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def without_gc(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` with cyclic collection paused (see :func:`gc_paused`)."""

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with gc_paused():
            return function(*args, **kwargs)

    return wrapper
