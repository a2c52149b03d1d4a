"""kg info, and what reading commands say on a location without a store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from conftest import EXAMPLES, KgRunner

from kg.cli import cli


def test_info_counts_what_the_store_holds(kg: KgRunner, store_dir: Path) -> None:
    assert kg("ingest", str(EXAMPLES / "meta-talent-war.yaml")).exit_code == 0
    data = json.loads(kg("info", "--format", "json").stdout)
    assert data["kind"] == "embedded" and data["path"] == str(store_dir.resolve())
    assert (data["claims"], data["sources"], data["contested_propositions"]) == (12, 1, 2)
    assert data["contradictions"] == {
        "total": 1,
        "opposite-stance": 0,
        "incompatible-value": 0,
        "rebuttal": 1,
    }
    triples = data["triples"]
    assert triples["total"] == triples["asserted"] + triples["derived"] > 0
    assert data["listing_rows_kept"] is True
    assert data["quote_counts_kept"] is True
    table = kg("info").stdout
    assert "quote counts    kept" in table
    assert "claims          12" in table and "1 rebuttal" in table
    assert "listing rows    kept" in table


def test_info_counts_pairs_of_corroborating_claims(kg: KgRunner, tmp_path: Path) -> None:
    """Three claims asserting one statement are three pairs (a~b, a~c, b~c), not the two
    claims that come first in a pair."""
    sheet = tmp_path / "three.yaml"
    sheet.write_text(
        "sheet: 1\nbase: https://example.org/three/\n"
        "sources: [{id: s, title: Wire}]\n"
        "agents: [{id: a, name: A}, {id: b, name: B}, {id: c, name: C}, {id: x, name: X}]\n"
        "claims:\n"
        + "".join(
            f"  - {{id: {who}1, claimant: {who}, stance: asserts, statement: [x, knows, a],"
            " source: s}\n"
            for who in "abc"
        ),
        encoding="utf-8",
    )
    assert kg("ingest", str(sheet)).exit_code == 0
    assert json.loads(kg("info", "--format", "json").stdout)["corroborations"] == 3


def test_info_on_a_memory_store() -> None:
    result = CliRunner().invoke(cli, ["--store", "memory:", "info", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["kind"] == "memory" and data["claims"] == 0


def test_reading_commands_refuse_a_location_without_a_store(kg: KgRunner, store_dir: Path) -> None:
    for command in (
        ["claims"],
        ["contested"],
        ["info"],
        ["export"],
        ["query", "ASK { ?s ?p ?o }"],
        ["graph", "said-about"],
        ["rebuild"],
    ):
        result = kg(*command)
        assert result.exit_code == 1, command
        assert result.stderr.startswith(f"Error: no claimgraph store at {store_dir}"), command
        assert "kg ingest" in result.stderr
    assert not store_dir.exists()
    assert kg("ingest", str(EXAMPLES / "meta-talent-war.yaml")).exit_code == 0
    assert kg("claims").exit_code == 0


def test_after_the_demo_the_error_points_at_its_store(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "KG_STORE"}
    env["COLUMNS"] = "100"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "kg", *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )

    before = run("claims")
    assert before.returncode == 1
    assert "no claimgraph store at ./.kg" in before.stderr and "kg demo" in before.stderr
    demo = run("demo")
    assert demo.returncode == 0, demo.stderr
    assert demo.stdout.rstrip().endswith("Next: kg --store kg-demo/store contested")
    after = run("claims")
    assert after.returncode == 1 and after.stdout == ""
    assert "`kg --store kg-demo/store …`" in after.stderr
    assert "Traceback" not in after.stderr
    assert run("--store", "kg-demo/store", "contested").returncode == 0
    assert not (tmp_path / ".kg").exists()
