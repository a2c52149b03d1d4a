"""Reporting cues per language: the words that say someone said something, and how.

Lemmas, as spaCy's lemmatizers give them. A cue verb introduces the claimant (its subject)
and the content (its clause or object); the class of the cue gives the stance before
negation is looked at. Lists are plain sets so a reviewer can read and extend them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Cues", "cues_for"]


@dataclass(frozen=True)
class Cues:
    """What marks attributed speech in one language."""

    say: frozenset[str]  # neutral reporting verbs: the content's own negation gives the stance
    deny: frozenset[str]  # verbs that deny their content
    decline: frozenset[str]  # verbs that, with a "comment" complement, refuse to answer
    comment: frozenset[str]  # what is declined: "comment", "commenter"
    according: tuple[str, ...]  # "selon X", "according to X": lowercase word sequences
    citing: frozenset[str]  # "citing sources": the cited are the claimants, the citer reports
    negators: frozenset[str]  # lemmas that negate the clause they modify
    false_words: frozenset[str]  # "false", "faux": calling something untrue denies it
    hedges: frozenset[str]  # words that hedge ("reportedly", "environ")
    anonymous: frozenset[str]  # head nouns of unnamed sources
    spokesperson: frozenset[str]  # head nouns of people speaking for an organisation
    media: frozenset[str]  # "report", "rapport": stands for the organisation that wrote it
    company: frozenset[str]  # "the company": stands for the last organisation that spoke
    titles: frozenset[str]  # "patron", "analyst": a person named by role
    claim_nouns: frozenset[str]  # "claims", "rumeurs": a denied object that is a statement
    groups: frozenset[str]  # "équipe", "team": a group of people
    he_she: frozenset[str]  # personal pronouns for a person (or a report, in French)
    it: frozenset[str]  # pronouns for an organisation
    we: frozenset[str]  # first person: the speaker themselves


_FR = Cues(
    say=frozenset(
        "affirmer déclarer estimer dire indiquer ajouter écrire noter révéler assurer expliquer "
        "annoncer confirmer souligner préciser répondre réagir rapporter raconter affirmer "
        "prévenir avertir admettre reconnaître juger considérer insister soutenir expliquer "
        "déplorer dénoncer répliquer commenter confier lancer poursuivre conclure estimer "
        "tweeter publier signaler avancer certifier garantir promettre".split()
    ),
    deny=frozenset("démentir nier rejeter réfuter contester démentir récuser".split()),
    decline=frozenset("refuser souhaiter vouloir".split()),
    comment=frozenset("commenter commentaire".split()),
    according=("selon", "d'après", "d’après", "de source"),
    citing=frozenset("citer".split()),
    negators=frozenset("ne pas jamais aucun aucune non plus rien nullement".split()),
    false_words=frozenset(
        "faux fausse infondé infondée infondés mensonge mensonger mensongère "
        "inexact inexacte erroné erronée calomnieux fake fakenews".split()
    ),
    hedges=frozenset("environ près quelque apparemment probablement peut-être".split()),
    anonymous=frozenset("source sources personne personnes proche proches responsable responsables".split()),
    spokesperson=frozenset("porte-parole représentant représentante".split()),
    media=frozenset(
        "rapport article journal quotidien hebdomadaire magazine média communiqué enquête "
        "agence site".split()
    ),
    company=frozenset("entreprise société groupe firme compagnie".split()),
    titles=frozenset(
        "patron chef pdg président présidente directeur directrice ministre analyste "
        "fondateur fondatrice dirigeant dirigeante porte-parole ingénieur chercheur "
        "chercheuse trésorier trésorière comptable avocat avocate juge".split()
    ),
    claim_nouns=frozenset(
        "rumeur affirmation allégation accusation dire information révélation rapport "
        "article assertion propos".split()
    ),
    groups=frozenset("équipe équipes représentants trio entourage proches".split()),
    he_she=frozenset("il elle -t-il -t-elle -il -elle".split()),
    it=frozenset("ils elles celle-ci celui-ci".split()),
    we=frozenset("nous je on".split()),
)

_EN = Cues(
    say=frozenset(
        "say tell claim state add note write report reveal assert insist explain announce "
        "confirm argue warn caution suggest estimate maintain acknowledge admit stress "
        "predict tweet post respond reply comment allege contend recall".split()
    ),
    deny=frozenset("deny reject refute dismiss dispute rebut".split()),
    decline=frozenset("decline refuse".split()),
    comment=frozenset("comment".split()),
    according=("according to",),
    citing=frozenset("cite".split()),
    negators=frozenset("not n't no never none nothing".split()),
    false_words=frozenset("false untrue incorrect baseless unfounded lie inaccurate wrong fake".split()),
    hedges=frozenset(
        "reportedly about approximately around nearly roughly allegedly possibly probably "
        "perhaps apparently estimated".split()
    ),
    anonymous=frozenset("source sources person people official officials insider insiders executive executives".split()),
    spokesperson=frozenset("spokesperson spokesman spokeswoman representative".split()),
    media=frozenset("report article newspaper paper magazine statement filing agency outlet".split()),
    company=frozenset("company firm carrier group operator bank".split()),
    titles=frozenset(
        "ceo chief president analyst chairman founder director minister executive officer "
        "cfo spokesman spokeswoman spokesperson head".split()
    ),
    claim_nouns=frozenset("claim claims rumor rumors rumour rumours report allegation allegations speculation".split()),
    groups=frozenset("team staff board".split()),
    he_she=frozenset("he she".split()),
    it=frozenset("it they".split()),
    we=frozenset("we i".split()),
)


def cues_for(lang: str) -> Cues:
    """The cues of ``lang`` ("fr" or "en").

    >>> "démentir" in cues_for("fr").deny
    True
    """
    return {"fr": _FR, "en": _EN}[lang]
