"""Every script in examples/ runs, and every sheet there ingests cleanly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES

from kg.ingest import ingest
from kg.store import open_store


@pytest.mark.parametrize("script", sorted(EXAMPLES.glob("*.py")), ids=lambda p: p.name)
def test_example_script_runs(script: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()


def test_library_tour_shows_the_new_contradiction() -> None:
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / "library_tour.py")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "[rebuttal] Lucas Beyer denies" in proc.stdout
    assert "opposite-stance: A Meta spokesperson denies what Sam Altman asserts" in proc.stdout


@pytest.mark.parametrize(
    "sheet", sorted(EXAMPLES.glob("*.yaml")) + sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name
)
def test_example_sheet_ingests(sheet: Path) -> None:
    with open_store("memory:", writable=True) as store:
        report = ingest(store, [sheet])
    assert report.claims > 0
