"""``kg viz`` and the pictures ``kg demo`` writes, through the real command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import KgRunner

from kg.demo import example_path


@pytest.fixture
def kg_example(kg: KgRunner) -> KgRunner:
    assert kg("ingest", str(example_path())).exit_code == 0
    return kg


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty directory for pictures (the store lives beside it)."""
    path = tmp_path / "out"
    path.mkdir()
    return path


@pytest.mark.parametrize(
    ("name", "args", "starts"),
    [
        ("page.html", [], b"<!DOCTYPE html>"),
        ("timeline.html", ["--timeline"], b"<!DOCTYPE html>"),
        ("figure.svg", [], b"<?xml"),
        ("timeline.png", ["--timeline"], b"\x89PNG"),
    ],
)
def test_viz_writes_each_kind(
    kg_example: KgRunner, out: Path, name: str, args: list[str], starts: bytes
) -> None:
    target = out / name
    result = kg_example("viz", "-o", str(target), *args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"wrote {target}\n"
    assert target.read_bytes().startswith(starts)
    assert [p.name for p in out.iterdir()] == [name]  # no partial file left behind


def test_viz_focus_and_about(kg_example: KgRunner, tmp_path: Path) -> None:
    target = tmp_path / "beyer.html"
    assert (
        kg_example("viz", "-o", str(target), "--focus", "Lucas Beyer", "--about", "meta").exit_code
        == 0
    )
    assert (
        "claims by or about &#x27;Lucas Beyer&#x27;" not in target.read_text()
    )  # the scope is JSON data
    assert "claims by or about 'Lucas Beyer'" in target.read_text()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["-o", "picture.txt"], 1, "cannot draw a .txt file; use .html, .svg or .png"),
        (["-o", "x.html", "--focus", "nobody"], 1, "--focus 'nobody': no claim, agent or entity"),
        (
            ["-o", "x.html", "--about", "nobody"],
            1,
            "no agent or entity has the id, name or alias 'nobody'",
        ),
        (["-o", "x.html", "--max-nodes", "3"], 2, "3 is not in the range x>=10"),
    ],
)
def test_viz_refuses_bad_input(
    kg_example: KgRunner, out: Path, args: list[str], code: int, message: str
) -> None:
    args = [str(out / a) if a.startswith(("picture.", "x.")) else a for a in args]
    result = kg_example("viz", *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert list(out.iterdir()) == []


def test_demo_writes_and_prints_its_pictures(kg: KgRunner, tmp_path: Path) -> None:
    result = kg("demo", str(tmp_path / "demo"), store=False)
    assert result.exit_code == 0, result.stderr
    for kind, name in (("html", "meta-talent-war.html"), ("svg", "meta-talent-war.svg")):
        path = tmp_path / "demo" / name
        assert f"  {kind:<8} {path}" in result.stdout
        assert path.stat().st_size > 10_000


def test_viz_has_help(kg: KgRunner) -> None:
    result = kg("viz", "--help", store=False)
    assert result.exit_code == 0
    for option in ("--output", "--focus", "--about", "--timeline", "--max-nodes"):
        assert option in result.stdout
