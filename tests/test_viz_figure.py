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
