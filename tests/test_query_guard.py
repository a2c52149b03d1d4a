"""The refusal of SERVICE, LOAD, USING and foreign FROM: keywords are refused, look-alikes not."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.errors import QueryError
from kg.sparql.guard import refuse_outside_access
from kg.sparql.lexer import Kind, shape_of, tokenize, variables

REFUSED = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { service <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { SeRvIcE SILENT <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE{SERVICE<http://127.0.0.1:9/>{?s ?p ?o}}",
    "SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }",
    "PREFIX ex: <http://127.0.0.1:9/>\nSELECT * WHERE {\n  # comment\n  SERVICE ex: { ?s ?p ?o } }",
    "SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "ASK FROM <http://127.0.0.1:9/> { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "load <file:///etc/passwd> INTO GRAPH <http://g>",
    "DELETE { ?s ?p ?o } USING <http://127.0.0.1:9/> WHERE { ?s ?p ?o }",
    'SELECT * WHERE { ?s ?p "x" . SERVICE <http://127.0.0.1:9/> { ?s ?p "SERVICE" } }',
]

ALLOWED = [
    'SELECT * WHERE { ?s ?p "SERVICE" }',
    "SELECT * WHERE { ?s ?p 'load from service' }",
    'SELECT * WHERE { ?s ?p """a long\nSERVICE <http://x/> { } string""" }',
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://127.0.0.1:9/> LOAD FROM",
    "SELECT * WHERE { ?s <http://example.org/SERVICE/FROM> ?o }",
    "PREFIX service: <http://example.org/> SELECT * WHERE { ?s service:load ?from }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:a.SERVICE ?o }",
    "SELECT ?service ?load $from WHERE { ?service ?load $from }",
    "SELECT * WHERE { _:service ?p ?o }",
    'SELECT * WHERE { ?s ?p "x"@service }',
    'SELECT * WHERE { ?s ?p "escaped \\" SERVICE <http://x/> \\" quote" }',
    "SELECT * WHERE { GRAPH <https://w3id.org/claimgraph/graph/asserted> { ?s ?p ?o } }",
    # FROM naming the store's own graphs chooses the dataset (kg.sparql.dataset)
    "select * from <https://w3id.org/claimgraph/graph/asserted> { ?s ?p ?o }",
]


@pytest.mark.parametrize("query", REFUSED)
def test_refused_keywords_raise_query_error(query: str) -> None:
    with pytest.raises(QueryError, match="is refused"):
        refuse_outside_access(query)


@pytest.mark.parametrize("query", ALLOWED)
def test_lookalikes_in_strings_comments_iris_and_names_pass(query: str) -> None:
    refuse_outside_access(query)


def test_the_error_names_the_keyword_and_its_position() -> None:
    with pytest.raises(QueryError) as caught:
        refuse_outside_access("SELECT *\nWHERE {\n  service <http://127.0.0.1:9/> {} }")
    assert str(caught.value).startswith("line 3, column 3: SERVICE is refused")


def test_from_refusal_says_how_to_read_one_graph() -> None:
    with pytest.raises(QueryError, match=r"use GRAPH <https://w3id.org/claimgraph/graph/asserted>"):
        refuse_outside_access("SELECT * FROM <http://x/> { ?s ?p ?o }")


def test_allow_remote_lifts_the_check() -> None:
    refuse_outside_access(REFUSED[0], allow_remote=True)


def test_oxigraph_reads_escapes_only_inside_strings_and_iris() -> None:
    r"""A codepoint escape outside a string is no keyword to Oxigraph either.

    SPARQL 1.1 allows ``\u0053ERVICE`` to be unescaped before parsing; if Oxigraph did
    that, the guard would have to as well. It does not: the text is a syntax error.
    """
    with pytest.raises(SyntaxError):
        ox.Store().query(r"SELECT * WHERE { \u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")


def test_tokens_of_a_mixed_query() -> None:
    text = 'SELECT ?x WHERE { ?x ex:p "a \\"b\\" c"@en , 1.5e3 ; <http://x/> _:b } # tail'
    kinds = [t.kind for t in tokenize(text)]
    assert kinds == [
        Kind.WORD, Kind.VAR, Kind.WORD, Kind.PUNCT, Kind.VAR, Kind.PNAME, Kind.STRING,
        Kind.LANGTAG, Kind.PUNCT, Kind.NUMBER, Kind.PUNCT, Kind.IRI, Kind.BNODE, Kind.PUNCT,
    ]  # fmt: skip


def test_variables_include_names_hidden_by_the_less_than_ambiguity() -> None:
    # "<3&&?b>" has the shape of an IRI; the set must still hold ?b.
    assert variables(list(tokenize("SELECT * { FILTER(?a<3&&?b>2) }"))) >= {"a", "b"}


def test_shape_finds_projection_where_clause_and_group_by() -> None:
    text = (
        "PREFIX ex: <http://x/> SELECT DISTINCT ?a (COUNT(*) AS ?n) "
        "WHERE { ?a ex:p ?b { SELECT ?b WHERE { ?b ?p ?c } } } GROUP BY ?a ORDER BY ?n"
    )
    shape = shape_of(text)
    assert shape.form == "SELECT"
    assert shape.projected == {"a", "n"}
    assert shape.aggregates
    assert shape.tokens[shape.where_open].start == text.index("{ ?a")
    assert shape.tokens[shape.where_close].end == text.index(" GROUP")
    assert shape.group_by is not None and shape.tokens[shape.group_by].text == "BY"


def test_shape_of_select_star_and_count_star() -> None:
    assert shape_of("SELECT * WHERE { ?s ?p ?o }").projected is None
    assert shape_of("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").projected == {"n"}
    assert shape_of("INSERT DATA { <a:b> <a:c> <a:d> }").form is None
