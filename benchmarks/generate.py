"""Seeded generator of realistic claim sheets, for benchmarks and scale tests.

The shape follows what news claim data looks like: a few hundred speakers shared across
many articles, several claims per proposition, both stances, amounts and periods, quotes in
several languages, some second-hand claims (anonymous sources reported by an outlet), some
denials answering earlier claims, and about a tenth of propositions contested.

    python benchmarks/generate.py --claims 100000 -o /tmp/claims-100k.json

The same ``--claims`` and ``--seed`` always give the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

__all__ = ["generate_sheet"]

LANGUAGES = ("en", "fr", "de", "es", "it")
WORDS = {
    "en": [
        "said",
        "offered",
        "denied",
        "confirmed",
        "reported",
        "million",
        "deal",
        "team",
        "talks",
        "package",
        "bonus",
    ],
    "fr": [
        "a",
        "déclaré",
        "offert",
        "démenti",
        "confirmé",
        "millions",
        "accord",
        "équipe",
        "prime",
        "«citation»",
        "été",
    ],
    "de": [
        "sagte",
        "bot",
        "dementierte",
        "bestätigte",
        "Millionen",
        "Vertrag",
        "Mannschaft",
        "Prämie",
        "Gespräch",
    ],
    "es": [
        "dijo",
        "ofreció",
        "negó",
        "confirmó",
        "millones",
        "acuerdo",
        "equipo",
        "prima",
        "conversaciones",
    ],
    "it": [
        "disse",
        "offerto",
        "smentito",
        "confermato",
        "milioni",
        "accordo",
        "squadra",
        "premio",
        "colloqui",
    ],
}
MEDIA = ("interview", "podcast", "social-media", "report", "press-release", "statement")
CURRENCIES = ("USD", "EUR")


def generate_sheet(claims: int, seed: int = 42) -> dict[str, Any]:
    """A claim-sheet document (``sheet: 1``) with ``claims`` claims."""
    rng = random.Random(seed)
    n_agents = max(20, claims // 50)
    n_entities = max(10, claims // 100)
    n_sources = max(5, claims // 20)
    n_props = max(5, claims // 5)
    agents: list[dict[str, Any]] = []
    for i in range(n_agents):
        kind = rng.choices(("Person", "Organization", "Group", "AnonymousSource"), (70, 20, 5, 5))[
            0
        ]
        agent: dict[str, Any] = {"id": f"agent-{i}", "name": f"Agent {i}", "type": kind}
        if rng.random() < 0.3:
            agent["aliases"] = [f"A{i}", f"agent number {i}"]
        agents.append(agent)
    outlets = [a["id"] for a in agents if a["type"] == "Organization"] or ["agent-0"]
    anonymous = [a["id"] for a in agents if a["type"] == "AnonymousSource"]
    entities = [{"id": f"entity-{i}", "name": f"Entity {i}"} for i in range(n_entities)]
    predicates = [
        {"id": f"pred_{i}", "label": f"relation {i}", "functional": i < 5} for i in range(30)
    ]
    sources = []
    for i in range(n_sources):
        lang = rng.choice(LANGUAGES)
        sources.append(
            {
                "id": f"source-{i}",
                "title": f"Article {i}",
                "type": "NewsArticle",
                "language": lang,
                "published": f"{rng.randint(2020, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "publisher": rng.choice(outlets),
            }
        )
    nodes = [a["id"] for a in agents] + [e["id"] for e in entities]
    props = []
    for _ in range(n_props):
        pred = rng.randrange(30)
        props.append(
            {
                "statement": [rng.choice(nodes), f"pred_{pred}", rng.choice(nodes)],
                "contested": rng.random() < 0.1,
                "base_amount": rng.choice((None, rng.randint(1, 500) * 1_000_000)),
                "currency": rng.choice(CURRENCIES),
            }
        )
    out_claims = []
    by_prop: dict[int, list[str]] = {}
    for i in range(claims):
        p_index = rng.randrange(n_props)
        prop = props[p_index]
        source = sources[rng.randrange(n_sources)]
        lang = source["language"]
        claim: dict[str, Any] = {
            "id": f"claim-{i}",
            "claimant": rng.choice(agents)["id"],
            "stance": "asserts",
            "statement": list(prop["statement"]),
            "source": source["id"],
            "said_on": f"{rng.randint(2020, 2025)}-{rng.randint(1, 12):02d}",
            "medium": rng.choice(MEDIA),
            "quote": {"text": " ".join(rng.choices(WORDS[lang], k=8)), "lang": lang},
        }
        if prop["base_amount"] is not None:
            base = prop["base_amount"]
            if prop["contested"] and rng.random() < 0.3:
                claim["amount"] = {"value": base * 3, "currency": prop["currency"]}
            else:
                claim["amount"] = {"min": base, "currency": prop["currency"]}
        if prop["contested"] and rng.random() < 0.4:
            claim["stance"] = "denies"
            claim.pop("amount", None)
            earlier = by_prop.get(p_index)
            if earlier and rng.random() < 0.5:
                claim["responds_to"] = [rng.choice(earlier)]
        if anonymous and rng.random() < 0.05:
            claim["claimant"] = rng.choice(anonymous)
            claim["reported_by"] = [rng.choice(outlets)]
        if int(prop["statement"][1].split("_")[1]) < 5:
            year = rng.randint(2020, 2025)
            claim["during"] = {
                "from": f"{year}-{rng.randint(1, 6):02d}",
                "to": f"{year}-{rng.randint(7, 12):02d}",
            }
        by_prop.setdefault(p_index, []).append(claim["id"])
        out_claims.append(claim)
    return {
        "sheet": 1,
        "base": "https://example.org/bench/",
        "sources": sources,
        "agents": agents,
        "entities": entities,
        "predicates": predicates,
        "claims": out_claims,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("-o", "--output", type=Path, help="JSON file to write [default: stdout]")
    args = parser.parse_args(argv)
    text = json.dumps(generate_sheet(args.claims, args.seed), ensure_ascii=False)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
