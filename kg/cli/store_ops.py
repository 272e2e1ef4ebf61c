"""Whole-store commands: `stancekg push` (copy a store to another in bulk), `stancekg drop-article` and
`stancekg summarize` (rebuild the corpus-wide counts)."""

from __future__ import annotations

import click

from ..settings import Settings
from . import main
from .options import store_option


@main.command()
@click.option("--to", "target", required=True, metavar="SPEC",
              help="The store to copy into: sparql:URL;update=...;gsp=..., oxigraph:PATH, memory:.")
@store_option
def push(target: str, settings: Settings) -> None:
    """Copy every graph of the store into another store, in bulk.

    Each graph replaces the graph of the same name in the target; the target's other graphs stay.
    With a Graph Store URL (gsp=) a remote target receives whole graphs by HTTP PUT and POST.

    \b
    Example:
        stancekg push --to "sparql:http://127.0.0.1:8890/sparql;update=http://127.0.0.1:8890/sparql-auth;gsp=http://127.0.0.1:8890/sparql-graph-crud-auth;user=dba;password=dba;auth=digest"
    """
    from ..bulk import copy_store, source_graphs
    from ..store import open_store

    source = open_store(settings.store)
    destination = open_store(target)
    graphs = len(source_graphs(source))
    sent = copy_store(source, destination)
    click.echo(f"copied {sent} triples in {graphs} graphs to {target.split(';')[0]}")


@main.command("drop-article")
@click.argument("article_id")
@store_option
def drop_article(article_id: str, settings: Settings) -> None:
    """Remove one article's graph (ARTICLE_ID: the 16-hex-digit id, or its graph IRI).

    Shared actor descriptions stay. Exits with an error when the store has no such article.

    \b
    Example:
        stancekg drop-article 97674310acafa507
    """
    from ..errors import StanceKGError
    from ..ingest import delete_article
    from ..store import open_store

    key = article_id.rstrip("/").rsplit("/", 1)[-1]
    ds = open_store(settings.store)
    if not delete_article(ds, key):
        raise StanceKGError(f"no article {key!r} in the store {settings.store}")
    click.echo(f"dropped article {key}")


@main.command()
@store_option
def summarize(settings: Settings) -> None:
    """Rebuild the summaries graph (corpus-wide counts, group splits) from the article graphs and the actors
    graph, in writes of bounded size, each flushed to disk: first each article graph's counts, counted
    again from its stances (only what differs is written), then the old group splits a share at a time,
    the rest of the graph, the counts, then the new splits a slice of the topics at a time.

    Ingest keeps the summaries up to date by itself; run this after a bulk load (`stancekg push`, the
    benchmarks) or after changing stances, events, memberships or tenures through /update.

    \b
    Example:
        stancekg summarize --store oxigraph:./store
    """
    from ..store import open_store
    from ..summaries import summarize as rebuild

    tallies = rebuild(open_store(settings.store))
    click.echo(f"summaries rebuilt: {tallies} tallies")
