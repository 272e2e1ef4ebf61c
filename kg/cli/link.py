"""Wikidata and network commands: link, enrich, draw, export-graph."""

from __future__ import annotations

from pathlib import Path

import click

from ..settings import Settings
from . import main
from .options import store_option


@main.command()
@click.option("--review", "review", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the ranked candidates to this TSV for a curator (fill the `accept` column with yes).")
@click.option("--accept", "accept", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Link the rows of a reviewed TSV marked accept=yes (never replaces a curated id).")
@click.option("--limit", default=5, show_default=True, help="Candidates per actor.")
@store_option
def link(review: Path | None, accept: Path | None, limit: int, settings: Settings) -> None:
    """Propose Wikidata ids for actors without one; link only what a curator accepted.

    Candidates come from the SPARQL endpoint STANCEKG_WIKIDATA_ENDPOINT (Wikidata by default):
    English label and alias matches, constrained by type (human, state, government, organisation),
    ranked, with the evidence. Answers are cached in STANCEKG_CACHE_DIR and requests kept to
    STANCEKG_WIKIDATA_RATE per second. Without --accept the store is not changed.

    \b
    Examples:
        stancekg link                          # show the candidates
        stancekg link --review review.tsv      # write them for a curator
        stancekg link --accept review.tsv      # link the rows marked accept=yes
    """
    from ..link import accept_proposals, propose_links, read_review_file, write_review_file
    from ..store import open_store

    if review is not None and accept is not None:
        raise click.UsageError("--review writes candidates, --accept applies a reviewed file: one at a time")
    ds = open_store(settings.store)
    try:
        if accept is not None:
            for actor, qid, status in accept_proposals(ds, read_review_file(accept)):
                note = "linked" if status == "linked" else f"kept its curated id {qid}"
                click.echo(f"{actor}\t{qid if status == 'linked' else ''}\t{note}")
            return
        proposals = propose_links(ds, settings, limit=limit)
        for p in proposals:
            click.echo(f"{p.label} ({p.kind}) <{p.actor}>")
            if not p.candidates:
                click.echo("    no candidate")
            for rank, c in enumerate(p.candidates, start=1):
                click.echo(f"    {rank}. {c.qid} {c.label} — {c.description} [score {c.score:.2f}; {c.evidence}]")
        if review is not None:
            rows = write_review_file(proposals, review)
            click.echo(f"wrote {rows} candidates to {review}; mark accept=yes, then: stancekg link --accept {review}",
                       err=True)
    finally:
        ds.close()


@main.command()
@store_option
def enrich(settings: Settings) -> None:
    """Copy labels, descriptions, positions held (P39) and memberships (P463) of linked actors from Wikidata.

    Replaces the graph <https://w3id.org/stancekg/id/graph/wikidata> in one transaction; the named
    query `wikidata-profiles` reads it. Uses STANCEKG_WIKIDATA_ENDPOINT, the cache and the rate limit.

    \b
    Example:
        stancekg enrich
        stancekg query --name wikidata-profiles --param actor=Q7747
    """
    from ..link import enrich_linked_actors
    from ..store import open_store

    ds = open_store(settings.store)
    try:
        result = enrich_linked_actors(ds, settings)
    finally:
        ds.close()
    click.echo(f"copied {result.triples} triples about {result.items} linked items "
               f"({result.requests} requests to {settings.wikidata_endpoint}, the rest from the cache)")


@main.command()
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The picture to write: .svg, .png or .pdf.")
@click.option("--article", help="Only this article (its id, as `stancekg stats` lists).")
@click.option("--stance-type", "stance_types", multiple=True, metavar="TYPE",
              help="Only these stance types (such as oppose, support); repeat for more.")
@store_option
def draw(out: Path, article: str | None, stance_types: tuple[str, ...], settings: Settings) -> None:
    """Draw the stance network: actors as nodes, stances as arrows coloured by polarity.

    Green supports, red opposes, blue demands, grey is neutral; hypothetical, future and negated
    stances are dashed. No browser needed (matplotlib).

    \b
    Example:
        stancekg draw --out network.svg
        stancekg draw --out opposition.png --stance-type oppose --stance-type accuse
    """
    from ..network import draw_network, stance_network
    from ..store import open_store

    ds = open_store(settings.store)
    try:
        graph = stance_network(ds, article=article, stance_types=stance_types or None)
    finally:
        ds.close()
    draw_network(graph, out)
    click.echo(f"wrote {out}: {graph.number_of_nodes()} actors, {graph.number_of_edges()} stances", err=True)


@main.command("export-graph")
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf"]), default="graphml", show_default=True,
              help="GraphML (yEd, networkx, igraph) or GEXF (Gephi).")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout).")
@click.option("--article", help="Only this article.")
@store_option
def export_graph(fmt: str, out: Path | None, article: str | None, settings: Settings) -> None:
    """Export the stance network for Gephi, yEd or networkx: one node per actor, one edge per stance.

    Edges carry the stance type, polarity, modality, CAMEO and PLOVER codes, date, quote and offsets.

    \b
    Example:
        stancekg export-graph --format gexf --out stances.gexf
        stancekg export-graph --format graphml > stances.graphml
    """
    from ..network import stance_network, write_network
    from ..store import open_store

    ds = open_store(settings.store)
    try:
        graph = stance_network(ds, article=article)
    finally:
        ds.close()
    data = write_network(graph, fmt)
    if out is None:
        click.echo(data, nl=False)
    else:
        out.write_text(data, encoding="utf-8")
        click.echo(f"wrote {out}: {graph.number_of_nodes()} actors, {graph.number_of_edges()} stances", err=True)
