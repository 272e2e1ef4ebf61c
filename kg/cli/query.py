"""Query commands: `stancekg query` (SPARQL text, a file, or a named query) and `stancekg queries`."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rdflib.query import Result
from rdflib.term import Literal, Node, URIRef

from ..formats import format_rows
from ..namespaces import PREFIXES
from ..settings import Settings
from . import main
from .options import output_option, store_option


def _params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        params[name.strip().lstrip("?")] = value
    return params


@main.command()
@click.argument("query", required=False)
@click.option("--name", "-n", "name", metavar="NAME",
              help="Run the named query queries/NAME.rq (see `stancekg queries`).")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of the named query; repeat for more. A Wikidata id such as Q858 names the actor "
                   "carrying it.")
@click.option("--limit", type=int, metavar="N", help="With --name: at most N rows (one page of the ordered answer).")
@click.option("--offset", type=int, metavar="M", help="With --name: skip the first M rows (the next page).")
@output_option("table", "json", "csv", "ttl")
@store_option
def query(query: str | None, name: str | None, params: tuple[str, ...], limit: int | None, offset: int | None,
          fmt: str, settings: Settings) -> None:
    """Run a SPARQL query (text or a .rq file) or a named research query on the store.

    SELECT results print as a table, SPARQL JSON or SPARQL CSV; CONSTRUCT and DESCRIBE print
    Turtle (or JSON-LD with --format json); ASK prints true or false. Parameters are bound as RDF
    terms, never pasted into the text. SERVICE may only call endpoints on the allowlist
    (STANCEKG_SERVICE_ALLOWLIST).

    \b
    Examples:
        stancekg query --name who-opposes --param target=Q858
        stancekg query --name office-holders-at-date -p date=2017-04-11 --format csv
        stancekg query --name hedged-stances --limit 100 --offset 200
        stancekg query queries/group-splits.rq --format json
        stancekg query 'SELECT (COUNT(*) AS ?n) WHERE { ?s a skg:Stance }'
    """
    from ..queries import Page, check_services, execute, run_named_query
    from ..store import open_store

    if (query is None) == (name is None):
        raise click.UsageError("give SPARQL text or a .rq file, or --name NAME (not both)")
    if (params or limit is not None or offset is not None) and name is None:
        raise click.UsageError("--param, --limit and --offset go with --name (a SPARQL text pages itself)")
    ds = open_store(settings.store)
    try:
        if name is not None:
            page = Page.parse(limit, offset, settings)
            result = run_named_query(ds, name, _params(params), settings=settings, page=page)
        else:
            assert query is not None
            path = Path(query)
            text = path.read_text(encoding="utf-8") if query.endswith(".rq") or path.is_file() else query
            check_services(text, settings)
            result = execute(ds, _with_known_prefixes(text), line_offset=1)
        click.echo(render(result, fmt), nl=False)
    finally:
        ds.close()


@main.command("queries")
@output_option("table", "json")
def list_named_queries(fmt: str) -> None:
    """List the named research queries with their parameters.

    \b
    Example:
        stancekg queries
        stancekg query --name who-supports --param target=Q858
    """
    from ..queries import list_queries

    rows = [{"name": q.name, "title": q.title,
             "parameters": ", ".join(f"{p.name} ({p.kind}{', optional' if p.optional else ''})"
                                     for p in q.parameters),
             "description": q.description} for q in list_queries()]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        click.echo(format_rows(["name", "parameters", "title"], rows, "table"), nl=False)


def _with_known_prefixes(text: str) -> str:
    """Declare our usual prefixes (skg:, id:, wd:, ...) that the text does not declare itself."""
    import re

    declared = {m.lower() for m in re.findall(r"(?im)^\s*PREFIX\s+([A-Za-z][\w.-]*)?:", text)}
    missing = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p.lower() not in declared]
    return " ".join(missing) + "\n" + text  # one line more: execute(line_offset=1) corrects error positions


def compact(term: Node | None) -> str:
    """A term as a person reads it in a table: prefixed IRIs, plain literal values, empty when unbound."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        value = str(term)
        for prefix, iri in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
            if value.startswith(iri) and len(value) > len(iri):
                return f"{prefix}:{value[len(iri):]}"
        return value
    if isinstance(term, Literal):
        return str(term)
    return term.n3()


def render(result: Result, fmt: str) -> str:
    """A query result in the CLI's formats: SPARQL JSON / CSV / a text table for SELECT, Turtle for graphs."""
    if result.type == "ASK":
        answer = bool(result.askAnswer)
        return json.dumps({"head": {}, "boolean": answer}) + "\n" if fmt == "json" else f"{str(answer).lower()}\n"
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        for prefix, iri in PREFIXES.items():
            result.graph.bind(prefix, iri, override=True)
        if fmt == "csv":
            raise click.UsageError("a CONSTRUCT or DESCRIBE result is a graph: use --format ttl or json")
        return result.graph.serialize(format="json-ld" if fmt == "json" else "turtle")
    if fmt == "json":
        return result.serialize(format="json").decode("utf-8") + "\n"  # type: ignore[union-attr]
    if fmt == "csv":
        return result.serialize(format="csv").decode("utf-8")  # type: ignore[union-attr]
    if fmt == "ttl":
        raise click.UsageError("a SELECT result is a table: use --format table, csv or json")
    columns = [str(v) for v in result.vars or []]
    rows = [{c: compact(row[i]) for i, c in enumerate(columns)} for row in result]  # type: ignore[index]
    return format_rows(columns, rows, "table")
