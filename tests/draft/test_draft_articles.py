"""Drafting real articles with the real models: claims, speakers, stances, quotes, validity."""

from __future__ import annotations

import re
from pathlib import Path

from kg.validate import validate_files

from .conftest import ARTICLES, SEED, Drafted, draft_with_cli, require_models


def _norm(text: str) -> str:
    """White space and typographic quotes aside, as docs/sheet-format.md anchors quotes."""
    for a, b in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("«", '"'), ("»", '"')):
        text = text.replace(a, b)
    return re.sub(r"\s+", " ", text).strip()


def _agents(sheet: dict) -> dict[str, dict]:
    return {a["id"]: a for a in sheet["agents"]}


def _claims_by(sheet: dict, name: str) -> list[dict]:
    agents = _agents(sheet)
    return [c for c in sheet["claims"] if agents[c["claimant"]]["name"] == name]


def test_seed_altman_asserts_the_100m_bonuses(seed_draft: Drafted) -> None:
    altman = _claims_by(seed_draft.sheet, "Sam Altman")
    bonus = [c for c in altman if c.get("amount") == {"min": 100000000, "currency": "USD"}]
    assert bonus and all(c["stance"] == "asserts" for c in bonus)
    assert "Des primes à la signature de 100 millions de dollars" in bonus[0]["quote"]
    agent = _agents(seed_draft.sheet)[bonus[0]["claimant"]]
    assert agent["type"] == "Person"
    assert "Altman" in agent["aliases"] and "le patron d'OpenAI" in agent["aliases"]
    assert bonus[0]["said_on"] == "2025-06"  # "le mois dernier", published 2025-07-11


def test_seed_beyer_denies_the_100m(seed_draft: Drafted) -> None:
    beyer = _claims_by(seed_draft.sheet, "Lucas Beyer")
    denial = [c for c in beyer if "100 millions de signatures" in c["quote"]]
    assert denial and denial[0]["stance"] == "denies"
    assert denial[0]["amount"] == {"value": 100000000, "currency": "USD"}
    joining = [c for c in beyer if "nous allons rejoindre Meta" in c["quote"]]
    assert joining and joining[0]["stance"] == "asserts"


def test_seed_bloomberg_report_is_second_hand(seed_draft: Drafted) -> None:
    agents = _agents(seed_draft.sheet)
    pang = [c for c in seed_draft.sheet["claims"] if "200 millions de dollars" in c["quote"]]
    assert pang, "Bloomberg's 200M report was not drafted"
    claim = pang[0]
    assert agents[claim["claimant"]]["type"] == "AnonymousSource"
    assert [agents[a]["name"] for a in claim["reported_by"]] == ["Bloomberg"]
    assert claim["amount"] == {"min": 200000000, "currency": "USD"}
    assert str(claim["said_on"]) == "2025-07-09"  # "mercredi" before Friday 2025-07-11


def test_every_quote_stands_verbatim(seed_draft: Drafted, bharti_draft: Drafted) -> None:
    for drafted in (seed_draft, bharti_draft):
        article = drafted.article.read_text(encoding="utf-8")
        for claim in drafted.sheet["claims"]:
            assert claim["quote"] in article, claim["id"]  # exact, not only normalised
            assert _norm(claim["quote"]) in _norm(article)


def test_draft_declares_what_it_uses(seed_draft: Drafted) -> None:
    sheet = seed_draft.sheet
    declared = {x["id"] for x in sheet["agents"] + sheet.get("entities", [])}
    predicates = {p["id"] for p in sheet["predicates"]}
    ids = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    for claim in sheet["claims"]:
        subject, predicate, obj = claim["statement"]
        assert subject in declared and predicate in predicates
        assert isinstance(obj, dict) or obj in declared
        assert ids.match(claim["id"])


def test_source_text_points_at_the_article(seed_draft: Drafted) -> None:
    text = seed_draft.sheet["sources"][0]["text"]
    assert (seed_draft.path.parent / text).resolve() == SEED.resolve()


def test_drafts_validate_as_written_their_quotes_anchored_to_the_article(
    seed_draft: Drafted, bharti_draft: Drafted
) -> None:
    for drafted in (seed_draft, bharti_draft):
        result = validate_files([drafted.path])  # the source's text: checks every quote
        assert result.ok, [p.message for p in result.problems]
        assert result.claims >= 8


def test_english_denial_declines_and_spokesperson(bharti_draft: Drafted) -> None:
    sheet = bharti_draft.sheet
    agents = _agents(sheet)
    bharti = _claims_by(sheet, "Bharti Airtel")
    assert any(c["stance"] == "denies" and "categorically deny" in c["quote"] for c in bharti)
    declines = [c for c in sheet["claims"] if c["stance"] == "declines"]
    assert len(declines) == 1
    assert agents[declines[0]["on_behalf_of"]]["name"] == "MTN"
    bloomberg = _claims_by(sheet, "Bloomberg")
    assert bloomberg[0]["amount"] == {"value": 24000000000, "currency": "USD"}


def test_drafting_3000_characters_takes_under_30_seconds(tmp_path: Path) -> None:
    require_models("fr_core_news_md")
    article = tmp_path / "long.fr.txt"
    text = SEED.read_text(encoding="utf-8") + (ARTICLES / "musk-twitter.fr.txt").read_text(
        encoding="utf-8"
    )
    article.write_text(text, encoding="utf-8")
    assert len(text) >= 3000
    drafted = draft_with_cli(article, tmp_path / "long.yaml", "fr", "2025-07-11")
    assert drafted.seconds < 30, f"{drafted.seconds:.1f} s, model load included"
    assert len(drafted.sheet["claims"]) >= 15
