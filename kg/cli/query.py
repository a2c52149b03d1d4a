"""``kg query``: SPARQL from the command line, and the shipped named queries."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from kg.cli.options import StoreOptions, format_option
from kg.cli.output import render_json, render_table

QUERY_FORMATS = ("table", "json", "csv", "tsv", "xml", "turtle", "nt")


@click.command()
@click.argument("query", required=False)
@click.option("--named", metavar="NAME", help="Run a shipped named query (see --list).")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind ?NAME to the string VALUE, or to an IRI written <…>. Repeatable.",
)
@click.option("--list", "list_named", is_flag=True, help="List the named queries and exit.")
@format_option(
    QUERY_FORMATS,
    "SELECT/ASK: table, or W3C json, csv, tsv, xml. CONSTRUCT/DESCRIBE: turtle or nt.",
)
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Let the query use SERVICE and FROM (off by default: queries read this store only).",
)
@click.pass_obj
def query(
    opts: StoreOptions,
    query: str | None,
    named: str | None,
    params: Sequence[str],
    list_named: bool,
    fmt: str,
    allow_remote: bool,
) -> None:
    """Run a SPARQL query: QUERY is the text, a .rq file, or '-' for standard input.

    The prefixes cg: schema: rdf: rdfs: xsd: owl: prov: foaf: are predeclared, and
    queries see the asserted and derived graphs as one default graph.

    \b
    Examples:
      kg query 'SELECT ?name WHERE { ?a a prov:Agent ; schema:name ?name }'
      kg query --named said-about --param entity=meta
      kg query --list
    """
    from kg.sparql import get_named_query, named_queries, parse_params, run_named, run_query

    if list_named:
        _print_named(named_queries(), fmt)
        return
    if (query is None) == (named is None):
        raise click.UsageError("give either QUERY (text, file or '-') or --named NAME")
    bound = parse_params(params)
    if named is not None:
        chosen = get_named_query(named)
        chosen.check_params(bound)
        text = chosen.text
    else:
        assert query is not None
        text = _query_text(query)
    _check_format(text, fmt)
    with opts.open() as store:
        hint = " (kg query --allow-remote lifts this)"
        if named is not None:  # from what the store keeps for it, if anything
            outcome = run_named(store, named, bound, allow_remote=allow_remote, hint=hint)
        else:
            outcome = run_query(store, text, bound, allow_remote=allow_remote, hint=hint)
        _print_outcome(outcome, fmt)


def _check_format(text: str, fmt: str) -> None:
    """A --format the query's form cannot print is a usage error, found before the store
    is opened (and the query is not even a query: said before the store is opened too)."""
    from kg.sparql.results import GRAPH_FORMATS
    from kg.sparql.run import query_form

    form = query_form(text)
    if form in ("CONSTRUCT", "DESCRIBE") and fmt not in ("table", *GRAPH_FORMATS):
        raise click.UsageError(f"CONSTRUCT and DESCRIBE print turtle or nt, not {fmt}")
    if form in ("SELECT", "ASK") and fmt in GRAPH_FORMATS:
        raise click.UsageError(f"--format {fmt} is for CONSTRUCT and DESCRIBE queries")


def _query_text(argument: str) -> str:
    if argument == "-":
        return sys.stdin.read()
    path = Path(argument)
    looks_like_file = "\n" not in argument and argument.endswith((".rq", ".sparql", ".txt"))
    if looks_like_file or (len(argument) < 4096 and "{" not in argument and path.is_file()):
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise click.ClickException(f"cannot read {argument}: {exc.strerror}") from None
    return argument


def _print_outcome(outcome: object, fmt: str) -> None:
    from kg.sparql import Outcome
    from kg.sparql.results import (
        GRAPH_FORMATS,
        SOLUTION_FORMATS,
        table_rows,
        write_graph,
        write_solutions,
    )

    assert isinstance(outcome, Outcome)
    out = sys.stdout.buffer
    if outcome.kind == "graph":
        if fmt not in ("table", *GRAPH_FORMATS):
            raise click.UsageError(f"CONSTRUCT and DESCRIBE print turtle or nt, not {fmt}")
        write_graph(outcome.result, out, GRAPH_FORMATS.get(fmt, GRAPH_FORMATS["turtle"]))
        return
    if fmt in GRAPH_FORMATS:
        raise click.UsageError(f"--format {fmt} is for CONSTRUCT and DESCRIBE queries")
    if fmt in SOLUTION_FORMATS:
        write_solutions(outcome.result, out, SOLUTION_FORMATS[fmt])
        if fmt in ("json", "xml"):
            out.write(b"\n")
        return
    if outcome.kind == "boolean":
        click.echo("yes" if bool(outcome.result) else "no")
        return
    columns, rows = table_rows(outcome.result, iri_width=40)
    if not columns:
        click.echo(f"{len(rows)} solution(s), no variables")
        return
    click.echo(render_table(rows, columns), nl=False)


def _print_named(queries: Sequence[object], fmt: str) -> None:
    from kg.sparql import NamedQuery

    rows = []
    for entry in queries:
        assert isinstance(entry, NamedQuery)
        rows.append(
            {
                "name": entry.name,
                "params": " ".join(f"{p}=…" for p in entry.params),
                "description": entry.description,
                "example": entry.example,
            }
        )
    if fmt == "json":
        click.echo(render_json(rows), nl=False)
    else:
        click.echo(render_table(rows, ("name", "params", "description")), nl=False)
