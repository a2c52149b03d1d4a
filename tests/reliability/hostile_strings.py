"""Strings built to break out of a SPARQL query, for item 5 (injection).

Each is what a person could type as ``--by``, ``--about``, ``--focus`` or a ``--param``
value: fragments that end a string or an IRI early and start new syntax (a quote, three
quotes, ``> } INSERT DATA {``, ``} ; DROP ALL``), escapes SPARQL would decode
(``\\u0022``, ``\\U0000003E``), comments, line breaks, NUL, IRIs with spaces, and very
long text, combined with each other and with real names from the store.
"""

from __future__ import annotations

import random

__all__ = ["FRAGMENTS", "hostile_strings"]

FRAGMENTS = [
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    '\\"',
    "\n",
    "\r\n",
    "\t",
    "#",
    "\x00",
    "\\u0022",
    "\\u003E",
    "\\U0000003E",
    "\\n",
    "<",
    ">",
    "<http://evil.example/>",
    "<http://evil.example/a b>",
    "< http://evil.example/ >",
    "<>",
    "> } INSERT DATA { <http://evil.example/s> <http://evil.example/p> 1 } #",
    '" } INSERT DATA { <http://evil.example/s> <http://evil.example/p> 1 } #',
    '" . } ; DROP ALL ; SELECT * WHERE { "',
    "' } UNION { ?x ?y ?z } #",
    '") || true || ("',
    "?x",
    "$x",
    "*",
    "}",
    "{",
    "} }",
    ")",
    "@en",
    "^^<http://www.w3.org/2001/XMLSchema#string>",
    "SERVICE <http://127.0.0.1:9/> { }",
    "FILTER(true)",
    "OPTIONAL { ?a ?b ?c }",
    "%22",
    "%00",
    "&quot;",
    "</script><script>alert(1)</script>",
    "😀",
    "\u202e",
    "مرحبا",
    "\u2028",
    "\ufeff",
    "Sam Altman",
    "altman",
    "Meta",
    "https://example.org/talent-war/agent/altman",
]


def hostile_strings(count: int, seed: int) -> list[str]:
    """``count`` distinct hostile strings: every fragment alone, then random combinations."""
    rng = random.Random(seed)
    out: list[str] = []
    seen: set[str] = set()

    def add(text: str) -> None:
        if text not in seen and len(out) < count:
            seen.add(text)
            out.append(text)

    for fragment in FRAGMENTS:
        add(fragment)
    add("A" * 20_000)
    add('"' * 5_000)
    add("<" + "x" * 10_000 + ">")
    add("<https://example.org/talent-war/agent/altman>")
    add("<https://example.org/talent-war/agent/altman> } INSERT DATA { <a:b> <a:c> <a:d> }")
    add('Sam Altman" } ; INSERT DATA { <http://evil.example/s> <http://evil.example/p> 1 } #')
    while len(out) < count:
        parts = rng.choices(FRAGMENTS, k=rng.randint(2, 5))
        text = "".join(parts)
        if rng.random() < 0.3:
            text = text.upper()
        add(text)
    return out
