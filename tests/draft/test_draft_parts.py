"""The parts of the drafter that need no model: amounts, dates, quotes, ids, the CLI's errors."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.draft import __main__ as cli
from kg.draft import model
from kg.draft.amounts import find_amount
from kg.draft.assemble import skip_dateline
from kg.draft.dates import resolve_said_on
from kg.draft.ids import IdMaker, snake_case
from kg.draft.quotes import find_quotes, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "des primes d'embauche pouvant atteindre 100 millions de dollars",
            {"max": 100000000, "currency": "USD"},
        ),
        ("un package de plus de 200 millions de dollars", {"min": 200000000, "currency": "USD"}),
        ("a $24-billion preliminary agreement", {"value": 24000000000, "currency": "USD"}),
        ("between 5 and 10 percent", {"min": 5, "max": 10, "unit": "percent"}),
        ("dix militaires ont été tués", {"value": 10, "unit": "people"}),
        ("150.000 euros en espèces", {"value": 150000, "currency": "EUR"}),
        ("its 45 percent stake", {"value": 45, "unit": "percent"}),
        ("a 10 per cent to 25 per cent holding", {"min": 10, "max": 25, "unit": "percent"}),
        ("une part de 30 à 40 % du capital", {"min": 30, "max": 40, "unit": "percent"}),
        ("revenue rose 5% to $12 billion", {"value": 12000000000, "currency": "USD"}),
        ("a $1bn bid", {"value": 1000000000, "currency": "USD"}),
        (
            "Des primes de 100 millions de dollars, voire plus",
            {"min": 100000000, "currency": "USD"},
        ),
    ],
)
def test_amounts(text: str, expected: dict) -> None:
    amount = find_amount(text)
    assert amount is not None and amount.as_dict() == expected


def test_amount_hedged_and_default_currency() -> None:
    about = find_amount("for about $90 billion")
    assert about is not None and about.hedged and about.value == Decimal(90_000_000_000)
    assert find_amount("100 millions de signatures") is None
    guessed = find_amount("100 millions de signatures", "USD")
    assert guessed is not None and guessed.as_dict() == {"value": 100000000, "currency": "USD"}
    assert find_amount("en 2015") is None


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Mercredi, un rapport", "2025-07-11", "2025-07-09"),
        ("le mois dernier", "2025-07-11", "2025-06"),
        ("last month", "2025-01-15", "2024-12"),
        ("on Wednesday", "2009-09-09", "2009-09-09"),
        ("yesterday", "2024-03-01", "2024-02-29"),
        ("mercredi", "2023-01", None),  # a weekday needs a day of publication
        ("nothing here", "2025-07-11", None),
    ],
)
def test_dates(text: str, published: str, expected: str | None) -> None:
    assert resolve_said_on(text, published) == expected


def test_quotes_and_sentences() -> None:
    text = (
        "« Salut : 1) oui, nous allons rejoindre Meta. 2) non, c'est faux » et ”right,” she said."
    )
    spans = find_quotes(text)
    assert [text[a:b] for a, b in spans] == [
        "Salut : 1) oui, nous allons rejoindre Meta. 2) non, c'est faux",
        "right",
    ]
    pieces = [text[a:b] for a, b in split_sentences(text, *spans[0])]
    assert pieces == ["Salut : 1) oui, nous allons rejoindre Meta.", "2) non, c'est faux"]


def test_ids() -> None:
    ids = IdMaker()
    assert ids.new("Sam Altman") == "sam-altman"
    assert ids.new("Sam  Altman") == "sam-altman-2"
    assert ids.new("L'Élysée") == "l-elysee"
    assert snake_case("tenter débaucher") == "tenter_debaucher"
    assert snake_case("100 millions") == "p_100_millions"


def test_missing_model_is_one_line_and_exit_1(
    monkeypatch: pytest.MonkeyPatch, tmp_path, capsys
) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "Altman a affirmé que Meta offrait 100 millions de dollars.", encoding="utf-8"
    )
    monkeypatch.setitem(model.MODELS, "fr", "no_such_spacy_model_package")
    model.load_pipeline.cache_clear()
    try:
        assert cli.main([str(article), "--lang", "fr"]) == 1
    finally:
        model.load_pipeline.cache_clear()
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "pip install 'claimgraph[draft]'" in err


def test_unknown_language_is_a_usage_error(tmp_path) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main([str(tmp_path / "a.txt"), "--lang", "de"])
    assert exit_.value.code == 2


@pytest.mark.parametrize(
    ("line", "rest"),
    [
        ("PARIS (Reuters) - Vinci a démenti", "Vinci a démenti"),
        ("MOSCOW, May 13 (Reuters) - Russia’s Surgut", "Russia’s Surgut"),
        ("London – Vodafone Group PLC", "Vodafone Group PLC"),
        ("KUALA LUMPUR (July 3): 1Malaysia", "1Malaysia"),
        ("Le mois dernier (ou pas): rien", "Le mois dernier (ou pas): rien"),
        ("Meta - a thing", "Meta - a thing"),
    ],
)
def test_datelines(line: str, rest: str) -> None:
    assert line[skip_dateline(line) :] == rest
