"""``kg serve``: a SPARQL 1.1 Protocol endpoint over the store."""

from __future__ import annotations

import signal
from collections.abc import Callable
from types import FrameType
from typing import Any

import click

from kg.cli.options import StoreOptions


def _number_option(
    flag: str, default: float, kind: click.ParamType, help: str
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(flag, default=default, show_default=True, type=kind, help=help)


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@_number_option("--port", 7879, click.IntRange(0, 65535), "Port to listen on (0: any free port).")
@click.option(
    "--token",
    envvar="KG_SERVE_TOKEN",
    metavar="T",
    help="Accept SPARQL Update carrying 'Authorization: Bearer T' [env: KG_SERVE_TOKEN]. "
    "Without it the endpoint is read-only.",
)
@_number_option(
    "--timeout",
    30.0,
    click.FloatRange(min=0.1),
    "Seconds a query may run before it is stopped (503).",
)
@_number_option(
    "--max-results",
    10_000,
    click.IntRange(min=1),
    "Most rows or triples in one answer (422 beyond, with X-SPARQL-MaxRows).",
)
@_number_option(
    "--max-request-bytes",
    1 << 20,
    click.IntRange(min=1024),
    "Largest request accepted (413 beyond).",
)
@_number_option(
    "--workers", 2, click.IntRange(1, 64), "Queries answered at the same time (one process each)."
)
@click.option("--quiet", is_flag=True, help="Do not log each request.")
@click.pass_obj
def serve(
    opts: StoreOptions,
    host: str,
    port: int,
    token: str | None,
    timeout: float,
    max_results: int,
    max_request_bytes: int,
    workers: int,
    quiet: bool,
) -> None:
    """Serve the store over the SPARQL 1.1 Protocol at http://HOST:PORT/sparql.

    Read-only unless --token is given. Queries may not use SERVICE or LOAD; FROM and
    FROM NAMED choose among the store's own graphs. A browser opening the URL gets a
    query page. Stop with Ctrl-C.
    """
    opts.require_store()
    from kg.serve import ServeConfig, make_server

    config = ServeConfig(
        opts.location,
        opts.update_url,
        host,
        port,
        token or None,
        timeout,
        max_results,
        max_request_bytes,
        workers,
        quiet,
    )
    try:
        server = make_server(config)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    mode = "read-write with the token" if token else "read-only"
    click.echo(f"kg serve: SPARQL endpoint at {server.url} ({mode}); Ctrl-C stops it", err=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(
            f"kg serve: warning: listening on {host}, reachable from other machines", err=True
        )
    signal.signal(signal.SIGTERM, _stop)  # `kill` stops the workers too, as Ctrl-C does
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("kg serve: stopping", err=True)
    finally:
        server.server_close()
