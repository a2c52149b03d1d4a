"""The HTML picture: one self-contained file that works offline.

The page is a template (``assets/page.html``) with four slots: its stylesheet, its data,
and two scripts (Cytoscape.js and ``page.js``), all inlined. Guarantees, each enforced here:

* **No network.** Nothing is loaded from anywhere: the page's Content-Security-Policy is
  ``default-src 'none'`` and allows only the two inlined scripts, by their SHA-256 hashes.
* **No injection.** User text (names, quotes, reasons) enters only as JSON inside
  ``<script type="application/json">``, with ``<``, ``>``, ``&``, U+2028 and U+2029
  written as ``\\uXXXX`` escapes, so no ``</script>`` or comment can end the block; the
  script reads it with ``JSON.parse`` and shows it with ``textContent`` or as canvas labels.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from dataclasses import asdict
from importlib import resources
from typing import Any

from kg.viz.data import Picture
from kg.viz.palette import LINK_WORDS, PALETTE
from kg.viz.select import MAX_NODES, choose_claims, claim_groups, rank_propositions
from kg.viz.timeline import timeline_layout

__all__ = ["page_data", "render_page", "script_json"]

_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_SLOT = re.compile(r"<!--slot:(\w+)-->")


def script_json(value: Any) -> str:
    """JSON that is safe verbatim inside a ``<script>`` element.

    >>> script_json({"quote": "</script><b>&"})
    '{"quote":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _ESCAPES[m.group()], text)


def page_data(
    picture: Picture, *, timeline: bool = False, max_nodes: int = MAX_NODES
) -> dict[str, Any]:
    """Everything the page's script draws, as plain JSON-ready data."""
    selection = choose_claims(picture, max_nodes)
    order = rank_propositions(picture)
    data: dict[str, Any] = {
        "title": "claimgraph: " + picture.summary(),
        "mode": "timeline" if timeline else "network",
        "scope": picture.scope,
        "palette": PALETTE,
        "linkWords": LINK_WORDS,
        "speakers": [_compact(asdict(s)) for s in picture.speakers.values()],
        "entities": [_compact(asdict(e)) for e in picture.entities.values()],
        "sources": [_compact(asdict(s)) for s in picture.sources.values()],
        "propositions": [_compact(asdict(p)) for p in picture.propositions.values()],
        "claims": [_compact(asdict(c)) for c in picture.claims.values()],
        "links": [_compact(asdict(link)) for link in picture.links],
        "order": order,
        #: claim key → the proposition it is drawn with (claims about claims: the answered one)
        "groups": {k: g for k, g in claim_groups(picture, order).items() if g},
        "initial": selection.claims,
        "budget": max_nodes,
        "focus": picture.focus,
        "leftOut": selection.left_out(),
    }
    if timeline:
        layout = timeline_layout(picture)
        data["timeline"] = {
            "lanes": layout.lanes,
            "laneY": layout.lane_y,
            "x": layout.x,
            "y": layout.y,
            "ticks": layout.ticks,
            "undatedFrom": layout.undated_from,
            "span": layout.span,
        }
    return data


def render_page(picture: Picture, *, timeline: bool = False, max_nodes: int = MAX_NODES) -> str:
    """The whole HTML page for ``picture``, as text."""
    data = page_data(picture, timeline=timeline, max_nodes=max_nodes)
    library = _asset("cytoscape.min.js")
    script = _asset("page.js")
    for code in (library, script):
        if re.search(r"</script|<!--", code, re.IGNORECASE):  # would end the inline script
            raise ValueError("an inlined script contains '</script' or '<!--'")
    variables = "".join(f"--{name}:{value};" for name, value in PALETTE.items())
    slots = {
        "csp": html.escape(_policy(library, script), quote=True),
        "title": html.escape(data["title"]),
        "style": ":root{" + variables + "}\n" + _asset("page.css"),
        "data": script_json(data),
        "library": library,
        "script": script,
    }
    return _SLOT.sub(lambda m: slots[m.group(1)], _asset("page.html"))


def _policy(*scripts: str) -> str:
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in scripts
    )
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def _compact(record: dict[str, Any]) -> dict[str, Any]:
    """Drop empty fields: a 5,000-claim page is mostly claims, and most fields are optional."""
    return {
        k: list(v) if isinstance(v, tuple) else v
        for k, v in record.items()
        if v not in (None, "", ())
    }


def _asset(name: str) -> str:
    return (resources.files("kg.viz") / "assets" / name).read_text(encoding="utf-8")
