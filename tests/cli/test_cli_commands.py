"""The core commands as a user runs them: demo, claims, contested, export, rebuild."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, KgRunner

from kg.cli import cli


@pytest.fixture
def filled(kg: KgRunner) -> KgRunner:
    result = kg(
        "ingest", str(EXAMPLES / "meta-talent-war.yaml"), str(EXAMPLES / "openai-board-2023.json")
    )
    assert result.exit_code == 0, result.stderr
    return kg


def test_demo_prints_the_conflict_and_writes_turtle(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["demo", str(tmp_path / "demo")])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "altman-100m" in out and "beyer-denial" in out
    assert "[rebuttal]" in out
    assert "Lucas Beyer denies that Meta offered a signing bonus" in out
    assert out.index("Sam Altman") < out.index("[rebuttal]")
    turtle = tmp_path / "demo" / "meta-talent-war.ttl"
    assert len(list(ox.parse(path=str(turtle), format=ox.RdfFormat.TURTLE))) > 200
    # Running it again replaces the earlier demo.
    assert CliRunner().invoke(cli, ["demo", str(tmp_path / "demo")]).exit_code == 0


def test_demo_refuses_a_directory_that_holds_something_else(tmp_path: Path) -> None:
    (tmp_path / "thesis.tex").write_text("precious")
    result = CliRunner().invoke(cli, ["demo", str(tmp_path)])
    assert result.exit_code == 1
    assert "not empty" in result.stderr
    assert (tmp_path / "thesis.tex").read_text() == "precious"


def test_contested_json_follows_the_spec(filled: KgRunner) -> None:
    result = filled("contested", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {"propositions", "contradictions"}
    first = data["propositions"][0]
    assert {"iri", "subject", "predicate", "object", "claims"} <= set(first)
    assert (first["subject"], first["predicate"], first["object"]) == (
        "Meta",
        "offered_signing_bonus",
        "OpenAI staff",
    )
    kinds = {c["kind"] for c in data["contradictions"]}
    assert kinds == {"rebuttal", "incompatible-value"}
    rebuttal = next(c for c in data["contradictions"] if c["kind"] == "rebuttal")
    assert [(c["id"], c["claimant"], c["stance"]) for c in rebuttal["claims"]] == [
        ("altman-100m", "Sam Altman", "asserts"),
        ("beyer-denial", "Lucas Beyer", "denies"),
    ]
    assert rebuttal["reason"]
    assert all(set(c) >= {"iri", "id", "claimant", "stance"} for c in rebuttal["claims"])


def test_contested_table_and_csv(filled: KgRunner) -> None:
    table = filled("contested")
    assert table.exit_code == 0
    assert (
        "Satya Nadella and OpenAI give Sam Altman two values of 'works for' at once" in table.stdout
    )
    rows = list(csv.DictReader(io.StringIO(filled("contested", "--format", "csv").stdout)))
    assert {r["kind"] for r in rows} == {"rebuttal", "incompatible-value"}


def test_claims_filters(filled: KgRunner) -> None:
    def ids(*args: str) -> list[str]:
        result = filled("claims", "--format", "json", *args)
        assert result.exit_code == 0, result.stderr
        return [c["id"] for c in json.loads(result.stdout)]

    assert ids("--by", "beyer") == ["beyer-denial", "beyer-joining"]
    assert ids("--by", "Lucas Beyer", "--stance", "denies") == ["beyer-denial"]
    assert set(ids("--about", "pang")) == {
        "pang-200m",
        "pang-joined-meta",
        "pang-left-apple",
        "pang-supervised",
    }
    assert len(ids()) == 16


def test_claims_show_what_contradicts_and_corroborates_them(filled: KgRunner) -> None:
    claims = {c["id"]: c for c in json.loads(filled("claims", "--format", "json").stdout)}
    assert claims["altman-100m"]["contradicts"] == ["beyer-denial"]
    assert claims["beyer-joining"]["corroborates"] == ["trio-joined-meta"]
    assert claims["beyer-denial"]["quote_lang"] == "fr"
    rows = list(csv.DictReader(io.StringIO(filled("claims", "--format", "csv").stdout)))
    assert len(rows) == 16 and "quote" in rows[0]


def test_an_unknown_agent_is_a_clear_error(filled: KgRunner) -> None:
    result = filled("claims", "--by", "nobody")
    assert result.exit_code == 1
    assert result.stderr == "Error: no agent has the id, name or alias 'nobody'\n"


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nt", "nquads", "jsonld"])
def test_export_writes_a_file_that_parses(filled: KgRunner, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"out.{fmt}"
    result = filled("export", "--format", fmt, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    syntax = {
        "turtle": ox.RdfFormat.TURTLE,
        "trig": ox.RdfFormat.TRIG,
        "nt": ox.RdfFormat.N_TRIPLES,
        "nquads": ox.RdfFormat.N_QUADS,
        "jsonld": ox.RdfFormat.JSON_LD,
    }[fmt]
    assert len(list(ox.parse(path=str(target), format=syntax))) > 300
    assert not list(tmp_path.glob(".*partial"))


def test_export_to_an_unwritable_place_fails_cleanly(filled: KgRunner, tmp_path: Path) -> None:
    result = filled("export", "-o", str(tmp_path / "missing-dir" / "out.ttl"))
    assert result.exit_code in (1, 2)
    assert "Traceback" not in result.stderr


def test_rebuild_keeps_the_derived_graph(filled: KgRunner) -> None:
    before = filled("export", "--format", "nquads").stdout
    result = filled("rebuild")
    assert result.exit_code == 0
    assert result.stderr == ""  # stages are shown on a terminal, or when asked
    assert filled("export", "--format", "nquads").stdout == before


def test_rebuild_shows_its_stages_when_asked(filled: KgRunner) -> None:
    """A rebuild takes minutes at a million claims: --progress names each stage."""
    result = filled("rebuild", "--progress")
    assert result.exit_code == 0
    shown = [line.split("…")[0] for line in result.stderr.splitlines()]
    assert shown == [
        "kg: reading every claim for the claim table",
        "kg: deriving contradictions",
        "kg: committing (all or nothing)",
        "kg: keeping the rows kg contested prints",
    ]
    assert result.stdout.startswith("rebuilt the derived graph: ")


def test_usage_errors_exit_2(kg: KgRunner) -> None:
    assert kg("contested", "--format", "xml").exit_code == 2
    assert kg("nonsense").exit_code == 2


def test_the_store_comes_from_kg_store(tmp_path: Path) -> None:
    env = {**os.environ, "KG_STORE": str(tmp_path / "from-env")}
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "ingest", str(EXAMPLES / "meta-talent-war.yaml")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "from-env" / "claimgraph.json").exists()


def test_every_command_has_help(kg: KgRunner) -> None:
    for name, command in cli.commands.items():
        assert command.help, f"kg {name} has no help text"
        result = kg(name, "--help", store=False)
        assert result.exit_code == 0


def test_importing_kg_does_not_load_click() -> None:
    code = "import sys, kg, kg.ingest, kg.report, kg.export; print('click' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "False"
