"""/health, /stats and /void: is the server up, what the store holds, the VoID description.

JSON for /health and /stats (errors in the same JSON shape, server/errors.py); /void is RDF in
the negotiated format (Turtle by default). Read-only.
"""

from __future__ import annotations

import time

from flask import Blueprint, Response, jsonify, request

from kg.errors import StoreError
from kg.stats import store_stats

from . import results
from .description import void_description, write_graph
from .services import current_services

bp = Blueprint("api", __name__)


@bp.route("/health")
def health() -> Response:
    """200 `{"status": "ok", ...}` when the store answers a query; 503 when it does not."""
    services = current_services()
    try:
        services.store.query("ASK { ?s ?p ?o }")
    except Exception as e:  # any failure of the store is "not healthy", said in the body
        raise StoreError(f"the store does not answer: {e}") from e
    return jsonify({"status": "ok", "store": services.settings.store.split(":", 1)[0],
                    "engine": "oxigraph" if services.engine.native is not None else "rdflib",
                    "uptime_seconds": round(time.time() - services.started, 1)})


@bp.route("/stats")
def stats() -> Response:
    """Triple counts per named graph, with article titles and stance counts, and the total."""
    rows = store_stats(current_services().store)
    graphs = [{**row, "triples": int(row["triples"]),
               "stances": int(row["stances"]) if row.get("stances") else None} for row in rows]
    return jsonify({"graphs": graphs, "graph_count": len(graphs),
                    "triples": sum(g["triples"] for g in graphs)})


@bp.route("/void")
def void() -> Response:
    """The VoID description of the dataset (void:triples per graph), by Accept."""
    fmt = results.choose("graph", request.headers.get("Accept"), request.args.get("format"))
    graph = void_description(current_services().store, request.host_url)
    response = Response(write_graph(graph, fmt), mimetype=fmt.media_type)
    response.headers["Vary"] = "Accept"
    return response
