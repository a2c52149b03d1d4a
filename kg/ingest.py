"""Ingest: read inputs, check them against the store, mint triples, derive, write — or nothing.

Every input file is read and validated before the store is touched; the asserted triples
and the derived-graph changes then go to the store as one :class:`~kg.store.Change`, which
the store applies atomically. A failure anywhere leaves the store as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.derive import changes_for_ingest
from kg.descriptions import check_descriptions, merge_problems
from kg.errors import InputError, Problem, StoreConflict
from kg.mint import claimset_triples
from kg.model import ClaimSet
from kg.namespace import ASSERTED_GRAPH
from kg.readers import read_input
from kg.store.base import PREFIX_HEADER, Change, Store, rows, values_block

__all__ = ["IngestReport", "Progress", "ingest", "read_inputs"]

#: ``progress(stage, done, total)``: called as an ingest moves through its stages.
Progress = Callable[[str, int, int], None]


@dataclass
class IngestReport:
    """What an ingest did (or, with ``dry_run``, would do)."""

    files: list[str] = field(default_factory=list)
    claims: int = 0
    new_claims: int = 0
    triples: int = 0
    contradictions: int = 0
    contested_propositions: int = 0
    dry_run: bool = False

    def summary(self) -> str:
        verb = "would ingest" if self.dry_run else "ingested"
        origin = f" from {_plural(len(self.files), 'file')}" if self.files else ""
        return (
            f"{verb} {_plural(self.claims, 'claim')} ({self.new_claims} new){origin}: "
            f"{_plural(self.contradictions, 'new contradiction')}, "
            f"{_plural(self.contested_propositions, 'contested proposition')} touched"
        )


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def read_inputs(paths: Sequence[str | Path], progress: Progress = _no_progress) -> ClaimSet:
    """Read and validate every input, merged; raise one error listing all their problems."""
    merged = ClaimSet()
    problems: list[Problem] = []
    origin: dict[str, str] = {}
    for index, path in enumerate(paths):
        progress("read", index, len(paths))
        try:
            claims = read_input(Path(path))
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        for iri, claim in claims.claims.items():
            if iri in merged.claims and merged.claims[iri] != claim:
                problems.append(
                    Problem(
                        f"claim {claim.id!r} is also declared, differently, in {origin[iri]}",
                        file=str(path),
                        where=f"claim {claim.id!r}",
                    )
                )
            origin.setdefault(iri, str(path))
        problems.extend(merge_problems(merged, claims, str(path)))
        merged.merge(claims)
    progress("read", len(paths), len(paths))
    if problems:
        raise InputError(problems)
    return merged


def ingest(
    store: Store,
    paths: Sequence[str | Path],
    *,
    dry_run: bool = False,
    progress: Progress = _no_progress,
) -> IngestReport:
    """Ingest claim sheets and RDF files into ``store``, all or nothing.

    >>> from kg.store import open_store
    >>> from kg.demo import example_path
    >>> with open_store("memory:", writable=True) as store:
    ...     ingest(store, [example_path()]).summary()
    'ingested 12 claims (12 new) from 1 file: 1 new contradiction, 2 contested propositions touched'
    """
    claims = read_inputs(paths, progress)
    return ingest_claimset(
        store, claims, files=[str(p) for p in paths], dry_run=dry_run, progress=progress
    )


def ingest_claimset(
    store: Store,
    claims: ClaimSet,
    *,
    files: Iterable[str] = (),
    dry_run: bool = False,
    progress: Progress = _no_progress,
) -> IngestReport:
    """Ingest an already validated :class:`ClaimSet` (the second half of :func:`ingest`)."""
    report = IngestReport(files=list(files), claims=len(claims), dry_run=dry_run)
    progress("check", 0, len(claims))
    known = _check_against_store(store, claims)
    if _store_has_data(store):  # a fresh store cannot disagree with anything
        check_descriptions(store, claims)
    report.new_claims = len(claims) - known
    progress("mint", 0, len(claims))
    change = Change()
    change.add(ASSERTED_GRAPH, claimset_triples(claims))
    progress("derive", 0, len(claims))
    derivation = changes_for_ingest(store, claims)
    for graph, triples in derivation.change.insert.items():
        change.add(graph, triples)
    for graph, triples in derivation.change.delete.items():
        change.remove(graph, triples)
    report.triples = change.size
    report.contradictions = derivation.new_contradictions
    report.contested_propositions = len(derivation.contested)
    if not dry_run:
        progress("write", 0, change.size)
        store.apply(change)
        progress("write", change.size, change.size)
    return report


def _store_has_data(store: Store) -> bool:
    return bool(store.query(f"ASK {{ GRAPH <{ASSERTED_GRAPH}> {{ ?s ?p ?o }} }}"))


def _check_against_store(store: Store, claims: ClaimSet) -> int:
    """Refuse claims whose id is taken in the store by a claim saying something else.

    Returns how many of the input's claims the store already holds.
    """
    if not claims.claims or not bool(
        store.query(PREFIX_HEADER + f"ASK {{ GRAPH <{ASSERTED_GRAPH}> {{ ?c a cg:Claim }} }}")
    ):
        return 0
    from kg.mint import proposition_iri

    iris = sorted(claims.claims)
    known = 0
    conflicts = []
    for start in range(0, len(iris), 2000):
        chunk = [f"<{i}>" for i in iris[start : start + 2000]]
        result = store.query(
            PREFIX_HEADER
            + "SELECT ?c ?claimant ?stance ?prop ?source WHERE { "
            + values_block("c", chunk)
            + f" GRAPH <{ASSERTED_GRAPH}> {{ ?c cg:claimant ?claimant ; cg:stance ?stance ;"
            + " cg:proposition ?prop ; cg:source ?source } }"
        )
        for r in rows(result):
            known += 1
            claim = claims.claims[r["c"].value]
            mine = (
                claim.claimant,
                "Asserts" if claim.stance.value == "asserts" else "Denies",
                proposition_iri(claim.proposition),
                claim.source,
            )
            theirs = (
                r["claimant"].value,
                r["stance"].value.rsplit("#", 1)[-1],
                r["prop"].value,
                r["source"].value,
            )
            if mine != theirs:
                fields = [
                    n
                    for n, a, b in zip(
                        ("claimant", "stance", "statement", "source"), mine, theirs, strict=True
                    )
                    if a != b
                ]
                conflicts.append(
                    f"claim {claim.id!r} ({claim.iri}) is already in the store with another "
                    f"{' and '.join(fields)}; give the new claim its own id"
                )
    if conflicts:
        raise StoreConflict(
            "; ".join(conflicts[:5])
            + (f" (and {len(conflicts) - 5} more)" if len(conflicts) > 5 else "")
        )
    return known
