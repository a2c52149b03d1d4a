"""The derived-graph changes an ingest brings, worked out partition by partition.

While an ingest streams its claims into the store, it keeps each one as a compact row
(:func:`fact_row`) in :class:`~kg.derive.spill.Partitions` keyed by subject and predicate. Every
bucket the rules compare in (claims about one proposition; claims with one subject and one
functional predicate) then lies inside one partition, so :class:`IngestDerivation` can
walk the partitions one at a time: it reads back the stored claims of the same buckets,
applies the rules of docs/rules.md, and yields the derived triples and status changes. Memory
holds one partition, never every claim.

Rebuttals are the exception: a denial may answer a claim in any bucket. The denials that
answer something are few and kept aside while streaming; their targets are looked up once
(one pass over the rows, then the store) before the partitions are walked, so each
partition knows which of its propositions a rebuttal contests.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kg.derive.rebuild import derived_triples, label_needs, status_changes
from kg.derive.spill import Partitions
from kg.model import Amount, Claim, ClaimSet, During
from kg.rdf.dates import cached_date
from kg.rdf.to_triples import contradiction_iri, object_term
from kg.rules.contradictions import (
    ClaimFacts,
    Contradiction,
    Findings,
    Pair,
    bucket_findings,
    find_endorsements,
    find_rebuttals,
    judge,
)
from kg.rules.reasons import Labels
from kg.runtime.progress import Progress, no_progress
from kg.store.base import PREFIX_HEADER, Store, in_chunks, rows, values_block
from kg.store.records import (
    count_unstored,
    functional_predicates,
    read_claims,
    read_labels,
    record_of,
    stored_statuses,
)
from kg.vocab import ASSERTED_GRAPH, CG

__all__ = ["IngestDerivation", "fact_row", "partition_key"]


# Positions in a fact row.
_IRI, _STANCE, _PROP, _SUBJECT, _PREDICATE, _OBJECT, _CLAIMANT = range(7)
_VALUE, _MIN, _MAX, _CURRENCY, _UNIT, _FROM, _TO, _RESPONDS, _STORED = range(7, 16)


def fact_row(claim: Claim, prop_iri: str | None, *, stored: bool = False) -> tuple[Any, ...]:
    """What the rules and the reasons need of a claim, as a tuple of plain values.

    Tuples of strings cost a fraction of the model objects and spill to disk as they are.
    A claim about claims has no proposition: its proposition columns are None.
    """
    prop = claim.proposition
    return (
        claim.iri,
        claim.stance.value,
        prop_iri,
        prop.subject if prop else None,
        prop.predicate if prop else None,
        object_term(prop.object) if prop else None,
        claim.claimant,
        *_amount_and_period(claim.amount, claim.during),
        claim.responds_to,
        stored,
    )


def _text(number: Decimal | None) -> str | None:
    return None if number is None else str(number)


def _row_of_record(record: ClaimFacts) -> tuple[Any, ...]:
    return (
        record.iri,
        record.stance,
        record.proposition,
        record.subject,
        record.predicate,
        record.object,
        record.claimant,
        *_amount_and_period(record.amount, record.during),
        record.responds_to,
        True,
    )


def _amount_and_period(amount: Amount | None, during: During | None) -> tuple[Any, ...]:
    """The row's value, min, max, currency, unit, from and to columns."""
    return (
        _text(amount.value) if amount else None,
        _text(amount.min) if amount else None,
        _text(amount.max) if amount else None,
        amount.currency if amount else None,
        amount.unit if amount else None,
        during.start.text if during and during.start else None,
        during.end.text if during and during.end else None,
    )


def partition_key(row: tuple[Any, ...]) -> str:
    """Rows sharing a subject and predicate share a partition, so every bucket is whole.

    Claims about claims are in no bucket; they share the partition keyed "".
    """
    if row[_SUBJECT] is None:
        return ""
    return row[_SUBJECT] + " " + row[_PREDICATE]


def is_reply(row: tuple[Any, ...]) -> bool:
    """Does this claim answer others in a way the rules look at: a denial (a rebuttal, a
    blanket denial) or an endorsement (an assertion about claims)?"""
    if not row[_RESPONDS]:
        return False
    return row[_STANCE] == "denies" or (row[_STANCE] == "asserts" and row[_PROP] is None)


def _record(row: tuple[Any, ...], functional: set[str]) -> ClaimFacts:
    amount = None
    if row[_VALUE] is not None or row[_MIN] is not None or row[_MAX] is not None:
        amount = Amount(
            _decimal(row[_VALUE]),
            _decimal(row[_MIN]),
            _decimal(row[_MAX]),
            row[_CURRENCY],
            row[_UNIT],
        )
    during = None
    if row[_FROM] is not None or row[_TO] is not None:
        during = During(
            cached_date(row[_FROM]) if row[_FROM] is not None else None,
            cached_date(row[_TO]) if row[_TO] is not None else None,
        )
    return record_of(
        row[_IRI],
        row[_CLAIMANT],
        row[_STANCE],
        row[_PROP],
        row[_SUBJECT],
        row[_PREDICATE],
        row[_OBJECT],
        amount,
        during,
        tuple(row[_RESPONDS]),
        row[_PREDICATE] in functional,
    )


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


@dataclass
class IngestDerivation:
    """Derive what an ingest's claims change in the derived graph.

    Give it the partitions the ingest filled, the ingest's declarations and the denials
    that answer other claims; iterate :meth:`lines` for the triples to insert, then read
    :attr:`deletes` (statuses that flip to contested) and the counts.
    """

    store: Store
    partitions: Partitions
    declared: ClaimSet
    #: rows of new replies (:func:`is_reply`): denials and endorsements with ``responds_to``
    answering: list[tuple[Any, ...]]
    #: does the store hold claims already (if not, nothing needs reading back)
    incremental: bool
    progress: Progress = field(default=no_progress)
    deletes: list[str] = field(default_factory=list)
    #: contradictions the store did not hold before
    new_contradictions: int = 0
    #: propositions found contested among the buckets this ingest touched
    contested: int = 0
    #: their IRIs, and the contradictions emitted (for the kept listing rows)
    contested_propositions: set[str] = field(default_factory=set)
    _labels: Labels = field(init=False)
    _asked: set[str] = field(default_factory=set)
    #: contradictions emitted so far (a pair may be met by the replies and by its bucket)
    _emitted: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._labels = Labels.from_claimset(self.declared)
        declared = {p.iri for p in self.declared.predicates.values() if p.functional}
        self._stored_functional = functional_predicates(self.store) if self.incremental else set()
        self.functional = self._stored_functional | declared

    def lines(self) -> Iterator[str]:
        """The derived triples to insert, partition by partition."""
        if self.incremental:
            self._spill_newly_functional()
        rebuttals, endorsements, records = self._replies()
        rebuttal_props = {
            prop for f in rebuttals for c in f.claims if (prop := records[c].proposition)
        }
        yield from self._emit(rebuttals, records, endorsements)
        total = self.partitions.count
        self.progress("derive", 0, total)
        for done, rows_ in enumerate(self.partitions, start=1):
            yield from self._partition(rows_, rebuttal_props)
            self.progress("derive", done, total)
        if rebuttal_props:  # contested by a rebuttal, in no partition (a stored target's)
            self.contested += len(rebuttal_props)
            self.contested_propositions |= rebuttal_props
            yield from self._statuses(rebuttal_props, rebuttal_props)
        self.progress("derive", total, total)

    # --- rebuttals, before the partitions ------------------------------------------------------

    def _replies(self) -> tuple[list[Contradiction], list[Pair], dict[str, ClaimFacts]]:
        """Rebuttals and endorsements over the whole ingest, and the records they need."""
        records = {row[_IRI]: _record(row, self.functional) for row in self.answering}
        wanted = {t for row in self.answering for t in row[_RESPONDS]}
        dangling = self._stored_answers() if self.incremental else []
        wanted |= {target for _, target in dangling}
        if not wanted:
            return [], [], records
        new_targets: dict[str, ClaimFacts] = {}
        for partition in self.partitions:  # one pass over the rows for the targets
            for row in partition:
                if row[_IRI] in wanted and not row[_STORED]:
                    new_targets[row[_IRI]] = _record(row, self.functional)
        records.update(new_targets)
        missing = sorted(wanted - set(records))
        if self.incremental and missing:
            for chunk in in_chunks(f"<{i}>" for i in missing):
                records.update(self._read(values_block("c", chunk), about_claims=True))
        repliers = [records[row[_IRI]] for row in self.answering]
        answers = [d for d, t in dangling if t in new_targets and d != t]
        if answers:
            needed = sorted({f"<{d}>" for d in answers} - {f"<{i}>" for i in records})
            for chunk in in_chunks(needed):
                records.update(self._read(values_block("c", chunk), about_claims=True))
            repliers += [records[d] for d in sorted(set(answers)) if d in records]
        pairs = list(find_rebuttals(repliers, records))
        endorsements = sorted(set(find_endorsements(repliers, records)))
        return judge(pairs, records), endorsements, records

    def _stored_answers(self) -> list[tuple[str, str]]:
        """Stored replies answering a claim the store does not hold (RDF input allows it)."""
        result = self.store.query(
            PREFIX_HEADER
            + "SELECT ?d ?t WHERE { GRAPH <"
            + ASSERTED_GRAPH
            + "> { ?d cg:respondsTo ?t ; cg:stance ?stance "
            + "FILTER(?stance != cg:Declines) FILTER NOT EXISTS { ?t a cg:Claim } } }"
        )
        return [(r["d"].value, r["t"].value) for r in rows(result)]

    # --- one partition -------------------------------------------------------------------------

    def _partition(self, rows_: list[tuple[Any, ...]], rebuttal_props: set[str]) -> Iterator[str]:
        records: dict[str, ClaimFacts] = {}
        touched: set[str] = set()
        for row in rows_:
            records[row[_IRI]] = _record(row, self.functional)
            if not row[_STORED] and row[_PROP] is not None:
                touched.add(row[_PROP])
        if self.incremental:
            for iri, record in self._stored_in_buckets(records).items():
                records.setdefault(iri, record)
        findings = bucket_findings(r for r in records.values())
        yield from self._emit(findings.contradictions, records, findings.corroborations)
        contested = {prop for c in findings.contested_claims() if (prop := records[c].proposition)}
        here = {r.proposition for r in records.values() if r.proposition} & rebuttal_props
        rebuttal_props -= here
        contested |= here
        self.contested += len(contested)
        self.contested_propositions |= contested
        yield from self._statuses(touched | contested, contested)

    def _stored_in_buckets(self, records: dict[str, ClaimFacts]) -> dict[str, ClaimFacts]:
        """Stored claims about the same propositions, or with the same functional pair."""
        found: dict[str, ClaimFacts] = {}
        props = sorted({f"<{r.proposition}>" for r in records.values() if r.proposition})
        for chunk in in_chunks(props):
            found.update(self._read(values_block("prop", chunk) + " "))
        pairs = sorted(
            {(r.subject, r.predicate) for r in records.values() if r.functional and r.subject}
        )
        for chunk in in_chunks([f"(<{s}> <{p}>)" for s, p in pairs]):
            found.update(self._read("VALUES (?s ?p) { " + " ".join(chunk) + " } "))
        return found

    def _spill_newly_functional(self) -> None:
        """A predicate declared functional only now makes its stored claims comparable."""
        newly = sorted(self.functional - self._stored_functional)
        for chunk in in_chunks([f"<{p}>" for p in newly]):
            for record in self._read(values_block("p", chunk) + " ").values():
                row = _row_of_record(record)
                self.partitions.add(partition_key(row), row)

    def _read(self, where: str, *, about_claims: bool = False) -> dict[str, ClaimFacts]:
        return read_claims(self.store, where, self.functional, about_claims=about_claims)

    # --- output --------------------------------------------------------------------------------

    def _emit(
        self,
        contradictions: list[Contradiction],
        records: dict[str, ClaimFacts],
        corroborations: list[Pair] | None = None,
    ) -> Iterator[str]:
        fresh = []
        for found in contradictions:
            iri = contradiction_iri(found.first, found.second)
            if iri not in self._emitted:
                self._emitted.add(iri)
                fresh.append((iri, found))
        findings = Findings([found for _, found in fresh], corroborations or [])
        if self.incremental:
            needs = label_needs(findings, records) - self._asked
            self._asked |= needs
            self._labels.update(read_labels(self.store, self._labels.missing(needs)))
            self.new_contradictions += count_unstored(self.store, [iri for iri, _ in fresh])
        else:
            self.new_contradictions += len(fresh)
        yield from derived_triples(findings, records, self._labels)

    @property
    def contradictions(self) -> set[str]:
        """IRIs of every contradiction emitted (new or already stored)."""
        return self._emitted

    def _statuses(self, props: set[str], contested: set[str]) -> Iterator[str]:
        stored = stored_statuses(self.store, props) if self.incremental else {}
        # A new claim about a proposition contested before changes its row too.
        self.contested_propositions.update(p for p, now in stored.items() if now == CG.Contested)
        inserts, deletes = status_changes(props, contested, stored)
        self.deletes.extend(deletes)
        yield from inserts
