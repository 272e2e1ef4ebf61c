"""/sparql: the SPARQL 1.1 Protocol (https://www.w3.org/TR/sparql11-protocol/).

- Query: GET `?query=`, POST form (`application/x-www-form-urlencoded`, `query=`), POST direct
  (`application/sparql-query`). Dataset: `default-graph-uri`, `named-graph-uri` (they replace the
  query's FROM / FROM NAMED, section 2.1.4).
- Update: POST form (`update=`), POST direct (`application/sparql-update`); `using-graph-uri`,
  `using-named-graph-uri`. Needs the update token (server/safety.py).
- No query and no update on GET: the service description (sd:), by Accept.
- 400 for two queries, an update by GET, a query in an update request and the other way round,
  bodies or parameters that are not UTF-8, and syntax errors (with line and column); 415 for other
  media types or charsets; 405 for other methods. Relative IRIs resolve against the endpoint's URL.

This module reads requests and writes responses; evaluation lives in server/engine.py.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from flask import Blueprint, Response, request
from werkzeug.datastructures import MultiDict

from kg.errors import ProtocolError, UnsupportedMediaTypeError

from . import results
from .description import service_description, write_graph
from .engine import QueryRequest
from .safety import check_update_authorised
from .services import current_services

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"


@bp.route("/sparql", methods=["GET", "POST"])
@bp.route("/sparql/", methods=["GET", "POST"])
def endpoint() -> Response:
    """Answer one protocol operation: a query, an update or the service description."""
    params = _decode_pairs(request.query_string, "the URL's query string")
    if request.method in ("GET", "HEAD"):
        if "update" in params:
            raise ProtocolError("an update must be sent with POST (SPARQL 1.1 Protocol, 2.2), not GET")
        queries = params.getlist("query")
        if not queries:
            return _describe()
        return _query(_one(queries, "query"), params)
    media_type = request.mimetype
    charset = request.mimetype_params.get("charset")
    if charset is not None and charset.lower().replace("-", "") != "utf8":
        raise UnsupportedMediaTypeError(f"the request body must be UTF-8, not {charset}")
    if media_type == FORM:
        body = _decode_pairs(request.get_data(cache=False), "the form body")
        for key, values in body.lists():
            for value in values:
                params.add(key, value)
        queries, updates = params.getlist("query"), params.getlist("update")
        if queries and updates:
            raise ProtocolError("a request carries either `query` or `update`, not both")
        if updates:
            return _update(_one(updates, "update"), params)
        if queries:
            return _query(_one(queries, "query"), params)
        raise ProtocolError("the form has neither a `query` nor an `update` parameter")
    if media_type == QUERY:
        if "query" in params or "update" in params:
            raise ProtocolError("with Content-Type application/sparql-query the query is the body; "
                                "the URL must not carry `query` or `update` too")
        return _query(_body_text(), params)
    if media_type == UPDATE:
        if "query" in params or "update" in params:
            raise ProtocolError("with Content-Type application/sparql-update the update is the body; "
                                "the URL must not carry `query` or `update` too")
        return _update(_body_text(), params)
    raise UnsupportedMediaTypeError(
        (f"Content-Type {media_type} is not accepted" if media_type else "a POST needs a Content-Type")
        + f"; send {FORM} (query= or update=), {QUERY} or {UPDATE}")


def _one(values: list[str], name: str) -> str:
    if len(values) > 1:
        raise ProtocolError(f"the request carries {len(values)} `{name}` parameters; send exactly one")
    return values[0]


def _decode_pairs(raw: bytes, where: str) -> MultiDict[str, str]:
    """Percent-decoded pairs, strictly UTF-8 (werkzeug's own parsing would replace bad bytes)."""
    try:
        text = raw.decode("ascii") if isinstance(raw, bytes) else raw
        pairs = parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError as e:
        raise ProtocolError(f"{where} is not valid UTF-8 (byte {e.start})") from e
    return MultiDict(pairs)


def _body_text() -> str:
    data = request.get_data(cache=False)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ProtocolError(f"the request body is not valid UTF-8 (byte {e.start})") from e


def _graphs(params: MultiDict[str, str], name: str) -> tuple[str, ...]:
    return tuple(params.getlist(name))


def _query(text: str, params: MultiDict[str, str]) -> Response:
    if "using-graph-uri" in params or "using-named-graph-uri" in params:
        raise ProtocolError("using-graph-uri / using-named-graph-uri belong to updates; "
                            "a query takes default-graph-uri / named-graph-uri")
    default, named = _graphs(params, "default-graph-uri"), _graphs(params, "named-graph-uri")
    given = bool(default or named)
    answer = current_services().engine.query(QueryRequest(
        text=text,
        base_iri=request.base_url,
        default_graphs=default if given else None,
        named_graphs=named if given else None,
        accept=request.headers.get("Accept"),
        format=params.get("format") or params.get("output"),
    ))
    response = Response(answer.body, mimetype=answer.media_type)
    response.headers["Vary"] = "Accept"
    return response


def _update(text: str, params: MultiDict[str, str]) -> Response:
    services = current_services()
    check_update_authorised(request.headers.get("Authorization"), services.settings)
    if "default-graph-uri" in params or "named-graph-uri" in params:
        raise ProtocolError("default-graph-uri / named-graph-uri belong to queries; "
                            "an update takes using-graph-uri / using-named-graph-uri")
    services.engine.update(text, base_iri=request.base_url,
                           using=_graphs(params, "using-graph-uri"),
                           using_named=_graphs(params, "using-named-graph-uri"))
    return Response(status=204)


def _describe() -> Response:
    services = current_services()
    fmt = results.choose("graph", request.headers.get("Accept"), request.args.get("format"))
    graph = service_description(request.base_url, services.settings)
    response = Response(write_graph(graph, fmt), mimetype=fmt.media_type)
    response.headers["Vary"] = "Accept"
    return response
