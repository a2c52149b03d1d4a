"""The query page a browser gets from ``GET /sparql``: an editor, a results table, named queries.

One HTML response with its stylesheet, script and data inlined (``assets/query.*``), so it
works with no network: its Content-Security-Policy allows only the inlined script and style
(by their SHA-256 hashes) and requests to its own origin (``connect-src 'self'``). The data
(predeclared prefixes, the named queries of :mod:`kg.sparql.library`) enters as JSON inside
``<script type="application/json">`` with ``<``, ``>`` and ``&`` escaped, and the script
shows every value with ``textContent``.

A named query that takes parameters opens with them bound to its documented example's
values, as a ``VALUES`` block (:func:`kg.sparql.rewrite.values_insertion`), ready to edit.

>>> page = query_page(updates=False)
>>> page.body.startswith(b"<!DOCTYPE html>"), "script-src 'sha256-" in page.csp
(True, True)
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shlex
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from kg.errors import QueryError
from kg.sparql.lexer import shape_of
from kg.sparql.library import NamedQuery, named_queries
from kg.sparql.rewrite import values_insertion
from kg.sparql.run import param_term
from kg.vocab import PREFIXES

__all__ = ["QueryPage", "query_page"]

INITIAL_QUERY = """\
# Every claim, who made it and with which stance. Ctrl+Enter runs the query.
SELECT ?claim ?speaker ?stance ?statement WHERE {
  ?claim a cg:Claim ; cg:claimant ?who ; cg:stance ?stance .
  ?who schema:name ?speaker .
  OPTIONAL { ?claim cg:statement ?statement }
}
ORDER BY ?speaker ?claim
LIMIT 100
"""
_ESCAPES = {c: f"\\u{ord(c):04x}" for c in "<>&\u2028\u2029"}
_SLOT = re.compile(r"<!--slot:(\w+)-->")


@dataclass(frozen=True)
class QueryPage:
    """The page's bytes and the Content-Security-Policy header that goes with them."""

    body: bytes
    csp: str


def _asset(name: str) -> str:
    return (resources.files("kg.serve") / "assets" / name).read_text(encoding="utf-8")


def _script_json(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _ESCAPES[m.group()], text)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _example_text(query: NamedQuery) -> str:
    """The query's text, its parameters bound to the values of its documented example."""
    if not query.params:
        return query.text
    words = shlex.split(query.example)
    given = dict(
        words[i + 1].split("=", 1)
        for i, word in enumerate(words[:-1])
        if word == "--param" and "=" in words[i + 1]
    )
    bindings = {name: param_term(given.get(name, "")) for name in query.params}
    try:
        at, block = values_insertion(query.text, shape_of(query.text), bindings)
    except QueryError:
        return query.text
    return query.text[:at] + "\n  # parameters\n  " + block.strip() + "\n" + query.text[at:]


def _prologue() -> str:
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())


@cache
def query_page(*, updates: bool, endpoint: str = "/sparql") -> QueryPage:
    """The page for an endpoint at ``endpoint`` (a path on the page's own origin)."""
    data = {
        "endpoint": endpoint,
        "updates": updates,
        "prefixes": PREFIXES,
        "initial": _prologue() + "\n" + INITIAL_QUERY,
        "named": [
            {"name": q.name, "description": q.description, "text": _example_text(q)}
            for q in named_queries()
        ],
    }
    slots = {
        "style": _asset("query.css"),
        "script": _asset("query.js"),
        "data": _script_json(data),
    }
    body = _SLOT.sub(lambda m: slots[m.group(1)], _asset("query.html"))
    csp = (
        "default-src 'none'; "
        f"script-src {_sha256(slots['script'])}; "
        f"style-src {_sha256(slots['style'])}; "
        "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    )
    return QueryPage(body.encode(), csp)
