"""Static figures: valid SVG showing the same contradictions, a non-empty PNG, a timeline."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kg.store import Store
from kg.viz import write_picture
from kg.viz.palette import PALETTE

SVG = "{http://www.w3.org/2000/svg}"


def svg_texts(path: Path) -> list[str]:
    root = ET.parse(path).getroot()  # raises on anything that is not well-formed XML
    assert root.tag == f"{SVG}svg"
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def svg_strokes(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return [e.get("style", "") for e in root.iter(f"{SVG}path")]


@pytest.mark.parametrize("timeline", [False, True], ids=["network", "timeline"])
def test_the_svg_shows_the_contradiction(
    example_store: Store, tmp_path: Path, timeline: bool
) -> None:
    path = write_picture(example_store, tmp_path / "picture.svg", timeline=timeline)
    texts = svg_texts(path)
    everything = " ".join(texts)  # a long name may be wrapped over two text lines
    for name in ("Sam Altman", "Lucas Beyer", "Numerama", "Sources proches du dossier"):
        assert name in everything
    assert any("altman-100m" in t for t in texts) and any("beyer-denial" in t for t in texts)
    assert "rebuttal" in texts and "corroborates" in texts
    assert any("1 contradiction, 1 corroboration" in t for t in texts)
    red = PALETTE["contradiction"]
    green = PALETTE["corroboration"]
    assert any(f"stroke: {red}" in s and "fill: none" in s for s in svg_strokes(path))
    assert any(f"stroke: {green}" in s and "fill: none" in s for s in svg_strokes(path))


def test_the_svg_is_the_same_every_time(example_store: Store, tmp_path: Path) -> None:
    first = write_picture(example_store, tmp_path / "a.svg").read_bytes()
    second = write_picture(example_store, tmp_path / "b.svg").read_bytes()
    assert first == second


@pytest.mark.parametrize("timeline", [False, True], ids=["network", "timeline"])
def test_the_png_is_an_image(example_store: Store, tmp_path: Path, timeline: bool) -> None:
    path = write_picture(example_store, tmp_path / "picture.png", timeline=timeline)
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000


def test_focus_draws_only_the_neighbourhood(example_store: Store, tmp_path: Path) -> None:
    texts = svg_texts(write_picture(example_store, tmp_path / "beyer.svg", focus="beyer"))
    assert any("Showing 4 of 12 claims" in t for t in texts)
    assert not any("pang-200m" in t for t in texts)


def test_importing_kg_viz_does_not_load_matplotlib() -> None:
    code = "import sys, kg.viz; print('matplotlib' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def _sheet_with_two_clusters(tmp_path: Path) -> Path:
    """Claims in 2015 and in 2024, nothing between; a pair that both corroborates (same
    proposition, compatible) and a pair that contradicts drawn over the same claims."""
    sheet = tmp_path / "clusters.yaml"
    sheet.write_text(
        """\
sheet: 1
base: https://example.org/clusters/
sources: [{id: s, title: T}]
agents:
  - {id: a, name: Agent A, type: Person}
  - {id: b, name: Agent B, type: Person}
entities: [{id: e, name: E}]
claims:
  - {id: a1, claimant: a, stance: asserts, statement: [a, counts, e], amount: {value: 5, unit: people}, said_on: 2015-03-01, source: s}
  - {id: b1, claimant: b, stance: asserts, statement: [a, counts, e], amount: {value: 9, unit: people}, said_on: 2015-03-04, source: s}
  - {id: a2, claimant: a, stance: asserts, statement: [a, counts, e], said_on: 2024-06-01, source: s}
  - {id: b2, claimant: b, stance: denies, statement: [a, counts, e], said_on: 2024-06-03, source: s, responds_to: [a2]}
""",
        encoding="utf-8",
    )
    return sheet


def test_the_timeline_draws_a_long_empty_stretch_short(tmp_path: Path) -> None:
    from kg.ingest import ingest
    from kg.store import open_store
    from kg.viz.data import build_picture
    from kg.viz.timeline import timeline_layout

    with open_store("memory:", writable=True) as store:
        ingest(store, [_sheet_with_two_clusters(tmp_path)])
        picture = build_picture(store)
    layout = timeline_layout(picture)
    xs = sorted(layout.x.values())
    raw_days = 3382  # 2015-03-01 to 2024-06-03
    assert xs[-1] < raw_days / 4, "nine empty years are drawn short"
    assert len(layout.breaks) == 1
    # Order is kept, and days within a cluster keep their distance.
    by_id = {picture.claims[k].id: x for k, x in layout.x.items()}
    assert by_id["a1"] < by_id["b1"] < by_id["a2"] < by_id["b2"]
    assert by_id["b1"] - by_id["a1"] == 3 and by_id["b2"] - by_id["a2"] == 2


def test_contradictions_are_drawn_above_corroborations(tmp_path: Path) -> None:
    """In SVG the later element is on top: every red line comes after every green one."""
    from kg.ingest import ingest
    from kg.store import open_store

    with open_store("memory:", writable=True) as store:
        ingest(store, [_sheet_with_two_clusters(tmp_path)])
        for name in ("net.svg", "time.svg"):
            out = tmp_path / name
            write_picture(store, out, timeline=name == "time.svg")
            # the links' lines: round caps (the legend's samples have square ones)
            strokes = [s if "linecap: round" in s else "" for s in svg_strokes(out)]
            red = [
                n for n, s in enumerate(strokes) if PALETTE["contradiction"].lower() in s.lower()
            ]
            green = [
                n for n, s in enumerate(strokes) if PALETTE["corroboration"].lower() in s.lower()
            ]
            assert red and green, name
            assert min(red) > max(green), name
