"""Running users' SPARQL: parameters, errors, result formats, on the embedded store and on a
real Oxigraph server."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest

from kg.errors import QueryError
from kg.sparql import param_term, parse_params, run_query
from kg.sparql.lexer import shape_of
from kg.sparql.results import table_rows, write_graph, write_solutions
from kg.sparql.rewrite import Rewritten, values_insertion
from kg.store import Store

ALTMAN = "https://example.org/talent-war/agent/altman"
BEYER = "https://example.org/talent-war/agent/beyer"


def names(outcome_result: object, column: str) -> list[str]:
    return [row[column].value for row in outcome_result]  # type: ignore[attr-defined]


def test_string_parameter_is_bound_without_being_projected(any_example_store: Store) -> None:
    outcome = run_query(
        any_example_store,
        "SELECT ?agent WHERE { ?agent schema:name ?name }",
        {"name": "Lucas Beyer"},
    )
    columns, rows = table_rows(outcome.result)
    assert columns == ["agent"]
    assert rows == [{"agent": BEYER}]


def test_iri_parameter_binds_the_iri(any_example_store: Store) -> None:
    outcome = run_query(
        any_example_store,
        "SELECT ?name WHERE { ?who schema:name ?name }",
        {"who": f"<{ALTMAN}>"},
    )
    assert names(outcome.result, "name") == ["Sam Altman"]


@pytest.mark.parametrize(
    "value", ['x" } ; DROP ALL ; #', "{ ?s ?p ?o }", "<not an iri", "line\nbreak \\ back'slash"]
)
def test_a_value_with_quotes_or_braces_is_just_a_value(
    any_example_store: Store, value: str
) -> None:
    outcome = run_query(
        any_example_store, "SELECT ?v ?n WHERE { BIND(STRLEN(?v) AS ?n) }", {"v": value}
    )
    rows = list(outcome.result)
    assert [(r["v"].value, int(r["n"].value)) for r in rows] == [(value, len(value))]
    assert any_example_store.count() > 0  # nothing was dropped


def test_parameter_in_a_grouped_query(any_example_store: Store) -> None:
    outcome = run_query(
        any_example_store,
        "SELECT ?stance (COUNT(?c) AS ?n) WHERE { ?c cg:claimant ?who ; cg:stance ?stance } "
        "GROUP BY ?stance ORDER BY ?stance",
        {"who": f"<{BEYER}>"},
    )
    columns, rows = table_rows(outcome.result)
    assert columns == ["stance", "n"]
    assert rows == [{"stance": "cg:Asserts", "n": "1"}, {"stance": "cg:Denies", "n": "1"}]


def test_parameter_in_an_aggregate_without_group_by(any_example_store: Store) -> None:
    outcome = run_query(
        any_example_store,
        "SELECT (COUNT(?c) AS ?n) WHERE { ?c cg:claimant ?who }",
        {"who": f"<{ALTMAN}>"},
    )
    assert table_rows(outcome.result) == (["n"], [{"n": "3"}])


def test_parameters_in_ask_and_construct(any_example_store: Store) -> None:
    ask = "ASK { ?c cg:claimant ?who ; cg:stance cg:Denies }"
    assert bool(run_query(any_example_store, ask, {"who": f"<{BEYER}>"}).result)
    assert not bool(run_query(any_example_store, ask, {"who": f"<{ALTMAN}>"}).result)
    construct = "CONSTRUCT { ?who schema:name ?n } WHERE { ?who schema:name ?n }"
    triples = list(run_query(any_example_store, construct, {"who": f"<{ALTMAN}>"}).result)
    assert [(t.subject.value, t.object.value) for t in triples] == [(ALTMAN, "Sam Altman")]


def test_unknown_parameter_is_refused(empty_store: Store) -> None:
    with pytest.raises(QueryError, match=r"no variable \?nobody"):
        run_query(empty_store, "SELECT ?s WHERE { ?s ?p ?o }", {"nobody": "x"})


def test_param_syntax() -> None:
    assert parse_params(["a=1", "b=x=y", "?c=", "d=<http://x/>"]) == {
        "a": "1", "b": "x=y", "c": "", "d": "<http://x/>"
    }  # fmt: skip
    with pytest.raises(QueryError, match="NAME=VALUE"):
        parse_params(["novalue"])
    with pytest.raises(QueryError, match="twice"):
        parse_params(["a=1", "a=2"])
    assert param_term("<http://x/y>") == ox.NamedNode("http://x/y")
    assert param_term("plain") == ox.Literal("plain")
    with pytest.raises(QueryError, match="not an absolute IRI"):
        param_term("<not an iri>")


def test_syntax_error_is_one_line_with_the_position(any_example_store: Store) -> None:
    with pytest.raises(QueryError) as caught:
        run_query(any_example_store, "SELECT ?s\nWHERE { ?s ?p ?o ")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("syntax error at line 2, column ")


def test_error_position_is_in_the_users_text_after_rewriting(empty_store: Store) -> None:
    # A VALUES block goes in before the error: the column must still be the user's.
    text = "SELECT ?s WHERE { ?s ?p ?v } LIMT 3"
    with pytest.raises(QueryError) as caught:
        run_query(empty_store, text, {"v": "x"})
    plain = pytest.raises(QueryError)
    with plain as again:
        run_query(empty_store, text)
    assert str(caught.value) == str(again.value)


def test_rewrite_positions_map_back() -> None:
    text = "SELECT ?s WHERE { ?s ?p ?v }"
    rewritten = Rewritten(text)
    rewritten.insertions.append(values_insertion(text, shape_of(text), {"v": ox.Literal("x")}))
    assert rewritten.text == 'SELECT ?s WHERE { VALUES (?v) { ("x") }  ?s ?p ?v }'
    assert rewritten.original_position(1, 42) == (1, 19)  # "?s" moved by 23
    assert rewritten.original_position(1, 25) == (1, 18)  # inside the insertion


def test_not_a_query(empty_store: Store) -> None:
    with pytest.raises(QueryError, match="not a SPARQL query"):
        run_query(empty_store, "INSERT DATA { <http://a/> <http://b/> <http://c/> }")


def test_predeclared_prefixes_and_union_default_graph(any_example_store: Store) -> None:
    # cg:status lives in the derived graph, cg:proposition in the asserted one.
    outcome = run_query(
        any_example_store,
        "SELECT (COUNT(DISTINCT ?c) AS ?n) "
        "WHERE { ?c cg:proposition ?p . ?p cg:status cg:Contested }",
    )
    assert int(next(iter(outcome.result))["n"].value) == 2


def _solutions(store: Store, fmt: ox.QueryResultsFormat, bound: bool) -> bytes:
    query = (
        "SELECT ?name ?c WHERE { ?c cg:claimant ?who ; cg:stance cg:Denies . "
        "?who schema:name ?name }"
    )
    params = {"who": f"<{BEYER}>"} if bound else {}
    outcome = run_query(store, query, params)
    out = io.BytesIO()
    write_solutions(outcome.result, out, fmt)
    return out.getvalue()


@pytest.mark.parametrize("bound", [False, True], ids=["plain", "with-bound-parameter"])
def test_w3c_json_results(any_example_store: Store, bound: bool) -> None:
    document = json.loads(_solutions(any_example_store, ox.QueryResultsFormat.JSON, bound))
    assert document["head"]["vars"] == ["name", "c"]
    assert document["results"]["bindings"] == [
        {
            "name": {"type": "literal", "value": "Lucas Beyer"},
            "c": {"type": "uri", "value": "https://example.org/talent-war/claim/beyer-denial"},
        }
    ]


@pytest.mark.parametrize("bound", [False, True], ids=["plain", "with-bound-parameter"])
def test_w3c_csv_and_tsv_results(any_example_store: Store, bound: bool) -> None:
    text = _solutions(any_example_store, ox.QueryResultsFormat.CSV, bound).decode()
    assert list(csv.reader(io.StringIO(text))) == [
        ["name", "c"],
        ["Lucas Beyer", "https://example.org/talent-war/claim/beyer-denial"],
    ]
    assert "\r\n" in text  # the W3C CSV format ends lines with CRLF
    tsv = _solutions(any_example_store, ox.QueryResultsFormat.TSV, bound).decode()
    assert tsv.splitlines() == [
        "?name\t?c",
        '"Lucas Beyer"\t<https://example.org/talent-war/claim/beyer-denial>',
    ]


def test_xml_results_parse_back(any_example_store: Store) -> None:
    data = _solutions(any_example_store, ox.QueryResultsFormat.XML, True)
    parsed = ox.parse_query_results(data, ox.QueryResultsFormat.XML)
    assert [r["name"].value for r in parsed] == ["Lucas Beyer"]


def test_construct_as_turtle(any_example_store: Store) -> None:
    outcome = run_query(
        any_example_store, "CONSTRUCT { ?c cg:respondsTo ?t } WHERE { ?c cg:respondsTo ?t }"
    )
    assert outcome.kind == "graph"
    out = io.BytesIO()
    write_graph(outcome.result, out, ox.RdfFormat.TURTLE)
    text = out.getvalue().decode()
    assert "@prefix cg: <https://w3id.org/claimgraph/ns#>" in text
    triples = list(ox.parse(text, ox.RdfFormat.TURTLE))
    assert [(t.subject.value, t.object.value) for t in triples] == [
        (
            "https://example.org/talent-war/claim/beyer-denial",
            "https://example.org/talent-war/claim/altman-100m",
        )
    ]


def test_describe(any_example_store: Store) -> None:
    outcome = run_query(any_example_store, "DESCRIBE ?who", {"who": f"<{BEYER}>"})
    assert outcome.kind == "graph"
    assert "Lucas Beyer" in {t.object.value for t in outcome.result}


def test_ask_boolean(any_example_store: Store) -> None:
    outcome = run_query(any_example_store, "ASK { ?c cg:stance cg:Denies }")
    assert outcome.kind == "boolean" and bool(outcome.result)
    out = io.BytesIO()
    write_solutions(outcome.result, out, ox.QueryResultsFormat.JSON)
    assert json.loads(out.getvalue()) == {"head": {}, "boolean": True}
