"""Ingest: stream inputs, check them against the store, mint, derive, write — or nothing.

Claims flow through one at a time, so an ingest of a million claims needs the memory of its
declarations (agents, sources…) and of one partition of rows, not of a million claims:

1. a reader validates each claim (:func:`kg.inputs.dispatch.stream_input`: sheets, JSON Lines, RDF);
2. batches of claims are checked against the store (a stored claim with the same IRI must
   say the same thing), minted (:mod:`kg.rdf.to_triples`) straight into the store's
   :class:`~kg.store.change.StoreWriter`, and kept as compact rows for the rules
   (:mod:`kg.derive.spill`);
3. once every input has been read, :mod:`kg.derive.incremental` walks the rows bucket by bucket
   and streams the derived triples into the same writer;
4. the writer commits: asserted and derived triples become visible at once. Any problem in
   any input, a conflict with the store, or any failure aborts the writer instead, and the
   store is left as it was (the embedded store streams big writes into a copy of its
   database and simply drops the copy).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.derive.descriptions import check_descriptions, merge_problems
from kg.derive.incremental import IngestDerivation, fact_row, is_reply, partition_key
from kg.derive.spill import Partitions
from kg.errors import InputError, Problem, StoreConflict, StoreError
from kg.inputs.dispatch import read_input, stream_input
from kg.model import Claim, ClaimSet
from kg.rdf.to_triples import claim_triples, claimset_triples, proposition_iri, proposition_triples
from kg.report.claim_pairs import corroborating_pair, pair_page_lines
from kg.report.claim_table import (
    ClaimInfo,
    TablePages,
    claim_info,
    next_sequence,
)
from kg.report.kept import listing_change
from kg.rules.reasons import plural
from kg.runtime.progress import Progress, no_progress
from kg.store.base import Store, select_in
from kg.store.change import Change, DryRunWriter
from kg.store.records import store_has_claims
from kg.vocab import ASSERTED_GRAPH, CLAIM_TABLE_GRAPH, DERIVED_GRAPH, STANCE_TERMS

__all__ = ["IngestReport", "Progress", "ingest", "ingest_claimset", "read_inputs"]

# An ingest's stages (kg.runtime.progress): ``read`` counts bytes of input, ``derive``
# partitions, ``write`` the commit, ``listings`` the kept rows.
_BATCH = 2000


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
    #: why the rows kg contested keeps could not be written, if they could not (the
    #: claims are in; kg contested reads the graphs until kg rebuild)
    listing_rows_failed: str | None = None

    def summary(self) -> str:
        verb = "would ingest" if self.dry_run else "ingested"
        origin = f" from {plural(len(self.files), 'file')}" if self.files else ""
        text = (
            f"{verb} {plural(self.claims, 'claim')} ({self.new_claims} new){origin}: "
            f"{plural(self.contradictions, 'new contradiction')}, "
            f"{plural(self.contested_propositions, 'contested proposition')} touched"
        )
        if self.listing_rows_failed:
            text += (
                f"; the rows kg contested keeps were not written ({self.listing_rows_failed}):"
                " it reads the graphs, slower, until kg rebuild"
            )
        return text


def read_inputs(paths: Sequence[str | Path], progress: Progress = no_progress) -> ClaimSet:
    """Read and validate every input into one :class:`ClaimSet` (for small inputs).

    Raises one error listing the problems of every file. :func:`ingest` streams instead.
    """
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
                problems.append(_redeclared(claim, origin[iri], str(path)))
            origin.setdefault(iri, str(path))
        problems.extend(merge_problems(merged, claims, str(path)))
        merged.merge(claims)
    progress("read", len(paths), len(paths))
    if problems:
        raise InputError(problems)
    return merged


def _redeclared(claim: Claim, first: str, path: str) -> Problem:
    return Problem(
        f"claim {claim.id!r} is also declared, differently, in {first}",
        file=path,
        where=f"claim {claim.id!r}",
    )


def ingest(
    store: Store,
    paths: Sequence[str | Path],
    *,
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> IngestReport:
    """Ingest claim sheets, JSON Lines streams and RDF files into ``store``, all or nothing.

    >>> from kg.store import open_store
    >>> from kg.demo import example_path
    >>> with open_store("memory:", writable=True) as store:
    ...     ingest(store, [example_path()]).summary()
    'ingested 12 claims (12 new) from 1 file: 1 new contradiction, 2 contested propositions touched'
    """
    inputs = _FileClaims([Path(p) for p in paths], progress, store.scratch_directory())
    return _ingest(store, inputs.declared, inputs, [str(p) for p in paths], dry_run, progress)


def ingest_claimset(
    store: Store,
    claims: ClaimSet,
    *,
    files: Iterable[str] = (),
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> IngestReport:
    """Ingest an already validated :class:`ClaimSet` (the same pipeline as :func:`ingest`)."""
    declared = ClaimSet()
    declared.merge(claims)
    declared.claims = {}
    return _ingest(store, declared, iter(claims.claims.values()), list(files), dry_run, progress)


def _ingest(
    store: Store,
    declared: ClaimSet,
    claims: Iterable[Claim],
    files: list[str],
    dry_run: bool,
    progress: Progress,
) -> IngestReport:
    report = IngestReport(files=files, dry_run=dry_run)
    incremental = store_has_claims(store)
    with Partitions(directory=store.scratch_directory()) as partitions:
        keep_table = not dry_run and store.keeps_claim_table
        asserted = _Asserted(store, declared, partitions, incremental, table=keep_table)
        writer = DryRunWriter(store) if dry_run else store.writer()
        found: list[IngestDerivation] = []
        pairs: list[tuple[str, str]] = []  # corroborating pairs derived, for the claim table

        def derived() -> Iterator[str]:
            """Runs once every asserted line is out: the claims are all read by then."""
            if incremental or _store_has_data(store):  # a fresh store disagrees with nothing
                check_descriptions(store, declared)
            derivation = IngestDerivation(
                store, partitions, declared, asserted.answering, incremental, progress
            )
            found.append(derivation)
            if asserted.table is None:
                yield from derivation.lines()
                return
            # The corroborating pairs also go in the claim table, each pair once.
            for line in derivation.lines():
                if (pair := corroborating_pair(line)) is not None:
                    pairs.append(pair)
                yield line

        with writer:
            # One write for both graphs, so on disk one bulk load takes them both.
            # The new claims' rows of the claim table (kg.report.claim_table) go in the
            # same write, so the views never meet a claim without its row; on disk, a
            # second bulk load would leave a second set of files every lookup visits.
            pages: list[str] = []

            def table_pages() -> Iterator[str]:
                """Runs once the claims are read and derived: rows and pairs are made."""
                if asserted.table is not None:
                    pages.extend(asserted.table.lines())
                    pages.extend(pair_page_lines(pairs, asserted.table.sequence))
                    pairs.clear()
                yield from pages

            writer.insert_sections(
                [
                    (ASSERTED_GRAPH, asserted.lines(claims)),
                    (DERIVED_GRAPH, derived()),
                    (CLAIM_TABLE_GRAPH, table_pages()),
                ]
            )
            report.triples = writer.size - len(pages)  # the table's pages are not the claims'
            derivation = found[0]
            writer.delete(DERIVED_GRAPH, derivation.deletes)

            def listing_rows(written: Store) -> Change | str:
                """The rows kg contested prints, for what this ingest touched
                (kg.report.kept), read from the write: on a big one, while the engine
                compacts it. The text of the error if they cannot be worked out."""
                try:
                    if incremental:
                        touched = (derivation.contested_propositions, derivation.contradictions)
                        return listing_change(written, *touched, asserted.claimants)[0]
                    return listing_change(written)[0]
                except Exception as exc:
                    return str(exc) or type(exc).__name__

            progress("write", 0, 1)
            rows = writer.commit(None if dry_run else listing_rows)
            progress("write", 1, 1)
    if not dry_run:
        # The rows are a second change: if it is lost, kg contested reads the graphs until
        # kg rebuild.
        progress("listings", 0, 1)
        try:
            if rows is None or isinstance(rows, str):
                raise StoreError(rows or "the listing rows were not worked out")
            store.apply(rows)
            if asserted.known_rows:
                # Claims ingested again may have said more this time (a second quote):
                # their rows become what the graph now holds.
                from kg.views.table_rows import rows_for_known  # imports NetworkX

                rows_for_known(store, asserted.known_rows)
        except Exception as exc:  # the claims are committed: say so, do not fail
            report.listing_rows_failed = str(exc) or type(exc).__name__
        progress("listings", 1, 1)
    report.claims = asserted.claims
    report.new_claims = asserted.claims - asserted.known
    report.contradictions = derivation.new_contradictions
    report.contested_propositions = derivation.contested
    return report


def _store_has_data(store: Store) -> bool:
    return bool(store.query(f"ASK {{ GRAPH <{ASSERTED_GRAPH}> {{ ?s ?p ?o }} }}"))


class _FileClaims:
    """The claims of several input files in turn, validated as they stream.

    Declarations accumulate in :attr:`declared`. The problems of every file are gathered
    and raised together after the last one, as one :class:`~kg.errors.InputError`.
    """

    def __init__(self, paths: list[Path], progress: Progress, scratch: str | None) -> None:
        self.paths = paths
        self.progress = progress
        self.scratch = scratch
        self.declared = ClaimSet()

    def __iter__(self) -> Iterator[Claim]:
        problems: list[Problem] = []
        # The same claim in two files is one claim; the same IRI saying two things is an
        # error. One file cannot repeat a claim id, so a single file needs no bookkeeping.
        seen: dict[str, tuple[int, str]] | None = {} if len(self.paths) > 1 else None
        sizes = [_size(p) for p in self.paths]
        total, before = max(sum(sizes), 1), 0
        for path, size in zip(self.paths, sizes, strict=True):

            def report(fraction: float, before: int = before, size: int = size) -> None:
                self.progress("read", before + int(fraction * size), total)

            report(0.0)
            own = ClaimSet()  # this file's declarations, merged once it has been read
            try:
                for claim in stream_input(path, own, report, scratch=self.scratch):
                    if seen is not None:
                        fingerprint = hash(claim)
                        first = seen.setdefault(claim.iri, (fingerprint, str(path)))
                        if first[0] != fingerprint:
                            problems.append(_redeclared(claim, first[1], str(path)))
                            continue
                        if first[1] != str(path):
                            continue  # already ingested from an earlier file
                    yield claim
            except InputError as exc:
                problems.extend(exc.problems)
            problems.extend(merge_problems(self.declared, own, str(path)))
            self.declared.merge(own)
            before += size
        self.progress("read", total, total)
        if problems:
            raise InputError(problems)


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


class _Asserted:
    """Turns validated claims into asserted triples, and keeps their rows for the rules."""

    def __init__(
        self,
        store: Store,
        declared: ClaimSet,
        partitions: Partitions,
        incremental: bool,
        *,
        table: bool = True,
    ) -> None:
        self.store = store
        #: the claim table rows of the claims new to the store (none in a dry run)
        self.table = TablePages(next_sequence(store)) if table else None
        #: the rows, as this ingest says them, of claims the store already held
        self.known_rows: dict[str, ClaimInfo] = {}
        self.declared = declared
        self.partitions = partitions
        self.incremental = incremental
        #: rows of denials that answer other claims (few; kept for rule 3)
        self.answering: list[tuple[Any, ...]] = []
        self.claims = 0
        #: the claimants of the claims, whose quotes this ingest may change
        self.claimants: set[str] = set()
        #: claims the store already held
        self.known = 0
        self._propositions: set[str] = set()

    def lines(self, claims: Iterable[Claim]) -> Iterator[str]:
        """Every asserted triple: the claims' as they come, then the declarations'."""
        batch: list[Claim] = []
        for claim in claims:
            batch.append(claim)
            if len(batch) >= _BATCH:
                yield from self._batch(batch)
                batch = []
        yield from self._batch(batch)
        yield from claimset_triples(self.declared)

    def _batch(self, batch: list[Claim]) -> Iterator[str]:
        known: set[str] = set()
        if self.incremental and batch:
            known = check_against_store(self.store, batch)
            self.known += len(known)
        for claim in batch:
            prop_iri = None
            if claim.proposition is not None:
                prop_iri = proposition_iri(claim.proposition)
                if prop_iri not in self._propositions:
                    self._propositions.add(prop_iri)
                    yield from proposition_triples(prop_iri, claim.proposition)
            yield from claim_triples(claim, prop_iri)
            if self.table is not None:
                info = claim_info(claim, prop_iri)
                if claim.iri in known:
                    self.known_rows[claim.iri] = info
                else:
                    self.table.add(info)
            self.claimants.add(claim.claimant)
            row = fact_row(claim, prop_iri)
            self.partitions.add(partition_key(row), row)
            if is_reply(row):
                self.answering.append(row)
            self.claims += 1


def check_against_store(store: Store, claims: Sequence[Claim]) -> set[str]:
    """Refuse claims whose IRI the store gives to a claim saying something else.

    Returns the IRIs of those of ``claims`` the store already holds.
    """
    by_iri = {claim.iri: claim for claim in claims}
    query = (
        f"SELECT ?c ?claimant ?stance ?prop ?source WHERE {{ GRAPH <{ASSERTED_GRAPH}> {{"
        " {values} ?c cg:claimant ?claimant ; cg:stance ?stance ; cg:source ?source"
        " OPTIONAL { ?c cg:proposition ?prop } } }"
    )
    known = set()
    conflicts = []
    for r in select_in(store, "c", (f"<{iri}>" for iri in by_iri), query):
        known.add(r["c"].value)
        claim = by_iri[r["c"].value]
        prop = claim.proposition
        mine = (
            claim.claimant,
            STANCE_TERMS[claim.stance],
            proposition_iri(prop) if prop is not None else None,
            claim.source,
        )
        theirs = (
            r["claimant"].value,
            r["stance"].value,
            r["prop"].value if "prop" in r else None,
            r["source"].value,
        )
        if mine != theirs:
            names = ("claimant", "stance", "statement", "source")
            fields = [n for n, a, b in zip(names, mine, theirs, strict=True) if a != b]
            conflicts.append(
                f"claim {claim.id!r} ({claim.iri}) is already in the store with another "
                f"{' and '.join(fields)}; give the new claim its own id"
            )
    if conflicts:
        more = f" (and {len(conflicts) - 5} more)" if len(conflicts) > 5 else ""
        raise StoreConflict("; ".join(conflicts[:5]) + more)
    return known
