"""A seeded generator of claim sheets for benchmarks: N claims with realistic conflicts.

    python benchmarks/generate.py 5000 -o /tmp/claims-5000.json [--seed 7]

About one proposition in four is disputed: some claims deny it, some give amounts that do
not overlap, some answer another claim (``responds_to``), so every contradiction rule and
corroboration fires. The same N and seed always give the same sheet.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

__all__ = ["make_sheet"]


def make_sheet(claims: int, seed: int = 7) -> dict[str, Any]:
    """A claim sheet (SPEC §2) holding ``claims`` claims."""
    rng = random.Random(seed)
    n_agents = max(4, claims // 25)
    n_entities = max(4, claims // 10)
    agents = [
        {"id": f"agent-{n}", "name": f"Speaker {n}", "type": "Person" if n % 5 else "Organization"}
        for n in range(n_agents)
    ]
    entities = [{"id": f"thing-{n}", "name": f"Thing {n}"} for n in range(n_entities)]
    predicates = [
        {"id": p, "label": p.replace("_", " ")} for p in ("offered", "paid", "hired", "sued")
    ]
    sources = [
        {"id": f"source-{n}", "title": f"Report {n}", "language": "en", "published": "2025-07-01"}
        for n in range(max(2, claims // 50))
    ]
    sheet_claims: list[dict[str, Any]] = []
    for n in range(claims):
        subject = rng.randrange(n_entities)
        obj = (subject + 1 + rng.randrange(n_entities - 1)) % n_entities
        # A quarter of the claims reuse an earlier statement, so propositions get disputed.
        earlier = (
            sheet_claims[rng.randrange(len(sheet_claims))]
            if sheet_claims and rng.random() < 0.25
            else None
        )
        statement = (
            earlier["statement"]
            if earlier
            else [f"thing-{subject}", rng.choice(predicates)["id"], f"thing-{obj}"]
        )
        claim: dict[str, Any] = {
            "id": f"claim-{n}",
            "claimant": f"agent-{rng.randrange(n_agents)}",
            "stance": "denies" if earlier and rng.random() < 0.3 else "asserts",
            "statement": statement,
            "source": f"source-{rng.randrange(len(sources))}",
            "said_on": f"2025-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}",
            "quote": {"text": f'Quote number {n} <with> markup & "quotes"', "lang": "en"},
        }
        if rng.random() < 0.5:
            claim["amount"] = {"value": rng.choice((1, 2, 5, 10)) * 1_000_000, "currency": "USD"}
        if earlier and claim["stance"] == "denies" and rng.random() < 0.5:
            claim["responds_to"] = [earlier["id"]]
        sheet_claims.append(claim)
    return {
        "sheet": 1,
        "base": "https://example.org/bench/",
        "sources": sources,
        "agents": agents,
        "entities": entities,
        "predicates": predicates,
        "claims": sheet_claims,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("claims", type=int)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    args.output.write_text(
        json.dumps(make_sheet(args.claims, args.seed), indent=1), encoding="utf-8"
    )
    print(f"wrote {args.output}: {args.claims} claims (seed {args.seed})")


if __name__ == "__main__":
    main()
