"""/graph: the stance network in the browser (cytoscape.js, served from static/vendor, no CDN).

- `GET /graph`: the page; actors as nodes, stances as arrows coloured by polarity; click an arrow to
  read its quote. Filters: article, stance type, date range.
- `GET /graph/data.json?article=ID&type=oppose&from=YYYY-MM-DD&until=YYYY-MM-DD`: the elements
  (kg.network.cytoscape_elements) plus what the filters can choose from. `type` may repeat.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, render_template, request

from kg.network import POLARITY_COLOURS, cytoscape_elements, stance_network
from kg.queries import execute

from .services import current_services
from .ui import VENDOR_DIR

bp = Blueprint("graph", __name__)

CYTOSCAPE = "cytoscape.min.js"

_CHOICES = """PREFIX skg: <https://w3id.org/stancekg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?kind ?value (SAMPLE(?l) AS ?label) WHERE {
  { ?a a skg:NewsArticle . OPTIONAL { ?a dcterms:title ?l }
    BIND ("article" AS ?kind) BIND (STRAFTER(STR(?a), "/id/article/") AS ?value) }
  UNION
  { ?s a skg:Stance ; skg:stanceType ?t . OPTIONAL { ?t skos:prefLabel ?l }
    BIND ("type" AS ?kind) BIND (STRAFTER(STR(?t), "/stance-type/") AS ?value) }
} GROUP BY ?kind ?value ORDER BY ?kind ?label"""


@bp.get("/graph")
def page() -> Response | tuple[str, int]:
    """The network page; 503 with instructions when cytoscape.js was never installed (`make assets`)."""
    if not (VENDOR_DIR / CYTOSCAPE).is_file():
        return render_template("ui_missing.html", missing=[CYTOSCAPE], vendor_dir=VENDOR_DIR), 503
    return Response(render_template("graph.html", colours=POLARITY_COLOURS), mimetype="text/html")


@bp.get("/graph/data.json")
def data() -> Response:
    """The network's elements for the current filters, and the filters' choices."""
    services = current_services()
    graph = stance_network(services.store, article=request.args.get("article") or None,
                           stance_types=request.args.getlist("type") or None,
                           date_from=request.args.get("from") or None, date_to=request.args.get("until") or None)
    choices: dict[str, list[dict[str, str]]] = {"article": [], "type": []}
    for kind, value, label in execute(services.store, _CHOICES):  # type: ignore[misc]
        choices[str(kind)].append({"value": str(value), "label": str(label or value)})
    return jsonify({"elements": cytoscape_elements(graph), "choices": choices, "colours": POLARITY_COLOURS,
                    "counts": {"actors": graph.number_of_nodes(), "stances": graph.number_of_edges()}})
