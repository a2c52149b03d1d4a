"""What the dependency parse says around a reporting cue — subjects, the content clause,
negation, hedges — and the :class:`Statement` record the finders fill (the helpers of
:mod:`kg.draft.statements` and :mod:`kg.draft.quoted`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kg.draft.cues import Cues
from kg.draft.speakers import Agent, Speaker

CONTENT_DEPS = {"ccomp", "parataxis"}
SUBJECT_DEPS = {"nsubj", "nsubj:pass", "nsubjpass"}
MARKS = {"que", "qu'", "qu’", "that", "whether", "if", "si"}

#: nouns that report (media, "the report", "the statement"), set for the article's language
CUE_NOUNS: set[str] = set()
# Calling something groundless in more than one word denies it, as "unfounded" does.
GROUNDLESS = re.compile(
    r"\b(?:sans (?:aucun |le moindre )?fondement|dénuée?s? de (?:tout )?fondement"
    r"|without (?:any )?(?:basis|foundation)|no basis in fact)\b"
)
#: forms of "deny" the parser sometimes tags as something else
DENY_FORMS = {
    *("dément", "démens", "démentons", "démentent", "nie", "nions", "nient", "denies", "deny"),
}


@dataclass
class Statement:
    """One attributed statement: the span of its words and what the drafter made of it."""

    start: int  # character offsets of the content in the article
    end: int
    speaker: Speaker
    stance: str
    hedged: bool
    cue: int  # character offset of the cue, to order claims and find dates
    sentence: tuple[int, int]
    tokens: list[Any] = field(default_factory=list)  # the content's tokens, for the triple
    reported_by: list[Agent] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    responds: bool = False  # the content is a reference ("ces affirmations"): answers a claim


def subjects(verb: Any, depth: int = 3) -> list[tuple[Any, list[Any]]]:
    """Candidate subjects of ``verb``, best first: its own, one the parser hung on a
    participle beside it ("un rapport de Bloomberg, citant des sources, a affirmé"), an
    inverted one ("a écrit Beyer", "a-t-il dit"), the noun a relative clause hangs on
    ("claims by El Mundo that said"), then those of the verb it depends on."""
    out: list[tuple[Any, list[Any]]] = []
    token = verb
    for level in range(depth):
        # "a-t-il dit": the euphonic "-t" is no subject
        subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS and c.lower_ != "-t"]
        if not subjects and level == 0:
            for child in token.children:
                if child.dep_ in ("advcl", "acl") and child.i < token.i:
                    subjects = [
                        c for c in child.children if c.dep_ in SUBJECT_DEPS and c.i < child.i
                    ]
                    if subjects:
                        break
        relative = {"qui", "that", "which", "who"}
        if (
            level == 0
            and token.dep_ in ("acl:relcl", "relcl")
            and any(x.lower_ in relative for x in subjects)
        ):
            # "l'entreprise GDF Suez, qui s'est refusée à tout commentaire": the antecedent
            out.append((token.head, []))
        if subjects:
            named = [s for s in subjects if s.pos_ == "PROPN"]
            first = named[0] if named else subjects[0]
            out.append((first, [s for s in subjects if s.i != first.i]))
        inverted = inverted_subject(token)
        if inverted is not None:
            out.append((inverted, []))
        if token.dep_ in ("acl", "acl:relcl", "relcl") and token.head.pos_ in ("NOUN", "PROPN"):
            if token.head.lemma_.lower() in CUE_NOUNS:
                out.append((token.head, []))
            else:
                token = token.head.head if token.head.head.i != token.head.i else token
                if token.i == verb.i:
                    break
                continue
        if (
            token.dep_ in ("advcl", "xcomp", "conj", "acl", "ccomp", "acl:relcl", "relcl")
            and token.head.i != token.i
        ):
            token = (
                token.head
                if token.dep_ not in ("acl:relcl", "relcl") or token.head.head.i == token.head.i
                else token.head.head
            )
            continue
        break
    return out


def subject(verb: Any) -> tuple[Any | None, list[Any]]:
    found = subjects(verb)
    return found[0] if found else (None, [])


def inverted_subject(verb: Any) -> Any | None:
    """The subject after the verb: "a écrit Beyer", "a déclaré un porte-parole", "said X"."""
    doc = verb.doc
    for left in doc[max(0, verb.i - 3) : verb.i]:
        if left.lower_ in ("-t-il", "-il", "-t-elle", "-elle"):
            return left  # "a-t-elle réagi sur France Inter": the pronoun, not France Inter
    if verb.i > 1 and verb.i == verb.sent.start and doc[verb.i - 1].text == ".":
        before = doc[verb.i - 2].sent.root
        if before.pos_ == "PROPN" and before.dep_ == "ROOT":
            return before  # "1Malaysia Development Bhd. denied …": split at the abbreviation
    if "Inf" in verb.morph.get("VerbForm"):
        return None  # "pourrait lui rapporter jusqu'à 6 milliards … pour acheter Reuters"
    if verb.tag_ == "VBG" or (
        "Part" in verb.morph.get("VerbForm") and "Pres" in verb.morph.get("Tense")
    ):
        return None  # "telling Reuters", "citant des sources": the object, not the subject
    if verb.lang_ == "en" and not (
        verb.i > 0 and (doc[verb.i - 1].is_punct or doc[verb.i - 1].is_quote)
    ):
        return None  # English inverts only after the quote: '"…," said Hodulik'
    audience = False  # "a déclaré à Reuters Simon Gillham": Reuters is told, Gillham tells
    for right in doc[verb.i + 1 : verb.i + 7]:
        if right.lower_ in ("à", "au", "aux", "to") and right.pos_ == "ADP":
            audience = True
            continue
        if audience and right.pos_ in ("PROPN", "NOUN", "DET"):
            if right.pos_ == "DET" or right.ent_type_ in ("ORG", "MISC") or right.pos_ == "NOUN":
                continue  # the outlet or "la presse"; a person's name after it is the speaker
            audience = False
        if right.lower_ in (
            "-t-il",
            "-il",
            "-t-elle",
            "-elle",
            "t-il",
            "il",
            "elle",
            "he",
            "she",
            "it",
        ):
            return right
        if right.is_punct or right.pos_ in ("VERB", "SCONJ", "CCONJ"):
            return None
        if right.pos_ == "PROPN" or (
            right.pos_ == "NOUN"
            and right.dep_ in ("nsubj", "xcomp", "obj", "dobj", "obl:mod", "appos", "nmod")
        ):
            if right.pos_ == "NOUN" and not any(c.dep_ == "det" for c in right.children):
                continue
            # skip a date ("mercredi") and "à la presse"
            if right.lower_ in (
                "mercredi",
                "mardi",
                "lundi",
                "jeudi",
                "vendredi",
                "samedi",
                "dimanche",
                "presse",
            ):
                continue
            return right
    return None


def reported_object(noun: Any, cues: Cues) -> bool:
    """Whether a denied noun is something said: "the claims", "agreement reached with MTN",
    "les affirmations selon lesquelles …" — not "a bid by AT&T to acquire Telefonica"
    (there "deny" is "refuse", an act, not a statement)."""
    if noun.lemma_.lower() in cues.claim_nouns:
        return True
    for child in noun.children:
        if child.dep_ in ("acl", "relcl", "acl:relcl") and child.pos_ == "VERB":
            to = any(g.lower_ == "to" for g in child.children)
            if not to and "Inf" not in child.morph.get("VerbForm"):
                return True
    return False


def cue_lemma(token: Any, cues: Cues) -> str:
    """The token's lemma, or the cue it inflects when the lemmatizer missed it ("indique")."""
    lemma = token.lemma_.lower()
    if lemma == "savoir" and token.i > 0 and token.doc[token.i - 1].lemma_.lower() == "faire":
        return "indiquer"  # "a fait savoir qu'il …" reports like "a indiqué"
    particles = [
        *token.children,
        *(g for o in token.children if o.dep_ == "dobj" for g in o.children),
    ]
    if lemma == "rule" and any(c.dep_ == "prt" and c.lower_ == "out" for c in particles):
        return "deny"  # "ruled a bid out", "ruled out a sale"
    if lemma in cues.say or lemma in cues.deny or token.pos_ != "VERB":
        return lemma
    low = token.lower_
    for cue in (*cues.say, *cues.deny):
        stem = cue[:-2] if cue.endswith(("er", "ir", "re")) else cue
        if len(stem) >= 4 and low.startswith(stem) and len(low) - len(stem) <= 4:
            return cue
    return lemma


WHEN = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "monday",
         "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
         "hier", "aujourd'hui"}  # fmt: skip


def is_when(token: Any) -> bool:
    return token.ent_type_ in ("DATE", "TIME") or token.lower_ in WHEN


def trim(tokens: list[Any]) -> list[Any]:
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens:
        first = tokens[0]
        if first.lower_ in MARKS or first.is_punct or first.is_space or first.lower_ in WHEN:
            tokens = tokens[1:]
        elif first.pos_ == "ADP" and len(tokens) > 1 and is_when(tokens[1]):
            tokens = tokens[1:]  # "on Monday it had …": the date belongs to the saying
        else:
            break
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space) and tokens[-1].text not in ')»”"':
        tokens = tokens[:-1]
    return tokens


def phrase_end(token: Any) -> int:
    """The last token of ``token``'s phrase, without what is coordinated to it ("a request
    for comment and a spokesperson for Pinterest declined …" ends at "comment")."""
    cut = {t.i for c in token.children if c.dep_ in ("conj", "cc") for t in c.subtree}
    return max(t.i for t in token.subtree if t.i not in cut)


def contiguous(tokens: list[Any]) -> list[Any]:
    """The longest run of consecutive tokens (a quote must be one span)."""
    if not tokens:
        return tokens
    runs: list[list[Any]] = [[tokens[0]]]
    for token in tokens[1:]:
        if token.i == runs[-1][-1].i + 1:
            runs[-1].append(token)
        else:
            runs.append([token])
    return max(runs, key=len)


def spine(root: Any) -> list[Any]:
    """The clause's main verbs: the root and the complements it takes."""
    out, todo = [], [root]
    while todo:
        token = todo.pop()
        out.append(token)
        todo.extend(
            c for c in token.children
            if c.pos_ in ("VERB", "AUX", "ADJ", "NOUN")
            and (
                c.dep_ in ("ccomp", "xcomp", "conj")
                or (c.dep_ == "advcl" and any(m.lower_ in MARKS for m in c.children))
            )
        )  # fmt: skip
    return out


def root(tokens: list[Any]) -> Any | None:
    ids = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in ids or t.head.i == t.i]
    verbs = [t for t in heads if t.pos_ in ("VERB", "AUX")]
    return (verbs or heads or [None])[0]


def non_answer(tokens: list[Any], cues: Cues) -> bool:
    """ "Thomson ne commente pas les rumeurs", "we don't comment on rumours": a refusal to
    answer in the speaker's own words, whose main verb is a negated "comment"."""
    head = root(tokens) if len(tokens) > 1 else (tokens[0] if tokens else None)
    return (
        head is not None
        and head.lemma_.lower() in cues.comment
        and any(c.lower_ in cues.negators or c.dep_ == "neg" for c in head.children)
    )


def negated(tokens: list[Any], cues: Cues) -> bool:
    if not tokens:
        return False
    if tokens[0].lower_ in ("non", "no"):
        return True
    last = tokens[-1]
    if last.text == "?" and len(tokens) > 2:
        tokens, last = tokens[:-1], tokens[-2]
    after = last.doc[last.i + 1] if last.i + 1 < len(last.doc) else None
    tag = -1
    if last.lower_ in ("non", "no") and after is not None and after.text == "?":
        tokens, tag = tokens[:-1], last.i  # "… pour vérifier non ?": a tag question
    head = root(tokens)
    if head is None:
        return False
    if head.lower_ in ("none", "nothing", "rien", "aucun", "aucune", "jamais", "never"):
        return True  # "None at all.", "Rien de tout cela."
    ids = {t.i for t in tokens}
    for verb in spine(head):
        if verb.i not in ids:
            continue
        for child in verb.children:
            if child.i == tag:
                continue
            if child.dep_ in ("neg",) or (
                child.dep_ in ("advmod", "det") and child.lower_ in cues.negators
            ):
                return True
            if child.dep_ in ("obj", "dobj", "attr", "nsubj", "nsubj:pass", "nsubjpass") and any(
                g.lower_ in cues.negators
                for g in child.children
                if g.dep_ in ("det", "nummod", "neg", "advmod")
            ):
                return True  # "it has no plans", "aucune discussion n'a été engagée"
            if child.dep_ in ("obj", "dobj", "attr") and child.lower_ in (
                "nothing",
                "none",
                "rien",
            ):
                return True  # "there is nothing in this"
        if verb.lemma_.lower() in cues.deny:
            # "we categorically deny that …" denies; "the government had denied a bid" is an event
            subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is None or subject.lower_ in cues.we:
                return True
    if any(t.lower_ in DENY_FORMS for t in tokens):
        return True  # "Bien entendu, on dément": the parser took "dément" for an adverb
    if GROUNDLESS.search(" ".join(t.lower_ for t in tokens)):
        return True  # "c'est une rumeur sans fondement": called groundless, in two words or more
    return any(t.lower_ in cues.false_words or t.lemma_.lower() in cues.false_words for t in tokens)


NUMERIC_HEDGES = {
    "about", "around", "nearly", "roughly", "approximately", "some", "environ", "près", "quelque",
}  # fmt: skip


def hedged(tokens: list[Any], cues: Cues) -> bool:
    for token in tokens:
        if token.lower_ in NUMERIC_HEDGES:
            after = token.doc[token.i + 1 : token.i + 3]
            if any(t.like_num or t.is_currency for t in after):
                return True  # "about $90 billion", not "information about Trump"
            continue
        following = token.doc[token.i + 1].lemma_.lower() if token.i + 1 < len(token.doc) else ""
        if following in (
            "like",
            "love",
            "prefer",
            "aimer",
            "vouloir",
            "souhaiter",
        ) or token.lemma_.lower() in ("vouloir", "souhaiter", "aimer"):
            continue  # "we would like to", "nous voudrions": politeness, not a hedge
        if "Cnd" in token.morph.get("Mood"):
            return True
        if token.lower_ in cues.hedges or token.lower_ in ("would", "could", "might", "may"):
            return True
    return False
