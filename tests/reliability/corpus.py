"""Valid documents the fuzzers start from, and odd-but-valid sheets that must survive exactly.

Every seed is a document `kg ingest` accepts: the bundled examples, a generated sheet
(benchmarks/generate.py) and :data:`ODD_SHEET`, whose values are the awkward ones the
issue lists (quotes, backslashes, ``> } INSERT …`` in names, line breaks and tabs inside
quotes, emoji, right-to-left text, tiny and huge decimals, far dates).
"""

from __future__ import annotations

import importlib.util
import io
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.demo import example_path
from kg.export import export
from kg.ingest import ingest_claimset
from kg.inputs.documents import RawInt, read_document
from kg.inputs.sheets import sheet_to_claimset
from kg.store import open_store
from reliability.harness import ROOT
from reliability.mutations import RDF_SYNTAX, write_sheet

__all__ = ["ODD_SHEET", "Corpus", "corpus", "generated_sheet", "plain"]

EXAMPLES = ROOT / "examples"
#: fuzzed format → `kg export --format` name
EXPORT_NAMES = {"turtle": "turtle", "trig": "trig", "ntriples": "nt", "jsonld": "jsonld"}

_ODD_TEXTS = [
    'He said "no" \\ twice',
    "> } INSERT DATA { <http://evil.example/> <http://evil.example/> 1 } #",
    "\"\"\" ''' <x> @fr ^^<http://x> _:b0 .",
    "line one\nline two\r\nline three\ttabbed",
    "😀🚀 👩🏽‍💻 family: 👨‍👩‍👧",
    "مرحبا بالعالم",
    "\u202eevil\u202c and \u200fmark",
    "שלום",
    "C1 controls: \u0085 next line, \u009b CSI, \u007f delete",
    "  leading and trailing spaces  ",
    "\u2028line separator\u2029paragraph",
    "combining: e\u0301 a\u0308",
    "\U0010fffd plane 16",
    "%20 %00 &amp; <script>alert(1)</script>",
]

#: A valid sheet whose every text field is one of the awkward values above.
ODD_SHEET: dict[str, Any] = {
    "sheet": 1,
    "base": "https://example.org/odd/",
    "sources": [
        {
            "id": "src",
            "title": _ODD_TEXTS[0],
            "language": "ar",
            "published": "0001-01-01",
            "url": "https://example.org/a?b=c&d=%22e%22#f",
        },
        {"id": "far", "title": _ODD_TEXTS[3], "published": "9999-12"},
        {"id": "instant", "title": _ODD_TEXTS[10], "published": "2025-06-30T23:59:59.5-14:00"},
    ],
    "agents": [
        {"id": f"agent-{i}", "name": text, "type": "Person", "aliases": [_ODD_TEXTS[-1 - i]]}
        for i, text in enumerate(_ODD_TEXTS)
    ],
    "entities": [{"id": "thing", "name": _ODD_TEXTS[4]}, {"id": "sum", "name": _ODD_TEXTS[5]}],
    "predicates": [
        {"id": "pays", "label": _ODD_TEXTS[1]},
        {"id": "works_for", "label": _ODD_TEXTS[2], "functional": True},
    ],
    "claims": [
        {
            "id": "tiny",
            "claimant": "agent-0",
            "stance": "asserts",
            "statement": ["agent-1", "pays", "thing"],
            "source": "src",
            "amount": {"value": Decimal("0.000000000000000001"), "currency": "USD"},
            "quote": {"text": _ODD_TEXTS[3], "lang": "en"},
            "said_on": "0001",
        },
        {
            "id": "huge",
            "claimant": "agent-2",
            "stance": "denies",
            "statement": ["agent-1", "pays", "thing"],
            "source": "far",
            "amount": {
                "min": Decimal("123456789012345678901234567890.123456789"),
                "currency": "EUR",
            },
            "quote": _ODD_TEXTS[6],
            "said_on": "9999-12-31",
            "responds_to": ["tiny"],
        },
        {
            "id": "negative",
            "claimant": "agent-3",
            "stance": "asserts",
            "statement": ["agent-4", "works_for", "sum"],
            "source": "instant",
            "amount": {"max": Decimal("-0.5"), "currency": "JPY"},
            "during": {"from": "0001-01", "to": "9999"},
            "medium": _ODD_TEXTS[8],
        },
        {
            "id": "literal-objects",
            "claimant": "agent-5",
            "stance": "asserts",
            "statement": ["thing", "schema:description", {"text": _ODD_TEXTS[1], "lang": "he"}],
            "source": "src",
            "quote": {"text": _ODD_TEXTS[11], "lang": "de-CH-1996"},
        },
        {
            "id": "typed",
            "claimant": "agent-6",
            "stance": "denies",
            "statement": [
                "thing",
                "pays",
                {"value": "9999-12-31T23:59:59Z", "datatype": "dateTime"},
            ],
            "source": "src",
        },
        {
            "id": "decimal-object",
            "claimant": "agent-7",
            "stance": "asserts",
            "statement": ["sum", "pays", {"value": Decimal("-0.000000000000000000000000001")}],
            "source": "src",
        },
        {
            "id": "string-object",
            "claimant": "agent-8",
            "stance": "asserts",
            "statement": ["sum", "pays", {"value": _ODD_TEXTS[13]}],
            "source": "src",
            "reported_by": ["agent-9"],
        },
    ],
}


def plain(value: Any) -> Any:
    """A parsed sheet with kg's number types turned back into plain Python ones."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, RawInt):
        return int(value)
    return value


def generated_sheet(claims: int, seed: int = 42) -> dict[str, Any]:
    """A sheet from benchmarks/generate.py (the generator the benchmarks use)."""
    spec = importlib.util.spec_from_file_location(
        "kg_bench_generate", ROOT / "benchmarks" / "generate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate_sheet(claims, seed=seed)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Corpus:
    """Seed documents for each format."""

    docs: list[dict[str, Any]]
    seeds: dict[str, list[bytes]]
    quads: list[list[ox.Quad]]


def _exports(docs: list[dict[str, Any]]) -> tuple[dict[str, list[bytes]], list[list[ox.Quad]]]:
    seeds: dict[str, list[bytes]] = {fmt: [] for fmt in RDF_SYNTAX}
    quad_sets = []
    for group in ([docs[0]], docs):
        with open_store("memory:", writable=True) as store:
            for doc in group:
                ingest_claimset(store, sheet_to_claimset(doc))
            for fmt in RDF_SYNTAX:
                out = io.BytesIO()
                export(store, out, EXPORT_NAMES[fmt])
                seeds[fmt].append(out.getvalue())
            out = io.BytesIO()
            store.dump(out, ox.RdfFormat.N_QUADS)
            quad_sets.append(list(ox.parse(out.getvalue(), ox.RdfFormat.N_QUADS)))
    return seeds, quad_sets


@cache
def corpus() -> Corpus:
    """The seeds, built once per session."""
    files = [
        example_path(),
        EXAMPLES / "openai-board-2023.json",
        ROOT / "tests" / "data" / "altman-podcast-en.yaml",
    ]
    docs = [plain(read_document(Path(f))[0]) for f in files]
    docs += [generated_sheet(40), ODD_SHEET]
    seeds, quads = _exports(docs)
    seeds["yaml"] = [f.read_bytes() for f in files if f.suffix == ".yaml"] + [
        write_sheet(d, "yaml") for d in docs
    ]
    seeds["json"] = [f.read_bytes() for f in files if f.suffix == ".json"] + [
        write_sheet(d, "json") for d in docs
    ]
    return Corpus(docs, seeds, quads)


def generate_file(path: Path, claims: int, seed: int = 7) -> Path:
    """``benchmarks/generate.py --claims N --seed S -o PATH``, run as the benchmarks run it."""
    import subprocess
    import sys

    if not path.exists():
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--claims", str(claims),
             "--seed", str(seed), "-o", str(path)],
            check=True,
        )  # fmt: skip
    return path


def prefix_sheets(sheet: Path, counts: list[int], directory: Path) -> list[Path]:
    """Sheets holding the first ``n`` claims of ``sheet`` (every declaration kept), per ``n``.

    A prefix is self-contained: a generated claim only answers earlier claims. Ingested in
    order, each prefix adds claims to the one before (the earlier ones are re-ingested
    unchanged, which is a no-op), so every ingest is a new committed state.
    """
    import json

    doc = json.loads(sheet.read_text(encoding="utf-8"))
    out = []
    for count in counts:
        part = dict(doc, claims=doc["claims"][:count])
        path = directory / f"{sheet.stem}-first-{count}.json"
        path.write_text(json.dumps(part, ensure_ascii=False), encoding="utf-8")
        out.append(path)
    return out
