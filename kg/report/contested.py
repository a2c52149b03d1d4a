"""What ``kg contested`` shows: contested propositions with their claims, then every
contradiction, as rows streamed page by page (JSON shape: docs/cli.md).

Two ways to the same rows. A store whose writes kept the listing's rows
(:mod:`kg.report.kept`) gives them with two scans of one pattern each, so the listing costs
what its answer costs. Any other store (written by an older kg, or by hand, or after a
failed refresh) is read from the graphs themselves (:mod:`kg.report.contested_read`). A
test keeps the two outputs identical.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from kg.report.contested_read import ContestedReader, proposition_row
from kg.report.kept import kept_listing
from kg.store.base import Store

__all__ = ["contested", "iter_contested", "write_contested_json"]


def contested(store: Store, *, from_graphs: bool = False) -> dict[str, list[dict[str, Any]]]:
    """Contested propositions with their claims, and every contradiction (docs/cli.md JSON).

    Propositions come in the order of their statements' words (subject, predicate,
    object); contradictions in the order of the first proposition they contest, then by
    their claims' ids. :func:`iter_contested` gives the same rows one at a time.
    """
    out: dict[str, list[dict[str, Any]]] = {"propositions": [], "contradictions": []}
    for section, row in iter_contested(store, from_graphs=from_graphs):
        out[section].append(row)
    return out


def write_contested_json(store: Store, out: IO[str], *, from_graphs: bool = False) -> None:
    """Write :func:`contested` as JSON, one row a line, as the rows are found.

    The first rows of a million-claim store are out in well under a second, and memory
    holds one page of rows, not the whole answer. ``from_graphs`` as in
    :func:`iter_contested`.
    """
    encode = json.JSONEncoder(ensure_ascii=False).encode
    section = None
    first = True
    lines: list[str] = []
    for name, row in iter_contested(store, from_graphs=from_graphs):
        if name != section:
            lines.append("{" if section is None else "\n],\n")
            lines.append(encode(name) + ": [")
            section, first = name, True
        lines.append(("\n" if first else ",\n") + encode(row))
        first = False
        if len(lines) >= _BATCH:
            out.write("".join(lines))
            lines.clear()
    out.write("".join(lines))
    if section is None:
        out.write('{"propositions": [')
    if section != "contradictions":
        out.write('\n],\n"contradictions": [')
    out.write("\n]}\n")


#: Rows written at a time: the first rows still go out at once, in one write, not one each.
_BATCH = 100


def iter_contested(
    store: Store, page: int = 500, *, from_graphs: bool = False
) -> Iterator[tuple[str, dict[str, Any]]]:
    """``("propositions", row)`` for each contested proposition, then ``("contradictions", row)``.

    Order: by subject name; within a subject, by predicate, the propositions somebody
    asserts before those only denied, then by object. Contradictions come in the order of
    the first proposition they contest, then by their claims' ids.

    ``from_graphs`` reads the graphs even where the store kept the rows (to check them).
    """
    kept = None if from_graphs else kept_listing(store)
    if kept is not None:
        yield from _listed(kept.propositions(page), kept.contradictions)
        return
    reader = ContestedReader(store)

    def read_propositions() -> Iterator[dict[str, Any]]:
        """Page by page: only the labels and the contested propositions' subjects are
        read before the first row (the reader's docstrings say how)."""
        for chunk in reader.pages(page):
            for prop in reader.describe(chunk):
                yield proposition_row(prop, reader.claims.pop(prop.iri))

    yield from _listed(read_propositions(), reader.contradictions)


def _listed(
    propositions: Iterable[dict[str, Any]],
    contradictions: Any,
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Print-ready rows: ``propositions`` in order, then ``contradictions()`` ranked."""
    position: dict[str, int] = {}
    for row in propositions:
        position[row["iri"]] = len(position)
        yield "propositions", {key: row[key] for key in _SHOWN}
    for entry in ranked_contradictions(contradictions(), position):
        yield "contradictions", entry


_SHOWN = ("iri", "subject", "predicate", "object", "claims")


def ranked_contradictions(
    entries: list[dict[str, Any]], position: dict[str, int]
) -> list[dict[str, Any]]:
    """Contradiction rows in listing order, each claim's ``proposition`` key dropped: by
    the first listed proposition they contest, then their claims' ids, kind and IRI."""
    ranked = []
    last = len(position)
    where = position.get
    for entry in entries:
        rank = last
        ids = []
        for claim in entry["claims"]:
            at = where(claim.pop("proposition", None) or "", last)
            if at < rank:
                rank = at
            ids.append(claim.get("id", ""))
        ranked.append((rank, ids, entry["kind"], entry["iri"], entry))
    ranked.sort(key=lambda item: item[:4])
    return [item[-1] for item in ranked]
