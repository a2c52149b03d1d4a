"""The demo's HTML page in a real headless Chromium, with every network request refused.

Chromium is Debian's ``chromium`` (``.ci/run`` installs it), driven by Playwright's Python
package; no browser is downloaded. The tests read what Cytoscape.js drew from the page
(nodes, edges, computed colours), hover with the mouse, and count red pixels in a
screenshot, which is kept as an artefact under ``$KG_ARTIFACTS`` (else the test's tmp dir)
and its path printed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import require_program

from kg.demo import run_demo
from kg.ingest import ingest
from kg.store import Store
from kg.viz import write_picture
from kg.viz.palette import PALETTE

#: Flags that keep Chromium from phoning home; the proxy leads nowhere, as a second fence.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
]

HOSTILE = (
    '</script><script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> & « ça »'
)


def rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r},{g},{b})"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = require_program("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class Page:
    """A browser tab that refuses and records every request that is not a local file."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(
            viewport={"width": 1400, "height": 900}, service_workers="block"
        )
        self.requests: list[str] = []
        self.problems: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on(
            "console", lambda m: m.type in ("error", "warning") and self.problems.append(m.text)
        )
        self.page.on("pageerror", lambda e: self.problems.append(str(e)))

    def _route(self, route: Any) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            route.abort()

    def open(self, path: Path) -> Any:
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_selector("body[data-ready=true]", timeout=30_000)
        return self.page

    def assert_offline_and_clean(self) -> None:
        assert [u for u in self.requests if not u.startswith(("file:", "data:", "about:"))] == []
        assert self.problems == []  # no script error, no Content-Security-Policy violation


@pytest.fixture
def tab(browser: Any) -> Iterator[Page]:
    page = Page(browser)
    yield page
    page.context.close()


@pytest.fixture(scope="module")
def demo_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = run_demo(tmp_path_factory.mktemp("demo") / "kg-demo")
    return result.files["html"]


def artefact(tmp_path: Path, name: str) -> Path:
    folder = Path(os.environ.get("KG_ARTIFACTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


DRAWN = """() => {
  const cy = kgViz.cy, view = cy.extent();
  const onScreen = (e) => { const b = e.boundingBox();
    return e.visible() && b.x2 > view.x1 && b.x1 < view.x2 && b.y2 > view.y1 && b.y1 < view.y2; };
  const byId = (id) => cy.getElementById(kgViz.data.claims.find((c) => c.id === id).key);
  const speaker = (name) => cy.nodes('[type="speaker"]').filter((n) => n.data("label") === name);
  const altman = speaker("Sam Altman"), beyer = speaker("Lucas Beyer");
  const said = byId("altman-100m"), denial = byId("beyer-denial");
  const edge = said.edgesWith(denial).filter('[type="contradiction"]');
  const green = cy.edges('[type="corroboration"]');
  return {
    altman: altman.length === 1 && onScreen(altman), beyer: beyer.length === 1 && onScreen(beyer),
    altmanSaid: altman.edgesTo(said).length, beyerSaid: beyer.edgesTo(denial).length,
    edges: edge.length, onScreen: edge.length === 1 && onScreen(edge),
    colour: edge.style("line-color"), label: edge.style("label"), kind: edge.data("kind"),
    box: edge.renderedBoundingBox(),
    graph: document.getElementById("kg-graph").getBoundingClientRect().toJSON(),
    greens: green.map((e) => e.style("line-color")),
    claims: cy.nodes('[type="claim"]').length,
  };
}"""


def red_pixels(png: bytes, box: dict[str, float]) -> int:
    """Pixels of the contradiction colour inside ``box`` (page coordinates) of a screenshot."""
    from io import BytesIO

    from PIL import Image

    target = tuple(int(PALETTE["contradiction"][i : i + 2], 16) for i in (1, 3, 5))
    image = Image.open(BytesIO(png)).convert("RGB")
    count = 0
    for x in range(int(box["x1"]), int(box["x2"]) + 1):
        for y in range(int(box["y1"]), int(box["y2"]) + 1):
            pixel = image.getpixel((x, y))
            if all(abs(p - t) < 40 for p, t in zip(pixel, target, strict=True)):  # type: ignore[arg-type]
                count += 1
    return count


def test_the_demo_page_draws_altman_beyer_and_the_red_rebuttal(
    tab: Page, demo_page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tab.open(demo_page)
    drawn = page.evaluate(DRAWN)
    assert drawn["altman"] and drawn["beyer"]
    assert (drawn["altmanSaid"], drawn["beyerSaid"]) == (1, 1)
    assert (drawn["edges"], drawn["onScreen"], drawn["kind"]) == (1, True, "rebuttal")
    assert drawn["colour"] == rgb(PALETTE["contradiction"]) and drawn["label"] == "rebuttal"
    assert drawn["greens"] == [rgb(PALETTE["corroboration"])]
    assert drawn["claims"] == 12
    shot = artefact(tmp_path, "viz-demo.png")
    png = page.screenshot(path=str(shot))
    with capsys.disabled():
        print(f"\nscreenshot of the demo page: {shot}")
    box = drawn["box"]
    page_box = {
        k: box[k] + drawn["graph"]["x" if k[0] == "x" else "y"] for k in ("x1", "x2", "y1", "y2")
    }
    assert red_pixels(png, page_box) > 100  # the red edge is really painted on the canvas
    tab.assert_offline_and_clean()


def test_hovering_a_claim_shows_its_quote_speaker_date_and_source(
    tab: Page, demo_page: Path
) -> None:
    page = tab.open(demo_page)
    node = page.evaluate(
        """() => { const c = kgViz.data.claims.find((c) => c.id === "beyer-denial");
        const p = kgViz.cy.getElementById(c.key).renderedPosition();
        const g = document.getElementById("kg-graph").getBoundingClientRect();
        return {x: g.x + p.x, y: g.y + p.y}; }"""
    )
    page.mouse.move(node["x"], node["y"])
    page.wait_for_selector("#kg-details blockquote")
    quote = page.locator("#kg-details blockquote")
    assert (
        quote.text_content()
        == "non, nous n'avons pas obtenu 100 millions de signatures, c'est une fausse nouvelle"
    )
    assert quote.get_attribute("lang") == "fr"
    details = page.locator("#kg-details").inner_text()
    for shown in (
        "Lucas Beyer denies",
        "2025-06",
        "Apple perd son génie",
        "Numerama",
        "2025-07-11",
        "rebuttal",
    ):
        assert shown in details
    tab.assert_offline_and_clean()


def test_the_speaker_filter_keeps_their_claims_and_whoever_contradicts_them(
    tab: Page, demo_page: Path
) -> None:
    page = tab.open(demo_page)
    page.select_option("#kg-speaker", label="Lucas Beyer (2)")
    ids = page.evaluate(
        """() => kgViz.cy.nodes('[type="claim"]').map((n) =>
        kgViz.data.claims.find((c) => c.key === n.id()).id).sort()"""
    )
    assert ids == ["altman-100m", "beyer-denial", "beyer-joining", "trio-joined-meta"]
    assert (
        page.locator("#kg-status")
        .text_content()
        .startswith("Showing 4 of 4 claims matching the filters.")
    )
    page.select_option("#kg-entity", label="Ruoming Pang")  # Beyer said nothing about Pang
    assert page.evaluate("""() => kgViz.cy.nodes('[type="claim"]').length""") == 0
    tab.assert_offline_and_clean()


def test_hostile_text_is_shown_as_text(tab: Page, empty_store: Store, tmp_path: Path) -> None:
    sheet = {
        "sheet": 1,
        "base": "https://example.org/hostile/",
        "sources": [{"id": "s", "title": "<b>Title</b>", "language": "fr"}],
        "agents": [{"id": "eve", "name": '<i>Eve</i> & "Co"', "type": "Person"}],
        "claims": [
            {
                "id": "x",
                "claimant": "eve",
                "stance": "asserts",
                "statement": ["eve", "said", {"text": "<script>", "lang": "fr"}],
                "source": "s",
                "quote": {"text": HOSTILE, "lang": "fr"},
            }
        ],
    }
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(sheet), encoding="utf-8")
    ingest(empty_store, [path])
    page = tab.open(write_picture(empty_store, tmp_path / "hostile.html"))
    page.evaluate("() => kgViz.select(kgViz.data.claims[0].key)")
    assert page.locator("#kg-details blockquote").text_content() == HOSTILE
    assert page.evaluate("() => window.pwned === undefined && document.images.length === 0")
    assert page.locator("#kg-speaker option").nth(1).text_content() == '<i>Eve</i> & "Co" (1)'
    tab.assert_offline_and_clean()


def test_a_big_graph_says_what_it_left_out_and_expands(
    tab: Page, empty_store: Store, tmp_path: Path
) -> None:
    claims = [
        {
            "id": f"c{g}-{n}",
            "claimant": f"a{(g + n) % 5}",
            "stance": "denies" if n == 0 else "asserts",
            "statement": [f"t{g}", "praised", f"t{g + 1}"],
            "source": "s",
        }
        for g in range(12)
        for n in range(5)
    ]
    sheet = {
        "sheet": 1,
        "base": "https://example.org/big/",
        "sources": [{"id": "s", "title": "S", "language": "en"}],
        "agents": [{"id": f"a{n}", "name": f"Agent {n}", "type": "Person"} for n in range(5)],
        "entities": [{"id": f"t{n}", "name": f"Thing {n}"} for n in range(13)],
        "claims": claims,
    }
    path = tmp_path / "big.json"
    path.write_text(json.dumps(sheet), encoding="utf-8")
    ingest(empty_store, [path])
    page = tab.open(write_picture(empty_store, tmp_path / "big.html", max_nodes=30))
    status = page.locator("#kg-status").text_content() or ""
    assert (
        status.startswith("Showing 20 of 60 claims.")
        and "Left out: 40 claims and 8 propositions" in status
    )
    before = page.evaluate("""() => kgViz.cy.nodes('[type="claim"]').length""")
    page.click("#kg-more")
    after = page.evaluate("""() => kgViz.cy.nodes('[type="claim"]').length""")
    assert before == 20 and after > before
    tab.assert_offline_and_clean()


def test_the_timeline_page_places_claims_by_date(
    tab: Page, example_store: Store, tmp_path: Path
) -> None:
    page = tab.open(write_picture(example_store, tmp_path / "timeline.html", timeline=True))
    placed = page.evaluate(
        """() => { const cy = kgViz.cy, at = {};
        kgViz.data.claims.forEach((c) => { at[c.id] = cy.getElementById(c.key).position(); });
        const lanes = cy.nodes('[type="lane"]').map((n) => n.data("label"));
        const red = cy.edges('[type="contradiction"]')
          .map((e) => [e.style("line-color"), e.data("kind")]);
        return {at, lanes, red}; }"""
    )
    at = placed["at"]
    assert at["altman-100m"]["x"] < at["pang-joined-meta"]["x"] < at["pang-200m"]["x"]
    assert at["pang-200m"]["x"] < at["pang-left-apple"]["x"]  # undated claims come last
    assert sorted(placed["lanes"]) == [
        "Bloomberg",
        "Lucas Beyer",
        "Numerama",
        "Sam Altman",
        "Sources proches du dossier",
    ]
    assert placed["red"] == [[rgb(PALETTE["contradiction"]), "rebuttal"]]
    tab.assert_offline_and_clean()


# --- real news: claims about claims, one label per pair, periods, hedges, non-answers ------

NEWS = """() => {
  const cy = kgViz.cy;
  const node = (id) => cy.getElementById(kgViz.data.claims.find((c) => c.id === id).key);
  const between = (a, b, type) => node(a).edgesWith(node(b)).filter('[type="' + type + '"]');
  const pairs = cy.edges('[type="contradiction"]').map((e) =>
    [e.source().data("id"), e.target().data("id")].sort().join(" "));
  const boxes = cy.edges('[type="contradiction"], [type="corroboration"]')
    .map((e) => ({ label: e.style("label"), box: e.boundingBox({ includeNodes: false,
      includeEdges: false, includeLabels: true }) }));
  return {
    pairs, uniquePairs: new Set(pairs).size,
    rebuttal60: between("terminals-fabrication", "union-60pct", "contradiction").map((e) => e.style("label")),
    rebuttal1200: between("terminals-fabrication", "union-1200", "contradiction").length,
    endorsement: ["union-60pct", "union-1200"].map((c) => between("pilots-about-right", c, "corroboration").length),
    answers: cy.edges('[type="answers"]').map((e) => e.target().data("label").split(" ")[0]).sort(),
    hedged: [node("union-injuries-2023").data("label"), node("union-injuries-2023").style("font-style")],
    declines: [node("ministry-no-comment").data("label"), node("ministry-no-comment").style("background-color")],
    speakers: cy.nodes('[type="speaker"]').map((n) => n.data("label")),
    boxes,
  };
}"""


def test_the_page_draws_claims_about_claims_one_label_per_pair_and_marks_hedges(
    tab: Page, empty_store: Store, tmp_path: Path
) -> None:
    from kg.demo import example_path

    ingest(empty_store, [example_path("harbour-strike.yaml")])
    path = write_picture(empty_store, tmp_path / "harbour.html")
    page = tab.open(path)
    drawn = page.evaluate(NEWS)
    assert len(drawn["pairs"]) == drawn["uniquePairs"] == 3  # one contradiction edge per pair
    # The blanket denial is drawn, linked to both claims it rebuts; the endorsement to both.
    assert drawn["rebuttal60"] == ["rebuttal"] and drawn["rebuttal1200"] == 1
    assert drawn["endorsement"] == [1, 1]
    # The ministry's non-answer about two claims: grey, with a dotted line to each.
    assert drawn["answers"] == ["operator-12pct", "union-60pct"]
    assert drawn["declines"] == [
        "ministry-no-comment (no comment)",
        rgb(PALETTE["declines"]),
    ]
    assert drawn["hedged"] == ["~union-injuries-2023 · 300 people · 2023", "italic"]
    assert "Tom Becker (for Meridian Terminals)" in drawn["speakers"]
    # Each pair's one label says every kind once; no two link labels lie on each other.
    labelled = [(b["label"], b["box"]) for b in drawn["boxes"] if b["label"]]
    assert sorted(label for label, _ in labelled).count("rebuttal") == 2
    clashes = [
        (la, lb)
        for n, (la, a) in enumerate(labelled)
        for lb, b in labelled[n + 1 :]
        if min(a["x2"], b["x2"]) > max(a["x1"], b["x1"])
        and min(a["y2"], b["y2"]) > max(a["y1"], b["y1"])
    ]
    assert clashes == []
    tab.assert_offline_and_clean()


SVG_TEXT_BOXES = """() => [...document.querySelectorAll("text")]
  .filter((t) => t.textContent.trim())
  .map((t) => { const r = t.getBoundingClientRect();
    return { text: t.textContent, x1: r.left, x2: r.right, y1: r.top, y2: r.bottom }; })"""


def test_no_two_labels_of_the_svg_overlap_for_the_harbour_strike(
    tab: Page, empty_store: Store, tmp_path: Path
) -> None:
    from kg.demo import example_path

    ingest(empty_store, [example_path("harbour-strike.yaml")])
    path = write_picture(empty_store, tmp_path / "harbour.svg")
    tab.page.goto(path.resolve().as_uri())
    boxes = tab.page.evaluate(SVG_TEXT_BOXES)
    texts = [b["text"] for b in boxes]
    assert "rebuttal" in texts and "incompatible-value" in texts
    assert "~union-injuries-2023 · 300 people · 2023" in texts
    assert "ministry-no-comment (no comment)" in texts
    clashes = []
    slack = 1.0  # pixels: glyph boxes may touch
    for n, a in enumerate(boxes):
        for b in boxes[n + 1 :]:
            if (
                min(a["x2"], b["x2"]) - max(a["x1"], b["x1"]) > slack
                and min(a["y2"], b["y2"]) - max(a["y1"], b["y1"]) > slack
            ):
                clashes.append((a["text"], b["text"]))
    assert clashes == []
