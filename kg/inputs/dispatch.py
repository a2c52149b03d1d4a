"""Input formats, chosen by file name: claim sheets (YAML, JSON), JSON Lines, RDF files.

Each reader turns one file into a validated :class:`~kg.model.ClaimSet` or raises an
:class:`~kg.errors.InputError` naming the file and the place. RDF is parsed by Oxigraph
with no network access: a JSON-LD ``@context`` must be inline, remote ones are refused.

Big inputs are read as streams instead (:func:`stream_input`): declarations (agents,
sources…) go into a shared :class:`~kg.model.ClaimSet`, claims are yielded one at a time,
and the problems of a file are raised once its last claim has been read. Every format
streams this way; JSON Lines and sheets do it in memory proportional to their
declarations, not to their claims.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError, Problem, RdfInputError, SheetError
from kg.inputs.jsonl import read_jsonl, stream_jsonl
from kg.inputs.rdf import STREAMED_FORMATS, stream_rdf
from kg.inputs.sheets import load_sheet, stream_sheet
from kg.model import Claim, ClaimSet
from kg.rdf.from_triples import claimset_from_quads

__all__ = [
    "JSONL_SUFFIXES",
    "RDF_FORMATS",
    "SHEET_SUFFIXES",
    "StreamReader",
    "read_input",
    "read_rdf",
    "stream_input",
]

#: File suffix → RDF syntax accepted by ``kg ingest``.
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
}
SHEET_SUFFIXES = (".yaml", ".yml", ".json")


def read_rdf(path: Path, fmt: ox.RdfFormat | None = None) -> ClaimSet:
    """Parse an RDF file in the docs/vocabulary.md vocabulary into a ClaimSet."""
    fmt = fmt or RDF_FORMATS[path.suffix.lower()]
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RdfInputError(Problem(f"cannot read file: {exc.strerror}", file=str(path))) from None
    if fmt == ox.RdfFormat.JSON_LD and _json_depth_exceeds(data, MAX_JSONLD_DEPTH):
        raise RdfInputError(
            Problem(
                f"invalid JSON-LD: nested more than {MAX_JSONLD_DEPTH} levels deep",
                file=str(path),
            )
        )
    try:
        quads = list(ox.parse(data, fmt, base_iri=None))
    except SyntaxError as exc:
        message = str(exc).replace("\n", " ")
        if "LoadDocumentCallback" in message:  # Oxigraph's words for a remote @context
            message = (
                "its @context names a document to fetch, and claimgraph never fetches "
                "anything (no network, no other files): write the context inline"
            )
        line = _line(exc)
        raise RdfInputError(
            Problem(f"invalid {fmt.name}: {message}", file=str(path), line=line)
        ) from None
    except (ValueError, OSError) as exc:
        raise RdfInputError(Problem(f"cannot parse {fmt.name}: {exc}", file=str(path))) from None
    return claimset_from_quads(quads, str(path))


#: Deepest JSON-LD accepted. Oxigraph's JSON-LD parser takes time quadratic in the nesting
#: depth (1.5 s at 3,000 levels here) and overflows its stack, killing the process, a few
#: thousand levels down; claimgraph's own JSON-LD is 6 levels deep.
MAX_JSONLD_DEPTH = 100
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = re.compile(rb"[^\[\]{}]+")
_INNERMOST = re.compile(rb"\[\]|\{\}")


def _json_depth_exceeds(data: bytes, limit: int) -> bool:
    """Whether the JSON text ``data`` nests arrays and objects more than ``limit`` deep.

    Strings are dropped, then the innermost bracket pairs are removed once per level, each
    pass in C; it stops after ``limit`` passes, so a hostile file costs ``limit`` scans.
    """
    brackets = _NOT_BRACKET.sub(b"", _JSON_STRING.sub(b"", data))
    for _ in range(limit):
        brackets, removed = _INNERMOST.subn(b"", brackets)
        if not brackets or not removed:
            return False
    return bool(brackets)


def _line(exc: SyntaxError) -> int | None:
    # pyoxigraph sets lineno (1-based) on SyntaxError when it knows the position.
    return exc.lineno if isinstance(exc.lineno, int) and exc.lineno > 0 else None


def _looks_like_jsonld(path: Path) -> bool:
    try:
        head = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return False  # not JSON, or too deep to be ours: the sheet reader says why
    if isinstance(head, list):
        return True
    return isinstance(head, dict) and "sheet" not in head and any(k.startswith("@") for k in head)


def _check_file(path: Path) -> None:
    if not path.exists():
        raise SheetError(Problem("no such file", file=str(path)))
    if path.is_dir():
        raise SheetError(Problem("is a directory, not a claim sheet or RDF file", file=str(path)))


def read_input(path: Path) -> ClaimSet:
    """Read one input file, choosing the reader from its suffix."""
    suffix = path.suffix.lower()
    _check_file(path)
    reader = _READERS.get(suffix)
    if reader is not None:
        return reader(path)
    if suffix == ".json" and _looks_like_jsonld(path):
        return read_rdf(path, ox.RdfFormat.JSON_LD)
    if suffix in SHEET_SUFFIXES:
        return load_sheet(path)
    known = ", ".join([*SHEET_SUFFIXES, *RDF_FORMATS, *JSONL_SUFFIXES])
    raise SheetError(
        Problem(f"unknown file type {suffix or '(none)'!r}; expected {known}", file=str(path))
    )


#: JSON Lines claim streams (:mod:`kg.inputs.jsonl`).
JSONL_SUFFIXES = (".jsonl", ".ndjson")
_READERS: dict[str, Callable[[Path], ClaimSet]] = {
    **{suffix: read_rdf for suffix in RDF_FORMATS},
    **{suffix: read_jsonl for suffix in JSONL_SUFFIXES},
}

#: ``reader(path, declared, progress)``: add the file's declarations to ``declared``, yield
#: its claims, call ``progress(fraction)`` (0 to 1) as it goes, and raise the file's
#: :class:`~kg.errors.InputError` after its last claim.
StreamReader = Callable[[Path, ClaimSet, Callable[[float], None]], Iterator[Claim]]
_STREAM_READERS: dict[str, StreamReader] = {suffix: stream_jsonl for suffix in JSONL_SUFFIXES}


#: RDF files from this size on are read through a temporary store (:mod:`kg.inputs.rdf`).
RDF_STREAM_MIN_BYTES = 32 * 2**20


def stream_input(
    path: Path,
    declared: ClaimSet,
    progress: Callable[[float], None] | None = None,
    *,
    scratch: str | None = None,
) -> Iterator[Claim]:
    """Read one input file as a stream of claims (see the module docstring).

    ``scratch`` is where a big RDF file's temporary store goes (default: the system's
    temporary directory; an ingest passes its store's directory).
    """
    report = progress or _ignore
    suffix = path.suffix.lower()
    _check_file(path)
    if not path.is_file():  # a pipe, /dev/stdin, a FIFO: they can be read only once
        return _stream_spooled(path, declared, report, scratch)
    reader = _STREAM_READERS.get(suffix)
    if reader is not None:
        return reader(path, declared, report)
    if suffix in STREAMED_FORMATS and path.stat().st_size >= RDF_STREAM_MIN_BYTES:
        return stream_rdf(path, declared, report, scratch)
    if (
        suffix in SHEET_SUFFIXES
        and suffix not in _READERS
        and not (suffix == ".json" and _looks_like_jsonld(path))
    ):
        return stream_sheet(path, declared, report)
    return _claims_of(read_input(path), declared, report)


def _stream_spooled(
    path: Path, declared: ClaimSet, progress: Callable[[float], None], scratch: str | None
) -> Iterator[Claim]:
    """Copy a pipe to a temporary file first: readers look at some files twice (is this
    ``.json`` JSON-LD? how big is this RDF?), which a pipe cannot give them. Problems name
    the pipe, not the copy."""
    with tempfile.TemporaryDirectory(prefix="kg-input-", dir=scratch) as directory:
        copy = Path(directory) / f"input{path.suffix}"
        try:
            with path.open("rb") as source, copy.open("wb") as target:
                shutil.copyfileobj(source, target, 1 << 20)
        except OSError as exc:
            raise SheetError(Problem(f"cannot read: {exc.strerror}", file=str(path))) from None
        try:
            yield from stream_input(copy, declared, progress, scratch=scratch)
        except InputError as exc:
            raise type(exc)([_renamed(p, str(copy), str(path)) for p in exc.problems]) from None


def _renamed(problem: Problem, old: str, new: str) -> Problem:
    if problem.file != old and old not in problem.message:
        return problem
    return replace(problem, file=new, message=problem.message.replace(old, new))


def _claims_of(
    claims: ClaimSet, declared: ClaimSet, progress: Callable[[float], None]
) -> Iterator[Claim]:
    found = ClaimSet()
    found.merge(claims)
    found.claims = {}
    declared.merge(found)
    total = len(claims.claims) or 1
    for done, claim in enumerate(claims.claims.values(), start=1):
        if done % 1000 == 0:
            progress(done / total)
        yield claim
    progress(1.0)


def _ignore(fraction: float) -> None:
    return None
