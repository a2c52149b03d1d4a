"""The claim table: every claim's fields, kept in pages so the views read them in seconds.

The views (:mod:`kg.views`) are built from every claim with its details. Read from the
asserted graph, that is one scan per field, and on disk the engine spends about 13 µs a
solution looking up each term's text: 130 s for a million claims (benchmarks/README.md),
however the scans are arranged. Kept as JSON, five hundred claims to a literal, the same
read is a few thousand lookups and a JSON parse (the corroborating pairs likewise:
:mod:`kg.report.claim_pairs`).

Each ingest writes the table rows of its new claims, made from the claims themselves
(:func:`claim_info`), in the same write as the claims: pages of :data:`PAGE_SIZE` rows,
``<page> cg:claimRows "[[row], …]"^^rdf:JSON`` in :data:`~kg.vocab.CLAIM_TABLE_GRAPH`. A
claim ingested again with more to say (a second quote) gets the row the graph now gives in
a later page: pages are read in name order and a later row wins. ``kg retract`` rewrites
the pages that held the retracted claims; ``kg rebuild`` writes the whole table again from
the asserted graph. The table is used only while it holds as many claims as the asserted
graph (:func:`read_claim_table`); otherwise the views read the graph, as a store written
by an older kg, or edited by SPARQL Update, needs (``kg rebuild`` then rewrites it). The
graph is never exported: it says nothing the asserted graph does not.

Rows hold literals in the form the engine gives them back (lower-case language tags,
canonical numbers and instants), so both paths build the same :class:`ClaimInfo`.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import repeat
from typing import Any, NamedTuple

import pyoxigraph as ox

from kg.model import Amount, Claim, During
from kg.rdf.dates import PartialDate, from_rdf
from kg.rdf.terms import Literal, canonical_decimal, canonical_literal
from kg.rules.reasons import short_name
from kg.runtime.gc_pause import without_gc
from kg.store.base import Change, Store, string_rows
from kg.vocab import (
    ASSERTED_GRAPH,
    CG,
    CLAIM_TABLE_GRAPH,
    RDF,
    STANCE_TERMS,
    STANCE_WORDS,
    XSD,
)

__all__ = [
    "PAGE_SIZE",
    "ClaimInfo",
    "ClaimTable",
    "TablePages",
    "claim_info",
    "next_sequence",
    "page_text",
    "page_triple",
    "read_claim_table",
    "replace_page",
    "stored_pages",
    "stored_rows",
    "table_without",
]

#: Rows a page holds: 2,000 pages at a million claims, about 150 KB of JSON each (small
#: enough for a remote store's write requests, kg.store.remote.BATCH_BYTES).
PAGE_SIZE = 500
#: Corroborating pairs a page holds (about 250 KB of JSON).
PAIR_PAGE_SIZE = 2000


class ClaimInfo(NamedTuple):
    """One attributed claim, as the views need it (IRIs, plus display text).

    A named tuple, in the order of a claim table row (:func:`encode`), so that a row is
    made one in a single C call (:func:`decode`): a frozen dataclass's ``__init__`` sets
    its twenty fields one by one, 2 s of a million-claim view's reading.

    A claim about claims (a blanket denial, an endorsement, a non-answer about a report) has
    ``responds_to`` and no proposition: ``proposition``, ``subject``, ``predicate`` and
    ``object`` are then None.
    """

    iri: str
    id: str
    claimant: str
    stance: str  # "asserts", "denies" or "declines"
    proposition: str | None
    subject: str | None
    predicate: str | None
    #: an IRI when ``object_is_iri``, else the literal's text
    object: str | None
    object_is_iri: bool
    source: str
    said_on: str | None = None
    medium: str | None = None
    quote: str | None = None
    quote_lang: str | None = None
    amount: Amount | None = None
    reported_by: tuple[str, ...] = ()
    #: the claimant hedged ("reportedly", "about", a conditional); no rule changes
    hedged: bool = False
    #: the agent the claimant speaks for (a spokesperson's company), an IRI
    on_behalf_of: str | None = None
    #: IRIs of the claims this claim answers, sorted
    responds_to: tuple[str, ...] = ()
    during: During | None = None

    @property
    def about_claims(self) -> bool:
        """True for a claim about claims (no proposition of its own)."""
        return self.proposition is None

    @property
    def speaks_for(self) -> str:
        """Whose claim it counts as in the analyses: ``on_behalf_of``, else the claimant."""
        return self.on_behalf_of or self.claimant


# --- a claim as the graph gives it back -----------------------------------------------------


def claim_info(claim: Claim, prop_iri: str | None) -> ClaimInfo:
    """``claim`` as reading the asserted graph after its ingest gives it (module docstring)."""
    prop = claim.proposition if prop_iri is not None else None
    subject = predicate = obj = None
    object_is_iri = False
    if prop is not None:
        subject, predicate = prop.subject, prop.predicate
        if isinstance(prop.object, Literal):
            obj = _literal_text(prop.object)
        else:
            obj, object_is_iri = prop.object, True
    quote = claim.quote
    return ClaimInfo(
        iri=claim.iri,
        id=claim.id or short_name(claim.iri),
        claimant=claim.claimant,
        stance=STANCE_WORDS[STANCE_TERMS[claim.stance]],
        proposition=prop_iri,
        subject=subject,
        predicate=predicate,
        object=obj,
        object_is_iri=object_is_iri,
        source=claim.source,
        said_on=_date_text(claim.said_on) if claim.said_on else None,
        medium=claim.medium or None,
        quote=quote.text if quote else None,
        quote_lang=quote.lang.lower() if quote and quote.lang else None,
        amount=_amount(claim.amount) if claim.amount else None,
        reported_by=tuple(sorted(set(claim.reported_by))),
        hedged=bool(claim.hedged),
        on_behalf_of=claim.on_behalf_of or None,
        responds_to=tuple(sorted(set(claim.responds_to))),
        during=_during(claim.during) if claim.during else None,
    )


def _amount(amount: Amount) -> Amount:
    def number(value: Decimal | None) -> Decimal | None:
        return Decimal(canonical_decimal(value)) if value is not None else None

    return Amount(
        number(amount.value),
        number(amount.min),
        number(amount.max),
        amount.currency or None,
        amount.unit or None,
    )


def _during(during: During) -> During:
    def end(date: PartialDate | None) -> tuple[str, str] | None:
        return (_date_text(date), date.datatype) if date is not None else None

    return _during_of(end(during.start), end(during.end))  # parsed once per distinct period


_PLAIN_DATE = re.compile(r"^\d{4}(-\d\d(-\d\d)?)?$")


def _date_text(date: PartialDate) -> str:
    """A date's text as the engine stores it: instants and zoned dates are canonicalized."""
    if _PLAIN_DATE.match(date.text):
        return date.text
    return _engine_form(date.text, date.datatype)


def _literal_text(literal: Literal) -> str:
    """The text the engine gives back for a statement's literal object."""
    literal = canonical_literal(literal)
    if literal.lang is not None or literal.datatype == XSD.string:
        return literal.value  # a plain or language-tagged string: kept as written
    return _engine_form(literal.value, literal.datatype)


@functools.lru_cache(maxsize=4096)
def _engine_form(text: str, datatype: str) -> str:
    """Store a typed literal in a scratch in-memory engine and read its text back: the
    engine's own canonical form, without a second copy of its rules (few values need it)."""
    engine = ox.Store()
    node = ox.NamedNode("urn:x:node")
    engine.add(ox.Quad(node, node, ox.Literal(text, datatype=ox.NamedNode(datatype))))
    for quad in engine:
        return str(quad.object.value)
    raise ValueError(f"not an RDF literal: {text!r}^^<{datatype}>")


# --- rows and pages ----------------------------------------------------------------------------


def encode(info: ClaimInfo) -> list[Any]:
    """A :class:`ClaimInfo` as a JSON-ready list (the order of its fields)."""
    amount = info.amount
    during = info.during
    return [
        info.iri,
        info.id,
        info.claimant,
        info.stance,
        info.proposition,
        info.subject,
        info.predicate,
        info.object,
        1 if info.object_is_iri else 0,
        info.source,
        info.said_on,
        info.medium,
        info.quote,
        info.quote_lang,
        None
        if amount is None
        else [
            *(str(n) if n is not None else None for n in (amount.value, amount.min, amount.max)),
            amount.currency,
            amount.unit,
        ],
        list(info.reported_by),
        1 if info.hedged else 0,
        info.on_behalf_of,
        list(info.responds_to),
        None if during is None else [_date_pair(during.start), _date_pair(during.end)],
    ]


def _date_pair(date: PartialDate | None) -> list[str] | None:
    return None if date is None else [date.text, date.datatype]


#: the details a view may leave out (kg.views.records.DETAILS), as row positions
_DETAIL_POSITIONS = {
    "said_on": (10,),
    "medium": (11,),
    "quote": (12, 13),
    "amount": (14,),
    "reported_by": (15,),
    "during": (19,),
}


def decode(rows: list[list[Any]], details: frozenset[str] | None = None) -> list[ClaimInfo]:
    """The :class:`ClaimInfo` of each row; with ``details``, the details not named are left
    empty, as the graph reader leaves the fields it was not asked to read."""
    return decode_columns(list(zip(*rows, strict=True)), details) if rows else []


def decode_columns(columns: list[Any], details: frozenset[str] | None = None) -> list[ClaimInfo]:
    """:func:`decode` of rows given as their columns (tuples of equal length).

    Column by column, so that the work on each value is done in C (a million rows took
    12 s row by row): each column is mapped in one call, and the columns are zipped into
    named tuples.
    """
    if len(columns) != _ROW_WIDTH:
        width = len(columns)
        raise ValueError(f"a claim table row of {width} fields, not {_ROW_WIDTH}: kg rebuild")
    wanted = set(range(_ROW_WIDTH))
    if details is not None:
        for name, positions in _DETAIL_POSITIONS.items():
            if name not in details:
                wanted.difference_update(positions)
    size = len(columns[0])
    out = [columns[0], columns[1], *columns[2:8], map(bool, columns[8]), *columns[9:14]]
    amounts = columns[14]
    out.append(
        [None if a is None else _amount_of(*a) for a in amounts] if any(amounts) else amounts
    )
    out += [map(tuple, columns[15]), map(bool, columns[16]), columns[17], map(tuple, columns[18])]
    periods = columns[19]
    out.append(
        [None if d is None else _during_of(*map(_pair, d)) for d in periods]
        if any(periods)
        else periods
    )
    for position in set(range(_ROW_WIDTH)) - wanted:
        out[position] = repeat((), size) if position == 15 else repeat(None, size)
    return list(map(_make_info, repeat(ClaimInfo), zip(*out, strict=True)))


_ROW_WIDTH = len(ClaimInfo._fields)
#: ``tuple.__new__``: a named tuple from a list of its fields, without its ``__new__``'s
#: keyword handling.
_make_info = tuple.__new__


# Amounts and periods repeat across claims (and are immutable): each distinct one is
# parsed once, a third of the decoding time at a million claims.


@functools.lru_cache(maxsize=1 << 16)
def _amount_of(
    value: str | None, low: str | None, high: str | None, currency: str | None, unit: str | None
) -> Amount:
    def number(text: str | None) -> Decimal | None:
        return Decimal(text) if text is not None else None

    return Amount(number(value), number(low), number(high), currency, unit)


@functools.lru_cache(maxsize=1 << 16)
def _during_of(start: tuple[str, str] | None, end: tuple[str, str] | None) -> During:
    return During(
        from_rdf(*start) if start is not None else None, from_rdf(*end) if end is not None else None
    )


def _pair(cells: list[str] | None) -> tuple[str, str] | None:
    return None if cells is None else (cells[0], cells[1])


class TablePages:
    """Rows gathered into page lines as they come: an ingest holds its new claims' rows
    as page JSON (about 250 bytes a claim), not as a million objects."""

    def __init__(self, sequence: int) -> None:
        #: pages are named after this write's number (:func:`next_sequence`), so later
        #: writes' pages sort after earlier ones
        self.sequence = sequence
        self.done: list[str] = []
        self.page: list[list[Any]] = []
        #: rows added so far
        self.rows = 0

    def add(self, info: ClaimInfo) -> None:
        self.rows += 1
        self.page.append(encode(info))
        if len(self.page) >= PAGE_SIZE:
            self._close()

    def _close(self) -> None:
        self.done.append(_page_line(self.sequence, len(self.done), self.page))
        self.page = []

    def lines(self) -> list[str]:
        """N-Triples lines of every page (the last one closed as it is)."""
        if self.page:
            self._close()
        return self.done


def _page_line(sequence: int, number: int, page: list[list[Any]]) -> str:
    return page_triple(_PAGE_IRI.format(sequence=sequence, number=number), page_text(page))


#: A page's name: the write's number and the page's number in it, sortable as text.
_PAGE_IRI = CLAIM_TABLE_GRAPH + "/page/{sequence:09d}-{number:06d}"
_PAGE_SEQUENCE = re.compile(re.escape(CLAIM_TABLE_GRAPH) + r"/page/(\d{9})-\d{6}$")


def next_sequence(store: Store) -> int:
    """The number the next write of pages takes: one more than any page's (1 at first).

    Numbers, not clock times, so that the same ingests give the same store."""
    query = f"SELECT ?page WHERE {{ GRAPH <{CLAIM_TABLE_GRAPH}> {{ ?page <{CG.claimRows}> [] }} }}"
    numbers = [
        int(found.group(1))
        for (cell,) in string_rows(store.query(query))
        if (found := _PAGE_SEQUENCE.match(cell[1:-1]))
    ]
    return max(numbers, default=0) + 1


def page_text(rows: list[Any]) -> str:
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def page_triple(page: str, text: str, predicate: str = CG.claimRows) -> str:
    # JSON's string syntax is N-Triples' (kg.report.kept._row_triple): quoted by json.dumps.
    return f"<{page}> <{predicate}> {json.dumps(text, ensure_ascii=False)}^^<{RDF.JSON}>"


def stored_pages(store: Store, predicate: str) -> Iterator[tuple[str, str]]:
    """(page IRI, JSON text) of every page of the claim table holding ``predicate``."""
    graph = CLAIM_TABLE_GRAPH
    query = f"SELECT ?page ?rows WHERE {{ GRAPH <{graph}> {{ ?page <{predicate}> ?rows }} }}"
    for solution in store.query(query):
        yield solution[0].value, solution[1].value


def replace_page(change: Change, page: str, text: str, kept: list[Any], predicate: str) -> None:
    """Add to ``change`` the swap of a stored page for the same page holding ``kept``."""
    change.remove(CLAIM_TABLE_GRAPH, [page_triple(page, text, predicate)])
    if kept:
        change.add(CLAIM_TABLE_GRAPH, [page_triple(page, page_text(kept), predicate)])


# --- reading ------------------------------------------------------------------------------------


class ClaimTable:
    """The pages of a store's claim table, read once: each claim's latest row.

    At a million claims the parsed rows take about a gigabyte: :meth:`claims` gives them
    up as it decodes them, and the page texts go as they are parsed.
    """

    @without_gc
    def __init__(self, store: Store) -> None:
        found = sorted(stored_pages(store, CG.claimRows), reverse=True)
        #: page IRI → the claims it holds a row for, in page order
        self.pages: dict[str, list[str]] = {}
        #: claim IRI → its latest row (a later page's row replaces an earlier one's)
        self.rows: dict[str, list[Any]] = {}
        while found:
            page, text = found.pop()
            parsed = json.loads(text)
            del text
            self.pages[page] = [row[0] for row in parsed]
            for row in parsed:
                self.rows[row[0]] = row

    def claims(self, details: frozenset[str] | None = None) -> dict[str, ClaimInfo]:
        """Every claim's :class:`ClaimInfo`, in claim IRI order; the rows are used up.

        The IRIs and words claims repeat (claimant, proposition, subject, predicate,
        object, source, stance…) are made one string each: parsed, every row had its own
        copy, half a gigabyte at a million claims.
        """
        rows = self.rows
        self.rows = {}
        one: dict[str | None, str | None] = {}
        same = one.setdefault
        out: dict[str, ClaimInfo] = {}
        order = sorted(rows)
        for start in range(0, len(order), _DECODE_CHUNK):
            iris = order[start : start + _DECODE_CHUNK]
            chunk = list(map(rows.pop, iris))
            # claimant … object (2-7), source, said_on, medium (9-11), quote language,
            # on_behalf_of (13, 17): one string each, a column at a time
            columns: list[Any] = list(zip(*chunk, strict=True))
            for n in _SHARED_COLUMNS:
                if n < len(columns):
                    columns[n] = map(same, columns[n], columns[n])
            out.update(zip(iris, decode_columns(columns, details), strict=True))
        return out


#: Rows decoded at a time: a few columns of this length in memory, not of a million.
_DECODE_CHUNK = 2000
#: The row positions whose values repeat across claims (IRIs, stances, dates, languages).
_SHARED_COLUMNS = (2, 3, 4, 5, 6, 7, 9, 10, 11, 13, 17)


def claim_count(store: Store) -> int:
    """How many claims the asserted graph holds (each has one claimant): 0.3 s at 1M."""
    query = (
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ASSERTED_GRAPH}> "
        f"{{ ?c <{CG.claimant}> ?who }} }}"
    )
    return int(next(iter(string_rows(store.query(query))))[0])


def read_claim_table(store: Store) -> ClaimTable | None:
    """The store's claim table, or None when it does not hold every claim of the asserted
    graph (module docstring): the caller then reads the graph."""
    table = ClaimTable(store)
    if not table.rows or len(table.rows) != claim_count(store):
        return None
    return table


#: Up to this many claims, pages are searched for the claims' IRIs before being parsed.
_FEW = 16


def stored_rows(store: Store, claims: Iterable[str]) -> dict[str, list[Any]]:
    """The latest row the table holds for each of ``claims`` (IRIs) that has one.

    Only the pages that may hold them are parsed (:func:`_pages_holding`): the whole table
    is a gigabyte of rows at a million claims (8 s to re-ingest a sheet of 11 claims the
    store already held, when every page was parsed)."""
    wanted = set(claims)
    found: dict[str, list[Any]] = {}
    for _, _, rows in _pages_holding(store, wanted):  # in page order: a later row wins
        for row in rows:
            if row[0] in wanted:
                found[row[0]] = row
    return found


def table_without(store: Store, claims: Iterable[str]) -> Change:
    """The change that takes ``claims`` (IRIs) out of the claim table: each page holding
    one is replaced by the same page without them."""
    gone = set(claims)
    change = Change()
    for page, text, rows in _pages_holding(store, gone):
        kept = [row for row in rows if row[0] not in gone]
        if len(kept) < len(rows):
            replace_page(change, page, text, kept, CG.claimRows)
    return change


def _pages_holding(store: Store, claims: set[str]) -> Iterator[tuple[str, str, list[Any]]]:
    """(page IRI, text, parsed rows) of the claim-table pages that may hold ``claims``, in
    page order. For a few claims a page is parsed only if its text holds one of their IRIs
    as a JSON string; for more, every page is."""
    for page, text in sorted(stored_pages(store, CG.claimRows)):
        if len(claims) <= _FEW and not any(f'"{iri}"' in text for iri in claims):
            continue
        yield page, text, json.loads(text)
