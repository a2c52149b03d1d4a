"""What every claimgraph store offers, whatever engine is underneath.

A store holds two named graphs (``asserted`` and ``derived``, see :mod:`kg.namespace`) and
answers SPARQL. Writes arrive as one :class:`Change` — triples to delete and to insert,
per graph — and a store applies a change entirely or not at all.

Query results are pyoxigraph result objects (solutions, a boolean or triples) whatever the
backend: the remote store parses the endpoint's W3C results into the same types, so every
caller handles one shape.
"""

from __future__ import annotations

import re
import traceback
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from types import TracebackType
from typing import IO, Any

import pyoxigraph as ox

from kg.store.change import Change, StoreWriter
from kg.vocab import ASSERTED_GRAPH, CLAIM_TABLE_GRAPH, DERIVED_GRAPH, LISTINGS_GRAPH, PREFIXES

__all__ = [
    "IN_CHUNK",
    "PREFIX_HEADER",
    "Change",
    "Store",
    "cell_datatype",
    "cell_language",
    "cell_term",
    "cell_text",
    "cell_value",
    "in_chunks",
    "rows",
    "select_cells_in",
    "select_in",
    "string_rows",
    "values_block",
]

#: The prefix header shared by internal queries.
PREFIX_HEADER = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())


def values_block(var: str, terms: Iterable[str]) -> str:
    """A ``VALUES ?var { … }`` block over terms that :mod:`kg.rdf.to_triples` produced or checked.

    Only for IRIs the program minted or validated (they cannot contain ``>`` or spaces);
    values typed by a user go in through :meth:`Store.query`'s ``bindings``.

    Put the block inside the ``GRAPH`` block it narrows, not before it: Oxigraph does not
    carry a VALUES block into a GRAPH block that holds an OPTIONAL, and evaluates that block
    over the whole graph first (24.8 s at a million claims to read two claims, against
    0.000 s with the block inside; benchmarks/README.md, "Small writes at a million claims").
    """
    return f"VALUES ?{var} {{ " + " ".join(terms) + " }"


#: Terms per ``VALUES`` block in :func:`select_in`. Virtuoso drops OPTIONAL bindings past
#: about 1,000 rows in a VALUES block; every engine answers 1,000 the same way.
IN_CHUNK = 1000


def select_in(
    store: Store, var: str, terms: Iterable[str], query: str, *, chunk: int = IN_CHUNK
) -> Iterator[dict[str, Any]]:
    """Rows of ``query`` for every term of ``terms`` bound to ``?var``, a chunk at a time.

    ``query`` is a SELECT without prefixes whose WHERE clause holds ``{values}`` where the
    ``VALUES ?var { … }`` block goes. ``terms`` are N-Triples terms the program minted or
    validated (see :func:`values_block`); duplicates are read once. The one place that
    knows how big a block every engine answers exactly.

    >>> from kg.store import open_store
    >>> with open_store("memory:") as store:
    ...     list(select_in(store, "x", ["<urn:a>", "<urn:b>"], "SELECT ?x WHERE { {values} }"))
    [{'x': <NamedNode value=urn:a>}, {'x': <NamedNode value=urn:b>}]
    """
    for part in in_chunks(terms, chunk):
        block = values_block(var, part)
        yield from rows(store.query(PREFIX_HEADER + query.replace("{values}", block)))


def in_chunks(terms: Iterable[str], size: int = IN_CHUNK) -> Iterator[list[str]]:
    """``terms``, sorted and without duplicates, in lists of at most ``size``: the chunks
    of VALUES blocks for queries that read their solutions themselves."""
    ordered = sorted(set(terms))
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]


class Store(ABC):
    """A claimgraph store. Use it as a context manager, or call :meth:`close`."""

    #: where the store lives, as the user wrote it
    location: str
    #: whether this handle may write
    writable: bool
    graphs = (ASSERTED_GRAPH, DERIVED_GRAPH)
    #: graphs kg reads by name only (``GRAPH <…>``): the kept listing rows and claim table
    named_only_graphs = (LISTINGS_GRAPH, CLAIM_TABLE_GRAPH)

    @property
    def keeps_claim_table(self) -> bool:
        """Whether kg keeps the claim table here (kg.report.claim_table): its pages are
        literals of hundreds of kilobytes, which not every server takes."""
        return True

    @abstractmethod
    def query(
        self, sparql: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None
    ) -> Any:
        """Run a SPARQL query over the union of the store's graphs.

        ``bindings`` binds variables to RDF terms without touching the query text.
        Returns ``pyoxigraph.QuerySolutions``, ``QueryBoolean`` or ``QueryTriples``.
        """

    @abstractmethod
    def apply(self, change: Change) -> None:
        """Apply ``change`` atomically: all of it or none of it."""

    @abstractmethod
    def dump(self, out: IO[bytes], fmt: ox.RdfFormat, graph: str | None = None) -> None:
        """Serialise one graph, or the store's graphs (:attr:`graphs`: never the kept listing
        rows) when ``graph`` is None."""

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update; only stores opened for writing accept it."""
        raise NotImplementedError

    def writer(self) -> StoreWriter:
        """An all-or-nothing write assembled step by step (:mod:`kg.store.change`).

        The default collects one :class:`Change` and :meth:`apply` s it at commit; the
        embedded on-disk store streams big writes into a copy instead.
        """
        return StoreWriter(self)

    def scratch_directory(self) -> str | None:
        """Where big temporary files of work on this store should go (None: the system's)."""
        return None

    def count(self, graph: str | None = None) -> int:
        """Number of triples in ``graph`` (or in both graphs)."""
        target = f"GRAPH <{graph}>" if graph else "GRAPH ?g"
        result = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {target} {{ ?s ?p ?o }} }}")
        return int(next(iter(result))["n"].value)

    def close(self) -> None:  # noqa: B027 (stores without resources need no close)
        """Release the store (locks, handles)."""

    def discard_if_new(self) -> None:
        """Close; a store this handle created and never wrote to is removed (if it can be)."""
        self.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: TracebackType | None) -> None:
        if tb is not None:
            # An exception's traceback keeps the finished frames below us alive, and with
            # them any query result still bound to a local variable; an open result keeps
            # the database open after close() released the lock. Clearing those frames
            # drops the results first, so the lock is never released under a live handle.
            traceback.clear_frames(tb)
        self.close()


def rows(result: Any) -> list[dict[str, Any]]:
    """SELECT solutions as dicts of variable name → pyoxigraph term (unbound names absent)."""
    names = [v.value for v in result.variables]
    return [
        {name: term for name in names if (term := solution[name]) is not None}
        for solution in result
    ]


def string_rows(result: Any) -> list[tuple[str, ...]]:
    """SELECT solutions as tuples of cells, in the SELECT's order, written by the engine.

    The engine serialises the whole answer as SPARQL TSV in one call and it is split here,
    so no Python term object is built per value. A cell is the term in N-Triples syntax
    (``<iri>``, ``"text"@lang``, ``"v"^^<type>``, ``_:b``; numbers and booleans bare, as
    TSV allows), or ``""`` when unbound. ``cell[0] == "<"`` says an IRI, ``cell[1:-1]``
    is then its value; :func:`cell_value` gives any cell's value.
    """
    serialize = getattr(result, "serialize", None)
    if serialize is None:  # not a pyoxigraph answer: fall back on its terms
        width = len(result.variables)
        return [tuple(_cell(solution[i]) for i in range(width)) for solution in result]
    text = serialize(format=ox.QueryResultsFormat.TSV).decode("utf-8")
    lines = text.split("\n")
    del text
    # The header names the variables; the body ends with a newline (one empty last line).
    return [tuple(line.split("\t")) for line in lines[1:-1]]


def _cell(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    return str(term)


_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1) or match.group(2)
    if code:
        return chr(int(code, 16))
    return _ESCAPES.get(match.group(3), match.group(3))


def cell_value(cell: str) -> str | None:
    """A :func:`string_rows` cell's value: an IRI without its brackets, a literal's text,
    a blank node's ``_:id``; None when unbound."""
    if not cell:
        return None
    first = cell[0]
    if first == "<":
        return cell[1:-1]
    if first == '"':
        text = cell[1 : cell.rindex('"')]
        return _ESCAPE.sub(_unescape, text) if "\\" in text else text
    return cell  # a bare number or boolean, or a blank node


def cell_text(cell: str) -> str | None:
    """A cell's value as its pyoxigraph term's ``.value`` gives it (a blank node's id
    without ``_:``); None when unbound."""
    if cell[:1] == "<":
        return cell[1:-1]
    value = cell_value(cell)
    return value[2:] if value is not None and value.startswith("_:") else value


def cell_language(cell: str) -> str | None:
    """The language tag of a :func:`string_rows` literal cell (None without one)."""
    if cell[:1] != '"':
        return None
    end = cell.rindex('"')
    return cell[end + 2 :] if cell[end + 1 : end + 2] == "@" else None


_XSD = "http://www.w3.org/2001/XMLSchema#"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_ESCAPES = {"\b": "\\b", "\f": "\\f"}


def _bare_datatype(cell: str) -> str:
    if cell in ("true", "false"):
        return _XSD + "boolean"
    return _XSD + ("decimal" if "." in cell else "integer")


def cell_datatype(cell: str) -> str | None:
    """The datatype IRI of a :func:`string_rows` literal cell (None for other terms)."""
    if not cell or cell[0] in "<_":
        return None
    if cell[0] != '"':
        return _bare_datatype(cell)
    end = cell.rindex('"')
    if cell[end + 1 : end + 3] == "^^":
        return cell[end + 4 : -1]
    if cell[end + 1 : end + 2] == "@":
        return "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
    return _XSD + "string"


def cell_term(cell: str) -> str | None:
    """A :func:`string_rows` cell as the N-Triples text pyoxigraph's ``str(term)`` gives:
    bare numbers and booleans typed, control characters escaped; None when unbound."""
    if not cell:
        return None
    first = cell[0]
    if first == "<" or first == "_":
        return cell
    if first != '"':
        return f'"{cell}"^^<{_bare_datatype(cell)}>'
    if _CONTROL.search(cell):
        return _CONTROL.sub(
            lambda m: _CONTROL_ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), cell
        )
    return cell


def select_cells_in(
    store: Store,
    var: str,
    terms: Iterable[str],
    query: str,
    *,
    scan: bool = False,
    chunk: int = IN_CHUNK,
) -> Iterator[tuple[str, ...]]:
    """:func:`select_in` as :func:`string_rows` cells; ``?var`` must be the first variable
    selected, and bound by a required pattern of the query.

    With ``scan``, the query runs once without its VALUES block and only the solutions
    whose ``?var`` is one of ``terms`` are kept: the same rows, in one whole-store read.
    That is cheaper when ``terms`` are most of the store's claims (at 100k claims, reading
    every claim's amounts took 1.3 s in one query against 3 s in chunks, and an OPTIONAL
    after a VALUES block is evaluated over the whole store anyway; benchmarks/README.md).
    """
    if scan:
        wanted = set(terms)
        text = PREFIX_HEADER + query.replace("{values}", "")
        yield from (row for row in string_rows(store.query(text)) if row[0] in wanted)
        return
    for part in in_chunks(terms, chunk):
        block = values_block(var, part)
        yield from string_rows(store.query(PREFIX_HEADER + query.replace("{values}", block)))
