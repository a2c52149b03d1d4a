"""Validating one input: the :class:`SheetContext` that collects problems and ids, and the
readers of plain fields (strings, lists, IRIs, dates, references to declared ids).

A claim sheet (:mod:`kg.inputs.sheets`) and a JSON Lines stream (:mod:`kg.inputs.jsonl`)
share these, so both apply the same rules with the same messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from kg.errors import Problem, SheetError, UnknownReference
from kg.inputs.documents import PathKey, RawInt
from kg.model import (
    ClaimSet,
    Predicate,
    Source,
)
from kg.rdf.dates import PartialDate, cached_date
from kg.rdf.terms import (
    invalid_text_char,
    is_valid_iri,
    is_valid_text,
)
from kg.rdf.to_triples import mint_iri
from kg.vocab import DEFAULT_BASE, PREFIXES

__all__ = [
    "ID_PATTERN",
    "KNOWN_PREFIXES",
    "MAX_PROBLEMS",
    "Locates",
    "SheetContext",
    "check_id",
    "check_keys",
    "closest",
    "id_of",
    "is_encodable",
    "kind_of",
    "read_date",
    "read_iri_list",
    "read_references",
    "read_section",
    "read_string",
    "read_string_list",
    "read_text",
    "resolve_id",
    "suggest",
]

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


_SUGGEST_LIMIT = 50_000


#: Problems listed per file; past it they are counted (a broken generator can emit millions).
MAX_PROBLEMS = 1000


_DECLARE_FIRST = (
    " (it is declared further down: a stream declares statement subjects and objects,"
    " predicates and sources before the claims that use them)"
)


#: CURIE prefixes a predicate may use besides full IRIs (docs/sheet-format.md).
KNOWN_PREFIXES: dict[str, str] = {
    **{k: v for k, v in PREFIXES.items() if k != "cg"},
    "dcterms": "http://purl.org/dc/terms/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "wdt": "http://www.wikidata.org/prop/direct/",
    "wd": "http://www.wikidata.org/entity/",
}


@dataclass
class SheetContext:
    """What validating one input accumulates: problems, the ids seen so far, the declarations.

    A claim sheet and a JSON Lines stream (:mod:`kg.inputs.jsonl`) share it, so both apply the same
    rules with the same messages. ``declared`` receives every agent, entity, predicate and
    source as it is validated; claims are handed back one by one and never collected here,
    so a stream of a million claims is validated in the memory of its declarations.
    """

    file: str
    locator: Locates | None
    base: str = DEFAULT_BASE
    problems: list[tuple[PathKey, str, str]] = field(default_factory=list)
    agent_ids: dict[str, str] = field(default_factory=dict)  # id -> "agent" | "entity"
    source_ids: set[str] = field(default_factory=set)
    claim_ids: set[str] = field(default_factory=set)
    predicates: dict[str, Predicate] = field(default_factory=dict)
    sources_by_id: dict[str, Source] = field(default_factory=dict)
    #: a source's ``text`` (the article), normalised for quote anchoring, by source id
    source_texts: dict[str, str] = field(default_factory=dict)
    declared: ClaimSet = field(default_factory=ClaimSet)
    #: JSON Lines: references to claims and agents may point further down the stream (an
    #: IRI does not depend on where its id is declared); :meth:`finish` checks them
    defer_references: bool = False
    #: every problem found, including those past :data:`MAX_PROBLEMS` that are only counted
    count: int = 0
    _pending: list[tuple[str, str, PathKey, str]] = field(default_factory=list)
    _unknown: list[tuple[int, str]] = field(default_factory=list)

    def fail(self, path: PathKey, where: str, message: str) -> None:
        self.count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append((path, where, message))

    def unknown(self, path: PathKey, where: str, message: str, local: str) -> None:
        """An unknown id; in a stream it may be declared further down (see :meth:`finish`)."""
        if self.defer_references and len(self.problems) < MAX_PROBLEMS:
            self._unknown.append((len(self.problems), local))
        self.fail(path, where, message)

    def error(self) -> SheetError:
        problems = []
        unknown_only = True
        for path, where, message in self.problems:
            line = self.locator.line(path) if self.locator else None
            problems.append(Problem(message, file=self.file, line=line, where=where or None))
            unknown_only = unknown_only and message.startswith("unknown ")
        # In the order of the file, whatever order the checks ran in (a stable sort keeps
        # the problems of one line in the order they were found).
        problems.sort(key=lambda p: p.line if p.line is not None else 0)
        if self.count > len(self.problems):
            more = self.count - len(self.problems)
            problems.append(Problem(f"and {more} more problems", file=self.file))
        cls = UnknownReference if unknown_only else SheetError
        return cls(problems)

    def finish(self) -> None:
        """Check deferred claim references; raise one error listing every problem found."""
        pending, self._pending = self._pending, []
        for kind, local, path, where in pending:
            if kind == "claim" and local not in self.claim_ids:
                self.fail(path, where, f"unknown claim id {local!r}{suggest(self, local, 'claim')}")
            elif kind == "agent" and self.agent_ids.get(local) == "entity":
                self.fail(path, where, f"{local!r} is an entity, but an agent is needed here")
            elif kind == "agent" and local not in self.agent_ids:
                self.fail(path, where, f"unknown agent id {local!r}{suggest(self, local, 'agent')}")
        for index, local in self._unknown:
            if local in self.agent_ids or local in self.source_ids:
                path, where, message = self.problems[index]
                self.problems[index] = (path, where, message + _DECLARE_FIRST)
        self._unknown.clear()
        if self.count:
            raise self.error()


class Locates(Protocol):
    """Maps a path inside an input to a 1-based line (:class:`kg.inputs.documents.Locator`)."""

    def line(self, path: PathKey) -> int | None: ...


def read_section(
    ctx: SheetContext, data: dict[str, Any], name: str
) -> list[tuple[int, dict[str, Any]]]:
    value = data.get(name)
    if value is None:
        if name in ("sources", "claims") and name not in data:
            ctx.fail((), "", f"missing required section '{name}'")
        return []
    if not isinstance(value, list):
        ctx.fail((name,), f"section '{name}'", "must be a list")
        return []
    items = []
    for index, item in enumerate(value):
        if isinstance(item, dict):
            items.append((index, item))
        else:
            ctx.fail((name, index), f"{name}[{index}]", "must be a mapping with an 'id'")
    return items


def id_of(item: dict[str, Any]) -> str | None:
    value = item.get("id")
    if isinstance(value, RawInt):
        return value.text
    if isinstance(value, str):
        return value
    return None


def check_id(ctx: SheetContext, item: dict[str, Any], path: PathKey, label: str) -> str | None:
    local = id_of(item)
    if "id" not in item:
        ctx.fail(path, label, "missing required field 'id'")
        return None
    if local is None or not ID_PATTERN.match(local):
        ctx.fail(
            path + ("id",),
            label,
            f"invalid id {item['id']!r}: ids match [A-Za-z0-9][A-Za-z0-9._-]*",
        )
        return None
    return local


def check_keys(
    ctx: SheetContext, item: dict[str, Any], allowed: set[str], path: PathKey, where: str
) -> None:
    for key in item:
        if key not in allowed:
            hint = closest(str(key), allowed)
            extra = f" (did you mean '{hint}'?)" if hint else ""
            ctx.fail(path + (str(key),), where, f"unknown field {key!r}{extra}")


def closest(word: str, candidates: Iterable[str]) -> str | None:
    import difflib

    matches = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.75)
    return matches[0] if matches else None


def read_text(value: Any) -> str | None:
    """A person-written scalar as text; numbers keep how they were written."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, RawInt):
        return value.text
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, str):
        return value
    return None


def read_string(
    ctx: SheetContext, item: dict[str, Any], key: str, path: PathKey, where: str, *, required: bool
) -> str | None:
    value = item.get(key)
    if type(value) is str and value.isascii() and value.strip():
        return value  # the common case, decided without building any message
    if value is None:
        if required:
            ctx.fail(path, where, f"missing required field '{key}'")
        return None
    text = read_text(item[key])
    fpath, fwhere = path + (key,), f"{where}, field '{key}'"
    if text is None:
        ctx.fail(fpath, fwhere, f"must be text, not {kind_of(item[key])}")
        return None
    if not text.strip():
        ctx.fail(fpath, fwhere, "must not be empty")
        return None
    if not is_encodable(text):
        bad = invalid_text_char(text) or ""
        what = "a lone UTF-16 surrogate" if "D800" <= bad[2:] <= "DFFF" else "a control character"
        ctx.fail(fpath, fwhere, f"contains an invalid character ({bad}, {what})")
        return None
    return text


def is_encodable(text: str) -> bool:
    """Whether ``text`` can be an RDF string: no control character but tab and line breaks,
    no lone surrogate (see :func:`kg.rdf.terms.invalid_text_char`)."""
    return is_valid_text(text)


def kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    return f"{value!r}"


def read_string_list(
    ctx: SheetContext, item: dict[str, Any], key: str, path: PathKey, where: str
) -> list[str]:
    value = item.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        value = [value]  # a single value where a list is expected is a list of one
    out = []
    for index, element in enumerate(value):
        text = read_text(element)
        if text is None or not text.strip() or not is_encodable(text):
            ctx.fail(
                path + (key, index), f"{where}, field '{key}'", f"{kind_of(element)} is not text"
            )
        else:
            out.append(text)
    return out


def read_iri_list(
    ctx: SheetContext, item: dict[str, Any], key: str, path: PathKey, where: str
) -> list[str]:
    out = []
    for index, text in enumerate(read_string_list(ctx, item, key, path, where)):
        if is_valid_iri(text):
            out.append(text)
        else:
            ctx.fail(path + (key, index), f"{where}, field '{key}'", f"{text!r} is not a valid IRI")
    return out


def read_date(
    ctx: SheetContext, value: Any, path: PathKey, where: str, precision: str | None = None
) -> PartialDate | None:
    try:
        parsed = cached_date(value)
    except ValueError as exc:
        ctx.fail(path, where, str(exc))
        return None
    if precision and parsed.precision != precision:
        ctx.fail(path, where, f"{value!r} does not have the precision of its datatype")
        return None
    return parsed


def read_references(
    ctx: SheetContext,
    item: dict[str, Any],
    key: str,
    path: PathKey,
    where: str,
    *,
    kind: str,
) -> list[str]:
    """Resolve ids in field ``key`` to IRIs; ``kind`` is 'agent', 'claim' or 'source'."""
    iris = []
    for index, local in enumerate(read_string_list(ctx, item, key, path, where)):
        iri = resolve_id(ctx, local, kind, path + (key, index), f"{where}, field '{key}'")
        if iri:
            iris.append(iri)
    return iris


def resolve_id(ctx: SheetContext, local: str, kind: str, path: PathKey, where: str) -> str | None:
    if kind == "agent":
        declared = ctx.agent_ids.get(local)
        if declared == "agent":
            return mint_iri(ctx.base, "agent", local)
        if declared == "entity":
            ctx.fail(path, where, f"{local!r} is an entity, but an agent is needed here")
            return None
        if ctx.defer_references and ID_PATTERN.match(local):
            ctx._pending.append(("agent", local, path, where))
            return mint_iri(ctx.base, "agent", local)
    elif kind == "claim" and (local in ctx.claim_ids or ctx.defer_references):
        if local not in ctx.claim_ids:
            ctx._pending.append(("claim", local, path, where))
        return mint_iri(ctx.base, "claim", local)
    elif kind == "source" and local in ctx.source_ids:
        return mint_iri(ctx.base, "source", local)
    ctx.unknown(path, where, f"unknown {kind} id {local!r}{suggest(ctx, local, kind)}", local)
    return None


def suggest(ctx: SheetContext, local: str, kind: str) -> str:
    pool: Iterable[str] = {
        "agent": ctx.agent_ids,
        "node": ctx.agent_ids,
        "claim": ctx.claim_ids,
        "source": ctx.source_ids,
    }[kind]
    # difflib over a huge pool costs seconds per typo; past this size, no suggestion.
    hint = closest(local, pool) if len(pool) <= _SUGGEST_LIMIT else None  # type: ignore[arg-type]
    return f" (did you mean {hint!r}?)" if hint else ""
