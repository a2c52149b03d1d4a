"""Statements that hang on a report rather than a reporting verb (helpers of
:mod:`kg.draft.statements`): "les accusations portées par X sur …", a reportive
conditional with no cue ("aurait été versée"), "reportedly", "… : report" headlines,
"a Reuters report that …" / "des informations de Challenges selon lesquelles …", and
headline denials the parser misreads ("Vinci dément des discussions …")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from kg.draft import parse
from kg.draft.speakers import Agent, Speaker, speaker_of

if TYPE_CHECKING:
    from kg.draft.statements import StatementFinder

__all__ = [
    "author_of",
    "claim_by",
    "headline_denials",
    "marker_subtree",
    "passive_reports",
    "relayed_by",
    "reportive",
    "reports",
    "unnamed_reports",
]

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
    while tokens and (tokens[0].pos_ in ("ADP", "DET", "PUNCT") or tokens[0].lower_ in _WHICH):
        tokens = tokens[1:]  # "… de Challenges selon lesquelles l'Etat …" starts at "l'Etat"
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
    """ "a Reuters report that …", "des informations de Challenges selon lesquelles …",
    "une information relayée par Libération selon laquelle …": the report's author asserts
    the clause, even where someone denies the report around it. An unnamed report ("a
    Wednesday news report that …", "media reports that …") asserts it as an anonymous
    source, for a person to name."""
    cues = finder.cues
    for noun in doc:
        if noun.lemma_.lower() not in cues.media | cues.claim_nouns:
            continue
        found = _report_clause(noun)
        if found is None:
            continue
        clause, skip = found
        owner = _report_owner(noun, clause, cues.media)
        if owner is not None:
            speaker = speaker_of(owner, finder.agents, cues)
        elif (
            noun.pos_ == "NOUN"
            and noun.lemma_.lower() in cues.media | {"information"}
            and noun.lemma_.lower() not in ("statement", "communiqué")
        ):
            # a report or "des informations" stands for someone to name; "rumours that …"
            # and "allegations that …" have no author to name
            name = _unnamed(noun, clause)
            agent = finder.agents.get(name, "AnonymousSource", check="an unnamed report: whose?")
            speaker = Speaker(agent, None, "attributed to an unnamed report")
        else:
            continue
        if speaker is None:
            continue
        speaker.agent.media = (
            speaker.agent.type == "Organization" and noun.lemma_.lower() in cues.media
        ) or speaker.agent.media
        tokens = [t for t in clause.subtree if t.i not in skip]
        while tokens and tokens[0].lower_ in _WHICH | {"selon"}:
            tokens = tokens[1:]  # "selon lesquelles" only introduces the clause
        tokens = parse.trim(tokens)
        if tokens and not any(
            s.speaker.agent is speaker.agent and s.start <= finder.base + tokens[0].idx < s.end
            for s in finder.found
        ):
            finder.add_content(tokens, speaker, noun, False, stance="asserts")


#: participles that report when they have an agent ("mentionné par", "reported by"); not
#: every reporting verb: "l'OPA lancée par Murdoch" is a bid launched, not words said
_PASSIVE_CUES = {
    *("mentionner", "évoquer", "relayer", "rapporter", "révéler", "publier", "annoncer"),
    *("mention", "relay", "report", "reveal", "publish", "announce"),
}


def passive_reports(finder: StatementFinder, doc: Any) -> None:
    """ "un intérêt également mentionné par L'Express", "the talks, which were also reported
    by the Wall Street Journal": the agent of a reporting participle asserts the thing it
    qualifies (reports and rumours themselves are left to :func:`reports`)."""
    cues = finder.cues
    for verb in doc:
        lemma = parse.cue_lemma(verb, cues)
        if lemma not in _PASSIVE_CUES:
            continue
        as_reported = verb.dep_ == "advcl" and any(
            m.lower_ in ("as", "comme") and m.dep_ == "mark" for m in verb.children
        )
        if verb.dep_ not in ("acl", "acl:relcl", "relcl") and not as_reported:
            continue
        noun = verb.head
        if as_reported:
            pass  # "X denied it plans …, as reported by Le Figaro": the paper's claim
        elif noun.pos_ != "NOUN" or noun.lemma_.lower() in cues.media | cues.claim_nouns:
            continue
        agent = next((c for c in verb.children if c.dep_ == "obl:agent"), None)
        by = next((c for c in verb.children if c.dep_ == "agent"), None)
        if by is not None:
            agent = next((g for g in by.children if g.dep_ == "pobj"), None)
        if agent is None:
            agent = next(
                (c for c in verb.children if any(g.lower_ == "par" for g in c.children)), None
            )
        if agent is None or not (
            agent.pos_ == "PROPN"
            or agent.ent_type_
            # "as reported by the website of Le Figaro"; "the price reported by the
            # newspaper" names no one to quote
            or (as_reported and agent.lemma_.lower() in cues.media)
        ):
            continue
        speaker = speaker_of(agent, finder.agents, cues)
        if speaker is None:
            continue
        if as_reported:
            # what the reported verb says: its clause, without the "as reported" part
            cue = next(
                (a for a in verb.ancestors if parse.cue_lemma(a, cues) in cues.say | cues.deny),
                None,
            )
            clauses = [
                c
                for c in (cue.children if cue is not None else [])
                if c.dep_ in ("ccomp", "xcomp") and c.i < verb.i
            ]
            tokens = [t for c in clauses for t in c.subtree if t.i < verb.i]
            if not tokens:
                continue
            finder.add_content(tokens, speaker, verb, False, stance="asserts")
            continue
        tokens = [t for t in noun.subtree if t.i <= parse.phrase_end(verb)]
        finder.add_content(tokens, speaker, verb, False, stance="asserts")


_WHICH = {"lequel", "laquelle", "lesquels", "lesquelles"}


def _report_clause(noun: Any) -> tuple[Any, set[int]] | None:
    """The clause a report noun introduces, and the tokens that only introduce it."""
    for c in noun.children:
        if c.dep_ in ("acl", "relcl", "acl:relcl", "ccomp") and any(
            m.lower_ in ("that", "que", "qu'", "qu’") and m.dep_ == "mark" for m in c.children
        ):
            return c, set()
    # "selon laquelle …" is often hung on the last noun of the phrase, and "a report the
    # previous day that …" on the date: look a few words along the noun's own phrase
    for t in noun.subtree:
        if t.i <= noun.i or t.i - noun.i > 12 or t.dep_ not in ("acl:relcl", "relcl", "acl"):
            continue
        which = [
            g
            for g in t.children
            if g.lower_ in _WHICH and any(h.lower_ == "selon" for h in g.children)
        ]
        if which:
            return t, {x.i for g in which for x in g.subtree}
        if (
            noun.lang_ == "en"
            and any(m.lower_ == "that" and m.dep_ == "mark" for m in t.children)
            and not any(x.pos_ == "VERB" and x.i < t.i for x in noun.subtree if x.i > noun.i)
        ):
            return t, set()
    return None


def _report_owner(noun: Any, clause: Any, media: frozenset[str]) -> Any | None:
    """Who wrote the report: "a Reuters report", "les informations de Challenges", "relayée
    par le quotidien Libération", "reported by the Wall Street Journal"."""
    before = [t for t in noun.subtree if t.i < clause.left_edge.i]
    owners = [c for c in noun.children if c.dep_ in ("compound", "poss", "nmod")]
    owners += [g for c in noun.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    # a participle's agent: "relayée (le même jour) par le quotidien Libération"
    owners += [
        t for t in before
        if t.i > noun.i and any(c.dep_ == "case" and c.lower_ in ("par", "by") for c in t.children)
    ]  # fmt: skip
    owners += [t for t in before if t.dep_ == "pobj" and t.head.lower_ == "by"]
    for o in owners:
        if o.ent_type_ in ("DATE", "TIME"):
            continue
        if o.pos_ == "PROPN" or o.ent_type_ in ("ORG", "PERSON", "PER"):
            return o
        if o.lemma_.lower() in media and any(
            c.pos_ == "PROPN" or c.ent_type_ in ("ORG", "PER", "PERSON")
            for c in o.subtree
            if c.i < clause.left_edge.i
        ):
            return o  # "le quotidien Libération": speaker_of finds the name
    return None


def _unnamed(noun: Any, clause: Any) -> str:
    """ "news report", "media reports", "informations de presse": the report's own words."""
    words = [
        t for t in noun.subtree
        if t.i <= noun.i and t.i >= noun.i - 3 and t.pos_ in ("NOUN", "ADJ", "PROPN")
        and t.ent_type_ not in ("DATE", "TIME")
    ]  # fmt: skip
    return " ".join(t.text for t in words) or noun.text


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


def author_of(finder: StatementFinder, source: Any) -> Speaker | None:
    """Who stands behind a "selon X" that names no speaker: "selon des estimations
    d'analystes" (the analysts), "selon l'édition à paraître jeudi du magazine
    Challenges" (the magazine)."""
    near = [
        o
        for c in source.children
        if c.dep_ in ("nmod", "prep", "compound")
        for o in [c, *(g for g in c.children if g.dep_ == "pobj")]
        if o.pos_ in ("NOUN", "PROPN")
    ]
    near += [
        o
        for o in source.subtree
        if 0 < o.i - source.i <= 8 and o.lemma_.lower() in finder.cues.media and o.pos_ == "NOUN"
    ]
    for token in near:
        found = speaker_of(token, finder.agents, finder.cues)
        if found is not None:
            return found
    return None


def marker_subtree(token: Any, source: Any, low: str) -> set[Any]:
    """The words of a "selon X" / "according to X" phrase."""
    return set((token if low == "according" else source).subtree) | {token}


def relayed_by(finder: StatementFinder, verb: Any, speaker: Speaker) -> Agent | None:
    """ "« … », aurait lancé le ministre selon Le Parisien": words in the reportive
    conditional with a "selon X" on the cue are the speaker's as X relays them."""
    if not any(c.lower_ in ("aurait", "auraient") for c in verb.children):
        return None
    for child in verb.children:
        if any(g.lower_ == "selon" and g.dep_ == "case" for g in child.children):
            found = speaker_of(child, finder.agents, finder.cues)
            if found is not None and found.agent is not speaker.agent:
                return found.agent
    return None
