"""``kg serve``: a SPARQL 1.1 Protocol endpoint over the store."""

from __future__ import annotations

import signal
from types import FrameType

import click

from kg.cli.options import StoreOptions


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=7879,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--token",
    envvar="KG_SERVE_TOKEN",
    metavar="T",
    help="Accept SPARQL Update carrying 'Authorization: Bearer T' [env: KG_SERVE_TOKEN]. "
    "Without it the endpoint is read-only.",
)
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds a query may run before it is stopped (503).",
)
@click.option(
    "--max-results",
    default=10_000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Most rows or triples in one answer (422 beyond).",
)
@click.option(
    "--max-request-bytes",
    default=1 << 20,
    show_default=True,
    type=click.IntRange(min=1024),
    help="Largest request accepted (413 beyond).",
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Queries answered at the same time (one process each).",
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

    Read-only unless --token is given. Queries may not use SERVICE, LOAD or FROM.
    Stop with Ctrl-C.
    """
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
