"""Commands about the store itself: ``kg info`` (which store, what it holds) and
``kg retract`` (take claims back)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click

from kg.cli.options import StoreOptions, format_option
from kg.cli.output import render_json


@click.command()
@format_option(("table", "json"))
@click.pass_obj
def info(opts: StoreOptions, fmt: str) -> None:
    """Which store this is (location, kind) and what it holds: claims, agents, sources,
    propositions, contested propositions, contradictions by kind, triples."""
    from kg.report.info import store_info

    with opts.open() as store:
        data = store_info(store)
    click.echo(render_json(data) if fmt == "json" else info_text(data), nl=False)


def info_text(data: dict[str, Any]) -> str:
    """``kg info`` for people: one fact a line."""
    kinds = data["contradictions"]
    by_kind = ", ".join(f"{kinds[k]:,} {k}" for k in kinds if k != "total")
    triples = data["triples"]
    where = data.get("path", data["location"])
    facts = [
        ("store", where),
        ("kind", f"{data['kind']} ({data['description']})"),
    ]
    if "update_url" in data:
        facts.append(("update URL", data["update_url"]))
    facts += [
        ("claims", f"{data['claims']:,}"),
        ("agents", f"{data['agents']:,}"),
        ("sources", f"{data['sources']:,}"),
        ("entities", f"{data['entities']:,}"),
        (
            "propositions",
            f"{data['propositions']:,} ({data['contested_propositions']:,} contested)",
        ),
        ("contradictions", f"{kinds['total']:,} ({by_kind})"),
        ("corroborations", f"{data['corroborations']:,} (pairs of claims)"),
        (
            "triples",
            f"{triples['total']:,} ({triples['asserted']:,} asserted, "
            f"{triples['derived']:,} derived)",
        ),
        (
            "listing rows",
            "kept (kg contested reads them)"
            if data["listing_rows_kept"]
            else "missing: kg contested reads the graphs, slower; kg rebuild writes them",
        ),
        (
            "claim table",
            "kept (the views read it)"
            if data["claim_table_kept"]
            else "not used: the views read the graphs, slower (kg rebuild writes it, except"
            " on Virtuoso, which does not keep it)",
        ),
        (
            "quote counts",
            "kept (kg query --named multilingual-agents reads them)"
            if data["quote_counts_kept"]
            else "missing: multilingual-agents reads the graphs, slower; the next write or "
            "kg rebuild writes them",
        ),
    ]
    width = max(len(name) for name, _ in facts)
    return "".join(f"{name.ljust(width)}  {value}\n" for name, value in facts)


@click.command()
@click.argument("ids", nargs=-1, metavar="ID…")
@click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="SRC",
    help="Retract every claim of this source (id or IRI). Repeatable.",
)
@click.option("--dry-run", is_flag=True, help="Say what would be retracted; change nothing.")
@click.pass_obj
def retract(opts: StoreOptions, ids: Sequence[str], sources: Sequence[str], dry_run: bool) -> None:
    """Remove claims (by claim id or IRI) and everything derived from them.

    All or nothing: if any ID or SRC is unknown, nothing changes (exit 1). Contradictions,
    corroborations and statuses are recomputed, so the store ends as if the claims had
    never been ingested; agents and sources they used stay.

    \b
    Examples:
      kg retract beyer-denial
      kg retract --source numerama-fr
    """
    from kg.derive.retract import retract as run_retract

    if not ids and not sources:
        raise click.UsageError("give the claims to retract (ID…) or --source SRC")
    with opts.open(writable=not dry_run) as store:
        report = run_retract(store, ids, sources=sources, dry_run=dry_run)
    click.echo(report.summary())
