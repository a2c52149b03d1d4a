"""Seeded generator of realistic claim sheets, for benchmarks and scale tests.

The shape follows what news claim data looks like: a few hundred speakers shared across
many articles, several claims per proposition, both stances, amounts and periods, quotes in
several languages, some second-hand claims (anonymous sources reported by an outlet), some
denials answering earlier claims, and about a tenth of propositions contested.

    python benchmarks/generate.py --claims 100000 -o /tmp/claims-100k.json
    python benchmarks/generate.py --claims 1000000 -o /tmp/claims-1m.jsonl   # JSON Lines

The same ``--claims`` and ``--seed`` always give the same bytes, and the same claims in
both formats.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

__all__ = ["generate", "generate_sheet", "ingested_store", "write_jsonl"]

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


def generate_sheet(
    claims: int, seed: int = 42, contested: float = 0.1, hub: int = 0
) -> dict[str, Any]:
    """A claim-sheet document (``sheet: 1``) with ``claims`` claims."""
    header, generated = generate(claims, seed, contested, hub)
    return {**header, "claims": list(generated)}


def generate(
    claims: int, seed: int = 42, contested: float = 0.1, hub: int = 0
) -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
    """The sheet without its claims, and the claims as a generator (for streams of millions).

    The claims draw on the same random sequence as :func:`generate_sheet`, so both
    formats hold the same data for the same ``claims``, ``seed`` and ``contested`` (the
    share of propositions drawn to be contested; the default 0.1 gives the bytes this
    generator always gave, a denser story such as 0.6 gives over 10k contested
    propositions at 100k claims). With ``hub`` N, every Nth claim (claim-0, claim-N, …) is
    about ``entity-1``, its statement's subject: a busy node, as a head of state is in a
    news archive (3 gives it a third of the claims; the random sequence is unchanged).
    """
    rng = random.Random(seed)
    n_agents = max(20, claims // 50)
    n_entities = max(10, claims // 100)
    n_sources = max(5, claims // 20)
    n_props = max(5, claims // 5)
    agents: list[dict[str, Any]] = []
    for i in range(n_agents):
        kinds, weights = ("Person", "Organization", "Group", "AnonymousSource"), (70, 20, 5, 5)
        kind = rng.choices(kinds, weights)[0]
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
        day = f"{rng.randint(2020, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        sources.append(
            {
                "id": f"source-{i}",
                "title": f"Article {i}",
                "type": "NewsArticle",
                "language": lang,
                "published": day,
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
                "contested": rng.random() < contested,
                "base_amount": rng.choice((None, rng.randint(1, 500) * 1_000_000)),
                "currency": rng.choice(CURRENCIES),
            }
        )
    header = {
        "sheet": 1,
        "base": "https://example.org/bench/",
        "sources": sources,
        "agents": agents,
        "entities": entities,
        "predicates": predicates,
    }

    def generated() -> Iterator[dict[str, Any]]:
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
                start, end = f"{year}-{rng.randint(1, 6):02d}", f"{year}-{rng.randint(7, 12):02d}"
                claim["during"] = {"from": start, "to": end}
            if hub and i % hub == 0:
                claim["statement"][0] = "entity-1"
            by_prop.setdefault(p_index, []).append(claim["id"])
            yield claim

    return header, generated()


def write_jsonl(claims: int, seed: int, out: IO[str], contested: float = 0.1, hub: int = 0) -> None:
    """The same data as :func:`generate_sheet`, as a JSON Lines stream (docs/bulk.md)."""
    header, generated = generate(claims, seed, contested, hub)
    out.write(json.dumps({"kind": "sheet", "sheet": 1, "base": header["base"]}) + "\n")
    for section, kind in (  # declarations before what uses them: sources name publishers
        ("agents", "agent"),
        ("entities", "entity"),
        ("predicates", "predicate"),
        ("sources", "source"),
    ):
        for item in header[section]:
            out.write(json.dumps({"kind": kind, **item}, ensure_ascii=False) + "\n")
    for claim in generated:
        out.write(json.dumps({"kind": "claim", **claim}, ensure_ascii=False) + "\n")


def ingested_store(
    claims: int, store: Path, seed: int = 42, contested: float = 0.1, hub: int = 0
) -> Path:
    """A store at ``store`` holding ``claims`` generated claims (``contested`` and ``hub``
    as :func:`generate` takes them), made as a user makes one (``kg ingest`` of a JSON
    Lines stream in a fresh process); the stream is removed."""
    stream = store.with_name(f"{store.name}-claims.jsonl")
    with stream.open("w", encoding="utf-8") as out:
        write_jsonl(claims, seed, out, contested, hub)
    try:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "kg",
                "--store",
                str(store),
                "ingest",
                "--no-progress",
                str(stream),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    finally:
        stream.unlink()
    return store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--contested",
        type=float,
        default=0.1,
        help="share of propositions drawn to be contested [0.1; 0.6 makes a dense story]",
    )
    parser.add_argument(
        "--hub",
        type=int,
        default=0,
        metavar="N",
        help="every Nth claim is about entity-1, a busy node [0: none]",
    )
    parser.add_argument("-o", "--output", type=Path, help="file to write [default: stdout]")
    parser.add_argument(
        "--format",
        choices=("json", "jsonl"),
        help="a JSON claim sheet or a JSON Lines stream [default: from the output's suffix]",
    )
    args = parser.parse_args(argv)
    fmt = args.format or ("jsonl" if args.output and args.output.suffix == ".jsonl" else "json")
    with (
        args.output.open("w", encoding="utf-8")
        if args.output
        else contextlib.nullcontext(sys.stdout)
    ) as out:
        if fmt == "jsonl":
            write_jsonl(args.claims, args.seed, out, args.contested, args.hub)
        else:
            sheet = generate_sheet(args.claims, args.seed, args.contested, args.hub)
            out.write(json.dumps(sheet, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
