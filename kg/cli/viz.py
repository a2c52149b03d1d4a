"""``kg viz``: pictures of the contradictions (HTML page, SVG / PNG figure, timeline)."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import StoreOptions


@click.command()
@click.option(
    "-o",
    "--output",
    default="kg-viz.html",
    show_default=True,
    type=click.Path(dir_okay=False, writable=True),
    help="File to write: .html (interactive, offline), .svg or .png (static).",
)
@click.option(
    "--focus", metavar="ID", help="Start from this agent, entity or claim (id, name or alias)."
)
@click.option(
    "--about",
    metavar="ID",
    help="Only claims about this agent or entity, and claims linked to them.",
)
@click.option("--timeline", is_flag=True, help="Claims over time, one lane per speaker.")
@click.option(
    "--max-nodes",
    type=click.IntRange(min=10),
    metavar="N",
    help="Nodes drawn at first; bigger graphs start from the most contested "
    "[default: 300 for .html, 120 for .svg/.png].",
)
@click.pass_obj
def viz(
    opts: StoreOptions,
    output: str,
    focus: str | None,
    about: str | None,
    timeline: bool,
    max_nodes: int | None,
) -> None:
    """Draw the contradictions: red for contradictions, green for corroborations.

    The .html page works offline: hover over or click a claim for its quote, speaker,
    date and source; filter by speaker or entity.
    """
    from kg.viz import write_picture

    with opts.open() as store:
        path = write_picture(
            store, Path(output), focus=focus, about=about, timeline=timeline, max_nodes=max_nodes
        )
    click.echo(f"wrote {path}", err=True)
