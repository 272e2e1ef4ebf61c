"""`stancekg serve`: the SPARQL endpoint and query page, served by waitress in this process.

The one command that reaches `server/` (style.md §3), through a function-local import, so
`stancekg --help` stays instant. One process with N threads: only one process may open an
on-disk Oxigraph store.
"""

from __future__ import annotations

import signal
import sys
from types import FrameType

import click

from ..settings import Settings
from . import main
from .options import store_option


@main.command()
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1). Env STANCEKG_HOST.")
@click.option("--port", type=int, default=None,
              help="Port to listen on (default 7878; 0 picks a free one and prints it). Env STANCEKG_PORT.")
@click.option("--threads", type=int, default=None, help="Worker threads (default 8). Env STANCEKG_THREADS.")
@store_option
def serve(host: str | None, port: int | None, threads: int | None, settings: Settings) -> None:
    """Serve /sparql (SPARQL 1.1 Protocol), the query page at /, /health, /stats and /void.

    Prints the URL it listens on, then serves until Ctrl-C or SIGTERM. Updates stay off unless
    STANCEKG_UPDATE_TOKEN is set.

    \b
    Example:
        stancekg serve --port 7878
        curl 'http://127.0.0.1:7878/sparql?query=ASK%20%7B%7D'
    """
    from waitress import create_server

    from server import create_app

    from ..store import open_store

    settings = settings.with_(**{k: v for k, v in {"host": host, "port": port, "threads": threads}.items()
                                 if v is not None})
    store = open_store(settings.store)
    try:
        app = create_app(store, settings)
        server = create_server(app, host=settings.host, port=settings.port, threads=settings.threads,
                               max_request_body_size=settings.max_request_bytes, ident="stancekg")
        shown_host = f"[{settings.host}]" if ":" in settings.host else settings.host
        url = f"http://{shown_host}:{server.effective_port}"  # type: ignore[union-attr]
        click.echo(f"stancekg: listening on {url}  (SPARQL endpoint {url}/sparql, query page {url}/)")
        click.echo(f"stancekg: store {settings.store}, {settings.threads} threads, "
                   f"updates {'on (bearer token)' if settings.update_token else 'off'}", err=True)
        sys.stdout.flush()

        def stop(signum: int, frame: FrameType | None) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        try:
            server.run()  # returns on Ctrl-C or SIGTERM (waitress catches the KeyboardInterrupt)
        except KeyboardInterrupt:
            pass
        finally:
            server.close()
            click.echo("stancekg: stopped", err=True)
    finally:
        store.close()
