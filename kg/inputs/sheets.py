"""Claim sheets (docs/sheet-format.md): validate a parsed YAML/JSON document, build a ClaimSet.

Validation collects every problem before giving up, so ``kg validate`` can list them all;
each problem names the file, the line, and the object and field (``claim 'altman-100m',
field 'stance'``). Nothing here touches a store: an invalid sheet cannot half-happen.

Each record kind has its own public validator (:func:`validate_agent`, …,
:func:`validate_claim`) working on a :class:`SheetContext`, so the JSON Lines stream format
(:mod:`kg.inputs.jsonl`) applies the very same rules and messages one line at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from kg.inputs.documents import PathKey, read_document
from kg.inputs.sheet_context import (
    ID_PATTERN,
    KNOWN_PREFIXES,
    MAX_PROBLEMS,
    Locates,
    SheetContext,
    check_id,
    check_keys,
    closest,
    id_of,
    read_date,
    read_iri_list,
    read_references,
    read_section,
    read_string,
    read_string_list,
    resolve_id,
)
from kg.inputs.sheet_values import (
    check_anchored,
    read_amount,
    read_during,
    read_quote,
    read_source_text,
    read_statement,
)
from kg.model import (
    Agent,
    AgentType,
    Claim,
    ClaimSet,
    Entity,
    Predicate,
    Source,
    Stance,
)
from kg.rdf.dates import cached_date
from kg.rdf.terms import (
    is_valid_iri,
    is_valid_language,
)
from kg.rdf.to_triples import mint_iri
from kg.vocab import SOURCE_TYPES

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


_TOP_KEYS = {"sheet", "base", "sources", "agents", "entities", "predicates", "claims"}


_SOURCE_KEYS = {"id", "title", "language", "published", "url", "publisher", "type", "text"}


_AGENT_KEYS = {"id", "name", "type", "aliases", "same_as", "member_of", "description"}


_ENTITY_KEYS = {"id", "name", "aliases", "same_as", "description"}


_PREDICATE_KEYS = {"id", "label", "functional"}


_CLAIM_KEYS = {
    "id", "claimant", "stance", "statement", "amount", "during", "said_on", "medium",
    "source", "quote", "reported_by", "responds_to", "on_behalf_of", "hedged",
}  # fmt: skip


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
    sections = {name: read_section(ctx, data, name) for name in _TOP_KEYS - {"sheet", "base"}}
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
    check_keys(ctx, data, allowed, path, "sheet")
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


def declare_id(ctx: SheetContext, kind: str, item: dict[str, Any], path: PathKey) -> None:
    """Record the id of one item of section ``kind`` (``agents``, ``entities``, ``sources``
    or ``claims``), refusing a duplicate.

    A sheet declares every id before validating anything, so references may point forward;
    a JSON Lines stream declares each record as it arrives.
    """
    local = id_of(item)
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


def _open_record(
    ctx: SheetContext,
    item: dict[str, Any],
    path: PathKey,
    label: str,
    kind: str,
    allowed: set[str],
) -> tuple[str | None, str]:
    """Every record's prologue: its id, how messages name it, and no unknown field."""
    local = check_id(ctx, item, path, label)
    where = f"{kind} {local!r}" if local else label
    check_keys(ctx, item, allowed, path, where)
    return local, where


def _naming(
    ctx: SheetContext, item: dict[str, Any], path: PathKey, where: str
) -> tuple[tuple[str, ...], tuple[str, ...], str | None]:
    """``aliases``, ``same_as`` and ``description``, as agents and entities both have them."""
    aliases = read_string_list(ctx, item, "aliases", path, where)
    same_as = read_iri_list(ctx, item, "same_as", path, where)
    description = read_string(ctx, item, "description", path, where, required=False)
    return tuple(aliases), tuple(same_as), description


def validate_agent(
    ctx: SheetContext, item: dict[str, Any], path: PathKey, label: str
) -> Agent | None:
    """Validate one agent record at ``path``; on success it joins ``ctx.declared``.

    ``label`` names the record in messages when it has no usable id (``agents[3]``).
    """
    local, where = _open_record(ctx, item, path, label, "agent", _AGENT_KEYS)
    name = read_string(ctx, item, "name", path, where, required=True)
    type_text = read_string(ctx, item, "type", path, where, required=False) or "Agent"
    try:
        agent_type = AgentType(type_text)
    except ValueError:
        allowed = [t.value for t in AgentType]
        hint = closest(type_text, allowed)
        extra = f"did you mean '{hint}'? " if hint else ""
        ctx.fail(
            path + ("type",),
            f"{where}, field 'type'",
            f"unknown type {type_text!r} ({extra}one of {', '.join(allowed)})",
        )
        agent_type = AgentType.AGENT
    aliases, same_as, description = _naming(ctx, item, path, where)
    member_of = read_references(ctx, item, "member_of", path, where, kind="agent")
    if local is None or name is None:
        return None
    agent = Agent(
        iri=mint_iri(ctx.base, "agent", local),
        id=local,
        name=name,
        type=agent_type,
        aliases=aliases,
        same_as=same_as,
        member_of=tuple(member_of),
        description=description,
    )
    return ctx.declared.add_agent(agent)


def validate_entity(
    ctx: SheetContext, item: dict[str, Any], path: PathKey, label: str
) -> Entity | None:
    """Validate one entity record; on success it joins ``ctx.declared``."""
    local, where = _open_record(ctx, item, path, label, "entity", _ENTITY_KEYS)
    name = read_string(ctx, item, "name", path, where, required=True)
    aliases, same_as, description = _naming(ctx, item, path, where)
    if local is None or name is None:
        return None
    entity = Entity(
        iri=mint_iri(ctx.base, "entity", local),
        id=local,
        name=name,
        aliases=aliases,
        same_as=same_as,
        description=description,
    )
    return ctx.declared.add_entity(entity)


def validate_predicate(
    ctx: SheetContext, item: dict[str, Any], path: PathKey, label: str
) -> Predicate | None:
    """Validate one predicate record; on success it joins ``ctx.declared``."""
    local, where = _open_record(ctx, item, path, label, "predicate", _PREDICATE_KEYS)
    if local and local in ctx.predicates:
        ctx.fail(path + ("id",), where, f"duplicate id {local!r}")
    text = read_string(ctx, item, "label", path, where, required=False)
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
    local, where = _open_record(ctx, item, path, label, "source", _SOURCE_KEYS)
    title = read_string(ctx, item, "title", path, where, required=True)
    language = read_string(ctx, item, "language", path, where, required=False)
    if language and not is_valid_language(language):
        ctx.fail(
            path + ("language",), f"{where}, field 'language'", f"{language!r} is not a BCP 47 tag"
        )
        language = None
    published = None
    if item.get("published") is not None:
        published = read_date(
            ctx, item["published"], path + ("published",), f"{where}, field 'published'"
        )
    url = read_string(ctx, item, "url", path, where, required=False)
    if url and not (is_valid_iri(url) and url.lower().startswith(("http://", "https://"))):
        ctx.fail(path + ("url",), f"{where}, field 'url'", f"{url!r} is not a valid http(s) URL")
        url = None
    publisher = None
    if item.get("publisher") is not None:
        found = read_references(ctx, item, "publisher", path, where, kind="agent")
        publisher = found[0] if found else None
    source_type = read_string(ctx, item, "type", path, where, required=False) or "CreativeWork"
    if source_type not in SOURCE_TYPES:
        ctx.fail(
            path + ("type",),
            f"{where}, field 'type'",
            f"unknown source type {source_type!r} ({', '.join(SOURCE_TYPES)})",
        )
    if item.get("text") is not None and local is not None:
        text = read_source_text(ctx, item["text"], path + ("text",), f"{where}, field 'text'")
        if text is not None:
            ctx.source_texts[local] = text
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
    local = check_id(ctx, item, path, label)
    where = f"claim {local!r}" if local else label
    before = ctx.count
    check_keys(ctx, item, _CLAIM_KEYS, path, where)

    claimant = None
    claimant_id = read_string(ctx, item, "claimant", path, where, required=True)
    if claimant_id:
        claimant = resolve_id(
            ctx, claimant_id, "agent", path + ("claimant",), f"{where}, field 'claimant'"
        )

    stance = None
    stance_text = read_string(ctx, item, "stance", path, where, required=True)
    if stance_text:
        try:
            stance = Stance(stance_text)
        except ValueError:
            ctx.fail(
                path + ("stance",),
                f"{where}, field 'stance'",
                f"unknown stance {stance_text!r} (expected asserts, denies or declines)",
            )

    # A claim about claims (``responds_to`` and no statement) is about the claims it lists.
    proposition = None
    if item.get("statement") is not None or item.get("responds_to") is None:
        proposition = read_statement(ctx, item, path, where, ctx.declared)

    source = None
    source_id = read_string(ctx, item, "source", path, where, required=True)
    if source_id:
        source = resolve_id(
            ctx, source_id, "source", path + ("source",), f"{where}, field 'source'"
        )
    known = ctx.sources_by_id.get(source_id) if source_id else None
    language = known.language if known else None

    # Optional fields: messages are only built for fields that are there.
    amount = during = said_on = quote = None
    if item.get("amount") is not None:
        amount = read_amount(ctx, item["amount"], path + ("amount",), f"{where}, field 'amount'")
    if item.get("during") is not None:
        during = read_during(ctx, item["during"], path + ("during",), f"{where}, field 'during'")
    if item.get("said_on") is not None:
        said_on = read_date(ctx, item["said_on"], path + ("said_on",), f"{where}, field 'said_on'")
    medium = read_string(ctx, item, "medium", path, where, required=False)
    if item.get("quote") is not None:
        quote = read_quote(
            ctx, item["quote"], language, path + ("quote",), f"{where}, field 'quote'"
        )
    reported_by = responds_to = []
    if item.get("reported_by") is not None:
        reported_by = read_references(ctx, item, "reported_by", path, where, kind="agent")
    if item.get("responds_to") is not None:
        responds_to = read_references(ctx, item, "responds_to", path, where, kind="claim")
    if responds_to and local and mint_iri(ctx.base, "claim", local) in responds_to:
        ctx.fail(
            path + ("responds_to",), f"{where}, field 'responds_to'", "a claim cannot answer itself"
        )

    on_behalf_of = None
    if item.get("on_behalf_of") is not None:
        found = read_references(ctx, item, "on_behalf_of", path, where, kind="agent")
        on_behalf_of = found[0] if found else None
    hedged = item.get("hedged", False)
    if not isinstance(hedged, bool):
        ctx.fail(path + ("hedged",), f"{where}, field 'hedged'", "must be true or false")
    if quote is not None and source_id in ctx.source_texts:
        check_anchored(ctx, quote.text, ctx.source_texts[source_id], path + ("quote",), where)

    if ctx.count > before or None in (local, claimant, stance, source):
        return None
    if proposition is None and not responds_to:
        return None
    assert local and claimant and stance and source
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
        hedged=hedged is True,
        on_behalf_of=on_behalf_of,
    )
