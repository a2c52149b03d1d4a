"""From an article's text to a :class:`~kg.draft.sheet.SheetDraft`: the drafting steps in order."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from kg.draft.amounts import find_amount
from kg.draft.cues import cues_for
from kg.draft.dates import resolve_said_on
from kg.draft.ids import IdMaker
from kg.draft.model import load_pipeline
from kg.draft.sheet import ClaimDraft, SheetDraft
from kg.draft.speakers import Agent, Agents
from kg.draft.statements import Statement, find_statements
from kg.draft.triples import Entities, propose_triple

__all__ = ["assemble", "paragraphs"]

_MEDIA = (
    (re.compile(r"podcast", re.I), "podcast"),
    (
        re.compile(r"tweet|twitter|réseaux sociaux|social media|message sur|posted on", re.I),
        "social-media",
    ),
    (re.compile(r"communiqué|in a statement|press release|exchange filing", re.I), "statement"),
    (re.compile(r"interview|entretien", re.I), "interview"),
    (
        re.compile(
            r"conférence de presse|point presse|press conference|told reporters|à la presse", re.I
        ),
        "press",
    ),
    (re.compile(r"\brapport\b|\breport(ed|s)?\b", re.I), "report"),
)


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, line) of each non-empty line: news text has one paragraph a line."""
    out, offset = [], 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            out.append((offset, line.rstrip("\r\n")))
        offset += len(line)
    return out


# "PARIS (Reuters) - ", "MOSCOW, May 13 (Reuters) - ", "London – ": a dateline is no subject.
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z .'’-]{1,30}?(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"(?:\s*\([A-Za-z .]+\))?\s+[–—-]{1,2}\s*"
    r"|[A-Z][A-Za-z.'’ -]{1,30}?\s*\([A-Za-z .]+\)\s+[–—-]{1,2}\s*"
    r"|[A-Z][A-Z .'’-]{1,30}?\s*\([A-Za-z0-9 .]+\):\s*"
    r"|[A-Z][a-z]+\s+[–—]\s+"
    # "MILAN Oct 17 Italy's Ferrero …": the wire's dateline without a dash
    r"|[A-Z][A-Z.'’-]{2,20}(?:\s[A-Z][A-Z.'’-]{1,20})?,?\s+"
    r"(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\s+(?=[A-Z]))"
)


def skip_dateline(line: str) -> int:
    """How many characters of ``line`` are its dateline: the parser reads what follows.

    >>> line = "PARIS (Reuters) - Vinci a démenti"
    >>> line[skip_dateline(line):]
    'Vinci a démenti'
    >>> line = "LYON Feb 3 Acme Corp said on Monday"
    >>> line[skip_dateline(line):]
    'Acme Corp said on Monday'
    """
    match = _DATELINE.match(line)
    return match.end() if match else 0


def _article_currency(text: str) -> str | None:
    counts: Counter[str] = Counter()
    counts["USD"] = len(re.findall(r"\$|dollars?\b|USD", text))
    counts["EUR"] = len(re.findall(r"€|euros?\b|EUR", text))
    currency, n = counts.most_common(1)[0]
    return currency if n else None


def _outside(text: str, sentence: tuple[int, int], statement: Statement) -> str:
    """The sentence of a statement without its content: where dates and media are told."""
    a, b = sentence
    return (
        text[a : statement.start] + " " + text[statement.end : b]
        if a <= statement.start <= b
        else text[a:b]
    )


def _quote(text: str, statement: Statement) -> tuple[int, int]:
    a, b = statement.start, statement.end
    while a < b and text[a] in " \t,;:":
        a += 1
    while b > a and text[b - 1] in " \t,;:":
        b -= 1
    return a, b


def assemble(
    text: str,
    *,
    lang: str,
    published: str | None,
    title: str | None,
    url: str | None,
    text_path: str | None,
    source_id: str,
) -> SheetDraft:
    """Draft the sheet of one article (see :func:`kg.draft.draft_sheet`)."""
    nlp = load_pipeline(lang)
    cues = cues_for(lang)
    ids = IdMaker()
    ids.new(source_id)
    agents = Agents(ids)
    entities = Entities(ids)
    parts = paragraphs(text)
    skips = [skip_dateline(t) for _, t in parts]
    offsets = [o + k for (o, _), k in zip(parts, skips, strict=True)]
    texts = (t[k:] for (_, t), k in zip(parts, skips, strict=True))
    docs = list(zip(offsets, nlp.pipe(texts), strict=True))
    statements = find_statements(docs, text, cues, agents)
    currency = _article_currency(text)

    claims: list[ClaimDraft] = []
    predicates: dict[str, str] = {}
    used: list[Agent] = []
    counts: Counter[str] = Counter()
    previous: list[tuple[str, Agent]] = []  # (claim id, claimant) so far, for responds_to
    for statement in statements:
        speaker = statement.speaker
        counts[speaker.agent.id] += 1
        claim_id = f"{speaker.agent.id}-{counts[speaker.agent.id]}"
        triple = propose_triple(statement, agents, entities, lang)
        predicates.setdefault(triple.predicate, triple.label)
        start, end = _quote(text, statement)
        fields: dict[str, Any] = {"claimant": speaker.agent.id, "stance": statement.stance}
        fields["statement"] = [triple.subject, triple.predicate, triple.object]
        checks = list(statement.checks)
        quote = text[start:end]
        amount = find_amount(quote, currency)
        if amount is not None:
            fields["amount"] = amount.as_dict()
            if amount.currency and not re.search(
                r"\$|€|£|dollar|euro|pound|livre|yen|yuan|rupee|roupie", quote, re.I
            ):
                checks.append(f"currency {amount.currency} taken from the rest of the article")
        outside = _outside(text, statement.sentence, statement)
        said_on = resolve_said_on(outside, published)
        if said_on:
            fields["said_on"] = said_on
        medium = next((word for pattern, word in _MEDIA if pattern.search(outside)), None)
        if medium:
            fields["medium"] = medium
        fields["source"] = source_id
        fields["quote"] = quote
        if statement.reported_by:
            fields["reported_by"] = [a.id for a in statement.reported_by]
        if statement.responds or (statement.stance == "denies" and len(quote.split()) <= 4):
            answered = next(
                (cid for cid, who in reversed(previous) if who is not speaker.agent), None
            )
            if answered:
                fields["responds_to"] = [answered]
                checks.append(f"taken to answer {answered}")
        if speaker.on_behalf_of is not None and speaker.on_behalf_of is not speaker.agent:
            fields["on_behalf_of"] = speaker.on_behalf_of.id
        if statement.hedged or (amount is not None and amount.hedged):
            fields["hedged"] = True
        checks += triple.checks
        claims.append(ClaimDraft(claim_id, fields, checks))
        previous.append((claim_id, speaker.agent))
        for agent in [speaker.agent, speaker.on_behalf_of, *statement.reported_by]:
            if agent is not None and agent not in used:
                used.append(agent)

    referenced = {
        c.fields["statement"][i]
        for c in claims
        for i in (0, 2)
        if isinstance(c.fields["statement"][i], str)
    }
    agent_items = []
    for agent in agents.items:
        if agent in used or agent.id in referenced:
            item: dict[str, Any] = {"id": agent.id, "name": agent.name, "type": agent.type}
            if agent.aliases:
                item["aliases"] = agent.aliases
            if agent.speaks_for is not None and agent.type == "Person":
                item["member_of"] = [agent.speaks_for.id]
                if agent.speaks_for not in used and agent.speaks_for.id not in referenced:
                    used.append(agent.speaks_for)
            if agent.check:
                item["_checks"] = [agent.check]
            agent_items.append(item)
    declared = {a["id"] for a in agent_items}
    for agent in agents.items:  # organisations only named as member_of
        if agent.id not in declared and agent in used:
            agent_items.append({"id": agent.id, "name": agent.name, "type": agent.type})
    entity_items = [{"id": i, "name": n} for i, n in entities.names.items() if i in referenced]
    source: dict[str, Any] = {"id": source_id}
    first_line = text.strip().splitlines()[0] if text.strip() else source_id
    source["title"] = title or first_line
    if not title:
        source["_checks"] = ["title taken from the article's first line"]
    source["language"] = lang
    if published:
        source["published"] = published
    if url:
        source["url"] = url
    if text_path:
        source["text"] = text_path
    header = [
        "Draft claim sheet written by `kg draft`: review it before `kg ingest`.",
        "Each claim's quote is the exact span of the article it was drafted from; lines",
        "starting with '# check:' mark what the drafter guessed (speaker, subject, object).",
        "Statements are proposals from the parse: edit predicates once, under `predicates`.",
    ]
    predicate_items = [{"id": p, "label": label} for p, label in predicates.items()]
    return SheetDraft(source, agent_items, entity_items, predicate_items, claims, header)
