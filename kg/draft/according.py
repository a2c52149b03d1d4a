"""Statements attributed by a phrase rather than a verb: "selon X", "d'après X",
"according to X", "à en croire X"; the phrase's clause is the content.

"selon elles", "according to them": a pronoun after the phrase is whoever spoke last.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.draft import reported
from kg.draft.speakers import Speaker, speaker_of

if TYPE_CHECKING:
    from kg.draft.statements import StatementFinder

__all__ = ["according"]

#: pronouns that, after "selon" / "according to", stand for the last speaker
_THEM = frozenset(["lui", "elle", "elles", "eux", "them", "him", "her"])


def according(finder: StatementFinder, doc: Any) -> None:
    """Add the statements of ``doc`` attributed by "selon X" and its like."""
    for token in doc:
        low = token.lower_
        source = None
        if low in ("d'", "d’") and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "après":
            low = "d'après"  # "D'après une source …": two tokens, the head is the source
        if low in ("selon", "d'après", "d’après") and token.dep_ == "case":
            source = token.head
        elif (
            token.lemma_.lower() == "croire"
            and any(c.lower_ == "en" for c in token.children)
            and any(c.lower_ == "à" and c.dep_ == "mark" for c in token.children)
        ):
            # "à en croire le magazine Event & cie, …": reads like "according to"
            low = "according"
            source = next((c for c in token.children if c.dep_ == "obj"), None)
        elif low == "according":
            to = next((c for c in token.children if c.lower_ == "to"), None)
            source = next(
                (c for c in (to.children if to is not None else []) if c.dep_ == "pobj"), None
            )
        if source is None:
            continue
        # the last to speak before the phrase (cues later in the paragraph are read already)
        before = [s for start, _, s, _ in finder.cue_speakers if start < finder.base + token.idx]
        previous = before[-1].agent if before else finder.agents.last_speaker
        if source.pos_ == "PRON":
            if source.lower_ not in _THEM or previous is None:
                continue
            # "Selon elles, …" after "des sources … croyaient savoir que …"
            speaker: Speaker | None = Speaker(
                previous, previous.speaks_for, f"{source.text!r} taken to be {previous.name}"
            )
        else:
            speaker = speaker_of(source, finder.agents, finder.cues)
        if speaker is None:
            speaker = reported.author_of(finder, source)
        if speaker is None:
            continue
        cited = next(
            (
                o
                for r in source.children
                if r.dep_ in ("acl:relcl", "relcl") and r.lemma_.lower() in finder.cues.citing
                for o in r.children
                if o.dep_ in ("obj", "dobj")
            ),
            None,
        )
        clause = source.head if low != "according" else token.head
        while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
            clause = clause.head  # "Pire, à en croire X, …": past the adverb to the verb
        last = [t for t in token.sent if not t.is_punct and not t.is_space][-1:]
        if (
            last
            and last[0] in reported.marker_subtree(token, source, low)
            and token.i > 0
            and doc[token.i - 1].text == ","
            and clause.i != token.sent.root.i
            and "Inf" in clause.morph.get("VerbForm")
        ):
            # "… et lui donner des munitions pour acheter Reuters, selon des analystes":
            # a "selon" closing the sentence is about all of it, not the last infinitive
            clause = token.sent.root
        marker = token if low == "according" else source
        skip = set(marker.subtree) | {token}
        tokens = [t for t in clause.subtree if t not in skip]
        finder.cue_speakers.append(
            (finder.base + token.idx, finder.base + token.idx + len(token.text), speaker, token)
        )
        finder.add_content(tokens, speaker, token, False, cited=cited)
