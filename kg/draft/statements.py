"""Attributed statements in a parsed article: who said what, with which stance.

Three ways a statement is attributed, tried in this order:

1. a reporting cue verb ("a affirmé que …", "denied it had …", "declined to comment"),
   whose subject is the claimant and whose clause or object is the content;
2. an "according to X" phrase ("selon X", "d'après X"), whose clause is the content;
3. a direct quote, attributed to the nearest cue of its sentence, else to the last speaker.

Statements found inside another one are second-hand: "Bloomberg, citing sources" and
"the report says sources revealed …" give the sources as claimant, reported by the outer
speaker.
"""

from __future__ import annotations

from typing import Any

from kg.draft import according, parse, quoted, reported
from kg.draft.cues import Cues
from kg.draft.parse import Statement
from kg.draft.speakers import Agent, Agents, Speaker, speaker_of

__all__ = ["Statement", "StatementFinder", "find_statements"]


class StatementFinder:
    def __init__(self, text: str, cues: Cues, agents: Agents) -> None:
        self.text, self.cues, self.agents = text, cues, agents
        self.found: list[Statement] = []
        self.carried: list[Agent] = []  # reported_by of the statement a cue-less quote follows
        self.base = 0  # offset of the paragraph being read, in the article
        self.cue_speakers: list[tuple[int, int, Speaker, Any]] = []  # cue token spans → speaker

    # -- the pieces ---------------------------------------------------------------------

    def speaker(self, verb: Any) -> Speaker | None:
        told_at = self.impersonal(verb)
        if told_at is not None:
            return told_at
        # a "subject" inside the quote before the cue (« …, on dément », a dit X) is the
        # parser's mistake: the speaker comes after the verb
        quoted = {
            c.i
            for c in verb.children
            if c.dep_ in parse.SUBJECT_DEPS
            and c.i < verb.i
            and any(t.is_quote for t in verb.doc[c.i + 1 : verb.i])
        }
        candidates = [(s, o) for s, o in parse.subjects(verb) if s.i not in quoted]
        own = next(
            (
                c
                for c in verb.children
                if c.dep_ in parse.SUBJECT_DEPS and c.lower_ != "-t" and c.i not in quoted
            ),
            None,
        )
        if own is None:
            # "Vinci a démenti mercredi …" parsed as two sentences: the name right before
            # the verb (and its auxiliaries) is its subject, ahead of any inverted one
            left = min([c.i for c in verb.children if c.dep_.startswith("aux")] + [verb.i])
            before = verb.doc[left - 1] if left > 0 else None
            if (
                before is not None
                and before.pos_ == "PROPN"
                and before.head.i != verb.i
                and (before.dep_ == "ROOT" or before.head.dep_ == "ROOT")
                and before.sent.root.i != verb.i
            ):
                name = before if before.dep_ == "ROOT" else before.head
                candidates.insert(0, (name, []))
        if own is not None and own.lower_ not in ("qui", "that", "which", "who", "que"):
            # a verb with a subject of its own that is no speaker ("the government had
            # denied a bid") reports an event, not a statement
            candidates = candidates[:1]
        for subject, others in candidates:
            if subject.lower_ in ("qui", "that", "which", "who", "que", "lequel", "laquelle"):
                continue
            found = speaker_of(subject, self.agents, self.cues, others)
            if found is not None:
                return found
        if candidates:
            return None
        subject = None
        if subject is None:
            if self.agents.last_speaker is None:
                return None
            last = self.agents.last_speaker
            return Speaker(last, last.speaks_for, "no subject: the last speaker was taken")
        return speaker_of(subject, self.agents, self.cues, others)

    def impersonal(self, verb: Any) -> Speaker | None:
        """ "a-t-on indiqué à Bercy", "a-t-on appris auprès de Renault": the place speaks."""
        window = verb.doc[verb.i + 1 : verb.i + 3]
        # an "on" before the verb counts only next to it: in « …, on dément », a dit X, the
        # "on" is inside the quote and X speaks
        subjects = [
            c
            for c in verb.children
            if c.dep_ in parse.SUBJECT_DEPS
            and not any(t.is_punct for t in verb.doc[c.i + 1 : verb.i])
        ]
        if not any(t.lower_ in ("-t-on", "-on", "on") for t in [*window, *subjects]):
            return None
        for token in verb.doc[verb.i + 1 : verb.i + 8]:
            if token.pos_ == "PROPN" and verb.doc[token.i - 1].lower_ in (
                "à",
                "auprès",
                "de",
                "du",
            ):
                found = speaker_of(token, self.agents, self.cues)
                if found is not None:
                    return found
        for child in verb.children:
            # "on avait rapporté de source proche du dossier que …": the sources speak
            if (
                child.lemma_.lower() in self.cues.anonymous
                and child.pos_ == "NOUN"
                and verb.doc[child.i - 1].lower_ in ("de", "d'", "d’", "auprès", "des")
            ):
                return speaker_of(child, self.agents, self.cues)
        return None

    def quoted_as(self, verb: Any) -> tuple[Speaker, Agent | None] | None:
        """ "the blog quoted Levinsohn as saying …", "cite X comme ayant dit": X speaks, the
        one who quotes reports it."""
        as_ = verb.head
        if verb.dep_ != "pcomp" or as_.lower_ not in ("as", "comme"):
            return None
        quote = as_.head
        if quote.lemma_.lower() not in ("quote", "cite", "citer"):
            return None
        said = next((c for c in quote.children if c.dep_ in ("dobj", "obj")), None)
        speaker = speaker_of(said, self.agents, self.cues) if said is not None else None
        if speaker is None:
            return None
        by = self.speaker(quote)
        reporter = by.agent if by is not None and by.agent is not speaker.agent else None
        return speaker, reporter

    def citing(self, verb: Any) -> Any | None:
        """ "citant des sources", "citing people familiar": the cited, for a reported claim."""
        for token in [*verb.children, *(verb.head.children if verb.dep_ != "ROOT" else [])]:
            if token.lemma_.lower() in self.cues.citing and token.i != verb.i:
                objects = [c for c in token.children if c.dep_ in ("obj", "dobj")]
                if objects:
                    return objects[0]
        return None

    def add(
        self,
        tokens: list[Any],
        speaker: Speaker,
        stance: str,
        cue: Any,
        *,
        span: tuple[int, int] | None = None,
        responds: bool = False,
    ) -> Statement | None:
        tokens = parse.trim(tokens)
        tokens = parse.contiguous(tokens)
        if not tokens or (span is None and len(tokens) < 2):
            return None
        b = self.base
        start, end = span or (b + tokens[0].idx, b + tokens[-1].idx + len(tokens[-1].text))
        sent = cue.sent
        statement = Statement(
            start=start,
            end=end,
            speaker=speaker,
            stance=stance,
            hedged=parse.hedged(tokens, self.cues),
            cue=b + cue.idx,
            sentence=(b + sent.start_char, b + sent.end_char),
            tokens=tokens,
            responds=responds,
            reported_by=list(speaker.reported_by),
        )
        if speaker.check:
            statement.checks.append(speaker.check)
        self.found.append(statement)
        self.agents.spoke(speaker.agent)
        return statement

    # -- cue verbs ----------------------------------------------------------------------

    def cue_verbs(self, doc: Any) -> None:
        cues = self.cues
        for verb in doc:
            lemma = parse.cue_lemma(verb, cues)
            if verb.pos_ not in ("VERB", "AUX") and lemma not in cues.deny:
                continue
            if lemma in cues.citing:
                continue
            if lemma in cues.comment and parse.non_answer([verb], cues):
                continue  # "« Thomson ne commente pas les rumeurs »": words, not a cue
            is_deny = lemma in cues.deny
            decline = self.decline(verb)
            # "a fait état de …" reports what follows "état"
            etat = next((c for c in verb.children if lemma == "faire" and c.lower_ == "état"), None)
            if not (
                is_deny
                or decline is not None
                or lemma in cues.say
                or etat is not None
                # "a-t-on appris auprès de Renault", "on a appris de source proche …"
                or (lemma == "apprendre" and self.impersonal(verb) is not None)
            ):
                continue
            speaker = None
            reporter = None
            subject, _ = parse.subject(verb)
            quoting = self.quoted_as(verb)
            if quoting is not None:
                speaker, reporter = quoting
            elif subject is not None or decline is not None or is_deny or lemma in cues.say:
                speaker = self.speaker(verb)
            if speaker is None:
                continue
            relayed = reported.relayed_by(self, verb, speaker)
            if relayed is not None:
                speaker = Speaker(
                    speaker.agent, speaker.on_behalf_of, speaker.check, reported_by=[relayed]
                )
            self.cue_speakers.append(
                (self.base + verb.idx, self.base + verb.idx + len(verb.text), speaker, verb)
            )
            if decline is not None:
                end = parse.phrase_end(decline)
                tokens = [t for t in verb.subtree if t.i >= verb.i and t.i <= end]
                # "n'a pas souhaité commenter": the negation and auxiliary belong to the refusal
                first = min(
                    [
                        c
                        for c in verb.children
                        if c.i < verb.i
                        and c.dep_ in ("advmod", "aux", "aux:tense", "neg")
                        and c.i >= verb.i - 3
                    ]
                    + [verb],
                    key=lambda t: t.i,
                )
                span = (self.base + first.idx, self.base + tokens[-1].idx + len(tokens[-1].text))
                self.add(tokens, speaker, "declines", verb, span=span)
                continue
            content = [c for c in verb.children if c.dep_ in parse.CONTENT_DEPS and c.i > verb.i]
            if not content:
                # "a nié avoir reçu", "denies having", "claimed to have": an infinitive clause
                content = [
                    c
                    for c in verb.children
                    # "a démenti des informations à paraître jeudi": the object comes first
                    if not any(o.dep_ in ("obj", "dobj") and o.i < c.i for o in verb.children)
                    and c.pos_ in ("VERB", "AUX")
                    and c.i > verb.i
                    and (
                        c.dep_ in ("xcomp", "pcomp")
                        # "a dit samedi ne pas avoir l'intention …": the parser's advcl, but
                        # no "pour"/"sans" before it, so the verb's own complement
                        or (
                            c.dep_ == "advcl"
                            and "Inf" in c.morph.get("VerbForm")
                            and not any(g.dep_ in ("mark", "case") for g in c.children)
                        )
                    )
                ]
            # "croyaient savoir que …": the content is what is said to be known
            content = [
                next((g for g in c.children if g.dep_ in parse.CONTENT_DEPS), c)
                if c.lemma_.lower() in ("savoir", "know") and c.dep_ == "xcomp"
                else c
                for c in content
            ]
            nominal = False
            if not content and not any(
                c.dep_ == "advcl"
                and parse.cue_lemma(c, cues) in cues.say
                # "a démenti … après que Mediapart a rapporté …": an earlier report, not
                # the denial's own words
                and not any(m.lower_ in _TIME_MARKS for m in c.children if m.dep_ == "mark")
                for c in verb.children
            ):
                objects = [c for c in verb.children if c.dep_ in ("obj", "dobj")]
                # "a démenti mercredi des informations …": the parser hangs the object on
                # the weekday
                objects += [
                    g
                    for c in verb.children
                    if parse.is_when(c) and c.i > verb.i
                    for g in c.children
                    if g.dep_ == "nmod" and g.lemma_.lower() in cues.claim_nouns | cues.media
                ]
                # "scoffed at the report": the object comes through "at"
                objects += [
                    g
                    for c in verb.children
                    if c.dep_ == "prep" and c.lower_ == "at" and lemma == "scoff"
                    for g in c.children
                    if g.dep_ == "pobj"
                ]
                for child in objects:
                    if (is_deny or lemma in ("confirmer", "confirm")) and (
                        parse.reported_object(child, cues)
                        # "démentir tout projet", "ruled out a bid": these verbs only ever
                        # deny, so whatever they take is the thing denied ("reject a bid"
                        # and "rejeter une offre" are acts, not statements)
                        or verb.lemma_.lower() in ("démentir", "nier", "dénier")
                        or lemma != verb.lemma_.lower()
                        # "denied any involvement/wrongdoing": deny only means refuse with
                        # what one asks for ("denied a bid", "denied access")
                        or (
                            verb.lemma_.lower() == "deny"
                            and child.lemma_.lower() not in _ASKED_FOR
                            and child.pos_ == "NOUN"
                        )
                    ):
                        content = [child]
                        nominal = True
                        # "dismissed news reports as a “complete fabrication”"
                        content += [
                                c for c in verb.children
                                if c.i > child.i and c.lower_ in ("as", "comme")
                                and c.dep_ in ("prep", "advcl", "obl", "mark")
                            ]  # fmt: skip
                        break  # the verb's own object first, then one hung on a weekday
            if not content and etat is not None:
                content = [c for c in etat.children if c.dep_ in ("nmod", "obl", "obl:arg")]
            if not content:
                # the parser lost the clause: take what follows "que" / "that" to the sentence end
                mark = next(
                    (
                        t
                        for t in doc[verb.i + 1 : verb.i + 8]
                        if t.lower_ in ("que", "qu'", "qu’", "that")
                        and (t.dep_ in ("mark", "case", "nmod") or t.pos_ == "PRON")
                    ),
                    None,
                )
                if mark is not None and not any(
                    t.is_punct and t.text in ".;" for t in doc[verb.i : mark.i]
                ):
                    tokens = [t for t in doc[mark.i + 1 : verb.sent.end]]
                    self.add_content(
                        tokens, speaker, verb, is_deny, stance="denies" if is_deny else None
                    )
                    continue
            lost = _lost_clause(verb) if not content else None
            if lost is not None:
                # "Ferrero … denied on Thursday it had received …": the parser hung the cue
                # on its subject and made the content the sentence's root
                # "… and said it was not for sale" is a statement of its own
                said = {
                    t.i
                    for c in lost.children
                    if c.dep_ == "conj" and parse.cue_lemma(c, cues) in cues.say | cues.deny
                    for t in [*c.subtree, *(g for g in c.children if g.dep_ == "cc")]
                } | {c.i for c in lost.children if c.dep_ == "cc"}
                tokens = [
                    t
                    for t in lost.subtree
                    if t.i > verb.right_edge.i and t.i not in said | self.other_statements(lost)
                ]
                self.add_content(
                    tokens, speaker, verb, is_deny, stance="denies" if is_deny else None
                )
                continue
            if not content:
                # "« … », a écrit Beyer" / "…, a réagi le Kremlin": the content comes first.
                head = verb.head
                # "…, a source familiar with the matter said": the comma is before the subject
                left = min(
                    [
                        c.left_edge.i
                        for c in verb.children
                        if c.i < verb.i
                        and (c.dep_.startswith("aux") or c.dep_ in parse.SUBJECT_DEPS)
                    ]
                    + [verb.i]
                )
                if (
                    (
                        verb.dep_ in ("parataxis", "ccomp", "dep", "advcl", "conj")
                        # "…, affirme vendredi le quotidien X": a finite cue the parser
                        # took for a relative clause
                        or (verb.dep_ == "acl" and "Ind" in verb.morph.get("Mood"))
                    )
                    and head.i < verb.i
                    and left > 0
                    and doc[left - 1].is_punct
                ) or (
                    verb.dep_ == "ROOT"
                    and any(
                        c.dep_ in ("parataxis", "ccomp") and c.i < verb.i for c in verb.children
                    )
                ):
                    if verb.dep_ == "ROOT":
                        heads = [
                            c
                            for c in verb.children
                            if c.dep_ in ("parataxis", "ccomp") and c.i < verb.i
                        ]
                        tokens = [t for h in heads for t in h.subtree]
                    else:
                        # "Thomson est en discussion avec Reuters qu'il espère racheter,
                        # affirme X": the parser may hang the cue on the last verb of the
                        # content; the content is the whole clause it belongs to
                        while head.dep_ != "ROOT" and head.head.i < left - 1:
                            head = head.head
                        tokens = [t for t in head.subtree if t.i < left - 1]
                    self.add_content(tokens, speaker, verb, is_deny, cited=self.citing(verb))
                continue
            tokens = [t for c in content for t in c.subtree if t.i not in self.other_statements(c)]
            responds = nominal and len(tokens) <= 3
            if responds and tokens and 0 < min(t.i for t in tokens) - verb.i <= 3:
                # "scoffed at the report", "a démenti ces affirmations": a bare "the
                # report" says nothing and stands at several places of the article
                tokens = list(doc[verb.i : max(t.i for t in tokens) + 1])
            stance = "denies" if is_deny else None
            self.add_content(
                tokens,
                speaker,
                verb,
                is_deny,
                stance=stance,
                responds=responds,
                cited=self.citing(verb),
                reporter=reporter,
            )
            if nominal:
                reported.claim_by(self, content[0], verb)

    def other_statements(self, content: Any) -> set[int]:
        """Tokens of clauses joined to ``content`` that are statements of their own:
        "X a affirmé que …, mais Musk a démenti" keeps Musk's denial out of X's words."""
        out: set[int] = set()
        for token in content.subtree:
            if (
                token.dep_ in ("conj", "parataxis")
                and token.i != content.i
                and any(c.dep_ in parse.SUBJECT_DEPS for c in token.children)
                and parse.cue_lemma(token, self.cues) in self.cues.say | self.cues.deny
            ):
                out |= {t.i for t in token.subtree}
                out |= {c.i for c in token.children if c.dep_ == "cc"}
        return out

    def add_content(
        self,
        tokens: list[Any],
        speaker: Speaker,
        verb: Any,
        is_deny: bool,
        *,
        stance: str | None = None,
        responds: bool = False,
        cited: Any | None = None,
        reporter: Agent | None = None,
    ) -> None:
        whether = bool(tokens) and min(tokens, key=lambda t: t.i).lower_ in ("whether", "si", "if")
        tokens = parse.trim(tokens)
        if (
            stance is None
            and whether
            and any(c.lemma_.lower() in self.cues.negators for c in verb.children)
        ):
            stance = "declines"  # "didn't say whether it had received an offer": a non-answer
        if stance is None and parse.non_answer(tokens, self.cues):
            stance = "declines"  # "we don't comment on rumours"
        if stance is None:
            stance = "denies" if is_deny or parse.negated(tokens, self.cues) else "asserts"
        reported_by: list[Agent] = [reporter] if reporter is not None else []
        if cited is not None:
            sources = speaker_of(cited, self.agents, self.cues)
            if sources is not None and sources.agent is not speaker.agent:
                reported_by = [speaker.agent]
                if speaker.agent.type == "Organization":
                    # "the paper" later is the one that cited its sources
                    self.agents.last_media = speaker.agent
                speaker = sources
        if verb.lemma_.lower() in ("report", "rapporter", "écrire", "write", "révéler", "reveal"):
            speaker.agent.media = speaker.agent.type == "Organization"
        statement = self.add(tokens, speaker, stance, verb, responds=responds)
        if statement is not None and reported_by:
            statement.reported_by = reported_by

    def decline(self, verb: Any) -> Any | None:
        """The "comment" complement of "declined to comment" / "n'a pas souhaité commenter",
        or of "did not respond to a request for comment" / "n'a pas répondu aux sollicitations"."""
        if verb.lemma_.lower() in ("respond", "répondre", "reply"):
            negated = any(c.lemma_.lower() in self.cues.negators for c in verb.children)
            asked = [
                t for t in verb.subtree
                if t.lemma_.lower() in ("comment", "commentaire", "sollicitation", "question")
            ]  # fmt: skip
            return asked[0] if negated and asked else None  # not a later clause's "comment"
        if verb.lemma_.lower() not in self.cues.decline:
            return None
        for child in verb.children:
            if (
                child.dep_ == "xcomp"
                and child.lemma_.lower() in ("répondre", "answer", "respond")
                and verb.lemma_.lower() in ("refuser", "decline", "refuse")
            ):
                return child  # "a refusé de répondre aux questions": a non-answer
            if child.lemma_.lower() in self.cues.comment and child.dep_ in (
                "xcomp",
                "obl",
                "obl:mod",
                "obl:arg",
                "obj",
                "dobj",
                "ccomp",
            ):
                negated = any(
                    c.lower_ in self.cues.negators or c.lemma_.lower() in self.cues.negators
                    for c in verb.children
                )
                if verb.lemma_.lower() in ("souhaiter", "vouloir") and not negated:
                    return None
                return child
        return None

    # -- "selon X", "according to X" ------------------------------------------------------

    def according(self, doc: Any) -> None:
        according.according(self, doc)


def _lost_clause(verb: Any) -> Any | None:
    """The sentence root that is really ``verb``'s content: a cue the parser made a
    modifier of its own subject ("Acme … denied on Tuesday it had …"), the root's
    subject standing after the cue."""
    noun = verb.head
    if verb.dep_ != "acl" or noun.dep_ not in parse.SUBJECT_DEPS or noun.head.dep_ != "ROOT":
        return None
    root = noun.head
    if root.i < verb.i or not any(
        c.dep_ in parse.SUBJECT_DEPS and verb.right_edge.i < c.i < root.i for c in root.children
    ):
        return None
    return root


#: what "deny" takes when it means "refuse", an act rather than a statement
_ASKED_FOR = {
    *("bid", "offer", "request", "access", "permission", "entry", "visa", "application"),
    *("bail", "appeal", "approval", "licence", "license", "loan", "credit", "service"),
}

_TIME_MARKS = {"après", "avant", "lorsque", "quand", "after", "before", "when", "since"}


def find_statements(
    docs: list[tuple[int, Any]], text: str, cues: Cues, agents: Agents
) -> list[Statement]:
    """Every attributed statement of an article parsed paragraph by paragraph.

    ``docs`` pairs each paragraph's character offset in ``text`` with its spaCy Doc.
    """
    finder = StatementFinder(text, cues, agents)
    parse.CUE_NOUNS.clear()
    parse.CUE_NOUNS.update(cues.media | cues.claim_nouns)
    for base, doc in docs:
        finder.base = base
        finder.cue_verbs(doc)
        finder.according(doc)
        reported.unnamed_reports(finder, doc, headline=base == 0)
        reported.headline_denials(finder, doc)
        reported.reports(finder, doc)
        reported.passive_reports(finder, doc)
        quoted.quotes(finder, doc, base)
    quoted.nest(finder)
    return finder.found
