"""/queries: the named research queries of queries/ over HTTP.

- `GET /queries`: the list (JSON): name, title, description, parameters, and the URLs to run and read it.
- `GET /queries/{name}?param=value`: runs it with the parameters bound as RDF terms (kg.queries) on
  the same engine as /sparql, with its limits and content negotiation: SPARQL JSON results by default,
  CSV, TSV or XML by `Accept` or `format=` (as on /sparql). `limit=N&offset=M` returns one page of the
  query's ordered rows (kg.queries.Page).
- `GET /queries/{name}.rq`: the query's text, to read or paste into the query page.

Errors answer JSON `{"error", "status"}`: 404 for an unknown query, 400 for a missing, unknown or
malformed parameter, 403 for a SERVICE endpoint off the allowlist.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request, url_for

from kg.errors import QueryParameterError
from kg.queries import NamedQuery, Page, list_queries, load_query, named_query_text

from .engine import QueryRequest
from .services import current_services

bp = Blueprint("named_queries", __name__)

RESERVED = ("format", "output", "limit", "offset")
"""Request arguments that choose the result format (as on /sparql) or the page, never query parameters."""


def describe(query: NamedQuery) -> dict[str, object]:
    """A named query as the JSON list shows it."""
    return {
        "name": query.name,
        "title": query.title,
        "description": query.description,
        "parameters": [{"name": p.name, "type": p.kind, "meaning": p.meaning, "optional": p.optional}
                       for p in query.parameters],
        "url": url_for("named_queries.run", name=query.name),
        "source": url_for("named_queries.source", name=query.name),
    }


@bp.get("/queries")
def index() -> Response:
    """Every named query with its parameters."""
    return jsonify([describe(q) for q in list_queries()])


@bp.get("/queries/<name>.rq")
def source(name: str) -> Response:
    """The SPARQL text of one named query, header included."""
    return Response(load_query(name).text, mimetype="application/sparql-query")


@bp.get("/queries/<name>")
def run(name: str) -> Response:
    """Run one named query with the request's arguments as its parameters."""
    services = current_services()
    query = load_query(name)
    params: dict[str, str] = {}
    for key, values in request.args.lists():
        if key in RESERVED:
            continue
        if len(values) > 1:
            raise QueryParameterError(f"parameter {key!r} is given {len(values)} times; give it once")
        params[key] = values[0]
    page = Page.parse(request.args.get("limit"), request.args.get("offset"), services.settings)
    text = named_query_text(services.store, query, params, services.settings, page)
    answer = services.engine.query(QueryRequest(
        text=text,
        accept=request.headers.get("Accept"),
        format=request.args.get("format") or request.args.get("output"),
    ))
    response = Response(answer.body, mimetype=answer.media_type)
    response.headers["Vary"] = "Accept"
    return response
