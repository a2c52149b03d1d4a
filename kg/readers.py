"""Input formats, chosen by file name: claim sheets (YAML, JSON) and RDF files.

Each reader turns one file into a validated :class:`~kg.model.ClaimSet` or raises an
:class:`~kg.errors.InputError` naming the file and the place. RDF is parsed by Oxigraph
with no network access: a JSON-LD ``@context`` must be inline, remote ones are refused.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from kg.errors import Problem, RdfInputError, SheetError
from kg.model import ClaimSet
from kg.sheets import load_sheet
from kg.unmint import claimset_from_quads

__all__ = ["RDF_FORMATS", "SHEET_SUFFIXES", "read_input", "read_rdf"]

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
    """Parse an RDF file in the SPEC §4 vocabulary into a ClaimSet."""
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


def read_input(path: Path) -> ClaimSet:
    """Read one input file, choosing the reader from its suffix."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise SheetError(Problem("no such file", file=str(path)))
    if path.is_dir():
        raise SheetError(Problem("is a directory, not a claim sheet or RDF file", file=str(path)))
    reader = _READERS.get(suffix)
    if reader is not None:
        return reader(path)
    if suffix == ".json" and _looks_like_jsonld(path):
        return read_rdf(path, ox.RdfFormat.JSON_LD)
    if suffix in SHEET_SUFFIXES:
        return load_sheet(path)
    known = ", ".join([*SHEET_SUFFIXES, *RDF_FORMATS, *_EXTRA_SUFFIXES])
    raise SheetError(
        Problem(f"unknown file type {suffix or '(none)'!r}; expected {known}", file=str(path))
    )


_READERS: dict[str, Callable[[Path], ClaimSet]] = {s: read_rdf for s in RDF_FORMATS}
#: Readers registered by other modules (``.jsonl`` claim streams): suffix → reader.
_EXTRA_SUFFIXES: list[str] = []


def register_reader(suffix: str, reader: Callable[[Path], ClaimSet]) -> None:
    """Make ``kg ingest`` accept files ending in ``suffix``."""
    _READERS[suffix] = reader
    _EXTRA_SUFFIXES.append(suffix)
