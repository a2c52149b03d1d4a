"""JSON Lines claim streams (``.jsonl``): the bulk input format for machine-made claims.

One JSON object a line. The first is the header, ``{"kind": "sheet", "sheet": 1, "base":
…}``; every other line is a record whose ``kind`` is ``source``, ``agent``, ``entity``,
``predicate`` or ``claim`` and whose other fields are those of the same object in a claim
sheet (docs/sheet-format.md). Agents, entities, predicates and sources are declared on a
line of their own and named by id. Sources, predicates and the agents and entities a
statement is about come before the claims that use them (a statement's subject may be an
agent or an entity, and the IRI depends on which); references to agents (claimant,
reported_by, member_of, publisher) and to claims (responds_to) may point anywhere in the
file. docs/bulk.md has the details.

The records are validated by :mod:`kg.inputs.sheets`' own functions, so the rules and
messages are a sheet's; every problem names the file and the line. Only declarations and the claim
ids stay in memory: claims are handed on as they are read.

>>> import tempfile, pathlib
>>> lines = [
...     '{"kind": "sheet", "sheet": 1, "base": "https://example.org/b/"}',
...     '{"kind": "source", "id": "s", "title": "T"}',
...     '{"kind": "agent", "id": "a", "name": "A", "type": "Person"}',
...     '{"kind": "claim", "id": "c", "claimant": "a", "stance": "asserts",'
...     ' "statement": ["a", "likes", {"value": 1}], "source": "s"}',
... ]
>>> path = pathlib.Path(tempfile.mkdtemp()) / "claims.jsonl"
>>> _ = path.write_text("\\n".join(lines) + "\\n")
>>> [claim.iri for claim in stream_jsonl(path, ClaimSet(), lambda fraction: None)]
['https://example.org/b/claim/c']
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from kg.inputs.documents import DuplicateKey, PathKey, refuse_duplicate_keys
from kg.inputs.sheets import (
    SheetContext,
    check_header,
    declare_id,
    validate_agent,
    validate_claim,
    validate_entity,
    validate_predicate,
    validate_source,
)
from kg.model import Claim, ClaimSet

__all__ = ["RECORD_KINDS", "read_jsonl", "stream_jsonl"]

#: record kind → (validator, the sheet section whose ids it declares, if any)
RECORD_KINDS: dict[str, tuple[Callable[..., Any], str | None]] = {
    "source": (validate_source, "sources"),
    "agent": (validate_agent, "agents"),
    "entity": (validate_entity, "entities"),
    "predicate": (validate_predicate, None),
    "claim": (validate_claim, "claims"),
}
_HEADER_KEYS = {"sheet", "base"}
_HEADER = 'the first line must be the header {"kind": "sheet", "sheet": 1}'
_PROGRESS_EVERY = 4096  # lines


class _LineLocator:
    """In a stream, a problem's path starts with its line number."""

    def line(self, path: PathKey) -> int | None:
        return path[0] if path and isinstance(path[0], int) else None


def stream_jsonl(
    path: Path, declared: ClaimSet, progress: Callable[[float], None]
) -> Iterator[Claim]:
    """Validate a JSON Lines stream: declarations into ``declared``, claims yielded.

    Raises :class:`~kg.errors.SheetError` after the last line when anything was wrong.
    """
    ctx = SheetContext(str(path), _LineLocator(), declared=declared, defer_references=True)
    size = max(path.stat().st_size, 1)
    header = False
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number % _PROGRESS_EVERY == 0:
                progress(handle.tell() / size)
            record = _record(ctx, raw, number)
            if record is None:
                continue
            kind = record.pop("kind", None)
            where: PathKey = (number,)
            if not header:
                header = True
                if kind == "sheet":
                    check_header(ctx, record, _HEADER_KEYS, where)
                    continue
                ctx.fail(where, "", _HEADER)
            if kind == "sheet":
                ctx.fail(where, "", "a stream has one header, on its first line")
                continue
            handler = RECORD_KINDS.get(kind) if isinstance(kind, str) else None
            if handler is None:
                known = ", ".join(RECORD_KINDS)
                ctx.fail(where, "", f"unknown record kind {kind!r} (expected {known})")
                continue
            validate, section = handler
            if section is not None:
                declare_id(ctx, section, record, where)
            result = validate(ctx, record, where, f"{kind} record")
            if kind == "claim" and result is not None:
                yield result
    if not header:
        ctx.fail((), "", "empty stream: " + _HEADER)
    progress(1.0)
    ctx.finish()


def read_jsonl(path: Path) -> ClaimSet:
    """Read a whole JSON Lines stream into a :class:`ClaimSet` (for ``kg validate``)."""
    result = ClaimSet()
    for claim in stream_jsonl(path, result, lambda fraction: None):
        result.claims[claim.iri] = claim
    return result


def _record(ctx: SheetContext, raw: bytes, number: int) -> dict[str, Any] | None:
    """One line as a JSON object, or None (a blank line, or a problem recorded in ``ctx``)."""
    try:
        text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError:
        ctx.fail((number,), "", "not valid UTF-8 text")
        return None
    if not text.strip():
        return None
    try:
        record = json.loads(text, parse_float=Decimal, object_pairs_hook=refuse_duplicate_keys)
    except json.JSONDecodeError as exc:
        ctx.fail((number,), "", f"invalid JSON: {exc.msg} (column {exc.colno})")
        return None
    except DuplicateKey as exc:
        ctx.fail((number,), "", f"duplicate key {exc.key!r}")
        return None
    except RecursionError:
        ctx.fail((number,), "", "invalid JSON: nested too deeply")
        return None
    if not isinstance(record, dict):
        ctx.fail((number,), "", "each line must be a JSON object with a 'kind'")
        return None
    return record
