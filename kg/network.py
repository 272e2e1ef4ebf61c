"""The stance network: actors as nodes, stances as directed edges, as a networkx MultiDiGraph.

One function reads it from the store (`stance_network`, filterable by article, stance type and
date); the rest turn it into what people use: a picture (`draw_network`, matplotlib, no browser),
GraphML or GEXF for Gephi and networkx (`write_network`), and cytoscape.js elements for the /graph
page (`cytoscape_elements`). Edge colours follow polarity everywhere: green support, red
opposition, blue demand, grey neutral. Only stances with a target actor are edges.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Dataset, Literal, URIRef

from .errors import QueryParameterError
from .namespaces import ACTORS_GRAPH, ID, STANCE_TYPE, sparql_prefixes
from .queries import execute, with_values

POLARITY_COLOURS = {"Positive": "#2e7d32", "Negative": "#c62828", "Directive": "#1565c0", "Neutral": "#757575"}
"""Edge colour by polarity: support green, opposition red, demand blue, neutral grey."""

POLARITY_SIGNS = {"Positive": "+1", "Negative": "-1", "Directive": "d", "Neutral": "0"}

_STANCES = sparql_prefixes(["skg", "oa", "rdfs", "skos"]) + f"""
SELECT ?stance ?holder ?target ?article
       (SAMPLE(?ty) AS ?type) (SAMPLE(?tl) AS ?typeLabel) (SAMPLE(?po) AS ?polarity) (SAMPLE(?mo) AS ?modality)
       (SAMPLE(?ce) AS ?certainty) (SAMPLE(?cm) AS ?cameo) (SAMPLE(?pl) AS ?plover) (SAMPLE(?dt) AS ?date)
       (SAMPLE(?q) AS ?quote) (SAMPLE(?s) AS ?start) (SAMPLE(?e) AS ?end) (SAMPLE(?c) AS ?confidence)
WHERE {{
  ?stance a skg:Stance ; skg:holder ?holder ; skg:target ?target ; skg:stanceType ?typeIri ;
          skg:polarity ?pol ; skg:modality ?mod ; skg:inArticle ?article .
  FILTER (!BOUND(?articleFilter) || ?article = ?articleFilter)
  FILTER (!BOUND(?from) || (BOUND(?dt) && ?dt >= ?from))
  FILTER (!BOUND(?until) || (BOUND(?dt) && ?dt <= ?until))
  BIND (STRAFTER(STR(?typeIri), "{STANCE_TYPE}") AS ?ty)
  BIND (STRAFTER(STR(?pol), "#") AS ?po)
  BIND (STRAFTER(STR(?mod), "#") AS ?mo)
  OPTIONAL {{ ?stance skg:date ?dt }}
  OPTIONAL {{ ?typeIri skos:prefLabel ?tl }}
  OPTIONAL {{ ?stance skg:certainty ?cer . BIND (STRAFTER(STR(?cer), "#") AS ?ce) }}
  OPTIONAL {{ ?stance skg:cameoCode ?cc . BIND (STRAFTER(STR(?cc), "/cameo/") AS ?cm) }}
  OPTIONAL {{ ?stance skg:ploverCategory ?pc . BIND (STRAFTER(STR(?pc), "/plover/") AS ?pl) }}
  OPTIONAL {{ ?stance skg:confidence ?c }}
  OPTIONAL {{ ?stance skg:evidence/oa:hasTarget/oa:hasSelector ?qs . ?qs a oa:TextQuoteSelector ; oa:exact ?q .
             ?stance skg:evidence/oa:hasTarget/oa:hasSelector ?ps . ?ps a oa:TextPositionSelector ;
             oa:start ?s ; oa:end ?e . }}
}}
GROUP BY ?stance ?holder ?target ?article
ORDER BY ?stance
"""

_ACTORS = sparql_prefixes(["skg", "rdfs"]) + f"""
SELECT ?actor (SAMPLE(?l) AS ?label) (GROUP_CONCAT(DISTINCT ?k; separator=" ") AS ?kinds) (SAMPLE(?q) AS ?qid)
WHERE {{
  GRAPH <{ACTORS_GRAPH}> {{
    ?actor a ?class .
    FILTER (STRSTARTS(STR(?class), STR(skg:)))
    BIND (STRAFTER(STR(?class), "#") AS ?k)
    OPTIONAL {{ ?actor rdfs:label ?l }}
    OPTIONAL {{ ?actor skg:wikidataId ?q }}
  }}
}}
GROUP BY ?actor
"""


def _short(iri: str) -> str:
    return iri[len(str(ID)):] if iri.startswith(str(ID)) else iri


def stance_network(ds: Dataset, *, article: str | None = None, stance_types: Sequence[str] | None = None,
                   date_from: str | None = None, date_to: str | None = None) -> nx.MultiDiGraph:
    """The stance network of the store, or of one article, some stance types, or a date range.

    Nodes are actor IRIs (attributes: label, kind, wikidata); edges run holder → target, keyed by the
    stance IRI (attributes: stance_type, label, polarity, sign, colour, modality, certainty, cameo,
    plover, date, quote, start, end, confidence, article). `article` is an article id (16 hex
    characters) or IRI; dates are YYYY-MM-DD, inclusive, and leave undated stances out.
    Raises QueryParameterError for a malformed filter.

    >>> from kg import open_store, ingest_bundled
    >>> ds = open_store("memory:oxigraph"); _ = ingest_bundled(ds)
    >>> g = stance_network(ds)
    >>> g.nodes["actor/vladimir-putin"]["label"], g.number_of_edges() > 20
    ('Vladimir Putin', True)
    """
    bindings: dict[str, Any] = {}
    if article:
        iri = article if article.startswith("http") else str(ID[f"article/{article}"])
        if any(c in iri for c in '<>" {}|^`\\'):
            raise QueryParameterError(f"article {article!r} is not an article id")
        bindings["articleFilter"] = URIRef(iri)
    for name, value, end in (("from", date_from, "T00:00:00Z"), ("until", date_to, "T23:59:59Z")):
        if value:
            from .queries import _DATE  # the same check the named queries use

            if not _DATE.match(value):
                raise QueryParameterError(f"{name} date {value!r} is not YYYY-MM-DD")
            bindings[name] = Literal(value + end, datatype=URIRef("http://www.w3.org/2001/XMLSchema#dateTime"))
    wanted = set(stance_types or ())
    graph = nx.MultiDiGraph()
    actors = {str(r[0]): r for r in execute(ds, _ACTORS)}  # type: ignore[index]
    result = execute(ds, with_values(_STANCES, bindings))
    names = [str(v) for v in result.vars or []]
    for row in result:
        values = {n: ("" if row[i] is None else str(row[i])) for i, n in enumerate(names)}  # type: ignore[index]
        if wanted and values["type"] not in wanted:
            continue
        for end_key in ("holder", "target"):
            iri = values[end_key]
            key = _short(iri)
            if key not in graph:
                actor = actors.get(iri)
                graph.add_node(key, iri=iri,
                               label=str(actor[1]) if actor is not None and actor[1] is not None else key,  # type: ignore[index]
                               kind=_kind(str(actor[2]) if actor is not None else ""),  # type: ignore[index]
                               wikidata=str(actor[3]) if actor is not None and actor[3] is not None else "")  # type: ignore[index]
        polarity = values["polarity"]
        graph.add_edge(_short(values["holder"]), _short(values["target"]), key=_short(values["stance"]),
                       stance=values["stance"], stance_type=values["type"], label=values["typeLabel"] or values["type"],
                       polarity=polarity, sign=POLARITY_SIGNS.get(polarity, ""),
                       colour=POLARITY_COLOURS.get(polarity, "#757575"), modality=values["modality"],
                       certainty=values["certainty"], cameo=values["cameo"], plover=values["plover"],
                       date=values["date"][:10], quote=values["quote"], start=values["start"], end=values["end"],
                       confidence=values["confidence"], article=_short(values["article"]))
    return graph


def _kind(kinds: str) -> str:
    """The most telling of an actor's classes."""
    order = ("Person", "State", "Government", "IntergovernmentalBody", "InformalForum", "Alliance", "ArmedGroup",
             "Company", "MediaOutlet", "ActorGroup", "AnonymousActor", "Organization")
    present = kinds.split()
    return next((k for k in order if k in present), present[0] if present else "")


def write_network(graph: nx.MultiDiGraph, fmt: str) -> str:
    """GraphML or GEXF text of the network (every attribute a string, as both formats want)."""
    out = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(graph, out)
    elif fmt == "gexf":
        nx.write_gexf(graph, out)
    else:
        raise ValueError(f"unknown network format {fmt!r} (graphml, gexf)")
    return out.getvalue().decode("utf-8")


def layout(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Node positions in [-1, 1]², the same on every run for the same network (a seeded spring layout)."""
    if graph.number_of_nodes() == 0:
        return {}
    spread = 2.2 / max(1, graph.number_of_nodes()) ** 0.5
    positions = nx.spring_layout(nx.Graph(graph), seed=7, k=spread, iterations=200)
    return {n: (float(x), float(y)) for n, (x, y) in positions.items()}


def cytoscape_elements(graph: nx.MultiDiGraph, *, size: float = 900.0) -> dict[str, list[dict[str, Any]]]:
    """The network as cytoscape.js elements, {"nodes": [...], "edges": [...]}, nodes placed by `layout`."""
    positions = layout(graph)
    nodes = [{"data": {"id": key, **attrs},
              "position": {"x": round(positions[key][0] * size / 2, 1), "y": round(-positions[key][1] * size / 2, 1)}}
             for key, attrs in graph.nodes(data=True)]
    edges = [{"data": {"id": key, "source": source, "target": target, **attrs}}
             for source, target, key, attrs in graph.edges(keys=True, data=True)]
    return {"nodes": nodes, "edges": edges}


def draw_network(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write the network as a picture (.svg, .png or .pdf) with matplotlib: no browser, no display needed."""
    import matplotlib

    matplotlib.use("Agg")  # no display: write files only
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    suffix = path.suffix.lower().lstrip(".")
    if suffix not in ("svg", "png", "pdf"):
        raise QueryParameterError(f"{path}: draw writes .svg, .png or .pdf")
    size = max(8.0, min(24.0, 2.0 + graph.number_of_nodes() * 0.35))
    fig, ax = plt.subplots(figsize=(size, size * 0.75))
    try:
        positions = layout(graph)  # seeded: the same store draws the same picture
        nx.draw_networkx_nodes(graph, positions, ax=ax, node_color="#f5f5f5", edgecolors="#424242", node_size=900)
        nx.draw_networkx_labels(graph, positions, ax=ax, font_size=8,
                                labels={n: graph.nodes[n].get("label", n) for n in graph.nodes})
        for i, (source, target, _key, attrs) in enumerate(graph.edges(keys=True, data=True)):
            dashed = attrs.get("modality") in ("Hypothetical", "Future", "Negated")
            nx.draw_networkx_edges(graph, positions, edgelist=[(source, target)], ax=ax, edge_color=attrs["colour"],
                                   style="dashed" if dashed else "solid", arrows=True, arrowsize=14, node_size=900,
                                   connectionstyle=f"arc3,rad={0.08 + 0.06 * (i % 4)}")
        legend = [Line2D([0], [0], color=c, lw=2, label=n.lower()) for n, c in POLARITY_COLOURS.items()]
        ax.legend(handles=legend, loc="lower left", fontsize=8, title="polarity")
        ax.set_title(f"stancekg: {graph.number_of_nodes()} actors, {graph.number_of_edges()} stances")
        ax.axis("off")
        fig.tight_layout()
        fig.savefig(path, format=suffix)
    finally:
        plt.close(fig)
