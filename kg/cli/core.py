"""Core commands: ingest, stances, sanctions, export, stats."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..settings import Settings
from . import main
from .options import output_option, store_option


def _open(settings: Settings):  # type: ignore[no-untyped-def]
    from ..store import open_store

    return open_store(settings.store)


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"wrote {out}", err=True)


@main.command()
@click.argument("articles", nargs=-1, type=click.Path(path_type=Path))
@click.option("--annotation", type=click.Path(path_type=Path), help="Annotation YAML (default: beside the text).")
@click.option("--bundled", is_flag=True, help="Ingest the articles bundled with stancekg (the seed).")
@click.option("--auto", is_flag=True, help="Draft the annotation with the extractor and ingest the draft.")
@click.option("--published", metavar="DATE", help="With --auto: the article's publication date (ISO), which anchors "
              "tenures and historical mentions; default: a dateline in the text, else today.")
@click.option("--force", is_flag=True, help="Let a machine draft replace a curated annotation of the same article.")
@store_option
def ingest(articles: tuple[Path, ...], annotation: Path | None, bundled: bool, auto: bool, published: str | None,
           force: bool, settings: Settings) -> None:
    """Validate articles with their annotations and store them, each in its own named graph.

    Atomic and idempotent: nothing is written when validation fails; ingesting the same files
    again changes nothing; a changed annotation replaces the article's graph.

    \b
    Examples:
        stancekg ingest --bundled
        stancekg ingest article.txt                 # reads article.yaml beside it
        stancekg ingest article.txt --annotation curated.yaml
        stancekg ingest article.txt --auto          # machine draft, marked as such
    """
    from ..ingest import bundled_articles, ingest_article

    if not articles and not bundled:
        raise click.UsageError("name an article file, or use --bundled")
    if annotation is not None and (len(articles) != 1 or auto):
        raise click.UsageError("--annotation goes with exactly one article and without --auto")
    paths = [*bundled_articles(), *articles] if bundled else list(articles)
    ds = _open(settings)
    try:
        for path in paths:
            draft = _draft(path, settings, published) if auto else annotation
            result = ingest_article(ds, path, annotation=draft, max_bytes=settings.max_article_bytes,
                                    replace_curated=force)
            state = "stored" if result.changed else "unchanged"
            click.echo(f"{path}: {state}, article {result.article_id}, {result.stances} stances, "
                       f"graph <{result.graph}>")
    finally:
        ds.close()


def _draft(path: Path, settings: Settings, published: str | None) -> dict:  # type: ignore[type-arg]
    from ..annotation import read_article
    from ..extract import draft_annotation

    text = read_article(path, max_bytes=settings.max_article_bytes)
    return draft_annotation(text, source=str(path), published=published, max_bytes=settings.max_article_bytes)


@main.command()
@click.option("--article", help="Only this article (its id, as `stancekg stats` lists).")
@output_option("csv", "json", "table")
@store_option
def stances(article: str | None, fmt: str, settings: Settings) -> None:
    """The stance table: one row per stance, with its exact quote and offsets.

    Columns: article, holder, holder_wikidata, stance, polarity, target, target_wikidata, topic,
    modality, confidence, quote, start, end. Polarity is +1, -1, 0 or d (directive).

    \b
    Example:
        stancekg stances --format csv > stances.csv
    """
    from ..formats import format_rows
    from ..tables import STANCE_COLUMNS, stance_table

    ds = _open(settings)
    try:
        click.echo(format_rows(STANCE_COLUMNS, stance_table(ds, article), fmt), nl=False)
    finally:
        ds.close()


@main.command()
@output_option("csv", "json", "table")
@store_option
def sanctions(fmt: str, settings: Settings) -> None:
    """The sanction table: each measure with imposer, target, status, backers and resisters.

    Lists are joined with `|`; the *_wikidata columns hold bare QIDs in the same order.

    \b
    Example:
        stancekg sanctions --format table
    """
    from ..formats import format_rows
    from ..tables import SANCTION_COLUMNS, sanction_table

    ds = _open(settings)
    try:
        click.echo(format_rows(SANCTION_COLUMNS, sanction_table(ds), fmt), nl=False)
    finally:
        ds.close()


@main.command()
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "nq", "trig", "xml", "jsonld"]), default="trig",
              show_default=True, help="RDF format (ttl, nt and xml merge all graphs into one).")
@click.option("-o", "--out", type=click.Path(path_type=Path), help="Write to this file instead of standard output.")
@click.option("--protege", type=click.Path(path_type=Path), metavar="DIR",
              help="Write a folder Protégé opens offline: ontology + data as RDF/XML with a catalog.")
@store_option
def export(fmt: str, out: Path | None, protege: Path | None, settings: Settings) -> None:
    """Export the whole store as RDF, or as a Protégé bundle.

    \b
    Examples:
        stancekg export --format trig -o stancekg.trig
        stancekg export --protege protege/      # then open protege/stancekg-full.owl in Protégé
    """
    from ..export import export_dataset

    ds = _open(settings)
    try:
        if protege is not None:
            from ..protege import export_protege

            written = export_protege(ds, protege)
            click.echo(f"wrote {written}", err=True)
            return
        data = export_dataset(ds, fmt)
        if out is None:
            sys.stdout.buffer.write(data)
        else:
            out.write_bytes(data)
            click.echo(f"wrote {out} ({len(data)} bytes)", err=True)
    finally:
        ds.close()


@main.command()
@output_option("csv", "json", "table")
@store_option
def stats(fmt: str, settings: Settings) -> None:
    """What the store holds: each named graph with its kind and triple count, and the articles.

    \b
    Example:
        stancekg stats
    """
    from ..formats import format_rows
    from ..stats import store_stats

    ds = _open(settings)
    try:
        rows = store_stats(ds)
        click.echo(format_rows(["graph", "kind", "triples", "title", "stances"], rows, fmt), nl=False)
    finally:
        ds.close()
