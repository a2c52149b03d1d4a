"""Hypothesis strategies that build valid claim-sheet documents."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

IDS = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,12}", fullmatch=True)
# Any text without lone surrogates, including quotes, backslashes, newlines, tabs, emoji,
# right-to-left script and characters that look like SPARQL or Turtle syntax.
ODD = st.sampled_from(
    [
        '"',
        "\\",
        "\n",
        "\t",
        "\r",
        "'",
        "> } INSERT DATA {",
        "@fr",
        "^^",
        "😀",
        "مرحبا",
        "\u200f",
        "<x>",
        "#",
    ]
)
# Characters an RDF string can hold (XML 1.0 Char): no other C0 control, no U+FFFE/U+FFFF.
_NOT_TEXT = [chr(c) for c in range(32) if chr(c) not in "\t\n\r"] + ["\ufffe", "\uffff"]
TEXT = (
    st.lists(
        st.one_of(
            st.text(
                st.characters(blacklist_categories=("Cs",), blacklist_characters=_NOT_TEXT),
                min_size=1,
                max_size=12,
            ),
            ODD,
        ),
        min_size=1,
        max_size=4,
    )
    .map("".join)
    .filter(lambda s: bool(s.strip()))
)
LANGS = st.sampled_from(["fr", "en", "de", "ar", "zh-hant", "pt-br"])
DATES = st.one_of(
    st.integers(1, 9999).map(lambda y: f"{y:04d}"),
    st.tuples(st.integers(1, 9999), st.integers(1, 12)).map(lambda t: f"{t[0]:04d}-{t[1]:02d}"),
    st.dates().map(lambda d: d.isoformat()),
)
DECIMALS = st.one_of(
    st.decimals(
        allow_nan=False, allow_infinity=False, min_value=Decimal("-1e30"), max_value=Decimal("1e30")
    ),
    st.sampled_from(
        [
            Decimal("0.000000000000000000000001"),
            Decimal("123456789012345678901234567890.5"),
            Decimal("1E+3"),
            Decimal("-0.0"),
        ]
    ),
)


#: money, a count, a percentage, or a plain number
MEASURES = st.sampled_from(
    [{"currency": "USD"}, {"currency": "EUR"}, {"unit": "people"}, {"unit": "percent"}, {}]
)
#: periods: whole years (a partial date covers its year), open ends, the same year twice
PERIODS = st.sampled_from(
    [
        {"from": "2024"},
        {"to": "2025-06"},
        {"from": "2025-07-14"},
        {"from": "2024", "to": "2024"},
        {"from": "2024-01-01", "to": "2024-12-31"},
        {"from": "2025", "to": "2025"},
    ]
)


@st.composite
def sheets(draw: st.DrawFn, max_claims: int = 6) -> dict[str, Any]:
    """A valid sheet document with odd but legal values everywhere."""
    agent_ids = draw(st.lists(IDS, min_size=1, max_size=4, unique=True))
    entity_ids = draw(st.lists(IDS.filter(lambda i: i not in agent_ids), max_size=3, unique=True))
    agents = [
        {
            "id": aid,
            "name": draw(TEXT),
            "type": draw(
                st.sampled_from(["Person", "Organization", "Group", "AnonymousSource", "Agent"])
            ),
            "aliases": draw(st.lists(TEXT, max_size=2)),
        }
        for aid in agent_ids
    ]
    entities = [{"id": eid, "name": draw(TEXT)} for eid in entity_ids]
    nodes = agent_ids + entity_ids
    predicates = [
        {"id": "fn_pred", "label": draw(TEXT), "functional": True},
        {"id": "plain_pred", "label": draw(TEXT)},
    ]
    source = {"id": "src", "title": draw(TEXT), "language": draw(LANGS), "published": draw(DATES)}
    claim_ids = draw(st.lists(IDS, min_size=1, max_size=max_claims, unique=True))
    claims = []
    for index, cid in enumerate(claim_ids):
        obj: Any = draw(
            st.one_of(
                st.sampled_from(nodes),
                st.builds(lambda v: {"value": v}, st.integers(-(10**20), 10**20)),
                st.builds(lambda v: {"value": v}, DECIMALS),
                st.builds(lambda t, lang: {"text": t, "lang": lang}, TEXT, LANGS),
                st.builds(lambda d: {"value": d, "datatype": "date"}, st.dates().map(str)),
            )
        )
        claim: dict[str, Any] = {
            "id": cid,
            "claimant": draw(st.sampled_from(agent_ids)),
            "stance": draw(st.sampled_from(["asserts", "denies", "declines"])),
            "statement": [
                draw(st.sampled_from(nodes)),
                draw(st.sampled_from(["fn_pred", "plain_pred", "schema:about"])),
                obj,
            ],
            "source": "src",
        }
        if draw(st.booleans()):
            key = draw(st.sampled_from(["value", "min", "max"]))
            claim["amount"] = {key: draw(DECIMALS)} | draw(MEASURES)
        if draw(st.booleans()):
            claim["hedged"] = draw(st.booleans())
        if draw(st.booleans()):
            claim["on_behalf_of"] = draw(st.sampled_from(agent_ids))
        if draw(st.booleans()):
            claim["said_on"] = draw(DATES)
        if draw(st.booleans()):
            claim["during"] = {"from": draw(DATES)}
        if draw(st.booleans()):
            claim["quote"] = draw(
                st.one_of(TEXT, st.builds(lambda t, lang: {"text": t, "lang": lang}, TEXT, LANGS))
            )
        if index and draw(st.booleans()):
            claim["responds_to"] = [draw(st.sampled_from(claim_ids[:index]))]
            if draw(st.booleans()):  # a claim about claims: no statement of its own
                del claim["statement"]
        if draw(st.booleans()):
            claim["reported_by"] = [draw(st.sampled_from(agent_ids))]
        claims.append(claim)
    return {
        "sheet": 1,
        "base": draw(
            st.sampled_from(["https://example.org/a/", "http://example.com/x#", "urn:test:"])
        ),
        "sources": [source],
        "agents": agents,
        "entities": entities,
        "predicates": predicates,
        "claims": claims,
    }


@st.composite
def conflict_sheets(draw: st.DrawFn) -> dict[str, Any]:
    """Many claims over a small universe, so that every contradiction rule fires often."""
    agents = [{"id": f"a{i}", "name": f"Agent {i}", "type": "Person"} for i in range(3)]
    entities = [{"id": f"e{i}", "name": f"Entity {i}"} for i in range(3)]
    claims = []
    count = draw(st.integers(1, 14))
    for i in range(count):
        claim: dict[str, Any] = {
            "id": f"c{i}",
            "claimant": draw(st.sampled_from(["a0", "a1", "a2"])),
            "stance": draw(st.sampled_from(["asserts", "asserts", "denies", "declines"])),
            "statement": [
                draw(st.sampled_from(["e0", "a0"])),
                draw(st.sampled_from(["employer", "offered"])),
                draw(st.sampled_from(["e1", "e2"])),
            ],
            "source": "s",
        }
        amount = draw(st.sampled_from([None, "value", "min", "max", "range"]))
        if amount:
            measure = draw(
                st.sampled_from([{"currency": "USD"}, {"currency": "EUR"}, {"unit": "people"}, {}])
            )
            low = draw(st.integers(0, 4)) * 50
            claim["amount"] = {
                "value": {"value": low},
                "min": {"min": low},
                "max": {"max": low},
                "range": {"min": low, "max": low + 100},
            }[amount] | measure
        if draw(st.booleans()):
            claim["during"] = draw(PERIODS)
        if i and draw(st.integers(0, 3)) == 0:
            claim["responds_to"] = [
                f"c{draw(st.integers(0, i - 1))}" for _ in range(draw(st.integers(1, 2)))
            ]
            if draw(st.integers(0, 2)) == 0:  # a blanket denial, an endorsement, a non-answer
                del claim["statement"]
        if draw(st.integers(0, 4)) == 0:
            claim["on_behalf_of"] = draw(st.sampled_from(["a0", "a1", "a2"]))
        claims.append(claim)
    return {
        "sheet": 1,
        "base": "https://example.org/conflicts/",
        "sources": [{"id": "s", "title": "Source"}],
        "agents": agents,
        "entities": entities,
        "predicates": [{"id": "employer", "functional": True}, {"id": "offered"}],
        "claims": claims,
    }


@st.composite
def sheet_families(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Two to four sheets that share a base and declare some of the same agents and
    entities, each declaration with its own aliases, same_as and member_of."""
    names = {f"a{i}": f"Agent {i}" for i in range(4)}
    sheets_out = []
    for number in range(draw(st.integers(2, 4))):
        agent_ids = draw(
            st.lists(st.sampled_from(sorted(names)), min_size=1, max_size=4, unique=True)
        )
        agents = []
        for aid in agent_ids:
            agent: dict[str, Any] = {"id": aid, "name": names[aid], "type": "Person"}
            if draw(st.booleans()):
                agent["aliases"] = draw(
                    st.lists(st.sampled_from(["A", "B", "the boss"]), max_size=2, unique=True)
                )
            if draw(st.booleans()):
                agent["same_as"] = [f"http://www.wikidata.org/entity/Q{draw(st.integers(1, 3))}"]
            others = [a for a in agent_ids if a != aid]
            if others and draw(st.booleans()):
                agent["member_of"] = [draw(st.sampled_from(others))]
            agents.append(agent)
        entity = {
            "id": "e0",
            "name": "Entity 0",
            "aliases": draw(st.lists(st.sampled_from(["E", "thing"]), max_size=2, unique=True)),
        }
        claims = []
        for index in range(draw(st.integers(0, 3))):
            claims.append(
                {
                    "id": f"s{number}c{index}",
                    "claimant": draw(st.sampled_from(agent_ids)),
                    "stance": draw(st.sampled_from(["asserts", "denies", "declines"])),
                    "statement": [draw(st.sampled_from(agent_ids)), "knows", "e0"],
                    "source": "s",
                }
            )
        sheets_out.append(
            {
                "sheet": 1,
                "base": "https://example.org/family/",
                "sources": [{"id": "s", "title": "Source"}],
                "agents": agents,
                "entities": [entity],
                "claims": claims,
            }
        )
    return sheets_out
