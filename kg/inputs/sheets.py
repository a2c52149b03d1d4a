"""Claim sheets (SPEC §2): validate a parsed YAML/JSON document and build a :class:`ClaimSet`.

Validation collects every problem before giving up, so ``kg validate`` can list them all;
each problem names the file, the line, and the object and field (``claim 'altman-100m',
field 'stance'``). Nothing here touches a store: an invalid sheet cannot half-happen.

Each record kind has its own public validator (:func:`validate_agent`, …,
:func:`validate_claim`) working on a :class:`SheetContext`, so the JSON Lines stream format
(:mod:`kg.inputs.jsonl`) applies the very same rules and messages one line at a time.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from kg.errors import Problem, SheetError, UnknownReference
from kg.inputs.documents import PathKey, RawInt, read_document
from kg.model import (
    Agent,
    AgentType,
    Amount,
    Claim,
    ClaimSet,
    During,
    Entity,
    Predicate,
    Proposition,
    Quote,
    Source,
    Stance,
    Term,
)
from kg.rdf.dates import PartialDate, parse_partial_date
from kg.rdf.terms import (
    Literal,
    canonical_decimal,
    invalid_text_char,
    is_valid_iri,
    is_valid_language,
    is_valid_text,
    parse_decimal,
)
from kg.rdf.to_triples import mint_iri
from kg.vocab import DEFAULT_BASE, PREFIXES, SOURCE_TYPES, XSD

__all__ = [
    "ID_PATTERN",
    "KNOWN_PREFIXES",
    "MAX_PROBLEMS",
    "SHEET_VERSION",
    "Locates",
    "SheetContext",
    "cached_date",
    "check_header",
    "declare_id",
    "iter_sheet_claims",
    "load_sheet",
    "sheet_to_claimset",
    "stream_sheet",
    "validate_agent",
    "validate_claim",
    "validate_entity",
    "validate_predicate",
    "validate_source",
]

SHEET_VERSION = 1
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
_CURRENCY = re.compile(r"^[A-Z]{3,5}$")
_SUGGEST_LIMIT = 50_000
#: Problems listed per file; past it they are counted (a broken generator can emit millions).
MAX_PROBLEMS = 1000
_DECLARE_FIRST = (
    " (it is declared further down: a stream declares statement subjects and objects,"
    " predicates and sources before the claims that use them)"
)

#: CURIE prefixes a predicate may use besides full IRIs (SPEC §2 "well-known prefixes").
KNOWN_PREFIXES: dict[str, str] = {
    **{k: v for k, v in PREFIXES.items() if k != "cg"},
    "dcterms": "http://purl.org/dc/terms/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "wdt": "http://www.wikidata.org/prop/direct/",
    "wd": "http://www.wikidata.org/entity/",
}

_LITERAL_TYPES = {
    "string": XSD.string,
    "integer": XSD.integer,
    "decimal": XSD.decimal,
    "boolean": XSD.boolean,
    "date": XSD.date,
    "dateTime": XSD.dateTime,
    "gYear": XSD.gYear,
    "gYearMonth": XSD.gYearMonth,
    "anyURI": XSD.anyURI,
}
_DATE_PRECISION = {"date": "day", "dateTime": "instant", "gYear": "year", "gYearMonth": "month"}

_TOP_KEYS = {"sheet", "base", "sources", "agents", "entities", "predicates", "claims"}
_SOURCE_KEYS = {"id", "title", "language", "published", "url", "publisher", "type"}
_AGENT_KEYS = {"id", "name", "type", "aliases", "same_as", "member_of", "description"}
_ENTITY_KEYS = {"id", "name", "aliases", "same_as", "description"}
_PREDICATE_KEYS = {"id", "label", "functional"}
_CLAIM_KEYS = {
    "id",
    "claimant",
    "stance",
    "statement",
    "amount",
    "during",
    "said_on",
    "medium",
    "source",
    "quote",
    "reported_by",
    "responds_to",
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
                self.fail(
                    path, where, f"unknown claim id {local!r}{_suggest(self, local, 'claim')}"
                )
            elif kind == "agent" and self.agent_ids.get(local) == "entity":
                self.fail(path, where, f"{local!r} is an entity, but an agent is needed here")
            elif kind == "agent" and local not in self.agent_ids:
                self.fail(
                    path, where, f"unknown agent id {local!r}{_suggest(self, local, 'agent')}"
                )
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


def load_sheet(path: str | Path) -> ClaimSet:
    """Read and validate one claim sheet file (YAML or JSON).

    Raises :class:`~kg.errors.SheetError` listing every problem found.
    """
    path = Path(path)
    data, locator = read_document(path)
    return sheet_to_claimset(data, file=str(path), locator=locator)


def stream_sheet(
    path: str | Path, declared: ClaimSet, progress: Callable[[float], None] | None = None
) -> Iterator[Claim]:
    """Read one claim sheet; add its declarations to ``declared`` and yield its claims.

    The whole document is parsed first (YAML and JSON have no streaming form here), but the
    claims are validated and handed on one at a time, each parsed item dropped once done.
    Raises :class:`~kg.errors.SheetError` after the last claim if anything was wrong.
    """
    path = Path(path)
    data, locator = read_document(path)
    return iter_sheet_claims(
        data, file=str(path), locator=locator, declared=declared, release=True, progress=progress
    )


def sheet_to_claimset(
    data: Any, *, file: str = "<sheet>", locator: Locates | None = None
) -> ClaimSet:
    """Validate a parsed sheet document and build the model.

    >>> doc = {"sheet": 1, "sources": [{"id": "s", "title": "T"}],
    ...        "agents": [{"id": "a", "name": "A", "type": "Person"}],
    ...        "claims": [{"id": "c", "claimant": "a", "stance": "asserts",
    ...                    "statement": ["a", "likes", {"value": 1}], "source": "s"}]}
    >>> cs = sheet_to_claimset(doc)
    >>> next(iter(cs.claims))
    'https://w3id.org/claimgraph/id/claim/c'
    """
    result = ClaimSet()
    claims = list(iter_sheet_claims(data, file=file, locator=locator, declared=result))
    result.claims.update((claim.iri, claim) for claim in claims)
    return result


def iter_sheet_claims(
    data: Any,
    *,
    file: str = "<sheet>",
    locator: Locates | None = None,
    declared: ClaimSet,
    release: bool = False,
    progress: Callable[[float], None] | None = None,
) -> Iterator[Claim]:
    """Validate a parsed sheet: declarations go into ``declared``, claims are yielded.

    Every problem is collected; the error listing them is raised once the last claim has
    been looked at, so a caller that writes claims as they come must be able to undo them
    (an ingest writes into a copy of the store and drops it, see :mod:`kg.store.bulk`).
    With ``release``, each claim's parsed item is dropped from ``data`` once validated, so
    the document shrinks as its claims move on (only for documents the caller owns).
    ``progress`` is told the fraction of claims done, now and then.
    """
    ctx = SheetContext(file, locator, declared=declared)
    if not isinstance(data, dict):
        ctx.fail(
            (), "", "a claim sheet must be a mapping with 'sheet', 'sources', 'agents', 'claims'"
        )
        raise ctx.error()
    check_header(ctx, data, _TOP_KEYS, ())
    sections = {name: _section(ctx, data, name) for name in _TOP_KEYS - {"sheet", "base"}}
    for kind in ("agents", "entities", "sources", "claims"):
        for index, item in sections[kind]:
            declare_id(ctx, kind, item, (kind, index))
    for name, validate in (
        ("agents", validate_agent),
        ("entities", validate_entity),
        ("predicates", validate_predicate),
        ("sources", validate_source),
    ):
        for index, item in sections[name]:
            validate(ctx, item, (name, index), f"{name}[{index}]")
    claims_section = data.get("claims")
    items: list[Any] = claims_section if isinstance(claims_section, list) else []
    pending: list[tuple[int, dict[str, Any]] | None] = list(sections.pop("claims"))
    total = len(pending) or 1
    for done in range(len(pending)):
        entry = pending[done]
        assert entry is not None
        index, item = entry
        if release:  # drop every reference to the parsed item once it is validated
            pending[done] = items[index] = None
        claim = validate_claim(ctx, item, ("claims", index), f"claims[{index}]")
        del item, entry
        if claim is not None:
            yield claim
        if progress is not None and done % 1000 == 999:
            progress((done + 1) / total)
    ctx.finish()


def check_header(ctx: SheetContext, data: dict[str, Any], allowed: set[str], path: PathKey) -> None:
    """Check a sheet's top-level keys, its format version and its ``base``."""
    _check_keys(ctx, data, allowed, path, "sheet")
    version = data.get("sheet")
    if version is None:
        ctx.fail(path, "", "missing required field 'sheet' (the format version, 1)")
    elif isinstance(version, bool) or version != SHEET_VERSION:
        ctx.fail(
            path + ("sheet",),
            "field 'sheet'",
            f"unsupported sheet version {version!r} (expected 1)",
        )
    if "base" in data:
        base = data["base"]
        if not isinstance(base, str) or not is_valid_iri(base):
            ctx.fail(path + ("base",), "field 'base'", f"{base!r} is not a valid absolute IRI")
        else:
            ctx.base = base if base.endswith(("/", "#")) else base + "/"


# --- sections and ids -----------------------------------------------------------------------


def _section(
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


def declare_id(ctx: SheetContext, kind: str, item: dict[str, Any], path: PathKey) -> None:
    """Record the id of one item of section ``kind`` (``agents``, ``entities``, ``sources``
    or ``claims``), refusing a duplicate.

    A sheet declares every id before validating anything, so references may point forward;
    a JSON Lines stream declares each record as it arrives.
    """
    local = _id_of(item)
    if local is None:
        return
    if kind in ("agents", "entities"):
        singular = "agent" if kind == "agents" else "entity"
        if local in ctx.agent_ids:
            ctx.fail(
                path + ("id",),
                f"{singular} {local!r}",
                f"duplicate id {local!r} (agents and entities share one set of ids)",
            )
        elif ID_PATTERN.match(local):
            ctx.agent_ids[local] = singular
        return
    seen = ctx.source_ids if kind == "sources" else ctx.claim_ids
    if local in seen:
        ctx.fail(path + ("id",), f"{kind[:-1]} {local!r}", f"duplicate id {local!r}")
    elif ID_PATTERN.match(local):
        seen.add(local)


def _id_of(item: dict[str, Any]) -> str | None:
    value = item.get("id")
    if isinstance(value, RawInt):
        return value.text
    if isinstance(value, str):
        return value
    return None


def _check_id(ctx: SheetContext, item: dict[str, Any], path: PathKey, label: str) -> str | None:
    local = _id_of(item)
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


def _check_keys(
    ctx: SheetContext, item: dict[str, Any], allowed: set[str], path: PathKey, where: str
) -> None:
    for key in item:
        if key not in allowed:
            hint = _closest(str(key), allowed)
            extra = f" (did you mean '{hint}'?)" if hint else ""
            ctx.fail(path + (str(key),), where, f"unknown field {key!r}{extra}")


def _closest(word: str, candidates: Iterable[str]) -> str | None:
    import difflib

    matches = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.75)
    return matches[0] if matches else None


# --- scalar fields --------------------------------------------------------------------------


def _text(value: Any) -> str | None:
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


def _string(
    ctx: SheetContext, item: dict[str, Any], key: str, path: PathKey, where: str, *, required: bool
) -> str | None:
    value = item.get(key)
    if type(value) is str and value.isascii() and value.strip():
        return value  # the common case, decided without building any message
    if value is None:
        if required:
            ctx.fail(path, where, f"missing required field '{key}'")
        return None
    text = _text(item[key])
    fpath, fwhere = path + (key,), f"{where}, field '{key}'"
    if text is None:
        ctx.fail(fpath, fwhere, f"must be text, not {_kind(item[key])}")
        return None
    if not text.strip():
        ctx.fail(fpath, fwhere, "must not be empty")
        return None
    if not _encodable(text):
        bad = invalid_text_char(text) or ""
        what = "a lone UTF-16 surrogate" if "D800" <= bad[2:] <= "DFFF" else "a control character"
        ctx.fail(fpath, fwhere, f"contains an invalid character ({bad}, {what})")
        return None
    return text


def _encodable(text: str) -> bool:
    """Whether ``text`` can be an RDF string: no control character but tab and line breaks,
    no lone surrogate (see :func:`kg.rdf.terms.invalid_text_char`)."""
    return is_valid_text(text)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    return f"{value!r}"


def _string_list(
    ctx: SheetContext, item: dict[str, Any], key: str, path: PathKey, where: str
) -> list[str]:
    value = item.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        value = [value]  # a single value where a list is expected is a list of one
    out = []
    for index, element in enumerate(value):
        text = _text(element)
        if text is None or not text.strip() or not _encodable(text):
            ctx.fail(
                path + (key, index), f"{where}, field '{key}'", f"{_kind(element)} is not text"
            )
        else:
            out.append(text)
    return out


def _iri_list(
    ctx: SheetContext, item: dict[str, Any], key: str, path: PathKey, where: str
) -> list[str]:
    out = []
    for index, text in enumerate(_string_list(ctx, item, key, path, where)):
        if is_valid_iri(text):
            out.append(text)
        else:
            ctx.fail(path + (key, index), f"{where}, field '{key}'", f"{text!r} is not a valid IRI")
    return out


def cached_date(value: Any) -> PartialDate:
    """:func:`~kg.rdf.dates.parse_partial_date`, remembering dates written as text.

    Claims repeat the same few hundred dates (``2025-06``); parsing one costs microseconds
    that a million claims would pay a million times. Only ``str`` values are cached, so a
    ``True`` can never meet the cached ``1`` it compares equal to.
    """
    if type(value) is str:
        return _date_text(value)
    return parse_partial_date(value)


_date_text = functools.lru_cache(maxsize=65536)(parse_partial_date)


def _date(
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


def _references(
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
    for index, local in enumerate(_string_list(ctx, item, key, path, where)):
        iri = _resolve(ctx, local, kind, path + (key, index), f"{where}, field '{key}'")
        if iri:
            iris.append(iri)
    return iris


def _resolve(ctx: SheetContext, local: str, kind: str, path: PathKey, where: str) -> str | None:
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
    ctx.unknown(path, where, f"unknown {kind} id {local!r}{_suggest(ctx, local, kind)}", local)
    return None


def _suggest(ctx: SheetContext, local: str, kind: str) -> str:
    pool: Iterable[str] = {
        "agent": ctx.agent_ids,
        "node": ctx.agent_ids,
        "claim": ctx.claim_ids,
        "source": ctx.source_ids,
    }[kind]
    # difflib over a huge pool costs seconds per typo; past this size, no suggestion.
    hint = _closest(local, pool) if len(pool) <= _SUGGEST_LIMIT else None  # type: ignore[arg-type]
    return f" (did you mean {hint!r}?)" if hint else ""


# --- objects --------------------------------------------------------------------------------


def validate_agent(
    ctx: SheetContext, item: dict[str, Any], path: PathKey, label: str
) -> Agent | None:
    """Validate one agent record at ``path``; on success it joins ``ctx.declared``.

    ``label`` names the record in messages when it has no usable id (``agents[3]``).
    """
    local = _check_id(ctx, item, path, label)
    where = f"agent {local!r}" if local else label
    _check_keys(ctx, item, _AGENT_KEYS, path, where)
    name = _string(ctx, item, "name", path, where, required=True)
    type_text = _string(ctx, item, "type", path, where, required=False) or "Agent"
    try:
        agent_type = AgentType(type_text)
    except ValueError:
        allowed = ", ".join(t.value for t in AgentType)
        ctx.fail(
            path + ("type",), f"{where}, field 'type'", f"unknown type {type_text!r} ({allowed})"
        )
        agent_type = AgentType.AGENT
    aliases = _string_list(ctx, item, "aliases", path, where)
    same_as = _iri_list(ctx, item, "same_as", path, where)
    member_of = _references(ctx, item, "member_of", path, where, kind="agent")
    description = _string(ctx, item, "description", path, where, required=False)
    if local is None or name is None:
        return None
    agent = Agent(
        iri=mint_iri(ctx.base, "agent", local),
        id=local,
        name=name,
        type=agent_type,
        aliases=tuple(aliases),
        same_as=tuple(same_as),
        member_of=tuple(member_of),
        description=description,
    )
    ctx.declared.agents[agent.iri] = agent
    return agent


def validate_entity(
    ctx: SheetContext, item: dict[str, Any], path: PathKey, label: str
) -> Entity | None:
    """Validate one entity record; on success it joins ``ctx.declared``."""
    local = _check_id(ctx, item, path, label)
    where = f"entity {local!r}" if local else label
    _check_keys(ctx, item, _ENTITY_KEYS, path, where)
    name = _string(ctx, item, "name", path, where, required=True)
    aliases = _string_list(ctx, item, "aliases", path, where)
    same_as = _iri_list(ctx, item, "same_as", path, where)
    description = _string(ctx, item, "description", path, where, required=False)
    if local is None or name is None:
        return None
    entity = Entity(
        iri=mint_iri(ctx.base, "entity", local),
        id=local,
        name=name,
        aliases=tuple(aliases),
        same_as=tuple(same_as),
        description=description,
    )
    ctx.declared.entities[entity.iri] = entity
    return entity


def validate_predicate(
    ctx: SheetContext, item: dict[str, Any], path: PathKey, label: str
) -> Predicate | None:
    """Validate one predicate record; on success it joins ``ctx.declared``."""
    local = _check_id(ctx, item, path, label)
    where = f"predicate {local!r}" if local else label
    _check_keys(ctx, item, _PREDICATE_KEYS, path, where)
    if local and local in ctx.predicates:
        ctx.fail(path + ("id",), where, f"duplicate id {local!r}")
    text = _string(ctx, item, "label", path, where, required=False)
    functional = item.get("functional", False)
    if not isinstance(functional, bool):
        ctx.fail(path + ("functional",), f"{where}, field 'functional'", "must be true or false")
        functional = False
    if local is None:
        return None
    pred = Predicate(mint_iri(ctx.base, "predicate", local), local, text, functional)
    ctx.declared.predicates[pred.iri] = pred
    ctx.predicates[pred.id] = pred
    return pred


def validate_source(
    ctx: SheetContext, item: dict[str, Any], path: PathKey, label: str
) -> Source | None:
    """Validate one source record; on success it joins ``ctx.declared``."""
    local = _check_id(ctx, item, path, label)
    where = f"source {local!r}" if local else label
    _check_keys(ctx, item, _SOURCE_KEYS, path, where)
    title = _string(ctx, item, "title", path, where, required=True)
    language = _string(ctx, item, "language", path, where, required=False)
    if language and not is_valid_language(language):
        ctx.fail(
            path + ("language",), f"{where}, field 'language'", f"{language!r} is not a BCP 47 tag"
        )
        language = None
    published = None
    if item.get("published") is not None:
        published = _date(
            ctx, item["published"], path + ("published",), f"{where}, field 'published'"
        )
    url = _string(ctx, item, "url", path, where, required=False)
    if url and not (is_valid_iri(url) and url.lower().startswith(("http://", "https://"))):
        ctx.fail(path + ("url",), f"{where}, field 'url'", f"{url!r} is not a valid http(s) URL")
        url = None
    publisher = None
    if item.get("publisher") is not None:
        found = _references(ctx, item, "publisher", path, where, kind="agent")
        publisher = found[0] if found else None
    source_type = _string(ctx, item, "type", path, where, required=False) or "CreativeWork"
    if source_type not in SOURCE_TYPES:
        ctx.fail(
            path + ("type",),
            f"{where}, field 'type'",
            f"unknown source type {source_type!r} ({', '.join(SOURCE_TYPES)})",
        )
    if local is None or title is None:
        return None
    source = Source(
        iri=mint_iri(ctx.base, "source", local),
        id=local,
        title=title,
        language=language.lower() if language else None,
        published=published,
        url=url,
        publisher=publisher,
        type=source_type,
    )
    ctx.declared.sources[source.iri] = source
    ctx.sources_by_id[source.id] = source
    return source


def validate_claim(
    ctx: SheetContext, item: dict[str, Any], path: PathKey, label: str
) -> Claim | None:
    """Validate one claim record and build it; ``None`` (and problems in ``ctx``) if invalid.

    The claim is returned, not stored: callers stream claims on (see :func:`iter_sheet_claims`).
    """
    local = _check_id(ctx, item, path, label)
    where = f"claim {local!r}" if local else label
    before = ctx.count
    _check_keys(ctx, item, _CLAIM_KEYS, path, where)

    claimant = None
    claimant_id = _string(ctx, item, "claimant", path, where, required=True)
    if claimant_id:
        claimant = _resolve(
            ctx, claimant_id, "agent", path + ("claimant",), f"{where}, field 'claimant'"
        )

    stance = None
    stance_text = _string(ctx, item, "stance", path, where, required=True)
    if stance_text:
        try:
            stance = Stance(stance_text)
        except ValueError:
            ctx.fail(
                path + ("stance",),
                f"{where}, field 'stance'",
                f"unknown stance {stance_text!r} (expected asserts or denies)",
            )

    proposition = _statement(ctx, item, path, where, ctx.declared)

    source = None
    source_id = _string(ctx, item, "source", path, where, required=True)
    if source_id:
        source = _resolve(ctx, source_id, "source", path + ("source",), f"{where}, field 'source'")
    known = ctx.sources_by_id.get(source_id) if source_id else None
    language = known.language if known else None

    # Optional fields: messages are only built for fields that are there.
    amount = during = said_on = quote = None
    if item.get("amount") is not None:
        amount = _amount(ctx, item["amount"], path + ("amount",), f"{where}, field 'amount'")
    if item.get("during") is not None:
        during = _during(ctx, item["during"], path + ("during",), f"{where}, field 'during'")
    if item.get("said_on") is not None:
        said_on = _date(ctx, item["said_on"], path + ("said_on",), f"{where}, field 'said_on'")
    medium = _string(ctx, item, "medium", path, where, required=False)
    if item.get("quote") is not None:
        quote = _quote(ctx, item["quote"], language, path + ("quote",), f"{where}, field 'quote'")
    reported_by = responds_to = []
    if item.get("reported_by") is not None:
        reported_by = _references(ctx, item, "reported_by", path, where, kind="agent")
    if item.get("responds_to") is not None:
        responds_to = _references(ctx, item, "responds_to", path, where, kind="claim")
    if responds_to and local and mint_iri(ctx.base, "claim", local) in responds_to:
        ctx.fail(
            path + ("responds_to",), f"{where}, field 'responds_to'", "a claim cannot answer itself"
        )

    if ctx.count > before or None in (local, claimant, stance, proposition, source):
        return None
    assert local and claimant and stance and proposition and source
    return Claim(
        iri=mint_iri(ctx.base, "claim", local),
        id=local,
        claimant=claimant,
        stance=stance,
        proposition=proposition,
        source=source,
        amount=amount,
        during=during,
        said_on=said_on,
        medium=medium,
        quote=quote,
        reported_by=tuple(reported_by),
        responds_to=tuple(responds_to),
    )


def _statement(
    ctx: SheetContext, item: dict[str, Any], path: PathKey, where: str, result: ClaimSet
) -> Proposition | None:
    value = item.get("statement")
    spath, swhere = path + ("statement",), f"{where}, field 'statement'"
    if value is None:
        ctx.fail(path, where, "missing required field 'statement'")
        return None
    if not isinstance(value, list) or len(value) != 3:
        ctx.fail(spath, swhere, "must be a list of three: [subject, predicate, object]")
        return None
    subject_text = _text(value[0])
    subject = None
    if subject_text is None:
        ctx.fail(spath + (0,), swhere, "the subject must be an agent or entity id")
    else:
        subject = _node(ctx, subject_text, spath + (0,), swhere)
    predicate = _predicate_iri(ctx, value[1], spath + (1,), swhere, result)
    obj = _object(ctx, value[2], spath + (2,), swhere)
    if subject is None or predicate is None or obj is None:
        return None
    return Proposition(subject, predicate, obj)


def _node(ctx: SheetContext, local: str, path: PathKey, where: str) -> str | None:
    kind = ctx.agent_ids.get(local)
    if kind is None:
        hint = _suggest(ctx, local, "node")
        ctx.unknown(path, where, f"unknown agent or entity id {local!r}{hint}", local)
        return None
    return mint_iri(ctx.base, kind, local)


def _predicate_iri(
    ctx: SheetContext, value: Any, path: PathKey, where: str, result: ClaimSet
) -> str | None:
    text = _text(value)
    if text is None:
        ctx.fail(path, where, "the predicate must be an id, a snake_case word or an IRI")
        return None
    if text in ctx.predicates:
        return ctx.predicates[text].iri
    if _SNAKE.match(text):
        iri = mint_iri(ctx.base, "predicate", text)
        result.implicit_predicates.setdefault(iri, text)
        return iri
    prefix, sep, rest = text.partition(":")
    if sep and prefix in KNOWN_PREFIXES and not rest.startswith("//"):
        iri = KNOWN_PREFIXES[prefix] + rest
        if is_valid_iri(iri) and rest:
            return iri
    elif sep and is_valid_iri(text) and prefix.lower() in ("http", "https", "urn"):
        return text
    known = ", ".join(sorted(KNOWN_PREFIXES))
    ctx.fail(
        path,
        where,
        f"predicate {text!r} is not declared, not a snake_case word and not an IRI or CURIE "
        f"with a known prefix ({known})",
    )
    return None


def _object(ctx: SheetContext, value: Any, path: PathKey, where: str) -> Term | None:
    if isinstance(value, dict):
        return _literal(ctx, value, path, where)
    text = _text(value)
    if text is not None and text in ctx.agent_ids:
        return mint_iri(ctx.base, ctx.agent_ids[text], text)
    if text is not None:
        hint = _suggest(ctx, text, "node")
        ctx.unknown(
            path,
            where,
            f"unknown agent or entity id {text!r}{hint}; write a literal as "
            "{value: ...} or {text: ..., lang: ...}",
            text,
        )
    else:
        ctx.fail(path, where, f"the object must be an id or a literal mapping, not {_kind(value)}")
    return None


def _literal(ctx: SheetContext, value: dict[str, Any], path: PathKey, where: str) -> Term | None:
    if "iri" in value:
        iri = value["iri"]
        if set(value) != {"iri"} or not isinstance(iri, str) or not is_valid_iri(iri):
            ctx.fail(path, where, "{iri: ...} takes one valid absolute IRI and nothing else")
            return None
        return iri
    if "text" in value:
        _check_keys(ctx, value, {"text", "lang"}, path, where)
        text, lang = _text(value["text"]), value.get("lang")
        if text is None or not _encodable(text):
            ctx.fail(path, where, "'text' must be a string")
            return None
        if lang is not None and (not isinstance(lang, str) or not is_valid_language(lang)):
            ctx.fail(path, where, f"{lang!r} is not a BCP 47 language tag")
            return None
        return Literal(text, lang=lang.lower()) if lang else Literal(text)
    if "value" not in value:
        ctx.fail(path, where, "a literal is {value: ..., datatype: ...} or {text: ..., lang: ...}")
        return None
    _check_keys(ctx, value, {"value", "datatype"}, path, where)
    return _typed_literal(ctx, value["value"], value.get("datatype"), path, where)


def _typed_literal(
    ctx: SheetContext, raw: Any, dtype: Any, path: PathKey, where: str
) -> Term | None:
    if dtype is None:
        if isinstance(raw, bool):
            return Literal("true" if raw else "false", XSD.boolean)
        if isinstance(raw, int):
            return Literal(str(int(raw)), XSD.integer)
        if isinstance(raw, Decimal):  # checked like {datatype: decimal}: 1e999999999 is refused
            return _typed_literal(ctx, raw, "decimal", path, where)
        if isinstance(raw, str) and _encodable(raw):
            return Literal(raw)
        ctx.fail(path, where, f"{_kind(raw)} is not a literal value")
        return None
    if not isinstance(dtype, str):
        ctx.fail(path, where, "'datatype' must be a name such as date or decimal")
        return None
    name = dtype.removeprefix("xsd:")
    datatype = _LITERAL_TYPES.get(name)
    if datatype is None:
        if is_valid_iri(dtype) and dtype.lower().startswith(("http://", "https://")):
            text = _text(raw)
            if text is None or not _encodable(text):
                ctx.fail(path, where, f"{_kind(raw)} is not a value of datatype <{dtype}>")
                return None
            return Literal(text, dtype)
        ctx.fail(path, where, f"unknown datatype {dtype!r} ({', '.join(_LITERAL_TYPES)})")
        return None
    try:
        return Literal(_lexical(name, raw), datatype)
    except ValueError as exc:
        ctx.fail(path, where, f"{raw!r} is not a valid {name}: {exc}")
        return None


def _lexical(name: str, raw: Any) -> str:
    if name in _DATE_PRECISION:
        parsed = parse_partial_date(raw)
        if parsed.precision != _DATE_PRECISION[name]:
            raise ValueError("wrong precision for this datatype")
        return parsed.text
    text = _text(raw) if not isinstance(raw, bool) else ("true" if raw else "false")
    if text is None or not _encodable(text):
        raise ValueError("not a scalar")
    if name == "integer":
        return str(int(text.strip()))
    if name == "decimal":
        return str(parse_decimal(text))
    if name == "boolean":
        if text not in ("true", "false"):
            raise ValueError("expected true or false")
        return text
    if name == "anyURI" and not is_valid_iri(text):
        raise ValueError("not an absolute IRI")
    return text


def _sub(where: str, key: str) -> str:
    """``claim 'c', field 'amount'`` → ``claim 'c', field 'amount.min'``."""
    return where[:-1] + f".{key}'" if where.endswith("'") else f"{where}.{key}"


def _number(ctx: SheetContext, value: Any, path: PathKey, where: str) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        ctx.fail(path, where, f"{_kind(value)} is not a number")
        return None
    try:
        number = parse_decimal(value if isinstance(value, str) else str(value))
        # Trailing zeros are not part of the value: 0.94030 and 0.9403 are one amount, and
        # the store keeps the canonical form, so the model does too.
        return Decimal(canonical_decimal(number))
    except ValueError as exc:
        ctx.fail(path, where, str(exc))
        return None


def _amount(ctx: SheetContext, value: Any, path: PathKey, where: str) -> Amount | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            ctx.fail(path, where, "write an amount as {value: N, currency: USD} (or min / max)")
        else:
            ctx.fail(path, where, "must be a mapping with value, min or max, and currency")
        return None
    _check_keys(ctx, value, {"value", "min", "max", "currency"}, path, where)
    numbers: dict[str, Decimal | None] = {}
    for key in ("value", "min", "max"):
        numbers[key] = None
        if value.get(key) is not None:
            numbers[key] = _number(ctx, value[key], path + (key,), _sub(where, key))
    if all(key not in value for key in ("value", "min", "max")):
        ctx.fail(path, where, "an amount needs a value, a min or a max")
        return None
    if "value" in value and ("min" in value or "max" in value):
        ctx.fail(path, where, "give either a value, or a min and/or a max, not both")
        return None
    low, high = numbers["min"], numbers["max"]
    if low is not None and high is not None and low > high:
        ctx.fail(path, where, f"min {low} is greater than max {high}")
        return None
    currency = value.get("currency")
    if currency is not None:
        if not isinstance(currency, str) or not _CURRENCY.match(currency.upper()):
            ctx.fail(
                path + ("currency",),
                _sub(where, "currency"),
                f"{currency!r} is not a currency code",
            )
            return None
        currency = currency.upper()
    return Amount(numbers["value"], low, high, currency)


def _during(ctx: SheetContext, value: Any, path: PathKey, where: str) -> During | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        ctx.fail(path, where, "must be a mapping with 'from' and/or 'to'")
        return None
    _check_keys(ctx, value, {"from", "to"}, path, where)
    if value.get("from") is None and value.get("to") is None:
        ctx.fail(path, where, "needs 'from' and/or 'to'")
        return None
    start = end = None
    if value.get("from") is not None:
        start = _date(ctx, value["from"], path + ("from",), _sub(where, "from"))
    if value.get("to") is not None:
        end = _date(ctx, value["to"], path + ("to",), _sub(where, "to"))
    if start and end and start.start > end.end:
        ctx.fail(path, where, f"'from' {start.text} is after 'to' {end.text}")
        return None
    return During(start, end)


def _quote(
    ctx: SheetContext, value: Any, language: str | None, path: PathKey, where: str
) -> Quote | None:
    if value is None:
        return None
    if isinstance(value, str):
        if not value.strip() or not _encodable(value):
            ctx.fail(path, where, "must be non-empty text")
            return None
        return Quote(value, language)
    if not isinstance(value, dict):
        ctx.fail(path, where, "must be text or {text: ..., lang: ...}")
        return None
    _check_keys(ctx, value, {"text", "lang"}, path, where)
    text = value.get("text")
    if not isinstance(text, str) or not text.strip() or not _encodable(text):
        ctx.fail(path, where, "'text' must be non-empty text")
        return None
    lang = value.get("lang", language)
    if lang is not None and (not isinstance(lang, str) or not is_valid_language(lang)):
        ctx.fail(path + ("lang",), _sub(where, "lang"), f"{lang!r} is not a BCP 47 language tag")
        return None
    return Quote(text, lang.lower() if lang else None)
