"""A proposed statement [subject, predicate, object] for an attributed statement.

It comes from the parse of the content: the predicate is the main verb (snake_case, from its
lemma), the subject its grammatical subject, the object its first complement. Pronouns
are taken to be the speaker ("nous", "it") and marked for review: the triple is a proposal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.draft.ids import IdMaker, snake_case
from kg.draft.parse import root as _root
from kg.draft.speakers import Agents, name_span
from kg.draft.statements import Statement

__all__ = ["Entities", "Triple", "propose_triple"]

_OBJECT_DEPS = (
    "obj",
    "dobj",
    "iobj",
    "obl:arg",
    "attr",
    "obl",
    "pobj",
    "nmod",
    "dative",
    "prep",
    "xcomp",
    "ccomp",
    "acomp",
    "oprd",
)
_DROP = {
    "le",
    "la",
    "les",
    "l'",
    "l’",
    "un",
    "une",
    "des",
    "du",
    "the",
    "a",
    "an",
    "ce",
    "cette",
    "ces",
    "de",
    "d'",
    "d’",
}


class Entities:
    """Things that are not agents (a deal, a bonus), named by their noun phrase."""

    def __init__(self, ids: IdMaker) -> None:
        self.ids = ids
        self.by_key: dict[str, str] = {}
        self.names: dict[str, str] = {}  # id → name, for the sheet's ``entities``

    def remember(self, name: str) -> str:
        key = name.lower()
        if key not in self.by_key:
            id_ = self.ids.new(name)
            self.by_key[key] = id_
            self.names[id_] = name
        return self.by_key[key]


@dataclass
class Triple:
    subject: str
    predicate: str
    label: str
    object: str | dict[str, str]
    checks: list[str] = field(default_factory=list)


def _phrase(token: Any, limit: int = 6) -> str:
    """A short name for the noun phrase of ``token``: its left modifiers, the head, and
    what follows it up to ``limit`` words, never ending on a preposition or determiner."""
    doc = token.doc
    cut = {"acl:relcl", "relcl", "punct", "cc", "conj", "appos", "acl", "advcl"}
    dropped = {t.i for c in token.subtree if c.dep_ in cut and c.i != token.i for t in c.subtree}
    ids = {t.i for t in token.subtree if t.i not in dropped}
    left = token.i
    while left - 1 in ids and token.i - (left - 1) <= limit:
        left -= 1
    right = token.i
    while right + 1 in ids and (right + 1) - left < limit:
        right += 1
    run = list(doc[left : right + 1])
    weak = ("DET", "ADP", "CCONJ", "SCONJ", "PUNCT", "PART", "PRON", "AUX")
    while run and (run[0].pos_ in weak or run[0].lower_ in _DROP):
        run = run[1:]
    while run and (run[-1].pos_ in weak or run[-1].lower_ in _DROP):
        run = run[:-1]
    if not run:
        return token.text
    return doc[run[0].i : run[-1].i + 1].text


def _mention(
    token: Any,
    statement: Statement,
    agents: Agents,
    entities: Entities,
    checks: list[str],
    role: str,
) -> str:
    speaker = statement.speaker
    if token.pos_ == "PRON" or token.lower_ in (
        "nous",
        "we",
        "i",
        "je",
        "it",
        "il",
        "elle",
        "they",
        "ils",
    ):
        checks.append(f"{role} guessed: {token.text!r} taken to be {speaker.agent.name}")
        owner = (
            speaker.on_behalf_of
            if speaker.on_behalf_of and token.lower_ in ("nous", "we")
            else speaker.agent
        )
        return owner.id
    if token.pos_ == "PROPN" or token.ent_type_:
        name, label = name_span(token)
        agent = agents.find(name)
        if agent is not None:
            return agent.id
        if label in ("PER", "PERSON"):
            return agents.get(name, "Person").id
        if label in ("ORG",):
            return agents.get(name, "Organization").id
    return entities.remember(_phrase(token))


def propose_triple(statement: Statement, agents: Agents, entities: Entities, lang: str) -> Triple:
    """The statement's proposed triple; ``checks`` says which parts were guessed."""
    checks: list[str] = []
    tokens = [t for t in statement.tokens if not t.is_space]
    root = _root(tokens) if tokens else None
    if root is None:
        return Triple(
            statement.speaker.agent.id,
            "states",
            "states",
            {"text": "?", "lang": lang},
            ["no parse"],
        )
    ids = {t.i for t in tokens}
    # "we deny that any such agreement has been reached": the statement is the clause
    from kg.draft.cues import cues_for

    cues = cues_for(lang)
    for _ in range(3):
        head = (
            next(
                (c for c in root.children if c.dep_ == "xcomp" and c.pos_ == "VERB" and c.i in ids),
                None,
            )
            if root.lemma_.lower()
            in ("like", "want", "wish", "vouloir", "souhaiter", "aimer", "tenir")
            else None
        )
        head = head or root
        inner = next((c for c in head.children if c.dep_ == "ccomp" and c.i in ids), None)
        if inner is not None and head.lemma_.lower() in cues.say | cues.deny:
            root = inner
            continue
        break
    if root.pos_ in ("NOUN", "PROPN"):
        # "agreement reached with MTN": the participle says what happened to the noun
        acl = next(
            (
                c
                for c in root.children
                if c.dep_ in ("acl", "relcl", "acl:relcl") and c.pos_ == "VERB" and c.i in ids
            ),
            None,
        )
        if acl is not None and not any(c.dep_ == "cop" for c in root.children):
            return _passive_noun(statement, root, acl, agents, entities, lang, checks)
    verb = root
    label_words = [root.lemma_.lower()]
    if root.pos_ in ("NOUN", "ADJ", "PROPN"):
        cop = next((c for c in root.children if c.dep_ == "cop"), None)
        if cop is not None:
            label_words.insert(0, cop.lemma_.lower())
    xcomp = next(
        (c for c in root.children if c.dep_ == "xcomp" and c.pos_ == "VERB" and c.i in ids), None
    )
    if xcomp is not None:
        label_words.append(xcomp.lemma_.lower())
        verb = xcomp
    subject = next(
        (
            c
            for c in root.children
            if c.dep_ in ("nsubj", "nsubj:pass", "nsubjpass", "expl:subj") and c.i in ids
        ),
        None,
    )
    if subject is None:
        subject_id = (statement.speaker.on_behalf_of or statement.speaker.agent).id
        checks.append("subject guessed: the speaker")
    else:
        subject_id = _mention(subject, statement, agents, entities, checks, "subject")
    obj = None
    for dep in _OBJECT_DEPS:
        obj = next(
            (
                c
                for c in verb.children
                if c.dep_ == dep and c.i in ids and c.pos_ in ("NOUN", "PROPN", "PRON", "NUM", "X")
            ),
            None,
        )
        if obj is None and dep in ("obl", "nmod", "prep"):
            for c in verb.children:
                if c.dep_ == dep and c.i in ids:
                    obj = (
                        next((g for g in c.children if g.dep_ == "pobj"), None)
                        if lang == "en"
                        else None
                    )
                    if obj is not None:
                        break
        if obj is not None:
            break
    if obj is None:
        nouns = [
            t
            for t in tokens
            if t.pos_ in ("NOUN", "PROPN")
            and (subject is None or t not in subject.subtree)
            and t.i != root.i
        ]
        obj = nouns[0] if nouns else None
        if obj is not None:
            checks.append("object guessed")
    if obj is None:
        words = root.doc[tokens[0].i : tokens[-1].i + 1].text
        object_: str | dict[str, str] = {"text": words[:200], "lang": lang}
        checks.append("object left as the quote's words")
    else:
        object_ = _mention(obj, statement, agents, entities, checks, "object")
    label = " ".join(label_words)
    return Triple(subject_id, snake_case(label), label, object_, checks)


def _passive_noun(
    statement: Statement,
    noun: Any,
    verb: Any,
    agents: Agents,
    entities: Entities,
    lang: str,
    checks: list[str],
) -> Triple:
    """[who, verb, noun] for a noun with a participle ("agreement reached with MTN")."""
    agent = next((c for c in verb.children if c.dep_ in ("agent", "obl:agent")), None)
    by = (
        next((g for g in agent.children if g.dep_ in ("pobj", "nmod")), agent)
        if agent is not None
        else None
    )
    if by is not None:
        subject = _mention(by, statement, agents, entities, checks, "subject")
    else:
        subject = (statement.speaker.on_behalf_of or statement.speaker.agent).id
        checks.append("subject guessed: the speaker")
    object_ = _mention(noun, statement, agents, entities, checks, "object")
    label = verb.lemma_.lower()
    return Triple(subject, snake_case(label), label, object_, checks)
