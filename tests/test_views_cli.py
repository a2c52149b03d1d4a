"""``kg graph …`` and ``kg export --format graphml|gexf --view NAME`` as a user runs them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kg.demo import example_path

SUBCOMMANDS = [
    "said-about",
    "disagreement",
    "chains",
    "contested",
    "centrality",
    "camps",
    "credibility",
]


@pytest.fixture
def kg_example(kg: Any) -> Any:
    result = kg("ingest", str(example_path()))
    assert result.exit_code == 0, result.output
    return kg


def test_disagreement_shows_beyer_against_altman(kg_example: Any) -> None:
    result = kg_example("graph", "disagreement")
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[1]
    assert "Sam Altman" in first and "Lucas Beyer" in first and "-1" in first
    assert "rebuttal" in first and "altman-100m × beyer-denial" in first


def test_chains_show_the_anonymous_sources_bloomberg_article_chain(kg_example: Any) -> None:
    result = kg_example("graph", "chains", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {row["claim"]: row for row in json.loads(result.output)}
    pang = rows["pang-200m"]
    assert pang["hops"] == 2
    assert pang["chain"].startswith("Sources proches du dossier → Bloomberg → Apple perd son génie")
    assert rows["altman-100m"]["hops"] == 1


def test_about_filters_and_unknown_ids_fail_cleanly(kg_example: Any) -> None:
    result = kg_example("graph", "said-about", "--about", "pang", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {r["claim"] for r in rows} == {
        "pang-200m",
        "pang-joined-meta",
        "pang-left-apple",
        "pang-supervised",
    }
    missing = kg_example("graph", "camps", "--about", "nobody")
    assert missing.exit_code == 1
    assert "Error:" in missing.output and "nobody" in missing.output


@pytest.mark.parametrize("command", SUBCOMMANDS)
@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_every_subcommand_in_every_format(kg_example: Any, command: str, fmt: str) -> None:
    result = kg_example("graph", command, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert result.output.strip()
    if fmt == "json":
        json.loads(result.output)
    if fmt == "csv":
        header = result.output.splitlines()[0]
        assert "," in header


def test_camps_and_credibility_state_their_method(kg_example: Any) -> None:
    camps = kg_example("graph", "camps")
    assert "Method: least-frustration local search" in camps.output
    assert "Camp 1: Lucas Beyer, Numerama" in camps.output
    assert "Camp 2: Sam Altman" in camps.output
    cred = json.loads(kg_example("graph", "credibility", "--format", "json").output)
    assert [m["name"] for m in cred["methods"]] == ["sums", "truthfinder"]
    assert all(m["assumptions"] for m in cred["methods"])
    table = kg_example("graph", "credibility", "--method", "sums").output
    assert "Pasternack & Roth" in table and "Assumptions:" in table and "TRUTHFINDER" not in table


def test_contested_lists_entities_and_propositions(kg_example: Any) -> None:
    data = json.loads(kg_example("graph", "contested", "--format", "json").output)
    assert data["entities"][0]["name"] == "Meta"
    assert len(data["propositions"]) == 2
    top = kg_example("graph", "contested", "--top", "1")
    assert "Most contested entities:" in top.output and "OpenAI staff" not in top.output


@pytest.mark.parametrize("view", ["said-about", "disagreement", "chains", "claims"])
@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_view_to_a_file(kg_example: Any, tmp_path: Path, view: str, fmt: str) -> None:
    target = tmp_path / f"{view}.{fmt}"
    result = kg_example("export", "--format", fmt, "--view", view, "-o", str(target))
    assert result.exit_code == 0, result.output
    G = nx.read_graphml(target) if fmt == "graphml" else nx.read_gexf(target)
    assert G.number_of_nodes() > 0 and G.number_of_edges() > 0
    assert all(attrs.get("label") for _, attrs in G.nodes(data=True))


@pytest.mark.parametrize("view", ["said-about", "disagreement", "chains", "claims"])
def test_export_view_as_edge_and_node_lists(kg_example: Any, tmp_path: Path, view: str) -> None:
    """The CSV lists hold the same graph as the GraphML file, under Gephi's column names."""
    files = {}
    for fmt in ("edges", "nodes", "graphml"):
        files[fmt] = tmp_path / f"{view}.{fmt}"
        result = kg_example("export", "--format", fmt, "--view", view, "-o", str(files[fmt]))
        assert result.exit_code == 0, result.output
    G = nx.read_graphml(files["graphml"])
    with files["nodes"].open(encoding="utf-8", newline="") as handle:
        nodes = list(csv.DictReader(handle))
    with files["edges"].open(encoding="utf-8", newline="") as handle:
        edges = list(csv.DictReader(handle))
    assert {n["Id"]: n["Label"] for n in nodes} == {
        n: attrs["label"] for n, attrs in G.nodes(data=True)
    }
    ends = tuple if G.is_directed() else (lambda pair: tuple(sorted(pair)))
    assert sorted(ends((e["Source"], e["Target"])) for e in edges) == sorted(
        ends((u, v)) for u, v, *_ in G.edges
    )
    assert {e["Type"] for e in edges} == {"Directed" if G.is_directed() else "Undirected"}
    graphml_edge = next(iter(G.edges(data=True)))[-1]
    assert set(graphml_edge) - {"edge_key"} <= set(edges[0])


def test_export_unknown_view_is_refused(kg_example: Any) -> None:
    result = kg_example("export", "--format", "gexf", "--view", "gossip")
    assert result.exit_code == 1
    assert "unknown view" in result.output


def test_graph_help_names_every_subcommand(kg: Any) -> None:
    result = kg("graph", "--help", store=False)
    assert result.exit_code == 0
    for command in SUBCOMMANDS:
        assert command in result.output


def test_a_view_export_shows_its_stages_when_asked(kg_example: Any, tmp_path: Path) -> None:
    """At a million claims a view's export takes one to two minutes: --progress names
    each stage on stderr; the file is the same, and without it nothing is shown."""
    quiet = kg_example("export", "--view", "claims", "--format", "gexf")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    target = tmp_path / "claims.gexf"
    shown = kg_example("export", "--view", "claims", "-o", str(target), "--progress")
    assert shown.exit_code == 0
    stages = [line.split("…")[0] for line in shown.stderr.splitlines()]
    assert stages == [
        "kg: reading the claims",
        "kg: building the view",
        "kg: writing the file",
        f"wrote {target} (gexf)",
    ]
    assert target.read_text(encoding="utf-8") == quiet.stdout
    # an RDF export has no such stages
    assert kg_example("export", "--format", "nt", "--progress").stderr == ""
