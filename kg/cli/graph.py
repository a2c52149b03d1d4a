"""``kg graph …``: the NetworkX views and their analyses, as tables, JSON or CSV."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import click

from kg.cli.options import StoreOptions, format_option
from kg.cli.output import paragraph, render_csv, render_json, render_rows, render_table


def _options(function: Callable[..., Any]) -> Callable[..., Any]:
    function = format_option()(function)
    function = click.option(
        "--about",
        metavar="ID",
        help="Only claims whose subject or object is this agent or entity (id, name or IRI).",
    )(function)
    return click.pass_obj(function)


def _print(rows: list[dict[str, Any]], fmt: str, *columns: Sequence[str], **kw: Any) -> None:
    """``columns``: the table's and the CSV's; ``kw``: ``drop``, as for :func:`render_rows`."""
    click.echo(render_rows(rows, fmt, *columns, **kw), nl=False)


@click.group()
def graph() -> None:
    """NetworkX analyses: who said what about whom, who disagrees, whom to believe.

    Every subcommand takes --about ID (only claims about that agent or entity) and
    --format table|json|csv. `kg export --format gexf --view NAME` writes the views for Gephi.
    """


@graph.command("said-about")
@_options
def said_about(opts: StoreOptions, about: str | None, fmt: str) -> None:
    """Who said what about whom: one row per speaker and thing spoken about."""
    from kg.analysis.report import said_about_rows

    with opts.open() as store:
        rows = said_about_rows(store, about=about)
    table = ("speaker", "stance", "about", "role", "amount", "said_on", "statement")
    full = (
        "speaker",
        "stance",
        "about",
        "role",
        "amount",
        "said_on",
        "claim",
        "statement",
        "source",
        "speaker_iri",
        "about_iri",
        "claim_iri",
    )
    _print(rows, fmt, table, full, drop=("role", "amount", "said_on"))


@graph.command()
@_options
def disagreement(opts: StoreOptions, about: str | None, fmt: str) -> None:
    """Pairs of speakers: -1 per contradicting, +1 per corroborating pair of claims."""
    from kg.analysis.report import disagreement_rows

    with opts.open() as store:
        rows = disagreement_rows(store, about=about)
    table = (
        "speaker_1",
        "speaker_2",
        "weight",
        "contradictions",
        "corroborations",
        "kinds",
        "claims",
    )
    full = (*table, "reasons", "speaker_1_iri", "speaker_2_iri")
    _print(rows, fmt, table, full, drop=("corroborations", "contradictions"))


@graph.command()
@_options
def chains(opts: StoreOptions, about: str | None, fmt: str) -> None:
    """How each claim reached print: claimant → reporter → source, and its hops."""
    from kg.analysis.report import chains_rows

    with opts.open() as store:
        rows = chains_rows(store, about=about)
    _print(
        rows,
        fmt,
        ("claim", "hops", "chain"),
        ("claim", "hops", "chain", "statement", "said_on", "claim_iri"),
    )


def _top(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option("-n", "--top", type=click.IntRange(min=1), help=f"Show only {what}.")


@graph.command()
@_top("the first N of each")
@_options
def contested(opts: StoreOptions, about: str | None, fmt: str, top: int | None) -> None:
    """The most contested entities and propositions, by contradicting claim pairs."""
    from kg.analysis.report import contested_report

    with opts.open() as store:
        report = contested_report(store, about=about, n=top)
    columns = ("contradictions", "claims", "speakers")
    if fmt == "json":
        click.echo(render_json(report), nl=False)
        return
    rows = [
        {"kind": "entity", "name": r["name"], "iri": r["entity"], **r} for r in report["entities"]
    ]
    rows += [
        {"kind": "proposition", "name": r["statement"], "iri": r["proposition"], **r}
        for r in report["propositions"]
    ]
    if fmt == "csv":
        click.echo(render_csv(rows, ("kind", "name", *columns, "iri")), nl=False)
        return
    click.echo("Most contested entities:")
    click.echo(render_table(report["entities"], ("name", *columns)), nl=False)
    click.echo("\nMost contested propositions:")
    click.echo(render_table(report["propositions"], ("statement", *columns)), nl=False)


@graph.command()
@_top("the first N speakers")
@_options
def centrality(opts: StoreOptions, about: str | None, fmt: str, top: int | None) -> None:
    """The speakers at the centre of conflicts: contradictions, opponents, betweenness."""
    from kg.analysis.report import centrality_rows

    with opts.open() as store:
        rows = centrality_rows(store, about=about, n=top)
    table = ("name", "contradictions", "opponents", "corroborations", "allies", "betweenness")
    _print(rows, fmt, table, (*table, "speaker"))


@graph.command()
@click.option(
    "--max-camps", type=click.IntRange(min=1), help="At most this many camps per connected group."
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the random restarts.")
@_options
def camps(
    opts: StoreOptions, about: str | None, fmt: str, max_camps: int | None, seed: int
) -> None:
    """Camps of speakers: a signed partition that keeps contradicting speakers apart."""
    from kg.analysis.report import camps_report

    with opts.open() as store:
        report = camps_report(store, about=about, max_camps=max_camps, seed=seed)
    if fmt == "json":
        click.echo(render_json(report), nl=False)
        return
    rows = [
        {"camp": camp["camp"], "speaker": member["name"], "iri": member["iri"]}
        for camp in report["camps"]
        for member in camp["members"]
    ]
    rows += [{"camp": "", "speaker": name, "iri": ""} for name in report["unaligned"]]
    if fmt == "csv":
        click.echo(render_csv(rows, ("camp", "speaker", "iri")), nl=False)
        return
    click.echo(paragraph(f"Method: {report['method']}."))
    click.echo(
        paragraph(
            f"Frustration (negative edges inside camps + positive across): {report['frustration']}"
        )
        + "\n"
    )
    for camp in report["camps"]:
        click.echo(paragraph(f"Camp {camp['camp']}: {', '.join(camp['speakers'])}", "", "  "))
    if report["unaligned"]:
        click.echo(
            paragraph(
                "In no camp (no agreement or conflict with anyone): "
                + ", ".join(report["unaligned"]),
                "",
                "  ",
            )
        )


@graph.command()
@click.option(
    "--method",
    type=click.Choice(("both", "sums", "truthfinder")),
    default="both",
    show_default=True,
    help="Truth-discovery algorithm.",
)
@_options
def credibility(opts: StoreOptions, about: str | None, fmt: str, method: str) -> None:
    """Whom to believe: speaker trust and fact belief by Sums and TruthFinder.

    The method and what it assumes are printed with the figures: these scores measure
    agreement patterns in the store, not truth.
    """
    from kg.analysis.report import credibility_report

    with opts.open() as store:
        report = credibility_report(store, about=about, method=method)
    names = [m["name"] for m in report["methods"]]
    if fmt == "json":
        click.echo(render_json(report), nl=False)
        return
    if fmt == "csv":
        rows = [{"kind": "speaker", "name": r["speaker"], **r} for r in report["speakers"]]
        rows += [
            {"kind": f"fact ({r['stance']})", "name": r["statement"], **r} for r in report["facts"]
        ]
        click.echo(render_csv(rows, ("kind", "name", *names, "iri", "proposition")), nl=False)
        return
    for m in report["methods"]:
        click.echo(paragraph(f"{m['name']}: {m['reference']}", "", "  "))
    click.echo("Assumptions:")
    shown: set[str] = set()
    for m in report["methods"]:
        for line in m["assumptions"]:
            if line not in shown:
                shown.add(line)
                click.echo(paragraph(line, "  - ", "    "))
    click.echo("\nSpeakers (trust):")
    click.echo(render_table(report["speakers"], ("speaker", "facts", *names)), nl=False)
    click.echo("\nFacts (belief):")
    click.echo(render_table(report["facts"], (*names, "stance", "speakers", "statement")), nl=False)
