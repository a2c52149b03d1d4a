"""Statements that hang on a report rather than a reporting verb (helpers of
:mod:`kg.draft.statements`): "les accusations portées par X sur …", a reportive
conditional with no cue ("aurait été versée"), "reportedly", "… : report" headlines,
"a Reuters report that …" / "des informations de Challenges selon lesquelles …", and
headline denials the parser misreads ("Vinci dément des discussions …")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from kg.draft import parse
from kg.draft.speakers import Speaker, speaker_of

if TYPE_CHECKING:
    from kg.draft.statements import StatementFinder

__all__ = ["claim_by", "headline_denials", "reportive", "reports", "unnamed_reports"]

_HEADLINE_DENIAL = re.compile(
    r"^(?:[^:]{0,40}:\s*)?(?P<name>(?:[A-Z][\w&'’.-]*\s){1,4}?)"
    r"(?P<cue>dément|démentent|nie|nient|rejette|rejettent|réfute|conteste|contestent"
    r"|denies|deny|rejects|refutes|dismisses|disputes)\s(?P<rest>\S.*?)[.!]?$"
)


def claim_by(finder: StatementFinder, noun: Any, cue: Any) -> None:
    """ "les accusations portées par François Fillon sur …", "claims by X that …": the
    accusation is X's own statement, asserted; its content is what follows X."""
    if noun.lemma_.lower() not in finder.cues.claim_nouns:
        return
    author = None
    for child in noun.children:
        if child.dep_ in ("acl", "acl:relcl") and child.pos_ == "VERB":
            author = next((g for g in child.children if g.dep_ in ("obl:agent", "agent")), None)
            if author is not None and author.dep_ == "agent":
                author = next((g for g in author.children if g.dep_ == "pobj"), None)
        elif child.dep_ in ("nmod", "poss") and child.pos_ == "PROPN" and child.i > noun.i:
            author = child
        if author is not None:
            break
    if author is None:
        return
    speaker = speaker_of(author, finder.agents, finder.cues)
    if speaker is None:
        return
    if noun.lemma_.lower() in finder.cues.media | {"information", "révélation", "revelation"}:
        speaker.agent.media = speaker.agent.type == "Organization"
    last = max(t.i for t in author.subtree)
    tokens = [t for t in noun.subtree if t.i > last]
    while tokens and tokens[0].pos_ in ("ADP", "DET", "PUNCT"):
        tokens = tokens[1:]
    if len(tokens) >= 3:
        finder.add_content(tokens, speaker, cue, False, stance="asserts")


def reportive(finder: StatementFinder, token: Any) -> bool:
    """The root of a French sentence in the past conditional ("aurait été versée")."""
    if token.dep_ != "ROOT" or token.pos_ != "VERB":
        return False
    auxes = [c.lower_ for c in token.children if c.dep_.startswith("aux")]
    if not any(a in ("aurait", "auraient", "serait", "seraient") for a in auxes):
        return False
    cues = finder.cues.say | finder.cues.deny
    return not any(parse.cue_lemma(t, finder.cues) in cues for t in token.sent)


def unnamed_reports(finder: StatementFinder, doc: Any, headline: bool) -> None:
    for token in doc:
        if token.lower_ == "reportedly" and token.head.i != token.i:
            agent = finder.agents.get("unnamed reports", "AnonymousSource")
            speaker = Speaker(agent, None, "attributed to unnamed reports")
            finder.add_content(list(token.head.subtree), speaker, token, False)
        elif reportive(finder, token):
            # "… auraient été libérés": a reportive conditional, with no cue, continues
            # the last report; a person should check whose it is
            last = finder.found[-1] if finder.found else None
            if last is None:
                agent = finder.agents.get("unnamed reports", "AnonymousSource")
                speaker = Speaker(agent, None, "reportive conditional: unnamed reports")
            else:
                check = "reportive conditional: speaker taken from the report before"
                speaker = Speaker(last.speaker.agent, last.speaker.on_behalf_of, check)
            tokens = [t for t in token.sent if not t.is_space]
            if any(
                s.start < finder.base + tokens[-1].idx and finder.base + tokens[0].idx < s.end
                for s in finder.found
            ):
                continue
            statement = finder.add(parse.trim(tokens), speaker, "asserts", token)
            if statement is not None and last is not None:
                statement.reported_by = list(last.reported_by)
    first_line = doc.text.rstrip() if headline else ""
    for tail in (": report", ": reports", ": rapport", ": sources", " - report"):
        if first_line.lower().endswith(tail) and "\n" not in first_line:
            agent = finder.agents.get("unnamed reports", "AnonymousSource")
            tokens = [t for t in doc if t.idx < len(first_line) - len(tail)]
            finder.add_content(
                tokens, Speaker(agent, None, "headline attributed to a report"), doc[0], False
            )


def reports(finder: StatementFinder, doc: Any) -> None:
    """ "a Reuters report that …", "le rapport de X selon lequel …": X's statement."""
    for noun in doc:
        if noun.lemma_.lower() not in finder.cues.media | finder.cues.claim_nouns:
            continue
        clause = next(
            (
                c
                for c in noun.children
                if c.dep_ in ("acl", "relcl", "acl:relcl", "ccomp")
                and any(
                    m.lower_ in ("that", "que", "qu'", "qu’") and m.dep_ == "mark"
                    for m in c.children
                )
            ),
            None,
        )
        if clause is None:
            continue
        owners = [c for c in noun.children if c.dep_ in ("compound", "poss", "nmod")]
        owners += [
            g for c in noun.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"
        ]
        owner = next(
            (
                o
                for o in owners
                if (o.pos_ == "PROPN" or o.ent_type_ in ("ORG", "PERSON", "PER"))
                and o.ent_type_ not in ("DATE", "TIME")
            ),
            None,
        )
        if owner is None:
            continue
        speaker = speaker_of(owner, finder.agents, finder.cues)
        if speaker is None:
            continue
        speaker.agent.media = (
            speaker.agent.type == "Organization" and noun.lemma_.lower() in finder.cues.media
        )
        tokens = parse.trim(list(clause.subtree))
        if tokens and not any(
            s.speaker.agent is speaker.agent and s.start <= finder.base + tokens[0].idx < s.end
            for s in finder.found
        ):
            finder.add_content(tokens, speaker, noun, False, stance="asserts")


def headline_denials(finder: StatementFinder, doc: Any) -> None:
    """ "Vinci dément des discussions …", "Alstom : Bercy dément envisager …": a short
    sentence naming a denier, which the parser often misreads (it takes "dément" for
    the adjective)."""
    for sent in doc.sents:
        match = _HEADLINE_DENIAL.match(sent.text.strip())
        if match is None:
            continue
        offset = finder.base + sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        start, end = offset + match.start("rest"), offset + match.end("rest")
        if any(s.start < end and start < s.end for s in finder.found):
            continue
        name = match.group("name").strip()
        agent = finder.agents.get(name, "Organization", check="type guessed")
        speaker = Speaker(agent)
        cue = doc[0]
        tokens = [t for t in sent if start <= finder.base + t.idx < end]
        statement = finder.add(tokens, speaker, "denies", cue, span=(start, end))
        if statement is not None:
            statement.checks.append("read from the sentence's shape, not its parse")
