"""The `stancekg` command line: thin commands that call one `kg` function each.

Each area's commands live in their own module and register on `main`; heavy libraries (spaCy,
Flask, owlready2) are imported inside the commands that need them, so `stancekg --help` is instant.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from ..errors import StanceKGError


class StanceKGGroup(click.Group):
    """Turns every StanceKGError into `Error: <sentence>` and exit code 1: the CLI's only translation."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StanceKGError as e:
            raise click.ClickException(str(e)) from e


@click.group(cls=StanceKGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="stancekg")
def main() -> None:
    """stancekg: news articles as a grounded diplomatic-stance knowledge graph, served over SPARQL.

    \b
    Example:
        stancekg ingest --bundled
        stancekg stances --format table
        stancekg serve
    """


# Each module adds its commands to `main` when imported.
COMMAND_MODULES = ("core", "query", "ontology", "serve", "extract", "link", "store_ops")
for _name in COMMAND_MODULES:
    importlib.import_module(f"{__name__}.{_name}")
