"""A catalogue of broken claim sheets (docs/sheet-format.md "Bad input"), shared by library and CLI tests.

Each case is a small valid sheet with one thing broken, the text the error must contain,
and the line (in the YAML text) the error must name, or ``None`` when the place is given
as claim id and field instead.
"""

from __future__ import annotations

from dataclasses import dataclass

GOOD = """\
sheet: 1
base: https://example.org/t/
sources:
  - id: src
    title: "A title"
    language: fr
    published: 2025-07-11
agents:
  - id: altman
    name: Sam Altman
    type: Person
  - id: meta
    name: Meta
    type: Organization
entities:
  - id: staff
    name: OpenAI staff
claims:
  - id: c1
    claimant: altman
    stance: asserts
    statement: [meta, offered_signing_bonus, staff]
    amount: {min: 100000000, currency: USD}
    said_on: 2025-06
    source: src
    quote: "Des primes à la signature"
"""


@dataclass(frozen=True)
class BadCase:
    name: str
    old: str
    new: str
    message: str
    line: int | None

    @property
    def text(self) -> str:
        assert self.old in GOOD, self.name
        return GOOD.replace(self.old, self.new, 1)


CASES = [
    BadCase("broken-yaml", "    stance: asserts\n", "    stance: [asserts\n", "invalid YAML", 21),
    BadCase("tab-indent", "    name: Meta\n", "\tname: Meta\n", "invalid YAML", 12),
    BadCase(
        "unknown-claimant",
        "claimant: altman",
        "claimant: altmann",
        "unknown agent id 'altmann'",
        20,
    ),
    BadCase(
        "unknown-subject",
        "[meta, offered_signing_bonus, staff]",
        "[meat, offered_signing_bonus, staff]",
        "unknown agent or entity id 'meat'",
        22,
    ),
    BadCase(
        "object-typo-is-not-a-literal",
        "[meta, offered_signing_bonus, staff]",
        "[meta, offered_signing_bonus, stafff]",
        "unknown agent or entity id 'stafff'",
        22,
    ),
    BadCase(
        "unknown-source",
        "    source: src\n",
        "    source: nowhere\n",
        "unknown source id 'nowhere'",
        25,
    ),
    BadCase(
        "unknown-responds-to",
        "    source: src\n",
        "    source: src\n    responds_to: [c9]\n",
        "unknown claim id 'c9'",
        26,
    ),
    BadCase(
        "unknown-reported-by",
        "    source: src\n",
        "    source: src\n    reported_by: [bloomberg]\n",
        "unknown agent id 'bloomberg'",
        26,
    ),
    BadCase(
        "entity-as-claimant",
        "claimant: altman",
        "claimant: staff",
        "is an entity, but an agent is needed",
        20,
    ),
    BadCase("missing-stance", "    stance: asserts\n", "", "missing required field 'stance'", 19),
    BadCase(
        "missing-claimant", "    claimant: altman\n", "", "missing required field 'claimant'", 19
    ),
    BadCase("missing-source", "    source: src\n", "", "missing required field 'source'", 19),
    BadCase(
        "missing-statement",
        "    statement: [meta, offered_signing_bonus, staff]\n",
        "",
        "missing required field 'statement'",
        19,
    ),
    BadCase("missing-sheet-version", "sheet: 1\n", "", "missing required field 'sheet'", None),
    BadCase("wrong-sheet-version", "sheet: 1\n", "sheet: 2\n", "unsupported sheet version 2", 1),
    BadCase("missing-agent-name", "    name: Sam Altman\n", "", "missing required field 'name'", 9),
    BadCase("unknown-stance", "stance: asserts", "stance: claims", "unknown stance 'claims'", 21),
    BadCase("bad-said-on", "said_on: 2025-06", "said_on: 2025-13", "not a valid year-month", 24),
    BadCase("bad-said-on-word", "said_on: 2025-06", "said_on: last month", "is not a date", 24),
    BadCase(
        "bad-published", "published: 2025-07-11", "published: 2025-02-30", "not a valid date", 7
    ),
    BadCase(
        "bad-amount-text",
        "{min: 100000000, currency: USD}",
        "{min: lots, currency: USD}",
        "'lots' is not a number",
        23,
    ),
    BadCase(
        "bad-amount-min-gt-max",
        "{min: 100000000, currency: USD}",
        "{min: 5, max: 1, currency: USD}",
        "min 5 is greater than max 1",
        23,
    ),
    BadCase(
        "bad-amount-value-and-min",
        "{min: 100000000, currency: USD}",
        "{value: 5, min: 1, currency: USD}",
        "either a value",
        23,
    ),
    BadCase("bad-currency", "currency: USD}", "currency: dollars}", "is not a currency code", 23),
    BadCase(
        "bad-amount-bare-number",
        "amount: {min: 100000000, currency: USD}",
        "amount: 100000000",
        "write an amount as",
        23,
    ),
    BadCase(
        "duplicate-claim-id",
        '    quote: "Des primes à la signature"\n',
        '    quote: "Des primes à la signature"\n  - id: c1\n    claimant: altman\n    stance: denies\n    statement: [meta, offered_signing_bonus, staff]\n    source: src\n',
        "duplicate id 'c1'",
        27,
    ),
    BadCase(
        "duplicate-agent-entity-id", "  - id: staff\n", "  - id: meta\n", "duplicate id 'meta'", 16
    ),
    BadCase(
        "duplicate-source-id",
        "    published: 2025-07-11\n",
        "    published: 2025-07-11\n  - id: src\n    title: again\n",
        "duplicate id 'src'",
        8,
    ),
    BadCase("invalid-id", "  - id: altman\n", "  - id: al tman\n", "invalid id 'al tman'", 9),
    BadCase(
        "invalid-base-iri",
        "base: https://example.org/t/",
        "base: https://example.org/a b/",
        "is not a valid absolute IRI",
        2,
    ),
    BadCase(
        "base-breaking-a-query",
        "base: https://example.org/t/",
        "base: 'https://example.org/t/> } INSERT {'",
        "is not a valid absolute IRI",
        2,
    ),
    BadCase(
        "invalid-same-as",
        "    type: Person\n",
        '    type: Person\n    same_as: ["http://x.org/a b"]\n',
        "is not a valid IRI",
        12,
    ),
    BadCase(
        "invalid-url",
        "    language: fr\n",
        "    language: fr\n    url: 'javascript:alert(1)'\n",
        "not a valid http(s) URL",
        7,
    ),
    BadCase(
        "bad-language", "    language: fr\n", "    language: français\n", "is not a BCP 47 tag", 6
    ),
    BadCase(
        "bad-predicate",
        "[meta, offered_signing_bonus, staff]",
        "[meta, Offered Bonus, staff]",
        "is not declared, not a snake_case word",
        22,
    ),
    BadCase(
        "unknown-curie",
        "[meta, offered_signing_bonus, staff]",
        "[meta, evil:offered, staff]",
        "known prefix",
        22,
    ),
    BadCase(
        "unknown-field",
        "    stance: asserts\n",
        "    stance: asserts\n    stanse: denies\n",
        "unknown field 'stanse' (did you mean 'stance'?)",
        22,
    ),
    BadCase(
        "unknown-agent-type", "    type: Person\n", "    type: Human\n", "unknown type 'Human'", 11
    ),
    BadCase(
        "statement-two-items",
        "[meta, offered_signing_bonus, staff]",
        "[meta, offered_signing_bonus]",
        "list of three",
        22,
    ),
    BadCase(
        "literal-bad-datatype",
        "[meta, offered_signing_bonus, staff]",
        "[meta, offered_signing_bonus, {value: x, datatype: date}]",
        "is not a valid date",
        22,
    ),
    BadCase(
        "duplicate-yaml-key",
        "    stance: asserts\n",
        "    stance: asserts\n    stance: denies\n",
        "duplicate key 'stance'",
        22,
    ),
    BadCase("not-a-mapping", GOOD, "- just\n- a list\n", "must be a mapping", None),
    BadCase("claims-not-a-list", "claims:\n", "claims: 3\nold_claims:\n", "must be a list", 18),
    BadCase(
        "during-inverted",
        "    said_on: 2025-06\n",
        "    said_on: 2025-06\n    during: {from: 2025-08, to: 2025-01}\n",
        "is after 'to'",
        25,
    ),
    BadCase(
        "empty-quote", 'quote: "Des primes à la signature"', 'quote: "  "', "must be non-empty", 26
    ),
    # --- what real news needed (docs/sheet-format.md) ---------------------------------
    BadCase(
        "unknown-on-behalf-of",
        "    source: src\n    quote",
        "    on_behalf_of: nobody\n    source: src\n    quote",
        "unknown agent id 'nobody'",
        25,
    ),
    BadCase(
        "currency-and-unit",
        "{min: 100000000, currency: USD}",
        "{min: 100000000, currency: USD, unit: people}",
        "give a currency (money) or a unit (what is counted), not both",
        23,
    ),
    BadCase(
        "hedged-not-a-boolean",
        "    source: src\n    quote",
        "    hedged: maybe\n    source: src\n    quote",
        "must be true or false",
        25,
    ),
    BadCase(
        "undeclared-predicate-in-a-sheet-that-declares-predicates",
        "entities:\n",
        "predicates:\n  - id: offered_signing_bonuses\nentities:\n",
        "undeclared predicate 'offered_signing_bonus' (did you mean 'offered_signing_bonuses'?)",
        24,
    ),
    BadCase(
        "agent-type-spelt-the-british-way",
        "    type: Organization\n",
        "    type: Organisation\n",
        "did you mean 'Organization'?",
        14,
    ),
    BadCase("percent-as-currency", "currency: USD}", "currency: '%'}", "unit: percent", 23),
    BadCase("money-written-with-letters", "{min: 100000000,", "{min: $24bn,", "24e9", 23),
    BadCase(
        "claim-as-statement-subject",
        "[meta, offered_signing_bonus, staff]",
        "[c1, offered_signing_bonus, staff]",
        "a claim cannot be the subject of a statement",
        22,
    ),
    BadCase(
        "declines-is-a-stance-the-others-are-not",
        "stance: asserts",
        "stance: refuses",
        "expected asserts, denies or declines",
        21,
    ),
]
