"""``kg validate``: every problem in a set of input files, from the sheet rules and SHACL.

The sheet rules (:mod:`kg.inputs.sheets`) catch what a person got wrong in the sheet; the SHACL
shapes (``ontology/shapes.ttl``) then check the triples the sheet would become, which is
the same contract RDF input and other tools' data must meet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError, Problem
from kg.inputs.dispatch import read_input
from kg.rdf.to_triples import claimset_triples

__all__ = ["Validation", "validate_files"]


@dataclass
class Validation:
    """The outcome of validating some files."""

    files: int = 0
    claims: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def validate_files(paths: Sequence[str | Path], *, shacl: bool = True) -> Validation:
    """Validate each file on its own and collect every problem found.

    >>> from kg.demo import example_path
    >>> validate_files([example_path()]).ok
    True
    """
    from kg.shapes import check_shapes  # pyshacl is slow to import; only validation needs it

    result = Validation()
    for path in paths:
        result.files += 1
        try:
            claims = read_input(Path(path))
        except InputError as exc:
            result.problems.extend(exc.problems)
            continue
        result.claims += len(claims)
        if shacl:
            result.problems.extend(check_shapes(claimset_triples(claims), file=str(path)))
    return result
