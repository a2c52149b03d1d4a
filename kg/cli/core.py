"""Core commands: demo, ingest, validate, claims, contested, export, rebuild."""

from __future__ import annotations

import sys
import textwrap
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from kg.cli.options import StoreOptions, format_option
from kg.cli.output import render_csv, render_rows, render_table, table_lines, terminal_width
from kg.errors import InputError


class StageReporter:
    """Shows an ingest's (or a rebuild's) stages on stderr: each stage's start and time,
    and a progress bar.

    The bar is drawn only on a terminal (``bar=True``) and redrawn at most a few times a
    second, so it costs nothing next to the ingest.
    """

    WIDTH = 30

    def __init__(self, enabled: bool, *, bar: bool = False) -> None:
        self.enabled = enabled
        self.bar = bar and enabled
        self.stage = ""
        self.started = time.monotonic()
        self._drawn = 0.0
        self._open_bar = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if stage != self.stage:
            self._end_bar()
            self.stage = stage
            what = {
                "read": "reading, validating and loading the input",
                "derive": "deriving contradictions",
                "write": "committing (all or nothing)",
                "listings": "keeping the rows kg contested prints",
                "table": "reading every claim for the claim table",
                "claims": "reading the claims",
                "view": "building the view",
                "file": "writing the file",
            }.get(stage, stage)
            click.echo(f"kg: {what}… ({now - self.started:.1f} s)", err=True)
        if self.bar and total > 0 and (now - self._drawn >= 0.2 or done >= total):
            self._drawn = now
            filled = int(self.WIDTH * min(done / total, 1.0))
            bar = "#" * filled + "." * (self.WIDTH - filled)
            click.echo(f"\r  [{bar}] {100 * done / total:5.1f}%", err=True, nl=False)
            self._open_bar = True

    def _end_bar(self) -> None:
        if self._open_bar:
            click.echo("", err=True)
            self._open_bar = False

    def finish(self) -> None:
        """End the last bar's line."""
        self._end_bar()


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Validate and report, write nothing.")
@click.option(
    "--progress/--no-progress", default=None, help="Show stages [default: on a terminal]."
)
@click.pass_obj
def ingest(opts: StoreOptions, files: Sequence[str], dry_run: bool, progress: bool | None) -> None:
    """Add claim sheets (YAML, JSON), JSON Lines claim streams or RDF files.

    RDF may be Turtle, TriG, N-Triples, N-Quads or JSON-LD. All or nothing: if any file is
    invalid, nothing is written. Big inputs stream in bounded memory (docs/bulk.md).
    """
    from kg.ingest import ingest as run_ingest

    terminal = sys.stderr.isatty()
    reporter = StageReporter(terminal if progress is None else progress, bar=terminal)
    with opts.open(writable=not dry_run, create=True) as store:
        try:
            report = run_ingest(store, list(files), dry_run=dry_run, progress=reporter)
        except BaseException:
            reporter.finish()
            store.discard_if_new()  # a refused ingest into a new location creates no store
            raise
    reporter.finish()
    click.echo(report.summary())


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--no-shacl", is_flag=True, help="Skip the SHACL check (sheet rules only).")
def validate(files: Sequence[str], no_shacl: bool) -> None:
    """Check files against the sheet rules and the SHACL shapes; list every problem."""
    from kg.validate import validate_files

    result = validate_files(list(files), shacl=not no_shacl)
    if not result.ok:
        raise InputError(result.problems)
    click.echo(f"ok: {result.files} file(s), {result.claims} claims, no problems")


#: What every claim row starts with, in tables and in CSV.
_CLAIM_HEAD = ("id", "claimant", "stance", "subject", "predicate", "object", "amount")
CLAIM_COLUMNS = (*_CLAIM_HEAD, "during", "said_on", "contradicts", "corroborates")
CLAIM_CSV_COLUMNS = (
    *_CLAIM_HEAD,
    "during",
    "hedged",
    "on_behalf_of",
    "responds_to",
    "said_on",
    "medium",
    "source",
    "quote",
    "quote_lang",
    "contradicts",
    "corroborates",
    "iri",
)


@click.command()
@click.option(
    "--by", "by", metavar="AGENT", help="Only claims made by this agent (id, name or IRI)."
)
@click.option(
    "--about", metavar="ID", help="Only claims whose subject or object is this agent or entity."
)
@click.option(
    "--stance", type=click.Choice(("asserts", "denies", "declines")), help="Only this stance."
)
@format_option()
@click.pass_obj
def claims(
    opts: StoreOptions, by: str | None, about: str | None, stance: str | None, fmt: str
) -> None:
    """List claims: who said what, and what contradicts or corroborates it."""
    from kg.report import list_claims

    with opts.open() as store:
        rows = list_claims(store, by=by, about=about, stance=stance)
    if fmt == "table":
        rows = [_claim_for_people(row) for row in rows]
    drop = ("corroborates", "said_on", "during", "amount")  # the first to go when narrow
    click.echo(render_rows(rows, fmt, CLAIM_COLUMNS, CLAIM_CSV_COLUMNS, drop=drop), nl=False)


def _claim_for_people(row: dict[str, Any]) -> dict[str, Any]:
    """A claim row as a table shows it: hedges, spokespeople and replies in words."""
    shown = dict(row)
    if row.get("hedged"):
        shown["stance"] = f"{row['stance']} (hedged)"
    if row.get("on_behalf_of"):
        shown["claimant"] = f"{row['claimant']} for {row['on_behalf_of']}"
    if row.get("subject") is None and row.get("responds_to"):
        shown["predicate"] = "responds to"
        shown["object"] = ", ".join(row["responds_to"])
    return shown


CONTRADICTION_CSV = (
    "kind",
    "reason",
    "claim_1",
    "claimant_1",
    "stance_1",
    "claim_2",
    "claimant_2",
    "stance_2",
    "iri",
)


@click.command()
@format_option()
@click.pass_obj
def contested(opts: StoreOptions, fmt: str) -> None:
    """Contested propositions, each with its claims, and every contradiction with its reason."""
    from kg.report import contested as find_contested
    from kg.report import list_claims, write_contested_json

    if fmt == "json":  # streamed, one row a line: the first rows come before the last are read
        with opts.open() as store:
            write_contested_json(store, sys.stdout)
        return
    with opts.open() as store:
        data = find_contested(store)
        details = []
        if fmt == "table":
            wanted = sorted({c for p in data["propositions"] for c in p["claims"]})
            details = list_claims(store, iris=wanted)
    if fmt == "csv":
        click.echo(render_csv(_contradiction_rows(data), CONTRADICTION_CSV), nl=False)
    else:
        click.echo(contested_text(data, details), nl=False)


def _contradiction_rows(data: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    out = []
    for entry in data["contradictions"]:
        row: dict[str, Any] = {
            "kind": entry["kind"],
            "reason": entry["reason"],
            "iri": entry["iri"],
        }
        for n, claim in enumerate(entry["claims"][:2], start=1):
            row[f"claim_{n}"] = claim.get("id")
            row[f"claimant_{n}"] = claim.get("claimant")
            row[f"stance_{n}"] = claim.get("stance")
        out.append(row)
    return out


def contested_text(
    data: dict[str, list[dict[str, Any]]],
    details: list[dict[str, Any]],
    *,
    width: int | None = None,
) -> str:
    """The human view of ``kg contested``: propositions with their claims in one aligned
    table (a heading per proposition, predicates by their labels), then each
    contradiction with its reason, all within the terminal's width."""
    if not data["propositions"]:
        return "No contested propositions.\n"
    width = width or terminal_width()
    by_iri = {d["iri"]: d for d in details}
    groups = [
        (prop, [by_iri[iri] for iri in prop["claims"] if iri in by_iri])
        for prop in data["propositions"]
    ]
    rows = [
        {
            **_claim_for_people(claim),
            "when": " ".join(x for x in (claim.get("during"), claim.get("said_on")) if x) or None,
            "quote": f"« {claim['quote']} »" if claim.get("quote") else "",
        }
        for _, claims in groups
        for claim in claims
    ]
    columns = ("stance", "claimant", "id", "amount", "when", "quote")
    lines = [f"{len(data['propositions'])} contested proposition(s):", ""]
    if rows:
        laid = table_lines(rows, columns, width=width - 4, drop=("when", "amount"), max_lines=2)
        blocks = iter(laid.rows)
        lines += ["    " + line for line in laid.header]
        for prop, claims in groups:
            # The predicate as `kg claims` shows it: its label, from any claim stating it.
            predicate = claims[0]["predicate"] if claims else prop["predicate"]
            heading = f"{prop['subject']} · {predicate} · {prop['object']}"
            lines += textwrap.wrap(heading, width, initial_indent="  ", subsequent_indent="    ")
            for _ in claims:
                lines += ["    " + line for line in next(blocks)]
        lines += ["    " + line for line in laid.note]
    lines += ["", f"{len(data['contradictions'])} contradiction(s):"]
    for entry in data["contradictions"]:
        kinds = ", ".join(entry.get("kinds") or [entry["kind"]])
        ids = " × ".join(f"{c.get('id')} ({c.get('claimant')})" for c in entry["claims"])
        lines += textwrap.wrap(
            f"[{kinds}] {ids}", width, initial_indent="  ", subsequent_indent="    "
        )
        lines += textwrap.wrap(
            entry["reason"], width, initial_indent="    ", subsequent_indent="    "
        )
    return "\n".join(lines) + "\n"


EXPORT_FORMATS = (
    "turtle",
    "trig",
    "nt",
    "nquads",
    "jsonld",
    "rdfxml",
    "graphml",
    "gexf",
    "edges",
    "nodes",
    "edges-parquet",
    "nodes-parquet",
)


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    help="RDF syntax, or a graph format for a NetworkX view (edges, nodes: its CSV "
    "edge and node lists; edges-parquet, nodes-parquet: the same as Parquet) "
    "[default: from -o's extension, else turtle].",
)
@click.option(
    "--view",
    metavar="NAME",
    help="For the graph formats: said-about, disagreement, chains or claims.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="File to write [default: stdout]; its extension gives the format when --format "
    "is not given (.ttl .trig .nt .nq .jsonld .rdf .graphml .gexf).",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a view's stages [default: on a terminal].",
)
@click.pass_obj
def export(
    opts: StoreOptions,
    fmt: str | None,
    view: str | None,
    output: str | None,
    progress: bool | None,
) -> None:
    """Write the graph as Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML, GraphML, GEXF
    or a view's edge and node lists (CSV or Parquet)."""
    from kg.export import FORMAT_BY_SUFFIX, format_for_path
    from kg.export import export as run_export

    # stage names only, no bar: nothing is left to close if the export fails
    reporter = StageReporter(sys.stderr.isatty() if progress is None else progress)
    if fmt is None and output is not None:
        fmt = format_for_path(output)
        if fmt is None and Path(output).suffix.lower() == ".parquet":
            raise click.UsageError(
                f"{output!r} could hold a view's edges or its nodes: give --format "
                "edges-parquet or --format nodes-parquet"
            )
        if fmt is None:
            raise click.UsageError(
                f"cannot tell the format from {output!r}: give --format, or a file ending in "
                + " ".join(FORMAT_BY_SUFFIX)
            )
    fmt = fmt or "turtle"
    if output is None and fmt.endswith("-parquet") and sys.stdout.isatty():
        raise click.UsageError(f"{fmt} is a binary file: give -o FILE, or redirect the output")
    if output is None:
        with opts.open() as store:
            run_export(store, sys.stdout.buffer, fmt, view, progress=reporter)
        return
    target = Path(output)
    _check_writable(target, output)
    with opts.open() as store:
        partial = target.with_name(f".{target.name}.partial")
        try:
            with partial.open("wb") as out:
                run_export(store, out, fmt, view, progress=reporter)
            partial.replace(target)  # never leave a half-written export behind
        except OSError as exc:  # the user knows their path, not our temporary one
            raise click.ClickException(f"cannot write {output}: {_os_reason(exc)}") from None
        finally:
            partial.unlink(missing_ok=True)
    click.echo(f"wrote {output} ({fmt})", err=True)


def _check_writable(target: Path, shown: str) -> None:
    """Fail before the export is computed when its file cannot be written."""
    parent = target.parent
    if not parent.is_dir():
        what = "is not a directory" if parent.exists() else "no such directory"
        raise click.ClickException(f"cannot write {shown}: {what}")
    if target.is_dir():
        raise click.ClickException(f"cannot write {shown}: it is a directory")


def _os_reason(exc: OSError) -> str:
    import errno

    return {
        errno.ENOENT: "no such directory",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOSPC: "no space left on the device",
        errno.EROFS: "read-only file system",
    }.get(exc.errno or 0, (exc.strerror or str(exc)).lower())


@click.command()
@click.option(
    "--progress/--no-progress", default=None, help="Show stages [default: on a terminal]."
)
@click.pass_obj
def rebuild(opts: StoreOptions, progress: bool | None) -> None:
    """Recompute the derived graph (contradictions, corroborations, statuses) from scratch."""
    from kg.views.table_rows import rebuild_store

    reporter = StageReporter(sys.stderr.isatty() if progress is None else progress)
    with opts.open(writable=True) as store:  # a missing store is refused, not created
        derived, claims = rebuild_store(store, reporter)
    click.echo(f"rebuilt the derived graph: {derived:,} triples")
    if claims or store.keeps_claim_table:
        click.echo(f"rewrote the claim table: {claims:,} claims")
    else:
        click.echo("the claim table is not kept on this store: the views read the graphs")


@click.command()
@click.argument("directory", default="kg-demo", type=click.Path(file_okay=False))
def demo(directory: str) -> None:
    """Ingest the bundled Altman / Beyer / Pang example into DIRECTORY and show its conflicts."""
    from kg.demo import run_demo

    result = run_demo(directory)
    click.echo(f"Store: {result.store}\n{result.report.summary()}\n")
    click.echo(
        render_table(
            result.claims,
            ("id", "claimant", "stance", "subject", "predicate", "object", "amount", "said_on"),
        )
    )
    click.echo(contested_text(result.contested, result.claims))
    click.echo("Files:")
    for name, path in result.files.items():
        click.echo(f"  {name:<8} {path}")
    click.echo(
        f"\nThe demo's store is {result.store} (not the default ./.kg); give it with --store."
        f"\nNext: {result.next_command}"
    )
