"""Direct quotes, each attributed to the cue of its sentence (else the last speaker), and
statements found inside others nested as second-hand (helpers of :mod:`kg.draft.statements`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.draft import parse
from kg.draft.parse import Statement
from kg.draft.quotes import find_quotes, split_sentences
from kg.draft.speakers import Speaker

if TYPE_CHECKING:
    from kg.draft.statements import StatementFinder

__all__ = ["nest", "quotes"]


def quotes(finder: StatementFinder, doc: Any, base: int) -> None:
    text = doc.text
    for qs, qe in find_quotes(text):
        start, end = base + qs, base + qe
        words = len(text[qs:qe].split())
        inside = [s for s in finder.found if s.start <= start and end <= s.end + 1]
        overlapping = [s for s in finder.found if s.start < end and start < s.end]
        if words < 3:
            short_quote(finder, doc, qs, qe, base)
            continue
        if overlapping:
            host = overlapping[0]
            if (end - start) >= 0.5 * (host.end - host.start) or not inside:
                replace_by_quote(finder, host, doc, qs, qe, base)
            continue
        speaker, cue = nearest_cue(finder, doc, qs, qe, base)
        if speaker is None:
            continue
        for a, b in split_sentences(doc.text, qs, qe):
            tokens = [t for t in doc if a <= t.idx < b]
            if not tokens:
                continue
            stance = (
                "declines"
                if parse.non_answer(tokens, finder.cues)
                else "denies"
                if parse.negated(tokens, finder.cues)
                else "asserts"
            )
            statement = finder.add(tokens, speaker, stance, cue, span=(base + a, base + b))
            if (
                statement is not None
                and cue.i == 0
                and speaker.check
                and "without a reporting cue" in speaker.check
            ):
                statement.reported_by = list(finder.carried)


def replace_by_quote(
    finder: StatementFinder, host: Statement, doc: Any, qs: int, qe: int, base: int
) -> None:
    finder.found.remove(host)
    cue = next((t for t in doc if base + t.idx == host.cue), None)
    speaker = host.speaker if cue is None else _whose_words(finder, cue, host.speaker)
    for a, b in split_sentences(doc.text, qs, qe):
        tokens = [t for t in doc if a <= t.idx < b]
        if not tokens:
            continue
        pieces = split_sentences(doc.text, qs, qe)
        if len(pieces) == 1 or host.stance == "declines":
            stance = host.stance
        else:
            stance = "denies" if parse.negated(tokens, finder.cues) else "asserts"
        piece = Statement(
            start=base + a, end=base + b, speaker=speaker, stance=stance,
            hedged=parse.hedged(tokens, finder.cues), cue=host.cue, sentence=host.sentence,
            tokens=tokens, reported_by=host.reported_by or speaker.reported_by,
            checks=list(host.checks) + [c for c in [speaker.check] if c and speaker is not
                                        host.speaker],
        )  # fmt: skip
        finder.found.append(piece)


def short_quote(finder: StatementFinder, doc: Any, qs: int, qe: int, base: int) -> None:
    """A word or two in quotes counts only right after a cue: en écrivant "non"."""
    before = [t for t in doc if t.idx < qs and not t.is_punct and not t.is_space][-2:]
    cue = next(
        (
            t
            for t in reversed(before)
            if t.lemma_.lower() in finder.cues.say | finder.cues.deny
            and t.pos_ in ("VERB", "AUX")  # "the report was “total fiction”": a noun, no cue
        ),
        None,
    )
    if cue is None:
        return
    speaker = finder.speaker(cue)
    if speaker is None:
        return
    left = cue.i - 1 if cue.i > 0 and cue.doc[cue.i - 1].lower_ in ("en", "by") else cue.i
    tokens = [t for t in doc if qs <= t.idx < qe]
    end = qe
    while end < len(doc.text) and doc.text[end] in " \u00a0\u202f":
        end += 1
    end = end + 1 if end < len(doc.text) and doc.text[end] in '"»”' else qe
    stance = (
        "denies"
        if (tokens and tokens[0].lower_ in ("non", "no")) or parse.negated(tokens, finder.cues)
        else "asserts"
    )
    finder.add(tokens or [cue], speaker, stance, cue, span=(base + doc[left].idx, base + end))


def nearest_cue(
    finder: StatementFinder, doc: Any, qs: int, qe: int, base: int
) -> tuple[Speaker | None, Any]:
    sentence_cues = [
        (min(abs(s - (base + qe)), abs((base + qs) - e)), speaker, token)
        for s, e, speaker, token in finder.cue_speakers
        if token.doc is doc and not (base + qs <= s < base + qe)
    ]
    # "X rapporte la réaction de Y, …, en apprenant que Z s'apprête à publier … : « … »":
    # announced as Y's words, whatever cue stands nearer
    near = [
        c
        for c in sentence_cues
        if c[2].sent.start_char <= qs < c[2].sent.end_char + 2
        and _whose_words(finder, c[2], c[1]) is not c[1]
    ] or [c for c in sentence_cues if c[0] < 80]
    if near:
        _, speaker, token = min(near, key=lambda c: c[0])
        return _whose_words(finder, token, speaker), token
    if not finder.found:
        return None, None
    last = finder.found[-1]
    speaker = Speaker(
        last.speaker.agent,
        last.speaker.on_behalf_of,
        "quote without a reporting cue: speaker guessed",
    )
    finder.carried = last.reported_by
    return speaker, doc[0]


#: what a cue's object can be when it relays someone else's words: "rapporte la réaction
#: de Y : « … »", "recalled the words of Y: “…”"
_WORDS_OF = frozenset(
    ["réaction", "propos", "mot", "mots", "réponse", "confidence", "confidences", "phrase"]
    + ["reaction", "response", "words", "remark", "remarks"]
)


def _whose_words(finder: StatementFinder, cue: Any, speaker: Speaker) -> Speaker:
    """The person whose words the cue relays ("X rapporte la réaction de Y : « … »" is
    Y's quote, reported by X), else the cue's own speaker."""
    for obj in cue.children:
        if obj.dep_ not in ("obj", "dobj") or obj.lemma_.lower() not in _WORDS_OF:
            continue
        for owner in obj.children:
            if owner.dep_ in ("nmod", "poss", "prep") and owner.lower_ == "of":
                owner = next((g for g in owner.children if g.dep_ == "pobj"), owner)
            if owner.pos_ == "PROPN" and owner.ent_type_ in ("PER", "PERSON"):
                name = " ".join(
                    t.text for t in owner.subtree if t.pos_ == "PROPN" and t.i >= owner.i
                )
                agent = finder.agents.get(name, "Person")
                return Speaker(agent, None, f"words of {name} relayed", reported_by=[speaker.agent])
    return speaker


# -- second-hand reports ----------------------------------------------------------------


def _within(inner: Statement, outer: Statement) -> bool:
    """``inner``'s words lie inside ``outer``'s, which are more."""
    return (
        inner is not outer
        and outer.start <= inner.start
        and inner.end <= outer.end
        and (outer.end - outer.start) > (inner.end - inner.start)
    )


def nest(finder: StatementFinder) -> None:
    """Statements inside another: second-hand when the speakers differ, else duplicates."""
    keep: list[Statement] = []
    ordered = sorted(finder.found, key=lambda s: (s.start, -(s.end - s.start)))
    for inner in ordered:
        hosts = [o for o in ordered if _within(inner, o)]
        same = [o for o in hosts if o.speaker.agent is inner.speaker.agent]
        words = len(finder.text[inner.start : inner.end].split())
        if same and (words < 4 or any(o.stance == inner.stance for o in same)):
            continue  # "declined to comment on what she said was …": one statement
        keep.append(inner)
    final: list[Statement] = []
    for outer in keep:
        inners = [i for i in keep if _within(i, outer)]
        carried = [i for i in inners if (i.end - i.start) >= 0.5 * (outer.end - outer.start)]
        if carried and outer.stance == "asserts":
            for inner in carried:
                if (
                    inner.speaker.agent.type in ("AnonymousSource", "Group")
                    and outer.speaker.agent not in inner.reported_by
                ):
                    inner.reported_by = [*outer.reported_by, outer.speaker.agent]
            continue
        final.append(outer)
    seen: set[tuple[int, int]] = set()
    finder.found = []
    for statement in sorted(final, key=lambda s: (s.start, s.end)):
        if (statement.start, statement.end) in seen:
            continue
        seen.add((statement.start, statement.end))
        finder.found.append(statement)
