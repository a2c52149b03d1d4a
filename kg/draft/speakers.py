"""Who speaks: agents named, aliased and referred back to in one article.

An article names a speaker once in full ("le patron d'OpenAI, Sam Altman") and then by
surname, role or pronoun ("Altman", "il", "the company"). :class:`Agents` keeps the agents
met so far and resolves such mentions; :func:`speaker_of` turns the subject of a reporting
cue into an agent, with the organisation a spokesperson speaks for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.draft.cues import Cues
from kg.draft.ids import IdMaker, ascii_fold

__all__ = ["Agent", "Agents", "Speaker", "name_span", "speaker_of"]

_DETERMINERS = {
    "le", "la", "les", "l'", "l’", "un", "une", "des", "du", "de", "d'", "the", "a", "an",
    "this", "that", "ce", "cette", "ces", "son", "sa", "ses", "its", "their", "his", "her",
}  # fmt: skip
_PERSON_LABELS = {"PER", "PERSON"}
_NOT_IN_NAMES = {"selon", "que", "qui", "lequel", "laquelle", "lesquels", "lesquelles", "that"}
_ORG_LABELS = {"ORG", "GPE", "NORP", "MISC", "FAC", "LOC", "PRODUCT", "WORK_OF_ART"}


@dataclass
class Agent:
    """An agent of the draft; ``check`` says what a person should verify about it."""

    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    check: str | None = None
    speaks_for: Agent | None = None
    media: bool = False  # a newspaper or agency: never "the company"

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass
class Speaker:
    """The claimant a cue's subject resolves to, and how sure the drafter is."""

    agent: Agent
    on_behalf_of: Agent | None = None
    check: str | None = None
    #: who relays the words: "aurait lancé le ministre selon Le Parisien"
    reported_by: list[Agent] = field(default_factory=list)


def _key(text: str) -> str:
    """A name for matching: case, accents and a leading "the" aside."""
    words = ascii_fold(text).lower().replace("’", "'").split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


class Agents:
    """The agents of one article, with what was said last (for pronouns)."""

    def __init__(self, ids: IdMaker) -> None:
        self.ids = ids
        self.items: list[Agent] = []
        self.last_speaker: Agent | None = None
        self.last_org: Agent | None = None
        self.last_person: Agent | None = None
        self.last_named: Agent | None = None
        self.last_company: Agent | None = None
        self.last_media: Agent | None = None

    def find(self, mention: str) -> Agent | None:
        key = _key(mention)
        if not key:
            return None
        for agent in self.items:
            if any(_key(n) == key for n in agent.names()):
                return agent
        words = key.split()
        for agent in reversed(self.items):
            if agent.type == "AnonymousSource":
                continue
            full = _key(agent.name).split()
            if agent.type == "Person" and len(words) == 1 and full and words[0] == full[-1]:
                return agent
            proper = all(w[:1].isupper() for w in mention.split())
            shorter, longer = sorted((words, full), key=len)
            if (
                agent.type == "Organization"
                and proper
                and len(shorter) < len(longer)
                and longer[: len(shorter)] == shorter
            ):
                return agent  # "Meridian" for "Meridian Terminals", or the other way round
            if (
                len(words) == 1
                and len(mention) >= 2
                and mention.isupper()
                and _acronym(agent.name) == mention
            ):
                return agent
            if (
                agent.type == "Person"
                and len(full) == 1
                and len(words) > 1
                and words[-1] == full[0]
            ):
                return agent
        return None

    def get(
        self, name: str, type_: str, alias: str | None = None, check: str | None = None
    ) -> Agent:
        """The agent named ``name`` (found by name or alias, or added)."""
        agent = self.find(name)
        if agent is None:
            agent = Agent(self.ids.new(name), name, type_, check=check)
            self.items.append(agent)
        elif len(name) > len(agent.name) and agent.type != "AnonymousSource" and " " in name:
            # The fuller name becomes the name; the shorter one stays an alias.
            agent.aliases.append(agent.name)
            agent.name = name
        elif _key(name) != _key(agent.name) and name not in agent.aliases:
            agent.aliases.append(name)
        if alias and _key(alias) != _key(agent.name) and alias not in agent.aliases:
            agent.aliases.append(alias)
        return agent

    def add(self, name: str, type_: str, check: str | None = None) -> Agent:
        """A new agent named ``name``, whatever agents it resembles."""
        for agent in self.items:
            if _key(agent.name) == _key(name) and agent.type == type_:
                return agent
        agent = Agent(self.ids.new(name), name, type_, check=check)
        self.items.append(agent)
        return agent

    def spoke(self, agent: Agent) -> None:
        """Remember ``agent`` as the last speaker, for "il", "he", "the company"."""
        self.last_speaker = agent
        if agent.type != "AnonymousSource":
            self.last_named = agent
        if agent.type == "Organization":
            self.last_org = agent
            if not agent.media:
                self.last_company = agent
            else:
                self.last_media = agent
        elif agent.type == "Person":
            self.last_person = agent


def _clean(tokens: list[Any]) -> str:
    while tokens and (
        tokens[0].lower_ in _DETERMINERS
        or tokens[0].is_punct
        or tokens[0].is_space
        or tokens[0].pos_ == "ADP"
    ):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text


def name_span(token: Any) -> tuple[str, str | None]:
    """The proper name around ``token`` and its NER label ("Sam Altman", "PER")."""
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            end = ent.end
            # "Le Canard enchaîné": a lowercase adjective (or participle) inside the name
            doc = token.doc
            while (
                ent.label_ not in _PERSON_LABELS
                and end < len(doc)
                and doc[end].pos_ in ("ADJ", "VERB")
                and doc[end].dep_ in ("amod", "acl")
                and doc[end].head.i in range(ent.start, end)
                and doc[end].text[:1].islower()
                and not list(doc[end].children)
            ):
                end += 1
            start = ent.start
            # "Challenges selon lesquelles l'Etat": the NER ran the name into the clause
            cut = next(
                (
                    t.i
                    for t in doc[ent.start + 1 : end]
                    if t.lower_ in _NOT_IN_NAMES or (t.pos_ == "PRON" and t.is_lower)
                ),
                None,
            )
            if cut is not None and cut > token.i:
                end = cut
            if doc[start].text == "the" and end - start > 1:
                start += 1  # "according to the Financial Times": the name is "Financial Times"
            return doc[start:end].text.strip(" ,"), ent.label_
    left = token.i
    while (
        left > 0
        and token.doc[left - 1].pos_ == "PROPN"
        and token.doc[left - 1].head.i in (token.i, left)
    ):
        left -= 1
    right = token.i
    while (
        right + 1 < len(token.doc)
        and token.doc[right + 1].dep_ in ("flat:name", "flat", "compound")
        and token.doc[right + 1].pos_ == "PROPN"
    ):
        right += 1
    return token.doc[left : right + 1].text, None


def _phrase(token: Any, limit: int = 8, keep_determiner: bool = False) -> str:
    """The noun phrase of ``token``, without determiners or relative clauses."""
    cut = {"acl:relcl", "relcl", "appos", "punct", "cc", "conj", "acl", "advcl"}
    dropped = {t.i for c in token.subtree if c.dep_ in cut and c.i != token.i for t in c.subtree}
    dropped |= {t.i for c in token.children if _told(c) for t in c.subtree}
    keep = [t for t in token.subtree if t.i not in dropped and abs(t.i - token.i) <= limit]
    run = [token]  # the contiguous run around the head
    ids = {t.i for t in keep}
    while run[0].i - 1 in ids:
        run.insert(0, token.doc[run[0].i - 1])
    while run[-1].i + 1 in ids:
        run.append(token.doc[run[-1].i + 1])
    if keep_determiner:
        while run and (run[-1].is_punct or run[-1].is_space):
            run = run[:-1]
        while run and run[0].is_space:
            run = run[1:]
        return token.doc[run[0].i : run[-1].i + 1].text if run else ""
    return _clean(run)


def _told(token: Any) -> bool:
    """ "le Premier ministre à Reuters": the phrase after "à"/"to" is the audience."""
    return any(g.dep_ == "case" and g.lower_ in ("à", "au", "aux", "to") for g in token.children)


def _named(tokens: list[Any]) -> Any | None:
    for token in tokens:  # "la ministre de la Culture, Claire Morel": the person, not Culture
        if token.ent_type_ in _PERSON_LABELS and token.dep_ == "appos":
            return token
    for token in tokens:
        if token.pos_ == "PROPN" or token.ent_type_ in _PERSON_LABELS | {"ORG"}:
            return token
    for token in tokens:  # "Le WSJ": the French model calls it MISC and a common noun
        if token.ent_type_ in _ORG_LABELS and token.text[:1].isupper():
            return token
    return None


def _type_of(label: str | None, head: Any, cues: Cues) -> tuple[str, str | None]:
    if label in _PERSON_LABELS:
        return "Person", None
    if label in ("ORG", "NORP"):
        return "Organization", None
    if head.lemma_.lower() in cues.titles or head.lower_ in cues.titles:
        return "Person", None
    return "Organization", "type guessed"


def _speaks_for(name: Any, agents: Agents, cues: Cues) -> Agent | None:
    """The organisation of "Jane Doe, a spokeswoman for Acme" / "Acme's spokesman John Doe"."""
    roles = [c for c in name.children if c.dep_ in ("appos", "compound", "nmod")]
    roles += [name.head] if name.dep_ == "appos" else []
    for role in roles:
        if role.lemma_.lower() not in cues.spokesperson and role.lower_ not in cues.spokesperson:
            continue
        orgs = [c for c in role.children if c.dep_ in ("poss", "compound", "nmod")]
        orgs += [
            g for c in role.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"
        ]
        org = _named([o for o in orgs if o.i != name.i])
        if org is not None:
            agent = agents.get(name_span(org)[0], "Organization")
            return agent
    return None


_ISSUE = {"issue", "release", "publish", "put", "publier", "diffuser", "émettre", "envoyer"}


def _titled(subject: Any, agents: Agents) -> Agent | None:
    """The person already named that a definite title refers back to: "Laurent Fabius …
    a réagi le chef de la diplomatie française", "the minister said". A title naming no
    one ("le chef de la diplomatie française", not "Yahoo's chief executive") and with a
    definite article is a second mention; "un analyste", "an executive" are new people."""
    dets = [d.lower_ for d in subject.children if d.dep_ in ("det", "poss")]
    if not any(d in ("le", "la", "l'", "l’", "the") for d in dets):
        return None
    if any(t.pos_ == "PROPN" or t.ent_type_ in _PERSON_LABELS | {"ORG"} for t in subject.subtree):
        return None
    return agents.last_person


def speaker_of(subject: Any, agents: Agents, cues: Cues, others: list[Any] = ()) -> Speaker | None:  # type: ignore[assignment]
    """The claimant that the subject token of a reporting cue stands for, or None.

    ``others`` are further subjects of the same verb ("le patron d'OpenAI, Sam Altman").
    """
    lemma, lower = subject.lemma_.lower(), subject.lower_
    if subject.ent_type_ in ("DATE", "TIME") or lower in ("today", "yesterday"):
        return None  # "denied on Thursday …" misparsed: a day says nothing
    counted = subject.like_num or lower in ("one", "some", "l'un", "l’un", "certains", "plusieurs")
    last = agents.last_speaker
    if (
        counted
        and last is not None
        and any(t.lower_ in ("them", "eux", "elles") for t in subject.subtree)
    ):
        return Speaker(last, last.speaks_for, f"{_phrase(subject)!r} taken to be {last.name}")
    if (
        subject.pos_ != "PROPN"
        and not subject.ent_type_
        # "…, the report said": a report is no apposition to the name that ends the content
        and lemma not in cues.media | cues.claim_nouns
        # only a subject stands apposed to a name: "…, selon des analystes" does not
        and subject.dep_ in ("nsubj", "nsubj:pass", "nsubjpass")
    ):
        # "Lucas Beyer, l'un des trois chercheurs …, a rejeté": the name stands before a comma
        left = subject.left_edge.i
        doc = subject.doc
        if left >= 2 and doc[left - 1].text == ",":
            for ent in doc.ents:
                if ent.end == left - 1 and ent.label_ in _PERSON_LABELS | {"ORG"}:
                    type_ = "Person" if ent.label_ in _PERSON_LABELS else "Organization"
                    return Speaker(agents.get(ent.text, type_, alias=_phrase(subject)))
    candidates = [
        subject,
        *others,
        *(
            c
            for c in subject.children
            if c.dep_ in ("appos", "flat:name", "nmod", "compound", "poss", "flat")
            # "le Premier ministre à Reuters": told to Reuters, not Reuters' minister
            and not _told(c)
        ),
    ]
    # Pronouns and "the company": whoever spoke last.
    if subject.pos_ == "PRON" or lower in cues.he_she or lower in cues.it:
        if lower in cues.it:
            agent = agents.last_org or agents.last_speaker
        elif lower in ("he", "she"):
            agent = agents.last_person or agents.last_speaker
        else:
            agent = agents.last_named or agents.last_speaker
        if not (lower in cues.he_she or lower in cues.it):
            return None
        if agent is None:  # "She wrote …" with nobody before: keep the claim, flag the speaker
            unknown = agents.add(f"unresolved {subject.text!r}", "Person", check="who is this?")
            return Speaker(unknown, None, f"nobody named before {subject.text!r}")
        return Speaker(
            agent, agent.speaks_for, f"speaker resolved from the pronoun {subject.text!r}"
        )
    role = _phrase(subject)
    if lemma in cues.spokesperson or lower in cues.spokesperson:
        # "An MTN spokesperson", "un porte-parole de l'Elysée", "a spokesman for Putin"
        via = [
            g for c in subject.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"
        ]
        org_token = next(
            (
                c
                for c in candidates[1:] + via
                if c.dep_ != "appos" and (c.pos_ == "PROPN" or c.ent_type_)
            ),
            None,
        )
        person_token = next(
            (c for c in candidates[1:] if c.dep_ in ("appos", "flat:name") and c.pos_ == "PROPN"),
            None,
        )
        org = agents.get(name_span(org_token)[0], "Organization") if org_token is not None else None
        if person_token is not None:
            person = agents.get(name_span(person_token)[0], "Person", alias=role)
        else:
            found = agents.find(role) or next(
                (
                    a
                    for a in reversed(agents.items)
                    if any(
                        cues_word in _key(n)
                        for n in a.names()
                        for cues_word in map(_key, cues.spokesperson)
                    )
                ),
                None,
            )
            if org is None and found is not None:
                return Speaker(
                    found, found.speaks_for, "spokesperson resolved to an earlier mention"
                )
            person = agents.add(role, "Person", check="an unnamed spokesperson")
        person.speaks_for = org or person.speaks_for
        return Speaker(person, person.speaks_for)
    if (
        lemma in cues.media
        or lower in cues.media
        or lemma in cues.claim_nouns
        or lower in cues.claim_nouns
    ):
        by = [
            g
            for c in subject.children
            if c.dep_ in ("prep", "agent")
            for g in c.children
            if g.dep_ == "pobj"
        ]
        by += [a for g in by for a in g.children if a.dep_ in ("appos", "compound")]
        # "le quotidien de Toronto", "the Paris daily": a place is no newspaper's name
        named = _named([c for c in candidates[1:] + by if c.ent_type_ not in ("LOC", "GPE")])
        if named is None and subject.i > subject.head.i:
            # "…, affirme le quotidien Les Echos" (after its verb: before it, the name
            # that follows is the content's subject) where the parser split the name off
            named = next(
                (
                    subject.doc[e.start]
                    for e in subject.doc.ents
                    if e.start in (subject.i + 1, subject.i + 2)
                    and e.label_ in ("ORG", "MISC", "PER", "PERSON", "WORK_OF_ART")
                    and not any(t.is_punct for t in subject.doc[subject.i + 1 : e.start])
                ),
                None,
            )
        if named is not None:
            name, _ = name_span(named)
            agent = agents.get(name, "Organization")
            agent.media = agent.media or lemma in cues.media
            return Speaker(agent)
        if lemma in cues.claim_nouns and lemma not in cues.media:
            return None
        if lemma in ("statement", "communiqué", "filing"):
            # "PayPal issued a statement denying …": the subject of the issuing verb
            verb = subject.head
            if subject.dep_ in ("dobj", "obj") and verb.lemma_.lower() in _ISSUE:
                issuing = [c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass")]
                issued = speaker_of(issuing[0], agents, cues) if issuing else None
                if issued is not None:
                    return issued
            # "the statement said": whoever issued it, a company rather than a newspaper
            issuer = agents.last_company or agents.last_org
            if issuer is not None:
                return Speaker(issuer, None, f"{role!r} taken to be {issuer.name}'s")
        if any(d.lower_ in ("un", "une", "a", "an") for d in subject.children if d.dep_ == "det"):
            # "une vaste enquête journalistique affirmant …": a new, unnamed report
            return Speaker(agents.get(role, "AnonymousSource", check="an unnamed report: whose?"))
        agent = agents.last_media or agents.last_org
        if agent is None:
            unknown = agents.get(role, "Organization", check=f"which {role!r}? not named before")
            return Speaker(unknown, None, "speaker not resolved")
        return Speaker(agent, None, f"{role!r} taken to be {agent.name}")
    if lemma in cues.company or lower in cues.company:
        company = agents.last_company  # never a newspaper: "the company" is not "the paper"
        if subject.pos_ != "PROPN":
            if company is None:
                unknown = agents.get(
                    role, "Organization", check=f"which {role!r}? not named before"
                )
                return Speaker(unknown, None, "speaker not resolved")
            return Speaker(company, None, f"{role!r} taken to be {company.name}")
    if lemma in cues.anonymous or lower in cues.anonymous:
        name = _phrase(subject, limit=7)
        return Speaker(agents.get(name, "AnonymousSource"))
    if (lemma in cues.institutions or lower in cues.institutions) and subject.pos_ != "PROPN":
        name = _phrase(subject, limit=6)
        return Speaker(agents.get(name, "Organization", check="named by its kind: which one?"))
    if lemma in cues.groups or lower in cues.groups:
        name = _phrase(subject, limit=6)
        return Speaker(agents.get(name, "Group", check="a group: check who it stands for"))
    named = _named(candidates)
    if named is not None:
        name, label = name_span(named)
        type_, check = _type_of(label, subject, cues)
        alias = role if subject.pos_ == "NOUN" and role and role != name else None
        for other in others:
            if alias is None and other.pos_ == "NOUN":
                alias = _phrase(other, keep_determiner=True)
        agent = agents.get(name, type_, alias=alias, check=check)
        agent.speaks_for = _speaks_for(named, agents, cues) or agent.speaks_for
        before = named.doc[max(0, named.i - 3) : named.i]
        if any(c.lemma_.lower() in cues.media for c in [*candidates, *before]):
            agent.media = True  # "le quotidien Les Echos", "the newspaper El Mundo"
        return Speaker(agent, agent.speaks_for)
    if lemma in cues.titles or lower in cues.titles or _people(subject):
        known = agents.find(role)
        if known is not None:
            return Speaker(known, known.speaks_for)
        earlier = _titled(subject, agents)
        if earlier is not None:
            if role not in earlier.aliases:
                earlier.aliases.append(role)
            return Speaker(earlier, earlier.speaks_for, f"{role!r} taken to be {earlier.name}")
        if "Plur" in subject.morph.get("Number"):
            return Speaker(agents.get(role, "Group", check="a group named by role: who?"))
        return Speaker(agents.get(role, "Person", check="named by role only"))
    return None


#: endings of nouns for people by trade ("bankers", "analystes", "traders", "négociateurs")
_PEOPLE_ENDINGS = ("ers", "ists", "ants", "ents", "eurs", "istes", "iens", "ans")


def _people(subject: Any) -> bool:
    """A plural common noun for people by trade, as a speaker: "some investment bankers
    said", "des banquiers estiment"."""
    return (
        subject.pos_ == "NOUN"
        and "Plur" in subject.morph.get("Number")
        and subject.lower_.endswith(_PEOPLE_ENDINGS)
    )
