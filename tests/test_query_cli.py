"""``kg query`` from the command line: formats, named queries, files, errors, exit codes."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg.demo import example_path

DATA = Path(__file__).resolve().parent / "data"
DENIALS = (
    "SELECT ?claim ?name WHERE { ?claim cg:stance cg:Denies ; cg:claimant ?who . "
    "?who schema:name ?name }"
)


@pytest.fixture
def kg_example(kg: Any) -> Any:
    """The CLI on an on-disk store holding the example and Altman's English quote."""
    result = kg("ingest", str(example_path()), str(DATA / "altman-podcast-en.yaml"))
    assert result.exit_code == 0, result.stderr
    return kg


def test_table_by_default(kg_example: Any) -> None:
    result = kg_example("query", DENIALS)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["CLAIM", "NAME"]
    assert "beyer-denial" in lines[1] and lines[1].endswith("Lucas Beyer")


def test_json_is_w3c_query_results(kg_example: Any) -> None:
    result = kg_example("query", "--format", "json", DENIALS)
    document = json.loads(result.stdout)
    assert document == {
        "head": {"vars": ["claim", "name"]},
        "results": {
            "bindings": [
                {
                    "claim": {
                        "type": "uri",
                        "value": "https://example.org/talent-war/claim/beyer-denial",
                    },
                    "name": {"type": "literal", "value": "Lucas Beyer"},
                }
            ]
        },
    }


def test_csv_tsv_and_xml(kg_example: Any) -> None:
    rows = list(csv.reader(io.StringIO(kg_example("query", "--format", "csv", DENIALS).stdout)))
    assert rows == [
        ["claim", "name"],
        ["https://example.org/talent-war/claim/beyer-denial", "Lucas Beyer"],
    ]
    tsv = kg_example("query", "--format", "tsv", DENIALS).stdout
    assert tsv.splitlines()[1] == (
        '<https://example.org/talent-war/claim/beyer-denial>\t"Lucas Beyer"'
    )
    xml = kg_example("query", "--format", "xml", DENIALS).stdout
    parsed = ox.parse_query_results(xml.encode(), ox.QueryResultsFormat.XML)
    assert [r["name"].value for r in parsed] == ["Lucas Beyer"]


def test_param_value_with_quotes_is_a_value(kg_example: Any) -> None:
    value = 'Lucas Beyer" } ; DROP ALL #'
    result = kg_example(
        "query", "--format", "csv", "--param", f"name={value}",
        "SELECT ?who WHERE { ?who schema:name ?name }",
    )  # fmt: skip
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["who"]  # no agent has that name, and no error
    found = kg_example(
        "query", "--format", "csv", "--param", "name=Lucas Beyer",
        "SELECT ?who WHERE { ?who schema:name ?name }",
    )  # fmt: skip
    assert found.stdout.splitlines() == ["who", "https://example.org/talent-war/agent/beyer"]


def test_iri_param(kg_example: Any) -> None:
    result = kg_example(
        "query", "--format", "csv", "--param", "who=<https://example.org/talent-war/agent/altman>",
        "SELECT ?name WHERE { ?who schema:name ?name }",
    )  # fmt: skip
    assert result.stdout.splitlines() == ["name", "Sam Altman"]


def test_named_query(kg_example: Any) -> None:
    result = kg_example(
        "query", "--named", "contradictions-between", "--param", "a=beyer", "--param", "b=altman",
        "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    [row] = json.loads(result.stdout)["results"]["bindings"]
    assert row["claim_a"]["value"] == "beyer-denial" and row["claim_b"]["value"] == "altman-100m"
    assert "a" not in row and "b" not in row  # the parameters are not columns


def test_named_query_needs_its_parameters(kg_example: Any) -> None:
    result = kg_example("query", "--named", "said-about")
    assert result.exit_code == 1
    assert "needs --param entity=…" in result.stderr


def test_list_named_queries(kg: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "300")  # one line per query
    result = kg("query", "--list")
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.stdout.splitlines()[1:]]
    assert names == [
        "claims-by", "claims-over-time", "contested", "contradictions-between",
        "corroborated-uncontested", "multilingual-agents", "said-about", "second-hand",
    ]  # fmt: skip
    listed = json.loads(kg("query", "--list", "--format", "json").stdout)
    said = next(q for q in listed if q["name"] == "said-about")
    assert said["params"] == "entity=…" and said["example"].startswith("kg query --named")


def test_query_from_a_file_and_from_stdin(kg_example: Any, tmp_path: Path) -> None:
    path = tmp_path / "denials.rq"
    path.write_text(DENIALS)
    from_file = kg_example("query", "--format", "csv", str(path))
    from_stdin = kg_example("query", "--format", "csv", "-", input=DENIALS)
    assert from_file.stdout == from_stdin.stdout
    assert "Lucas Beyer" in from_file.stdout
    missing = kg_example("query", str(tmp_path / "missing.rq"))
    assert missing.exit_code == 1 and "cannot read" in missing.stderr


def test_construct_prints_turtle_or_ntriples(kg_example: Any) -> None:
    query = "CONSTRUCT { ?c cg:respondsTo ?t } WHERE { ?c cg:respondsTo ?t }"
    turtle = kg_example("query", query).stdout
    assert turtle.startswith("@prefix")
    assert len(list(ox.parse(turtle, ox.RdfFormat.TURTLE))) == 1
    nt = kg_example("query", "--format", "nt", query).stdout
    assert nt.strip().endswith("<https://example.org/talent-war/claim/altman-100m> .")
    assert kg_example("query", "--format", "csv", query).exit_code == 2


def test_ask_prints_yes_or_no(kg_example: Any) -> None:
    assert kg_example("query", "ASK { ?c cg:stance cg:Denies }").stdout == "yes\n"
    assert kg_example("query", "ASK { ?c cg:stance cg:Nothing }").stdout == "no\n"


def test_syntax_error_is_one_line_and_exit_1(kg_example: Any) -> None:
    result = kg_example("query", "SELECT ?s WHERE {\n  ?s ?p ")
    assert result.exit_code == 1
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: syntax error at line 2, column ")


def test_usage_errors_exit_2(kg: Any) -> None:
    assert kg("query").exit_code == 2
    assert kg("query", "--named", "contested", "SELECT * {}").exit_code == 2
    assert kg("query", "--format", "turtle", "SELECT * WHERE { ?s ?p ?o }").exit_code == 2


def test_service_is_refused_and_opens_no_connection(
    kg_example: Any, connection_recorder: Any
) -> None:
    target = f"http://127.0.0.1:{connection_recorder.port}/"
    for query in (
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ service <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{target}> WHERE {{ ?s ?p ?o }}",
    ):
        result = kg_example("query", query)
        assert result.exit_code == 1
        assert "is refused" in result.stderr and "--allow-remote" in result.stderr
    time.sleep(0.3)
    assert connection_recorder.connections == []


def test_allow_remote_really_lets_service_through(
    kg_example: Any, connection_recorder: Any
) -> None:
    """The control for the test above: the recorder does see Oxigraph's SERVICE call."""
    target = f"http://127.0.0.1:{connection_recorder.port}/"
    query = f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"
    result = kg_example("query", "--allow-remote", query)
    assert result.exit_code == 1  # the recorder hangs up: the SERVICE call fails
    assert len(connection_recorder.connections) >= 1


NAMED_RUNS = [
    ["--named", "said-about", "--param", "entity=meta"],
    ["--named", "claims-by", "--param", "agent=<https://example.org/talent-war/agent/altman>"],
    ["--named", "contested"],
    ["--named", "contradictions-between", "--param", "a=Lucas Beyer", "--param", "b=altman"],
    ["--named", "second-hand"],
    ["--named", "claims-over-time"],
    ["--named", "corroborated-uncontested"],
    ["--named", "multilingual-agents"],
]


def test_same_answers_from_a_remote_store(kg_example: Any, oxigraph_server: Any) -> None:
    oxigraph_server.clear()
    remote = ["--store", oxigraph_server.query_url, "--update-url", oxigraph_server.update_url]
    ingested = kg_example(
        *remote, "ingest", str(example_path()), str(DATA / "altman-podcast-en.yaml"), store=False
    )
    assert ingested.exit_code == 0, ingested.stderr
    for run in NAMED_RUNS:
        local = kg_example("query", "--format", "json", *run)
        far = kg_example(*remote, "query", "--format", "json", *run, store=False)
        assert local.exit_code == far.exit_code == 0, (run, local.stderr, far.stderr)
        assert json.loads(local.stdout)["results"]["bindings"], run  # every query finds rows
        assert json.loads(far.stdout) == json.loads(local.stdout), run
