"""The ``kg`` command line. The only package that imports click.

Each command is a few lines: open the store, call one library function, print. Library
errors (:class:`kg.errors.KgError`) become ``Error: …`` on stderr and exit status 1; click's
usage errors exit with 2; nothing ever prints a traceback unless ``KG_DEBUG=1``.

Commands live in one module per topic (``kg.cli.core``, ``kg.cli.query``…) as plain click
commands, added to the group here; :mod:`kg.cli.output` holds the one ``--format`` option
and the one row printer every listing uses.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from kg import __version__
from kg.cli import core, draft, graph, query, serve, store, viz
from kg.cli.options import StoreOptions
from kg.errors import KgError
from kg.store import default_location

__all__ = ["cli", "main"]


class KgGroup(click.Group):
    """A click group that turns claimgraph's errors into one line and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgError as exc:
            raise click.ClickException(str(exc)) from None
        except BrokenPipeError:
            # `kg claims | head`: the reader went away; that is not an error.
            sys.stderr.close()
            raise SystemExit(0) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except OSError as exc:
            where = f" ({exc.filename})" if exc.filename else ""
            raise click.ClickException(f"{exc.strerror or exc}{where}") from None
        except Exception as exc:
            if os.environ.get("KG_DEBUG"):
                raise
            raise click.ClickException(
                f"internal error: {type(exc).__name__}: {exc} "
                "(run with KG_DEBUG=1 for details, and please report it)"
            ) from None


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    "location",
    metavar="LOCATION",
    help="Store directory, 'memory:', or a SPARQL endpoint's query URL "
    "[default: $KG_STORE, else ./.kg].",
)
@click.option(
    "--update-url",
    metavar="URL",
    help="SPARQL update URL of a remote store, when it differs from the query URL "
    "[default: $KG_UPDATE_URL].",
)
@click.version_option(__version__, prog_name="kg")
@click.pass_context
def cli(ctx: click.Context, location: str | None, update_url: str | None) -> None:
    """claimgraph: who said what about whom, and where the claims contradict each other.

    Start with `kg demo`, then `kg ingest SHEET.yaml` and `kg contested`.
    """
    ctx.obj = StoreOptions(
        location or default_location(), update_url or os.environ.get("KG_UPDATE_URL")
    )


for _command in (
    core.demo,
    core.ingest,
    core.validate,
    core.claims,
    core.contested,
    core.export,
    core.rebuild,
    store.info,
    store.retract,
    query.query,
    graph.graph,
    viz.viz,
    serve.serve,
    draft.draft,
):
    cli.add_command(_command)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="kg")
