"""Ids for a draft: readable slugs that match the sheet id pattern, unique in one sheet."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["IdMaker", "ascii_fold", "snake_case"]


def ascii_fold(text: str) -> str:
    """``text`` without accents: "débaucher" → "debaucher"."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def snake_case(text: str) -> str:
    """A predicate id from words: "a commencé à faire" → "a_commence_a_faire".

    >>> snake_case("Démentir")
    'dementir'
    """
    words = re.findall(r"[a-z0-9]+", ascii_fold(text).lower())
    out = "_".join(words) or "states"
    return out if out[0].isalpha() else "p_" + out


class IdMaker:
    """Hands out ids from names: "Sam Altman" → "sam-altman", then "sam-altman-2"."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def slug(self, name: str, limit: int = 40) -> str:
        words = re.findall(r"[a-z0-9]+", ascii_fold(name).lower())
        base = "-".join(words)[:limit].strip("-") or "x"
        return base

    def new(self, name: str) -> str:
        base = self.slug(name)
        candidate, n = base, 2
        while candidate in self._taken:
            candidate, n = f"{base}-{n}", n + 1
        self._taken.add(candidate)
        return candidate
