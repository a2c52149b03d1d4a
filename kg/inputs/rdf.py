"""Big RDF files in the docs/vocabulary.md vocabulary, read in bounded memory.

:func:`kg.inputs.dispatch.read_rdf` parses a whole file into Python objects, which is right for a
sheet-sized export and hopeless for ten million triples. Here Oxigraph bulk-loads the file
into a temporary on-disk store first (the fastest parser there is, and the store is an
index by subject for free), then the claims are read back a few thousand at a time, each
with the nodes it points to (proposition, amount, period), and turned into the model by
:func:`kg.rdf.from_triples.claimset_from_quads` — the same rules and messages as for a small file.

A triple outside the vocabulary is refused, as by :mod:`kg.rdf.from_triples`: every triple read
back is accounted for, and if the store holds more triples than were read, a query finds
the ones no claim, declaration or derived node explains.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.errors import Problem, RdfInputError
from kg.model import Claim, ClaimSet
from kg.rdf.from_triples import claimset_from_quads
from kg.vocab import AGENT_TYPE_CLASSES, CG, PREFIXES, SOURCE_TYPES

__all__ = ["STREAMED_FORMATS", "stream_rdf"]

#: Formats Oxigraph bulk-loads from a file: these are streamed.
STREAMED_FORMATS = {
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
}
_CHUNK = 5000  # claims read back at a time

_RDF, _SDO, _OLD_SDO = PREFIXES["rdf"], PREFIXES["schema"], "http://schema.org/"
_TYPE = ox.NamedNode(_RDF + "type")
_DEPENDENTS = tuple(ox.NamedNode(t) for t in (CG.proposition, CG.amount, CG.during))
_PROPOSITION = _DEPENDENTS[0]
_DECLARATIONS = [
    *AGENT_TYPE_CLASSES.values(),
    CG.Entity,
    _RDF + "Property",
    *(_SDO + t for t in SOURCE_TYPES),
]
_ROOTS = [*_DECLARATIONS, CG.Claim, CG.Proposition, CG.Contradiction]


def stream_rdf(
    path: Path, declared: ClaimSet, progress: Callable[[float], None], scratch: str | None = None
) -> Iterator[Claim]:
    """Read an RDF file: its declarations into ``declared``, its claims yielded in parts."""
    file = str(path)
    with tempfile.TemporaryDirectory(prefix="kg-rdf-", dir=scratch) as directory:
        store = ox.Store(directory)
        _load(store, path, file)
        progress(0.25)
        total = len(store)
        read = 0
        declarations = _quads_of(store, _typed(store, _DECLARATIONS))
        read += len(declarations)
        found = claimset_from_quads(declarations, file)
        found.claims = {}
        declared.merge(found)
        claims = sorted(_typed(store, [CG.Claim]), key=str)
        counted: set[str] = set()  # propositions are shared by claims: count them once
        problems: list[Problem] = []
        for start in range(0, len(claims), _CHUNK):
            chunk = claims[start : start + _CHUNK]
            quads = _quads_of(store, chunk)
            read += len(quads)
            for link, dependent in _dependents(quads):
                more = _quads_of(store, [dependent])
                quads.extend(more)
                if link != _PROPOSITION or str(dependent) not in counted:
                    read += len(more)
                    if link == _PROPOSITION:
                        counted.add(str(dependent))
            try:
                part = claimset_from_quads(quads, file, known=found)
            except RdfInputError as exc:
                problems.extend(exc.problems)
                continue
            yield from part.claims.values()
            progress(0.25 + 0.75 * (start + len(chunk)) / len(claims))
        del claims, counted
        read += len(_quads_of(store, _typed(store, [CG.Contradiction])))
        if read != total:
            problems.extend(_outside_the_vocabulary(store, file))
        del store
    if problems:
        raise RdfInputError(problems[:50])


def _load(store: ox.Store, path: Path, file: str) -> None:
    fmt = STREAMED_FORMATS[path.suffix.lower()]
    try:
        store.bulk_load(path=str(path), format=fmt)
    except SyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) and exc.lineno > 0 else None
        message = str(exc).replace("\n", " ")
        raise RdfInputError(
            Problem(f"invalid {fmt.name}: {message}", file=file, line=line)
        ) from None
    except (ValueError, OSError) as exc:
        raise RdfInputError(Problem(f"cannot parse {fmt.name}: {exc}", file=file)) from None


def _typed(store: ox.Store, classes: list[str]) -> list[ox.NamedNode | ox.BlankNode]:
    """Subjects typed with any of ``classes`` (both schema.org namespaces), each once."""
    found: dict[str, ox.NamedNode | ox.BlankNode] = {}
    for cls in classes:
        names = {cls, cls.replace(_SDO, _OLD_SDO, 1)}
        for name in names:
            for quad in store.quads_for_pattern(None, _TYPE, ox.NamedNode(name)):
                if not isinstance(quad.subject, ox.Triple):
                    found.setdefault(str(quad.subject), quad.subject)
    return list(found.values())


def _quads_of(store: ox.Store, subjects: list[ox.NamedNode | ox.BlankNode]) -> list[ox.Quad]:
    quads: list[ox.Quad] = []
    for subject in subjects:
        quads.extend(store.quads_for_pattern(subject, None, None))
    return quads


def _dependents(quads: list[ox.Quad]) -> list[tuple[ox.NamedNode, ox.NamedNode | ox.BlankNode]]:
    """The proposition, amount and period nodes the claims point to, with the link."""
    found: dict[str, tuple[ox.NamedNode, ox.NamedNode | ox.BlankNode]] = {}
    for quad in quads:
        if quad.predicate in _DEPENDENTS and isinstance(quad.object, ox.NamedNode | ox.BlankNode):
            found.setdefault(str(quad.object), (quad.predicate, quad.object))
    return list(found.values())


def _outside_the_vocabulary(store: ox.Store, file: str) -> list[Problem]:
    """Triples no claim, declaration, dependent node or derived node explains (up to 10)."""
    roots = " ".join(f"<{c}>" for c in _ROOTS)
    old = " ".join(f"<{c.replace(_SDO, _OLD_SDO, 1)}>" for c in _ROOTS if c.startswith(_SDO))
    links = " ".join(f"<{n.value}>" for n in _DEPENDENTS)
    query = (
        "SELECT ?s ?p ?o WHERE { ?s ?p ?o "
        f"FILTER NOT EXISTS {{ ?s a ?t VALUES ?t {{ {roots} {old} }} }} "
        f"FILTER NOT EXISTS {{ ?c ?link ?s VALUES ?link {{ {links} }} }} }} LIMIT 11"
    )
    result = store.query(query, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    leftovers = list(result)
    problems = [
        Problem(
            f"triple {row['p']} {row['o']} is not in the claimgraph vocabulary"
            " (docs/vocabulary.md)",
            file=file,
            where=str(row["s"]),
        )
        for row in leftovers[:10]
    ]
    if len(leftovers) > 10:
        problems.append(Problem("and more triples outside the vocabulary", file=file))
    return problems
