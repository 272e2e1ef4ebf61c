"""Ontology commands: docs (pyLODE HTML), reason (HermiT), validate (SHACL + text slices).

Heavy libraries (pyLODE, owlready2, pyshacl) are imported inside the commands.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..settings import Settings
from . import main
from .options import output_option, store_option


@main.command()
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default=Path("build") / "docs",
              show_default=True, help="Folder for the HTML documentation.")
def docs(out_dir: Path) -> None:
    """Render the ontology's HTML documentation with pyLODE (offline).

    \b
    Example:
        stancekg docs -o build/docs && xdg-open build/docs/index.html
    """
    from ..docs import build_docs

    path = build_docs(out_dir)
    click.echo(f"wrote {path}")


@main.command()
@click.option("--linkset/--no-linkset", default=False, show_default=True,
              help="Include the owl:sameAs links to Wikidata (copies every fact onto the wd: IRIs).")
@output_option("table", "csv", "json", "ttl", default="table")
@store_option
def reason(linkset: bool, fmt: str, settings: Settings) -> None:
    """Run HermiT over the ontology and the store; print what it entails.

    Prints inferred types and edges (inverse memberships, backers of sanctions, types from
    domains). Fails with the reasoner's explanation when the data contradicts the ontology.
    The store is not changed.

    \b
    Example:
        stancekg reason --format table
    """
    from ..formats import format_rows
    from ..reason import reason_store
    from ..store import open_store

    ds = open_store(settings.store)
    try:
        result = reason_store(ds, include_linkset=linkset)
    finally:
        ds.close()
    if fmt == "ttl":
        click.echo(result.graph.serialize(format="turtle"), nl=False)
        return
    rows = [{"subject": str(s), "property": "rdf:type", "object": str(o)} for s, o in result.types]
    rows += [{"subject": str(s), "property": str(p), "object": str(o)} for s, p, o in result.edges]
    click.echo(format_rows(["subject", "property", "object"], rows, fmt), nl=False)


@main.command()
@output_option("table", "json", default="table")
@store_option
def validate(fmt: str, settings: Settings) -> None:
    """Check the store with the SHACL shapes and every evidence span against its article text.

    Exit code 0 when the data conforms; otherwise each violation is printed and the exit code is 1.

    \b
    Example:
        stancekg validate
    """
    from ..formats import format_rows
    from ..store import open_store
    from ..validate import validate_store

    ds = open_store(settings.store)
    try:
        report = validate_store(ds, raise_on_violation=False)
    finally:
        ds.close()
    if report.violations:
        rows = [{"violation": v} for v in report.violations]
        click.echo(format_rows(["violation"], rows, fmt), nl=False)
        raise click.ClickException(f"{len(report.violations)} violation(s)")
    click.echo(f"conforms: {report.selectors_checked} evidence spans checked against their article text")
