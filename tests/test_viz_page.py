"""The HTML page as a file: self-contained, nothing to fetch, user text unable to escape."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import replace
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from kg.store import Store
from kg.viz.data import build_picture
from kg.viz.page import render_page, script_json

HOSTILE = "</script><script>alert(1)</script><!-- <img src=x onerror=alert(2)> & \"' \u2028"


class Tags(HTMLParser):
    """Collects the page's elements, attributes and script bodies."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


@given(st.recursive(st.text(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)))
def test_script_json_round_trips_and_cannot_close_the_script(value: object) -> None:
    text = script_json(value)
    assert json.loads(text) == value
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}


def test_the_page_is_self_contained(example_store: Store) -> None:
    page = render_page(build_picture(example_store))
    parser = Tags()
    parser.feed(page)
    # Nothing points outside the file: no src, href, or url() anywhere in the markup.
    assert not [a for _, attrs in parser.tags for a in attrs if a in ("src", "href", "srcset")]
    assert "url(" not in page
    assert [t for t, _ in parser.tags].count("script") == 3
    data, library, script = parser.scripts
    assert library.startswith("/**\n * Copyright (c) 2016-2026, The Cytoscape Consortium.")
    policy = next(
        a["content"] for t, a in parser.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    assert policy is not None and policy.startswith("default-src 'none'; script-src ")
    for code in (library, script):
        digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert (
        json.loads(data)["title"]
        == "claimgraph: 12 claims by 5 speakers, 1 contradiction, 1 corroboration"
    )


def test_hostile_text_stays_inside_the_data(example_store: Store) -> None:
    picture = build_picture(example_store)
    key = next(iter(picture.claims))
    picture.claims[key] = replace(picture.claims[key], quote=HOSTILE)
    page = render_page(picture)
    parser = Tags()
    parser.feed(page)
    assert [t for t, _ in parser.tags].count("script") == 3
    assert "img" not in [t for t, _ in parser.tags]
    claims = json.loads(parser.scripts[0])["claims"]
    assert claims[0]["quote"] == HOSTILE
    assert len(re.findall("</script", page, re.IGNORECASE)) == 3


def test_the_page_script_never_parses_text_as_html() -> None:
    from importlib import resources

    script = (resources.files("kg.viz") / "assets" / "page.js").read_text(encoding="utf-8")
    for sink in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "Function(",
    ):
        assert sink not in script
