"""Reporting cues per language: the words that say someone said something, and how.

Lemmas, as spaCy's lemmatizers give them. A cue verb introduces the claimant (its subject)
and the content (its clause or object); the class of the cue gives the stance before
negation is looked at. Lists are plain sets so a reviewer can read and extend them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Cues", "cues_for"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


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
    institutions: frozenset[str]  # "le ministère", "police": an organisation named by its kind
    he_she: frozenset[str]  # personal pronouns for a person (or a report, in French)
    it: frozenset[str]  # pronouns for an organisation
    we: frozenset[str]  # first person: the speaker themselves


_FR = Cues(
    say=_words(
        "réitérer répéter rappeler marteler maintenir évaluer "
        "admettre affirmer ajouter annoncer assurer avancer avertir certifier commenter "
        "conclure confier confirmer considérer croire dire déclarer dénoncer déplorer estimer "
        "expliquer garantir indiquer insister juger lancer noter poursuivre promettre "
        "préciser prévenir publier raconter rapporter reconnaître réagir répliquer répondre "
        "révéler signaler souligner soutenir tweeter écrire"
    ),
    deny=_words("balayer contester démentir dénier nier rejeter récuser réfuter écarter"),
    decline=_words("refuser souhaiter vouloir"),
    comment=_words("commentaire commenter"),
    according=("selon", "d'après", "d’après", "de source"),
    citing=_words("citer"),
    negators=_words("aucun aucune jamais ne non nullement pas plus rien"),
    false_words=_words(
        "calomnieux erroné erronée fake fakenews fausse faux inexact inexacte infondé "
        "infondée infondés infondées mensonge mensonger mensongère mensongers mensongères absurde "
        "ridicule fantaisiste délirant délirante délirants délirantes délire désinformation "
        "fiction"
    ),
    hedges=_words("apparemment environ peut-être probablement près quelque"),
    anonymous=_words("personne personnes proche proches responsable responsables source sources"),
    spokesperson=_words("porte-parole représentant représentante"),
    media=_words(
        "agence article communiqué enquête hebdomadaire journal magazine média quotidien "
        "rapport site blog chaîne"
    ),
    company=_words(
        "compagnie direction entreprise firme groupe société constructeur fabricant géant "
        "opérateur distributeur"
    ),
    titles=_words(
        "analyste avocat avocate chef chercheur chercheuse comptable directeur directrice "
        "dirigeant dirigeante fondateur fondatrice ingénieur juge ministre patron pdg porte- "
        "parole président présidente trésorier trésorière"
    ),
    claim_nouns=_words(
        "accusation affirmation allégation article assertion dire information propos rapport "
        "rumeur révélation"
    ),
    groups=_words("entourage proches représentants trio équipe équipes"),
    institutions=_words(
        "gouvernement ministère police gendarmerie armée parquet tribunal cour commission "
        "conseil syndicat syndicats opposition mairie préfecture présidence agence autorité "
        "régulateur parti procureur justice"
    ),
    he_she=_words("-elle -il -t-elle -t-il elle il"),
    it=_words("celle-ci celui-ci elles ils"),
    we=_words("je nous on"),
)

_EN = Cues(
    say=_words(
        "reiterate repeat "
        "acknowledge add admit allege announce argue assert caution claim comment confirm "
        "contend estimate explain insist maintain note post predict recall reply report "
        "respond reveal say state stress suggest tell tweet warn write"
    ),
    deny=_words("deny dismiss dispute rebut refute reject scoff"),
    decline=_words("decline refuse"),
    comment=_words("comment"),
    according=("according to",),
    citing=_words("cite"),
    negators=_words("n't never no none not nothing"),
    false_words=_words(
        "baseless fake false inaccurate incorrect lie lies unfounded untrue wrong fabrication "
        "nonsense groundless absurd ridiculous fiction disinformation rubbish"
    ),
    hedges=_words(
        "about allegedly apparently approximately around estimated nearly perhaps possibly "
        "probably reportedly roughly"
    ),
    anonymous=_words(
        "executive executives insider insiders official officials people person source sources"
    ),
    spokesperson=_words("representative spokesman spokesperson spokeswoman"),
    media=_words(
        "agency article filing magazine newspaper outlet paper report statement daily weekly "
        "broadcaster blog website"
    ),
    company=_words(
        "bank carrier company firm group management operator maker manufacturer producer "
        "retailer insurer lender airline automaker giant"
    ),
    titles=_words(
        "analyst ceo cfo chairman chief director executive founder head minister officer "
        "president spokesman spokesperson spokeswoman"
    ),
    claim_nouns=_words(
        "accusation accusations allegation allegations claim claims report rumor rumors "
        "rumour rumours speculation"
    ),
    groups=_words("board staff team"),
    institutions=_words(
        "government ministry department police army military court prosecutors prosecutor "
        "commission council union unions opposition administration agency authority "
        "authorities regulator regulators party"
    ),
    he_she=_words("he she"),
    it=_words("it they"),
    we=_words("i we"),
)


def cues_for(lang: str) -> Cues:
    """The cues of ``lang`` ("fr" or "en").

    >>> "démentir" in cues_for("fr").deny
    True
    """
    return {"fr": _FR, "en": _EN}[lang]
