"""The exceptions claimgraph raises, all rooted in :class:`KgError`.

Every failure a user can cause is one of these; the CLI prints ``Error: <message>`` and
exits with status 1, so a traceback never reaches a user.

    KgError
    ├── InputError              the user's input is wrong; carries where
    │   ├── SheetError          a claim sheet (YAML / JSON / JSON Lines) is invalid
    │   ├── RdfInputError       an RDF file cannot be read or is not in the vocabulary
    │   ├── QueryError          a SPARQL query is malformed or uses a refused feature
    │   └── UnknownReference    an id names nothing declared
    └── StoreError              the store cannot do what was asked
        ├── StoreLocked         another process is writing to the store
        └── StoreConflict       the input contradicts what the store already holds
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "InputError",
    "KgError",
    "Problem",
    "QueryError",
    "RdfInputError",
    "SheetError",
    "StoreConflict",
    "StoreError",
    "StoreLocked",
    "UnknownReference",
]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, and where it is.

    ``file`` is the path as the user gave it; ``line`` is 1-based when known; ``where`` is
    a human description of the place (``claim 'altman-100m', field 'stance'``).
    """

    message: str
    file: str | None = None
    line: int | None = None
    where: str | None = None

    def __str__(self) -> str:
        place = self.file or ""
        if self.line is not None:
            place += f":{self.line}"
        parts = [p for p in (place, self.where) if p]
        prefix = ": ".join(parts)
        return f"{prefix}: {self.message}" if prefix else self.message


class KgError(Exception):
    """Base of every error claimgraph raises on purpose."""


class InputError(KgError):
    """The user's input is wrong. Holds one or more :class:`Problem` objects."""

    def __init__(self, problems: Problem | str | Sequence[Problem]) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__(self._summary())

    def _summary(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        lines = [f"{len(self.problems)} problems:"]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)


class SheetError(InputError):
    """A claim sheet is invalid (syntax, schema, references, values)."""


class RdfInputError(InputError):
    """An RDF input file cannot be parsed, or holds terms outside the claimgraph vocabulary."""


class QueryError(InputError):
    """A SPARQL query is malformed, or uses a feature that would reach the network or disk."""


class UnknownReference(SheetError):
    """An id used in a sheet is not declared in it."""


class StoreError(KgError):
    """The store cannot be opened or cannot perform the operation."""


class StoreLocked(StoreError):
    """Another process holds the store for writing (or reading, when we want to write)."""


class StoreConflict(StoreError):
    """The input disagrees with data already in the store (same claim id, other content)."""
